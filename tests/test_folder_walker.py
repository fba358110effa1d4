"""One folder walker (assistant.formio.form_files): ingest, validate and the evaluation see the same files."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.formio import form_files
from assistant.settings import KNOWLEDGE_DIR

REPO = Path(__file__).resolve().parent.parent
FORM = (KNOWLEDGE_DIR / "forms" / "ezhou-2026-1.json").read_text(encoding="utf-8")


def _folder(root: Path) -> Path:
    for name in ("a.json", "sub/b.json", ".git/c.json", "sub/.hidden.json", "~$d.xlsx", "e.png"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG" if name.endswith(".png") else b"lock" if name.startswith("~$") else FORM.encode())
    return root


def test_the_walker_skips_hidden_files_lock_files_and_other_types(tmp_path):
    folder = _folder(tmp_path / "forms")
    assert [p.relative_to(folder).as_posix() for p in form_files(folder)] == ["a.json", "sub/b.json"]
    assert [p.name for p in form_files(folder, recursive=False)] == ["a.json"]


def test_validate_and_eval_walk_the_folder_the_same_way(tmp_path):
    from eval.report import load_forms

    folder = _folder(tmp_path / "forms")
    result = CliRunner().invoke(app, ["validate", str(folder), "--json"])
    assert sorted(Path(item["file"]).name for item in json.loads(result.output)) == ["a.json", "b.json"]
    forms, problems = load_forms(folder)
    assert [f.id for f in forms] == ["a"] and problems == []


def test_folder_walking_has_one_home():
    """No other module walks folders looking for form files (by suffix) itself."""
    def walks_for_forms(text: str) -> bool:
        return bool(re.search(r"\.rglob\(|\.iterdir\(|os\.walk\(", text)) and bool(
            re.search(r"\.suffix\b|SUPPORTED_SUFFIXES|\.(json|xlsx|docx|txt)\b", text))

    walkers = [str(p.relative_to(REPO)) for top in ("assistant", "eval", "ui") for p in (REPO / top).rglob("*.py")
               if walks_for_forms(p.read_text(encoding="utf-8"))]
    assert walkers == ["assistant/formio/__init__.py"]
