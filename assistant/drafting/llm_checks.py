"""A model's draft is checked like anyone's, and then some: it must keep the user's facts, cite what it was
shown, and not be an answer someone talked it into.

    missing_facts(form, brief)      the user's numbers (500人, 3期 …) the annual table lost
    suspicious(form)                every value 0, or instructions in the text ("ignore rules …"): rejected
    mark_sources(form, citable)     real citations kept; a row citing nothing shown is "llm:无来源"
    lacks_required_rows(findings)   a draft a form cannot be filed with (no rows, a required 一级 missing)
"""

from __future__ import annotations

import re

from assistant.drafting.brief import ProjectBrief
from assistant.drafting.composer import quantity_name
from assistant.schema import Finding, PerformanceForm

INVENTED = "llm:无来源"  # the source of a row the model wrote without citing anything it was given
# Words of an instruction to the model rather than of a performance goal (prompt injection, jailbreaks).
INSTRUCTION_WORDS = re.compile(
    r"ignore|disregard|system prompt|instruction|jailbreak|忽略(?:以上|上述|所有|全部)?(?:规则|要求|指令)|"
    r"无视(?:规则|要求)|不要遵守|提示词|系统提示|所有(?:指标)?值(?:都)?(?:设|改)为", re.I)
# Findings that leave a form that cannot be filed: nothing to review, or a required 一级 missing.
REQUIRED_RULES = ("structure.no_indicators", "structure.required_level1", "structure.required_quantity")


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def missing_facts(form: PerformanceForm, brief: ProjectBrief) -> list[tuple[str, str]]:
    """(source id, 中文 fact) for each quantity the user stated that no annual row carries (same number, same unit)."""
    missing = []
    for quantity in brief.quantities:
        held = any(_number(r.value) == quantity.value and r.unit == quantity.unit for r in form.annual_indicators)
        if not held:
            missing.append((f"brief:{quantity.text or quantity_name(quantity)}",
                            f"{quantity_name(quantity)}{quantity.value_text}{quantity.unit}"))
    return missing


def suspicious(form: PerformanceForm) -> list[str]:
    """中文 reasons to reject the answer outright: it is not a draft of this project but something the model
    was talked into (every value 0, instructions instead of goals)."""
    reasons = []
    numbers = [_number(r.value) for r in form.annual_indicators if r.operator != "定性"]
    numbers = [n for n in numbers if n is not None]
    if numbers and all(n == 0 for n in numbers):
        reasons.append("- 年度指标表的所有数值都是0：请按项目实际填写指标值")
    texts = [form.goals.long_term, form.goals.annual] + [r.name for _, rows in form.tables() for r in rows]
    if any(INSTRUCTION_WORDS.search(t or "") for t in texts):
        reasons.append("- 目标文本或指标名称中有与项目无关的指令性文字：请只写本项目的绩效目标和指标")
    return reasons


def _cited(sources: list[str], citable: dict[str, list[str]], description: str) -> list[str]:
    """The sources (an alias R3, a real id, a brief fact in the user's own words) that point at something
    the model was shown, as real source ids."""
    words = re.sub(r"\s+", "", description)
    kept: list[str] = []
    for source in sources:
        source = source.strip().strip("[]【】()（）")
        if source in citable:
            kept += [s for s in citable[source] if s not in kept]
        elif source.startswith("brief:") and len(source) > 6 and source[6:] in words and source not in kept:
            kept.append(source)
    return kept


def mark_sources(form: PerformanceForm, citable: dict[str, list[str]], description: str = "",
                 inherited: dict[str, list[str]] | None = None) -> int:
    """Keep only real citations; a row left with none is marked INVENTED. Returns how many annual rows were."""
    invented = 0
    for table, rows in form.tables():
        for i, row in enumerate(rows):
            sources = _cited(row.sources, citable, description) or list((inherited or {}).get(row.name, []))
            if not sources:
                sources = [INVENTED]
                invented += table == "annual"
            rows[i] = row.model_copy(update={"sources": sources})
    return invented


def lacks_required_rows(findings: list[Finding]) -> list[str]:
    """The messages of the errors that make a form unfit to file (see REQUIRED_RULES)."""
    return [f.message for f in findings if f.severity == "error" and f.rule in REQUIRED_RULES]
