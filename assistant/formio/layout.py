"""The standard 项目支出绩效目标申报表 layout as a grid of cells, and reading any such grid back.

xlsx and docx both write this grid and read grids through `read_grid`, so the two formats share
one layout and one reader. Besides the printed form, an appendix table "指标明细" carries each
row's exact parts (运算符/指标值/单位/来源/完成值) so that import(export(form)) == form.
"""

from __future__ import annotations

import json
import re

from assistant import taxonomy
from assistant.formio import FormReadError, ImportResult
from assistant.formio.grid import ImportProblem, find_header, read_rows
from assistant.money import DEFAULT_UNIT, label_unit, money_wan
from assistant.schema import TABLE_TITLES, Goals, Indicator, PerformanceForm, ProjectInfo

WIDTH = 6  # 目标名称 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值确定依据
TABLE_HEADER = ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
DETAIL_TITLE = "指标明细"
DETAIL_HEADER = ["表", "行", "三级指标", "指标值", "确定依据", "明细（JSON）"]
_PROJECT_LABELS = {"项目名称": "name", "申报单位": "unit", "主管部门": "department", "项目预算（万元）": "budget_wan",
                   "预算年度": "year", "所属领域": "sector"}
_TABLE_KEYS = {"long_term": "长期", "annual": "年度"}
_GOAL_LABELS = ("长期绩效目标", "年度绩效目标")
# Budget labels of other layouts, with or without a unit: "项目金额", "预算金额（元）", "年度资金总额(万元)".
_BUDGET_LABEL = re.compile(r"^(项目金额|项目预算|年度资金总额|预算金额)([（(][^)）]*[)）])?$")
LABEL_ROWS = frozenset(_PROJECT_LABELS) | frozenset(_GOAL_LABELS)  # a label cell, then its value across the row


def title_for(form: PerformanceForm, kind: str = "申报表") -> str:
    year = f"（{form.project.year}年度）" if form.project.year else ""
    return f"项目支出绩效目标{kind}{year}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value == int(value) else repr(value)
    return str(value)


def form_grid(form: PerformanceForm) -> tuple[list[list[str]], list[tuple[str, int, int]]]:
    """The printed form as rows of WIDTH cells, and the tables' row spans (table, first row, count)."""
    p = form.project
    rows: list[list[str]] = [[title_for(form)] + [""] * (WIDTH - 1), ["金额单位：万元"] + [""] * (WIDTH - 1)]
    for label, attr in _PROJECT_LABELS.items():
        rows.append([label, _text(getattr(p, attr))] + [""] * (WIDTH - 2))
    rows.append(["项目绩效总目标"] + [""] * (WIDTH - 1))
    for label, text in zip(_GOAL_LABELS, (form.goals.long_term, form.goals.annual)):
        rows.append([label, text] + [""] * (WIDTH - 2))
    spans = []
    for table, indicators in form.tables():
        rows.append([TABLE_TITLES[table]] + [""] * (WIDTH - 1))
        rows.append(list(TABLE_HEADER))
        spans.append((table, len(rows), len(indicators)))
        for i, row in enumerate(indicators):
            target = f"{_TABLE_KEYS[table]}目标1" if i == 0 else ""
            rows.append([target, row.level1, row.level2, row.name, row.raw_value, row.basis])
    return rows, spans


def merged_ranges(rows: list[list[str]], spans: list[tuple[str, int, int]]) -> list[tuple[int, int, int, int]]:
    """Cells the printed form merges, as 0-based (first row, first column, last row, last column):
    a label's value spans the rest of its row; a title spans the whole row; in each indicator table the
    目标名称 column is one cell, and runs of the same 一级 (and, within it, the same 二级) are one cell."""
    ranges = []
    for r, cells in enumerate(rows):
        if cells[0] in LABEL_ROWS:
            ranges.append((r, 1, r, WIDTH - 1))
        elif not any(cells[1:]):
            ranges.append((r, 0, r, WIDTH - 1))
    for _table, first, count in spans:
        if count > 1:
            ranges.append((first, 0, first + count - 1, 0))
        for column in (1, 2):
            start = first
            for r in range(first + 1, first + count + 1):
                same = r < first + count and rows[r][column] == rows[start][column] and rows[r][1] == rows[start][1]
                if not same:
                    if r - start > 1:
                        ranges.append((start, column, r - 1, column))
                    start = r
    return ranges


def detail_grid(form: PerformanceForm) -> list[list[str]]:
    rows = [list(DETAIL_HEADER)]
    for table, indicators in form.tables():
        for i, row in enumerate(indicators, start=1):
            rows.append([table, str(i), row.name, row.raw_value, row.basis, row.model_dump_json()])
    payload = {"source": form.source, "project": form.project.model_dump(), "goals": form.goals.model_dump()}
    rows.append(["form", "", "", "", "", json.dumps(payload, ensure_ascii=False)])
    return rows


