"""成本 rows of a draft: the user's unit standards, exactly (=, with the unit they are per: 元/餐, 元/人·月, 元/亩),
and the total cost capped by the budget (≤: 反向指标); and the one question a draft asks when the brief's own
numbers (standard × quantity) disagree with its budget.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting import costreaders
from assistant.drafting.brief import ProjectBrief, Quantity
from assistant.drafting.goaltext import project_core
from assistant.drafting.homes import PAYING_VERB
from assistant.schema import Indicator
from assistant.textsim import dice

# A brief whose unit standard × quantity is this far from the budget is asked about, not drafted silently.
BUDGET_RATIO_HIGH, BUDGET_RATIO_LOW = 1.2, 0.3


def row(framework: str, level1: str, level2: str, name: str, operator: str, value: str, unit: str, basis: str,
        sources: list[str]) -> Indicator:
    """A drafted row in the draft's framework (成本 is a 一级 under 101号, a 二级 of 产出 locally)."""
    level1, level2 = taxonomy.into_framework(level1, level2, framework)
    return Indicator(level1=level1, level2=level2, name=name, operator=operator, value=value, unit=unit,
                     basis=basis, sources=sources)


_PER_MATCH = {"餐": ("餐", "人次", "份"), "人": ("人", "名", "人次"), "生": ("人", "名", "生"), "亩": ("亩",),
              "户": ("户",), "次": ("次", "人次"), "场": ("场",), "台": ("台",), "平方米": ("平方米",)}
_PERIODS_A_YEAR = {"月": 12, "年": 1, "天": 365, "日": 365}


# The work a unit standard pays for, from the project's name (小型水库维修养护资金 → 维修养护).
_WORK_VERB = re.compile(r"维修养护|日常养护|运行维护|运维|养护|维护|维修|管护|保洁|改造|建设|检测|监测|培训")
# Labels that say how big, not what (规模5000人): no name for what a standard is paid for.
_GENERIC = re.compile(r"^(?:规模|参与|举办|完成工作|服务)$")


def _per_word(cost: Quantity) -> str:
    """The unit a standard is per as the user wrote it (每名选手 → 名选手), for its name."""
    m = costreaders.PER_COST_RE.search(cost.text)
    return m.group(1).removeprefix("个") if m else ""


def _counted(cost: Quantity, brief: ProjectBrief, per: str) -> Quantity | None:
    """The quantity a standard applies to: the one of its unit stated nearest before it (县道300公里、每公里每年7000元
    → 县道, not the 1500公里 in all), else the first of its unit."""
    same = [q for q in brief.quantities if (q.unit.removeprefix("万") == per or (per == "人" and q.unit == "名"))
            and "/" not in q.unit and not _GENERIC.match(q.label)]
    if not same:
        return None
    text, at = brief.description, brief.description.find(cost.text)
    before = [(text.rfind(q.text, 0, at), q) for q in same if q.text and at >= 0 and text.rfind(q.text, 0, at) >= 0]
    return max(before, key=lambda pair: pair[0])[1] if before else same[0]


