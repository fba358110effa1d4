"""The offline drafter: compose goals and SMART indicators from the brief, precedents and the library.

Deterministic — the same brief and knowledge give the same draft. Every row cites where it came from:
"brief:…" for a fact the user stated, "form:…" for a precedent row, "lib:…" for a library row.
- 数量: one row per quantity the user gave, named for what it counts (42座污水处理站 → 农村污水处理站数量 =42座,
  每季度一次水质检测 → 水质检测频次 =4次, 培训500人 → 培训人数 ≥500人), in the user's numbers;
- 质量/时效/效益/满意度: the best reusable rows of precedents and library rows of the brief's own kind of project
  that pass the relevance bar (assistant.relevance), the user's own rates and deadline taking precedence;
- 成本: the user's unit standards (每餐补贴标准 =5元/餐) and a 项目总成本 ≤ 预算; never more than the budget;
- a 效益 slot nothing relevant can fill gets a marked row to fill in (source "gap:") and one question —
  never a row of another kind of project;
- goal texts: what is done, how much and to what effect, carrying exactly the table's numbers.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting import costreaders
from assistant.drafting.brief import ProjectBrief, Quantity
from assistant.drafting.candidates import Candidate, slot_candidates
from assistant.drafting.context import DraftingContext
from assistant.drafting.costs import budget_question, cost_rows, row
from assistant.drafting.goaltext import annual_goal_text, long_term_goal_text, project_core
from assistant.drafting.homes import (BROUGHT_ABOUT, CHANGE, MEASURED_STOCK, PAYING_VERB, PREVENTED, achieved_home,
                                     covers_counted, effect_level2, is_payment_schedule, paid_as_rate, quantity_level2,
                                     reached_as_benefit, territory_effect, with_baseline)
from assistant.drafting.ratereaders import change_name
from assistant.drafting.readers import ACTION_VERBS, BATCHES, CLASSIFIERS
from assistant.drafting.satisfaction import PEOPLE_UNITS, RATING, satisfaction_rows
from assistant.drafting.timeliness import assumed_deadline, deadline_rows
from assistant.schema import Draft, Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.textsim import dice
from assistant.validation import validate
from assistant.validation.placement import outcome_home

EVENT_UNITS = ("次", "场", "期", "批次", "届", "批", "轮")
_MEASURE_WORD = {
    "人": "人数", "名": "人数", "人次": "人次", "户": "户数", "次": "次数", "场": "场次", "场次": "场次", "期": "期数",
    "批次": "批次", "批": "批次", "届": "届数", "公里": "里程", "千米": "里程", "米": "长度", "亩": "面积", "万亩": "面积",
    "平方米": "面积", "课时": "课时数", "学时": "学时数", "篇": "篇数", "吨": "数量", "剂次": "剂次", "册": "册数", "餐": "餐次",
    "轮": "轮次", "页": "页数", "起": "数", "亿元": "", "万元": "", "天": "天数", "小时": "时长", "千瓦时": "量",
    "千瓦": "容量", "公顷": "面积", "万字": "字数", "字": "字数", "对": "对数", "台次": "台次", "种": "种类", "例": "例数",
    "户次": "户次", "家次": "家次", "辆次": "辆次", "车次": "车次", "件次": "件次",
}
_MEASURED = ("人数", "次数", "数量", "人次", "面积", "里程", "剂次", "批次", "场次", "频次", "户数", "期数", "册数", "餐次", "规模",
             "量", "额", "字数", "对数", "台次", "种类", "例数", "户次", "家次", "辆次", "车次", "件次")
# How many rows each slot gets beyond what the brief fills.
SLOT_ROWS = {"质量指标": 2, "时效指标": 1, "社会效益指标": 2, "经济效益指标": 1, "生态效益指标": 1, "可持续影响指标": 1,
             "服务对象满意度指标": 1}
# Every 效益 二级 legal in both frameworks; each is filled only from the brief's own kind of project.
BENEFIT_SLOTS = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
GAP = "gap:"  # the source of a row the user must fill in: nothing relevant was found for its slot


def compose(brief: ProjectBrief, context: DraftingContext, framework: str = taxonomy.FRAMEWORK_101) -> Draft:
    framework = framework if framework in taxonomy.FRAMEWORKS else taxonomy.FRAMEWORK_101
    notices: list[str] = []
    query = f"{brief.name} {brief.description}"
    rows = _quantity_rows(brief, context, framework, notices)
    rows += cost_rows(brief, framework, notices)
    stated = _rate_rows(brief, framework, "质量指标")
    timely = [r for r in stated if r.level2 == "时效指标"]  # 即办件当场办结率: the brief's own 时效
    rows += _slot_rows(context, framework, taxonomy.L1_OUTPUT, "质量指标", query, [r for r in stated if r not in timely],
                       rows, brief)
    rows += _slot_rows(context, framework, taxonomy.L1_OUTPUT, "时效指标", query, deadline_rows(brief, framework) + timely,
                       rows, brief)
    for level2 in BENEFIT_SLOTS:
        rows += _slot_rows(context, framework, taxonomy.L1_BENEFIT, level2, query, [], rows, brief)
    if baselines := [r.name for r in rows if r.level1 == taxonomy.L1_BENEFIT and CHANGE.search(r.name)
                     and not any(s.startswith("brief:") for s in r.sources)]:
        notices.append("、".join(f"“{n}”" for n in baselines) + "按上年实际值计算变化，请提供上年的基数"
                       "（如上年的投诉量、人次或收入），核实后再定指标值。")
    question = ""
    if not any(r.level1 == taxonomy.L1_BENEFIT for r in rows):
        moved = [reached_as_benefit(r) for r in rows]
        # a 数量 row moves only when another stays: every table needs its 数量 (structure.required_quantity); what
        # the work brings about only when its slot keeps a row of the brief's (a refilled 质量 is borrowed)
        emptied = {r.level2 for r in rows} - {r.level2 for r in moved}
        rows = [r if r.level2 in emptied and (r.level2 == "数量指标" or BROUGHT_ABOUT.search(r.name)) else m
                for r, m in zip(rows, moved)]
    if not any(r.level2 == "质量指标" for r in rows):  # its only row may have moved to 效益 just now
        rows += _slot_rows(context, framework, taxonomy.L1_OUTPUT, "质量指标", query, [], rows, brief)
    if not any(r.level2 == "质量指标" for r in rows):
        rows.append(gap_row(framework, taxonomy.L1_OUTPUT, "质量指标"))
        notices.append("同类项目中没有可用的质量指标，已在质量指标下留出一行待填写：工作做到什么标准？"
                       "例如“验收合格率=100%”。")
    if not any(r.level1 == taxonomy.L1_BENEFIT for r in rows):
        level2 = effect_level2(project_core(brief.name))  # 湿地保护修复: an effect on the land, not on people
        rows.append(gap_row(framework, taxonomy.L1_BENEFIT, level2))
        who = brief.beneficiaries or "服务对象"
        change = ("生态环境有什么可以在年底核实的变化？请给一个数，例如修复或治理后达到的标准、减少的排放或污染"
                  if level2 == "生态效益指标" else
                  f"{who}得到什么、带来什么可以在年底核实的变化？请给一个数，例如受益人数、问题解决的比例或达到的标准")
        question = f"同类项目的先例和指标库中没有可用的效益指标，已在效益指标下留出一行待填写。这个项目实施后，{change}。"
    if assumed := assumed_deadline(rows, brief):
        # the year's end the brief never named, said out loud (panels sent back an unexplained 12月31日 as 自拟)
        notices.append(f"简报没有写完成时间，“{assumed.name}”按预算年度暂定为{assumed.raw_value.lstrip('≤')}，"
                       "请告诉我实际的完成（或资金拨付）时间。")
    satisfied = satisfaction_rows(brief, context, framework, query)
    rows += satisfied
    if satisfied and not any(s.startswith("brief:") for s in satisfied[0].sources):
        # a target the brief never set is the customary one of the guideline, said out loud (panels sent back an
        # unexplained ≥90% as 编造): the user confirms it and who is surveyed
        notices.append(f"简报没有给满意度目标，“{satisfied[0].name}”按满意度指南的惯例暂定{satisfied[0].raw_value}"
                       "（计划标准），请按本单位的调查办法确认目标值和调查对象。")
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
    errors_before = sum(f.severity == "error" for f in validate(form, framework=framework))
    form, removed = repair(form, framework)
    notices += [f"已移除不合规的先例指标“{name}”。" for name in removed]
    if question:
        notices.append(question)
    return Draft(form=form, findings=validate(form, framework=framework), mode="offline", notices=notices,
                 question=budget_question(brief) or question, errors_before_repair=errors_before, removed_rows=removed)


def gap_row(framework: str, level1: str, level2: str) -> Indicator:
    """A clearly marked row to fill in: the slot a reviewer expects, with nothing relevant to put there."""
    return row(framework, level1, level2, f"（待补充）{level2.removesuffix('指标')}", "定性", "待补充", "", "计划标准",
                [f"{GAP}{level2}"])


# ---- 数量 -----------------------------------------------------------------------------------


_CHANGED_BY = re.compile(r"^(.{2,14}?)((?:比|较)(?:上年|上一年|20\d{2}年)?)(提高|增加|提升|减少|下降|降低)$")


def quantity_name(quantity: Quantity, project_name: str = "", event: str = "") -> str:
    """What a reviewer calls the row: 培训 + 人 → 培训人数; 农村污水处理站 + 座 → 农村污水处理站数量;
    水质检测 every quarter → 水质检测频次; an already-measured label is kept."""
    label = quantity.label or (project_core(project_name) if quantity.unit in BATCHES and project_name else
                               "举办" if quantity.unit in EVENT_UNITS else "完成工作")  # 全年分四批完成 → 职工疗休养批次
    if changed := _CHANGED_BY.match(label):  # 生均藏书量比上年提高2册: the change of a measure, against last year
        return change_name(*changed.groups())
    if label == "规模" and not project_name and event:  # 规模5000人 beside 半程马拉松1场: the event's size
        return f"{event}规模人数"
    if label == "规模":  # 规模5000人: the project's own size
        label = f"{project_core(project_name)}规模" if project_name else ("参与" if quantity.unit in PEOPLE_UNITS else label)
        if label.endswith("规模") and quantity.unit in PEOPLE_UNITS:
            return f"{label}人数"
    if quantity.frequency:
        return label if label.endswith("频次") else f"{label}频次"
    if quantity.unit == "起" or quantity.unit.endswith("元"):  # 赛事安全事故发生数, 协议引资额
        return label
    if "/" in quantity.unit:  # 每千人抽检 4批次/千人; 日处理规模 2000吨/日 is named already
        return label if label.endswith(("规模", "能力", "频次")) else f"{label}{quantity.unit.split('/')[0]}"
    unit = quantity.unit.removeprefix("万") if quantity.unit.startswith("万") and len(quantity.unit) > 1 else quantity.unit
    word = "数" if label.endswith("人口") else _MEASURE_WORD.get(unit, "数量")  # 覆盖常住人口数, not …人口人数
    if label.endswith(word) or label.endswith(_MEASURED):
        return label
    return f"{label}{word}"


def _quantity_operator(quantity: Quantity, name: str) -> str:
    """An event held at zero or any 反向 count is ≤; a stock the project works on, a payment schedule, an event
    count or a single facility (1个) is exact (=); a target to reach, or the least a frequency of work must reach,
    is ≥; a measured stock (林地面积, 大厅面积: the area the project covers) is exact."""
    if quantity.operator:
        return quantity.operator  # 每种复本量不超过5册: the most allowed, as the user said it
    if quantity.value == 0:
        return "="  # an event held at zero: =0起 (reviewers read ≤0 as the same, written oddly)
    if taxonomy.is_reverse(name):
        return "≤"
    if quantity.target:
        return "≥"
    if quantity.fixed or quantity.frequency or quantity.unit in EVENT_UNITS or MEASURED_STOCK.search(quantity.label) \
            or quantity.label == "规模":  # 规模5000人: the planned size (a cap the venue sets), not a floor
        return "="
    if quantity.value == 1 and quantity.unit in CLASSIFIERS:
        return "="  # 县级电商公共服务中心1个: the one there is, not "at least one"
    return "≥"


def _quantity_rows(brief: ProjectBrief, context: DraftingContext, framework: str, notices: list[str]) -> list[Indicator]:
    rows: list[Indicator] = []
    event = next((q.label for q in brief.quantities if q.unit in EVENT_UNITS and q.label and not q.frequency), "")
    for quantity in brief.quantities:
        if paid_as_rate(quantity):
            continue  # 按季度发放: a 时效 rate (timeliness.deadline_rows), not a count besides
        if _background(quantity, brief):
            continue
        name = quantity_name(quantity, brief.name, event)
        if is_payment_schedule(quantity):  # 春秋学期各发放1次 → 资助发放次数 =2次 (时效: when the money reaches people)
            name = f"{project_core(brief.name)}{quantity.label}次数"
        elif quantity.frequency and len(quantity.label) <= 2:  # 应急救护培训 + 培训频次: the work once
            name = costreaders.joined(project_core(brief.name), name)
        elif quantity.unit == "天" and (per_day := _per_day_words(brief)):
            name = f"{per_day}天数"  # 按全年在校200天计算 beside 每生每天膳食补助5元 → 膳食补助天数
        elif MEASURED_STOCK.search(quantity.label) and re.search(
                r"(?:全县|全区|全市|全镇|全乡|辖区)" + re.escape(quantity.text), brief.description):
            name = f"{project_core(brief.name)}覆盖{name}"  # 全县林地面积85万亩 → 森林防火覆盖林地面积
        elif not quantity.frequency and "/" not in quantity.unit and not _DOING.search(name) \
                and (work := _work_done_to(quantity, brief.description)):
            name = f"{work}{_SCOPE.sub('', name)}"  # 对4.2万名中小学生开展心理健康测评 → 心理健康测评中小学生人数: what is done to them
        elif quantity.fixed and not quantity.frequency and "/" not in quantity.unit and not _DOING.search(name) \
                and (verb := _work_verb(brief.name, quantity, brief)) and verb not in name \
                and (PAYING_VERB.search(verb) or not re.match(r"在册|在岗|在编|现有", quantity.label)):
            # (those on the roll are paid by a 补助, not 运维'd by a platform's upkeep)
            name = f"{verb}{name}"  # 8所农村小学 in a 校舍维修 project → 维修农村小学数量: the output, not the stock
        sources = [f"brief:{quantity.text or name}"]
        match = _best_match(slot_candidates(context, taxonomy.L1_OUTPUT, "数量指标", name), name, quantity.unit)
        if match is not None:
            sources += match.indicator.sources[:2]
        level1, level2 = quantity_level2(quantity, name)
        rows.append(row(framework, level1, level2, name, _quantity_operator(quantity, name),
                         quantity.value_text, quantity.unit, "计划标准", sources))
    if not any(r.level2 == "数量指标" for r in rows):
        # Only the user knows how much this project does: a precedent's or the library's number would be
        # another project's; the row is left to fill in and the user is asked.
        rows.append(gap_row(framework, taxonomy.L1_OUTPUT, "数量指标"))
        notices.append("未提供工作量，已在数量指标下留出一行待填写：项目要完成多少工作？例如“维修校舍3200平方米”。")
    return rows


# The work a project's name says it does to the things it counts (校舍维修 → 维修, 地质灾害防治 → 防治); 运转 is what
# the money keeps up (村级组织运转 → 保障运转).
_WORK_VERBS = ("维修改造", "提升改造", "运维", "维护", "养护", "维修", "改造", "修缮", "整治", "治理", "防治", "排查", "监测", "检测",
               "筛查", "管护", "保洁", "运营", "免疫", "接种", "抽查", "检定", "运转")


# (the 监测 of 监测点 is a place, not work: 耕地质量监测点数量 still needs what is done to them)
_DOING = re.compile("(?:" + "|".join(_WORK_VERBS + ACTION_VERBS + ("聘", "运行", "开展", "实施", "建成", "新增", "完成", "覆盖", "设置"))
                    + ")(?![点站员])")


_SCOPE = re.compile(r"^(?:全县|全区|全市|全镇|全乡|辖区)")  # 对全县中小学生…开展视力筛查: the county is where, not who
_WORK_AFTER = re.compile(r"^(?:的)?(?:开展|进行|实施)(?:一次|一轮|年度|全面|集中)*([\u4e00-\u9fa5]{2,6})(?=[，。；;,\s]|$)")


def _work_done_to(quantity, description: str) -> str:
    """对全县4.2万名中小学生开展心理健康测评: the work the text says is done to what it counts (心理健康测评)."""
    at = description.find(quantity.text) if quantity.text else -1
    if at < 0 or not quantity.text.startswith("对") and "对" not in description[max(0, at - 6): at]:
        return ""
    m = _WORK_AFTER.match(description[at + len(quantity.text):])
    return m.group(1) if m else ""


def _background(quantity: Quantity, brief: ProjectBrief) -> bool:
    """全县在册户户通用户约1.2万户 beside 上门维修2500户次: how many there are on the roll is the setting, the visits
    are the work — a reviewer strikes the roll as an output."""
    unit = quantity.unit.removeprefix("万")
    at = brief.description.find(quantity.text) if quantity.text else -1
    said = brief.description[max(0, at - 4): at] + quantity.text if at >= 0 else quantity.text
    return unit in ("户", "人", "名") and re.search(r"在册|现有|共有", said) is not None \
        and any(q.unit.removeprefix("万") == f"{'人' if unit == '名' else unit}次" for q in brief.quantities)


_SAME_PER = {"名": {"人"}, "张": {"床"}, "人": {"生"}}  # 1000张床位 beside 每床每月120元


def _work_verb(project_name: str, quantity: Quantity | None = None, brief: ProjectBrief | None = None) -> str:
    core = project_core(project_name)
    # A payment project pays for what it counts (60个规模养殖场 in a 粪污利用补助 → 补助规模养殖场数量), whatever work its
    # name says the money is for (校车运营补助 pays; it does not run the buses) …
    if paying := PAYING_VERB.search(core):  # … unless its standard is per another thing (每辆8万元 beside 1800名学生)
        pers = {c.unit.partition("/")[2].partition("·")[0] for c in brief.unit_costs} if brief else set()
        same = quantity is None or not pers or quantity.unit in pers or bool(pers & _SAME_PER.get(quantity.unit, set()))
        return paying.group(1) if same else ""
    verb = next((v for v in _WORK_VERBS if v in core), "")
    return "保障运转" if verb == "运转" else verb


def _per_day_words(brief: ProjectBrief) -> str:
    """What a per-day unit standard pays for (每生每天膳食补助5元 → 膳食补助): the days counted are days of it."""
    cost = next((c for c in brief.unit_costs if c.unit.endswith(("·天", "·日"))), None)
    if cost is None:
        return ""
    return re.sub(r"^(?:每[\u4e00-\u9fa5]|人均|生均|户均)", "", cost.label)


def _best_match(candidates: list[Candidate], name: str, unit: str) -> Candidate | None:
    scored = [(dice(c.indicator.name, name), c) for c in candidates if c.indicator.unit == unit]
    scored = [s for s in scored if s[0] >= 0.3]
    return max(scored, key=lambda s: s[0])[1] if scored else None


# ---- 质量 / 时效 / 效益 / 满意度 ---------------------------------------------------------------


def _slot_rows(
    context: DraftingContext, framework: str, level1: str, level2: str, query: str, given: list[Indicator],
    taken: list[Indicator] = (), brief: ProjectBrief | None = None,
) -> list[Indicator]:
    """The brief's own rows for a slot, or, when the brief says nothing for it, up to SLOT_ROWS relevant rows of its
    kind that say nothing another row of the draft (``taken``) says already. A standard the user set is the slot's
    measure: a borrowed row beside it was struck as 自拟 in every panel round (16–83%; “质量已由第5行（来自简报）
    衡量”), and kept only as often as not."""
    in_slot = [r for r in list(given) + list(taken) if (r.level1, r.level2) == (level1, level2)]
    wanted = 0 if any(_from_brief(r) for r in in_slot) else SLOT_ROWS.get(level2, 1)
    already = sum((r.level1, r.level2) == (level1, level2) for r in taken)
    rows = list(given)
    names = {r.name for r in rows} | {r.name for r in taken}
    for candidate in slot_candidates(context, level1, level2, query):
        if len(rows) + already >= wanted:
            break
        name = candidate.indicator.name
        if name in names or any(same_measure(name, n) for n in names):
            continue
        if brief is not None and covers_counted(name, brief):
            continue
        rows.append(with_baseline(candidate.indicator, brief) if brief is not None else candidate.indicator)
        names.add(name)
    return rows


def _from_brief(row: Indicator) -> bool:
    return any(source.startswith("brief:") for source in row.sources)


# How well kept the project's equipment is, said either way round.
_UPKEEP_STATE = ("完好率", "故障率", "正常使用率", "完好")


def same_measure(a: str, b: str) -> bool:
    """Two rows that say the same thing: near-identical names, one measure named by the same words
    (问题产品核查处置率 / 不合格食品核查处置率 share 核查处置率), or the state of the equipment twice."""
    # 安全事故发生次数 / 训练期间安全事故发生数: one count of events, however its measure word is written
    a, b = (re.sub(r"(?:发生)?(?:次数|起数|数)$", "数", x) for x in (a, b))
    if dice(a, b) >= 0.6:
        return True
    if a.endswith(_UPKEEP_STATE) and b.endswith(_UPKEEP_STATE):
        return True  # 设施完好率 beside 警报器完好率 ≥98%, 设备故障率 beside 设备完好率: one state of the same equipment
    common = 0
    while common < min(len(a), len(b)) and a[-1 - common] == b[-1 - common]:
        common += 1
    return common >= 4


def _rate_rows(brief: ProjectBrief, framework: str, level2: str) -> list[Indicator]:
    rows = []
    for rate in brief.rates:
        if RATING.search(rate.label):
            continue  # how the served rate the service: the satisfaction row
        # "≥100%" cannot be exceeded: a full rate is written =100%.
        operator = "=" if rate.value >= 100 else (rate.operator or "≥")
        # An outcome the user states (培训后就业率, 再犯罪率) is 效益, not a 质量 of the work.
        home = outcome_home(rate.label) or achieved_home(rate.label) or territory_effect(rate.label) or (
            effect_level2(rate.label) if PREVENTED.search(rate.label) or CHANGE.search(rate.label) else None)
        if home == "社会效益指标":
            home = effect_level2(rate.label)  # 尾水达标排放率: an outcome on the water, 生态效益
        level1, slot = (taxonomy.L1_BENEFIT, home) if home else (taxonomy.L1_OUTPUT, level2)
        if re.search(r"当场|当日|即时", rate.label):
            level1, slot = taxonomy.L1_OUTPUT, "时效指标"  # 即办件当场办结率: how fast, not how well
        rows.append(row(framework, level1, slot, rate.label, operator, rate.value_text, rate.unit or "%",
                         "计划标准", [f"brief:{rate.text}"]))
    return rows


# ---- assembly -------------------------------------------------------------------------------


def _ordered(rows: list[Indicator], framework: str) -> list[Indicator]:
    """Rows in the order of the standard form: 一级 then 二级 as the framework lists them."""
    order = []
    for level1, level2s in taxonomy.LEGAL_PAIRS[framework].items():
        order += [(level1, level2) for level2 in level2s]
    rank = {pair: i for i, pair in enumerate(order)}
    return sorted(rows, key=lambda r: rank.get((r.level1, r.level2), len(rank)))


def repair(form: PerformanceForm, framework: str) -> tuple[PerformanceForm, list[str]]:
    """Drop reused (precedent/library) rows the validators reject; the user's own facts and the rows left for the
    user to fill are never dropped. Returns the form and the names of the annual rows removed."""
    removed = []
    for _ in range(2):
        bad = {
            (f.location.table, f.location.index)
            for f in validate(form, framework=framework)
            if f.severity == "error" and f.location.index is not None
        }
        removable = {
            key for key in bad
            if not any(s.startswith(("brief:", GAP)) for s in form.table(key[0])[key[1]].sources)  # type: ignore[arg-type]
        }
        if not removable:
            break
        for table, rows in form.tables():
            removed += [r.name for i, r in enumerate(rows) if (table, i) in removable and table == "annual"]
            rows[:] = [r for i, r in enumerate(rows) if (table, i) not in removable]
    return form, removed
