"""The 起草 page's handlers and views, without a browser: real sessions on disk, real files, real validators."""

from __future__ import annotations

import json
import threading

import pytest

from assistant.drafting.drafter import Drafter
from assistant.formio import read_forms
from assistant.settings import Settings
from ui import handlers, views
from ui.services import AuthConfigError, SessionAccessError, build_services, parse_auth
from ui.settings_page import settings_markdown

BRIEF = "我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成"


@pytest.fixture
def services(tmp_path, knowledge_store):
    return build_services(Settings(home=tmp_path / "home"), store=knowledge_store, llm=None)


@pytest.fixture
def drafted(services):
    session = handlers.restore(services, None, None)
    outcome = handlers.send_message(services, session.id, None, BRIEF)
    assert not outcome.failed and outcome.session.form is not None
    return outcome.session


def _page(session):
    """The page's inputs as the browser sends them back: header, goals, both tables as cells."""
    form = session.form
    header = {"name": form.project.name, "unit": form.project.unit, "budget_wan": form.project.budget_wan,
              "year": form.project.year}
    goals = {"long_term": form.goals.long_term, "annual": form.goals.annual}
    annual = views.table_value(form.annual_indicators, session.findings, "annual")["data"]
    long_term = views.table_value(form.long_term_indicators, session.findings, "long_term")["data"]
    return header, goals, annual, long_term


# ---- login -----------------------------------------------------------------------------------------


def test_auth_from_a_list_or_a_file(tmp_path):
    assert parse_auth("alice:pw1, bob:pw:2") == {"alice": "pw1", "bob": "pw:2"}
    path = tmp_path / "users.txt"
    path.write_text("# 账号\ncarol:secret\n\ndave:x\n", encoding="utf-8")
    assert parse_auth(str(path)) == {"carol": "secret", "dave": "x"}
    assert parse_auth("") is None and parse_auth(None) is None
    with pytest.raises(AuthConfigError, match="第2项"):
        parse_auth("alice:pw1,bob")
    with pytest.raises(AuthConfigError, match="不是存在的文件"):
        parse_auth(str(tmp_path / "missing.txt"))


def test_with_login_each_user_sees_only_their_own_drafts(tmp_path, knowledge_store):
    settings = Settings(home=tmp_path, auth="alice:a,bob:b")
    services = build_services(settings, store=knowledge_store, llm=None)
    alice = handlers.send_message(services, handlers.restore(services, None, "alice").id, "alice", BRIEF).session
    with pytest.raises(SessionAccessError):
        services.open_session(alice.id, "bob")
    bob = handlers.restore(services, alice.id, "bob")  # bob's browser holding alice's id gets his own draft
    assert bob.id != alice.id and bob.owner == "bob" and bob.form is None
    assert handlers.restore(services, None, "alice").id == alice.id  # alice on a new browser: her latest
    failed = handlers.edit_form(services, alice.id, "bob", *_page(alice))
    assert failed.failed and services.sessions.load(alice.id).current == alice.current


def test_without_login_each_browser_lists_and_switches_between_its_own_drafts(services):
    first = handlers.send_message(services, handlers.restore(services, None, "browser:k1").id, "browser:k1", BRIEF).session
    second = handlers.new_session(services, "browser:k1").session
    other = handlers.restore(services, None, "browser:k2")
    assert {d.id for d in services.drafts_of("browser:k1")} == {first.id, second.id}
    assert [d.id for d in services.drafts_of("browser:k2")] == [other.id]
    assert services.drafts_of(None) == []
    switched = handlers.switch(services, second.id, first.id, "browser:k1")
    assert switched.session.form == first.form and not switched.failed
    # Without login too, a draft id alone opens nothing: browser k2 presenting k1's id is refused.
    refused = handlers.switch(services, other.id, first.id, "browser:k2")
    assert refused.failed and refused.session.id == other.id and "无权" in refused.notice
    assert handlers.restore(services, first.id, "browser:k2").id == other.id
    assert handlers.send_message(services, first.id, "browser:k2", "满意度改成95%").failed
    assert services.sessions.load(first.id).messages == first.messages
    # A browser that lost its draft id but kept its key gets its latest draft back.
    assert handlers.restore(services, None, "browser:k1").id in {first.id, second.id}
    assert views.draft_label(first).startswith(first.form.project.name)


