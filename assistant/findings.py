"""How findings are told to people — one wording used by the CLI, both UI pages and the Excel report.

    place(location)         "年度表第3行（指标值）", "项目信息（项目预算）", "绩效目标文本（年度绩效目标）"
    row_label(table, i)     "年度表第3行" for a 0-based row
    line(finding)           "年度表第3行（指标值）：<message>"
    tally(findings)         {"error": n, "warning": n, "info": n}
    tally_text(findings)    "错误 1 · 警告 2 · 提示 0"
    grouped(findings)       [(severity, "错误", [Finding, …]), …] errors first, empty groups left out
    on_row(findings, t, i)  the findings that point at one row of one table
    row_note(findings)      "错误1、警告1：<first message, shortened>" for a table's 问题 cell

Only words here: how a line is marked up (markdown, HTML, rich) and escaped is the renderer's job.
"""

from __future__ import annotations

from assistant.schema import PLACE_LABELS, TABLE_SHORT, Finding, Location
from assistant.validation.engine import counts
from assistant.validation.registry import SEVERITY_LABELS

ROW_NOTE_CHARS = 48


def row_label(table: str, index: int) -> str:
    """"年度表第3行" for a 0-based row index."""
    return f"{TABLE_SHORT.get(table, table)}第{index + 1}行"


def place(location: Location) -> str:
    """Where a finding points, in the reviewer's words (Location.describe: table and row, then the field)."""
    return location.describe()


def line(finding: Finding) -> str:
    return f"{place(finding.location)}：{finding.message}"


def tally(findings: list[Finding]) -> dict[str, int]:
    return counts(findings)


def tally_text(findings: list[Finding], separator: str = " · ") -> str:
    numbers = tally(findings)
    return separator.join(f"{label} {numbers[severity]}" for severity, label in SEVERITY_LABELS.items())


def grouped(findings: list[Finding]) -> list[tuple[str, str, list[Finding]]]:
    groups = [(severity, label, [f for f in findings if f.severity == severity])
              for severity, label in SEVERITY_LABELS.items()]
    return [group for group in groups if group[2]]


def on_row(findings: list[Finding], table: str, index: int) -> list[Finding]:
    return [f for f in findings if f.location.table == table and f.location.index == index]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def row_note(findings: list[Finding], limit: int = ROW_NOTE_CHARS) -> str:
    """The 问题 cell of one row: how many of each severity, and the first problem."""
    if not findings:
        return ""
    numbers = tally(findings)
    kinds = "、".join(f"{SEVERITY_LABELS[s]}{n}" for s, n in numbers.items() if n)
    return f"{kinds}：{shorten(findings[0].message, limit)}"


__all__ = ["PLACE_LABELS", "SEVERITY_LABELS", "TABLE_SHORT", "grouped", "line", "on_row", "place", "row_label",
           "row_note", "shorten", "tally", "tally_text"]
