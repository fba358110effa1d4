"""共性指标 by way of spending: a project of a kind the library does not know still gets rows a reviewer
accepts for the way its money is spent (工程 → 工程验收合格率, 补助 → 补助资金及时发放率), never another kind's."""

import pytest

from assistant import relevance
from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import GAP, compose
from assistant.drafting.context import gather_context
from assistant.library import LibraryError, load_common, load_library, spending_ways

COMMON_IDS = {f"lib:{row.id}" for row in load_common()}


def _draft(text: str):
    brief = extract_brief(text + " 直接生成")
    return brief, compose(brief, gather_context(brief, None, "101"), "101")


def test_ways_of_spending_read_from_the_name_before_the_description():
    assert spending_ways("某市2027年人防工程维修改造项目")[0] == "共性:工程建设"
    assert spending_ways("2027年见义勇为人员慰问金")[0] == "共性:补助发放"
    assert spending_ways("某县2027年防空警报设备运维经费")[0] == "共性:运行维护"
    # the name says nothing of it: the description does
    assert spending_ways("人防办专项", "用于人防工程出入口修缮和通风管道改造") == ("共性:工程建设",)
    assert spending_ways("人防办专项", "") == ()


def test_an_unknown_kind_of_works_project_gets_works_rows_not_a_gap():
    brief, draft = _draft("某市人防办2027年人防工程维修改造项目，预算120万元，改造人防工程1200平方米，"
                          "10月底前完工。")
    assert relevance.project_kinds(brief.name, brief.description) == ()  # a kind the library does not know
    quality = [r for r in draft.form.annual_indicators if r.level2 == "质量指标"]
    assert quality and not any(s.startswith(GAP) for r in quality for s in r.sources)
    assert any(set(r.sources) & COMMON_IDS and "验收" in r.name for r in quality)
    # a 共性 row keeps the customary value and says where it came from
    row = next(r for r in quality if set(r.sources) & COMMON_IDS)
    assert row.operator and row.unit and row.basis


def test_an_unknown_kind_of_grant_gets_the_grant_rows_reviewers_keep():
    brief, draft = _draft("某县见义勇为基金会2027年见义勇为人员慰问金，预算36万元，慰问见义勇为人员60名，"
                          "每人每年6000元，春节前发放。")
    assert relevance.project_kinds(brief.name, brief.description) == ()
    common = [r for r in draft.form.annual_indicators if set(r.sources) & COMMON_IDS]
    assert [r.level1 for r in common] == ["满意度指标"] and common[0].name == "见义勇为人员满意度"  # those paid answer
    # 补助对象认定准确率 / 补助资金足额发放率 were struck in panel rounds 13–16 as templates the brief never set: the
    # 质量 slot of a grant is left to fill in and asked, never filled with them
    assert [r.name for r in draft.form.annual_indicators if r.level2 == "质量指标"] == ["（待补充）质量"]
    # what a grant changes depends on whom it reaches: no 共性 benefit row (a 补助政策知晓率 means nothing for
    # money paid to a known list of recipients); the slot is left to fill in and the user is asked
    assert not any(r.level1 == "效益指标" and set(r.sources) & COMMON_IDS for r in draft.form.annual_indicators)
    assert draft.question


def test_the_kinds_own_rows_come_before_common_rows():
    """A 校舍 project is also a works project; its own kind's 质量 rows fill the slot first."""
    _, draft = _draft("某县教育局2027年农村小学校舍维修改造项目，预算300万元，维修校舍8000平方米，8月底前完工。")
    own = {f"lib:{r.id}" for r in load_library() if r.kind == "校舍建设维修"}
    quality = [r for r in draft.form.annual_indicators if r.level2 == "质量指标"]
    assert quality and set(quality[0].sources) & own


def test_common_rows_carry_no_kinds_own_term_and_read_as_no_other_project():
    unrelated = relevance.project("某市人防工程维修改造项目", "改造人防工程并维护警报设备，发放见义勇为人员慰问金，编制地名普查成果")
    for row in load_common():
        assert row.kind.startswith("共性:") and row.sector == "共性"
        assert not relevance.row_kind(row.name).term, row.name  # no word special to one kind of project
        assert not relevance.judge(row.name, unrelated).foreign, row.name


def test_a_malformed_common_file_names_the_file_in_chinese(tmp_path):
    bad = tmp_path / "common.csv"
    bad.write_text("id,kind\ncommon-x,共性:工程建设\n", encoding="utf-8")
    with pytest.raises(LibraryError, match="第1行缺少列"):
        load_library(bad)


def test_a_project_of_a_known_kind_takes_no_common_rows():
    """An 长者食堂运营补贴 is a 老年助餐 project: 补助政策知晓率 is not what its reviewer asks for."""
    brief, draft = _draft("某街道2027年长者食堂运营补贴，预算60万元，每餐补贴5元，服务老年人800人。")
    assert relevance.project_kinds(brief.name, brief.description)
    assert not any(set(r.sources) & COMMON_IDS for r in draft.form.annual_indicators)


def test_money_transferred_from_above_or_vehicles_repaired_are_no_grant_or_works():
    """“就业补助资金” is a transfer, not a 补助 paid to people; “车辆维修” is no 工程; “维护社会稳定” is no 运维."""
    assert "共性:补助发放" not in spending_ways("2027年食品安全监管补助资金")
    assert spending_ways("2027年农村危房改造补助资金") == ("共性:工程建设",)
    assert spending_ways("执法车辆维修燃油费") == ()
    assert spending_ways("基层组织活动经费", "开展组织活动，维护社会稳定") == ()


def test_common_rows_use_the_legal_bases_and_draft_without_findings():
    from assistant import taxonomy

    assert {row.basis for row in load_common()} <= set(taxonomy.BASIS_VALUES)
    _, draft = _draft("某县见义勇为基金会2027年见义勇为人员慰问金，预算36万元，慰问见义勇为人员60名，每人每年6000元，"
                      "春节前发放。")
    reused = {(r.name) for r in draft.form.annual_indicators if set(r.sources) & COMMON_IDS}
    assert reused and not [f for f in draft.findings if f.severity != "info" and any(n in f.message for n in reused)]
