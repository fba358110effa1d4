"""The defects a finance-bureau reviewer sends forms back for, injected into real forms one at a time.

Each injector is a pure function ``(form, rng) -> Injection | None``: a mutated copy of the form and what a
reviewer would expect the validators to say (rule ids and the place), or None when the form cannot host
that defect (no % row to push over 100, no budget to exceed …). The seed varies where and how the defect
is written ("约500人" / "500人左右" / "400-500人"; "2027.12.31" / "2027年第一季度" …).
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Callable

from assistant import taxonomy
from assistant.schema import Finding, Indicator, PerformanceForm
from assistant.validation.registry import budget_year, detect_framework
from eval.report import reference_table_name

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
    accepts: tuple[Accept, ...]
    note: str  # 中文: what was changed, where

    def caught_by(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if any(a.matches(f) for a in self.accepts)]


Injector = Callable[[PerformanceForm, random.Random], "Injection | None"]

# ---- row helpers ---------------------------------------------------------------------------

_UNKNOWN = re.compile(r"\[缺\]|\[分项\]|原文|疑为|打码|xlsx数值|[（(]略")  # transcriber marks: data unknown
_GROWTH = re.compile(r"增长|增幅|提升率|提高率|同比|环比|增加率|增速|放大|倍")
_RATE_NAME = re.compile(r"(率|比例|比率|占比|满意度)$")
_QUANT_OPS = ("=", "≥", "≤", ">", "<")
COUNT_UNITS = set(taxonomy.UNITS["people"] + taxonomy.UNITS["count"] + taxonomy.UNITS["measure"])


def _clean(row: Indicator) -> bool:
    """A row the validators read in full: no "[缺]"/"原文如此" marks, a name, a 一级."""
    cells = (row.level1, row.level2, row.name, row.raw_value, row.value, row.unit)
    return bool(row.name.strip()) and bool(row.level1.strip()) and not any(_UNKNOWN.search(c or "") for c in cells)


def _l1(row: Indicator) -> str:
    return taxonomy.normalize_level1(row.level1)


def _l2(row: Indicator) -> str:
    return taxonomy.normalize_level2(row.level2) if row.level2 else ""


def _numeric(row: Indicator) -> bool:
    return row.operator in _QUANT_OPS and row.number is not None


def _set_raw(row: Indicator, raw: str) -> Indicator:
    """The row with its 指标值 cell rewritten as written text, parsed as the importer would."""
    parsed = taxonomy.parse_value(raw)
    return row.model_copy(update={"operator": parsed.operator, "value": parsed.value, "unit": parsed.unit,
                                  "raw_value": raw})


def _fmt(value: float) -> str:
    return f"{value:g}"


def _host(form: PerformanceForm) -> tuple[PerformanceForm, str, list[Indicator]]:
    """A deep copy of the form, the name of the table to damage and that table's rows (mutable)."""
    copy = form.model_copy(deep=True)
    table = reference_table_name(copy)
    return copy, table, copy.table(table)  # type: ignore[arg-type]


def _pick(rng: random.Random, rows: list[Indicator], test) -> int | None:
    eligible = [i for i, r in enumerate(rows) if _clean(r) and test(r)]
    return rng.choice(eligible) if eligible else None


def _cost_pair(form: PerformanceForm) -> tuple[str, str]:
    """Where a cost row goes: 成本/经济成本 under 101号, 产出/成本 in the local layout."""
    if detect_framework(form) == taxonomy.FRAMEWORK_101:
        return taxonomy.L1_COST, "经济成本指标"
    return taxonomy.L1_OUTPUT, "成本指标"


def _where(table: str, index: int) -> str:
    return f"{'年度' if table == 'annual' else '长期'}表第{index + 1}行"


# ---- the injectors ---------------------------------------------------------------------------


