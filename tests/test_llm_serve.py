"""`jixiao llm serve`: clear Chinese errors for a missing or non-GGUF file; the GGUF header is read as written
(the real server itself is started by the real_llm tier, tests/test_llm_real.py)."""

from __future__ import annotations

import struct

from typer.testing import CliRunner

from assistant.cli import app
from assistant.llmserve import describe_model, gguf_metadata


def _gguf(path, pairs):
    with path.open("wb") as f:
        f.write(b"GGUF" + struct.pack("<I", 3) + struct.pack("<QQ", 0, len(pairs)))
        for key, value in pairs:
            f.write(struct.pack("<Q", len(key.encode())) + key.encode())
            if isinstance(value, str):
                f.write(struct.pack("<I", 8) + struct.pack("<Q", len(value.encode())) + value.encode())
            else:
                f.write(struct.pack("<I", 4) + struct.pack("<I", value))


def test_the_header_names_the_model(tmp_path):
    path = tmp_path / "m.gguf"
    _gguf(path, [("general.name", "Qwen2.5 Coder 0.5B Instruct"), ("general.architecture", "qwen2"),
                 ("general.size_label", "0.5B"), ("general.file_type", 15)])
    assert gguf_metadata(path)["general.file_type"] == 15
    assert describe_model(path) == "Qwen2.5 Coder 0.5B Instruct（qwen2，0.5B，Q4_K_M）"


def test_serve_errors_are_chinese(tmp_path):
    result = CliRunner().invoke(app, ["llm", "serve", str(tmp_path / "none.gguf")])
    assert result.exit_code == 2 and "找不到模型文件" in result.output
    bad = tmp_path / "notes.gguf"
    bad.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(app, ["llm", "serve", str(bad)])
    assert result.exit_code == 2 and "不是 GGUF 模型文件" in result.output and "Traceback" not in result.output
