"""Unfriendly input on the command line gets a Chinese error (exit 2), never a traceback or English:
deep JSON, unwritable output, wrong field types, bad settings; log lines; UTF-16 text; file names said once."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.formio import read_forms
from assistant.store.files import read_file
from assistant.store.ingest import IngestSummary
from tests.conftest import free_port
from tests.test_formio_text import SEED

REPO = Path(__file__).resolve().parent.parent
FORM = REPO / "knowledge" / "forms" / "ezhou-2026-1.json"
runner = CliRunner()


def _chinese_failure(result) -> str:
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output and "Error:" not in output and "错误" in output
    return output


@pytest.fixture
def deep_json(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["import"], ["validate"], ["export", "--to", "xlsx", "-o", "out.xlsx"]])
def test_a_100000_deep_json_is_a_chinese_error(deep_json, command, tmp_path):
    args = [command[0], str(deep_json), *[a if a != "out.xlsx" else str(tmp_path / a) for a in command[1:]]]
    output = _chinese_failure(runner.invoke(app, args))
    assert "嵌套层数过多" in output and "RecursionError" not in output


@pytest.mark.parametrize("target", ["/proc/x", "/proc/x/form.xlsx"])
def test_export_to_an_unwritable_place_is_a_chinese_error(target):
    output = _chinese_failure(runner.invoke(app, ["export", str(FORM), "--to", "xlsx", "-o", target]))
    assert f"无法写入 {target}" in output and "FileNotFoundError" not in output


def test_wrong_field_types_are_explained_in_chinese(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"project": {"name": "x", "budget_wan": "abc"}}), encoding="utf-8")
    output = _chinese_failure(runner.invoke(app, ["import", str(path)]))
    assert "project.budget_wan 应为数字（实际为“abc”）" in output and "Input should" not in output


def _jixiao(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """The console script's main(), as `jixiao ARGS` runs it (settings and logging set up there)."""
    code = "import sys; from assistant.cli import main; sys.argv = ['jixiao', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=240, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200", **env})


def test_a_bad_setting_names_its_variable_in_chinese(tmp_path):
    done = _jixiao(["search", "培训"], {"JIXIAO_PORT": "abc", "JIXIAO_HOME": str(tmp_path)}, tmp_path)
    assert done.returncode == 2
    assert "JIXIAO_PORT 应为整数（实际为“abc”）" in done.stderr and "Traceback" not in done.stderr


def test_log_lines_on_stderr_are_chinese_and_the_details_go_to_the_log_file(tmp_path):
    """With an unreachable model the draft falls back (with a Chinese notice); stderr holds no English diagnostics."""
    env = {"JIXIAO_HOME": str(tmp_path / "home"), "JIXIAO_EMBEDDING": "hash", "JIXIAO_LLM": "openai:test",
           "JIXIAO_LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "JIXIAO_LLM_TIMEOUT": "5"}
    done = _jixiao(["draft", "--text", "职业技能培训项目，预算26万元，培训500人，2026年完成"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "已改用离线起草" in done.stdout
    assert "failed" not in done.stderr and "Traceback" not in done.stderr
    english = [line for line in done.stderr.splitlines() if re.match(r"\s*[A-Za-z]{2,}", line)]
    assert english == []  # every line on stderr starts in Chinese
    log = (tmp_path / "home" / "logs" / "jixiao.log").read_text(encoding="utf-8")
    assert "WARNING assistant.drafting" in log  # the diagnostic is kept, with its logger, in the log file


def test_an_english_diagnostic_stays_in_the_log_file_and_an_english_error_is_announced_in_chinese(tmp_path):
    code = ("import logging; from assistant.cli.common import setup_logging; import sys; setup_logging(sys.argv[1]); "
            "logging.getLogger('assistant.x').warning('LLM drafting failed: %s', 'timeout'); "
            "logging.getLogger('assistant.x').warning('知识库索引过期，正在更新'); "
            "logging.getLogger('ui.handlers').error('drafting turn failed')")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"})
    assert "failed" not in done.stderr and "知识库索引过期，正在更新" in done.stderr
    assert "内部出错（ui.handlers），详情见" in done.stderr
    log = (tmp_path / "logs" / "jixiao.log").read_text(encoding="utf-8")
    assert "LLM drafting failed: timeout" in log and "drafting turn failed" in log


def test_utf16_text_with_a_bom_reads_like_utf8(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "记事本Unicode.txt"
    path.write_text(text, encoding="utf-16")  # Windows Notepad's "Unicode": UTF-16 LE with a BOM
    assert path.read_bytes()[:2] == b"\xff\xfe"
    assert read_forms(path).forms == read_forms(SEED).forms
    result = runner.invoke(app, ["import", str(path), "--json", "--lenient"])
    assert result.exit_code == 0 and "职业技能鉴定" in result.output


def test_an_unreadable_file_is_named_once(tmp_path):
    summary = IngestSummary()
    (tmp_path / "坏.xlsx").write_bytes(b"garbage")
    (tmp_path / "空.txt").write_bytes(b"")
    read_file(tmp_path / "坏.xlsx", summary)
    read_file(tmp_path / "空.txt", summary)
    assert [name for name, _ in summary.failed] == ["坏.xlsx", "空.txt"]
    assert all(name not in reason for name, reason in summary.failed)
    assert "文件已损坏" in summary.failed[0][1] and "文件为空" in summary.failed[1][1]


def test_an_unknown_chat_session_is_named_without_quotes(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path))
    from assistant.settings import reload_settings

    reload_settings()
    try:
        output = _chinese_failure(runner.invoke(app, ["chat", "--session", "nope"]))
    finally:
        monkeypatch.undo()
        reload_settings()
    assert "找不到会话：nope" in output and "'" not in output


@pytest.mark.parametrize("content, message", [("[]", "JSON 中没有表单"), ('"x"', "表单应为对象（键值对）（实际为“x”）"),
                                              ("null", "表单应为对象（键值对）（实际为null）")])
def test_a_json_that_holds_no_form_is_a_chinese_error_for_every_command(tmp_path, content, message):
    path = tmp_path / "空.json"
    path.write_text(content, encoding="utf-8")
    for args in (["import", str(path)], ["validate", str(path)],
                 ["export", str(path), "--to", "md", "-o", str(tmp_path / "o.md")]):
        assert message in _chinese_failure(runner.invoke(app, args))
