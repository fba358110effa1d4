"""The relevance engine the drafter and the validators share: what kind a project and a row are, and whether a row
belongs to the project it is filed under."""

import pytest

from assistant import relevance
from assistant.kinds import KindsError, load_kinds


def test_a_project_is_of_the_kinds_its_name_names():
    kinds = relevance.project_kinds("2027年社区长者食堂运营补贴", "为高龄老人提供助餐服务")
    assert kinds[0] == "老年助餐"
    # a kind named only in the description is no second kind (a 食品安全 project that mentions 宣传 …)
    assert relevance.project_kinds("2027年食品安全抽检经费", "开展宣传")[:1] == ("市场监管/食品安全",)
    assert "宣传" not in relevance.project_kinds("2027年食品安全抽检经费", "开展宣传")


def test_a_row_of_another_kind_in_words_the_project_never_uses_is_foreign():
    meals = relevance.project("2027年社区长者食堂运营补贴", "为高龄老人提供助餐服务")
    verdict = relevance.judge("解决脱贫(监测)饮水安全问题人数", meals)
    assert verdict.foreign and verdict.seems
    assert not relevance.judge("长者食堂就餐老人满意度", meals).foreign  # satisfaction is any project's
    assert not relevance.judge("就餐老年人满意度", meals).foreign


def test_a_row_in_the_projects_own_words_is_its_row_whatever_its_kind():
    water = relevance.project("2027年农村饮水安全巩固提升工程", "解决农村饮水安全问题")
    assert not relevance.judge("解决脱贫(监测)饮水安全问题人数", water).foreign


def test_a_row_of_a_sibling_kind_of_the_same_sector_is_not_foreign():
    # 免疫规划 and 传染病防治 are both 卫生健康: a reviewer reads this row as the project's own effect.
    vaccines = relevance.project("2027年免疫规划项目经费", "适龄儿童疫苗接种")
    assert not relevance.judge("疫苗针对传染病暴发疫情起数", vaccines).foreign
    # … while a row of another sector in words the project never uses is
    assert relevance.judge("2型糖尿病患者规范管理率", relevance.project("2027年招商推介会经费", "邀请客商")).foreign


def test_a_kinds_file_without_its_columns_is_named(tmp_path):
    path = tmp_path / "kinds.csv"
    path.write_text("kind,label\n老年助餐,老年助餐服务\n", encoding="utf-8")
    with pytest.raises(KindsError, match="缺少列"):
        load_kinds(path)
