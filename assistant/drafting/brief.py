"""ProjectBrief: the facts a drafter needs, extracted from the user's words turn by turn.

Offline extraction is deterministic: amounts (预算26万元), counts with units (培训500人, 修缮3.2公里),
unit standards (800元/人, 人均补贴800元), rates (合格率不低于90%), years and deadlines. The essentials
a reviewer needs before a form is worth drafting are the budget, the main quantities and the time
frame; jixiao asks for them one short question at a time.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant import taxonomy
from assistant.drafting.sectors import guess_sector


class Quantity(BaseModel):
    """A number the user stated, with its unit and the words that say what it counts."""

    value: float
    unit: str
    label: str = ""  # e.g. "职业技能培训", "创业培训", "道路修缮"
    text: str = ""  # as written, e.g. "创业培训1182人"

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
    beneficiaries: str = ""
    deadline: str = ""  # e.g. "2026年12月31日"
    continuing: bool | None = None  # 延续项目 (True) or 新增项目 (False)
    skip_questions: bool = False  # the user said 直接生成


COUNT_UNITS = ("人次", "人", "名", "户", "次", "场", "期", "批次", "个", "所", "台", "套", "辆", "件", "篇", "份",
               "门", "公里", "千米", "米", "万亩", "亩", "平方米", "立方米", "座", "处", "项", "家", "课时", "学时",
               "吨", "张", "册", "部", "条", "批", "村", "校", "节", "株", "棵", "平方公里",
               "万平方米", "万人次", "万人", "万册", "万株")  # "120万平方米" keeps its 万 in the unit, as forms write it
_UNIT_ALT = "|".join(sorted(COUNT_UNITS, key=len, reverse=True))
_NUM = r"(\d+(?:\.\d+)?)"
_CN_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_BUDGET_RE = re.compile(
    r"(预算|资金|经费|投入|金额|总额|总投资|安排)[^\d，。；;,\n]{0,8}?" + _NUM + r"\s*(亿元|万元|万|元)(?![/每])"
)
# "120万" is money, but "120万平方米" / "3万人次" are quantities.
_MONEY_RE = re.compile(_NUM + r"\s*(亿元|万元|万)(?![/每元]|" + _UNIT_ALT + r")")
_UNIT_COST_RE = re.compile(
    r"([\u4e00-\u9fa5]{0,10}?)(?:人均|每人|每亩|每次|每台|每场|每生|生均)?[^\d，。；;,\n]{0,4}?" + _NUM
    + r"\s*元\s*(?:/|每)\s*(人·?月|人天|人次|人|亩|次|台|场|生|户|平方米)"
)
_PER_HEAD_RE = re.compile(r"(人均|每人|每亩|每次|每台|每场|每生|生均|每户)([\u4e00-\u9fa5]{0,8}?)" + _NUM + r"\s*元")
_RATE_RE = re.compile(r"([\u4e00-\u9fa5]{1,10}?率|满意度)[^\d，。；;,\n]{0,6}?" + _NUM + r"\s*[%％]")
_COUNT_RE = re.compile(_NUM + r"\s*(" + _UNIT_ALT + r")(?![/\u5143])")
_CN_COUNT_RE = re.compile(r"([一两二三四五六七八九十])\s*(次|场|期|批次|届)")
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_DEADLINE_RE = re.compile(
    r"((?:20\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底)?)\s*(?:前|之前|以前)"
)
_NAME_RE = re.compile(r"项目名称\s*[:：是为]?\s*([^，。；;,\n]{2,40})")
_NAME_FREE_RE = re.compile(r"(?:举办|承办|组织|做|(?<=[要拟想])办|搞|申报|开展|实施|编制|有)(?:一个|个|一期|一项)?([^，。；;,\n]{2,30}?项目)")
_NAME_LEAD_RE = re.compile(r"^([^，。；;,\n]{2,30}?项目)(?:[，。；;,\n]|$)")
_UNIT_RE = re.compile(r"(?:申报单位|实施单位|单位名称|单位)\s*[:：是为]\s*([^，。；;,\n]{2,30})"
                      r"|^(?:我们|我单位|我们单位)是([^，。；;,\n]{2,20})")  # "我们是市园林局，…"
_BENEFICIARY_RE = re.compile(r"(?:面向|针对|服务对象(?:为|是)?|受益对象(?:为|是)?|对象(?:为|是))\s*([^，。；;,\n]{2,24})")

# Words that lead a count but do not say what is counted.
_LABEL_NOISE = re.compile(r"^(计划|预计|拟|共|全年|年度|今年|明年|本年|合计|累计|总共|大约|约|完成|开展|组织|举办|实现|新增|达到|不少于|不低于|至少|其中)+")
_SKIP_WORDS = ("直接生成", "直接起草", "不用问", "先生成", "马上生成", "跳过")


def _label(words: str) -> str:
    """What a number counts: the words right before it, after the last particle or punctuation
    ("对符合条件的对象发放生活补贴" → "发放生活补贴")."""
    words = re.split(r"[^\u4e00-\u9fa5A-Za-z]|[的和及与]", words.strip())[-1]
    return _LABEL_NOISE.sub("", words)[-12:]


def _to_wan(amount: float, unit: str) -> float:
    return {"亿元": amount * 10000, "元": amount / 10000}.get(unit, amount)


def extract_brief(text: str, brief: ProjectBrief | None = None) -> ProjectBrief:
    """Fold one user message into the brief. Later statements of the same fact replace earlier ones."""
    brief = (brief or ProjectBrief()).model_copy(deep=True)
    text = text.strip()
    if not text:
        return brief
    brief.description = f"{brief.description}\n{text}".strip()
    if any(word in text for word in _SKIP_WORDS):
        brief.skip_questions = True
    if m := _NAME_RE.search(text) or _NAME_FREE_RE.search(text) or _NAME_LEAD_RE.search(text):
        brief.name = m.group(1).strip()
    if m := _UNIT_RE.search(text):
        brief.unit = (m.group(1) or m.group(2)).strip()
    masked = text
    if m := _BUDGET_RE.search(text):
        brief.budget_wan = round(_to_wan(float(m.group(2)), m.group(3)), 6)
        masked = masked.replace(m.group(0), " ")
    elif brief.budget_wan is None and (money := _MONEY_RE.findall(text)) and len(money) == 1:
        brief.budget_wan = round(_to_wan(float(money[0][0]), money[0][1]), 6)
    costs = _unit_costs(masked)
    if costs:
        brief.unit_costs = _merge(brief.unit_costs, costs)
    masked = _UNIT_COST_RE.sub(" ", masked)
    masked = _PER_HEAD_RE.sub(" ", masked)
    rates = [Quantity(value=float(v), unit="%", label=label, text=f"{label}{v}%") for label, v in _RATE_RE.findall(masked)]
    if rates:
        brief.rates = _merge(brief.rates, rates)
    masked = _RATE_RE.sub(" ", masked)
    masked = _MONEY_RE.sub(" ", masked)
    deadline = _DEADLINE_RE.search(masked)
    if deadline:
        brief.deadline = re.sub(r"\s+", "", deadline.group(1))
        masked = masked.replace(deadline.group(0), " ")
    if years := _YEAR_RE.findall(text):
        brief.year = int(years[0])
    if brief.deadline and not brief.deadline.startswith("20") and brief.year:
        brief.deadline = f"{brief.year}年{brief.deadline}"
    masked = _YEAR_RE.sub(" ", masked)
    counts = _counts(masked)
    if counts:
        brief.quantities = _merge(brief.quantities, counts)
    if m := _BENEFICIARY_RE.search(text):
        brief.beneficiaries = m.group(1).strip()
    if re.search(r"新增|新设|首次", text):
        brief.continuing = False
    elif re.search(r"延续|持续性|往年|每年|常年|连续", text):
        brief.continuing = True
    brief.sector = guess_sector(f"{brief.name} {brief.description}") or brief.sector
    return brief


def _unit_costs(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for m in _UNIT_COST_RE.finditer(text):
        found.append(Quantity(value=float(m.group(2)), unit=f"元/{m.group(3)}", label=_label(m.group(1)), text=m.group(0)))
    for m in _PER_HEAD_RE.finditer(text):
        per = {"人均": "人", "每人": "人", "每亩": "亩", "每次": "次", "每台": "台", "每场": "场", "每生": "生",
               "生均": "生", "每户": "户"}[m.group(1)]
        found.append(Quantity(value=float(m.group(3)), unit=f"元/{per}", label=_label(m.group(2)), text=m.group(0)))
    return found


def _counts(text: str) -> list[Quantity]:
    found = []
    for m in _COUNT_RE.finditer(text):
        label = _label(text[max(0, m.start() - 24): m.start()])
        found.append(Quantity(value=float(m.group(1)), unit=m.group(2), label=label, text=f"{label}{m.group(0)}"))
    for m in _CN_COUNT_RE.finditer(text):
        label = _label(text[max(0, m.start() - 24): m.start()])
        found.append(Quantity(value=float(_CN_NUM[m.group(1)]), unit=m.group(2), label=label, text=f"{label}{m.group(0)}"))
    return found


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
