"""Login with a limit on wrong passwords: gradio calls ``LoginGuard.check`` for every login attempt.

Rule: an account that gets ``max_failures`` wrong passwords within ``window`` seconds is locked for the rest
of that window — even the right password is refused meanwhile — and every wrong attempt is answered only
after ``delay`` seconds. Guessing a password then costs hours instead of seconds; the account's owner waits
a few minutes at worst. The limit is per account name (gradio does not pass the client's address), so it
also holds against many clients guessing together.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
import time
from collections import deque

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
FAILURE_DELAY_SECONDS = 1.0


class LoginGuard:
    def __init__(self, users: dict[str, str], max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS,
                 delay: float = FAILURE_DELAY_SECONDS):
        self.users = dict(users)
        self.max_failures, self.window, self.delay = max_failures, window, delay
        self._failures: dict[str, deque[float]] = {}
        self._guard = threading.Lock()

    def locked(self, username: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._guard:
            recent = self._failures.get(username)
            while recent and now - recent[0] > self.window:
                recent.popleft()
            return bool(recent) and len(recent) >= self.max_failures

    def _fail(self, username: str) -> None:
        with self._guard:
            self._failures.setdefault(username, deque()).append(time.monotonic())

    def _matches(self, username: str, password: str) -> bool:
        expected = self.users.get(username)
        # compare even for an unknown name, so the answer's timing does not tell which names exist
        ok = hmac.compare_digest((expected or "\0").encode("utf-8"), (password or "").encode("utf-8"))
        return ok and expected is not None

    async def check(self, username: str, password: str) -> bool:
        """gradio's ``auth`` callable (async: the delay does not hold up other requests)."""
        if self.locked(username):  # not counted again: the lock ends one window after the last counted failure
            await asyncio.sleep(self.delay)
            return False
        if not self._matches(username, password):
            self._fail(username)
            await asyncio.sleep(self.delay)
            return False
        return True
