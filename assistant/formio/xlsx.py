"""The standard form as an Excel workbook (printed on A4), and reading workbooks people have."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from assistant.formio import FormReadError, ImportResult
from assistant.formio.grid import refuse_encrypted
from assistant.formio.limits import check_xlsx
from assistant.formio.layout import DETAIL_TITLE, detail_grid, form_grid, forms_from_grids, merged_ranges
from assistant.schema import PerformanceForm

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "SimSun"
_COLUMN_WIDTHS = (15, 12, 16, 32, 13, 13)  # 目标名称 一级 二级 三级 指标值 依据: fits A4 portrait


def _detail_name(sheet_title: str) -> str:
    return f"{DETAIL_TITLE}·{sheet_title}"[:31]


def write_xlsx(form: PerformanceForm, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报表"
    rows, spans = form_grid(form)
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c, value=value or None)
            cell.data_type = "s"
            cell.font = Font(name=_FONT, size=10, bold=(r == 1 or c == 1 and value in ("项目绩效总目标",)))
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if c > 1 else "center")
            if r > 2:
                cell.border = _BORDER
    sheet.cell(row=1, column=1).font = Font(name=_FONT, size=16, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    for r, cells in enumerate(rows, start=1):
        if cells[0] in ("长期绩效目标", "年度绩效目标"):
            sheet.row_dimensions[r].height = max(30, 15 * (len(cells[1]) // 40 + 1))
    for r0, c0, r1, c1 in merged_ranges(rows, spans):
        sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    for i, width in enumerate(_COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + i)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    detail = workbook.create_sheet(_detail_name(sheet.title))
    for r, cells in enumerate(detail_grid(form), start=1):
        for c, value in enumerate(cells, start=1):
            detail.cell(row=r, column=c, value=value or None).data_type = "s"  # "=15万" is text, not a formula
    detail.sheet_state = "hidden"
    workbook.save(path)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _formula_cells(sheet) -> dict[tuple[int, int], str]:
    return {(cell.row - 1, cell.column - 1): cell.value for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f" and isinstance(cell.value, str)}


def _fill_uncached_formulas(grid: list[list[str]], formulas: dict[tuple[int, int], str]) -> None:
    """A value typed as "=3期" is stored by some tools as a formula with no cached result; such a cell
    is a 指标值 as written, so its formula text is the value (a real formula keeps its cached result)."""
    for (r, c), text in formulas.items():
        if r < len(grid) and c < len(grid[r]) and not grid[r][c]:
            grid[r][c] = text


def read_xlsx(path: Path) -> ImportResult:
    path = Path(path)
    refuse_encrypted(path, "Excel", ".xls")
    check_xlsx(path)  # a zip bomb or a 100,000-row sheet is refused before openpyxl inflates it
    try:
        workbook = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, SyntaxError) as exc:  # broken XML, parts
        raise FormReadError(f"{path.name}：文件已损坏或不是 Excel 工作簿（{exc.__class__.__name__}）") from None
    cached = None  # the workbook's saved results of its formulas, read only when it has formulas
    grids = []
    for sheet in workbook.worksheets:
        if sheet.title.startswith(DETAIL_TITLE):
            continue
        formulas = _formula_cells(sheet)
        if formulas:
            cached = cached or load_workbook(path, data_only=True)
            sheet = cached[sheet.title]
        grid = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        _fill_uncached_formulas(grid, formulas)
        detail_name = _detail_name(sheet.title)
        detail = None
        if detail_name in workbook.sheetnames:
            detail = [[_cell_text(v) for v in row] for row in workbook[detail_name].iter_rows(values_only=True)]
        grids.append((f"{path.name}［{sheet.title}］", grid, detail))
    return forms_from_grids(grids, path.name)
