"""The UI's API through gradio_client against the app launched on 127.0.0.1: turns, edits, exports,
sessions kept apart, login."""

from __future__ import annotations

import threading

import pytest
from gradio_client import Client

from assistant.formio import read_forms
from assistant.settings import Settings
from ui.draft_page import VIEWS

pytestmark = pytest.mark.slow

TRAINING = "我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成"
GREENING = "我们要实施城区绿化养护项目，预算80万元，养护绿地面积120万平方米，2026年12月底前完成。直接生成"
# The page views in an endpoint's result, in ui.draft_page.VIEWS order (gr.State is not sent to API clients).
SHOWN = [name for name in VIEWS if name != "session_id"]
EDIT_INPUTS = ("name", "unit", "budget", "year", "long_goal", "annual_goal", "annual", "long_term")


def shown(result) -> dict:
    """An endpoint's result by view name: shown(r)["annual"]["data"] is the annual table's cells."""
    return dict(zip(SHOWN, result))


def _inputs(result: dict) -> list:
    """The /edit inputs as the page would send them after this result."""
    return [result[name] for name in EDIT_INPUTS]


@pytest.fixture
def app(launch_ui, tmp_path, knowledge_store):
    url, services = launch_ui(Settings(home=tmp_path / "home"), store=knowledge_store, llm=None)
    return url, services


def test_a_turn_drafts_a_table_and_saves_the_session(app):
    url, services = app
    client = Client(url, verbose=False)
    result = shown(client.predict(TRAINING, [], api_name="/send"))
    session_id = result["browser"]["session_id"]
    rows = result["annual"]["data"]
    assert len(rows) >= 5 and any(r[2] == "培训人数" and r[4] == "500" for r in rows)
    assert "培训" in result["name"] and float(result["budget"]) == 50
    assert "引用的先例" in result["precedents"]
    saved = services.sessions.load(session_id)
    assert saved.form.annual_indicators[0].name == rows[0][2] and saved.messages[0].content == TRAINING


def test_edit_through_the_api_flags_the_row_and_export_re_imports(app, tmp_path):
    url, services = app
    client = Client(url, verbose=False)
    drafted = shown(client.predict(TRAINING, [], api_name="/send"))
    inputs = _inputs(drafted)
    annual = inputs[6]
    annual["data"][0][4] = "很多"
    bad = shown(client.predict(*inputs, api_name="/edit"))
    assert bad["annual"]["data"][0][4] == "很多" and bad["annual"]["data"][0][-1].startswith("✖")
    assert "年度表第1行" in bad["findings"]
    annual["data"][0][4] = "500"
    fixed = shown(client.predict(*inputs, api_name="/edit"))
    assert fixed["annual"]["data"][0][-1] == "✓" and "年度表第1行" not in fixed["findings"]
    assert "手工编辑：年度表第1行" in fixed["versions"]

    exported = client.predict(api_name="/export_xlsx")
    path = exported[-1]["value"] if isinstance(exported[-1], dict) else exported[-1]
    form = read_forms(path).forms[0]
    session = services.sessions.load(drafted["browser"]["session_id"])
    assert [(r.name, r.raw_value) for r in form.annual_indicators] == [
        (r.name, r.raw_value) for r in session.form.annual_indicators]


def test_undo_restores_the_previous_version(app):
    url, _ = app
    client = Client(url, verbose=False)
    drafted = shown(client.predict(TRAINING, [], api_name="/send"))
    revised = shown(client.predict("满意度改成95%", drafted["chatbot"], api_name="/send"))
    assert revised["annual"]["data"] != drafted["annual"]["data"]
    undone = shown(client.predict(api_name="/undo"))
    assert undone["annual"]["data"] == drafted["annual"]["data"] and "已撤销" in undone["notice"]


