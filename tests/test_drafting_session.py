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
    assert session.framework == "101"  # the default layout: 成本指标 is its own 一级
    drafter.send(session, "换成地方格式")
    assert session.framework == "local"
    assert not any(r.level1 == "成本指标" for r in session.form.annual_indicators)
    assert any((r.level1, r.level2) == ("产出指标", "成本指标") for r in session.form.annual_indicators)
    drafter.send(session, "换成101号格式")
    assert session.framework == "101"
    assert any(r.level1 == "成本指标" for r in session.form.annual_indicators)
    assert not any(r.level2 == "成本指标" for r in session.form.annual_indicators)


def test_the_first_draft_follows_the_layout_of_the_users_own_precedents(tmp_path, knowledge_store):
    drafter = Drafter(store=knowledge_store, sessions=SessionStore(tmp_path))
    own = drafter.sessions.new()  # 武汉市 units' approved forms use the local layout
    drafter.send(own, "我们是武汉市江汉区民政局，2027年社区养老服务驿站运营补贴，预算40万元，运营驿站8个，12月底前完成")
    assert own.framework == "local"
    other = drafter.sessions.new()
    drafter.send(other, "我们是某县民政局，2027年社区养老服务驿站运营补贴，预算40万元，运营驿站8个，12月底前完成")
    assert other.framework == "101"


def test_revisions_in_the_users_words(tmp_path):
    sessions = SessionStore(tmp_path)
    drafter = Drafter(sessions=sessions)
    session = sessions.new()
    drafter.send(session, "我们是某县交通运输局，2027年农村客运班线补贴资金，预算90万元，补贴客运班线30条，"
                          "每条每年补贴3万元，12月底前完成 直接生成")
    rows = lambda: session.form.annual_indicators  # noqa: E731
    drafter.send(session, "加一个时效指标：补贴资金6月底前拨付到企业")
    added = next(r for r in rows() if r.name == "补贴资金拨付到企业时间")
    assert (added.level2, added.raw_value) == ("时效指标", "≤2027年6月30日")
    drafter.send(session, "增加成本指标：每公里运营补助0.5元")
    assert next(r for r in rows() if r.unit == "元/公里").raw_value == "=0.5元/公里"
    third = rows()[2]
    drafter.send(session, "把第3行改成班线通达率不低于98%")
    assert rows()[2].name == "班线通达率" and rows()[2].raw_value == "≥98%" and third.name not in [r.name for r in rows()]
    drafter.send(session, "班线通达率的依据改为历史标准")
    assert next(r for r in rows() if r.name == "班线通达率").basis == "历史标准"
    drafter.send(session, "满意度对象改成乘客")
    assert [r.name for r in rows() if r.level1 == "满意度指标"] == ["乘客满意度"]
    drafter.send(session, "删掉通达率那一行")
    assert "班线通达率" not in [r.name for r in rows()]


def test_a_request_it_cannot_do_is_answered_and_changes_nothing(chat):
    drafter, _, session = chat
    before, versions = session.form.model_copy(deep=True), len(session.versions)
    reply = drafter.send(session, "把指标改得更有文采一些")
    assert not reply.drafted and "没能理解" in reply.message and "可以这样说" in reply.message
    assert session.form == before and len(session.versions) == versions


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
