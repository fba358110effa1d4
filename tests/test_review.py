"""compare_with_precedents: row origins, values that depart from precedents, rows the precedents share."""

from __future__ import annotations

import pytest

from assistant.drafting.drafter import Drafter
from assistant.drafting.session import DraftSession
from assistant.review import compare_with_precedents, parse_source, row_label
from assistant.schema import Indicator, PerformanceForm, ProjectInfo


def _row(level1, level2, name, raw, sources=()):
    return Indicator.from_cells(level1, level2, name, raw, "历史标准", sources=list(sources))


def _precedent(name, satisfaction="≥90%", extra=()):
    rows = [
        _row("产出指标", "数量指标", "培训人数", "≥300人"),
        _row("产出指标", "时效指标", "培训完成及时率", "≥95%"),
        _row("满意度指标", "服务对象满意度指标", "参训人员满意度", satisfaction),
        *extra,
    ]
    return PerformanceForm(project=ProjectInfo(name=name, sector="就业培训", budget_wan=30), annual_indicators=rows)


@pytest.fixture(scope="module")
def store(precedent_store):
    """A real store holding three training precedents."""
    return precedent_store({
        "p1": _precedent("职业技能培训项目", "≥90%"),
        "p2": _precedent("农民工技能培训", "≥95%", [_row("效益指标", "社会效益指标", "培训后就业率", "≥80%")]),
        "p3": _precedent("退役军人技能培训", "≥92%", [_row("效益指标", "社会效益指标", "培训后就业率", "≥85%")]),
    })


def _draft(satisfaction="≥90%", sources=("form:p1#annual:3",), extra=()):
    rows = [
        _row("产出指标", "数量指标", "培训人数", "≥500人", ["brief:培训500人", "lib:lib-train-001"]),
        _row("产出指标", "时效指标", "培训完成及时率", "≥95%", ["form:p2#annual:2"]),
        _row("满意度指标", "服务对象满意度指标", "服务对象满意度", satisfaction, list(sources)),
        *extra,
    ]
    return PerformanceForm(project=ProjectInfo(name="技能培训", budget_wan=50), annual_indicators=rows)


def test_parse_source_kinds():
    form = parse_source("form:ezhou-2026-2#annual:5")
    assert (form.kind, form.form_id, form.table, form.index) == ("form", "ezhou-2026-2", "annual", 4)
    assert form.label == "先例 ezhou-2026-2 年度表第5行"
    assert parse_source("brief:预算50万元").label == "用户提供：预算50万元"
    assert parse_source("lib:lib-train-001").kind == "lib"
    assert parse_source("lib-train-001").kind == "lib"
    assert parse_source("手工").kind == "other"
    assert row_label("long_term", 0) == "长期表第1行"


def test_origins_name_the_precedent_row_each_row_came_from(store):
    comparison = compare_with_precedents(_draft(), store)
    assert [p.id for p in comparison.precedents] == ["p1", "p2"]  # cited forms only, one row each
    by_row = {o.label: o for o in comparison.origins}
    assert by_row["年度表第1行"].kind == "mixed"
    assert by_row["年度表第1行"].precedent_id is None
    satisfaction = by_row["年度表第3行"]
    assert (satisfaction.precedent_id, satisfaction.precedent_row) == ("p1", "年度表第3行")
    assert (satisfaction.precedent_name, satisfaction.precedent_value) == ("参训人员满意度", "≥90%")
    assert [o.label for o in comparison.origins_from("p2")] == ["年度表第2行"]
    repeated = _draft().model_copy(update={"long_term_indicators": _draft().annual_indicators})
    assert [p.cited_rows for p in compare_with_precedents(repeated, store).precedents] == [1, 1]  # rows, not tables


def test_a_rate_below_what_precedents_set_is_flagged_and_cleared_when_fixed(store):
    low = compare_with_precedents(_draft("≥80%"), store)
    assert [(d.label, d.usual) for d in low.differences] == [("年度表第3行", "≥90%～95%")]
    assert "低于" in low.differences[0].message
    fixed = compare_with_precedents(_draft("≥92%"), store)
    assert fixed.differences == []


def test_counts_are_not_compared_because_they_scale_with_the_project(store):
    comparison = compare_with_precedents(_draft(), store)
    assert all(d.name != "培训人数" for d in comparison.differences)  # 500 vs 300 people is no defect


def test_reversed_operator_and_unquantified_row_are_flagged(store):
    reversed_op = compare_with_precedents(_draft("≤90%"), store)
    assert "相反" in reversed_op.differences[0].message
    qualitative = compare_with_precedents(_draft("较满意"), store)
    assert "定量" in qualitative.differences[0].message


def test_rows_most_precedents_share_are_missing_from_the_draft(store):
    # Uncited form → its nearest forms; two of three set 培训后就业率 and the draft has none.
    comparison = compare_with_precedents(_draft(sources=()).model_copy(update={"annual_indicators": [
        r.model_copy(update={"sources": []}) for r in _draft().annual_indicators]}), store)
    assert {p.id for p in comparison.precedents} == {"p1", "p2", "p3"}
    missing = {m.name: m for m in comparison.missing}
    assert set(missing) == {"培训后就业率"}
    assert sorted(missing["培训后就业率"].precedent_ids) == ["p2", "p3"]
    assert "本表没有“社会效益指标”" in missing["培训后就业率"].message
    with_row = _draft(extra=[_row("效益指标", "社会效益指标", "参训人员就业率", "≥85%")])
    assert compare_with_precedents(with_row, store).missing == []


def test_a_form_in_the_store_is_not_its_own_precedent(store):
    form = store.get_form("p2")
    comparison = compare_with_precedents(form, store, k=2)
    assert "p2" not in [p.id for p in comparison.precedents]
    assert len(comparison.precedents) == 2


def test_no_store_gives_origins_only():
    comparison = compare_with_precedents(_draft(), None)
    assert comparison.precedents == [] and comparison.differences == [] and comparison.missing == []
    assert len(comparison.origins) == 3


def test_a_real_offline_draft_cites_shipped_precedents(knowledge_store):
    store = knowledge_store
    session = DraftSession()
    Drafter(store=store).send(session, "我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成")
    comparison = compare_with_precedents(session.form, store)
    cited = {s.form_id for o in comparison.origins for s in o.sources if s.kind == "form"}
    assert cited and cited == {p.id for p in comparison.precedents}
    for origin in comparison.origins:
        if origin.precedent_id:
            assert origin.precedent_name  # the cited row exists in the cited form


def test_a_precedent_row_without_level2_names_no_empty_level2(precedent_store):
    blank = _row("产出指标", "", "培训课时数", "≥40课时")
    store = precedent_store({"p1": _precedent("职业技能培训项目", extra=[blank])})
    comparison = compare_with_precedents(_draft(sources=("form:p1#annual:3",)), store)
    assert comparison.missing and all("“”" not in m.message for m in comparison.missing)


def test_every_kind_of_source_reads_in_words():
    """One wording for where a row or a search hit comes from, used by the 起草, 审核 and 知识库 pages."""
    from assistant.review import parse_source

    assert parse_source("form:p1#annual:3").label == "先例 p1 年度表第3行"
    assert parse_source("form:p1").label == "先例 p1"
    assert parse_source("lib:lib-train-001").label == "指标库 lib-train-001"
    assert parse_source("guide:06-satisfaction.md#满意度").label == "指南 06-satisfaction.md · 满意度"
    assert parse_source("brief:培训500人").label == "用户提供：培训500人"
