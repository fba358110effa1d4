"""Batch review of submitted forms, and the reviewer's report as an Excel workbook.

    review_paths(paths)        -> BatchReview   every form in every file, checked; unreadable files listed
    review_text(text, where)   -> BatchReview   the same for pasted text
    write_review_report(batch, path) -> Path    汇总 sheet + one findings sheet per form

A finance-bureau reviewer checks a stack of 申报表 at once: one file that cannot be read (corrupt,
encrypted, too large, wrong kind, no indicator table) is named with the reason and the others are
still reviewed — nothing in the batch is dropped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assistant import findings as presenter
from assistant.formio import FormReadError, ImportResult, parse_text, read_forms
from assistant.schema import Finding, PerformanceForm
from assistant.validation import validate

TOP_PROBLEMS = 3  # the summary names this many problems per form, errors first
UNNAMED = "（未命名项目）"


@dataclass
class FormReview:
    """One form as the reviewer sees it: where it came from, what the rules found, what the importer doubted."""

    file: str  # file name as uploaded (or 粘贴的文本)
    form: PerformanceForm
    findings: list[Finding]
    problems: list[str] = field(default_factory=list)  # importer notes for this file, 中文
    framework: str | None = None  # the 指标框架 the rules applied (101 / local), when the caller chose it

    @property
    def title(self) -> str:
        return self.form.project.name or UNNAMED

    def count(self, severity: str) -> int:
        return presenter.tally(self.findings)[severity]

    def top_problems(self, n: int = TOP_PROBLEMS) -> list[str]:
        """The first errors, then warnings (validate() sorts them so), each with its place in the form."""
        serious = [f for f in self.findings if f.severity != "info"]
        return [presenter.line(f) for f in serious[:n]]


@dataclass
class Unreadable:
    file: str
    message: str  # 中文, names the file and the reason


@dataclass
class BatchReview:
    reviews: list[FormReview] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    def extend(self, other: "BatchReview") -> None:
        self.reviews += other.reviews
        self.unreadable += other.unreadable


def _check(result: ImportResult, file: str) -> list[FormReview]:
    problems = [str(p) for p in result.problems]
    return [FormReview(file, form, validate(form), problems) for form in result.forms]


def review_paths(paths: list[str | Path]) -> BatchReview:
    """Read and validate every form of every file; a file that cannot be read is listed with its reason."""
    batch = BatchReview()
    for path in map(Path, paths):
        try:
            batch.reviews += _check(read_forms(path), path.name)
        except FormReadError as exc:
            batch.unreadable.append(Unreadable(path.name, str(exc)))
        except Exception as exc:  # noqa: BLE001 — one odd file must not stop the reviewer's batch
            batch.unreadable.append(Unreadable(path.name, f"{path.name}：无法读取（{exc.__class__.__name__}），请另存后重试"))
    return batch


def review_text(text: str, where: str = "粘贴的文本") -> BatchReview:
    """Validate forms pasted as text (the budget system's copy or a transcribed form)."""
    batch = BatchReview()
    if not text.strip():
        batch.unreadable.append(Unreadable(where, f"{where}：内容为空，请粘贴申报表文本"))
        return batch
    try:
        batch.reviews += _check(parse_text(text, where), where)
    except FormReadError as exc:
        batch.unreadable.append(Unreadable(where, str(exc)))
    return batch


# ---- the workbook ----------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SEVERITY_FILL = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
_WRAP = Alignment(wrap_text=True, vertical="top")
SUMMARY_TITLE = "汇总"
SUMMARY_HEADERS = ("序号", "文件", "项目名称", "申报单位", "预算（万元）", "错误", "警告", "提示", "主要问题", "明细工作表")
SUMMARY_WIDTHS = (6, 26, 30, 24, 12, 7, 7, 7, 70, 18)
FINDING_HEADERS = ("序号", "严重程度", "位置", "问题", "修改建议", "规则")
FINDING_WIDTHS = (6, 10, 28, 60, 46, 38)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def _sheet_name(title: str, number: int, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\', unique within the workbook."""
    base = f"{number}-{_SHEET_FORBIDDEN.sub('', title)}"[:31]
    name, extra = base, 2
    while name in taken:
        suffix = f"({extra})"
        name, extra = base[: 31 - len(suffix)] + suffix, extra + 1
    taken.add(name)
    return name


def _header_row(sheet, row: int, headers, widths) -> None:
    for column, (label, width) in enumerate(zip(headers, widths), start=1):
        cell = _text_cell(sheet, row, column, label)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width


def _text_cell(sheet, row: int, column: int, value):
    """A cell holding ``value``; text is stored as text, the way the draft exports store it (formio.xlsx).

    A project named ``=cmd|' /C calc'!A0`` or a message starting with "=", "+", "-" or "@" is what the form
    says, never a formula Excel would run.
    """
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _write_row(sheet, row: int, values, widths) -> None:
    for column, value in enumerate(values, start=1):
        _text_cell(sheet, row, column, value).alignment = _WRAP
    # Wrapped cells keep the default height in some viewers: size the row for its longest cell.
    lines = max((_lines(value, width) for value, width in zip(values, widths)), default=1)
    sheet.row_dimensions[row].height = 15 * max(1, lines)


def _lines(value, width: float) -> int:
    """Printed lines of a wrapped cell: a Chinese character is about two units of column width."""
    if value is None:
        return 1
    units = max(1.0, width - 1)
    return sum(max(1, math.ceil(sum(2 if ord(ch) > 0x2E7F else 1 for ch in part) / units))
               for part in str(value).split("\n"))


def _print_setup(sheet) -> None:
    """A4 landscape, every column on one page wide, header row repeated."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _summary_sheet(sheet, batch: BatchReview, sheet_names: list[str]) -> None:
    sheet.title = SUMMARY_TITLE
    _header_row(sheet, 1, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    row = 2
    for number, (item, sheet_name) in enumerate(zip(batch.reviews, sheet_names), start=1):
        project = item.form.project
        _write_row(sheet, row, (number, item.file, item.title, project.unit, project.budget_wan,
                                item.count("error"), item.count("warning"), item.count("info"),
                                "\n".join(item.top_problems()) or "未发现问题", sheet_name), SUMMARY_WIDTHS)
        link = sheet.cell(row=row, column=len(SUMMARY_HEADERS))
        link.hyperlink, link.style = f"#'{sheet_name}'!A1", "Hyperlink"
        if item.count("error"):
            sheet.cell(row=row, column=6).fill = PatternFill("solid", fgColor=_SEVERITY_FILL["error"])
        row += 1
    for item in batch.unreadable:
        _write_row(sheet, row, (row - 1, item.file, "（无法读取）", "", None, None, None, None, item.message, ""),
                   SUMMARY_WIDTHS)
        row += 1
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_HEADERS))}{max(row - 1, 1)}"


def _findings_sheet(sheet, item: FormReview) -> None:
    project = item.form.project
    budget = "—" if project.budget_wan is None else f"{project.budget_wan:g} 万元"
    facts = (("项目名称", item.title), ("申报单位", project.unit or "—"), ("项目预算", budget), ("文件", item.file),
             ("问题数", f"错误 {item.count('error')} 条，警告 {item.count('warning')} 条，提示 {item.count('info')} 条"))
    for row, (label, value) in enumerate(facts, start=1):
        _text_cell(sheet, row, 1, label).font = _HEADER_FONT
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        _text_cell(sheet, row, 3, value)
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(FINDING_HEADERS))
    first = len(facts) + 2
    _header_row(sheet, first, FINDING_HEADERS, FINDING_WIDTHS)
    row = first + 1
    for number, finding in enumerate(item.findings, start=1):
        _write_row(sheet, row, (number, presenter.SEVERITY_LABELS[finding.severity], presenter.place(finding.location),
                                finding.message, finding.suggestion, finding.rule), FINDING_WIDTHS)
        sheet.cell(row=row, column=2).fill = PatternFill("solid", fgColor=_SEVERITY_FILL[finding.severity])
        row += 1
    # importer doubts are part of the review: a row it could not read is a row the reviewer must look at
    for problem in item.problems:
        _write_row(sheet, row, (row - first, "导入提示", item.file, problem, "请核对原表该行", "formio"), FINDING_WIDTHS)
        row += 1
    if not item.findings and not item.problems:
        _write_row(sheet, row, ("", "", "", "未发现问题", "", ""), FINDING_WIDTHS)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.print_title_rows = f"{first}:{first}"
    _print_setup(sheet)


def write_review_report(batch: BatchReview, path: str | Path) -> Path:
    """The reviewer's workbook: 汇总 (one row per form, unreadable files too) and one sheet of findings per form."""
    path = Path(path)
    workbook = Workbook()
    taken = {SUMMARY_TITLE}
    names = [_sheet_name(item.title, number, taken) for number, item in enumerate(batch.reviews, start=1)]
    _summary_sheet(workbook.active, batch, names)
    for item, name in zip(batch.reviews, names):
        _findings_sheet(workbook.create_sheet(name), item)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


__all__ = ["BatchReview", "FormReview", "Unreadable", "review_paths", "review_text", "write_review_report"]
