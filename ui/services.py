"""The objects every page shares: settings, the knowledge store, the Drafter, saved sessions, login.

The knowledge store opens in a background thread: on first run it indexes the shipped knowledge base,
and the pages show its progress (``Services.status``) instead of a blank screen. Drafting waits for it.
Sessions are never kept in memory between events: every handler loads the session from disk, changes
it under that session's lock and the Drafter saves it, so two browsers never share state and a reload
finds everything.
"""

from __future__ import annotations

import atexit
import logging
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.drafting.drafter import Drafter
from assistant.drafting.session import DraftSession, SessionStore, SessionSummary
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)

_DEFAULT = object()
DOWNLOAD_KEEP_SECONDS = 3600.0  # gradio has its own copy by then; ours is only needed until the handler returns


class AuthConfigError(ValueError):
    """JIXIAO_AUTH cannot be read; str() is a Chinese message."""


class SessionAccessError(PermissionError):
    """A session that belongs to someone else (or no longer exists)."""


def parse_auth(value: str | None) -> dict[str, str] | None:
    """JIXIAO_AUTH → {user: password}: "alice:pw1,bob:pw2" or a file with one "user:password" a line."""
    if not value or not value.strip():
        return None
    text, where = value, "JIXIAO_AUTH"
    path = Path(value.strip()).expanduser()
    if path.is_file():
        text, where = path.read_text(encoding="utf-8"), path.name
    elif ":" not in value:
        raise AuthConfigError(f"JIXIAO_AUTH 既不是“用户:密码”列表，也不是存在的文件：{value}")
    users = {}
    chunks = [c.strip() for line in text.splitlines() for c in line.split(",")]
    for number, chunk in enumerate((c for c in chunks if c and not c.startswith("#")), start=1):
        user, sep, password = chunk.partition(":")
        if not sep or not user.strip() or not password:
            raise AuthConfigError(f"{where} 第{number}项不是“用户:密码”格式")
        users[user.strip()] = password
    return users or None


@dataclass
class StoreStatus:
    """What the knowledge store is doing, for the banner on every page."""

    state: str = "loading"  # loading | ready | failed
    message: str = "正在打开知识库……"
    done: int = 0
    total: int = 0

    @property
    def text(self) -> str:
        if self.state == "loading" and self.total:
            return f"首次运行，正在为知识库建立索引：{self.done}/{self.total}（{self.message}）"
        if self.state == "loading":
            return self.message
        if self.state == "failed":
            return f"⚠ {self.message}"
        return ""


