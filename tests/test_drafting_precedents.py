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
