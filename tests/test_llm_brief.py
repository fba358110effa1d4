"""Brief extraction with a model: the rules' extraction wins, the model fills blanks, invented numbers are
dropped; failures leave the rules' extraction. And the forgiving reading of common model slips."""

from __future__ import annotations

import pytest

from assistant.drafting.brief import ProjectBrief, Quantity, extract_brief
from assistant.drafting.llm_brief import BRIEF_TOKENS, extract_brief_with_llm, merge_brief
from tests.llm_stub import StubLLM, error_reply, tool_reply

TEXT = "区人社局今年办农民工技能提升培训，拟投入三十万元，培训500人，面向返乡农民工"


def _q(value, unit, label):
    return Quantity(value=value, unit=unit, label=label, text=f"{label}{value:g}{unit}")


def test_the_rules_win_and_the_model_fills_blanks():
    mine = extract_brief("项目名称：技能提升培训项目。预算30万元，培训500人")
    theirs = ProjectBrief(name="别的名字", unit="区人社局", budget_wan=45, sector="就业培训",
                          quantities=[_q(500, "人", "培训"), _q(2, "期", "培训班")])
    merged = merge_brief(mine, theirs, "区人社局实施。项目名称：技能提升培训项目。预算30万元，培训500人，分2期")
    assert merged.name == "技能提升培训项目" and merged.budget_wan == 30  # the rules' facts stand
    assert merged.unit == "区人社局"  # a blank the model filled
    assert [(q.value, q.unit) for q in merged.quantities] == [(500, "人"), (2, "期")]  # no duplicate 500人
    assert merged.quantities[-1].text == "培训班2期"


def test_words_and_units_not_in_the_users_message_are_dropped():
    """A small model puts the sector in the unit field and copies "人/次/场" from the prompt's example."""
    theirs = ProjectBrief(unit="就业培训", beneficiaries="返乡农民工", quantities=[_q(500, "人/次/场", "培训")])
    merged = merge_brief(ProjectBrief(), theirs, "面向返乡农民工，培训500人")
    assert merged.unit == "" and merged.beneficiaries == "返乡农民工"
    assert merged.quantities == []


def test_numbers_not_in_the_users_words_are_dropped():
    mine = extract_brief("我们要办一个培训班")
    theirs = ProjectBrief(budget_wan=30, year=2031, sector="外太空", quantities=[_q(800, "人", "培训")],
                          rates=[_q(95, "%", "满意度"), _q(120, "%", "合格率")])
    merged = merge_brief(mine, theirs, "我们要办一个培训班，培训合格率120%，满意度95%")
    assert merged.budget_wan is None and merged.year is None and merged.sector is None
    assert merged.quantities == []
    assert [(r.value, r.label) for r in merged.rates] == [(95, "满意度")]  # 120% is no rate


def test_money_may_be_written_in_yuan():
    merged = merge_brief(ProjectBrief(), ProjectBrief(budget_wan=30), "总投入300000元")
    assert merged.budget_wan == 30


@pytest.fixture
def stub():
    with StubLLM() as server:
        yield server


def test_extraction_through_the_model(stub, monkeypatch):
    stub.script("submit_brief", tool_reply("submit_brief", {
        "unit": "区人社局", "budget_wan": 30, "beneficiaries": "返乡农民工", "sector": "就业培训",
        "quantities": [{"value": 500, "unit": "人", "label": "技能提升培训"}]}))
    brief, failure = extract_brief_with_llm(TEXT, None, stub.chat_model(monkeypatch))
    assert failure is None
    assert brief.unit == "区人社局" and brief.budget_wan == 30  # 三十万元 read by the rules, kept
    assert brief.beneficiaries and brief.sector == "就业培训"
    assert [(q.value, q.unit) for q in brief.quantities] == [(500, "人")]
    request = stub.requests[0]["body"]
    assert request["response_format"]["json_schema"]["name"] == "submit_brief"
    assert request["max_completion_tokens"] == BRIEF_TOKENS  # a brief never runs on for thousands of tokens
    assert TEXT in request["messages"][1]["content"]


def test_a_failed_model_leaves_the_rules_extraction(stub, monkeypatch):
    stub.script("submit_brief", error_reply(403, "forbidden"))
    brief, failure = extract_brief_with_llm(TEXT, None, stub.chat_model(monkeypatch))
    assert brief == extract_brief(TEXT)
    assert str(failure) == "大模型接口拒绝访问（403），请检查 API Key 是否有权使用该模型" and failure.unavailable


def test_skip_words_do_not_call_the_model(stub, monkeypatch):
    brief, failure = extract_brief_with_llm("直接生成", extract_brief(TEXT), stub.chat_model(monkeypatch))
    assert brief.skip_questions and failure is None and stub.requests == []


def test_common_model_slips_are_forgiven_without_a_reask(stub, monkeypatch, knowledge_store):
    """value as a number, ">=" for ≥, one source as a string: read as meant, no second request."""
    from assistant.drafting.chain import draft_with_llm
    from tests.test_llm_chain import _context, answer_for

    brief, context = _context(knowledge_store)
    answer = answer_for(brief, context)
    for row in answer["annual_indicators"]:
        if row["name"] == "培训人数":
            row.update(value=500, operator=">=", sources=row["sources"][0])
    stub.script("submit_form", tool_reply("submit_form", answer))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch), "local")
    assert len(stub.requests) == 1
    row = next(r for r in draft.form.annual_indicators if r.name == "培训人数")
    assert (row.raw_value, row.sources) == ("≥500人", ["brief:培训500人"])
