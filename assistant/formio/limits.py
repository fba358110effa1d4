"""How much an uploaded file may expand to: checked before openpyxl or python-docx read a byte of it.

An .xlsx/.docx is a zip package; 20 MB on disk can inflate to gigabytes of XML (a "zip bomb"), and a
sheet of 100,000 rows is not a 申报表 however it was made. The package's directory states every part's
expanded size, and zipfile never inflates a part past its stated size, so the sizes are checked from the
directory alone; the rows and cells of the sheets (or of the document) are counted by streaming their XML
in small chunks. A file over a limit is refused with a Chinese FormReadError naming the file and the part.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_EXPANDED_BYTES = 100 * 1024 * 1024  # all parts together, inflated
MAX_PART_BYTES = 30 * 1024 * 1024  # one XML part inflated (a sheet, the document body)
MAX_PARTS = 2000
MAX_ROWS = 5000  # rows of one sheet, or table rows of one document
MAX_CELLS = 100_000  # cells of one sheet, or of one document's tables
MAX_TABLE_ROWS = 500  # indicator rows of one table, any format (a real form has tens; a session keeps every version)

_CHUNK = 1024 * 1024
_XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_XLSX_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_DOCX_ROW = re.compile(rb"<w:tr[\s>/]")
_DOCX_CELL = re.compile(rb"<w:tc[\s>/]")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:.0f} MB"


def check_package(path: Path, program: str):
    """Refuse a package whose parts inflate past the limits; returns the open ZipFile's member list.

    Raises FormReadError; a file that is not a zip at all is left to the reader's own error."""
    from assistant.formio import FormReadError

    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []
    if len(members) > MAX_PARTS:
        raise FormReadError(f"{path.name}：{program} 文件包含 {len(members)} 个部件，超过上限 {MAX_PARTS}，不像一份申报表")
    total = sum(m.file_size for m in members)
    if total > MAX_EXPANDED_BYTES:
        raise FormReadError(f"{path.name}：{program} 文件解压后达 {_mb(total)}（压缩后 {_mb(path.stat().st_size)}），"
                            f"超过上限 {_mb(MAX_EXPANDED_BYTES)}，已拒绝读取（可能是恶意构造的压缩文件）")
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and member.file_size > MAX_PART_BYTES:
            raise FormReadError(f"{path.name}：部件 {member.filename} 解压后达 {_mb(member.file_size)}，"
                                f"超过上限 {_mb(MAX_PART_BYTES)}，已拒绝读取")
    return members


def _count(package: zipfile.ZipFile, name: str, row: re.Pattern, cell: re.Pattern) -> tuple[int, int]:
    """Rows and cells in one XML part, streamed in chunks; a tag starting in a chunk's last bytes is
    counted with the next chunk, so a tag cut by a chunk edge is counted once."""
    rows = cells = 0
    tail = b""
    with package.open(name) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            cut = len(data) - 32 if chunk else len(data)
            rows += sum(1 for m in row.finditer(data) if m.start() < cut)
            cells += sum(1 for m in cell.finditer(data) if m.start() < cut)
            if not chunk:
                return rows, cells
            tail = data[cut:]


def _too_big(path: Path, place: str, rows: int, cells: int, unit: str) -> None:
    from assistant.formio import FormReadError

    if rows > MAX_ROWS:
        raise FormReadError(f"{path.name}：{place}有 {rows} {unit}，超过上限 {MAX_ROWS} 行，不像一份申报表；"
                            f"请只保留绩效目标表后再导入")
    if cells > MAX_CELLS:
        raise FormReadError(f"{path.name}：{place}有 {cells} 个单元格，超过上限 {MAX_CELLS}，不像一份申报表")


def _check(path: Path, program: str, is_body, row: re.Pattern, cell: re.Pattern, places) -> None:
    """Sizes, then rows and cells of each body part (``is_body(name)``) before the Office library loads it;
    ``places(package)`` gives the function naming a part for the user (called once the sizes are known)."""
    members = check_package(path, program)
    if not members:
        return
    with zipfile.ZipFile(path) as package:
        place = places(package)
        for member in members:
            if is_body(member.filename):
                rows, cells = _count(package, member.filename, row, cell)
                _too_big(path, place(member.filename), rows, cells, "行")


_TAG = re.compile(rb"<(?:\w+:)?(?:sheet|Relationship)\s[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _sheet_titles(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's title as Excel shows it ("xl/worksheets/sheet1.xml" → "申报表"), read with a
    regular expression from the (size-checked) workbook parts; {} when they cannot be read."""
    try:
        book = package.read("xl/workbook.xml")
        rels = package.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}

    def tags(xml: bytes) -> list[dict[str, str]]:
        return [{k.decode().split(":")[-1] if k != b"r:id" else "rid": v.decode("utf-8", "replace")
                 for k, v in _ATTR.findall(tag)} for tag in _TAG.findall(xml)]

    targets = {t.get("Id"): t.get("Target", "") for t in tags(rels) if "Target" in t}
    titles = {}
    for sheet in tags(book):
        target = targets.get(sheet.get("rid"), "")
        if target and "name" in sheet:
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            titles[part] = sheet["name"]
    return titles


def _sheet_place(package: zipfile.ZipFile):
    titles = _sheet_titles(package)
    return lambda name: f"工作表“{titles[name]}”" if name in titles else f"工作表部件 {Path(name).stem} "


def check_xlsx(path: Path) -> None:
    """Every worksheet of a workbook, before openpyxl loads it."""
    _check(path, "Excel", lambda name: name.startswith("xl/worksheets/") and name.endswith(".xml"),
           _XLSX_ROW, _XLSX_CELL, _sheet_place)


def check_docx(path: Path) -> None:
    """The tables of a document's body, before python-docx loads it."""
    _check(path, "Word", lambda name: name == "word/document.xml", _DOCX_ROW, _DOCX_CELL,
           lambda package: lambda name: "文档中的表格")


def check_table_rows(count: int, where: str) -> None:
    """An indicator table of more than MAX_TABLE_ROWS rows is refused before its rows are read."""
    from assistant.formio import FormReadError

    if count > MAX_TABLE_ROWS:
        raise FormReadError(f"{where}：指标表有 {count} 行，超过上限 {MAX_TABLE_ROWS} 行，不像一份申报表；"
                            f"请拆分或只保留绩效目标表后再导入")
