"""Read an indicator table given as rows of cells — the common core of the text, xlsx and docx importers.

Tables copied out of budget systems are irregular: merged 一级/二级 cells arrive blank (carry the
value down), a row may lose its leading 目标名称 cell (shifted left), a second 二级 column may be
doubled, and 自评表 carry 目标值 and 完成值 columns. The header row, found by its labels, says
which column is which; the row corrections below undo the known distortions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import taxonomy
from assistant.schema import Indicator

_TARGET_NAME = re.compile(r"^(长期|年度|中期)?(绩效)?目标\d*$")
_MISSING = {"[缺]", "[空]"}


@dataclass
class ImportProblem:
    """Something an importer could not read faithfully. ``where`` names file/sheet and row."""

    where: str
    message: str  # 中文
    severity: str = "error"  # error: data could not be read; warning: read but doubtful

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


# Office files are zip packages; a password-protected one, or the old binary .xls/.doc, is an OLE compound file.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def refuse_encrypted(path, program: str, old_suffix: str) -> None:
    """Raise a Chinese FormReadError for a password-protected or old-format Office file."""
    from assistant.formio import FormReadError

    with open(path, "rb") as handle:
        if handle.read(4) == _OLE_MAGIC:
            raise FormReadError(f"{path.name}：文件已加密或为旧版 {old_suffix} 格式，"
                                f"请在 {program} 中取消密码并另存为 {path.suffix.lower()}")


@dataclass
class Header:
    """Column roles of an indicator table, found from its header labels."""

    target: int | None  # 目标名称
    level1: int | None
    level2: int | None
    name: int
    value: int
    basis: int | None = None
    actual: int | None = None
    operator: int | None = None  # a separate 指标性质/计算符号 column
    unit: int | None = None  # a separate 计量单位 column
    width: int = 0


@dataclass
class TableRead:
    indicators: list[Indicator] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _label(cell: str) -> str:
    return re.sub(r"\s+", "", cell or "")


def find_header(cells: list[str]) -> Header | None:
    """Recognise an indicator table header: it names 三级指标 (or 指标名称) and 指标值 (or 目标值)."""
    labels = [_label(c) for c in cells]

    def first(*patterns: str, exclude: tuple[str, ...] = ()) -> int | None:
        for pattern in patterns:
            for i, label in enumerate(labels):
                if pattern in label and not any(x in label for x in exclude):
                    return i
        return None

    name = first("三级指标", "指标名称", "指标内容", "三级", "指标说明")
    if name is None and "指标" in labels:
        name = labels.index("指标")
    value = first("年度指标值", "预期", "目标值", "指标值", "年度数值", exclude=("依据", "说明", "上年", "实际", "性质"))
    if name is None or value is None or value == name:
        return None
    level1 = first("一级指标", "一级", "指标类型（一级）")
    level2 = first("二级指标", "二级")
    if level2 == name:
        level2 = None
    return Header(
        target=first("目标名称"),
        level1=level1,
        level2=level2,
        name=name,
        value=value,
        basis=first("确定依据", "依据", "标准"),
        actual=first("实际值", "完成值", "实际完成", "实现值", exclude=("上年",)),
        operator=first("指标性质", "计算符号", "运算符", "符号"),
        unit=first("计量单位", "度量单位", "单位"),
        width=len(cells),
    )


def _strict_level1(cell: str) -> bool:
    return taxonomy.is_level1(cell)


def _strict_level2(cell: str) -> bool:
    return taxonomy.is_level2(cell)


def _straighten(cells: list[str], header: Header) -> list[str]:
    """Undo the distortions of copied tables so that cells line up with the header."""
    row = list(cells)
    # Shifted row: the 目标名称 cell is missing, so the row starts at 一级 ("满意度指标⇥满意度指标⇥…")
    # and its 确定依据 word stands in the 指标值 column ("⇥⇥服务对象⇥≥95%⇥历史标准").
    if header.target == 0 and row and (
        (row[0] and not _TARGET_NAME.match(row[0]) and _strict_level1(row[0]))
        or (header.basis is not None and _cell(row, header.value) in taxonomy.BASIS_VALUES)
    ):
        row.insert(0, "")
    if header.level2 is not None and header.name == header.level2 + 1:
        l2 = header.level2
        # Doubled 二级 column: "数量指标⇥数量指标⇥参加技能培训…".
        if len(row) > l2 + 1 and row[l2] and row[l2 + 1] == row[l2] and _strict_level2(row[l2]):
            del row[l2 + 1]
        # The same doubled column left blank under a merged cell: "⇥⇥⇥⇥发放培训…".
        elif (
            len(row) > header.name + 1
            and not any(row[: header.name + 1])
            and row[header.name + 1]
        ):
            del row[header.name]
    return row


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    text = row[index].strip()
    return "" if text in _MISSING else text  # [缺]/[空] mark a cell the source did not show


def _raw_value(row: list[str], header: Header) -> str:
    """The 指标值 as one cell; tables with separate 指标性质/计量单位 columns are joined ("≥" "95" "%")."""
    value = _cell(row, header.value)
    if header.operator is None and header.unit is None:
        return value
    operator = taxonomy.normalize_operator(_cell(row, header.operator))
    if operator == "定性":
        return value
    unit = _cell(row, header.unit)
    if unit and value.endswith(unit):
        unit = ""
    return f"{operator}{value}{unit}" if value else ""


def read_rows(rows: list[tuple[str, list[str]]], header: Header) -> TableRead:
    """Rows after the header, each with its place (e.g. "第12行"), into indicators.

    Blank 一级/二级 cells inherit from the row above (merged cells). A row with a 三级 name is
    always kept, even when its value is missing; a row with no 三级 name but other content is
    reported, never dropped silently.
    """
    from assistant.formio.limits import check_table_rows

    if rows:
        check_table_rows(len(rows), rows[0][0])
    result = TableRead()
    level1 = level2 = ""
    for where, raw_cells in rows:
        cells = [str(c).strip() for c in raw_cells]
        if not any(cells):
            continue
        row = _straighten(cells, header)
        if len([c for c in row if c]) == 1 and len(row) <= header.name:
            result.problems.append(ImportProblem(where, f"无法读取此行（不是完整的表格行）：{' | '.join(cells)}"))
            continue
        l1_cell, l2_cell = _cell(row, header.level1), _cell(row, header.level2)
        name = _cell(row, header.name)
        if l1_cell:
            level1 = taxonomy.normalize_level1(l1_cell)
            level2 = ""
        if l2_cell:
            level2 = taxonomy.normalize_level2(l2_cell)
            if header.level1 is None or not level1:
                level1 = taxonomy.level1_for_level2(level2, taxonomy.FRAMEWORK_LOCAL) or level1
        raw_value = _raw_value(row, header)
        if not name:
            if not raw_value:
                if [c for c in row if c and c not in (l1_cell, l2_cell)]:
                    result.problems.append(ImportProblem(where, f"无法读取此行（缺少三级指标名称和指标值）：{' | '.join(cells)}"))
                continue
            result.problems.append(ImportProblem(where, f"此行缺少三级指标名称（指标值“{raw_value}”），已保留待补充", "warning"))
        if level1 and level1 not in taxonomy.ALL_LEVEL1:
            result.problems.append(
                ImportProblem(where, f"无法识别的一级指标“{level1}”（三级指标“{name}”），已按原文保留", "warning")
            )
        actual = _cell(row, header.actual) if header.actual is not None else None
        result.indicators.append(
            Indicator.from_cells(level1, level2, name, raw_value, _cell(row, header.basis), actual=actual)
        )
    return result
