"""The UI's API through gradio_client against the app launched on 127.0.0.1: turns, edits, exports,
sessions kept apart, login."""

from __future__ import annotations

import threading

import pytest
from gradio_client import Client

from assistant.drafting.precedents import LocalPrecedents
from assistant.formio import read_forms
from assistant.settings import Settings

pytestmark = pytest.mark.slow

TRAINING = "我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成"
GREENING = "我们要实施城区绿化养护项目，预算80万元，养护绿地面积120万平方米，2026年12月底前完成。直接生成"
# Where each page view sits in an endpoint's result (State outputs are not returned to API clients).
BROWSER, CHAT, TITLE, NAME, BUDGET, ANNUAL, LONG_TERM, FINDINGS, PRECEDENTS, VERSIONS, NOTICE = 0, 1, 2, 3, 5, 9, 10, 11, 12, 13, 14


def _inputs(result):
    """The /edit inputs as the page would send them after this result."""
    return [result[NAME], result[4], result[BUDGET], result[6], result[7], result[8], result[ANNUAL], result[LONG_TERM]]


@pytest.fixture
def app(launch_ui, tmp_path):
    url, services = launch_ui(Settings(home=tmp_path / "home"), store=LocalPrecedents(), llm=None)
    return url, services


def test_a_turn_drafts_a_table_and_saves_the_session(app):
    url, services = app
    client = Client(url, verbose=False)
    result = client.predict(TRAINING, [], api_name="/send")
    session_id = result[BROWSER]["session_id"]
    rows = result[ANNUAL]["data"]
    assert len(rows) >= 5 and any(r[2] == "培训人数" and r[4] == "500" for r in rows)
    assert "培训" in result[NAME] and float(result[BUDGET]) == 50
    assert "引用的先例" in result[PRECEDENTS]
    saved = services.sessions.load(session_id)
    assert saved.form.annual_indicators[0].name == rows[0][2] and saved.messages[0].content == TRAINING


def test_edit_through_the_api_flags_the_row_and_export_re_imports(app, tmp_path):
    url, services = app
    client = Client(url, verbose=False)
    drafted = client.predict(TRAINING, [], api_name="/send")
    inputs = _inputs(drafted)
    annual = inputs[6]
    annual["data"][0][4] = "很多"
    bad = client.predict(*inputs, api_name="/edit")
    assert bad[ANNUAL]["data"][0][4] == "很多" and bad[ANNUAL]["data"][0][-1].startswith("✖")
    assert "年度表第1行" in bad[FINDINGS]
    annual["data"][0][4] = "500"
    fixed = client.predict(*inputs, api_name="/edit")
    assert fixed[ANNUAL]["data"][0][-1] == "✓" and "年度表第1行" not in fixed[FINDINGS]
    assert "手工编辑：年度表第1行" in fixed[VERSIONS]

    exported = client.predict(api_name="/export_xlsx")
    path = exported[-1]["value"] if isinstance(exported[-1], dict) else exported[-1]
    form = read_forms(path).forms[0]
    session = services.sessions.load(drafted[BROWSER]["session_id"])
    assert [(r.name, r.raw_value) for r in form.annual_indicators] == [
        (r.name, r.raw_value) for r in session.form.annual_indicators]


def test_undo_restores_the_previous_version(app):
    url, _ = app
    client = Client(url, verbose=False)
    drafted = client.predict(TRAINING, [], api_name="/send")
    revised = client.predict("满意度改成95%", drafted[CHAT], api_name="/send")
    assert revised[ANNUAL]["data"] != drafted[ANNUAL]["data"]
    undone = client.predict(api_name="/undo")
    assert undone[ANNUAL]["data"] == drafted[ANNUAL]["data"] and "已撤销" in undone[NOTICE]


