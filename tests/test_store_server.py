"""The shared-store path: a real `chroma run` server on 127.0.0.1, started and stopped here (JIXIAO_CHROMA_URL)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.schema import PerformanceForm
from assistant.settings import KNOWLEDGE_DIR, Settings
from assistant.store import StoreError, open_store

CHROMA = Path(sys.executable).parent / "chroma"
FORMS = ("ezhou-2026-1", "ezhou-2026-2", "011_jiayuguan-bowuguan-mianfei-kaifang")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"chroma run did not answer on {url}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([str(CHROMA), "run", "--path", str(data), "--port", str(port), "--host", "127.0.0.1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(url, process)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    root = tmp_path_factory.mktemp("knowledge")
    (root / "forms").mkdir()
    for stem in FORMS:
        shutil.copy(KNOWLEDGE_DIR / "forms" / f"{stem}.json", root / "forms")
    return root


def settings(url: str | None, home: Path) -> Settings:
    return Settings(home=home, embedding="hash", chroma_url=url)


@pytest.mark.slow
def test_server_store_indexes_searches_and_is_shared(server, knowledge, tmp_path):
    first = open_store(settings(server, tmp_path / "a"), knowledge_dir=knowledge)
    assert first.location == server and first.shared
    assert first.counts()["forms"] == len(FORMS)
    hits = first.similar_forms("博物馆免费开放", k=1)
    assert hits[0].id == "011_jiayuguan-bowuguan-mianfei-kaifang"

    folder = tmp_path / "approved"
    folder.mkdir()
    form = PerformanceForm.model_validate_json((KNOWLEDGE_DIR / "forms" / "ezhou-2026-2.json").read_text("utf-8"))
    form = form.model_copy(update={"project": form.project.model_copy(update={"name": "2027年创业培训补贴"})})
    (folder / "dept.json").write_text(form.model_dump_json(), encoding="utf-8")
    assert first.ingest_paths([folder]).added == ["dept"]

    # another user (another home, same server) sees the form and indexes nothing again
    calls = []
    second = open_store(settings(server, tmp_path / "b"), progress=lambda *a: calls.append(a), knowledge_dir=knowledge)
    assert calls == [] and second.get_form("dept") == form
    assert second.ingest_paths([folder]).unchanged == ["dept"]
    assert not (tmp_path / "b" / "chroma").exists()  # nothing embedded locally


@pytest.mark.slow
def test_server_store_built_with_another_embedding_is_refused(server, knowledge, tmp_path):
    open_store(settings(server, tmp_path), knowledge_dir=knowledge)
    other = Settings(home=tmp_path, embedding="lexical", chroma_url=server)
    with pytest.raises(StoreError, match="jixiao ingest --rebuild"):
        open_store(other, knowledge_dir=knowledge)


def test_unreachable_server_names_the_url(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as error:
        open_store(settings(url, tmp_path))
    assert url in str(error.value) and "无法连接 Chroma 服务器" in str(error.value)


def test_unreachable_server_is_a_chinese_error_on_the_command_line(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "JIXIAO_HOME": str(tmp_path), "JIXIAO_CHROMA_URL": url, "JIXIAO_EMBEDDING": "hash"}
    result = subprocess.run([str(Path(sys.executable).parent / "jixiao"), "search", "受训人数", "--json"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert url in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout or "x")
