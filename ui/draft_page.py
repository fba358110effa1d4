"""起草 page: the conversation on the left; the draft, its problems, its precedents and versions on the right.

Only wiring: what each event does is in ui.handlers, what the page shows in ui.views. Every event
gets the session id from this tab's gr.State and the logged-in user from the request.
"""

from __future__ import annotations

import functools
import logging
import secrets
from dataclasses import dataclass, field

import gradio as gr

from assistant.schema import TABLE_TITLES
from ui import handlers, llm_wait, views
from ui.markup import esc, md
from ui.services import Services

log = logging.getLogger(__name__)

SUPPORTED_UPLOADS = [".xlsx", ".docx", ".txt", ".md", ".json"]
COLUMN_WIDTHS = ["8%", "10%", "16%", "5%", "10%", "6%", "9%", "17%", "19%"]
BUSY = "正在起草，请稍候……"


def _table(label: str, elem_id: str) -> gr.Dataframe:
    return gr.Dataframe(
        value=views.table_value([], [], "annual"), headers=views.COLUMNS, type="array", interactive=True,
        wrap=True, label=label, elem_id=elem_id, static_columns=[7, 8], column_widths=COLUMN_WIDTHS,
        max_height=720,
    )


# What render() fills, by DraftPage field. An API client gets these in this order, without the gr.State
# ones (session_id): see tests/test_ui_api.py's ``shown``.
VIEWS = ("session_id", "browser", "chatbot", "title", "name", "unit", "budget", "year", "long_goal", "annual_goal",
         "annual", "long_term", "findings", "precedents", "versions", "notice", "drafts")


@dataclass
class DraftPage:
    session_id: gr.State
    owner: gr.State  # server-side: whose drafts this tab may open (see owner_of)
    browser: gr.BrowserState
    chatbot: gr.Chatbot
    message: gr.Textbox
    title: gr.Markdown
    notice: gr.Markdown
    tabs: gr.Tabs
    name: gr.Textbox
    unit: gr.Textbox
    budget: gr.Number
    year: gr.Number
    long_goal: gr.Textbox
    annual_goal: gr.Textbox
    annual: gr.Dataframe
    long_term: gr.Dataframe
    findings: gr.Markdown
    precedents: gr.HTML
    versions: gr.Markdown
    export_file: gr.File
    drafts: gr.Dropdown
    browser_key: gr.BrowserState
    buttons: dict = field(default_factory=dict)

    @property
    def views(self) -> list:
        """Everything a session's render fills (VIEWS: the order an API client receives them in)."""
        return [getattr(self, name) for name in VIEWS]

    @property
    def form_inputs(self) -> list:
        return [self.session_id, self.owner, self.name, self.unit, self.budget, self.year, self.long_goal, self.annual_goal,
                self.annual, self.long_term]


def render(services: Services, page: DraftPage, outcome: handlers.Outcome) -> dict:
    """{component: value} for every view of the outcome's session; the notice also as a toast."""
    session = outcome.session
    form = session.form
    project = form.project if form else None
    # notices quote file names and form text: toasts render HTML and the notice is markdown, so both escaped
    if outcome.notice and outcome.level == "warning":
        gr.Warning(esc(outcome.notice), title="注意")
    elif outcome.notice:
        gr.Info(esc(outcome.notice), title="提示", duration=4)
    notice = (("⚠ " if outcome.level == "warning" else "提示：") + md(outcome.notice)) if outcome.notice else ""
    return {
        page.session_id: session.id,
        page.browser: {"session_id": session.id},
        page.chatbot: views.chat_messages(session),
        page.title: views.draft_title(session),
        page.name: project.name if project else "",
        page.unit: project.unit if project else "",
        page.budget: project.budget_wan if project else None,
        page.year: project.year if project else None,
        page.long_goal: form.goals.long_term if form else "",
        page.annual_goal: form.goals.annual if form else "",
        page.annual: views.table_value(form.annual_indicators if form else [], session.findings, "annual"),
        page.long_term: views.table_value(form.long_term_indicators if form else [], session.findings, "long_term"),
        page.findings: views.findings_markdown(session.findings) if form else "还没有草稿。",
        page.precedents: views.precedents_html(handlers.comparison(services, session)),
        page.versions: views.versions_markdown(session),
        page.notice: notice,
        page.drafts: gr.Dropdown(choices=_draft_choices(services, session), value=session.id),
    }