def cost_name(cost: Quantity, brief: ProjectBrief) -> str:
    """每餐补贴 → 每餐补贴标准; nothing said of what is paid (人均95元) → 人均 + the project's core + 标准; a standard
    for what the brief counts is named for that thing and the work paid for (32座小型水库、每座年均3万元 →
    小型水库维修养护单价标准); 每万尾鱼苗约1500元 → 鱼苗单价标准."""
    label = cost.label
    per = cost.unit.partition("/")[2].partition("·")[0]
    if label.startswith("每个") and per == "个" and not re.match(r"每个(?:补|奖|资助)", label):
        label = label.removeprefix("每个")  # 每个样品化验费200元 → 样品化验费; 每个托位3000元 → 托位补助
        if not re.search(r"费|补助|补贴|奖|资助|成本|报酬", label):
            label += "补助" if PAYING_VERB.search(project_core(brief.name)) else _granted(cost, brief) or "单价"
    counted = _counted(cost, brief, per)
    core = project_core(brief.name)
    if not label and re.search(r"(?:保障|补贴|补助|报酬|资助|津贴|救助|抚恤)$", core):
        label = core  # 孤儿基本生活保障资金 → 孤儿基本生活保障标准: the programme is the payment
    if label and not label.startswith("每") and not re.search(r"(?:补贴|补助|保障|报酬|费)$", label):
        # 宫颈癌每人60元 beside 宫颈癌筛查1.5万人 → 宫颈癌筛查补助标准
        named = next((q for q in brief.quantities if q.label.startswith(label) and q.label != label), None)
        if named is not None:
            label = f"{named.label}补助"
    thing = re.sub(r"(?:面积|里程|长度|数量|人数)$", "", counted.label) if counted is not None and counted.label else ""
    if (not label or label.startswith("每")) and thing:
        # 专职护林员60名，每人每月1500元 → 专职护林员补助标准: the standard is for what the brief counts
        rest = label.removeprefix("每" + per) if label else ""
        rest = re.sub(r"^年均|^月均", "", rest)
        if len(rest) >= 10 and re.search(r"费|补助|补贴", rest):
            thing = ""  # 每场宣传物料和献血者纪念品费用约5000元: the words say what is paid for
        if rest and not re.search(r"费|补|奖|资助|成本|报酬|价|标准", rest):
            rest = ""  # 46条农村客运班线 … 每条线路每年1.3万元: the 线路 is the thing counted again, not what is paid
        if not rest:
            verb = _WORK_VERB.search(core)
            # 每人每月800元 is what each is paid (补助), unless it pays a contractor for a service: 按每户30元付给第三方机构
            paid = _granted(cost, brief)
            rest = paid or (("服务费" if _PAYS_A_CONTRACTOR.match(_after(cost, brief)) else "补助") if per in ("人", "户")
                            else f"{verb.group(0) if verb else ''}单价")
        # 处理污水70万吨、每吨处理费1.2元 → 污水处理费: the verb once, after what it is done to
        if (work := _WORK_VERB.match(thing)) and work.group(0) in rest and rest.startswith(thing[work.end():]):
            label = rest  # 维护路灯3000盏、每盏路灯每年维护费80元 → 路灯维护费: the words name the thing and what is paid
        else:
            label = f"{thing[2:]}{rest}" if len(thing) > 3 and rest[:2] == thing[:2] else costreaders.joined(thing, rest)
    elif label.startswith("每") and (noun := label.removeprefix("每" + per)) and not re.search(
            r"补贴|补助|费|成本|报酬|资助|奖励", noun) and not re.match(r"^[年月天日均]", noun):
        label = f"{noun}单价"  # 每万尾鱼苗约1500元 → 鱼苗单价: what one unit of it costs
    elif label.startswith("每") and (word := _per_word(cost)) and word != per and len(word) > 1:
        label = f"每{word}{label.removeprefix('每' + per)}"  # 每名选手办赛成本: who it is per, as written
    label = label or project_core(brief.name)
    # 80岁以上的老人每餐再补2元 → 80岁以上老人补贴: an extra payment is a 补贴 like any other, and no 的 in a name
    label = re.sub(r"(?:再补|另补|加补|多补)$", "补贴", re.sub(r"(以上|以下)的", r"\1", label))
    if label in ("人均", "亩均", "生均", "户均", "校均", "村均", "场均"):
        label = f"{label}{project_core(brief.name)}"
    return label if label.endswith(("标准", "成本", "费用")) else f"{label}标准"


def cost_rows(brief: ProjectBrief, framework: str, notices: list[str]) -> list[Indicator]:
    """Unit standards the user gave, exactly (=, 元/餐, 元/人·月), and the total cost capped by the budget
    (成本 uses ≤: 反向指标)."""
    names = [cost_name(cost, brief) for cost in brief.unit_costs]
    rows = []
    for cost, name in zip(brief.unit_costs, names):
        if names.count(name) > 1:  # 城市…780元、农村…560元: each standard is named for what it is set beside
            name = f"{_stated_before(cost, brief) or ''}{name}"
        operator = "≤" if costreaders.is_ceiling(cost.text) else "="
        rows.append(row(framework, taxonomy.L1_OUTPUT, "成本指标", name, operator, cost.value_text,
                         _per_attendance(cost, brief), "预算支出标准", [f"brief:{cost.text}"]))
    if brief.budget_wan is not None:
        rows.append(row(framework, taxonomy.L1_OUTPUT, "成本指标", "项目总成本", "≤", f"{brief.budget_wan:g}", "万元",
                         "预算支出标准", [f"brief:预算{brief.budget_wan:g}万元"]))
    if question := budget_question(brief):
        notices.append(question)
    return rows


_PAYS_A_CONTRACTOR = re.compile(r"[^，。；;]{0,6}?(?:付给|支付给|委托|购买)")


def _after(cost: Quantity, brief: ProjectBrief) -> str:
    """The words after a unit standard in the brief (按每条线路每年1.3万元给予补助 → 给予补助…)."""
    at = brief.description.find(cost.text) if cost.text else -1
    return brief.description[at + len(cost.text):] if at >= 0 else ""