def test_switching_to_another_users_draft_is_refused(tmp_path, knowledge_store):
    services = build_services(Settings(home=tmp_path, auth="alice:a,bob:b"), store=knowledge_store, llm=None)
    alice = handlers.restore(services, None, "alice")
    bob = handlers.restore(services, None, "bob")
    refused = handlers.switch(services, bob.id, alice.id, "bob")
    assert refused.failed and refused.session.id == bob.id and "无权" in refused.notice


# ---- the conversation ------------------------------------------------------------------------------


def test_a_turn_drafts_and_is_saved(services, drafted):
    saved = services.sessions.load(drafted.id)
    assert saved.form == drafted.form and [m.role for m in saved.messages] == ["user", "assistant"]
    assert handlers.restore(services, drafted.id, None).form == drafted.form
    chat = views.chat_messages(saved)
    assert chat[0] == {"role": "user", "content": BRIEF}


def test_an_empty_message_changes_nothing(services, drafted):
    outcome = handlers.send_message(services, drafted.id, None, "  ")
    assert outcome.failed and "请先输入" in outcome.notice
    assert services.sessions.load(drafted.id).messages == drafted.messages


class _TimingOutDrafter(Drafter):
    def send(self, session, text):
        session.say("user", text)  # the turn had started when the model timed out
        raise TimeoutError("大模型 60 秒未响应")


def test_a_failing_turn_keeps_the_draft_and_the_conversation(services, drafted):
    services.drafter = _TimingOutDrafter(store=services.store, sessions=services.sessions)
    outcome = handlers.send_message(services, drafted.id, None, "满意度改成95%")
    assert outcome.failed and "起草失败" in outcome.notice and "未改动" in outcome.notice
    saved = services.sessions.load(drafted.id)
    assert saved.messages == drafted.messages and saved.form == drafted.form
    assert outcome.session.messages == drafted.messages


# ---- editing the tables --------------------------------------------------------------------------


def test_table_cells_round_trip_to_the_same_rows(drafted):
    data = views.table_value(drafted.form.annual_indicators, drafted.findings, "annual")["data"]
    assert [len(line) for line in data] == [len(views.COLUMNS)] * len(data)
    back = views.rows_from_table(data)
    assert [handlers._cells(r) for r in back] == [handlers._cells(r) for r in drafted.form.annual_indicators]
    assert [r.sources for r in back] == [r.sources for r in drafted.form.annual_indicators]


def test_bad_cells_are_kept_as_typed():
    unknown = views.indicator_from_cells(["产品指标", "数量指标", "培训人数", "≥", "很多", "人", "计划标准", "", ""])
    assert (unknown.level1, unknown.operator, unknown.value, unknown.unit) == ("产品指标", "≥", "很多", "人")
    vague = views.indicator_from_cells(["产出指标", "数量指标", "培训人数", "大约", "500", "人", "", "", ""])
    assert "大约" in vague.value and vague.operator in ("", "定性")
    typed_whole = views.indicator_from_cells(["产出指标", "质量指标", "合格率", "", "≥95%", "", "", "", ""])
    assert (typed_whole.operator, typed_whole.value, typed_whole.unit) == ("≥", "95", "%")
    number = views.indicator_from_cells(["产出指标", "数量指标", "人数", "=", 500.0, "人", "", None, None])
    assert number.value == "500" and number.sources == []


def test_a_bad_edit_is_flagged_on_its_row_and_cleared_when_fixed(services, drafted):
    header, goals, annual, long_term = _page(drafted)
    annual[0][4] = "很多"
    bad = handlers.edit_form(services, drafted.id, None, header, goals, annual, long_term).session
    assert bad.form.annual_indicators[0].value == "很多"  # never lost
    row_findings = [f for f in bad.findings if f.location.table == "annual" and f.location.index == 0]
    assert any(f.rule == "values.not_a_number" for f in row_findings)
    assert "年度表第1行" in views.findings_markdown(bad.findings)
    flagged = views.table_value(bad.form.annual_indicators, bad.findings, "annual")
    assert flagged["data"][0][-1].startswith("✖") and "fde2e2" in flagged["metadata"]["styling"][0][0]
    assert bad.versions[-1].note == "手工编辑：年度表第1行"

    annual[0][4] = "500"
    fixed = handlers.edit_form(services, drafted.id, None, header, goals, annual, long_term).session
    assert not [f for f in fixed.findings if f.location.table == "annual" and f.location.index == 0]
    assert services.sessions.load(drafted.id).form.annual_indicators[0].value == "500"


