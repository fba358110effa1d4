"""相关性: the numbers promised in the goal texts are the numbers in the tables, and back."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.schema import Finding, Indicator, PerformanceForm
from assistant.validation import facts
from assistant.validation.facts import QUANTITY, GoalQuantity
from assistant.validation.registry import Context, at, emit, rule

MIN_SHARED = 2  # bigrams a goal phrase and a row name share to be "about the same thing"


@dataclass(frozen=True)
class GoalCheck:
    """One goal-text quantity against the table: equal, contradicted by a row, or not in the table."""

    quantity: GoalQuantity
    status: str  # "equal" | "mismatch" | "missing"
    index: int | None = None  # the contradicting row
    row: Indicator | None = None


def _row_value(row: Indicator) -> float | None:
    value = facts.number(row)
    if value is None or facts.unknown(row.raw_value) or facts.unknown(row.unit):
        return None
    return facts.scaled(value, row.unit)


def goal_checks(form: PerformanceForm, ctx: Context, table: str) -> list[GoalCheck]:
    """Match every goal-text quantity of a table's goal text against the table's rows."""
    return ctx.cached(("goal_checks", table), lambda: _goal_checks(form, ctx, table))


def _goal_checks(form: PerformanceForm, ctx: Context, table: str) -> list[GoalCheck]:
    if not form.table(table):
        return []  # no such table on the form (a 长期 goal text with only an annual table): nothing to hold it to
    rows = [(i, r, _row_value(r)) for i, r in enumerate(form.table(table))]
    rows = [(i, r, v) for i, r, v in rows if v is not None]
    claims: dict[int, tuple[int, int]] = {}  # row index → (best overlap, quantity position)
    checks: list[GoalCheck] = []
    for position, quantity in enumerate(facts.cached_goal_quantities(form, ctx, table)):
        fitting = [(i, r, v) for i, r, v in rows if facts.units_compatible(quantity.unit, r.unit)]
        scored = [(facts.shared(quantity.label, r.name), i, r, v) for i, r, v in fitting]
        scored = [s[:3] for s in scored if s[0] >= MIN_SHARED or (s[0] and abs(s[3] - quantity.number) < 1e-6)]
        # A count found anywhere in the table is taken as stated (conservative); a rate must be the named row's,
        # since 90% or 100% stand in many rows.
        candidates = [(i, r, v) for i, r, v in fitting if quantity.unit != "%" or any(i == s[1] for s in scored)]
        if any(abs(v - quantity.number) < 1e-6 for _, _, v in candidates):
            checks.append(GoalCheck(quantity, "equal"))
            continue
        scored = [s for s in scored if s[0] >= MIN_SHARED]
        if not scored:
            checks.append(GoalCheck(quantity, "missing"))
            continue
        overlap, index, row = max(scored, key=lambda s: (s[0], -s[1]))
        previous = claims.get(index)
        if previous is not None and previous[0] >= overlap:
            checks.append(GoalCheck(quantity, "missing"))  # the row answers a closer goal phrase
            continue
        if previous is not None:  # this phrase is closer: the earlier one has no row after all
            old = checks[previous[1]]
            checks[previous[1]] = GoalCheck(old.quantity, "missing")
        claims[index] = (overlap, len(checks))
        checks.append(GoalCheck(quantity, "mismatch", index, row))
    return checks


def _goal_name(table: str) -> str:
    return facts.GOAL_LABELS[table] + "文本"


@rule("consistency.goal_number_mismatch", "error", "[R] 88号相关性; [V] 包头审核要点 指标与目标匹配; [P] 黄石党校")
def goal_number_mismatch(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Every quantity promised in the goal text appears in the table with the same number and unit."""
    found = []
    for table, _ in form.tables():
        for check in goal_checks(form, ctx, table):
            if check.status != "mismatch" or check.quantity.unit == "%":
                continue
            q = check.quantity
            found.append(emit(
                "consistency.goal_number_mismatch", at(table, check.index, "value"),
                f"{_goal_name(table)}写明“{q.text}”，而{facts.where(table, check.index)}{facts.quote(check.row)}"
                f"的数值与之不一致。",
                f"统一目标文本与指标值：如目标为{facts.fmt(q.number)}{q.unit}，指标值应为“≥{facts.fmt(q.number)}{q.unit}”；"
                f"若指标值正确，则改正{_goal_name(table)}。"))
    return found


@rule("consistency.goal_rate_mismatch", "warning", "[R] 88号相关性; [V] 包头审核要点")
def goal_rate_mismatch(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A percentage promised in the goal text matches the table's rate of the same thing."""
    found = []
    for table, _ in form.tables():
        for check in goal_checks(form, ctx, table):
            if check.status == "mismatch" and check.quantity.unit == "%":
                q = check.quantity
                found.append(emit(
                    "consistency.goal_rate_mismatch", at(table, check.index, "value"),
                    f"{_goal_name(table)}写明“{q.text}”，而{facts.where(table, check.index)}{facts.quote(check.row)}不一致。",
                    "统一目标文本与指标值。"))
    return found


@rule("consistency.goal_number_not_in_table", "warning", "[R] 88号相关性; [V] 包头审核要点")
def goal_number_not_in_table(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A quantity promised in the goal text needs an indicator that measures it."""
    found = []
    for table, _ in form.tables():
        missing = [c.quantity for c in goal_checks(form, ctx, table) if c.status == "missing"]
        for quantity in missing:
            amount = f"{facts.fmt(quantity.number)}{quantity.unit}"
            fix = (f"在质量或效益指标中增加对应的比率指标（{amount}）" if quantity.unit == "%"
                   else f"在数量指标中增加一行，如“{quantity.label or '相应'}数量 ≥{amount}”")
            found.append(emit(
                "consistency.goal_number_not_in_table", at("goals", None, table),
                f"{_goal_name(table)}写明“{quantity.text}”，但{facts.TABLE_TITLES[table]}没有对应的指标。",
                f"{fix}；或删去目标文本中无法考核的数字。"))
    return found


@rule("consistency.quantity_untraceable", "info", "[R] 88号相关性; [P] 黄石党校 目标文字与数量指标一一对应")
def quantity_untraceable(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Every 数量指标 traces back to a task named in the goal text."""
    found = []
    for table, indicators in form.tables():
        text = facts.table_goal(form, table)
        if not text.strip():
            continue
        numbers = {q.number for q in facts.cached_goal_quantities(form, ctx, table)}
        for index, row in enumerate(indicators):
            if facts.level2(row) != QUANTITY or not row.name.strip():
                continue
            value = _row_value(row)
            if (value is not None and value in numbers) or facts.shared(row.name, text) >= MIN_SHARED:
                continue
            found.append(emit("consistency.quantity_untraceable", at(table, index, "name"),
                              f"{facts.where(table, index)}数量指标{facts.quote(row)}在{_goal_name(table)}中找不到对应的任务。",
                              f"在{_goal_name(table)}中写明这项产出，或删除与本项目无关的指标。"))
    return found