def _granted(cost: Quantity, brief: ProjectBrief) -> str:
    """What a standard pays when the brief gives it right after the standard (按每条线路每年1.3万元给予补助 → 补助);
    "" otherwise."""
    given = re.match(r"[^，。；;]{0,4}?(?:给予|发放)(补助|补贴|奖补|奖励)", _after(cost, brief))
    return given.group(1) if given else ""


def _per_attendance(cost: Quantity, brief: ProjectBrief) -> str:
    """每人培训费500元 beside 培训400人次: the standard is paid for each attendance, in the unit the people are
    counted in (元/人次), as the row beside it; a brief that also counts heads (人, 名) keeps 元/人."""
    if cost.unit != "元/人":
        return cost.unit
    people = {q.unit for q in brief.quantities if q.unit in ("人", "名", "人次", "万人次") and not q.frequency}
    return "元/人次" if people and people <= {"人次", "万人次"} else cost.unit


def _stated_before(cost: Quantity, brief: ProjectBrief) -> str:
    """The thing counted just before a unit standard in the user's words (城市低保对象1800人、保障标准每人每月780元
    → 城市低保; 县道300公里、每公里每年7000元 → 县道)."""
    text = brief.description
    at = text.find(cost.text)
    before = [(text.rfind(q.text, 0, at), q) for q in brief.quantities if q.text and 0 <= text.rfind(q.text, 0, at)]
    if at < 0 or not before:
        return ""
    label = max(before, key=lambda pair: pair[0])[1].label
    return re.sub(r"(?:对象|人数|人员|户数)$", "", label)


def implied_total_wan(cost: Quantity, brief: ProjectBrief) -> tuple[float, Quantity] | None:
    """Unit standard × the quantity it applies to, in 万元 a year (每人每月780元 × 5000人 × 12); None when the
    brief does not say unambiguously which quantity that is (two standards for 县道 and 乡道, 1500元/亩 beside
    both 2万亩 建设 and 5000亩 节水) — a question about numbers the user did not pair would be wrong."""
    money, _, per = cost.unit.partition("/")
    head, _, period = per.partition("·")
    wanted = _PER_MATCH.get(head, (head,))
    matches = [q for q in brief.quantities if q.unit.removeprefix("万") in wanted and "/" not in q.unit and q.value]
    siblings = [c for c in brief.unit_costs if c.unit == cost.unit]
    if not matches or len(siblings) > 1:
        return None
    if len(matches) > 1:
        scored = sorted(((dice(q.label, cost.label), q) for q in matches), key=lambda s: -s[0])
        if scored[0][0] < 0.3 or scored[0][0] == scored[1][0]:
            return None
        best = scored[0][1]
    else:
        best = matches[0]
    count = best.value * (10000 if best.unit.startswith("万") and len(best.unit) > 1 else 1)
    per_unit = cost.value * (10000 if money == "万元" else 1)
    days = next((q.value for q in brief.quantities if q.unit == "天"), None)
    periods = days if period in ("天", "日") and days else _PERIODS_A_YEAR.get(period, 1)
    return per_unit * count * periods / 10000, best


def budget_question(brief: ProjectBrief) -> str:
    """The brief's own numbers against its budget: a standard × quantity far above it is asked about; far below it
    only when that standard and its count are all the brief states — one part of several (每亩15元 beside 护林员每人
    每月1000元) is no shortfall."""
    if brief.budget_wan is None or brief.budget_wan <= 0:
        return ""
    parts = [(cost, implied_total_wan(cost, brief)) for cost in brief.unit_costs]
    for cost, found in parts:
        if costreaders.is_cap(cost.text):
            continue  # 单个项目最高不超过8万元: what one may cost at most, not what each does
        if found is not None and found[0] / brief.budget_wan > BUDGET_RATIO_HIGH:
            return _ask(cost.text, found[1].text, found[0], "超过", brief)
    counts = [q for q in brief.quantities if not q.frequency]
    # far below: only when that one standard and that one count are all the brief says (2名劝导员 at each of 40站
    # is 80 people: a second count multiplies the first)
    if len(parts) == 1 and len(counts) == 1 and parts[0][1] is not None \
            and parts[0][1][0] / brief.budget_wan < BUDGET_RATIO_LOW:
        cost, (total, quantity) = parts[0]
        return _ask(cost.text, quantity.text, total, "远低于", brief)
    return ""


def _ask(cost: str, quantity: str, total: float, side: str, brief: ProjectBrief) -> str:
    return f"按{cost}、{quantity}计算约{total:g}万元，{side}预算{brief.budget_wan:g}万元，请核实单位标准、数量或预算。"