def test_an_unknown_level1_is_flagged_on_its_row(services, drafted):
    header, goals, annual, long_term = _page(drafted)
    annual[1][0] = "产品指标"
    session = handlers.edit_form(services, drafted.id, None, header, goals, annual, long_term).session
    assert session.form.annual_indicators[1].level1 == "产品指标"
    assert any(f.location.index == 1 and f.severity == "error" for f in session.findings if f.location.table == "annual")


def test_an_unchanged_page_makes_no_new_version(services, drafted):
    outcome = handlers.edit_form(services, drafted.id, None, *_page(drafted))
    assert len(outcome.session.versions) == len(drafted.versions)


def test_header_and_goal_edits_are_versions_that_undo_and_redo(services, drafted):
    header, goals, annual, long_term = _page(drafted)
    header["budget_wan"] = 30
    edited = handlers.edit_form(services, drafted.id, None, header, goals, annual, long_term).session
    assert edited.form.project.budget_wan == 30 and edited.versions[-1].note == "手工编辑：项目信息"
    assert any(f.rule.startswith("budget.") for f in edited.findings)  # 50万 cost row against a 30万 budget
    undone = handlers.undo(services, drafted.id, None)
    assert undone.session.form.project.budget_wan == 50 and not undone.failed
    assert handlers.redo(services, drafted.id, None).session.form.project.budget_wan == 30
    assert "第2版" in views.versions_markdown(services.sessions.load(drafted.id))
    first = handlers.undo(services, drafted.id, None)
    again = handlers.undo(services, drafted.id, None)
    assert first.level == "info" and again.level == "warning" and "没有可以撤销" in again.notice


def test_a_draft_whose_budget_is_cleared_keeps_working(services, drafted):
    """Clearing 项目预算 (or importing a form without one) must leave every later action usable."""
    header, goals, annual, long_term = _page(drafted)
    header["budget_wan"] = None
    cleared = handlers.edit_form(services, drafted.id, None, header, goals, annual, long_term)
    assert not cleared.failed and cleared.session.form.project.budget_wan is None
    assert "项目预算：50 万元 → 未填写" in views.versions_markdown(cleared.session)
    assert not handlers.validate_now(services, drafted.id, None).failed
    turn = handlers.send_message(services, drafted.id, None, "满意度改成95%")
    assert not turn.failed and "项目预算" not in turn.session.messages[-1].content
    assert "第3版" in views.versions_markdown(turn.session)
    assert handlers.restore(services, drafted.id, None).form.project.budget_wan is None
    assert handlers.export(services, drafted.id, None, "xlsx").file is not None
    views.draft_title(turn.session), views.precedents_html(handlers.comparison(services, turn.session))


# ---- export and import ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "json"])
def test_export_re_imports_to_the_same_form(services, drafted, fmt):
    outcome = handlers.export(services, drafted.id, None, fmt)
    assert outcome.file is not None and outcome.file.suffix == f".{fmt}"
    assert outcome.file.is_relative_to(services.export_dir)
    form = read_forms(outcome.file).forms[0]
    assert [handlers._cells(r) for r in form.annual_indicators] == [handlers._cells(r) for r in drafted.form.annual_indicators]
    assert form.project.budget_wan == drafted.form.project.budget_wan


def test_exporting_before_a_draft_says_so(services):
    session = handlers.restore(services, None, None)
    outcome = handlers.export(services, session.id, None, "xlsx")
    assert outcome.file is None and "还没有草稿" in outcome.notice


def test_an_exported_form_can_be_imported_as_a_new_version(services, drafted, tmp_path):
    path = handlers.export(services, drafted.id, None, "json").file
    fresh = handlers.restore(services, None, None)
    outcome = handlers.import_file(services, fresh.id, None, str(path))
    assert not outcome.failed and outcome.session.form.annual_indicators == drafted.form.annual_indicators


