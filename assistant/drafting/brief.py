"""ProjectBrief: the facts a drafter needs, extracted from the user's words turn by turn.

Offline extraction is deterministic: amounts (预算26万元), counts with units (培训500人, 修缮3.2公里),
unit standards (800元/人, 人均补贴800元), rates (合格率不低于90%), years and deadlines. The essentials
a reviewer needs before a form is worth drafting are the budget, the main quantities and the time
frame; jixiao asks for them one short question at a time.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.drafting import costreaders, duereaders, namereaders, ratereaders, readers, whoreaders
from assistant.drafting.numerals import arabic_numerals, arabic_years
from assistant.money import to_wan
from assistant.sectors import guess_sector


class Quantity(BaseModel):
    """A number the user stated, with its unit and the words that say what it counts."""

    value: float
    unit: str
    label: str = ""  # e.g. "职业技能培训", "创业培训", "道路修缮"
    text: str = ""  # as written, e.g. "创业培训1182人"
    target: bool = False  # "约6万剂次", "不少于500人": a target to reach (≥)
    fixed: bool = False  # a stock the project works on ("42座污水处理站", "75名村干部"): written =
    frequency: bool = False  # "每季度开展一次水质检测": times a year
    operator: str = ""  # for a rate or a capped count (每种不超过5册): ≥ / ≤ / = as the user put it

    @property
    def value_text(self) -> str:
        return f"{self.value:g}"


class ProjectBrief(BaseModel):
    name: str = ""
    unit: str = ""
    budget_wan: float | None = None
    year: int | None = None
    sector: str | None = None
    description: str = ""  # everything the user said about the project
    quantities: list[Quantity] = Field(default_factory=list)  # 培训500人, 举办2次
    unit_costs: list[Quantity] = Field(default_factory=list)  # 800元/人
    rates: list[Quantity] = Field(default_factory=list)  # 合格率90%, 满意度95%
    time_limits: list[Quantity] = Field(default_factory=list)  # 管网故障24小时内修复 → 管网故障修复时限 ≤24小时
    beneficiaries: str = ""  # who is served: 惠及/面向 X
    recipients: str = ""  # who is paid: 拨付承储企业, 对…家庭按…发放
    deadline: str = ""  # e.g. "2026年12月31日"
    deadline_what: str = ""  # what is due by then, e.g. "助餐点投入运营"
    recurring_dues: list[tuple[str, str, str]] = Field(default_factory=list)  # (每月10日, 发放到卡, as written)
    continuing: bool | None = None  # 延续项目 (True) or 新增项目 (False)
    skip_questions: bool = False  # the user said 直接生成


_NUM = r"(\d+(?:\.\d+)?)"
_BUDGET_RE = re.compile(
    r"(预算|资金|经费|投入|金额|总额|总投资|安排|拿出|列支|共需|需要|合计|总计|共|申报|申请)[^\d，。；;,\n]{0,8}?" + _NUM
    + r"\s*(亿元|万元|万|元)(?![/每])"
)
# 每人60元, 人均95元, 按…标准: a unit standard, never the budget.
_PER_CONTEXT = re.compile(r"每|人均|亩均|生均|户均|单价|标准|按")
# "120万" is money, but "120万平方米" / "3万人次" are quantities.
_MONEY_RE = re.compile(_NUM + r"\s*(亿元|万元|万|元)(?![/每元]|" + readers._UNIT_ALT + r")")
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_SKIP_WORDS = ("直接生成", "直接起草", "不用问", "先生成", "马上生成", "跳过")


def extract_brief(text: str, brief: ProjectBrief | None = None) -> ProjectBrief:
    """Fold one user message into the brief. Later statements of the same fact replace earlier ones."""
    brief = (brief or ProjectBrief()).model_copy(deep=True)
    text = text.strip()
    if not text:
        return brief
    brief.description = f"{brief.description}\n{text}".strip()
    if any(word in text for word in _SKIP_WORDS):
        brief.skip_questions = True
    text = arabic_years(text)  # 二〇二七年 in the name the unit wrote
    name, unit, explicit = namereaders.project_name_and_unit(text)
    if name and (explicit or not brief.name):  # a later "…补贴" phrase does not rename the project
        brief.name = name
    if unit:
        brief.unit = unit
    digits = arabic_numerals(text)
    masked = re.sub(r"（[^（）]{1,8}）|\([^()]{1,8}\)", "", digits)  # 村（社区）, 头（羽）: asides out of labels
    if m := _budget_match(digits):
        brief.budget_wan = round(to_wan(float(m.group(2)), m.group(3)), 6)
        masked = masked.replace(m.group(0), " ")
    elif brief.budget_wan is None and len(money := _totals(digits)) == 1:
        brief.budget_wan = round(to_wan(float(money[0].group(1)), money[0].group(2)), 6)
    costs = [Quantity(value=c.value, unit=c.unit, label=c.label, text=c.text) for c in costreaders.unit_costs(masked)]
    if costs:
        brief.unit_costs = _merge(brief.unit_costs, costs)
    for cost in costreaders.unit_costs(masked):
        masked = masked.replace(cost.text, " ")
    rates = [Quantity(value=v, unit=unit, label=label, text=words, operator=op)
             for label, v, op, words, unit in ratereaders.rates(masked)]
    if rates:
        brief.rates = _merge(brief.rates, rates)
    for pattern in (ratereaders.POINTS_RE, ratereaders.RATE_RE, ratereaders.GROWTH_RE, ratereaders.ON_THE_SPOT_RE,
                    ratereaders.SHARE_DONE_RE):
        masked = pattern.sub(" ", masked)
    masked = ratereaders.COVERAGE_RE.sub(lambda m: f"{m.group(1)} ", masked)  # 586个村法律顾问全覆盖: the count stays
    targets = [_quantity(c) for c in readers.amounts(masked) + readers.zero_events(masked)]
    for pattern in (readers.AMOUNT_RE, readers.DRIVEN_RE, readers.EARNED_RE, readers.ZERO_RE):
        masked = pattern.sub(" ", masked)
    masked = _MONEY_RE.sub(" ", masked)
    limits = [Quantity(value=v, unit=unit, label=name, text=words, operator=op)
              for name, v, unit, words, op in duereaders.time_limits(masked)]
    if limits:
        brief.time_limits = _merge(brief.time_limits, limits)
    for limit in limits:
        masked = masked.replace(limit.text, " ")
    if dues := duereaders.recurring_dues(masked):
        brief.recurring_dues = dues
        masked = duereaders.RECURRING_DUE_RE.sub(" ", masked)
    if due := duereaders.deadline(masked):
        brief.deadline, brief.deadline_what = due
        masked = duereaders.DEADLINE_RE.sub(" ", masked, count=1)
    if years := _YEAR_RE.findall(text):
        brief.year = int(years[0])
    if brief.deadline and not brief.deadline.startswith("20") and brief.year:
        brief.deadline = f"{brief.year}年{brief.deadline}"
    brief.name = _placeless(brief.name, brief.unit)
    masked = _YEAR_RE.sub(" ", masked)
    found = targets + [_quantity(c, frequency=True) for c in readers.frequencies(masked)]
    for pattern in (readers.FREQUENCY_RE, readers.TWICE_RE, readers.PAYMENT_RE, readers.REPORTING_RE):
        masked = pattern.sub(" ", masked)
    densities = [_quantity(c) for c in readers.densities(masked)]
    masked = readers.DENSITY_RE.sub(" ", masked)
    read = readers.counts(readers.spread(masked), density_given=bool(densities))
    found, read = _per_person(found, read)
    counts = [_quantity(c) for c in read]
    # 按每千人4批次 beside 全年抽检1200批次: the density is how the count was set, not a second row
    found += [d for d in densities if not any(c.unit == d.unit.split("/")[0] for c in counts)] + counts
    if found:
        brief.quantities = _merge(brief.quantities, found)
    if who := whoreaders.beneficiaries(digits):
        brief.beneficiaries = who
    if paid := whoreaders.recipients(digits):
        brief.recipients = paid
    if re.search(r"新增|新设|首次", text):
        brief.continuing = False
    elif re.search(r"延续|持续性|往年|每年|常年|连续", text):
        brief.continuing = True
    brief.sector = guess_sector(f"{brief.name} {brief.description}") or brief.sector
    return brief


def _placeless(name: str, unit: str) -> str:
    """某县农村公益电影放映项目 by 某县文化和旅游局 → 农村公益电影放映项目: the place is the unit's. The year is not added:
    of the 40 real forms shipped, 3 carry it in the name (the form has its own 年度)."""
    if unit and not re.match(r"20\d{2}", name):
        return re.sub(r"^某[省市县区州镇乡](?=[\u4e00-\u9fa5]{4}|20\d{2}\s*年)", "", name)
    return name


def _budget_match(text: str) -> re.Match | None:
    """The stated budget: 预算 first, then 资金/经费/共 …; an amount in a unit-standard context is skipped."""
    matches = [m for m in _BUDGET_RE.finditer(text)
               if not _per_context(text, m) and not _brought_about(text, m.start(), m.start() + len(m.group(1)))]
    return next((m for m in matches if m.group(1) == "预算"), matches[0] if matches else None)


def _totals(text: str) -> list[re.Match]:
    return [m for m in _MONEY_RE.finditer(text) if not _PER_CONTEXT.search(text[max(0, m.start() - 10): m.start()])
            and not _brought_about(text, m.start(), m.start())]


def _brought_about(text: str, start: int, end: int) -> bool:
    """An amount the work brings about (意向成交额10亿元, 带动投资5亿元): the words before it up to ``end``."""
    return bool(readers.RESULT_BEFORE.search(text[max(0, start - 12): end]))


def _per_context(text: str, match: re.Match) -> bool:
    gap = match.group(0)[len(match.group(1)):]
    before = text[max(0, match.start() - 6): match.start()]
    return bool(_PER_CONTEXT.search(gap) or re.search(r"每[\u4e00-\u9fa5]{0,4}$|人均$", before))


def _per_person(found: list[Quantity], read: list[readers.Count]) -> tuple[list[Quantity], list[readers.Count]]:
    """全县有县级河长12名 … 县级河长每月巡河一次: the staff the county has are the project's base, not its output; what
    each of them does is: 县级河长人均巡河 ≥12次/人·年 (a minimum each must reach), and the head count is no row."""
    staff = [c for c in read if c.existing and len(c.label) >= 2]
    used: set[int] = set()
    for i, quantity in enumerate(found):
        who = next((c for c in staff if quantity.frequency and quantity.label.startswith(c.label)), None)
        if who is None or "/" in quantity.unit:
            continue
        found[i] = quantity.model_copy(update={
            "label": f"{who.label}人均{quantity.label[len(who.label):]}", "unit": f"{quantity.unit}/人·年",
            "target": True, "fixed": False})
        used.add(id(who))
    return found, [c for c in read if id(c) not in used]


def _quantity(count: readers.Count, frequency: bool = False) -> Quantity:
    return Quantity(value=count.value, unit=count.unit, label=clean_label(count.label), text=count.text,
                    target=count.target, fixed=count.fixed, frequency=frequency, operator="≤" if count.cap else "")


def clean_label(label: str) -> str:
    """What is counted, without the words around the number: 健康巡查不少于 → 健康巡查; 从脱贫人口中选聘生态护林员 →
    选聘生态护林员 (where they come from is not what is counted); 检测检测 → 检测."""
    label = re.sub(r"(?:不少于|不低于|至少|不超过|达到|共计|合计|" + readers.NOT_ABOUT + r"约|共)+$", "", label)
    # 为适龄儿童接种…, 用于聘用…: the preposition before whom or what (为农服务中心 is a name and stays)
    label = re.sub(r"^(?:用于|对(?![象于照比接标])|向|给|为(?=[\u4e00-\u9fa5]{0,4}(?:儿童|学生|老年|群众|居民|农户|企业|家庭|人员|妇女|患者|残疾人)))"
                   r"(?=[\u4e00-\u9fa5]{3})", "", label)
    label = re.sub(r"^从?[\u4e00-\u9fa5、]{1,14}?中(?=选聘|选派|聘用|招聘|选拔|遴选|抽取)", "", label)
    label = re.sub(r"^(?:准备|打算)|(?:都要|均要|都)(?=[\u4e00-\u9fa5]{2,4}$)", "", label)  # 准备新建…, 干部职工都要体检
    # 可新增保障灌溉面积, 观看量力争突破10万人次, 在缺水乡镇新打机井: what may come of it and the hope are no part of the
    # name, nor the place the work is done in
    label = re.sub(r"^可(?=新增|实现|带动|节约|减少|增加|覆盖)|(?:力争|争取)(?:突破|超过|达到)?$|(?<=量)(?:突破|超过)$", "", label)
    label = re.sub(r"^在[\u4e00-\u9fa5]{1,6}?(?:乡镇|村|社区|县城|城区|街道)(?=新[建打增修装]|建设|安装|修建)", "", label)
    label = readers.verb_after_thing(label)
    return re.sub(r"([\u4e00-\u9fa5]{2})\1", r"\1", label)


def _merge(existing: list[Quantity], new: list[Quantity]) -> list[Quantity]:
    """New statements replace old ones about the same thing (same label and unit)."""
    keys = {(q.label, q.unit) for q in new}
    kept = [q for q in existing if (q.label, q.unit) not in keys]
    return kept + new


def missing_facts(brief: ProjectBrief) -> list[str]:
    """The essentials still missing, in the order jixiao asks for them."""
    missing = []
    if brief.budget_wan is None:
        missing.append("budget")
    if not brief.quantities:
        missing.append("quantities")
    if not brief.deadline and brief.year is None:
        missing.append("timeframe")
    return missing


QUESTIONS = {
    "budget": "这个项目的预算是多少（万元）？",
    "quantities": "项目的主要工作量是多少？例如“培训500人”“举办2场”“修缮3.2公里”。",
    "timeframe": "项目在哪个预算年度实施、计划什么时候完成？例如“2027年12月底前完成”。",
}


def next_question(brief: ProjectBrief) -> str | None:
    """One short Chinese question for the first missing essential, or None when ready to draft."""
    if brief.skip_questions:
        return None
    missing = missing_facts(brief)
    return QUESTIONS[missing[0]] if missing else None
