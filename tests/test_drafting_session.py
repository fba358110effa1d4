"""The conversation: questions, drafting, revision intents, undo, versions, persistence."""

import pytest

from assistant.drafting.drafter import Drafter
from assistant.drafting.session import SessionStore

PROJECT = "我们要做一个2027年农民工职业技能培训项目，预算50万元，计划培训500人，人均补贴800元，举办3期，12月底前完成"


@pytest.fixture
def chat(tmp_path):
    sessions = SessionStore(tmp_path / "sessions")
    drafter = Drafter(store=None, llm=None, sessions=sessions)
    session = sessions.new(owner="alice")
    drafter.send(session, PROJECT)
    assert session.form is not None
    return drafter, sessions, session


def _row(session, name):
    return next(r for r in session.form.annual_indicators if r.name == name)


def test_asks_before_drafting_when_essentials_are_missing(tmp_path):
    sessions = SessionStore(tmp_path)
    drafter = Drafter(sessions=sessions)
    session = sessions.new()
    reply = drafter.send(session, "我们想办一个培训班")
    assert reply.asked and session.form is None and "预算" in reply.message
    reply = drafter.send(session, "直接生成")
    assert reply.drafted and session.form is not None


def test_change_value_updates_both_tables_and_goal_text(chat):
    drafter, _, session = chat
    drafter.send(session, "培训人数改为600人")
    assert _row(session, "培训人数").raw_value == "≥600人"
    assert all(r.value == "600" for r in session.form.long_term_indicators if r.name == "培训人数")
    assert "600人" in session.form.goals.annual and "500人" not in session.form.goals.annual


def test_satisfaction_and_budget(chat):
    drafter, _, session = chat
    drafter.send(session, "满意度改成95%")
    satisfaction = [r for r in session.form.annual_indicators if r.level1 == "满意度指标"]
    assert satisfaction[0].raw_value == "≥95%"
    drafter.send(session, "预算改为30万")
    assert session.form.project.budget_wan == 30
    assert _row(session, "项目总成本").raw_value == "≤30万元"


def test_delete_row_and_add_timeliness(chat):
    drafter, _, session = chat
    third = session.form.annual_indicators[2].name
    drafter.send(session, "删除第3行")
    assert third not in [r.name for r in session.form.annual_indicators]
    before = sum(r.level2 == "时效指标" for r in session.form.annual_indicators)
    drafter.send(session, "加一个时效指标")
    after = [r for r in session.form.annual_indicators if r.level2 == "时效指标"]
    assert len(after) == before + 1 and after[-1].sources[0].startswith("lib:")


def test_switch_framework(chat):
    drafter, _, session = chat
    drafter.send(session, "换成101号格式")
    assert session.framework == "101"
    assert any(r.level1 == "成本指标" for r in session.form.annual_indicators)
    assert not any(r.level2 == "成本指标" for r in session.form.annual_indicators)


def test_undo_restores_exactly_and_versions_are_kept(chat):
    drafter, _, session = chat
    original = session.form.model_copy(deep=True)
    drafter.send(session, "培训人数改为700人")
    assert session.form != original
    assert drafter.undo(session)
    assert session.form == original
    assert len(session.versions) == 2


def test_saved_after_every_turn_and_restorable(chat):
    drafter, sessions, session = chat
    drafter.send(session, "满意度改成92%")
    restored = sessions.load(session.id)
    assert restored.form == session.form
    assert [m.content for m in restored.messages] == [m.content for m in session.messages]
    assert sessions.latest_for("alice").id == session.id
    assert sessions.latest_for("bob") is None


def test_damaged_session_file_is_named(tmp_path):
    sessions = SessionStore(tmp_path)
    (tmp_path / "abc.json").write_text("{half")
    with pytest.raises(ValueError, match="会话文件已损坏"):
        sessions.load("abc")


def test_listing_while_another_thread_saves_never_fails(tmp_path):
    """save() writes a .tmp-*.json and renames it; a list() at that moment must not read or trip on it."""
    import threading

    sessions = SessionStore(tmp_path)
    mine = sessions.new(owner="alice")
    stop, errors = threading.Event(), []

    def keep_saving():
        while not stop.is_set():
            sessions.save(mine)

    saver = threading.Thread(target=keep_saving)
    saver.start()
    try:
        for _ in range(400):
            try:
                assert [s.id for s in sessions.list("alice")] == [mine.id]
            except Exception as exc:  # noqa: BLE001 — collected to report the first failure
                errors.append(exc)
                break
    finally:
        stop.set()
        saver.join()
    assert errors == []


def test_the_index_lists_drafts_without_parsing_session_files(tmp_path, monkeypatch):
    """One user's huge session must not slow everyone's page: listing reads the index, not the files."""
    from assistant.drafting import session as module

    sessions = SessionStore(tmp_path)
    alice = sessions.new(owner="alice")
    alice.versions = []  # an old drafted session with a long history: here, just a big file
    alice.say("user", "很长的对话" * 200_000)
    sessions.save(alice)
    bob = sessions.new(owner="bob")
    parsed = []
    real = module.DraftSession.model_validate_json
    monkeypatch.setattr(module.DraftSession, "model_validate_json",
                        classmethod(lambda cls, data, **kw: parsed.append(len(data)) or real(data, **kw)))
    for _ in range(3):
        assert [s.id for s in sessions.list("bob")] == [bob.id]
    assert parsed == []
    reopened = SessionStore(tmp_path)  # a restart reads the saved index, not every file
    assert [s.id for s in reopened.list("alice")] == [alice.id] and parsed == []
    other = SessionStore(tmp_path).new(owner="bob")  # written by another process (jixiao chat)
    assert {s.id for s in sessions.list("bob")} == {bob.id, other.id} and len(parsed) == 1
