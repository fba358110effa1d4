"""What the LLM drafter shows the model: the brief, the user's numbers, and a compact table of reference rows.

The prompt budget is a draft prompt of at most 2,000 tokens (eval/README.md has the measured numbers):
the rows shown are only the best few candidates per 二级 slot that pass the composer's own screening,
one line each, cited by a short alias (R1, R2 …) that jixiao maps back to the row's real source ids
("form:…#annual:3", "lib:…") when it reads the answer.

    reference_rows(context) -> list[ReferenceRow]     THE selection of rows the model sees (one place)
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.drafting.candidates import slot_candidates
from assistant.drafting.composer import quantity_name
from assistant.drafting.context import DraftingContext, brief_query

PER_SLOT = 2  # candidate rows shown per 一级/二级 slot
MAX_ROWS = 16  # reference rows in all
GUIDELINE_CHARS = 160  # one guideline passage, cut to this length


@dataclass
class ReferenceRow:
    alias: str  # "R1" — what the model cites
    sources: list[str]  # the real source ids behind it
    level1: str
    level2: str
    name: str
    value: str  # the value cell, e.g. "≥95%"
    origin: str  # "precedent" | "library"


def reference_rows(context: DraftingContext) -> list[ReferenceRow]:
    """The precedent and library rows the model may reuse: per legal slot of the draft's framework, the
    best candidates the composer itself would consider (screened by candidates.is_reusable, ranked by
    slot_candidates), rows of another kind of project left out. Re-point this function, and only this
    one, when retrieval offers a better-ranked set of relevant rows."""
    query = brief_query(context.brief)
    rows: list[ReferenceRow] = []
    for level1, level2s in taxonomy.LEGAL_PAIRS[context.framework].items():
        for level2 in level2s:
            picked = slot_candidates(context, level1, level2, query)[:PER_SLOT]
            for candidate in picked:
                row = candidate.indicator
                rows.append(ReferenceRow("", list(row.sources), row.level1, row.level2, row.name, row.raw_value,
                                         candidate.origin))
    rows = rows[:MAX_ROWS]
    for i, row in enumerate(rows, 1):
        row.alias = f"R{i}"
    return rows


def render_rows(rows: list[ReferenceRow]) -> str:
    """One line a row: 编号|一级|二级|三级|指标值|来自."""
    origin = {"precedent": "先例", "library": "指标库", "common": "共性指标"}
    lines = [f"{r.alias}|{r.level1}|{r.level2}|{r.name}|{r.value}|{origin.get(r.origin, r.origin)}" for r in rows]
    return "\n".join(lines) or "（无）"


def brief_facts(brief: ProjectBrief) -> list[tuple[str, str]]:
    """(source id, fact) for each number the user gave — the ids the composer cites too."""
    facts = []
    if brief.budget_wan is not None:
        facts.append((f"brief:预算{brief.budget_wan:g}万元", f"项目预算{brief.budget_wan:g}万元"))
    for quantity in brief.quantities:
        text = quantity.text or quantity_name(quantity)
        facts.append((f"brief:{text}", f"{quantity_name(quantity)} {quantity.value_text}{quantity.unit}"))
    for item in brief.unit_costs + brief.rates:
        facts.append((f"brief:{item.text}", f"{item.label} {item.value_text}{item.unit}"))
    if brief.deadline or brief.year:
        facts.append((f"brief:{brief.deadline or brief.year}", f"完成期限 {brief.deadline or str(brief.year) + '年内'}"))
    return facts


def render_brief(brief: ProjectBrief) -> str:
    budget = f"{brief.budget_wan:g}万元" if brief.budget_wan is not None else "未提供"
    parts = [f"名称：{brief.name or '未提供'}", f"单位：{brief.unit or '未提供'}", f"预算：{budget}",
             f"年度：{brief.year or '未提供'}", f"领域：{brief.sector or '未判断'}"]
    if brief.beneficiaries:
        parts.append(f"受益对象：{brief.beneficiaries}")
    if brief.deadline:
        parts.append(f"完成期限：{brief.deadline}")
    return "；".join(parts) + f"\n用户的描述：{(brief.description or '（无）')[:300]}"


def framework_rules(framework: str) -> str:
    pairs = taxonomy.LEGAL_PAIRS[framework]
    lines = [f"- {level1}：{'、'.join(level2s)}" for level1, level2s in pairs.items()]
    lines.append(f"必须包含：{'、'.join(taxonomy.REQUIRED_LEVEL1[framework])}")
    return "\n".join(lines)


def draft_values(context: DraftingContext, framework: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The draft prompt's variables, and the map from every id the model may cite to real source ids."""
    brief = context.brief
    facts = brief_facts(brief)
    rows = reference_rows(context)
    guideline = next((g.strip() for g in context.guidelines if g.strip()), "")
    values = {
        "framework": taxonomy.FRAMEWORK_LABELS[framework], "framework_rules": framework_rules(framework),
        "bases": "、".join(taxonomy.BASIS_VALUES), "brief": render_brief(brief),
        "facts": "\n".join(f"{source}|{fact}" for source, fact in facts) or "（用户没有给出数字）",
        "rows": render_rows(rows),
        "guidelines": guideline[:GUIDELINE_CHARS] or "（无）",
    }
    citable = {row.alias: row.sources for row in rows} | {source: [source] for source, _ in facts}
    for row in rows:  # a model that copies the real id instead of the alias cites it too
        citable.update({source: [source] for source in row.sources})
    return values, citable
