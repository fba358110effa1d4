"""What the 起草 page's buttons and edits do, as plain functions of (services, session id, owner, input).

Every action loads the session from disk under its lock, changes it through the Drafter (which saves
it) and returns an Outcome: the session to show and a Chinese notice. Anything that goes wrong becomes
a notice and leaves the saved draft and conversation as they were.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from assistant import findings as presenter
from assistant.drafting.session import DraftSession
from assistant.findings import TABLE_SHORT, row_label
from assistant.formio import FormReadError, read_forms, write_form
from assistant.review import PrecedentComparison, compare_with_precedents
from assistant.schema import Goals, PerformanceForm
from assistant.validation import validate
from ui.services import Services, SessionAccessError
from ui.views import rows_from_table

log = logging.getLogger(__name__)

EXPORT_FORMATS = {"xlsx": "Excel", "docx": "Word", "json": "JSON"}
STORE_WAIT_SECONDS = 900.0  # first-run indexing; the banner shows its progress meanwhile


@dataclass
class Outcome:
    session: DraftSession
    notice: str = ""
    level: str = "info"  # info | warning (shown as a toast)
    file: Path | None = None
    failed: bool = False  # the action did not happen; the saved session is unchanged


def _error(services: Services, session_id: str | None, owner: str | None, message: str) -> Outcome:
    """A failed action: the saved session as it is, and the reason in Chinese."""
    return Outcome(services.restore(session_id, owner), message, "warning", failed=True)


def restore(services: Services, session_id: str | None, owner: str | None) -> DraftSession:
    return services.restore(session_id, owner)


def new_session(services: Services, owner: str | None) -> Outcome:
    return Outcome(services.sessions.new(owner=owner), "已新建草稿；之前的草稿仍保存在服务器上。")


def send_message(services: Services, session_id: str, owner: str | None, text: str,
                 progress=None, cancel=None) -> Outcome:
    if not (text or "").strip():
        return _error(services, session_id, owner, "请先输入项目描述或修改要求。")
    session_id = session_id or services.restore(None, owner).id  # an API client that skipped the page load
    if not services.wait_for_store(STORE_WAIT_SECONDS):
        return _error(services, session_id, owner, "知识库仍在建立索引，请稍候再发送（页面顶部显示进度）。")
    try:
        with services.lock(session_id):
            session = services.open_session(session_id, owner)
            services.drafter.send(session, text, progress=progress, cancel=cancel)
    except SessionAccessError as exc:
        return _error(services, None, owner, f"{exc}；已为您打开新的草稿。")
    except Exception as exc:  # an LLM timeout or a drafting bug must not lose the conversation
        log.exception("drafting turn failed")
        return _error(services, session_id, owner, f"起草失败（{exc.__class__.__name__}：{exc}），草稿和对话未改动，请重试。")
    return Outcome(session, "；".join(session.notices), "warning") if session.notices else Outcome(session)


def form_from_page(base: PerformanceForm | None, header: dict, goals: dict, annual, long_term) -> PerformanceForm:
    """The draft as the page shows it: header fields, both goal texts, both tables as edited."""
    base = base or PerformanceForm()
    project = base.project.model_copy(update={
        "name": str(header.get("name") or "").strip(),
        "unit": str(header.get("unit") or "").strip(),
        "budget_wan": _number(header.get("budget_wan")),
        "year": _year(header.get("year")),
    })
    return base.model_copy(update={
        "project": project,
        "goals": Goals(long_term=str(goals.get("long_term") or ""), annual=str(goals.get("annual") or "")),
        "annual_indicators": rows_from_table(annual),
        "long_term_indicators": rows_from_table(long_term),
    })


def _number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _year(value) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def edit_note(before: PerformanceForm | None, after: PerformanceForm) -> str:
    """"手工编辑：年度表第3行" — which part of the draft the user changed."""
    if before is None:
        return "手工编辑"
    places = []
    if before.project != after.project:
        places.append("项目信息")
    if before.goals != after.goals:
        places.append("绩效目标文本")
    for table, rows in after.tables():
        old = before.table(table)
        if len(old) != len(rows):
            places.append(f"{TABLE_SHORT[table]}行数 {len(old)}→{len(rows)}")
            continue
        places += [row_label(table, i) for i, (a, b) in enumerate(zip(old, rows)) if _cells(a) != _cells(b)]
    return "手工编辑：" + "、".join(places[:4]) if places else "手工编辑"


def _cells(row) -> tuple:
    return (row.level1, row.level2, row.name, row.operator, row.value, row.unit, row.basis)


def edit_form(services: Services, session_id: str, owner: str | None, header: dict, goals: dict,
              annual, long_term) -> Outcome:
    """A table or field edit: a new version, validated at once; an unchanged page makes no version."""
    try:
        with services.lock(session_id):
            session = services.open_session(session_id, owner)
            if session.form is None and not rows_from_table(annual) and not rows_from_table(long_term):
                return Outcome(session)
            form = form_from_page(session.form, header, goals, annual, long_term)
            if session.form is not None and _same(session.form, form):
                return Outcome(session)
            services.drafter.edit(session, form, note=edit_note(session.form, form))
    except SessionAccessError as exc:
        return _error(services, None, owner, str(exc))
    return Outcome(session)


def _same(a: PerformanceForm, b: PerformanceForm) -> bool:
    rows = lambda f: [(t, _cells(r)) for t, rs in f.tables() for r in rs]  # noqa: E731
    return a.project == b.project and a.goals == b.goals and rows(a) == rows(b)


def undo(services: Services, session_id: str, owner: str | None) -> Outcome:
    return _step(services, session_id, owner, "undo", "已撤销，恢复到上一个版本。", "没有可以撤销的版本。")


def redo(services: Services, session_id: str, owner: str | None) -> Outcome:
    return _step(services, session_id, owner, "redo", "已重做。", "没有可以重做的版本。")


def _step(services, session_id, owner, action, done, nothing) -> Outcome:
    try:
        with services.lock(session_id):
            session = services.open_session(session_id, owner)
            moved = getattr(services.drafter, action)(session)
    except SessionAccessError as exc:
        return _error(services, None, owner, str(exc))
    return Outcome(session, done if moved else nothing, "info" if moved else "warning")


def show_versions(services: Services, session_id: str, owner: str | None) -> Outcome:
    try:
        return Outcome(services.open_session(session_id, owner))
    except SessionAccessError as exc:
        return _error(services, None, owner, str(exc))


def switch(services: Services, session_id: str | None, target: str | None, owner: str | None) -> Outcome:
    """Open another of the owner's drafts (the list only offers their own; login is checked again)."""
    try:
        return Outcome(services.open_session(target, owner), "已切换草稿。")
    except SessionAccessError as exc:
        return _error(services, session_id, owner, str(exc))


