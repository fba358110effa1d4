"""The offline drafter: compose goals and SMART indicators from the brief, precedents and the library.

Deterministic — the same brief and knowledge give the same draft. Every row cites where it came from:
"brief:…" for a fact the user stated, "form:…" for a precedent row, "lib:…" for a library row.
- 数量: one row per quantity the user gave (培训500人 → 培训人数 ≥500人), in the user's numbers;
- 质量/时效/效益/满意度: the best reusable rows of same-sector precedents and the library, with their
  customary values, the user's own rates and deadline taking precedence;
- 成本: the user's unit standards (≤800元/人) and a 项目总成本 ≤ 预算; never more than the budget;
- goal texts: what is done, how much and to what effect, carrying exactly the table's numbers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief, Quantity
from assistant.drafting.candidates import Candidate, slot_candidates
from assistant.drafting.context import DraftingContext
from assistant.drafting.goaltext import annual_goal_text, long_term_goal_text
from assistant.library import load_library
from assistant.schema import Draft, Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.textsim import dice
from assistant.validation import validate

PEOPLE_UNITS = ("人", "人次", "户", "名")
EVENT_UNITS = ("次", "场", "期", "批次", "届", "批")
_MEASURE_WORD = {
    "人": "人数", "名": "人数", "人次": "人次", "户": "户数", "次": "次数", "场": "场次", "期": "期数", "批次": "批次",
    "届": "届数", "公里": "里程", "千米": "里程", "米": "长度", "亩": "面积", "万亩": "面积", "平方米": "面积",
    "课时": "课时数", "学时": "学时数", "篇": "篇数", "吨": "数量",
}
# How many rows each slot gets beyond what the brief fills.
SLOT_ROWS = {"质量指标": 2, "时效指标": 1, "社会效益指标": 2, "经济效益指标": 0, "生态效益指标": 1, "可持续影响指标": 1,
             "服务对象满意度指标": 1}
# Every 效益 二级 legal in both frameworks (生态效益 included: 绿化、环境整治 projects report their effect there).
BENEFIT_SLOTS = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
# An ecological effect is claimed only where the kind of project has one: these slots reuse rows of the
# brief's own sector only (a training project does not borrow 灌溉面积 from a farmland precedent).
SAME_SECTOR_SLOTS = ("生态效益指标",)
DEFAULT_SATISFACTION = "90"


def compose(brief: ProjectBrief, context: DraftingContext, framework: str = "local") -> Draft:
    framework = framework if framework in taxonomy.FRAMEWORKS else taxonomy.FRAMEWORK_LOCAL
    notices: list[str] = []
    query = f"{brief.name} {brief.description}"
    rows = _quantity_rows(brief, context, framework, notices)
    rows += _slot_rows(context, framework, taxonomy.L1_OUTPUT, "质量指标", query, _rate_rows(brief, framework, "质量指标"))
    rows += _slot_rows(context, framework, taxonomy.L1_OUTPUT, "时效指标", query, _deadline_rows(brief, framework))
    rows += _cost_rows(brief, framework, notices)
    for level2 in BENEFIT_SLOTS:
        rows += _slot_rows(context, framework, taxonomy.L1_BENEFIT, level2, query, [])
    if not any(r.level1 == taxonomy.L1_BENEFIT for r in rows):
        rows += _library_fallback(context, taxonomy.L1_BENEFIT, BENEFIT_SLOTS, query, notices)
    if not any(r.level1 == taxonomy.L1_BENEFIT for r in rows):
        notices.append("未找到合适的效益指标先例，请补充项目带来的效果（如就业率、受益人数）。")
    if not any(r.level2 == "时效指标" for r in rows):
        rows += _library_fallback(context, taxonomy.L1_OUTPUT, ("时效指标",), query, notices)
    rows += _satisfaction_rows(brief, context, framework, query)
    rows = _ordered(rows, framework)
    form = PerformanceForm(
        project=ProjectInfo(
            name=brief.name or "未命名项目", unit=brief.unit, budget_wan=brief.budget_wan, year=brief.year,
            sector=brief.sector,
        ),
        goals=Goals(),
        annual_indicators=rows,
        long_term_indicators=[row.model_copy(deep=True) for row in rows],
    )
    form.goals = Goals(annual=annual_goal_text(form, brief), long_term=long_term_goal_text(form, brief))
    form, repaired = _repair(form, framework)
    notices += repaired
    return Draft(form=form, findings=validate(form, framework=framework), mode="offline", notices=notices)


# ---- 数量 -----------------------------------------------------------------------------------


def quantity_name(quantity: Quantity) -> str:
    """培训 + 人 → 培训人数; 道路修缮 + 公里 → 道路修缮里程; an already-measured label is kept."""
    label = quantity.label or ("举办" if quantity.unit in EVENT_UNITS else "完成工作")
    word = _MEASURE_WORD.get(quantity.unit, "数量")
    if label.endswith(word) or label.endswith(("人数", "次数", "数量", "人次", "面积", "里程")):
        return label
    return f"{label}{word}"


def _quantity_rows(brief: ProjectBrief, context: DraftingContext, framework: str, notices: list[str]) -> list[Indicator]:
    rows: list[Indicator] = []
    for quantity in brief.quantities:
        name = quantity_name(quantity)
        operator = "=" if quantity.unit in EVENT_UNITS else "≥"
        sources = [f"brief:{quantity.text or name}"]
        match = _best_match(slot_candidates(context, taxonomy.L1_OUTPUT, "数量指标", name), name, quantity.unit)
        if match is not None:
            sources += match.indicator.sources[:2]
        rows.append(_row(framework, taxonomy.L1_OUTPUT, "数量指标", name, operator, quantity.value_text,
                         quantity.unit, "计划标准", sources))
    if not rows:
        picks = slot_candidates(context, taxonomy.L1_OUTPUT, "数量指标", brief.name)
        rows = [c.indicator for c in picks if c.indicator.operator != "定性"][:2]
        if rows:
            notices.append("未提供工作量，数量指标按先例取值，请核实后修改。")
    return rows


def _best_match(candidates: list[Candidate], name: str, unit: str) -> Candidate | None:
    scored = [(dice(c.indicator.name, name), c) for c in candidates if c.indicator.unit == unit]
    scored = [s for s in scored if s[0] >= 0.3]
    return max(scored, key=lambda s: s[0])[1] if scored else None


# ---- 质量 / 时效 / 效益 / 满意度 ---------------------------------------------------------------


def _slot_rows(
    context: DraftingContext, framework: str, level1: str, level2: str, query: str, given: list[Indicator]
) -> list[Indicator]:
    wanted = SLOT_ROWS.get(level2, 1)
    rows = list(given)
    names = {r.name for r in rows}
    for candidate in slot_candidates(context, level1, level2, query):
        if level2 in SAME_SECTOR_SLOTS and not candidate.same_sector:
            continue
        if rows and not candidate.fits:
            continue  # a slot already filled is not padded with rows of another kind of project
        if len(rows) >= max(wanted, len(given)) or (level2 != "社会效益指标" and len(rows) >= wanted and given):
            break
        name = candidate.indicator.name
        if name in names or any(dice(name, n) >= 0.6 for n in names):
            continue
        rows.append(candidate.indicator)
        names.add(name)
    return rows


def _library_fallback(context: DraftingContext, level1: str, level2s: tuple[str, ...], query: str,
                      notices: list[str]) -> list[Indicator]:
    """A required slot (效益; 时效 when no date is known) that neither the precedents nor the sector's library
    rows can fill takes the library's closest reusable row of any kind of project — and the user is told."""
    wider = replace(context, precedents=[], library=load_library())
    for level2 in level2s:
        picks = slot_candidates(wider, level1, level2, query)
        if picks:
            notices.append(f"同类先例中没有可用的{level2}，已参考通用指标库“{picks[0].indicator.name}”，请按项目实际修改。")
            return [picks[0].indicator]
    return []