def test_two_clients_at_once_keep_separate_drafts(app):
    url, services = app
    results = {}

    def converse(key, text):
        client = Client(url, verbose=False)
        first = client.predict(text, [], api_name="/send")
        again = client.predict(api_name="/validate")  # the same client's next event sees its own draft
        results[key] = (first, again)

    threads = [threading.Thread(target=converse, args=a) for a in (("training", TRAINING), ("greening", GREENING))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    (t_first, t_again), (g_first, g_again) = results["training"], results["greening"]
    assert t_first[BROWSER]["session_id"] != g_first[BROWSER]["session_id"]
    assert "培训" in t_again[NAME] and "绿化" in g_again[NAME]
    assert float(t_again[BUDGET]) == 50 and float(g_again[BUDGET]) == 80
    owners = {services.sessions.load(r[0][BROWSER]["session_id"]).form.project.budget_wan for r in results.values()}
    assert owners == {50, 80}


def test_with_login_the_api_needs_an_account_and_users_are_kept_apart(launch_ui, tmp_path):
    url, services = launch_ui(Settings(home=tmp_path, auth="alice:pw-a,bob:pw-b"), store=LocalPrecedents(), llm=None)
    with pytest.raises(Exception):
        Client(url, verbose=False).predict(TRAINING, [], api_name="/send")
    alice = Client(url, auth=("alice", "pw-a"), verbose=False)
    drafted = alice.predict(TRAINING, [], api_name="/send")
    alice_id = drafted[BROWSER]["session_id"]
    assert services.sessions.load(alice_id).owner == "alice"
    bob = Client(url, auth=("bob", "pw-b"), verbose=False)
    restored = bob.predict({"session_id": alice_id}, None, api_name="/restore")  # bob presents alice's draft id
    assert restored[BROWSER]["session_id"] != alice_id and restored[ANNUAL]["data"][0][2] == ""
    assert services.sessions.load(alice_id).messages[0].content == TRAINING


def test_a_bad_upload_is_a_chinese_message_and_the_draft_stays(app, tmp_path):
    from gradio_client import handle_file

    url, services = app
    client = Client(url, verbose=False)
    drafted = client.predict(TRAINING, [], api_name="/send")
    broken = tmp_path / "损坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    result = client.predict(handle_file(str(broken)), api_name="/import_form")
    assert "导入失败" in result[NOTICE] and "损坏.xlsx" in result[NOTICE]
    assert result[ANNUAL]["data"] == drafted[ANNUAL]["data"]
    assert services.sessions.load(drafted[BROWSER]["session_id"]).current == 0


def test_an_llm_that_times_out_leaves_a_notice_and_the_draft(launch_ui, tmp_path, monkeypatch):
    from tests.llm_stub import StubLLM, slow_reply

    with StubLLM() as stub:
        for route in ("submit_brief", "submit_form", "submit_revision", "json"):
            stub.script(route, slow_reply(5))
        llm = stub.chat_model(monkeypatch, timeout=0.5)
        url, services = launch_ui(Settings(home=tmp_path), store=LocalPrecedents(), llm=llm)
        client = Client(url, verbose=False)
        drafted = client.predict(TRAINING, [], api_name="/send")
        assert len(drafted[ANNUAL]["data"]) >= 5  # the offline composer took over
        assert "离线起草" in drafted[NOTICE] and "大模型" in drafted[NOTICE]
        asked = client.predict("请把绩效目标写得更具体一些", drafted[CHAT], api_name="/send")
        assert asked[ANNUAL]["data"] == drafted[ANNUAL]["data"]
        assert "草稿未改动" in str(asked[CHAT][-1])
        assert stub.requests  # the model was really asked, over HTTP on 127.0.0.1


_CONNECTIONS: list | None = None


def _record_connections(event, args):
    if event == "socket.connect" and _CONNECTIONS is not None:
        _CONNECTIONS.append(args[1])


def test_the_server_connects_nowhere_but_127_0_0_1(launch_ui, tmp_path):
    """Launch, a turn and an export open no connection off this machine (no analytics, no update check)."""
    global _CONNECTIONS
    import sys

    _CONNECTIONS = []
    sys.addaudithook(_record_connections)  # hooks cannot be removed; it records only while the list exists
    try:
        url, _ = launch_ui(Settings(home=tmp_path), store=LocalPrecedents(), llm=None)
        client = Client(url, verbose=False)
        client.predict(TRAINING, [], api_name="/send")
        client.predict(api_name="/export_xlsx")
        seen = list(_CONNECTIONS)
    finally:
        _CONNECTIONS = None
    hosts = {address[0] for address in seen if isinstance(address, tuple)}
    assert hosts and hosts <= {"127.0.0.1", "::1", "localhost"}, hosts
