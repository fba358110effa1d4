"""The wait for a language model, made visible and stoppable: a turn runs in a worker thread, its stage
(抽取信息 / 起草 / 校验 / 重问) is shown in the chat while it runs, and the 停止等待 button sets the turn's
cancel event — the core then stops waiting for the model and drafts offline (assistant.llmcall.Turn).

    outcome = yield from wait_for_turn(session_id, run, show)
        run(progress, cancel) -> the handler's outcome (called in a worker thread)
        show(stage) -> what the event yields to display the stage
    stop(session_id)   the 停止等待 button
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator
from typing import Any

POLL_SECONDS = 0.3
_cancels: dict[str, threading.Event] = {}
_lock = threading.Lock()


def stage_text(stage: str) -> str:
    return f"正在等待大模型：{stage}……（可点“停止等待”改用离线起草）"


def wait_for_turn(session_id: str | None, run: Callable[[Callable[[str], None], threading.Event], Any],
                  show: Callable[[str], Any]) -> Generator[Any, None, Any]:
    cancel = threading.Event()
    stages: queue.Queue[str | None] = queue.Queue()
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["value"] = run(stages.put, cancel)
        except BaseException as exc:  # noqa: BLE001 — re-raised in the event, where the UI reports it
            result["error"] = exc
        finally:
            stages.put(None)  # the end: the event returns at once, not at its next poll (an offline turn is ~0.1 s)

    if session_id:
        with _lock:
            _cancels[session_id] = cancel
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while True:
            try:
                stage = stages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if stage is None:
                break
            yield show(stage_text(stage))
    finally:
        if session_id:
            with _lock:
                if _cancels.get(session_id) is cancel:
                    del _cancels[session_id]
    if "error" in result:
        raise result["error"]
    return result.get("value")


def stop(session_id: str | None) -> None:
    """Stop waiting for the model in this session's running turn (nothing happens when none runs)."""
    with _lock:
        cancel = _cancels.get(session_id or "")
    if cancel is not None:
        cancel.set()