@pytest.mark.parametrize("name, content, expected", [
    ("broken.xlsx", b"PK\x03\x04 this is not a workbook", "导入失败"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "不支持的文件类型"),
    ("empty.docx", b"", "文件为空"),
    ("notes.txt", "今天开会讨论了项目进度，没有表格。".encode(), "未找到指标表"),
])
def test_bad_uploads_leave_the_draft_untouched(services, drafted, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    outcome = handlers.import_file(services, drafted.id, None, str(path))
    assert outcome.failed and expected in outcome.notice and name in outcome.notice
    saved = services.sessions.load(drafted.id)
    assert saved.form == drafted.form and saved.messages == drafted.messages


def test_a_50_mb_upload_is_refused_in_chinese(services, drafted, tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    outcome = handlers.import_file(services, drafted.id, None, str(path))
    assert outcome.failed and "文件过大" in outcome.notice
    assert services.sessions.load(drafted.id).form == drafted.form


# ---- views ------------------------------------------------------------------------------------------


def test_findings_are_grouped_by_severity_and_name_their_row(services, drafted):
    header, goals, annual, long_term = _page(drafted)
    annual[0][4], annual[2][2] = "很多", "培训质量有所提升率"  # a value that is no number; a vague name
    session = handlers.edit_form(services, drafted.id, None, header, goals, annual, long_term).session
    text = views.findings_markdown(session.findings)
    assert text.index("错误") < text.index("警告")
    assert "**年度表第1行（指标值）**" in text and "年度表第3行" in text
    assert views.findings_markdown([]).startswith("✓ 校验通过")


def test_precedents_view_shows_where_rows_came_from(services, drafted):
    html = views.precedents_html(handlers.comparison(services, drafted))
    cited = {s.split("#")[0].removeprefix("form:") for r in drafted.form.annual_indicators for s in r.sources
             if s.startswith("form:")}
    assert cited and all(form_id in html for form_id in cited)
    assert "年度表第1行" in html and "用户提供：培训500人" in html
    first = handlers.comparison(services, drafted).precedents[0]
    assert f"先例《{first.name}》完整指标表" in html and first.form.annual_indicators[-1].name in html
    assert views.precedents_html(None) == "<p>还没有草稿。</p>"


def test_settings_never_show_a_key(tmp_path, monkeypatch, knowledge_store):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret-123")
    settings = Settings(home=tmp_path, llm="openai:qwen-plus", llm_base_url="https://user:pw@llm.example/v1?key=k")
    text = settings_markdown(build_services(settings, store=knowledge_store, llm=None))
    assert "qwen-plus" in text and "OPENAI_API_KEY：已设置" in text
    assert "sk-very-secret-123" not in text and "pw@" not in text and "key=k" not in text
    offline = settings_markdown(build_services(Settings(home=tmp_path), store=None, llm=None))
    assert "离线模式" in offline


# ---- the store opens in the background ----------------------------------------------------------------


def test_first_run_indexing_is_reported_and_drafting_waits_for_it(tmp_path, monkeypatch, knowledge_store):
    release = threading.Event()

    def slow_store(settings, progress):
        progress(3, 10, "先例表")
        release.wait(10)
        return knowledge_store

    monkeypatch.setattr("ui.services._default_store", slow_store)
    services = build_services(Settings(home=tmp_path), llm=None)
    for _ in range(100):
        if services.status.total:
            break
        threading.Event().wait(0.02)
    assert services.status.state == "loading" and "3/10" in services.status.text and services.store is None
    release.set()
    assert services.wait_for_store(10) and services.status.state == "ready" and services.status.text == ""
    assert services.store is knowledge_store


def test_a_store_that_fails_to_open_is_said_and_drafting_goes_on(tmp_path, monkeypatch):
    def broken(settings, progress):
        raise OSError("磁盘只读")

    monkeypatch.setattr("ui.services._default_store", broken)
    services = build_services(Settings(home=tmp_path), llm=None, background=False)
    assert services.status.state == "failed" and "磁盘只读" in services.status.text
    session = handlers.restore(services, None, None)
    assert handlers.send_message(services, session.id, None, BRIEF).session.form is not None


def test_sessions_survive_as_json_files(services, drafted):
    path = services.settings.sessions_dir / f"{drafted.id}.json"
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == drafted.id


def test_notices_that_quote_a_file_name_are_escaped(services, drafted, tmp_path):
    """A notice names the uploaded file; the toast renders HTML and the notice is markdown: both escaped."""
    import gradio as gr

    from ui import draft_page

    with gr.Blocks():
        page = draft_page.build(services, gr.BrowserState(), gr.BrowserState())
    bad = tmp_path / '<img src=x onerror="alert(1)">.xlsx'
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    outcome = handlers.import_file(services, drafted.id, None, str(bad))
    assert outcome.failed and "<img" in outcome.notice
    shown = draft_page.render(services, page, outcome)[page.notice]
    assert "<img" not in shown and "&lt;img" in shown
