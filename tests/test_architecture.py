"""The core library stands alone: assistant/ never imports gradio, ui/ or eval/ (they join the core, not the
other way round)."""

import ast
import tomllib
from pathlib import Path

import typer

from typer.testing import CliRunner

from assistant.cli import app

CORE = Path(__file__).resolve().parent.parent / "assistant"


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_core_never_imports_the_ui():
    offenders = {
        str(path.relative_to(CORE.parent)): sorted(m for m in _imported_modules(path) if m.split(".")[0] in ("gradio", "ui"))
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ui_command_joins_through_the_entry_point():
    result = CliRunner().invoke(app, ["ui", "--help"])
    assert result.exit_code == 0 and "--port" in result.output


def test_core_never_imports_the_evaluation():
    offenders = {str(path.relative_to(CORE.parent)): sorted(m for m in _imported_modules(path) if m.split(".")[0] == "eval")
                 for path in CORE.rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert not any("sys.path" in path.read_text(encoding="utf-8") for path in (CORE / "cli").rglob("*.py"))


def test_eval_commands_join_through_the_entry_point():
    project = tomllib.loads((CORE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["jixiao.commands"]["eval"] == "eval.cli:register"
    from eval.cli import register

    fresh = typer.Typer()
    register(fresh)
    assert [group.name for group in fresh.registered_groups] == ["eval"]
