"""Issue 11's defects: 相关性, money in the goal text, 产出 vs 效益 vs 满意度 (see eval/injectors.py)."""

from __future__ import annotations

import random

from assistant import taxonomy
from assistant.schema import Indicator, PerformanceForm
from eval.inject_base import (COUNT_UNITS, L1_BEN, L1_OUT, L1_SAT, Accept, Injection, _at, _budget, _fmt, _host,
                              _insert_in_block, _l1, _l2, _marked, _numeric, _pick, _where)
from eval.injected_rows import FOREIGN_DONORS, OUTCOME_ROWS, form_kind


def foreign_row(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A real row of a real form of a clearly different kind of project (岳阳农田's "解决脱贫(监测)饮水安全问题人数",
    石嘴山's "疫苗提供及时率" …), written into this form after the rows of its 一级."""
    mine = form_kind(form)
    copy, table, rows = _host(form)
    names = {r.name for r in rows}
    donors = [d for d in FOREIGN_DONORS if d.kind != mine and d.name not in names]
    if mine is None or not donors or not rows:
        return None
    donor = rng.choice(donors)
    row = Indicator.from_cells(donor.level1, donor.level2, donor.name, donor.raw, "计划标准")
    index = _insert_in_block(rows, row)
    return _at("foreign_row", copy, table, index, ("relevance.foreign_row",),
               f"{_where(table, index)}加{donor.source}的“{donor.name} {donor.raw}”（{donor.kind}，本表为{mine}）")


def _goal_money(form: PerformanceForm, rng: random.Random, kind: str, amount_text) -> Injection | None:
    budget = _budget(form)
    if budget is None or not form.annual_indicators or _marked(form.goals.annual):
        return None
    copy = form.model_copy(deep=True)
    phrase = amount_text(budget, rng)
    copy.goals.annual = f"{phrase}，{copy.goals.annual.strip()}" if copy.goals.annual.strip() else f"{phrase}。"
    rule = "budget.goal_amount_yuan_wan" if kind == "goal_yuan_wan" else "budget.goal_amount_mismatch"
    return Injection(kind, copy, (Accept(rule, "goals", None, field="annual"),),
                     f"年度目标文本开头加“{phrase}”（项目预算{_fmt(budget)}万元）", ("goals", None, "annual"))


def goal_budget_mismatch(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The goal text states another budget (issue 11: "本项目年度预算104万元" on a 26万元 form), written as 贵池
    "本项目共申请预算资金2026400元" and 乌海 "年度预算总金额3万元" write it, at 2–4× the budget."""
    def text(budget, rng):
        amount = round(budget * rng.choice((2, 3, 4)), 2)
        return rng.choice((f"本项目年度预算{_fmt(amount)}万元", f"本项目共申请预算资金{_fmt(amount * 10000)}元",
                           f"年度预算总金额{_fmt(amount)}万元", f"年度安排项目资金{_fmt(amount)}万元"))
    return _goal_money(form, rng, "goal_budget_mismatch", text)


def goal_yuan_wan(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """元 and 万元 confused in the goal text: the budget's 元 figure written as 万元 ("本项目年度预算260000万元")
    or its 万元 figure written as 元 ("申请预算资金26元")."""
    def text(budget, rng):
        if rng.random() < 0.5:
            return rng.choice((f"本项目年度预算{_fmt(budget * 10000)}万元", f"年度安排项目资金{_fmt(budget * 10000)}万元"))
        return rng.choice((f"本项目共申请预算资金{_fmt(budget)}元", f"年度预算总金额{_fmt(budget)}元"))
    return _goal_money(form, rng, "goal_yuan_wan", text)


# A 数量 row that already speaks of a benefit is not "work filed as a benefit" (领域规则19: 就业, 受益人数 are 效益).
_OUTCOME_WORDS = ("就业", "受益", "增收", "脱贫")


def output_under_benefit(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Work delivered filed as a benefit (issue 11: "完成培训人数 ≥500人" under 社会效益指标; 金寨 "清算8个安置小区
    物业费" under 经济效益): one of the form's own 质量/时效 delivery rates, or its 数量 count written as a completion
    count ("完成…", "…完成量", "已完成…"), moved under 效益."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == L1_OUT and not any(w in r.name for w in _OUTCOME_WORDS) and (
        (_l2(r) == "数量指标" and _numeric(r) and r.unit in COUNT_UNITS)
        or (_l2(r) in ("质量指标", "时效指标") and r.unit == "%" and r.name.endswith(("合格率", "完成率", "及时率", "准确率")))))
    if index is None:
        return None
    row = rows[index]
    level2 = rng.choice(("社会效益指标", "经济效益指标", "可持续影响指标"))
    name = row.name
    if _l2(row) == "数量指标":  # a completion count, worded as 武汉/issue 11 "完成培训人数", 罗湖 "任务完成量", 安徽 "完成…数量"
        name = rng.choice((f"完成{row.name}", f"{row.name}完成量", f"已完成{row.name}"))
    rows[index] = row.model_copy(update={"level1": L1_BEN, "level2": level2, "name": name})
    return _at("output_under_benefit", copy, table, index, ("classification.output_in_benefit",),
               f"{_where(table, index)}产出“{row.name}”（{row.level2}）移到效益指标/{level2}")


def outcome_under_output(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A benefit filed as an output (昭化 "知晓率" under 质量; the domain notes' 治愈率, 就业率, 收入增长, 粮食增产 as
    质量): a row of those wordings written under 产出/质量指标 or 数量指标."""
    copy, table, rows = _host(form)
    if not rows:
        return None
    name, raw = rng.choice(OUTCOME_ROWS)
    level2 = "数量指标" if raw.endswith("元") else rng.choice(("质量指标", "时效指标"))
    index = _insert_in_block(rows, Indicator.from_cells(L1_OUT, level2, name, raw, "计划标准"))
    return _at("outcome_under_output", copy, table, index, ("classification.outcome_in_output",),
               f"{_where(table, index)}加产出指标/{level2}“{name} {raw}”")


def satisfaction_under_benefit(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Satisfaction filed as a benefit (湘潭: "市民对空气质量改善的满意程度 85%" under 社会效益指标, "满意度 90%"
    under 效益/服务对象满意度指标): the form's own 满意度 row moved under 效益."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == L1_SAT and "满意" in r.name)
    if index is None:
        return None
    row = rows[index]
    level2 = rng.choice(("社会效益指标", "社会效益指标", taxonomy.SATISFACTION_L2))
    rows[index] = row.model_copy(update={"level1": L1_BEN, "level2": level2})
    return _at("satisfaction_under_benefit", copy, table, index,
               ("classification.satisfaction_misplaced", "structure.illegal_pair"),
               f"{_where(table, index)}满意度“{row.name}”移到效益指标/{level2}")