def _draft_choices(services: Services, session) -> list[tuple[str, str]]:
    """This user's (or browser's) drafts, newest first, named by project and time."""
    drafts = services.drafts_of(session.owner) or [session]
    if session.id not in {d.id for d in drafts}:
        drafts = [session, *drafts]
    return [(views.draft_label(d), d.id) for d in drafts[:50]]


def owner_of(services: Services, request: gr.Request | None, browser_owner: str | None) -> str | None:
    """Whose drafts this event may read and write.

    With login: the user gradio authenticated, nothing the client sends. Without login: the owner the
    page load derived from the browser's secret key (kept server-side in a gr.State), or for an API
    client that never loaded the page, its own connection (gradio's session hash).
    """
    if services.users is not None:
        return getattr(request, "username", None)
    if browser_owner:
        return browser_owner
    session_hash = getattr(request, "session_hash", None)
    return f"client:{session_hash}" if session_hash else None


def build(services: Services, browser: gr.BrowserState, browser_key: gr.BrowserState) -> DraftPage:
    session_id = gr.State(None)
    owner = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=340):
            chatbot = gr.Chatbot(value=[{"role": "assistant", "content": views.WELCOME}], label="对话",
                                 height=600, elem_id="draft-chat", layout="bubble")
            message = gr.Textbox(placeholder="描述项目，或提出修改要求（如“满意度改成95%”）……按回车发送",
                                 # one line to start (it grows to 6): gradio then sends on Enter and
                                 # leaves Shift+Enter to the browser, which breaks the line
                                 lines=1, max_lines=6, show_label=False, elem_id="draft-input")
            with gr.Row():
                send = gr.Button("发送", variant="primary", elem_id="draft-send")
                stop = gr.Button("停止等待", elem_id="draft-stop")
                new = gr.Button("新建", elem_id="draft-new")
            drafts = gr.Dropdown(label="我的草稿（切换）", choices=[], elem_id="draft-list", interactive=True)
            upload = gr.File(label="导入已有申报表继续编辑（.xlsx .docx .txt .json）", file_types=SUPPORTED_UPLOADS,
                             elem_id="draft-import", height=140)
        with gr.Column(scale=3, min_width=560):
            title = gr.Markdown(views.NO_DRAFT, elem_id="draft-title")
            with gr.Row(elem_id="draft-buttons"):
                check = gr.Button("校验", size="sm", elem_id="draft-validate")
                to_xlsx = gr.Button("导出 Excel", size="sm", elem_id="draft-export-xlsx")
                to_docx = gr.Button("导出 Word", size="sm", elem_id="draft-export-docx")
                to_json = gr.Button("导出 JSON", size="sm", elem_id="draft-export-json")
                undo = gr.Button("撤销", size="sm", elem_id="draft-undo")
                redo = gr.Button("重做", size="sm", elem_id="draft-redo")
                diff = gr.Button("版本对比", size="sm", elem_id="draft-versions")
            notice = gr.Markdown(elem_id="draft-notice")
            export_file = gr.File(label="导出文件", interactive=False, visible=False, elem_id="draft-export-file")
            with gr.Tabs(selected="draft") as tabs:
                with gr.Tab("草稿", id="draft"):
                    with gr.Row():
                        name = gr.Textbox(label="项目名称", scale=3, elem_id="draft-name")
                        unit = gr.Textbox(label="申报单位", scale=2, elem_id="draft-unit")
                        budget = gr.Number(label="项目预算（万元）", scale=1, elem_id="draft-budget")
                        year = gr.Number(label="预算年度", precision=0, scale=1, elem_id="draft-year")
                    annual_goal = gr.Textbox(label="年度绩效目标", lines=3, elem_id="draft-annual-goal")
                    long_goal = gr.Textbox(label="长期绩效目标", lines=2, elem_id="draft-long-goal")
                    annual = _table(TABLE_TITLES["annual"], "draft-annual")
                    with gr.Accordion(TABLE_TITLES["long_term"], open=False, elem_id="draft-long-term-box"):
                        long_term = _table(TABLE_TITLES["long_term"], "draft-long-term")
                with gr.Tab("问题", id="findings"):
                    findings = gr.Markdown("还没有草稿。", elem_id="draft-findings")
                with gr.Tab("先例", id="precedents"):
                    precedents = gr.HTML("<p>还没有草稿。</p>", elem_id="draft-precedents")
                with gr.Tab("版本", id="versions"):
                    versions = gr.Markdown("还没有草稿版本。", elem_id="draft-versions-text")
    page = DraftPage(session_id, owner, browser, chatbot, message, title, notice, tabs, name, unit, budget, year,
                     long_goal, annual_goal, annual, long_term, findings, precedents, versions, export_file,
                     drafts, browser_key)
    page.buttons = {"send": send, "stop": stop, "new": new, "check": check, "undo": undo, "redo": redo, "diff": diff}
    _wire(services, page, upload, {"xlsx": to_xlsx, "docx": to_docx, "json": to_json})
    return page


