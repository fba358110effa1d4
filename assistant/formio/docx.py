"""The standard form as a Word document (one table in the 申报表 layout), and reading it back."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Cm, Pt
from lxml import etree

_COLUMN_WIDTHS_CM = (2.3, 2.2, 2.5, 4.2, 2.4, 2.3)  # 目标名称 一级 二级 三级 指标值 依据: A4 text width

from assistant.formio import FormReadError, ImportResult
from assistant.formio.grid import refuse_encrypted
from assistant.formio.limits import check_docx
from assistant.formio.layout import DETAIL_TITLE, WIDTH, detail_grid, form_grid, forms_from_grids, merged_ranges
from assistant.schema import PerformanceForm


# The exact parts of each row (the 指标明细 that xlsx keeps in a hidden sheet) travel in a custom XML part
# of the document (Word keeps such parts when it saves), so the printed document is the standard form alone.
_DETAIL_PART = "/customXml/jixiao-detail.xml"
_DETAIL_NS = "urn:jixiao:detail"


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
    table.autofit = False
    for column, width in zip(table.columns, _COLUMN_WIDTHS_CM):
        column.width = Cm(width)  # the table grid (LibreOffice, WPS) …
        for cell in column.cells:  # … and each cell (Word)
            cell.width = Cm(width)
    for r0, c0, r1, c1 in merged_ranges(rows, spans):
        if r0 >= 2:
            table.cell(r0 - 2, c0).merge(table.cell(r1 - 2, c1))
    written = []  # a merged cell is written once, from its top-left grid cell
    for r, cells in enumerate(body):
        for c, value in enumerate(cells):
            cell = table.cell(r, c)
            if any(cell._tc is done for done in written):
                continue
            written.append(cell._tc)
            cell.text = value  # replaces the empty paragraphs a merge leaves behind
    _attach_detail(document, detail_grid(form))
    document.save(path)


def _attach_detail(document, rows: list[list[str]]) -> None:
    element = etree.Element(f"{{{_DETAIL_NS}}}detail")
    element.text = json.dumps(rows, ensure_ascii=False)
    blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI(_DETAIL_PART), "application/xml", blob, document.part.package)
    document.part.relate_to(part, RT.CUSTOM_XML)


def _detail_rows(document) -> list[list[str]] | None:
    for rel in document.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and rel.target_part.partname == _DETAIL_PART:
            try:
                rows = json.loads(etree.fromstring(rel.target_part.blob).text or "")
            except (ValueError, RecursionError, etree.XMLSyntaxError):
                return None  # a damaged (or hostile, "[[[[…") appendix: the printed table alone is read
            return rows if isinstance(rows, list) else None
    return None


def _table_rows(table, seen: set | None = None) -> list[list[str]]:
    """Cell texts row by row; a horizontally merged cell counts once (python-docx repeats it). A table set
    inside a cell — a layout table holding the indicator table — has its rows follow that row's."""
    seen = set() if seen is None else seen
    rows = []
    for row in table.rows:
        cells, last, nested = [], None, []
        for cell in row.cells:
            if cell._tc is last:
                continue
            last = cell._tc
            cells.append(cell.text)
            if cell._tc not in seen:  # a vertically merged cell appears in every row it spans
                seen.add(cell._tc)
                nested.extend(cell.tables)
        rows.append(cells)
        for inner in nested:
            rows.extend(_table_rows(inner, seen))
    return rows


def read_docx(path: Path) -> ImportResult:
    path = Path(path)
    refuse_encrypted(path, "Word", ".doc")
    check_docx(path)  # a zip bomb or a document of 100,000 table rows is refused before python-docx inflates it
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:  # broken XML too
        raise FormReadError(f"{path.name}：文件已损坏或不是 Word 文档（{exc.__class__.__name__}）") from None
    tables = document.tables
    if not tables:
        raise FormReadError(f"{path.name}：文档中没有表格，找不到指标表")
    detail = _detail_rows(document)
    grids = [_table_rows(table) for table in tables]
    before = [[p.text] for p in document.paragraphs[:3] if p.text.strip()]
    return forms_from_grids([(f"{path.name} 表格{n}", before + grid, detail) for n, grid in enumerate(grids, start=1)],
                            path.name)
