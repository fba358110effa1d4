"""Import and export of performance-goal forms.

    read_forms(path)            -> ImportResult   any supported file (.txt/.md pasted text, .xlsx, .docx, .json)
    parse_text(text, where)     -> ImportResult   pasted text: the seed's layout or the transcribed-form layout
    write_form(form, path, fmt) -> Path           xlsx | docx | json | md (the standard 申报表 layout)

Every importer reports what it could not read as ImportProblem (file, row, 中文 message) instead of
dropping it; a file that cannot be read at all raises FormReadError with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.formio.grid import ImportProblem
from assistant.schema import PerformanceForm

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger uploads are refused with a clear message
SUPPORTED_SUFFIXES = (".txt", ".md", ".xlsx", ".docx", ".json")


class FormReadError(Exception):
    """A file that cannot be read as a form at all; str() is a Chinese message naming the file."""


@dataclass
class ImportResult:
    forms: list[PerformanceForm] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]


def form_files(folder: str | Path, recursive: bool = True) -> list[Path]:
    """The importable files in a folder (and, with ``recursive``, its sub-folders), in a stable order.

    The one folder walker (ingest, validate and the evaluation use it): hidden files and folders (".git",
    ".DS_Store") and Office lock files ("~$批复表.xlsx", left beside a workbook open in Excel) are skipped."""
    folder = Path(folder)
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                  and not p.name.startswith("~$")
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def read_forms(path: str | Path) -> ImportResult:
    """Read every form in a file, dispatching on its suffix."""
    path = Path(path)
    if not path.is_file():
        raise FormReadError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise FormReadError(f"{path.name}：文件为空")
    if size > MAX_FILE_BYTES:
        raise FormReadError(f"{path.name}：文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".tsv"):
        from assistant.formio.text import read_text_file

        return read_text_file(path)
    if suffix == ".xlsx":
        from assistant.formio.xlsx import read_xlsx

        return read_xlsx(path)
    if suffix == ".docx":
        from assistant.formio.docx import read_docx

        return read_docx(path)
    if suffix == ".json":
        from assistant.formio.jsonio import read_json

        return read_json(path)
    raise FormReadError(f"{path.name}：不支持的文件类型（支持 {'、'.join(SUPPORTED_SUFFIXES)}）")


def parse_text(text: str, where: str = "") -> ImportResult:
    from assistant.formio.text import parse_text as _parse

    return _parse(text, where)


def write_form(form: PerformanceForm, path: str | Path, fmt: str | None = None) -> Path:
    """Export one form; ``fmt`` defaults to the path's suffix."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt == "xlsx":
        from assistant.formio.xlsx import write_xlsx as writer
    elif fmt == "docx":
        from assistant.formio.docx import write_docx as writer
    elif fmt == "json":
        from assistant.formio.jsonio import write_json as writer
    elif fmt in ("md", "markdown"):
        from assistant.formio.markdown import write_markdown as writer
    else:
        raise FormReadError(f"不支持的导出格式：{fmt}（支持 xlsx、docx、json、md）")
    path.parent.mkdir(parents=True, exist_ok=True)
    writer(form, path)
    return path


__all__ = ["FormReadError", "ImportProblem", "ImportResult", "form_files", "read_forms", "parse_text", "write_form"]
