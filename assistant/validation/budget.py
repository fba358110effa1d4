"""适当性: the money and the targets fit — cost rows within 项目预算, unit cost × quantity within it too."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant import taxonomy
from assistant.schema import TABLE_TITLES, Finding, Indicator, PerformanceForm
from assistant.validation import facts
from assistant.validation.consistency import goal_checks
from assistant.validation.facts import QUANTITY
from assistant.validation.registry import Context, at, emit, rule

_TOTAL_NAME = re.compile(r"总成本|总投资|总额|合计|总计|总费用|总经费|预算总|总预算|项目成本$|项目资金$")
_PER_UNIT = re.compile(r"^(万元|元)/([^/·*×]+)$")
_GENERIC_COST_WORDS = re.compile(r"人均|每人|生均|户均|亩均|次均|单位|平均|标准|补贴|补助|经费|费用|成本|单价|资金|金额|"
                                 r"支出|每[个次户亩名]|财政|不超过|最高")
_COVERAGE = 0.6  # share of the cost row's words a quantity must carry to be "its" quantity


def _budget(form: PerformanceForm) -> float | None:
    budget = form.project.budget_wan
    return budget if budget and math.isfinite(budget) and budget > 0 else None


def _exceeds(total: float, budget: float) -> bool:
    return total > budget + max(0.01, budget * 0.001)  # 0.01万元 rounding, as in 资金 arithmetic


def _total_wan(row: Indicator) -> float | None:
    """A cost row's amount in 万元 when it is a total (万元/元); None for rates, per-unit costs, unknowns."""
    value = facts.number(row)
    if value is None or facts.unknown(row.raw_value) or facts.unknown(row.unit):
        return None
    return taxonomy.to_wan(value, row.unit)


def cost_total(rows: list[Indicator]) -> tuple[float, list[Indicator]] | None:
    """经济成本 in 万元: a 总成本 row when there is one (its parts are not added again), else the sum of the rows."""
    money = [(r, w) for r in rows if facts.is_cost_row(r) and (w := _total_wan(r)) is not None]
    if not money:
        return None
    totals = [(r, w) for r, w in money if _TOTAL_NAME.search(r.name)]
    if totals:
        row, amount = max(totals, key=lambda t: t[1])
        return amount, [row]
    return sum(w for _, w in money), [r for r, _ in money]