def test_two_clients_at_once_keep_separate_drafts(app):
    url, services = app
    results = {}

    def converse(key, text):
        client = Client(url, verbose=False)
        first = shown(client.predict(text, [], api_name="/send"))
        again = shown(client.predict(api_name="/validate"))  # the same client's next event sees its own draft
        results[key] = (first, again)

    threads = [threading.Thread(target=converse, args=a) for a in (("training", TRAINING), ("greening", GREENING))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    (t_first, t_again), (g_first, g_again) = results["training"], results["greening"]
    assert t_first["browser"]["session_id"] != g_first["browser"]["session_id"]
    assert "培训" in t_again["name"] and "绿化" in g_again["name"]
    assert float(t_again["budget"]) == 50 and float(g_again["budget"]) == 80
    owners = {services.sessions.load(r[0]["browser"]["session_id"]).form.project.budget_wan for r in results.values()}
    assert owners == {50, 80}


def test_with_login_the_api_needs_an_account_and_users_are_kept_apart(launch_ui, tmp_path, knowledge_store):
    url, services = launch_ui(Settings(home=tmp_path, auth="alice:pw-a,bob:pw-b"), store=knowledge_store, llm=None)
    with pytest.raises(Exception):
        Client(url, verbose=False).predict(TRAINING, [], api_name="/send")
    alice = Client(url, auth=("alice", "pw-a"), verbose=False)
    drafted = shown(alice.predict(TRAINING, [], api_name="/send"))
    alice_id = drafted["browser"]["session_id"]
    assert services.sessions.load(alice_id).owner == "alice"
    bob = Client(url, auth=("bob", "pw-b"), verbose=False)
    restored = shown(bob.predict({"session_id": alice_id}, None, api_name="/restore"))  # bob presents alice's draft id
    assert restored["browser"]["session_id"] != alice_id and restored["annual"]["data"][0][2] == ""
    assert services.sessions.load(alice_id).messages[0].content == TRAINING


def test_a_bad_upload_is_a_chinese_message_and_the_draft_stays(app, tmp_path):
    from gradio_client import handle_file

    url, services = app
    client = Client(url, verbose=False)
    drafted = shown(client.predict(TRAINING, [], api_name="/send"))
    broken = tmp_path / "损坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    result = shown(client.predict(handle_file(str(broken)), api_name="/import_form"))
    assert "导入失败" in result["notice"] and "损坏.xlsx" in result["notice"]
    assert result["annual"]["data"] == drafted["annual"]["data"]
    assert services.sessions.load(drafted["browser"]["session_id"]).current == 0


def test_an_llm_that_times_out_leaves_a_notice_and_the_draft(launch_ui, tmp_path, monkeypatch, knowledge_store):
    from tests.llm_stub import StubLLM, slow_reply

    with StubLLM() as stub:
        for route in ("submit_brief", "submit_form", "submit_revision", "json"):
            stub.script(route, slow_reply(5))
        llm = stub.chat_model(monkeypatch, timeout=0.5)
        url, services = launch_ui(Settings(home=tmp_path), store=knowledge_store, llm=llm)
        client = Client(url, verbose=False)
        drafted = shown(client.predict(TRAINING, [], api_name="/send"))
        assert len(drafted["annual"]["data"]) >= 5  # the offline composer took over
        assert "离线起草" in drafted["notice"] and "大模型" in drafted["notice"]
        asked = shown(client.predict("请把绩效目标写得更具体一些", drafted["chatbot"], api_name="/send"))
        assert asked["annual"]["data"] == drafted["annual"]["data"]
        assert "草稿未改动" in str(asked["chatbot"][-1])
        assert stub.requests  # the model was really asked, over HTTP on 127.0.0.1


_CONNECTIONS: list | None = None


def _record_connections(event, args):
    if event == "socket.connect" and _CONNECTIONS is not None:
        _CONNECTIONS.append(args[1])


def test_the_server_connects_nowhere_but_127_0_0_1(launch_ui, tmp_path, knowledge_store):
    """Launch, a turn and an export open no connection off this machine (no analytics, no update check)."""
    global _CONNECTIONS
    import sys

    _CONNECTIONS = []
    sys.addaudithook(_record_connections)  # hooks cannot be removed; it records only while the list exists
    try:
        url, _ = launch_ui(Settings(home=tmp_path), store=knowledge_store, llm=None)
        client = Client(url, verbose=False)
        client.predict(TRAINING, [], api_name="/send")
        client.predict(api_name="/export_xlsx")
        seen = list(_CONNECTIONS)
    finally:
        _CONNECTIONS = None
    hosts = {address[0] for address in seen if isinstance(address, tuple)}
    assert hosts and hosts <= {"127.0.0.1", "::1", "localhost"}, hosts
