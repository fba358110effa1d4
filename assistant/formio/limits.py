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
MAX_TABLE_ROWS = 2000  # indicator rows of one table, any format (a real form has tens)

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


def check_xlsx(path: Path) -> None:
    """Sizes, then rows and cells of every worksheet, before openpyxl loads the workbook."""
    members = check_package(path, "Excel")
    if not members:
        return
    with zipfile.ZipFile(path) as package:
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                rows, cells = _count(package, member.filename, _XLSX_ROW, _XLSX_CELL)
                sheet = Path(member.filename).stem
                _too_big(path, f"工作表部件 {sheet} ", rows, cells, "行")


def check_docx(path: Path) -> None:
    """Sizes, then table rows and cells of the document body, before python-docx loads it."""
    members = check_package(path, "Word")
    if not members:
        return
    with zipfile.ZipFile(path) as package:
        for member in members:
            if member.filename == "word/document.xml":
                rows, cells = _count(package, member.filename, _DOCX_ROW, _DOCX_CELL)
                _too_big(path, "文档中的表格", rows, cells, "行")


def check_table_rows(count: int, where: str) -> None:
    """An indicator table of more than MAX_TABLE_ROWS rows is refused before its rows are read."""
    from assistant.formio import FormReadError

    if count > MAX_TABLE_ROWS:
        raise FormReadError(f"{where}：指标表有 {count} 行，超过上限 {MAX_TABLE_ROWS} 行，不像一份申报表；"
                            f"请拆分或只保留绩效目标表后再导入")
