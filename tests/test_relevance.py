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


# ---- what a row is about (novel): rows of kinds the vocabulary does not know ----------------------------------

_MEALS_TABLE = "助餐服务老年人数 长者食堂数量 每餐补贴标准 送餐上门服务人次"


def _meals(table=_MEALS_TABLE):
    return relevance.Project("社区老年助餐服务项目 某区民政局 为辖区300名老年人提供助餐服务，设长者食堂3个。",
                             relevance.project_kinds("社区老年助餐服务项目"), table)


@pytest.mark.parametrize("name, about", [("蜜蜂养殖箱数", "蜜蜂养殖箱数"), ("光伏板清洗面积", "光伏板清洗"),
                                         ("古树名木挂牌数量", "古树名木挂牌"), ("渔船报废拆解数量", "渔船报废拆解")])
def test_a_row_about_something_nothing_in_the_form_speaks_of_is_foreign_whatever_its_kind(name, about):
    assert relevance.row_kind(name).kind is None  # the vocabulary knows no kind for it
    verdict = relevance.judge(name, _meals())
    assert verdict.foreign and verdict.about == about and not verdict.seems


def test_against_a_brief_alone_such_a_row_is_not_convicted():
    # the drafter judges rows against a brief, with no table: a row sharing no word with a short brief says little
    assert not relevance.judge("蜜蜂养殖箱数", _meals(table=None)).foreign
    assert relevance.novel("蜜蜂养殖箱数", _meals(table=None)) == ""


def test_a_filed_form_whose_other_rows_have_no_names_is_still_read():
    # a 自评表 of unnamed rows (只有二级、没有三级名称) is a filed form: its table is "", not None
    assert relevance.judge("蜜蜂养殖箱数", _meals(table="")).foreign


@pytest.mark.parametrize("name", ["项目实施时间", "资金拨付及时率", "预算执行率", "管理制度健全性", "服务对象满意度",
                                  "人均补助标准", "任务按期完成率"])
def test_a_row_of_generic_indicator_words_only_has_no_subject_of_its_own(name):
    assert relevance.novel(name, _meals()) == ""
    assert not relevance.judge(name, _meals()).foreign


def test_a_row_sharing_a_word_with_the_form_is_the_forms():
    assert not relevance.judge("长者食堂消防检查次数", _meals()).foreign  # 长者食堂: the goal text's words
    assert not relevance.judge("送餐保温箱配备数量", _meals()).foreign  # 送餐: another row's word
    # a compound of generic words (社会 + 保障) is still a word the row shares with the unit: 会保
    hr = relevance.Project("2027年度专项经费 某区人力资源和社会保障局", (), "城镇新增就业人数")
    assert not relevance.judge("社会保障自助终端布设数量", hr).foreign
    assert relevance.judge("社会保障自助终端布设数量", _meals()).foreign


# ---- a row whose subject is one bigram: used nowhere else, it is a subject (issue 11, relevance2) -------------


@pytest.mark.parametrize("name, about", [("滑雪人次", "滑雪"), ("珊瑚覆盖率", "珊瑚"), ("修缮完成率", "修缮")])
def test_a_row_whose_one_content_word_no_kind_and_no_precedent_form_uses_is_foreign(name, about):
    assert relevance.content(name)[0] == (about,)  # one content bigram: the rest is indicator vocabulary
    assert relevance.used_elsewhere(about, name) == 0
    verdict = relevance.judge(name, _meals())
    assert verdict.foreign and verdict.about == about


def test_a_lone_word_of_the_language_of_forms_is_no_subject():
    # 各项 is written by several precedent forms: one such word says nothing of what a row is about
    assert relevance.content("各项任务完成及时率")[0] == ("各项",)
    assert relevance.used_elsewhere("各项", "各项任务完成及时率") >= 2
    assert not relevance.judge("各项任务完成及时率", _meals()).foreign


def test_a_lone_word_sharing_a_character_with_the_projects_text_is_not_convicted():
    repair = relevance.Project("社区服务站维修经费 某街道办事处 维修服务站屋面与门窗。", (), "维修服务站数量")
    assert not relevance.judge("修缮完成率", repair).foreign  # the project 维修s: 修缮 may well be its work
    assert relevance.judge("修缮完成率", _meals()).foreign


def test_a_precedent_forms_own_words_are_no_evidence_that_they_are_common():
    # 网格 is in one shipped form only, in its row “劳动监察网格日常巡查”: for that row it is used nowhere else
    assert relevance.used_elsewhere("网格", "") == 1
    assert relevance.used_elsewhere("网格", "劳动监察网格日常巡查") == 0


def test_a_name_of_its_own_is_not_overruled_by_what_the_description_mentions():
    """The 宣传栏 and 绿化 of a 发热门诊改造 are parts of the work, not its kind; a name that shares the kind's words
    (县乡公路日常养护 → 公路养护) or says nothing (专项资金, no name) still takes the description's kind."""
    work = "改造发热门诊400平方米，制作宣传栏，院内绿化补植"
    assert relevance.project_kinds("2027年乡镇卫生院发热门诊改造项目", work) == ()
    assert relevance.project_kinds("2027年县乡公路日常养护经费", "全县县乡道公路养护300公里") == ("公路养护",)
    assert relevance.project_kinds("2027年专项资金", "用于全县公路养护300公里") == ("公路养护",)
    assert relevance.project_kinds("", "举办招商推介会3场") == ("招商引资",)


def test_a_purchase_subsidy_is_no_purchase_by_the_unit():
    """购置补贴 pays those who buy (not_cues in kinds.csv); the unit's own 购置 stays a 购置 project."""
    assert "购置" not in relevance.project_kinds("2027年新能源汽车购置补贴", "")
    assert relevance.project_kinds("2027年执法记录仪购置项目", "")[0] == "购置"
