"""The LLM drafting chain against an OpenAI-compatible server on 127.0.0.1 (tests/llm_stub.py), with the
real LangChain client made by jixiao's own factory: valid replies, re-asks with the findings, timeouts,
401, refusals, JSON mode, and the conversation (asks → drafts → free revision)."""

from __future__ import annotations

import json

import pytest

from assistant.drafting.brief import extract_brief
from assistant.drafting.chain import DRAFT_TOKENS, INVENTED, LLMDraftError, draft_with_llm, revise_with_llm
from assistant.drafting.composer import compose
from assistant.drafting.context import gather_context
from assistant.drafting.drafter import Drafter
from assistant.drafting.session import SessionStore
from assistant.validation import validate
from tests.llm_stub import MODEL, StubLLM, error_reply, refusal_reply, slow_reply, text_reply, tool_reply

PROJECT = "我们要做一个2027年农民工职业技能培训项目，预算50万元，计划培训500人，人均补贴800元，举办3期，12月底前完成"
# Without a project name: the rules do not read every essential, so the drafter asks the model for the brief too.
UNNAMED = "我们单位要办农民工职业技能培训，2027年实施，预算50万元，计划培训500人，人均补贴800元，举办3期，12月底前完成"


@pytest.fixture
def stub():
    with StubLLM() as server:
        yield server


def _context(store, text=PROJECT, framework="local"):
    brief = extract_brief(text)
    return brief, gather_context(brief, store, framework)


def answer_for(brief, context, framework="local") -> dict:
    """A well-formed model answer: the form a careful drafter would submit, as tool arguments."""
    form = compose(brief, context, framework).form
    data = json.loads(form.model_dump_json(exclude={"source": True}))
    for table in ("annual_indicators", "long_term_indicators"):
        for row in data[table]:
            del row["raw_value"], row["actual"]
    return data


def _user_text(request) -> str:
    return "\n".join(str(m.get("content") or "") for m in request["body"]["messages"])


def test_a_valid_reply_gives_a_cited_draft_without_errors(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    answer = answer_for(brief, context)
    invented = {"level1": "效益指标", "level2": "社会效益指标", "name": "参训人员就业率", "operator": "≥", "value": "60",
                "unit": "%", "basis": "计划标准", "sources": ["form:nowhere#annual:9"]}
    answer["annual_indicators"].append(invented)
    from assistant.drafting.llm_prompt import reference_rows

    shown = next(r for r in reference_rows(context) if r.origin == "precedent")  # a precedent row the model was shown
    answer["annual_indicators"].append({"level1": shown.level1, "level2": shown.level2, "name": shown.name,
                                        "operator": "≥", "value": "1", "unit": "人", "basis": "历史标准",
                                        "sources": [shown.alias]})
    stub.script("submit_form", tool_reply("submit_form", answer))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch), "local")

    assert draft.mode == "llm"
    assert [f for f in draft.findings if f.severity == "error"] == []
    rows = draft.form.annual_indicators
    assert all(r.sources for r in rows)
    assert any(s.startswith("form:") for r in rows for s in r.sources)
    assert next(r for r in rows if r.name == "参训人员就业率").sources == [INVENTED]
    assert sum(r.sources == [INVENTED] for r in rows) == 1
    assert any("自拟" in n for n in draft.notices)
    assert next(r for r in rows if r.name == "培训人数").raw_value == "≥500人"  # raw_value composed by jixiao

    [request] = stub.requests
    body = request["body"]
    assert request["path"] == "/v1/chat/completions" and body["model"] == MODEL
    # a local OpenAI-compatible server (llama.cpp, vLLM) gets json_schema: it constrains decoding to it
    assert body["response_format"]["type"] == "json_schema" and "tools" not in body
    schema = body["response_format"]["json_schema"]
    assert schema["name"] == "submit_form" and "raw_value" not in json.dumps(schema)
    assert body["max_completion_tokens"] == DRAFT_TOKENS
    text = _user_text(request)
    assert "R1|" in text and "brief:培训500人" in text and "50万元" in text
    assert "form:" not in text and "lib:" not in text  # rows are cited by short aliases, not long ids
    assert request["authorization"] == "Bearer sk-stub-secret"


def test_deepseek_style_function_calling(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    stub.script("submit_form", tool_reply("submit_form", answer_for(brief, context)))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch, mode="tools"), "local")
    assert draft.mode == "llm" and [f for f in draft.findings if f.severity == "error"] == []
    body = stub.requests[0]["body"]
    assert [t["function"]["name"] for t in body["tools"]] == ["submit_form"]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "submit_form"}}
    assert "response_format" not in body  # DeepSeek rejects json_schema


def test_a_tool_call_written_as_text_is_read(stub, monkeypatch, knowledge_store):
    """Small local models answer a tool request with the call as text in a ```json fence."""
    brief, context = _context(knowledge_store)
    call = json.dumps({"name": "submit_form", "arguments": answer_for(brief, context)}, ensure_ascii=False)
    stub.script("submit_form", text_reply(f"```json\n{call}\n```"))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch, mode="tools"), "local")
    assert len(stub.requests) == 1 and draft.mode == "llm" and draft.form.annual_indicators