def _safely(run):
    """An event that fails unexpectedly says so in Chinese (gradio's own message is an English "Error")."""

    @functools.wraps(run)
    def wrapped(*args, **kwargs):
        try:
            return run(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:  # noqa: BLE001 — the change may have been saved before the page failed to show it
            log.exception("event failed")
            raise gr.Error(f"操作失败（{exc.__class__.__name__}）；请刷新页面查看草稿的当前状态。", title="出错了") from exc

    return wrapped


def _wire(services: Services, page: DraftPage, upload: gr.File, exports: dict) -> None:
    """Every event returns {component: value}; a component left out keeps what it shows."""
    outputs = page.views
    buttons = page.buttons
    send = buttons["send"]

    def who(owner, request):
        return owner_of(services, request, owner)

    def on_send(session_id, owner, text, history, request: gr.Request):
        if not (text or "").strip():
            return
        busy = list(history or []) + [{"role": "user", "content": text}, {"role": "assistant", "content": BUSY}]
        yield {page.chatbot: busy, page.message: "", send: gr.Button(interactive=False)}

        def show(stage):  # the model's stage in the chat while it works
            return {page.chatbot: busy[:-1] + [{"role": "assistant", "content": stage}]}

        try:
            outcome = yield from llm_wait.wait_for_turn(session_id, lambda progress, cancel: handlers.send_message(
                services, session_id, who(owner, request), text, progress=progress, cancel=cancel), show)
        except Exception as exc:  # noqa: BLE001 — the turn did not happen: the words stay to resend
            log.exception("turn failed")
            gr.Warning(f"发送失败（{exc.__class__.__name__}），草稿未改动，您的文字已保留，可直接重发。", title="注意")
            yield {page.chatbot: list(history or []), page.message: text, send: gr.Button(interactive=True)}
            return
        # A failed turn changed nothing and gives the words back; a turn that happened clears them, even if
        # the page then fails to show it — resending it would apply it twice.
        kept = text if outcome.failed else ""
        try:
            shown = render(services, page, outcome)
        except Exception as exc:  # noqa: BLE001
            log.exception("showing a turn failed")
            gr.Warning(f"本轮已处理并保存，但页面未能全部刷新（{exc.__class__.__name__}），请刷新页面查看。", title="注意")
            shown = {page.chatbot: views.chat_messages(outcome.session)}
        yield {**shown, page.message: kept, send: gr.Button(interactive=True)}

    send_outputs = outputs + [page.message, send]
    inputs = [page.session_id, page.owner, page.message, page.chatbot]
    send.click(on_send, inputs, send_outputs, concurrency_limit=None, api_name="send")
    page.message.submit(on_send, inputs, send_outputs, concurrency_limit=None, api_visibility="undocumented")
    buttons["stop"].click(llm_wait.stop, [page.session_id], None, api_name="stop")

    @_safely
    def on_edit(session_id, owner, name, unit, budget, year, long_goal, annual_goal, annual, long_term,
                request: gr.Request):
        header = {"name": name, "unit": unit, "budget_wan": budget, "year": year}
        goals = {"long_term": long_goal, "annual": annual_goal}
        outcome = handlers.edit_form(services, session_id, who(owner, request), header, goals, annual, long_term)
        return render(services, page, outcome)

    page.annual.input(on_edit, page.form_inputs, outputs, trigger_mode="always_last", api_name="edit")
    page.long_term.input(on_edit, page.form_inputs, outputs, trigger_mode="always_last", api_visibility="undocumented")
    for box in (page.name, page.unit, page.budget, page.year, page.long_goal, page.annual_goal):
        box.blur(on_edit, page.form_inputs, outputs, trigger_mode="always_last", api_visibility="undocumented")

    def simple(action, tab=None):
        @_safely
        def run(session_id, owner, request: gr.Request):
            shown = render(services, page, action(services, session_id, who(owner, request)))
            return {**shown, page.tabs: gr.Tabs(selected=tab)} if tab else shown
        return run

    tab_outputs = outputs + [page.tabs]
    owned = [page.session_id, page.owner]
    buttons["check"].click(simple(handlers.validate_now, "findings"), owned, tab_outputs, api_name="validate")
    buttons["undo"].click(simple(handlers.undo), owned, tab_outputs, api_name="undo")
    buttons["redo"].click(simple(handlers.redo), owned, tab_outputs, api_name="redo")
    buttons["diff"].click(simple(handlers.show_versions, "versions"), owned, tab_outputs, api_name="versions")

    @_safely
    def on_new(session_id, owner, request: gr.Request):
        shown = render(services, page, handlers.new_session(services, who(owner, request)))
        return {**shown, page.tabs: gr.Tabs(selected="draft"), page.export_file: gr.File(value=None, visible=False)}

    buttons["new"].click(on_new, owned, tab_outputs + [page.export_file], api_name="new")

    @_safely
    def on_switch(session_id, owner, target, request: gr.Request):
        shown = render(services, page, handlers.switch(services, session_id, target, who(owner, request)))
        return {**shown, page.tabs: gr.Tabs(selected="draft")}

    page.drafts.input(on_switch, owned + [page.drafts], tab_outputs, api_name="switch")

    def exporter(fmt):
        @_safely
        def run(session_id, owner, request: gr.Request):
            outcome = handlers.export(services, session_id, who(owner, request), fmt)
            shown = gr.File(value=str(outcome.file), visible=True) if outcome.file else gr.File(visible=False)
            return {**render(services, page, outcome), page.export_file: shown}
        return run

    for fmt, button in exports.items():
        button.click(exporter(fmt), owned, outputs + [page.export_file], api_name=f"export_{fmt}")

    @_safely
    def on_import(session_id, owner, path, request: gr.Request):
        outcome = handlers.import_file(services, session_id, who(owner, request), path)
        return {**render(services, page, outcome), upload: None}

    upload.upload(on_import, owned + [upload], outputs + [upload], api_name="import_form")


def load(services: Services, page: DraftPage):
    """The page-load event: the browser's (or the user's) last draft, or a new one."""

    def on_load(stored, key, request: gr.Request):
        session_id = (stored or {}).get("session_id") if isinstance(stored, dict) else None
        # The browser's key is its secret (kept encrypted in its storage); a short or odd one is replaced.
        key = key if isinstance(key, str) and len(key) >= 16 else secrets.token_urlsafe(16)
        owner = owner_of(services, request, f"browser:{key}")
        session = handlers.restore(services, session_id, owner)
        return {**render(services, page, handlers.Outcome(session)), page.browser_key: key, page.owner: owner}

    return _safely(on_load)
