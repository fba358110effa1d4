"""Optional LLM review through structured output against the stub server on 127.0.0.1: labelled opinions,
never errors, malformed answers re-asked then degraded to one info finding, rules alone without an LLM."""

from __future__ import annotations

import pytest

from assistant.validation import review, semantic_review, validate
from assistant.validation.semantic import REVIEW_TOKENS, render_prompt
from tests.llm_stub import StubLLM, error_reply, text_reply, tool_reply
from tests.test_validation_rules import good_form


@pytest.fixture
def stub():
    with StubLLM() as server:
        yield server


def test_prompt_has_every_variable_filled():
    text = render_prompt(good_form(), [])
    assert "{project}" not in text and "{table}" not in text and "{goals}" not in text and "{findings}" not in text
    assert "农民工职业技能培训人数" in text and "50万元" in text and "<!--" not in text


def test_opinions_are_labelled_warnings_located_on_rows(stub, monkeypatch):
    stub.script("submit_review", tool_reply("submit_review", {"items": [
        {"kind": "relevance", "severity": "warning", "row": 2, "message": "培训合格率与资金用途关系不明",
         "suggestion": "说明考核口径"},
        {"kind": "other", "severity": "info", "row": 99, "message": "目标文本可更具体"}]}))
    found = semantic_review(good_form(), stub.chat_model(monkeypatch))
    assert [(f.rule, f.severity, f.location.table, f.location.index) for f in found] == [
        ("semantic.relevance", "warning", "annual", 1), ("semantic.other", "info", "goals", None)]
    assert all(f.message.startswith("【大模型意见】") for f in found)
    body = stub.requests[0]["body"]
    assert body["response_format"]["json_schema"]["name"] == "submit_review"
    assert body["max_completion_tokens"] == REVIEW_TOKENS


def test_malformed_answers_are_reasked_then_degrade(stub, monkeypatch):
    stub.script("submit_review", text_reply("无法给出意见"), text_reply('{"items": [{"kind": "bogus"}]}'))
    found = semantic_review(good_form(), stub.chat_model(monkeypatch))
    assert len(stub.requests) == 2  # one re-ask
    assert [(f.rule, f.severity) for f in found] == [("semantic.unavailable", "info")]
    assert "格式不正确" in found[0].message or "没有" in found[0].message


def test_a_failed_call_degrades_to_one_info_finding(stub, monkeypatch):
    stub.script("submit_review", error_reply(503, "overloaded"))
    found = semantic_review(good_form(), stub.chat_model(monkeypatch))
    assert [(f.rule, f.severity) for f in found] == [("semantic.unavailable", "info")]
    assert "大模型接口出错（503）" in found[0].message


def test_rules_run_alone_without_llm_and_first_with_one(stub, monkeypatch):
    form = good_form()
    assert review(form) == validate(form)
    stub.script("submit_review", tool_reply("submit_review", {"items": [
        {"kind": "goal_fit", "severity": "warning", "row": None, "message": "效益指标可补充收入变化"}]}))
    combined = review(form, llm=stub.chat_model(monkeypatch))
    assert [f.rule for f in combined] == ["semantic.goal_fit"]