def test_malformed_json_then_valid_after_the_reask(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    stub.script("submit_form", text_reply('{"goals": {"annual": "培训"}, "annual_indicators": [{"na'),
                tool_reply("submit_form", answer_for(brief, context)))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch), "local")

    assert [f for f in draft.findings if f.severity == "error"] == []
    first, second = stub.requests
    assert len(second["body"]["messages"]) == len(first["body"]["messages"]) + 2
    reask = second["body"]["messages"][-1]
    assert reask["role"] == "user" and "上一次的回答有以下问题" in reask["content"]
    assert "缺少此项" in reask["content"] and "Field required" not in reask["content"]  # problems told in Chinese
    assert second["body"]["messages"][-2]["content"].startswith('{"goals"')  # the raw reply, as include_raw kept it
    assert any("重问了1次" in n for n in draft.notices)


def test_validator_findings_are_sent_back(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    bad = answer_for(brief, context)
    total = next(r for r in bad["annual_indicators"] if r["name"] == "项目总成本")
    total["value"] = "80"  # 80万元 of cost against a 50万元 budget
    good = answer_for(brief, context)
    stub.script("submit_form", tool_reply("submit_form", bad), tool_reply("submit_form", good))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch), "local")

    from assistant.drafting.chain import finish_form
    from assistant.schema import PerformanceForm

    expected = [f.message for f in validate(finish_form(PerformanceForm.model_validate(bad), brief), framework="local")
                if f.severity == "error"]
    assert expected, "the bad answer must break a rule"
    assert len(stub.requests) == 2
    sent_back = stub.requests[1]["body"]["messages"][-1]["content"]
    assert all(message in sent_back for message in expected)
    assert [f for f in draft.findings if f.severity == "error"] == []


def test_errors_after_two_reasks_are_repaired_not_fatal(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    bad = answer_for(brief, context)
    bad["annual_indicators"].append({"level1": "产出指标", "level2": "质量指标", "name": "培训优良率",
                                     "operator": "≥", "value": "120", "unit": "%", "basis": "计划标准", "sources": []})
    stub.script("submit_form", tool_reply("submit_form", bad))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch), "local")
    assert len(stub.requests) == 3  # the first answer and at most two re-asks
    assert "培训优良率" not in [r.name for r in draft.form.annual_indicators]
    assert any("已移除" in n for n in draft.notices)


