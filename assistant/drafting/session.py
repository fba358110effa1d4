"""The drafting conversation: turns, brief, draft versions and findings — saved after every change.

Used alike by `jixiao chat` and the web UI:

    sessions = SessionStore(settings.sessions_dir)
    session = sessions.new(owner="alice")          # or sessions.latest_for("alice") / sessions.load(id)
    drafter = Drafter(store=knowledge_store)       # llm=None → 离线模式 (the offline composer)
    reply = drafter.send(session, "我们要做一个……培训项目，预算50万元，培训500人")
    session.form, session.findings                 # the current draft and what the validators say
    drafter.edit(session, edited_form)             # a table edit from the UI: a new version, re-validated
    drafter.undo(session); session.versions        # every version is kept
    sessions.save(session)                         # Drafter already saves after every turn and edit
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import uuid
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.drafting.brief import ProjectBrief
from assistant.schema import Finding, PerformanceForm


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Version(BaseModel):
    form: PerformanceForm
    note: str  # 中文: what made this version ("起草", "培训人数改为500人", "手工编辑")
    created: str = Field(default_factory=_now)


class DraftSession(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    owner: str | None = None
    created: str = Field(default_factory=_now)
    updated: str = Field(default_factory=_now)
    messages: list[ChatMessage] = Field(default_factory=list)
    brief: ProjectBrief = Field(default_factory=ProjectBrief)
    framework: str = "local"  # "101" or "local" (assistant.taxonomy)
    versions: list[Version] = Field(default_factory=list)
    current: int = -1  # index into versions; -1 before the first draft
    findings: list[Finding] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)  # 中文 notes from the last turn (fallbacks, repairs)

    @property
    def form(self) -> PerformanceForm | None:
        return self.versions[self.current].form if 0 <= self.current < len(self.versions) else None

    @property
    def title(self) -> str:
        """The current draft's 项目名称, "" before the first draft."""
        return self.form.project.name if self.form else ""

    def add_version(self, form: PerformanceForm, note: str) -> None:
        # A new version after an undo drops the undone ones, like any editor.
        del self.versions[self.current + 1:]
        self.versions.append(Version(form=form, note=note))
        self.current = len(self.versions) - 1

    def say(self, role: str, content: str) -> None:
        self.messages.append(ChatMessage(role=role, content=content))


_SAFE_ID = re.compile(r"^[0-9a-zA-Z_-]{1,64}$")
_SESSION_FILE = re.compile(r"^[0-9a-zA-Z_-]{1,64}\.json$")  # not ".tmp-*.json" (a save in progress) nor the index
INDEX_NAME = ".index.json"


class SessionSummary(BaseModel):
    """What the 我的草稿 list needs of a session, kept in the index so a render never parses session files."""

    id: str
    owner: str | None = None
    updated: str = ""
    title: str = ""  # the current draft's 项目名称; "" before the first draft
    mtime_ns: int = 0  # the file as indexed: a file changed by another process is indexed again
    size: int = 0
    damaged: bool = False  # unreadable; load() names it, the list leaves it out


def _summary(session: DraftSession, stat: os.stat_result) -> SessionSummary:
    return SessionSummary(id=session.id, owner=session.owner, updated=session.updated, title=session.title,
                          mtime_ns=stat.st_mtime_ns, size=stat.st_size)


def _write_atomic(folder: Path, target: Path, data: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SessionStore:
    """Sessions as JSON files under a folder; writes are atomic (a crash never leaves half a file).

    An index (``.index.json``) holds each session's owner, time and title. Listing a user's drafts reads
    the index and only stats the files — one user's huge session never slows another user's page. A file
    written by another process (``jixiao chat``) is noticed by its size and time and indexed again.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._guard = threading.Lock()
        self._index: dict[str, SessionSummary] = self._read_index()

    def _path(self, session_id: str) -> Path:
        if not isinstance(session_id, str) or not _SAFE_ID.match(session_id):
            raise ValueError(f"会话编号不合法：{session_id}")
        return self.root / f"{session_id}.json"

    def new(self, owner: str | None = None, framework: str = "local") -> DraftSession:
        session = DraftSession(owner=owner, framework=framework)
        self.save(session)
        return session

    def save(self, session: DraftSession) -> None:
        session.updated = _now()
        path = self._path(session.id)
        _write_atomic(self.root, path, session.model_dump_json(indent=1))
        with self._guard:
            self._index[session.id] = _summary(session, path.stat())
            self._write_index()

    def load(self, session_id: str) -> DraftSession:
        path = self._path(session_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KeyError(f"找不到会话：{session_id}") from None
        try:
            return DraftSession.model_validate_json(text)
        except ValueError as exc:
            raise ValueError(f"会话文件已损坏：{path.name}（{exc.__class__.__name__}）") from exc

    def list(self, owner: str | None = None) -> list[SessionSummary]:
        """The sessions (of ``owner``, or all), newest first, from the index."""
        with self._guard:
            self._refresh()
            found = [s for s in self._index.values() if not s.damaged and (owner is None or s.owner == owner)]
        return sorted(found, key=lambda s: s.updated, reverse=True)

    def latest_for(self, owner: str | None) -> DraftSession | None:
        for summary in self.list(owner):
            try:
                return self.load(summary.id)
            except (KeyError, ValueError):
                continue  # deleted or damaged since the index saw it
        return None

    def delete(self, session_id: str) -> None:
        self._path(session_id).unlink(missing_ok=True)
        with self._guard:
            if self._index.pop(session_id, None) is not None:
                self._write_index()

    # ---- the index -------------------------------------------------------------------------------

    def _read_index(self) -> dict[str, SessionSummary]:
        try:
            raw = json.loads((self.root / INDEX_NAME).read_text(encoding="utf-8"))
            return {item["id"]: SessionSummary.model_validate(item) for item in raw}
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # no index yet, or a damaged one: rebuilt from the files on the first list()

    def _write_index(self) -> None:
        data = json.dumps([s.model_dump() for s in self._index.values()], ensure_ascii=False)
        _write_atomic(self.root, self.root / INDEX_NAME, data)

    def _refresh(self) -> None:
        """Match the index to the folder: stat every session file, parse only new or changed ones."""
        seen, changed = set(), False
        with os.scandir(self.root) as entries:
            for entry in entries:
                if not _SESSION_FILE.match(entry.name):
                    continue
                try:
                    stat = entry.stat()
                except OSError:
                    continue  # removed while listing
                session_id = entry.name[:-5]
                seen.add(session_id)
                known = self._index.get(session_id)
                if known is not None and (known.mtime_ns, known.size) == (stat.st_mtime_ns, stat.st_size):
                    continue
                self._index[session_id] = self._summarize(session_id, stat)
                changed = True
        for gone in set(self._index) - seen:
            del self._index[gone]
            changed = True
        if changed:
            self._write_index()

    def _summarize(self, session_id: str, stat: os.stat_result) -> SessionSummary:
        try:
            return _summary(self.load(session_id), stat)
        except (KeyError, ValueError, OSError):
            return SessionSummary(id=session_id, mtime_ns=stat.st_mtime_ns, size=stat.st_size, damaged=True)


def export_session_json(session: DraftSession) -> str:
    """The current draft as the interchange JSON (or an empty object before the first draft)."""
    return session.form.model_dump_json(indent=2) if session.form else json.dumps({})
