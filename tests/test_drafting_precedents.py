"""Drafting grounded on the shipped precedents, retrieved through the real knowledge store."""

from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import compose
from assistant.drafting.context import gather_context


def test_same_sector_precedents_rank_first_and_leave_one_out_excludes(knowledge_store):
    hits = knowledge_store.similar_forms("职业技能培训补贴", k=3, exclude_ids=("ezhou-2026-2",))
    assert hits[0].metadata["sector"] == "就业培训"
    assert "ezhou-2026-2" not in [h.id for h in hits]


def test_draft_cites_real_precedent_rows(knowledge_store):
    brief = extract_brief("2027年高标准农田建设项目，预算800万元，建设高标准农田5000亩，12月底前完成")
    context = gather_context(brief, knowledge_store, "local")
    assert context.precedents and context.precedents[0][1].project.sector == "农业农村"
    draft = compose(brief, context, "local")
    assert not [f for f in draft.findings if f.severity == "error"]
    sources = {s for r in draft.form.annual_indicators for s in r.sources}
    assert any(s.startswith("form:") for s in sources)
    assert draft.form.annual_indicators[0].raw_value == "≥5000亩"


def test_precedent_rows_come_ranked_from_the_stores_indicator_rows(knowledge_store):
    brief = extract_brief("我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成")
    context = gather_context(brief, knowledge_store, "101")
    rows, lending = context.precedent_rows, {fid: form for fid, form, _ in context.precedents}
    assert rows and {r.form_id for r in rows} <= set(lending)  # only the chosen precedents lend rows
    assert [r.weight for r in rows] == sorted((r.weight for r in rows), reverse=True)  # nearest the brief first
    for row in rows:  # each row is its form's row, cited where it stands
        assert lending[row.form_id].table(row.table)[row.index] == row.indicator
        assert row.source == f"form:{row.form_id}#{row.table}:{row.index + 1}"
    assert len(rows) == len({(r.form_id, r.table, r.index) for r in rows})
