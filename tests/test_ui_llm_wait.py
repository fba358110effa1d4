"""The UI's wait for a model: stages shown as they come, 停止等待 cancels the running turn (no browser)."""

from __future__ import annotations

import pytest

from ui import llm_wait


def test_stages_are_shown_and_stop_cancels_the_turn():
    def run(progress, cancel):
        progress("起草")
        assert cancel.wait(5), "the stop button must reach the turn"
        progress("校验")
        return "离线草稿"

    shown = []
    waiting = llm_wait.wait_for_turn("s1", run, lambda text: text)
    try:
        while True:
            text = next(waiting)
            shown.append(text)
            if len(shown) == 1:
                llm_wait.stop("s1")
    except StopIteration as done:
        result = done.value
    assert result == "离线草稿"
    assert shown == [llm_wait.stage_text("起草"), llm_wait.stage_text("校验")] and "停止等待" in shown[0]
    llm_wait.stop("s1")  # nothing runs any more: no error


def test_a_failure_in_the_turn_reaches_the_event():
    def run(progress, cancel):
        raise ValueError("坏了")

    with pytest.raises(ValueError, match="坏了"):
        list(llm_wait.wait_for_turn("s2", run, lambda text: text))
