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


# The data flows one way: parse → store → retrieve → draft → validate → edit → export. Each part of the core may
# import its own layer and the ones below it, never one above (the store knows nothing of drafting; the
# validators nothing of the drafter; the vocabulary nothing of either).
LAYERS = {
    # vocabulary and plumbing every part shares
    "schema": 0, "taxonomy": 0, "money": 0, "textsim": 0, "settings": 0, "sectors": 0, "library": 0, "kinds": 0,
    "relevance": 0, "formwords": 0, "embeddings": 0,
    "llm": 1, "llmcall": 1, "llmreply": 1, "llmserve": 1,
    "formio": 2,  # parse / export
    "store": 3, "validation": 3, "findings": 3,  # keep and retrieve; check, and how findings are told
    "drafting": 4,  # draft (retrieves through a store object, validates its drafts)
    "review": 5, "review_report": 5,
    "cli": 6,
}


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "assistant" and len(parts) > 1 else None


def test_the_core_imports_only_downwards():
    offenders = []
    for path in CORE.rglob("*.py"):
        relative = path.relative_to(CORE)
        own = relative.parts[0].removesuffix(".py")
        if own == "__init__" or own not in LAYERS:
            continue
        for module in _imported_modules(path):
            other = _part(module)
            if other in LAYERS and LAYERS[other] > LAYERS[own]:
                offenders.append(f"{relative} imports {module}")
        source = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(source):  # "from assistant import relevance"
            if isinstance(node, ast.ImportFrom) and node.module == "assistant":
                for alias in node.names:
                    if alias.name in LAYERS and LAYERS[alias.name] > LAYERS[own]:
                        offenders.append(f"{relative} imports assistant.{alias.name}")
    assert offenders == []
    assert set(LAYERS) >= {p.name.removesuffix(".py") for p in CORE.iterdir()
                           if p.name != "__init__.py" and (p.suffix == ".py" or p.is_dir()) and p.name != "__pycache__"}


# What the UI may call: the core's public surfaces. Reading briefs, composing, judging relevance, parsing money or
# any single rule are the core's own business; a page that imports them is doing domain work itself.
UI_MAY_IMPORT = {
    "assistant", "assistant.schema", "assistant.settings", "assistant.taxonomy", "assistant.findings",
    "assistant.review", "assistant.review_report", "assistant.validation", "assistant.formio", "assistant.store",
    "assistant.llm", "assistant.cli.common", "assistant.drafting.session", "assistant.drafting.drafter",
    "assistant.drafting.revisions",
}


def test_the_ui_only_wires_the_core_public_surfaces():
    ui = CORE.parent / "ui"
    offenders = {}
    for path in ui.rglob("*.py"):
        modules = _imported_modules(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # "from assistant import relevance"
            if isinstance(node, ast.ImportFrom) and node.module == "assistant":
                modules |= {f"assistant.{alias.name}" for alias in node.names}
        wrong = sorted(m for m in modules if m.split(".")[0] == "assistant" and m not in UI_MAY_IMPORT)
        if wrong:
            offenders[str(path.relative_to(ui.parent))] = wrong
    assert offenders == {}