def _rate_rows(brief: ProjectBrief, framework: str, level2: str) -> list[Indicator]:
    rows = []
    for rate in brief.rates:
        if "满意" in rate.label:
            continue
        operator = "=" if rate.value >= 100 else "≥"  # "≥100%" cannot be exceeded: a full rate is written =100%
        rows.append(_row(framework, taxonomy.L1_OUTPUT, level2, rate.label, operator, rate.value_text, "%", "计划标准",
                         [f"brief:{rate.text}"]))
    return rows


def deadline_value(brief: ProjectBrief) -> str | None:
    """"2027年12月底" → "2027年12月31日"; a year alone → its 12月31日."""
    text = brief.deadline
    if text:
        match = re.match(r"(20\d{2})年(\d{1,2})月(?:(\d{1,2})日|底)?", text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else _month_end(year, month)
            return f"{year}年{month}月{day}日"
    if brief.year:
        return f"{brief.year}年12月31日"
    return None


def _month_end(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _deadline_rows(brief: ProjectBrief, framework: str) -> list[Indicator]:
    value = deadline_value(brief)
    if value is None:
        return []
    source = f"brief:{brief.deadline or brief.year}"
    return [_row(framework, taxonomy.L1_OUTPUT, "时效指标", "项目完成时间", "≤", value, "", "计划标准", [source])]


def _satisfaction_rows(brief: ProjectBrief, context: DraftingContext, framework: str, query: str) -> list[Indicator]:
    level2 = taxonomy.SATISFACTION_L2
    stated = next((r for r in brief.rates if "满意" in r.label), None)
    picks = slot_candidates(context, taxonomy.L1_SATISFACTION, level2, f"{brief.beneficiaries} {query}")
    if brief.beneficiaries:
        name = f"{brief.beneficiaries}满意度"
    elif picks:
        name = picks[0].indicator.name
    else:
        name = "服务对象满意度"
    value = stated.value_text if stated else (picks[0].indicator.value if picks else DEFAULT_SATISFACTION)
    sources = ([f"brief:{stated.text}"] if stated else []) + (picks[0].indicator.sources if picks else [])
    basis = "计划标准" if stated else "历史标准"
    return [_row(framework, taxonomy.L1_SATISFACTION, level2, name, "≥", value, "%", basis, sources)]


# ---- 成本 -----------------------------------------------------------------------------------


def _cost_rows(brief: ProjectBrief, framework: str, notices: list[str]) -> list[Indicator]:
    """Unit standards the user gave, and the total cost capped by the budget (成本 uses ≤: 反向指标)."""
    level1, level2 = (taxonomy.L1_COST, "经济成本指标") if framework == taxonomy.FRAMEWORK_101 else (taxonomy.L1_OUTPUT, "成本指标")
    rows = []
    for cost in brief.unit_costs:
        label = cost.label or "人均"
        name = label if label.endswith(("标准", "成本", "费用")) else f"{label}标准"
        if not name.startswith(("人均", "每", "生均", "亩均")) and cost.unit == "元/人":
            name = f"人均{name}"
        rows.append(_row(framework, level1, level2, name, "≤", cost.value_text, cost.unit, "预算支出标准",
                         [f"brief:{cost.text}"]))
        implied = _implied_total_wan(cost, brief)
        if implied is not None and brief.budget_wan is not None and implied > brief.budget_wan + 1e-6:
            notices.append(
                f"{cost.text}×对应数量≈{implied:g}万元，超过预算{brief.budget_wan:g}万元，请核实单位标准或数量。"
            )
    if brief.budget_wan is not None:
        rows.append(_row(framework, level1, level2, "项目总成本", "≤", f"{brief.budget_wan:g}", "万元", "预算支出标准",
                         [f"brief:预算{brief.budget_wan:g}万元"]))
    return rows


def _implied_total_wan(cost: Quantity, brief: ProjectBrief) -> float | None:
    per = cost.unit.split("/")[-1]
    matches = [q for q in brief.quantities if q.unit.startswith(per)]
    if not matches:
        return None
    best = max(matches, key=lambda q: dice(q.label, cost.label))
    return cost.value * best.value / 10000


# ---- assembly -------------------------------------------------------------------------------


def _row(framework: str, level1: str, level2: str, name: str, operator: str, value: str, unit: str, basis: str,
         sources: list[str]) -> Indicator:
    if framework == taxonomy.FRAMEWORK_101 and level2 == "成本指标":
        level1, level2 = taxonomy.L1_COST, "经济成本指标"
    return Indicator(level1=level1, level2=level2, name=name, operator=operator, value=value, unit=unit,
                     basis=basis, sources=sources)


def _ordered(rows: list[Indicator], framework: str) -> list[Indicator]:
    """Rows in the order of the standard form: 一级 then 二级 as the framework lists them."""
    order = []
    for level1, level2s in taxonomy.LEGAL_PAIRS[framework].items():
        order += [(level1, level2) for level2 in level2s]
    rank = {pair: i for i, pair in enumerate(order)}
    return sorted(rows, key=lambda r: rank.get((r.level1, r.level2), len(rank)))


def _repair(form: PerformanceForm, framework: str) -> tuple[PerformanceForm, list[str]]:
    """Drop reused (precedent/library) rows the validators reject; the user's own facts are never dropped."""
    notices = []
    for _ in range(2):
        bad = {
            (f.location.table, f.location.index)
            for f in validate(form, framework=framework)
            if f.severity == "error" and f.location.index is not None
        }
        removable = {
            key for key in bad
            if not any(s.startswith("brief:") for s in form.table(key[0])[key[1]].sources)  # type: ignore[arg-type]
        }
        if not removable:
            break
        for table, rows in form.tables():
            kept = [r for i, r in enumerate(rows) if (table, i) not in removable]
            for i, r in enumerate(rows):
                if (table, i) in removable and table == "annual":
                    notices.append(f"已移除不合规的先例指标“{r.name}”。")
            rows[:] = kept
    return form, notices
