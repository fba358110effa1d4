"""Shared fixtures."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def _join_eval_commands() -> None:
    """`jixiao eval` joins through the "jixiao.commands" entry point; a venv installed before pyproject declared
    it (pip install -e . refreshes the entry points) lacks it, so the tests join it the same way by hand."""
    from assistant.cli import app

    if "eval" not in {group.name for group in app.registered_groups}:
        from eval.cli import register

        register(app)


_join_eval_commands()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def launch_ui():
    """Start jixiao's Gradio app on 127.0.0.1 (a free port); returns (url, services). Closed after the test."""
    from ui.app import launch
    from ui.services import build_services

    started = []

    def start(settings, **services_kwargs):
        services = build_services(settings, **services_kwargs)
        port = free_port()
        demo = launch(services, "127.0.0.1", port, prevent_thread_lock=True)
        started.append(demo)
        return f"http://127.0.0.1:{port}/", services

    yield start
    for demo in started:
        demo.close()


def hash_settings(home):
    """Settings for a real on-disk Chroma under ``home`` with the small deterministic "hash" embedding."""
    from assistant.settings import Settings

    return Settings(home=home, embedding="hash", chroma_url=None)


@pytest.fixture(scope="session")
def knowledge_store(tmp_path_factory):
    """The real KnowledgeStore over the shipped knowledge/ (40 forms, guidelines, library) on an on-disk Chroma
    with the "hash" embedding: built once per session (a few seconds), shared by every test that drafts or
    reviews from precedents. Read-only: a test needing other precedents builds them with ``precedent_store``."""
    from assistant.store import open_store

    return open_store(hash_settings(tmp_path_factory.mktemp("shipped-store")))


@pytest.fixture(scope="session")
def precedent_store(tmp_path_factory):
    """Build a real store holding just the given precedent forms: ``precedent_store({"p1": form, …})``."""
    from assistant.store import open_store

    def build(forms):
        store = open_store(hash_settings(tmp_path_factory.mktemp("precedent-store")), index_shipped=False)
        summary = store.ingest_forms(list(forms.items()), origin="shipped")
        assert not summary.failed, summary.failed
        return store

    return build


@pytest.fixture(scope="module")
def seeds():
    """The two seed 批复表 (../shared/seeds), read once per test module."""
    from assistant.formio import read_forms
    from tests.test_formio_text import SEED

    return read_forms(SEED).forms


@pytest.fixture(scope="module")
def clean_form(tmp_path_factory):
    """A right, complete form (training project, 50万元, 2026) that can host every kind of defect."""
    from assistant.formio import read_forms
    from assistant.validation import validate
    from tests.test_validation_cli import CLEAN

    path = tmp_path_factory.mktemp("clean") / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    form = read_forms(path).forms[0]
    assert [f for f in validate(form) if f.severity == "error"] == []
    return form
