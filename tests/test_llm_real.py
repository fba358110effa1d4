"""The LLM path end to end, against a real llama.cpp server (marker ``real_llm``) and, with the same tests,
against the stub (tests/llm_stub.py): brief extraction, a draft turn, a revision, the semantic review,
a real malformed (cut-off) reply and a timeout against the slow model. Each ends in a validated LLM result
or a clear Chinese fallback notice — never an exception. Small models write poor indicators: these tests
check the plumbing, not the content.

The real server is started once per run (tests/real_llm.py). Set JIXIAO_LLM_USAGE=FILE to write the
measured tokens and seconds of every call (eval/README.md's prompt-budget table comes from it).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from assistant.drafting import chain
from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import compose
from assistant.drafting.context import gather_context
from assistant.drafting.drafter import Drafter
from assistant.drafting.llm_brief import extract_brief_with_llm
from assistant.drafting.llm_prompt import draft_values
from assistant.drafting.session import SessionStore
from assistant.llm import make_llm
from assistant.llmcall import DRAFTING, EXTRACTING, LLMDraftError, chat_prompt, new_turn
from assistant.settings import reload_settings
from assistant.validation import semantic_review
from tests.conftest import free_port
from tests.llm_stub import StubLLM, length_reply, slow_reply, tool_reply
from tests.test_llm_chain import PROJECT, UNNAMED, answer_for

TURN_LIMIT = 180  # seconds: one real-model draft turn, answer or fallback, on 2 cores
TURN = 150  # the turn deadline the tests give the model (JIXIAO_LLM_TURN_TIMEOUT); the tier stays within ~10 min
USAGE: list[dict] = []


class Backend:
    """One server for the module: the stub (scripted) or the real model (script() does nothing)."""

    def __init__(self, kind: str, base_url: str, stub: StubLLM | None = None, real=None):
        self.kind, self.base_url, self.stub, self.real = kind, base_url, stub, real

    def script(self, route: str, *replies: dict) -> None:
        if self.stub is not None:
            self.stub.scripts.pop(route, None)
            self.stub.script(route, *replies)

    def llm(self, monkeypatch, timeout: float = 140, turn: float = TURN):
        monkeypatch.setenv("JIXIAO_LLM", "openai:" + ("stub-model" if self.stub else "qwen2.5-coder-0.5b"))
        monkeypatch.setenv("JIXIAO_LLM_BASE_URL", self.base_url)
        monkeypatch.setenv("JIXIAO_LLM_TIMEOUT", str(timeout))
        monkeypatch.setenv("JIXIAO_LLM_TURN_TIMEOUT", str(turn))
        monkeypatch.delenv("JIXIAO_LLM_MODE", raising=False)  # auto: a local server gets json_schema
        return make_llm(reload_settings())

    def count_tokens(self, text: str) -> int:
        """Tokens by the real model's tokenizer; for the stub, characters (more than Qwen's tokens for this text)."""
        return self.real.count_tokens(text) if self.real is not None else len(text)


@pytest.fixture(scope="module", params=["stub", pytest.param("real", marks=pytest.mark.real_llm)])
def backend(request, tmp_path_factory):
    if request.param == "stub":
        with StubLLM() as stub:
            yield Backend("stub", stub.base_url, stub=stub)
        return
    from tests.real_llm import RealServer, Unavailable, assemble_model

    cache = Path(os.environ.get("JIXIAO_TEST_MODEL_DIR") or Path.home() / ".cache" / "jixiao-test-model")
    try:
        model = assemble_model(cache)
    except Unavailable as exc:
        if os.environ.get("CI"):
            raise  # CI installs the tier's packages: missing them is a failure, not a skip
        pytest.skip(str(exc))
    server = RealServer(model, free_port(), tmp_path_factory.mktemp("llama") / "server.log")
    try:
        server.wait_ready()
        yield Backend("real", server.base_url, real=server)
    finally:
        server.stop()
    _write_usage()


def _write_usage() -> None:
    target = os.environ.get("JIXIAO_LLM_USAGE")
    if target and USAGE:
        Path(target).write_text(json.dumps(USAGE, ensure_ascii=False, indent=1), encoding="utf-8")


def _record(backend: Backend, test: str, turn, seconds: float) -> None:
    if backend.kind == "real":
        USAGE.append({"test": test, "seconds": round(seconds, 1), "calls": turn.calls})


@pytest.fixture(autouse=True)
def _clean_settings(monkeypatch):
    yield
    monkeypatch.undo()
    reload_settings()


def _brief(store, text: str = PROJECT):
    brief = extract_brief(text)
    return brief, gather_context(brief, store, "local")


def _is_chinese_notice(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and "Traceback" not in text


def test_brief_extraction(backend, monkeypatch):
    backend.script("submit_brief", tool_reply("submit_brief", {"unit": "", "beneficiaries": "农民工",
                                                                "quantities": [{"value": 3, "unit": "期"}]}))
    llm = backend.llm(monkeypatch, timeout=90, turn=90)
    turn = new_turn()
    started = time.monotonic()
    brief, failure = extract_brief_with_llm(UNNAMED, None, llm, turn)
    _record(backend, "brief", turn, time.monotonic() - started)
    assert turn.calls or failure is not None or backend.kind == "stub"  # the model was asked
    rules = extract_brief(UNNAMED)
    assert brief.budget_wan == rules.budget_wan == 50  # the rules' facts stand, whatever the model says
    assert {(q.value, q.unit) for q in rules.quantities} <= {(q.value, q.unit) for q in brief.quantities}
    assert failure is None or _is_chinese_notice(str(failure))
    assert all(q.unit and q.value for q in brief.quantities)


def test_the_draft_prompt_fits_the_budget(backend, knowledge_store):
    brief, context = _brief(knowledge_store)
    values, _citable = draft_values(context, "local")
    text = "\n".join(m.content for m in chat_prompt("draft").format_messages(**values))
    assert backend.count_tokens(text) <= 2000


def test_a_draft_turn(backend, monkeypatch, tmp_path, knowledge_store):
    brief, context = _brief(knowledge_store, UNNAMED)
    backend.script("submit_brief", tool_reply("submit_brief", {}))
    backend.script("submit_form", tool_reply("submit_form", answer_for(brief, context)))
    drafter = Drafter(store=knowledge_store, llm=backend.llm(monkeypatch), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    stages: list[str] = []
    turn = new_turn(progress=stages.append)
    started = time.monotonic()
    reply = drafter.send(session, UNNAMED, turn=turn)
    seconds = time.monotonic() - started
    _record(backend, f"draft turn ({reply.mode})", turn, seconds)

    assert seconds <= TURN_LIMIT
    assert reply.drafted and stages[0] == EXTRACTING and (DRAFTING in stages or reply.mode == "offline")
    form = session.form
    assert form.project.budget_wan == 50
    assert any(r.value == "500" and r.unit == "人" for r in form.annual_indicators)  # the user's fact is kept
    assert {r.level1 for r in form.annual_indicators} >= {"产出指标", "效益指标", "满意度指标"}
    assert all(r.sources for r in form.annual_indicators)
    if reply.mode == "offline":
        assert session.notices[0].startswith("大模型起草失败（") and session.notices[0].endswith("已改用离线起草。")
    else:
        assert reply.mode == "llm"
        assert not [f for f in session.findings if f.severity == "error" and f.rule.startswith("structure.required")]


def test_a_revision(backend, monkeypatch, tmp_path, knowledge_store):
    brief, context = _brief(knowledge_store)
    drafter = Drafter(store=knowledge_store, llm=backend.llm(monkeypatch, turn=90), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    session.brief = brief
    form = compose(brief, context, "local").form
    form.annual_indicators = form.annual_indicators[:7]
    form.long_term_indicators = [r.model_copy(deep=True) for r in form.annual_indicators]
    session.add_version(form, "起草")
    revised = json.loads(form.model_dump_json())
    revised["goals"]["annual"] += "参训人员掌握一项实用技能。"
    backend.script("submit_revision", tool_reply("submit_revision", {"is_revision": True, "form": revised}))
    turn = new_turn()
    started = time.monotonic()
    reply = drafter.send(session, "把年度目标写得更具体一些", turn=turn)
    _record(backend, f"revision turn ({reply.mode})", turn, time.monotonic() - started)

    assert _is_chinese_notice(reply.message)
    assert session.form.project.budget_wan == 50
    assert any(r.value == "500" and r.unit == "人" for r in session.form.annual_indicators)
    if reply.message.startswith("大模型修改失败"):
        assert session.form == form and len(session.versions) == 1  # nothing changed, nothing lost
    elif reply.message.startswith("已按要求修改"):  # the model's revision, checked
        assert reply.message.startswith("已按要求修改（把年度目标写得更具体一些）") and reply.mode == "llm"
        assert all(r.sources for r in session.form.annual_indicators)
    else:  # the model said it is no revision: read as new facts and drafted again (answer or fallback)
        assert reply.drafted and reply.message.startswith("已起草") and len(session.versions) == 2


def test_the_semantic_review(backend, monkeypatch, knowledge_store):
    brief, context = _brief(knowledge_store)
    form = compose(brief, context, "local").form
    backend.script("submit_review", tool_reply("submit_review", {"items": [
        {"kind": "goal_fit", "severity": "info", "row": None, "message": "年度目标可写明培训期数"}]}))
    llm = backend.llm(monkeypatch, timeout=90, turn=90)
    turn = new_turn()
    started = time.monotonic()
    found = semantic_review(form, llm, turn=turn)
    _record(backend, "review", turn, time.monotonic() - started)
    assert all(f.severity in ("warning", "info") and f.message.startswith("【大模型意见】") for f in found)
    assert all(f.rule.startswith("semantic.") for f in found)


def test_a_cut_off_reply_is_reasked_then_falls_back(backend, monkeypatch, tmp_path, knowledge_store):
    """The real model's reply cut off at a tiny max_tokens: malformed JSON, as a model that runs on gives."""
    monkeypatch.setattr(chain, "DRAFT_TOKENS", 24)
    backend.script("submit_brief", tool_reply("submit_brief", {}))
    backend.script("submit_form", length_reply('{"goals": {"long_term": "持续提升农民工'))
    drafter = Drafter(store=knowledge_store, llm=backend.llm(monkeypatch, turn=TURN), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    turn = new_turn()
    started = time.monotonic()
    reply = drafter.send(session, PROJECT, turn=turn)  # the rules read every essential: one draft call, re-asks
    seconds = time.monotonic() - started
    _record(backend, "cut-off draft turn", turn, seconds)
    assert seconds <= TURN_LIMIT
    assert reply.drafted and reply.mode == "offline" and session.form.annual_indicators
    notice = session.notices[0]
    assert notice.startswith("大模型起草失败（") and notice.endswith("已改用离线起草。")
    assert "回复超过24个token的上限" in notice or "超时" in notice or "用时已到上限" in notice


def test_a_timeout_against_the_slow_model(backend, monkeypatch, tmp_path, knowledge_store):
    backend.script("submit_brief", slow_reply(5))
    backend.script("submit_form", slow_reply(5))
    drafter = Drafter(store=knowledge_store, llm=backend.llm(monkeypatch, timeout=1), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    started = time.monotonic()
    reply = drafter.send(session, UNNAMED)
    assert time.monotonic() - started < 15  # the timeout is waited once, not per retry or stage
    assert reply.drafted and reply.mode == "offline" and session.form.annual_indicators
    assert session.notices[0] == "大模型起草失败（大模型接口超时（1秒）），已改用离线起草。"
