"""What the injectors share: the Injection they return, where it counts (Accept), and how a real form is read.

Nothing here comes from ``assistant/validation``: only the core schema and taxonomy, as every importer uses them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from assistant import taxonomy
from assistant.schema import Finding, Indicator, PerformanceForm

ANY = -1  # Accept.index: a finding at any row of the table


@dataclass(frozen=True)
class Accept:
    """One finding that counts as catching the defect: rule id (or prefix), place, and words of its message."""

    rule: str
    table: str
    index: int | None = ANY  # None: a table-level finding; ANY: any place in the table
    field: str | None = None  # for "goals": which goal text (annual / long_term)
    contains: str = ""

    def matches(self, finding: Finding) -> bool:
        loc = finding.location
        if not finding.rule.startswith(self.rule) or loc.table != self.table:
            return False
        if self.index != ANY and loc.index != self.index:
            return False
        if self.field is not None and loc.field != self.field:
            return False
        return self.contains in finding.message


@dataclass
class Injection:
    kind: str
    form: PerformanceForm
    accepts: tuple[Accept, ...]  # an expected rule at the injected place
    note: str  # 中文: what was changed, where
    place: tuple[str, int | None, str | None] = ("annual", None, None)  # (table, row, goal field) of the damage

    def caught_by(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if any(a.matches(f) for a in self.accepts)]

    def at_place(self, finding: Finding) -> bool:
        """Any finding at the damaged place: the row (or the table, or the goal text when that is the place)."""
        table, index, field = self.place
        loc = finding.location
        if loc.table != table:
            return False
        if table == "goals":
            return loc.field == field
        return index is None or loc.index == index


Injector = Callable[[PerformanceForm, random.Random], "Injection | None"]

# ---- reading a real form the way the importer left it ------------------------------------------

# The transcribers' marks in knowledge/forms (../shared/forms/README.md: "[缺] marks what the source did not
# show"; the 备注 notes "原文如此", "疑为…", "打码", "xlsx数值"): such a cell is not known, so no defect is written there.
_TRANSCRIBER_MARKS = ("[", "原文", "疑为", "打码", "xlsx")
_QUANT_OPS = ("=", "≥", "≤", ">", "<")
PEOPLE_UNITS = set(taxonomy.UNITS["people"])
COUNT_UNITS = PEOPLE_UNITS | set(taxonomy.UNITS["count"]) | set(taxonomy.UNITS["measure"])
L1_OUT, L1_BEN, L1_SAT = taxonomy.L1_OUTPUT, taxonomy.L1_BENEFIT, taxonomy.L1_SATISFACTION


def _marked(text: str) -> bool:
    return any(mark in (text or "") for mark in _TRANSCRIBER_MARKS)


def _plain(row: Indicator) -> bool:
    """A row read in full: a name, a 一级, no transcriber's mark in any cell."""
    cells = (row.level1, row.level2, row.name, row.raw_value, row.value, row.unit, row.basis)
    return bool(row.name.strip()) and bool(row.level1.strip()) and not any(_marked(c) for c in cells)


def _l1(row: Indicator) -> str:
    return taxonomy.normalize_level1(row.level1)


def _l2(row: Indicator) -> str:
    return taxonomy.normalize_level2(row.level2) if row.level2 else ""


def _numeric(row: Indicator) -> bool:
    return row.operator in _QUANT_OPS + ("",) and row.number is not None


def _cell(row: Indicator, raw: str) -> Indicator:
    """The row with its 指标值 cell rewritten as written text, parsed as the importer parses it."""
    parsed = taxonomy.parse_value(raw)
    return row.model_copy(update={"operator": parsed.operator, "value": parsed.value, "unit": parsed.unit,
                                  "raw_value": raw})


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _table_name(form: PerformanceForm) -> str:
    """The table a defect is written into: the annual one when it has rows, else the long-term one."""
    return "annual" if form.annual_indicators else "long_term"


def _host(form: PerformanceForm) -> tuple[PerformanceForm, str, list[Indicator]]:
    copy = form.model_copy(deep=True)
    table = _table_name(copy)
    return copy, table, copy.table(table)  # type: ignore[arg-type]


def _pick(rng: random.Random, rows: list[Indicator], test) -> int | None:
    eligible = [i for i, r in enumerate(rows) if _plain(r) and test(r)]
    return rng.choice(eligible) if eligible else None


def _budget(form: PerformanceForm) -> float | None:
    budget = form.project.budget_wan
    return budget if budget and budget > 0 else None


def _year(form: PerformanceForm) -> int | None:
    """预算年度: the project's year, else the one "20xx年" of its name."""
    if form.project.year:
        return form.project.year
    name = form.project.name or ""
    years = {name[i:i + 4] for i in range(len(name) - 4) if name[i:i + 4].isdigit() and name[i:i + 2] == "20"
             and name[i + 4] == "年"}
    return int(years.pop()) if len(years) == 1 else None


def _is_101(form: PerformanceForm) -> bool:
    names = (_l1(r) for _, rows in form.tables() for r in rows)
    return taxonomy.detect_framework(names) == taxonomy.FRAMEWORK_101


def _cost_pair(form: PerformanceForm) -> tuple[str, str]:
    """Where a cost row goes: 成本/经济成本 under 101号, 产出/成本 in the local layout."""
    return (taxonomy.L1_COST, "经济成本指标") if _is_101(form) else (L1_OUT, "成本指标")


def _where(table: str, index: int) -> str:
    return f"{'年度' if table == 'annual' else '长期'}表第{index + 1}行"


def _insert_in_block(rows: list[Indicator], row: Indicator) -> int:
    """Insert after the last row of the same 一级 (where a person filling the form would write it), with a
    确定依据 only when the table fills that column (a form without the column does not gain one)."""
    if not any(r.basis.strip() for r in rows):
        row = row.model_copy(update={"basis": ""})
    same = [i for i, r in enumerate(rows) if _l1(r) == _l1(row)]
    index = same[-1] + 1 if same else len(rows)
    rows.insert(index, row)
    return index


def _at(kind: str, copy: PerformanceForm, table: str, index: int | None, rules: tuple[str, ...], note: str,
        contains: str = "") -> Injection:
    accepts = tuple(Accept(rule, table, index, contains=contains) for rule in rules)
    return Injection(kind, copy, accepts, note, (table, index, None))
