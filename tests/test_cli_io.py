"""`jixiao import` / `jixiao export`: exit codes, Chinese messages, no tracebacks."""

import json

from typer.testing import CliRunner

from assistant.cli import app
from tests.test_formio_text import FORMS_DIR, SEED

runner = CliRunner()


def test_import_json_and_export_round_trip(tmp_path):
    result = runner.invoke(app, ["import", str(SEED), "--json"])
    assert result.exit_code == 0
    forms = json.loads(result.stdout)
    assert [f["project"]["budget_wan"] for f in forms] == [26.0, 16.9]
    (tmp_path / "f.json").write_text(json.dumps(forms[1], ensure_ascii=False), encoding="utf-8")
    for fmt in ("xlsx", "docx", "md"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(app, ["export", str(tmp_path / "f.json"), "--to", fmt, "-o", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 0
    back = runner.invoke(app, ["import", str(tmp_path / "out.xlsx"), "--json"])
    assert json.loads(back.stdout) == forms[1]


def test_unreadable_rows_exit_2_unless_lenient():
    path = FORMS_DIR / "013_zhongjiang-shuibiaochi-zipingbiao.txt"
    strict = runner.invoke(app, ["import", str(path), "--json"])
    assert strict.exit_code == 2 and "第25行" in strict.output
    assert runner.invoke(app, ["import", str(path), "--json", "--lenient"]).exit_code == 0


def test_bad_files_exit_2_with_chinese_message(tmp_path):
    for name, content in (("空.txt", b""), ("坏.xlsx", b"xx"), ("x.pdf", b"%PDF")):
        (tmp_path / name).write_bytes(content)
        result = runner.invoke(app, ["import", str(tmp_path / name)])
        assert result.exit_code == 2 and "错误" in result.output and "Traceback" not in result.output


def test_help_is_in_chinese():
    for args in (["--help"], ["validate", "--help"], ["eval", "drafts", "--help"]):
        output = runner.invoke(app, args).output
        assert "显示帮助并退出" in output and "Show this message" not in output and "Options" not in output
