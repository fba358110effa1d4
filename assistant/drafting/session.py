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

    def add_version(self, form: PerformanceForm, note: str) -> None:
        # A new version after an undo drops the undone ones, like any editor.
        del self.versions[self.current + 1:]
        self.versions.append(Version(form=form, note=note))
        self.current = len(self.versions) - 1

    def say(self, role: str, content: str) -> None:
        self.messages.append(ChatMessage(role=role, content=content))


_SAFE_ID = re.compile(r"^[0-9a-zA-Z_-]{1,64}$")


class SessionStore:
    """Sessions as JSON files under a folder; writes are atomic (a crash never leaves half a file)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, session_id: str) -> Path:
        if not _SAFE_ID.match(session_id):
            raise ValueError(f"会话编号不合法：{session_id}")
        return self.root / f"{session_id}.json"

    def new(self, owner: str | None = None, framework: str = "local") -> DraftSession:
        session = DraftSession(owner=owner, framework=framework)
        self.save(session)
        return session

    def save(self, session: DraftSession) -> None:
        session.updated = _now()
        data = session.model_dump_json(indent=1)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, self._path(session.id))

    def load(self, session_id: str) -> DraftSession:
        path = self._path(session_id)
        if not path.exists():
            raise KeyError(f"找不到会话：{session_id}")
        try:
            return DraftSession.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"会话文件已损坏：{path.name}（{exc.__class__.__name__}）") from exc

    def list(self, owner: str | None = None) -> list[DraftSession]:
        sessions = []
        for path in self.root.glob("*.json"):
            try:
                session = DraftSession.model_validate_json(path.read_text(encoding="utf-8"))
            except ValueError:
                continue  # a damaged file is skipped here; load() names it
            if owner is None or session.owner == owner:
                sessions.append(session)
        return sorted(sessions, key=lambda s: s.updated, reverse=True)

    def latest_for(self, owner: str | None) -> DraftSession | None:
        sessions = self.list(owner)
        return sessions[0] if sessions else None

    def delete(self, session_id: str) -> None:
        self._path(session_id).unlink(missing_ok=True)


def export_session_json(session: DraftSession) -> str:
    """The current draft as the interchange JSON (or an empty object before the first draft)."""
    return session.form.model_dump_json(indent=2) if session.form else json.dumps({})
