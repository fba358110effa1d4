"""Who may read what, through the real server and gradio_client: drafts, exports and review reports are the
owner's alone, with or without login; two reviews at once never share a file; a failed turn keeps the text;
wrong passwords are limited."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import httpx
import pytest
from gradio_client import Client, handle_file
from openpyxl import load_workbook

from assistant.settings import Settings
from tests.test_formio_text import SEED  # the two seed 批复表, as pasted text
from tests.test_ui_api import SHOWN, TRAINING, shown

pytestmark = pytest.mark.slow


@pytest.fixture
def app(launch_ui, tmp_path, knowledge_store):
    return launch_ui(Settings(home=tmp_path / "home"), store=knowledge_store, llm=None)


def _direct(url: str, path, **kwargs) -> int:
    """The status of fetching a server-side file by its path, as someone who guessed it would."""
    return httpx.get(f"{url}gradio_api/file={path}", **kwargs).status_code


def _written(services, home, suffix: str) -> list:
    """Every file of this kind the server wrote, wherever it wrote it."""
    return sorted({*home.rglob(f"*{suffix}"), *services.export_dir.rglob(f"*{suffix}")})


def test_a_session_id_alone_opens_nothing_without_login(app):
    url, services = app
    alice = Client(url, verbose=False)
    loaded = shown(alice.predict({"session_id": None}, None, api_name="/restore"))
    drafted = shown(alice.predict(TRAINING, loaded["chatbot"], api_name="/send"))
    alice_id = drafted["browser"]["session_id"]
    before = services.sessions.load(alice_id)

    mallory = Client(url, verbose=False)  # another browser that learned alice's draft id
    restored = shown(mallory.predict({"session_id": alice_id}, None, api_name="/restore"))
    assert restored["browser"]["session_id"] != alice_id and restored["annual"]["data"][0][2] == ""
    mallory.predict("满意度改成95%", [], api_name="/send")
    try:
        switched = shown(mallory.predict(alice_id, api_name="/switch"))
        assert switched["browser"]["session_id"] != alice_id and "无权" in switched["notice"]
    except Exception as exc:  # noqa: BLE001 — refusing the value outright is as good
        assert "alice" not in str(exc)
    after = services.sessions.load(alice_id)
    assert after.messages == before.messages and after.current == before.current
    assert shown(alice.predict(api_name="/validate"))["browser"]["session_id"] == alice_id  # alice still has hers


def test_exports_are_only_reachable_through_the_owners_link(app, tmp_path):
    url, services = app
    alice = Client(url, verbose=False, download_files=False)
    alice.predict(TRAINING, [], api_name="/send")
    exported = alice.predict(api_name="/export_xlsx")[-1]
    link = exported["value"] if "value" in exported else exported
    assert httpx.get(link["url"]).status_code == 200  # the owner's own link works
    written = _written(services, tmp_path / "home", ".xlsx")
    assert written
    for path in written:  # by path, the file is not served to anyone: guessing the place gives nothing
        assert _direct(url, path) == 403, path


def test_with_login_bob_cannot_fetch_alices_export_or_report(launch_ui, tmp_path, knowledge_store):
    url, services = launch_ui(Settings(home=tmp_path, auth="alice:pw-a,bob:pw-b"), store=knowledge_store, llm=None)
    alice = Client(url, auth=("alice", "pw-a"), verbose=False, download_files=False)
    alice.predict(TRAINING, [], api_name="/send")
    alice.predict(api_name="/export_docx")
    alice.predict([handle_file(str(SEED))], "", api_name="/review")
    with httpx.Client() as bob:
        assert bob.post(f"{url}login", data={"username": "bob", "password": "pw-b"}).status_code == 200
        written = _written(services, tmp_path, ".docx") + _written(services, tmp_path, ".xlsx")
        assert any(p.suffix == ".docx" for p in written) and any("审核报告" in p.name for p in written)
        for path in written:
            assert bob.get(f"{url}gradio_api/file={path}").status_code == 403, path


def test_two_reviews_in_the_same_second_get_their_own_intact_reports(app, tmp_path, monkeypatch):
    from ui import review_handlers

    url, services = app
    monkeypatch.setattr(review_handlers, "time", SimpleNamespace(strftime=lambda fmt: "20261201-220000"))
    inputs = {}
    for name in ("甲单位", "乙单位"):
        path = tmp_path / f"{name}.txt"
        path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
        inputs[name] = path
    reports, barrier = {}, threading.Barrier(2)

    def review(name):
        client = Client(url, verbose=False, download_files=False)
        barrier.wait()
        reports[name] = client.predict([handle_file(str(inputs[name]))], "", api_name="/review")[2]  # (notice, summary, report, choose)

    threads = [threading.Thread(target=review, args=(n,)) for n in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    on_server = [p for p in _written(services, tmp_path / "home", ".xlsx") if "审核报告" in p.name]
    assert len(on_server) == 2  # one file each, though written in the same second
    for name, report in reports.items():
        saved = tmp_path / f"{name}-下载.xlsx"
        saved.write_bytes(httpx.get(report["url"]).content)
        summary = load_workbook(saved)["汇总"]
        assert {row[1] for row in summary.iter_rows(min_row=2, values_only=True)} == {f"{name}.txt"}
    for path in on_server:
        assert _direct(url, path) == 403


def test_a_failed_turn_keeps_the_text_and_a_done_turn_is_shown_done(app, monkeypatch):
    """Issue 12 item 7: the page failed after the turn was saved, showed an error and cleared the box, and the
    user's resend applied the request twice. A turn that did not happen keeps the words; one that did shows."""
    url, services = app
    client = Client(url, verbose=False)
    drafted = shown(client.predict(TRAINING, [], api_name="/send"))
    session_id = drafted["browser"]["session_id"]

    real_send = services.drafter.send
    monkeypatch.setattr(services.drafter, "send", lambda session, text, **kwargs: (_ for _ in ()).throw(TimeoutError("超时")))
    result = client.predict("满意度改成95%", drafted["chatbot"], api_name="/send")
    assert result[len(SHOWN)] == "满意度改成95%"  # the message box, after the views: the words stay to resend
    assert len(services.sessions.load(session_id).messages) == 2  # and nothing was applied

    monkeypatch.setattr(services.drafter, "send", real_send)
    monkeypatch.setattr(services, "drafts_of", lambda owner: (_ for _ in ()).throw(FileNotFoundError("x.json")))
    result = client.predict("满意度改成95%", drafted["chatbot"], api_name="/send")
    assert result[len(SHOWN)] == ""  # done: nothing left to resend by mistake
    assert "满意度改成95%" in str(shown(result)["chatbot"])  # and the chat shows it was done
    saved = services.sessions.load(session_id)
    assert [m.content for m in saved.messages if m.role == "user"] == [TRAINING, "满意度改成95%"]


