"""The standard form as a Word document (one table in the 申报表 layout), and reading it back."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Pt

from assistant.formio import FormReadError, ImportResult
from assistant.formio.layout import DETAIL_TITLE, WIDTH, detail_grid, form_grid, read_grid
from assistant.schema import PerformanceForm


def write_docx(form: PerformanceForm, path: Path) -> None:
    document = Document()
    rows, spans = form_grid(form)
    heading = document.add_paragraph(rows[0][0])
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].font.size, heading.runs[0].bold = Pt(16), True
    document.add_paragraph(rows[1][0])
    body = rows[2:]
    table = document.add_table(rows=len(body), cols=WIDTH)
    table.style = "Table Grid"
    for r, cells in enumerate(body):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
        if all(not v for v in cells[1:]):
            table.cell(r, 0).merge(table.cell(r, WIDTH - 1))
        elif cells[0] and cells[1] and all(not v for v in cells[2:]):
            table.cell(r, 1).merge(table.cell(r, WIDTH - 1))
    document.add_paragraph(DETAIL_TITLE)
    detail = detail_grid(form)
    appendix = document.add_table(rows=len(detail), cols=len(detail[0]))
    appendix.style = "Table Grid"
    for r, cells in enumerate(detail):
        for c, value in enumerate(cells):
            appendix.cell(r, c).text = value
    document.save(path)


def _table_rows(table) -> list[list[str]]:
    """Cell texts row by row; a horizontally merged cell counts once (python-docx repeats it)."""
    rows = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            if cell._tc is last:
                continue
            last = cell._tc
            cells.append(cell.text)
        rows.append(cells)
    return rows


def read_docx(path: Path) -> ImportResult:
    path = Path(path)
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormReadError(f"{path.name}：文件已损坏或不是 Word 文档（{exc.__class__.__name__}）") from None
    tables = document.tables
    if not tables:
        raise FormReadError(f"{path.name}：文档中没有表格，找不到指标表")
    detail = None
    grids = []
    for table in tables:
        rows = _table_rows(table)
        if rows and rows[0][:2] == ["表", "行"]:
            detail = rows
        else:
            grids.append(rows)
    before = [[p.text] for p in document.paragraphs[:3] if p.text.strip()]
    result = ImportResult()
    for number, grid in enumerate(grids, start=1):
        read = read_grid(before + grid, f"{path.name} 表格{number}", detail)
        if read is not None:
            result.forms.append(read[0])
            result.problems.extend(read[1])
    if not result.forms:
        raise FormReadError(f"{path.name}：没有找到指标表（需要含“一级指标、二级指标、三级指标、指标值”的表头行）")
    return result