def cost_over_budget(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """成本 rows adding up to more than 项目预算: a 项目总成本 row of 1.5–3× the budget."""
    budget = form.project.budget_wan
    if not budget or budget <= 0:
        return None
    copy, table, rows = _host(form)
    amount = round(budget * rng.choice((1.5, 2.0, 3.0)), 2)
    level1, level2 = _cost_pair(copy)
    rows.append(Indicator(level1=level1, level2=level2, name="项目总成本", operator="≤", value=_fmt(amount),
                          unit="万元", basis="预算支出标准"))
    return Injection("cost_over_budget", copy,
                     (Accept("budget.cost_exceeds_budget", table, ANY, contains=f"{_fmt(amount)}万元"),),
                     f"{_where(table, len(rows) - 1)}加“项目总成本≤{_fmt(amount)}万元”（预算{_fmt(budget)}万元）")


def percent_over_100(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A rate above 100% (growth rates excepted)."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: r.unit == "%" and _numeric(r) and not _GROWTH.search(r.name))
    if index is None:
        return None
    value = rng.choice(("105", "120", "150"))
    rows[index] = rows[index].with_value(rows[index].operator, value, "%")
    return Injection("percent_over_100", copy, (Accept("values.percent_over_100", table, index),),
                     f"{_where(table, index)}“{rows[index].name}”改为{rows[index].raw_value}")


def missing_unit(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A count with no 计量单位 ("220" instead of "220门")."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _numeric(r) and r.unit not in ("", "%") and not _RATE_NAME.search(r.name))
    if index is None:
        return None
    rows[index] = rows[index].with_value(rows[index].operator, rows[index].value, "")
    return Injection("missing_unit", copy, (Accept("values.missing_unit", table, index),),
                     f"{_where(table, index)}“{rows[index].name}”删去单位，成为{rows[index].raw_value}")


_MOVES = {  # (current 一级, 二级 kind) → the wrong 一级 it is moved under
    "output": taxonomy.L1_BENEFIT, "benefit": taxonomy.L1_OUTPUT, "satisfaction": taxonomy.L1_BENEFIT,
}


def _move_kind(row: Indicator) -> str | None:
    l1, l2 = _l1(row), _l2(row)
    if l1 == taxonomy.L1_OUTPUT and l2 in ("数量指标", "质量指标", "时效指标"):
        return "output"
    if l1 == taxonomy.L1_BENEFIT and l2 in taxonomy.LEGAL_PAIRS["local"][taxonomy.L1_BENEFIT]:
        return "benefit"
    if l1 == taxonomy.L1_SATISFACTION and l2 == taxonomy.SATISFACTION_L2:
        return "satisfaction"
    return None


def illegal_pair(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """二级错位: a 数量/质量/时效 row under 效益, a 效益 row under 产出, a 满意度 row under 效益."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _move_kind(r) is not None)
    if index is None:
        return None
    row = rows[index]
    wrong = _MOVES[_move_kind(row)]  # type: ignore[index]
    rows[index] = row.model_copy(update={"level1": wrong})
    return Injection("illegal_pair", copy, (Accept("structure.illegal_pair", table, index),),
                     f"{_where(table, index)}“{row.name}”（{row.level2}）移到{wrong}下")


def vague_quantity(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A 数量指标 that cannot be counted: "约500人", "500人左右", "400-500人", "明显增加", "若干"."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l2(r) == "数量指标")
    if index is None:
        return None
    row = rows[index]
    if _numeric(row) and row.unit and rng.random() < 0.6:
        low = row.number * 0.8
        rows[index] = _set_raw(row, rng.choice((f"约{row.value}{row.unit}", f"{row.value}{row.unit}左右",
                                                f"{_fmt(round(low))}-{row.value}{row.unit}")))
    else:
        word = rng.choice(("明显增加", "若干", "大幅提升"))
        rows[index] = row.model_copy(update={"operator": "定性", "value": word, "unit": "", "raw_value": word})
    accepts = tuple(Accept(rule, table, index) for rule in
                    ("values.vague_operator", "values.qualitative_quantity", "wording.vague_words"))
    return Injection("vague_quantity", copy, accepts, f"{_where(table, index)}数量指标“{row.name}”改为{rows[index].raw_value}")


def goal_number_not_in_table(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The goal text promises a quantity the table does not carry (黄石: 目标488人, 指标≥210人)."""
    copy, table, rows = _host(form)
    if _UNKNOWN.search(getattr(form.goals, table)):
        return None  # a goal text marked unreadable ("原文如此") is not checked by the validators: by design
    numbers = {r.number for r in rows if r.number is not None}
    index = _pick(rng, rows, lambda r: _l2(r) == "数量指标" and _numeric(r) and r.unit in COUNT_UNITS)
    base = rows[index].number if index is not None else 10.0
    number = int(base * 2) + rng.randint(3, 9)
    while number in numbers:
        number += 1
    if index is not None:
        phrase, unit = f"全年{rows[index].name}{number}{rows[index].unit}", rows[index].unit
    else:
        phrase, unit = f"新增服务网点{number}个", "个"
    text = getattr(copy.goals, table).rstrip()
    setattr(copy.goals, table, f"{text}{'' if not text or text.endswith('。') else '。'}{phrase}。")
    stated = f"{number}{unit}"
    accepts = (Accept("consistency.goal_number_not_in_table", "goals", ANY, field=table, contains=stated),
               Accept("consistency.goal_number_mismatch", table, ANY, contains=stated))
    return Injection("goal_number_not_in_table", copy, accepts, f"{'年度' if table == 'annual' else '长期'}目标文本加“{phrase}”")


def missing_satisfaction(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """No 满意度指标 at all: every 满意度 row removed."""
    copy, table, rows = _host(form)
    satisfaction = [r for r in rows if _l1(r) == taxonomy.L1_SATISFACTION]
    kept = [r for r in rows if _l1(r) != taxonomy.L1_SATISFACTION]
    if not satisfaction or not kept or any(not r.level1.strip() for r in rows):
        return None
    if _UNKNOWN.search(kept[-1].name + kept[-1].raw_value + kept[-1].value):
        return None  # the table would end in a row marked unreadable: read as cut off, 缺少 is not judged
    rows[:] = kept
    return Injection("missing_satisfaction", copy,
                     (Accept("structure.required_level1", table, None, contains=taxonomy.L1_SATISFACTION),),
                     f"删去{'年度' if table == 'annual' else '长期'}表全部{len(satisfaction)}条满意度指标")


def placeholder(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A template placeholder left in the 指标值 ("≥**%", "XX", "*", "/", "……", or nothing at all)."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: not re.match(r"^[%≥≤=<>\d]", r.name.strip()))
    if index is None:
        return None
    row = rows[index]
    mark = rng.choice(("**", "XX", "*", "/", "……", ""))
    raw = f"{row.operator}{mark}{row.unit}" if row.operator in _QUANT_OPS and mark in ("**", "XX") else mark
    rows[index] = _set_raw(row, raw)
    return Injection("placeholder", copy, (Accept("structure.placeholder", table, index),),
                     f"{_where(table, index)}“{row.name}”的指标值改为“{raw}”")


def satisfaction_100(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """满意度 = 100%: a target no survey reaches."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: "满意" in r.name)
    if index is None:
        return None
    rows[index] = rows[index].with_value(rng.choice(("=", "≥")), "100", "%")
    return Injection("satisfaction_100", copy, (Accept("classification.satisfaction_value", table, index),),
                     f"{_where(table, index)}“{rows[index].name}”改为{rows[index].raw_value}")


def input_as_output(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """An input posing as an output: 资金到位率 / 预算执行率 under 产出指标."""
    copy, table, rows = _host(form)
    if not rows:
        return None
    name = rng.choice(("资金到位率", "预算执行率"))
    rows.append(Indicator(level1=taxonomy.L1_OUTPUT, level2="质量指标", name=name, operator="=", value="100",
                          unit="%", basis="计划标准"))
    index = len(rows) - 1
    return Injection("input_as_output", copy, (Accept("classification.input_as_output", table, index),),
                     f"{_where(table, index)}加产出指标“{name}=100%”")


def bad_operator(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A 计算符号 outside =, ≥, >, ≤, < (≈, ~, ≠, ±)."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, _numeric)
    if index is None:
        return None
    row = rows[index]
    raw = f"{rng.choice(('≈', '~', '≠', '±'))}{row.value}{row.unit}"
    rows[index] = _set_raw(row, raw)
    return Injection("bad_operator", copy, (Accept("values.unknown_symbol", table, index),),
                     f"{_where(table, index)}“{row.name}”的指标值改为“{raw}”")


def duplicate_row(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The same 三级 twice in one table."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: True)
    if index is None:
        return None
    rows.append(rows[index].model_copy(deep=True))
    new = len(rows) - 1
    return Injection("duplicate_row", copy, (Accept("classification.duplicate", table, new),),
                     f"{_where(table, index)}“{rows[index].name}”复制到第{new + 1}行")


def deadline_outside_year(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """An annual 时效 date in a later year than the budget year ("2027年6月底前", "2027.12.31", "2027年第一季度" …)."""
    year = budget_year(form)
    if year is None or not form.annual_indicators:
        return None
    copy = form.model_copy(deep=True)
    rows = copy.annual_indicators
    later = year + 1
    raw = rng.choice((f"{later}年12月31日前", f"{later}年6月底前", f"{later}.12.31", f"{later}年第一季度"))
    index = _pick(rng, rows, lambda r: _l2(r) == "时效指标")
    if index is None:
        rows.append(_set_raw(Indicator(level1=taxonomy.L1_OUTPUT, level2="时效指标", name="项目完成时间",
                                       basis="计划标准"), raw))
        index = len(rows) - 1
    else:
        rows[index] = _set_raw(rows[index], raw)
    return Injection("deadline_outside_year", copy, (Accept("values.deadline_outside_year", "annual", index),),
                     f"{_where('annual', index)}“{rows[index].name}”改为“{raw}”（预算年度{year}年）")


def blank_basis(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """指标值确定依据 left blank."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: bool(r.basis.strip()))
    if index is None:
        return None
    rows[index] = rows[index].model_copy(update={"basis": ""})
    return Injection("blank_basis", copy,
                     (Accept("wording.basis_missing", table, index), Accept("wording.basis_missing", table, None)),
                     f"{_where(table, index)}“{rows[index].name}”的确定依据清空")


def unit_cost_over_budget(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """单位成本 × 数量 over 项目预算 (鄂州: 1182人×1200元 + 488人×800元 = 180.88万 > 16.9万): a per-unit
    standard for a counted 数量 row, priced so that the product is 2–3× the budget."""
    budget = form.project.budget_wan
    if not budget or budget <= 0:
        return None
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l2(r) == "数量指标" and _numeric(r) and r.number > 0 and r.unit in COUNT_UNITS)
    if index is None:
        return None
    quantity = rows[index]
    price = math.ceil(budget * 10000 * rng.choice((2, 3)) / quantity.number)
    level1, level2 = _cost_pair(copy)
    rows.append(Indicator(level1=level1, level2=level2, name=f"{quantity.name}补助标准", operator="≤",
                          value=_fmt(price), unit=f"元/{quantity.unit}", basis="预算支出标准"))
    accepts = tuple(Accept(rule, table, ANY) for rule in ("budget.unit_cost_exceeds_budget", "budget.unit_cost_may_exceed_budget"))
    return Injection("unit_cost_over_budget", copy, accepts,
                     f"{_where(table, len(rows) - 1)}加“{quantity.name}补助标准≤{price}元/{quantity.unit}”"
                     f"（×{quantity.raw_value}，预算{_fmt(budget)}万元）")


def cost_as_floor(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A cost written as a floor (≥): 成本 is a ceiling and takes ≤."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l2(r) in ("成本指标", "经济成本指标") and _numeric(r) and r.operator in ("≤", "<", "="))
    if index is None:
        return None
    rows[index] = rows[index].with_value("≥", rows[index].value, rows[index].unit)
    accepts = (Accept("budget.cost_operator", table, index), Accept("values.direction", table, index))
    return Injection("cost_as_floor", copy, accepts, f"{_where(table, index)}成本指标“{rows[index].name}”改为{rows[index].raw_value}")


def satisfaction_unnamed(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A satisfaction row that does not say whose satisfaction: "受训学员满意度" → "满意度"."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == taxonomy.L1_SATISFACTION and "满意" in r.name and r.name.strip() != "满意度")
    if index is None:
        return None
    old = rows[index].name
    rows[index] = rows[index].model_copy(update={"name": "满意度"})
    accepts = tuple(Accept(rule, table, index) for rule in ("classification.satisfaction_whose", "classification.satisfaction_unnamed"))
    return Injection("satisfaction_unnamed", copy, accepts, f"{_where(table, index)}“{old}”改名为“满意度”")


def vague_name(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Vague words in a 三级 name ("进一步提高培训合格率", "有效提升…"): nothing a reviewer can check."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) != taxonomy.L1_SATISFACTION)
    if index is None:
        return None
    old = rows[index].name
    word = rng.choice(("进一步提高", "有效提升", "显著改善"))
    rows[index] = rows[index].model_copy(update={"name": f"{word}{old}"})
    return Injection("vague_name", copy, (Accept("wording.vague_words", table, index),),
                     f"{_where(table, index)}“{old}”改名为“{word}{old}”")


# kind → (injector, 中文 label)
INJECTORS: dict[str, tuple[Injector, str]] = {
    "cost_over_budget": (cost_over_budget, "成本超预算"),
    "percent_over_100": (percent_over_100, "比率超过100%"),
    "missing_unit": (missing_unit, "缺少计量单位"),
    "illegal_pair": (illegal_pair, "一级/二级错配"),
    "vague_quantity": (vague_quantity, "数量指标取值模糊"),
    "goal_number_not_in_table": (goal_number_not_in_table, "目标文本数字不在表中"),
    "missing_satisfaction": (missing_satisfaction, "缺少满意度指标"),
    "placeholder": (placeholder, "模板占位符"),
    "satisfaction_100": (satisfaction_100, "满意度=100%"),
    "input_as_output": (input_as_output, "投入作为产出"),
    "bad_operator": (bad_operator, "非法运算符"),
    "duplicate_row": (duplicate_row, "重复指标"),
    "deadline_outside_year": (deadline_outside_year, "时效超出预算年度"),
    "blank_basis": (blank_basis, "确定依据为空"),
    "unit_cost_over_budget": (unit_cost_over_budget, "单位成本×数量超预算"),
    "cost_as_floor": (cost_as_floor, "成本指标用≥"),
    "satisfaction_unnamed": (satisfaction_unnamed, "满意度未写明对象"),
    "vague_name": (vague_name, "指标名称含模糊词"),
}