@rule("budget.cost_exceeds_budget", "error", "[V] 360doc 目标与资金匹配; [R] 88号适当性; [P] 鄂州 68万>26万")
def cost_exceeds_budget(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """The 经济成本 rows (元 converted to 万元) may not add up to more than 项目预算."""
    budget = _budget(form)
    if budget is None:
        return []
    found = []
    for table, rows in form.tables():
        result = cost_total(rows)
        if result is None or not _exceeds(result[0], budget):
            continue
        amount, used = result
        parts = "+".join(f"{facts.fmt(_total_wan(r))}" for r in used)
        listing = "、".join(facts.quote(r) for r in used)
        confused = "，相差约一万倍，疑为元与万元混淆" if abs(amount / budget / 10000 - 1) <= 0.01 else ""
        found.append(emit("budget.cost_exceeds_budget", at(table, None, "value"),
                          f"{TABLE_TITLES[table]}成本指标{listing}合计{parts}={facts.fmt(amount)}万元，"
                          f"超过项目预算{facts.fmt(budget)}万元{confused}。",
                          f"核对成本指标与项目预算：成本合计应不超过{facts.fmt(budget)}万元（注意元与万元的换算）。"))
    return found


@dataclass(frozen=True)
class UnitCost:
    """A per-unit cost row with the quantities it may multiply: from the table and from the goal text."""

    index: int
    row: Indicator
    price_wan: float  # per unit, in 万元
    per: str  # the unit priced: 人, 亩 …
    table_qty: tuple[tuple[float, str], ...]  # (quantity, as quoted)
    goal_qty: tuple[tuple[float, str], ...]

    @property
    def low(self) -> float | None:
        values = [q for q, _ in self.table_qty + self.goal_qty]
        return min(values) * self.price_wan if values else None

    @property
    def high(self) -> float | None:
        values = [q for q, _ in self.table_qty + self.goal_qty]
        return max(values) * self.price_wan if values else None

    def formula(self, pick) -> str:
        quantity, source = pick(self.table_qty + self.goal_qty, key=lambda q: q[0])
        return f"{facts.fmt(quantity)}{self.per}×{facts.fmt(self.price_wan * 10000)}元/{self.per}（{source}）"


def _object_words(name: str) -> str:
    """What a unit cost is the cost of: 人均创业培训补贴标准 → 创业培训."""
    return _GENERIC_COST_WORDS.sub("", facts.nfkc(name))


def unit_costs(form: PerformanceForm, ctx: Context, table: str) -> list[UnitCost]:
    """The table's per-unit cost rows with the quantities they multiply (computed once per form and table)."""
    return ctx.cached(("unit_costs", table), lambda: _unit_costs(form, ctx, table))


def _unit_costs(form: PerformanceForm, ctx: Context, table: str) -> list[UnitCost]:
    rows = form.table(table)
    quantities = [(i, r, facts.number(r)) for i, r in enumerate(rows) if facts.level2(r) == QUANTITY]
    quantities = [(i, r, v) for i, r, v in quantities if v is not None and not facts.unknown(r.raw_value)]
    # Goal-text quantities already in the table are that row's; only the unmatched ones may price a cost row.
    goal = [c.quantity for c in goal_checks(form, ctx, table) if c.status != "equal"]
    found = []
    for index, row in enumerate(rows):
        match = _PER_UNIT.match(facts.nfkc(row.unit))
        price = facts.number(row)
        if not facts.is_cost_row(row) or not match or price is None or facts.unknown(row.raw_value):
            continue
        per = match.group(2)
        price_wan = price / 10000 if match.group(1) == "元" else price
        if per.startswith("万") and len(per) > 1:
            price_wan /= 10000  # 1500元/万尾 × 300万尾: the price is per ten thousand, the count is scaled in units
        fitting = [(i, r, v) for i, r, v in quantities if facts.units_compatible(per, r.unit) and r.unit]
        words = _object_words(row.name)
        if words:
            table_qty = [(facts.scaled(v, r.unit), f"{facts.where(table, i)}“{r.name}”{r.raw_value}")
                         for i, r, v in fitting if facts.coverage(words, r.name) >= _COVERAGE]
            goal_qty = [(q.number, f"{facts.GOAL_LABELS[table]}“{q.text}”") for q in goal
                        if facts.units_compatible(per, q.unit) and q.unit != "%" and facts.coverage(words, q.label) >= _COVERAGE]
        else:  # "补助标准": only an unambiguous single quantity row will do
            table_qty = [(facts.scaled(v, r.unit), f"{facts.where(table, i)}“{r.name}”{r.raw_value}")
                         for i, r, v in fitting] if len(fitting) == 1 else []
            goal_qty = []
        if table_qty or goal_qty:
            found.append(UnitCost(index, row, price_wan, per, tuple(table_qty), tuple(goal_qty)))
    return found


def _estimate(costs: list[UnitCost], pick) -> tuple[float, str]:
    total = sum(pick(c) for c in costs)
    text = " + ".join(c.formula(min if pick is _low else max) for c in costs)
    return total, text


def _low(cost: UnitCost) -> float:
    return cost.low


def _high(cost: UnitCost) -> float:
    return cost.high


def _unit_cost_findings(form, ctx, rule_id: str, certain: bool) -> list[Finding]:
    budget = _budget(form)
    if budget is None:
        return []
    found = []
    for table, _ in form.tables():
        costs = unit_costs(form, ctx, table)
        if not costs:
            continue
        low, low_text = _estimate(costs, _low)
        high, high_text = _estimate(costs, _high)
        if certain != _exceeds(low, budget) or not _exceeds(high, budget):
            continue
        message = f"{TABLE_TITLES[table]}按单位成本×数量测算：{high_text} = {facts.fmt(round(high, 4))}万元"
        if abs(high - low) > 1e-9:
            message += f"（按较小数量：{low_text} = {facts.fmt(round(low, 4))}万元）"
        verdict = "均超过" if certain and abs(high - low) > 1e-9 else "超过"
        message += f"，{verdict}项目预算{facts.fmt(budget)}万元。"
        largest = max(costs, key=lambda c: c.high or 0)  # located at the unit cost that weighs most
        found.append(emit(rule_id, at(table, largest.index, "value"), message,
                          "核对单位成本、数量与预算三者：降低单位成本或数量，或说明预算的其他资金来源；"
                          "同时统一目标文本与数量指标。"))
    return found


@rule("budget.unit_cost_exceeds_budget", "error", "[V] 360doc 目标与资金匹配; [R] 88号适当性; [P] 鄂州 180.88万>16.9万")
def unit_cost_exceeds_budget(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """单位成本 × 数量 (元/人 × 人数, matched by what is counted) may not exceed 项目预算, on the smallest reading."""
    return _unit_cost_findings(form, ctx, "budget.unit_cost_exceeds_budget", certain=True)


@rule("budget.unit_cost_may_exceed_budget", "warning", "[V] 360doc 目标与资金匹配; [R] 88号适当性")
def unit_cost_may_exceed_budget(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """单位成本 × 数量 exceeds 项目预算 when the goal text's (larger) quantities are used."""
    return _unit_cost_findings(form, ctx, "budget.unit_cost_may_exceed_budget", certain=False)


@rule("budget.cost_operator", "warning", "[C] pmkpi ≤为反向; 领域规则11 成本用≥")
def cost_operator(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A cost is a ceiling: 成本 rows use ≤ (or =), never ≥/>."""
    return [emit("budget.cost_operator", at(table, index, "operator"),
                 f"成本指标{facts.quote(row)}用了“{row.operator}”，成本应设上限。",
                 f"改为“≤{row.value}{row.unit}”。")
            for table, index, row in facts.rows(form)
            if facts.is_cost_row(row) and row.operator in ("≥", ">") and not re.search(r"节约|控制|下降|降低", row.name)]
