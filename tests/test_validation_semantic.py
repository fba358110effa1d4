"""Optional LLM review: labelled opinions, never errors, robust JSON parsing, rules alone without an LLM."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.validation import review, semantic_review, validate
from assistant.validation.semantic import parse_items, render_prompt
from tests.test_validation_rules import good_form


def test_prompt_has_every_variable_filled():
    text = render_prompt(good_form(), [])
    assert "{project}" not in text and "{table}" not in text and "{goals}" not in text and "{findings}" not in text
    assert "农民工职业技能培训人数" in text and "50万元" in text and "<!--" not in text


def test_opinions_are_labelled_warnings_located_on_rows():
    answer = ('好的，审核意见如下：\n```json\n[{"kind": "relevance", "severity": "error", "row": 2, '
              '"message": "培训合格率与资金用途关系不明", "suggestion": "说明考核口径"},'
              '{"kind": "bogus", "severity": "info", "row": 99, "message": "目标文本可更具体"}]\n```')
    found = semantic_review(good_form(), FakeListChatModel(responses=[answer]))
    assert [(f.rule, f.severity, f.location.table, f.location.index) for f in found] == [
        ("semantic.relevance", "warning", "annual", 1), ("semantic.other", "info", "goals", None)]
    assert all(f.message.startswith("【大模型意见】") for f in found)


def test_malformed_answers_keep_what_can_be_read():
    assert parse_items("无法给出意见") == []
    assert parse_items('{"findings": [{"message": "甲"}]}') == [{"message": "甲"}]
    assert parse_items('[{"message": "甲"}, {"message": 坏}] {"message": "乙"}') == [{"message": "甲"}, {"message": "乙"}]


class _Broken:
    def invoke(self, _prompt):
        raise TimeoutError("timeout")


def test_a_failed_call_degrades_to_one_info_finding():
    found = semantic_review(good_form(), _Broken())
    assert [(f.rule, f.severity) for f in found] == [("semantic.unavailable", "info")]


def test_rules_run_alone_without_llm_and_first_with_one():
    form = good_form()
    assert review(form) == validate(form)
    llm = FakeListChatModel(responses=['[{"kind": "goal_fit", "message": "效益指标可补充收入变化"}]'])
    combined = review(form, llm=llm)
    assert [f.rule for f in combined] == ["semantic.goal_fit"]
