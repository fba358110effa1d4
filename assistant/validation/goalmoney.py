"""目标与资金匹配: the money a goal text states (预算/总投资/资金 … 万元/元) is the 项目预算 and the 成本 rows' money.

A goal text saying "本项目年度预算104万元" on a 26万元 form, or "资金260000万元" (元 written as 万元, 10,000×
off), contradicts the form's own figures; reviewers check targets against the project's funds (360doc [V];
88号 适当性 [R]; 领域规则25: "unit conversion must be handled (元 ↔ 万元)").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.money import parse_money
from assistant.schema import Finding, PerformanceForm
from assistant.validation import facts
from assistant.validation.budget import cost_total
from assistant.validation.registry import Context, at, emit, rule

_AMOUNT = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|千元|元|万)(?![/每])")
_STOP = re.compile(r"[，,。；;：:、\n（）()“”\"!！?？]")
# What makes an amount the project's money, and what makes it something else (a price, an income, a loan).
_FUNDS = re.compile(r"预算|投资|资金|经费|拨款|安排|投入|下达|总额|总金额|金额|财政")
_NOT_FUNDS = re.compile(r"人均|每[人户亩个次名]|/|标准|收入|增收|产值|贷款|销售|营业|利润|节约|税|租金|补助\d|工资|报酬")
_PART = re.compile(r"其中|中央|省级|市级|县级|区级|配套|自筹|另|含")
YUAN_WAN = 10000.0


@dataclass(frozen=True)
class GoalAmount:
    wan: float  # in 万元
    unit: str  # as written: 万元 / 元 / 亿元
    text: str  # as quoted: "本项目年度预算104万元"
    part: bool  # "其中中央资金20万元": a share, not the whole


def read_amounts(text: str) -> list[GoalAmount]:
    """Money amounts of the project in a goal text, in 万元: found here by what they are (预算/资金 …, not a price or
    an income), converted by the one money parser (``assistant.money.parse_money``)."""
    text = facts.nfkc(text)
    found = []
    for match in _AMOUNT.finditer(text):
        start, end = match.span()
        head = _STOP.split(text[max(0, start - 24):start])[-1]
        if not _FUNDS.search(head) or _NOT_FUNDS.search(head) or re.match(r"[\d.]", text[start - 1:start] or " "):
            continue
        money = parse_money(text[start:end + 1])  # with the next character: "26万人次" is a count, not money
        if money is None or not money.unit or not math.isfinite(money.wan) or money.wan <= 0:
            continue
        wan, unit = money.wan, "万元" if money.unit == "万" else money.unit
        found.append(GoalAmount(wan, unit, f"{head.strip()}{text[start:end]}", bool(_PART.search(head))))
    return found


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.01, 0.001 * max(a, b))


def _yuan_wan(a: float, b: float) -> bool:
    """a is b written in the wrong unit: 10,000× off either way (within 1%)."""
    ratio = a / b
    return abs(ratio / YUAN_WAN - 1) <= 0.01 or abs(ratio * YUAN_WAN - 1) <= 0.01


def _references(form: PerformanceForm, table: str) -> list[tuple[float, str]]:
    """What the goal text's money should agree with: 项目预算, else the table's 成本 total."""
    budget = form.project.budget_wan
    if budget is not None and math.isfinite(budget) and budget > 0:
        return [(budget, "项目预算")]
    cost = cost_total(form.table(table))  # type: ignore[arg-type]
    return [(cost[0], f"{facts.TABLE_TITLES[table]}成本指标合计")] if cost and cost[0] > 0 else []


def _amounts(form: PerformanceForm, ctx: Context, key: str) -> list[GoalAmount]:
    return ctx.cached(("goal_amounts", key), lambda: read_amounts(facts.table_goal(form, key)))


@rule("budget.goal_amount_yuan_wan", "warning", "[V] 360doc 目标与资金匹配; 领域规则25 元/万元换算")
def goal_amount_yuan_wan(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """An amount in the goal text 10,000× off the 项目预算 (or the 成本 total) is 元 and 万元 confused."""
    found = []
    for key in ("annual", "long_term"):
        for reference, what in _references(form, key):
            for amount in _amounts(form, ctx, key):
                if _yuan_wan(amount.wan, reference):
                    label = facts.GOAL_LABELS[key]
                    found.append(emit("budget.goal_amount_yuan_wan", at("goals", None, key),
                                      f"{label}文本写“{amount.text}”（{facts.fmt(amount.wan)}万元），是{what}"
                                      f"{facts.fmt(reference)}万元的{'一万倍' if amount.wan > reference else '万分之一'}，"
                                      f"疑为元与万元混淆。",
                                      f"核对单位：{facts.fmt(reference)}万元即{facts.fmt(reference * YUAN_WAN)}元；"
                                      f"统一目标文本与{what}的金额和单位。"))
    return found


@rule("budget.goal_amount_mismatch", "warning", "[V] 360doc 目标与资金匹配; [R] 88号适当性")
def goal_amount_mismatch(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """The annual goal text's stated budget is the 项目预算: no stated amount (nor the sum of its parts) matches it."""
    found = []
    for reference, what in _references(form, "annual"):
        amounts = [a for a in _amounts(form, ctx, "annual") if not _yuan_wan(a.wan, reference)]
        wholes = [a for a in amounts if not a.part]
        if not wholes:
            continue
        if any(_close(a.wan, reference) for a in amounts) or _close(sum(a.wan for a in amounts if a.part), reference):
            continue
        amount = wholes[0]
        if amount.wan > reference and re.search(r"总投资|累计|总体|项目总|多年|三年|五年", amount.text):
            continue  # a whole-period investment above this year's budget
        label = facts.GOAL_LABELS["annual"]
        found.append(emit("budget.goal_amount_mismatch", at("goals", None, "annual"),
                          f"{label}文本写“{amount.text}”，与{what}{facts.fmt(reference)}万元不一致。",
                          f"统一{label}文本与{what}：如预算为{facts.fmt(reference)}万元，目标文本写“本项目年度预算"
                          f"{facts.fmt(reference)}万元”；若目标文本正确，更正{what}。"))
    return found