def test_an_event_that_fails_says_so_in_chinese(app, monkeypatch):
    url, services = app
    client = Client(url, verbose=False)
    client.predict(TRAINING, [], api_name="/send")
    monkeypatch.setattr(services, "drafts_of", lambda owner: (_ for _ in ()).throw(FileNotFoundError("x.json")))
    with pytest.raises(Exception, match="操作失败（FileNotFoundError）"):
        client.predict(api_name="/validate")


def test_many_clients_at_once_lose_no_turn(app):
    url, services = app
    failures, ids = [], {}

    def converse(n):
        client = Client(url, verbose=False)
        try:
            result = shown(client.predict(TRAINING, [], api_name="/send"))
            for text in ("满意度改成95%", "培训人数改为600人"):
                result = shown(client.predict(text, result["chatbot"], api_name="/send"))
            ids[n] = result["browser"]["session_id"]
        except Exception as exc:  # noqa: BLE001 — every failed turn is counted
            failures.append(exc)

    threads = [threading.Thread(target=converse, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert failures == [] and len(set(ids.values())) == 8
    for session_id in ids.values():
        session = services.sessions.load(session_id)
        assert [m.role for m in session.messages] == ["user", "assistant"] * 3 and len(session.versions) == 3


def test_wrong_passwords_lock_the_account_for_a_while(launch_ui, tmp_path, knowledge_store):
    url, _ = launch_ui(Settings(home=tmp_path, auth="alice:pw-a,bob:pw-b"), store=knowledge_store, llm=None)

    def login(user, password):
        return httpx.post(f"{url}login", data={"username": user, "password": password}, timeout=30).status_code

    results = []
    threads = [threading.Thread(target=lambda: results.append(login("alice", "guess"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [400] * 8
    assert login("alice", "pw-a") == 400  # locked: even the right password waits out the window
    assert login("bob", "pw-b") == 200  # other accounts are not affected