def validate_now(services: Services, session_id: str, owner: str | None) -> Outcome:
    # load, validate and save under the session's lock: a turn saved meanwhile is not overwritten
    try:
        with services.lock(session_id):
            session = services.open_session(session_id, owner)
            if session.form is None:
                return Outcome(session, "还没有草稿可以校验。", "warning")
            session.findings = validate(session.form, framework=session.framework)
            services.sessions.save(session)
    except SessionAccessError as exc:
        return _error(services, None, owner, str(exc))
    tally = presenter.tally(session.findings)
    return Outcome(session, f"校验完成：{tally['error']} 个错误、{tally['warning']} 个警告。")


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[\\/:*?\"<>|\s]+", "_", name or "").strip("._")
    return cleaned[:60] or "绩效目标申报表"


def export(services: Services, session_id: str, owner: str | None, fmt: str) -> Outcome:
    try:
        session = services.open_session(session_id, owner)
    except SessionAccessError as exc:
        return _error(services, None, owner, str(exc))
    if session.form is None:
        return Outcome(session, "还没有草稿可以导出。", "warning")
    path = services.download_path(f"{_safe_name(session.form.project.name)}.{fmt}")
    try:
        write_form(session.form, path, fmt)
    except (FormReadError, OSError) as exc:
        return Outcome(session, f"导出{EXPORT_FORMATS.get(fmt, fmt)}失败：{exc}", "warning")
    return Outcome(session, f"已导出 {path.name}", file=path)


def import_file(services: Services, session_id: str, owner: str | None, path: str | None) -> Outcome:
    """An existing form (xlsx/docx/txt/json) becomes the draft's next version, to keep editing."""
    if not path:
        return _error(services, session_id, owner, "请选择要导入的文件。")
    name = Path(path).name
    try:
        result = read_forms(path)
    except FormReadError as exc:
        return _error(services, session_id, owner, f"导入失败：{exc}。当前草稿未改动。")
    except Exception as exc:  # a corrupt file the importer did not foresee
        log.exception("import failed")
        return _error(services, session_id, owner, f"导入失败：{name} 无法读取（{exc.__class__.__name__}）。当前草稿未改动。")
    if not result.forms:
        problems = "；".join(str(getattr(p, "message", p)) for p in result.problems[:3])
        return _error(services, session_id, owner, f"导入失败：{name} 中没有找到绩效目标表。{problems}")
    try:
        with services.lock(session_id):
            session = services.open_session(session_id, owner)
            services.drafter.edit(session, result.forms[0], note=f"导入 {name}")
    except SessionAccessError as exc:
        return _error(services, None, owner, str(exc))
    extra = f"（文件中共 {len(result.forms)} 份表，导入第一份）" if len(result.forms) > 1 else ""
    return Outcome(session, f"已导入 {name}{extra}，可继续对话或在表格中修改。")


def comparison(services: Services, session: DraftSession) -> PrecedentComparison | None:
    if session.form is None:
        return None
    try:
        return compare_with_precedents(session.form, services.store)
    except Exception:  # the comparison is a view; a store hiccup must not break the page
        log.exception("precedent comparison failed")
        return compare_with_precedents(session.form, None)
