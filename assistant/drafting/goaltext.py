"""Goal texts written from the indicator table, so that every number in them is an indicator's number.

A reviewer reads the 年度绩效目标 for three things — what is done, how much, to what effect — and
checks each stated number against the table (相关性). Writing the text from the rows makes that true
by construction; the long-term text states the lasting effect without re-stating annual quantities.
"""

from __future__ import annotations

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


def _quantity_phrases(form: PerformanceForm, brief: ProjectBrief) -> list[str]:
    rows = [r for r in _stated(form.annual_indicators) if r.level2 == "数量指标"]
    stated = {f"{q.value_text}{q.unit}": q for q in brief.quantities}
    phrases = []
    for row in rows:
        quantity = stated.get(f"{row.value}{row.unit}")
        if quantity is not None and quantity.label:
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
    money = f"（预算{budget.value}{budget.unit}）" if budget else ""
    sentences = [f"{head}{doer}实施“{project.name}”{money}"]
    quantities = _quantity_phrases(form, brief)
    if quantities:
        sentences.append("完成" + "、".join(quantities))
    quality = [phrase(r) for r in rows if r.level2 in ("质量指标", "时效指标")]
    if quality:
        sentences.append("，".join(quality))
    effects = [phrase(r) for r in rows if r.level1 == taxonomy.L1_BENEFIT]
    satisfaction = [phrase(r) for r in rows if r.level1 == taxonomy.L1_SATISFACTION]
    if effects or satisfaction:
        sentences.append("实现" + "，".join(effects + satisfaction))
    return "，".join(sentences) + "。"


def long_term_goal_text(form: PerformanceForm, brief: ProjectBrief) -> str:
    project = form.project
    rows = _stated(form.long_term_indicators)
    purpose = brief.beneficiaries and f"面向{brief.beneficiaries}" or ""
    effects = [phrase(r) for r in rows if r.level1 in (taxonomy.L1_BENEFIT, taxonomy.L1_SATISFACTION)]
    text = f"持续实施“{project.name}”{purpose}"
    if effects:
        text += "，" + "，".join(effects)
    return text + "。"