def test_401_is_a_clear_chinese_error(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    stub.script("submit_form", error_reply(401, "Incorrect API key provided"))
    with pytest.raises(LLMDraftError) as caught:
        draft_with_llm(brief, context, stub.chat_model(monkeypatch), "local")
    assert str(caught.value) == "大模型接口拒绝访问（401），请检查 API Key"
    assert caught.value.unavailable


def test_refusal_after_reasks_falls_back_to_the_composer(stub, monkeypatch, tmp_path, knowledge_store):
    stub.script("submit_brief", tool_reply("submit_brief", {}))
    stub.script("submit_form", refusal_reply())
    drafter = Drafter(store=knowledge_store, llm=stub.chat_model(monkeypatch), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    reply = drafter.send(session, PROJECT)

    assert reply.drafted and session.form is not None
    assert session.notices[0].startswith("大模型起草失败（大模型没有给出草稿") and "已改用离线起草" in session.notices[0]
    assert len(stub.requests_for("submit_form")) == 3
    offline = compose(session.brief, gather_context(session.brief, knowledge_store, session.framework), session.framework)
    assert session.form == offline.form  # the composer's draft, exactly
    assert drafter.sessions.load(session.id).messages[-1].content == reply.message  # nothing lost


def test_timeout_falls_back_with_a_notice_and_waits_only_once(stub, monkeypatch, tmp_path, knowledge_store):
    stub.script("submit_brief", slow_reply(5))
    stub.script("submit_form", slow_reply(5))
    drafter = Drafter(store=knowledge_store, llm=stub.chat_model(monkeypatch, timeout=0.5), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    reply = drafter.send(session, UNNAMED)

    assert reply.drafted and session.form is not None and session.form.annual_indicators
    assert session.notices[0] == "大模型起草失败（大模型接口超时（0.5秒）），已改用离线起草。"
    assert session.notices[0] in reply.message
    assert stub.requests_for("submit_brief")  # the brief extraction timed out …
    assert stub.requests_for("submit_form") == []  # … so the drafter did not wait for the model again
    assert session.brief.budget_wan == 50 and session.brief.quantities  # the rules' extraction stands


def test_json_mode(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    answer = json.dumps(answer_for(brief, context), ensure_ascii=False)
    stub.script("json", text_reply(f"好的，草稿如下：\n```json\n{answer}\n```"))
    draft = draft_with_llm(brief, context, stub.chat_model(monkeypatch, mode="json"), "local")
    assert [f for f in draft.findings if f.severity == "error"] == []
    body = stub.requests[0]["body"]
    assert body["response_format"] == {"type": "json_object"} and "tools" not in body
    assert "JSON Schema" in _user_text(stub.requests[0]) and "annual_indicators" in _user_text(stub.requests[0])


def test_nothing_counts_tokens_with_tiktoken(stub, monkeypatch, knowledge_store):
    import tiktoken

    def forbidden(*_args, **_kwargs):
        raise AssertionError("tiktoken would download its encodings")

    monkeypatch.setattr(tiktoken, "get_encoding", forbidden)
    monkeypatch.setattr(tiktoken, "encoding_for_model", forbidden)
    brief, context = _context(knowledge_store)
    stub.script("submit_form", tool_reply("submit_form", answer_for(brief, context)))
    llm = stub.chat_model(monkeypatch)
    assert draft_with_llm(brief, context, llm, "local").mode == "llm"
    assert llm.get_num_tokens("培训合格率") == 5


def test_free_revision_by_the_model(stub, monkeypatch, knowledge_store):
    brief, context = _context(knowledge_store)
    form = compose(brief, context, "local").form
    revised = answer_for(brief, context)
    revised["goals"]["annual"] += "参训人员掌握一项实用技能。"
    for row in revised["annual_indicators"]:
        row["sources"] = []  # the model echoed the rows without their sources
    stub.script("submit_revision", tool_reply("submit_revision", {"is_revision": True, "note": "补充了目标文本。",
                                                                  "form": revised}))
    result = revise_with_llm("目标文本再写具体一些", form, stub.chat_model(monkeypatch), "local")
    assert result.note == "按要求修改（目标文本再写具体一些）"  # jixiao's words, never the model's note
    assert result.form.goals.annual.endswith("参训人员掌握一项实用技能。")
    assert [r.sources for r in result.form.annual_indicators] == [r.sources for r in form.annual_indicators]
    assert "目标文本再写具体一些" in _user_text(stub.requests[0])
    assert "培训人数" in _user_text(stub.requests[0])  # the current draft was in the prompt


def test_the_conversation_with_a_model(stub, monkeypatch, tmp_path, knowledge_store):
    """asks for what is missing → drafts with the model → a deterministic intent → a free revision."""
    first = "某区人社局：我们要做一个2027年农民工职业技能培训项目，计划培训500人，举办3期，12月底前完成"
    stub.script("submit_brief",
                # turn 1: the unit is new (kept); the budget is not in the user's words (dropped)
                tool_reply("submit_brief", {"unit": "某区人社局", "budget_wan": 80, "sector": "就业培训"}),
                tool_reply("submit_brief", {}))
    brief = extract_brief("预算50万元，人均补贴800元", extract_brief(first))
    stub.script("submit_form", tool_reply("submit_form", answer_for(brief, gather_context(brief, knowledge_store, "101"), "101")))
    drafter = Drafter(store=knowledge_store, llm=stub.chat_model(monkeypatch), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()

    reply = drafter.send(session, first)
    assert reply.asked and "预算" in reply.message
    assert session.brief.unit == "某区人社局" and session.brief.budget_wan is None
    assert "培训500人" in _user_text(stub.requests_for("submit_brief")[0])

    reply = drafter.send(session, "预算50万元，人均补贴800元")
    assert reply.drafted and session.notices == [] and session.form.project.unit == "某区人社局"
    assert [f for f in session.findings if f.severity == "error"] == []
    assert len(stub.requests_for("submit_form")) == 1

    reply = drafter.send(session, "满意度改成95%")  # a deterministic intent: no model call
    assert len(stub.requests) == 2 and "95%" in reply.message  # turn 2: the rules read every essential
    assert len(stub.requests_for("submit_brief")) == 1

    revised = session.form.model_dump(mode="json")
    revised["goals"]["long_term"] = "持续提升农民工就业技能，促进稳定就业。"
    stub.script("submit_revision", tool_reply("submit_revision", {"is_revision": True, "note": "改写长期目标",
                                                                  "form": revised}))
    reply = drafter.send(session, "长期目标写得简练一点")
    assert reply.drafted and reply.message.startswith("已按要求修改（长期目标写得简练一点）")
    assert session.form.goals.long_term == "持续提升农民工就业技能，促进稳定就业。"
    assert [v.note for v in session.versions][-1] == "按要求修改（长期目标写得简练一点）" and len(session.versions) == 3
    drafter.undo(session)
    assert session.form.goals.long_term != "持续提升农民工就业技能，促进稳定就业。"


def test_a_message_the_model_says_is_not_a_revision_is_read_as_facts(stub, monkeypatch, tmp_path, knowledge_store):
    brief, context = _context(knowledge_store)
    stub.script("submit_brief", tool_reply("submit_brief", {}))
    stub.script("submit_form", tool_reply("submit_form", answer_for(brief, context)))
    stub.script("submit_revision", tool_reply("submit_revision", {"is_revision": False}))
    drafter = Drafter(store=knowledge_store, llm=stub.chat_model(monkeypatch), sessions=SessionStore(tmp_path))
    session = drafter.sessions.new()
    drafter.send(session, PROJECT)
    reply = drafter.send(session, "服务对象是全区的农民工")
    assert stub.requests_for("submit_revision") and reply.drafted
    assert session.brief.beneficiaries == "全区的农民工"
    assert session.versions[-1].note == "根据补充信息重新起草"