def read_grid(rows: list[list[str]], where: str, detail: list[list[str]] | None = None):
    """A form from a grid of cells (our layout or a common variant); returns (form, problems) or None."""
    project, goals = ProjectInfo(), Goals()
    tables: dict[str, list] = {}
    current, header = "annual", None
    for number, cells in enumerate(rows, start=1):
        cells = [("" if c is None else str(c)).strip() for c in cells]
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        first = nonempty[0]
        found = find_header(cells)
        if found:
            header = found
            tables.setdefault(current, [found, []])[0] = found
            continue
        if len(nonempty) == 1 and re.search(r"(长期|中期|年度)绩效目标表$", first):
            current, header = ("long_term" if re.search("长期|中期", first) else "annual"), None
            continue
        if header is not None:
            tables[current][1].append((f"{where} 第{number}行", cells))
            continue
        _read_label_cells(nonempty, project, goals)
    if not tables:
        return None
    form = PerformanceForm(project=project, goals=goals)
    problems: list[ImportProblem] = []
    for table, (table_header, table_rows) in tables.items():
        read = read_rows(table_rows, table_header)
        form.table(table).extend(read.indicators)
        problems.extend(read.problems)
    if detail:
        _apply_detail(form, detail)
    return form, problems


def forms_from_grids(grids, file_name: str) -> ImportResult:
    """Every form in a file's grids, each given as (where, rows, detail); a file without any indicator
    table is a FormReadError."""
    result = ImportResult()
    for where, rows, detail in grids:
        read = read_grid(rows, where, detail)
        if read is not None:
            result.forms.append(read[0])
            result.problems.extend(read[1])
    if not result.forms:
        raise FormReadError(f"{file_name}：没有找到指标表（需要含“一级指标、二级指标、三级指标、指标值”的表头行）")
    return result


def _read_label_cells(cells: list[str], project: ProjectInfo, goals: Goals) -> None:
    for i, cell in enumerate(cells[:-1]):
        label, value = re.sub(r"\s+", "", cell).rstrip(":："), cells[i + 1]
        if label in _PROJECT_LABELS:
            attr = _PROJECT_LABELS[label]
            if attr == "budget_wan":
                project.budget_wan = money_wan(value, label_unit(label) or DEFAULT_UNIT)
            elif attr == "year":
                project.year = int(_number(value)) if _number(value) is not None else None
            else:
                setattr(project, attr, value)
        elif _BUDGET_LABEL.match(label) and project.budget_wan is None:
            project.budget_wan = money_wan(value, label_unit(label) or DEFAULT_UNIT)
        elif label in ("实施单位", "单位名称") and not project.unit:
            project.unit = value
        elif re.match(r"^(长期|中期)(绩效)?目标\d*$", label):
            goals.long_term = value
        elif re.match(r"^年度(绩效)?目标\d*$", label):
            goals.annual = value
    if len(cells) == 1 and cells[0].startswith("申报单位：") and not project.unit:
        project.unit = cells[0].split("：", 1)[1]


def _number(text: str) -> float | None:
    match = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(match.group()) if match else None


def _same(visible, exact) -> bool:
    """The printed cell still says what the exact value says (cells lose outer whitespace)."""
    if isinstance(exact, str) or exact is None:
        return (visible or "") == (exact or "").strip()
    return visible == exact


def _apply_form_detail(form: PerformanceForm, data: dict) -> None:
    form.source = data.get("source")
    for part, model in (("project", form.project), ("goals", form.goals)):
        for key, exact in (data.get(part) or {}).items():
            if hasattr(model, key) and _same(getattr(model, key), exact):
                setattr(model, key, exact)


def _apply_detail(form: PerformanceForm, detail: list[list[str]]) -> None:
    """Exact rows from the 指标明细 appendix wherever the printed row still says the same (name, value,
    basis); a row someone edited in the printed table keeps the edit."""
    for cells in detail[1:]:
        cells = [("" if c is None else str(c)) for c in cells] + [""] * len(DETAIL_HEADER)
        table, index, payload = cells[0], cells[1], cells[5]
        try:
            data = json.loads(payload) if payload else None
        except (ValueError, RecursionError):  # a damaged (or hostile, "[[[[…") appendix row: the printed row stands
            continue
        if table == "form" and isinstance(data, dict):
            _apply_form_detail(form, data)
            continue
        if table not in ("annual", "long_term") or not index.isdigit() or not isinstance(data, dict):
            continue
        rows = form.table(table)
        i = int(index) - 1
        if 0 <= i < len(rows) and (rows[i].name, rows[i].raw_value, rows[i].basis) == tuple(cells[2:5]):
            try:
                exact = Indicator.model_validate(data)
            except ValueError:
                continue
            rows[i] = _keep_printed_levels(rows[i], exact)


def _keep_printed_levels(printed: Indicator, exact: Indicator) -> Indicator:
    """The exact row, except a 一级/二级 someone changed in the printed table: the edit wins. (The printed
    cells are read normalised, so an exact label that normalises to the printed one is not an edit.)"""
    changes = {}
    if printed.level1 != exact.level1 and printed.level1 != taxonomy.normalize_level1(exact.level1):
        changes["level1"] = printed.level1
    if printed.level2 != exact.level2 and printed.level2 != taxonomy.normalize_level2(exact.level2):
        changes["level2"] = printed.level2
    return exact.model_copy(update=changes) if changes else exact
