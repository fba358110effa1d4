"""Goal texts written from the indicator table, so that every number in them is an indicator's number.

A reviewer reads the 年度绩效目标 for three things — what is done, how much, to what effect — and
checks each stated number against the table (相关性). Writing the text from the rows makes that true
by construction; the long-term text states the lasting effect without re-stating annual quantities.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.schema import Indicator, PerformanceForm

_OP_WORDS = {"≥": "不低于", ">": "高于", "≤": "不超过", "<": "低于", "=": "达到", "": "达到"}


def phrase(row: Indicator) -> str:
    """One row as words: 培训合格率不低于90%; 项目完成时间：2027年12月31日前."""
    if row.operator == "定性":
        return f"{row.name}{row.value}"
    if row.level2 == "时效指标" and row.unit == "" and "年" in row.value:
        what = row.name.removesuffix("时间") if row.name not in ("项目完成时间", "完成时间") else ""
        due = "前" if row.operator in ("≤", "<") else ""
        return f"{what}于{row.value}{due}完成" if what else f"于{row.value}{due}完成"
    return f"{row.name}{_OP_WORDS.get(row.operator, '达到')}{row.value}{row.unit}"


def _stated(rows: list[Indicator]) -> list[Indicator]:
    """The rows a goal text may speak of: not the ones left for the user to fill in."""
    return [r for r in rows if not any(s.startswith("gap:") for s in r.sources)]


# A project done once (built, bought, repaired) is not "持续"; its lasting aim is what the work leaves behind.
_ONE_OFF = re.compile(r"建设|新建|改造|维修|修缮|购置|采购|配备|普查|整治|加固|安装|数字化")
# The verb a stock of facilities is served with, from the project's own name (运维 42座污水处理站).
_STOCK_VERBS = ("运维", "维护", "养护", "管护", "保洁", "运营", "改造", "维修", "建设", "补助", "保障")


def project_core(name: str) -> str:
    """2027年村干部报酬经费 → 村干部报酬: the project without its year and its 项目/经费/资金."""
    core = re.sub(r"^(?:20\d{2}\s*年度?)", "", name or "")
    return re.sub(r"(?:项目经费|项目资金|专项资金|工作经费|项目|经费|资金)$", "", core) or core


def _quantity_phrases(form: PerformanceForm, brief: ProjectBrief) -> list[str]:
    """What is done, in the table's numbers: 培训500人, 运维农村污水处理站42座, 举办阅读推广活动120场."""
    rows = [r for r in _stated(form.annual_indicators) if r.level2 == "数量指标"]
    stated = {f"{q.value_text}{q.unit}": q for q in brief.quantities}
    verb = next((v for v in _STOCK_VERBS if v in form.project.name), "覆盖")
    phrases = []
    for row in rows:
        quantity = stated.get(f"{row.value}{row.unit}")
        if quantity is not None and quantity.fixed and not quantity.frequency and quantity.label:
            phrases.append(f"{verb}{quantity.label}{row.value}{row.unit}")
        elif quantity is not None and quantity.label:
            phrases.append(f"{quantity.label}{row.value}{row.unit}")
        elif quantity is not None and row.name.startswith("举办"):
            phrases.append(f"举办{row.value}{row.unit}")
        else:
            phrases.append(f"{row.name}{row.value}{row.unit}")
    return phrases


def annual_goal_text(form: PerformanceForm, brief: ProjectBrief) -> str:
    project = form.project
    rows = _stated(form.annual_indicators)
    head = f"{project.year}年，" if project.year else ""
    doer = project.unit or "本单位"
    budget = next((r for r in rows if r.name == "项目总成本"), None)
    money = f"安排资金{budget.value}{budget.unit}，" if budget else ""
    sentences = [f"{head}{doer}{money}实施{project_core(project.name)}"]
    quantities = _quantity_phrases(form, brief)
    if quantities:
        sentences.append("、".join(quantities))
    quality = [phrase(r) for r in rows if r.level2 in ("质量指标", "时效指标")]
    if quality:
        sentences.append("，".join(quality))
    effects = [phrase(r) for r in rows if r.level1 == taxonomy.L1_BENEFIT]
    satisfaction = [phrase(r) for r in rows if r.level1 == taxonomy.L1_SATISFACTION]
    if effects or satisfaction:
        sentences.append("实现" + "，".join(effects + satisfaction))
    return "，".join(sentences) + "。"


def long_term_goal_text(form: PerformanceForm, brief: ProjectBrief) -> str:
    """The lasting aim, without the year's quantities: what the project leaves behind for whom, in the
    effect rows' words; a one-off project is not "持续"."""
    project = form.project
    core = project_core(project.name)
    rows = _stated(form.long_term_indicators)
    effects = [phrase(r) for r in rows if r.level1 == taxonomy.L1_BENEFIT]
    who = f"，为{brief.beneficiaries}提供稳定服务" if brief.beneficiaries and not _ONE_OFF.search(core) else ""
    lead = f"通过实施{core}" if _ONE_OFF.search(core) else f"持续做好{core}工作"
    text = lead + who
    if effects:
        text += "，" + "，".join(effects)
    satisfaction = [phrase(r) for r in rows if r.level1 == taxonomy.L1_SATISFACTION]
    if satisfaction:
        text += "，" + satisfaction[0]
    return text + "。"