@dataclass
class Services:
    settings: Settings
    sessions: SessionStore
    drafter: Drafter
    users: dict[str, str] | None = None
    export_dir: Path = field(default_factory=Path)
    status: StoreStatus = field(default_factory=StoreStatus)
    browser_secret: str = ""
    _ready: threading.Event = field(default_factory=threading.Event)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)

    # ---- knowledge store ---------------------------------------------------------------------

    @property
    def store(self):
        return self.drafter.store

    def wait_for_store(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def _store_opened(self, store) -> None:
        self.drafter.store = store
        self.status = StoreStatus(state="ready", message="知识库已就绪")
        self._ready.set()

    def _store_failed(self, message: str) -> None:
        self.status = StoreStatus(state="failed", message=message)
        self._ready.set()

    def on_progress(self, *args, **kwargs) -> None:
        """The indexer's progress callback: (done, total[, what]) or a message."""
        numbers = [a for a in args if isinstance(a, int)]
        words = [a for a in args if isinstance(a, str)] + [str(v) for v in kwargs.values() if isinstance(v, str)]
        status = StoreStatus(state="loading", message=words[0] if words else "正在建立索引")
        if len(numbers) >= 2:
            status.done, status.total = numbers[0], numbers[1]
        self.status = status

    # ---- sessions ------------------------------------------------------------------------------

    def lock(self, session_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(session_id, threading.Lock())

    def open_session(self, session_id: str | None, owner: str | None) -> DraftSession:
        """The session, if it exists and belongs to ``owner``.

        Ownership is checked on every event, with or without login: a session id alone (seen in a link,
        a log or another browser) opens nothing. ``owner`` is the logged-in user, or without login the
        browser's secret key ("browser:<key>"); an API client that never loaded the page owns its own.
        """
        if not session_id:
            raise SessionAccessError("会话不存在，请刷新页面")
        try:
            session = self.sessions.load(session_id)
        except (KeyError, ValueError) as exc:
            raise SessionAccessError(str(exc)) from exc
        if session.owner != owner:
            raise SessionAccessError("无权访问该草稿")
        return session

    def restore(self, session_id: str | None, owner: str | None) -> DraftSession:
        """The browser's last session if it is the owner's, else the owner's latest, else a new one."""
        try:
            return self.open_session(session_id, owner)
        except SessionAccessError:
            pass
        if owner:
            latest = self.sessions.latest_for(owner)
            if latest is not None:
                return latest
        return self.sessions.new(owner=owner)

    def drafts_of(self, owner: str | None) -> list[SessionSummary]:
        """The drafts one user (or one browser, without login) may switch between; none for no owner."""
        return self.sessions.list(owner) if owner else []

    # ---- downloads ---------------------------------------------------------------------------------

    def download_path(self, name: str) -> Path:
        """A fresh, unguessable place for one download (an export, a review report).

        The folder is private to the server and not served: gradio copies what a handler returns into its
        cache under a secret-seeded hash and hands that link to the requester alone. A new folder per file
        means two downloads in the same second never overwrite each other. Old ones are swept.
        """
        return self.download_dir() / name

    def download_dir(self) -> Path:
        """A new private folder for one download (see download_path)."""
        self._sweep_downloads()
        folder = self.export_dir / secrets.token_urlsafe(16)
        folder.mkdir(parents=True, mode=0o700)
        return folder

    def _sweep_downloads(self) -> None:
        cutoff = time.time() - DOWNLOAD_KEEP_SECONDS
        try:
            folders = [p for p in self.export_dir.iterdir() if p.is_dir() and p.stat().st_mtime < cutoff]
        except OSError:
            return
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _browser_secret(home: Path) -> str:
    """The key that encrypts the browser's session id; kept so a server restart still restores drafts."""
    path = home / "browser-secret"
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
        home.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(24)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
        return value
    except OSError:
        return secrets.token_urlsafe(24)


def _private_folder() -> Path:
    """A folder only this server process uses (mode 0700), removed when it exits."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-downloads-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _default_llm(settings: Settings):
    from assistant.llm import make_llm

    return make_llm(settings)


def _default_store(settings: Settings, progress):
    from assistant.store import open_store

    return open_store(settings, progress=progress)


def build_services(settings: Settings | None = None, store=_DEFAULT, llm=_DEFAULT, background: bool = True) -> Services:
    """Everything the pages need. ``store``/``llm`` may be injected (tests); by default the embedded
    Chroma store (indexed on first run, in a background thread) and the configured LLM (None: 离线模式)."""
    settings = settings or get_settings()
    users = parse_auth(settings.auth)
    sessions = SessionStore(settings.sessions_dir)
    drafter = Drafter(store=None, llm=_default_llm(settings) if llm is _DEFAULT else llm, sessions=sessions)
    services = Services(
        settings=settings, sessions=sessions, drafter=drafter, users=users,
        # Downloads are written outside JIXIAO_HOME, where no route serves them (see download_path).
        export_dir=_private_folder(), browser_secret=_browser_secret(settings.home),
    )
    if store is not _DEFAULT:
        services._store_opened(store)
        return services

    def open_in_background() -> None:
        try:
            services._store_opened(_default_store(settings, services.on_progress))
        except Exception as exc:  # the UI still drafts from the indicator library, and says so
            log.exception("knowledge store failed to open")
            services._store_failed(f"知识库打开失败（{exc}），起草只使用指标库；请检查 JIXIAO_HOME 或 JIXIAO_CHROMA_URL。")

    if background:
        threading.Thread(target=open_in_background, name="jixiao-store", daemon=True).start()
    else:
        open_in_background()
    return services
