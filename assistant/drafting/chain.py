"""The LLM drafter: the brief, precedent rows, library rows and guideline passages in; a validated Draft out.

    draft_with_llm(brief, context, llm, framework) -> Draft              (prompts/draft.md)
    revise_with_llm(text, form, llm, framework) -> RevisionResult | None  (prompts/revise.md)

The model answers with a PerformanceForm (function calling or JSON mode, see llmcall); jixiao normalises
it (values parsed, 一级/二级 aliases, the user's project facts restored), checks every row's sources
against the ids that were in the prompt — a row citing none of them is marked "llm:无来源" — and runs
the validators. Their errors go back to the model as the re-ask, at most twice; what remains is handed to
the composer's deterministic repair. Any failure raises LLMDraftError (中文); the drafter then falls back
to the composer, so the conversation is never lost.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from pydantic import BaseModel

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.drafting.candidates import _into_framework, is_reusable  # the composer's own screening
from assistant.drafting.composer import quantity_name, repair  # the composer's deterministic repair
from assistant.drafting.context import DraftingContext, library_source
from assistant.drafting.llmcall import LLMDraftError, Stage, ask, fill, load_sections
from assistant.drafting.revisions import RevisionResult
from assistant.schema import Draft, Finding, Indicator, PerformanceForm
from assistant.textsim import dice
from assistant.validation import validate

__all__ = ["INVENTED", "LLMDraftError", "draft_with_llm", "revise_with_llm"]

INVENTED = "llm:无来源"  # the source of a row the model wrote without citing anything it was given
LIBRARY_ROWS = 40  # library rows shown to the model, the closest to the brief first
FEEDBACK_ROWS = 20  # validator errors sent back in one re-ask
HIDDEN = ("raw_value", "actual", "source", "department")

FORM_STAGE = Stage("submit_form", "提交起草好的项目支出绩效目标申报表（PerformanceForm）", PerformanceForm, HIDDEN)


class RevisionReply(BaseModel):
    is_revision: bool = True  # False: the message brings new facts, not a change to the draft
    note: str = ""  # 中文: what was changed
    form: PerformanceForm | None = None


REVISION_STAGE = Stage("submit_revision", "提交按要求修改后的完整草稿", RevisionReply, HIDDEN)


# ---- prompt pieces --------------------------------------------------------------------------------


def framework_rules(framework: str) -> str:
    pairs = taxonomy.LEGAL_PAIRS[framework]
    lines = [f"   - {level1}：{'、'.join(level2s)}" for level1, level2s in pairs.items()]
    lines.append(f"   必须包含的一级指标：{'、'.join(taxonomy.REQUIRED_LEVEL1[framework])}")
    return "\n".join(lines)


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
    kind = {True: "延续项目", False: "新增项目"}.get(brief.continuing, "未说明")  # type: ignore[arg-type]
    return "\n".join([
        f"项目名称：{brief.name or '未提供'}", f"申报单位：{brief.unit or '未提供'}", f"项目预算：{budget}",
        f"预算年度：{brief.year or '未提供'}", f"所属领域：{brief.sector or '未判断'}",
        f"受益对象：{brief.beneficiaries or '未提供'}", f"完成期限：{brief.deadline or '未提供'}", f"项目性质：{kind}",
        f"用户的描述：{brief.description or '（无）'}",
    ])


def render_precedents(context: DraftingContext) -> tuple[str, set[str]]:
    blocks, ids = [], set()
    for form_id, form, _score in context.precedents:
        table = "annual" if form.annual_indicators else "long_term"
        lines = []
        for row in (r for r in context.precedent_rows() if r.form_id == form_id and r.table == table):
            indicator = _into_framework(row.indicator, context.framework)
            if not is_reusable(indicator):
                continue  # rows reviewers send back are not offered as examples
            lines.append(f"{row.source} | {indicator.level1} | {indicator.level2} | {indicator.name} | "
                         f"{indicator.raw_value} | {_basis(indicator.basis)}")
            ids.add(row.source)
        if lines:
            budget = f"，预算{form.project.budget_wan:g}万元" if form.project.budget_wan is not None else ""
            blocks.append(f"先例《{form.project.name}》（{form.project.sector or '领域未标注'}{budget}）：\n" + "\n".join(lines))
    return ("\n\n".join(blocks) or "（没有检索到相似先例）"), ids


def _basis(text: str) -> str:
    """Only the 确定依据 values reviewers accept; a 自评表's scoring rule in that column is not one."""
    return text if text in taxonomy.BASIS_VALUES else "—"


def render_library(context: DraftingContext) -> tuple[str, set[str]]:
    query = f"{context.brief.name} {context.brief.description}"
    # The rows of the kind of project the brief names come first, as the composer prefers them too.
    ranked = sorted(context.library, key=lambda r: (not r.named_in(context.brief.name),
                                                    -dice(f"{r.name}{r.explanation}", query), r.id))[:LIBRARY_ROWS]
    lines, ids = [], set()
    for lib in ranked:
        row = lib.to_indicator(context.framework)
        source = library_source(lib.id)
        lines.append(f"{source} | {row.level1} | {row.level2} | {row.name} | {lib.operator}{lib.typical_value}{lib.unit} | "
                     f"{lib.basis} | {lib.explanation}")
        ids.add(source)
    return ("\n".join(lines) or "（无）"), ids


# ---- normalising the model's form ------------------------------------------------------------------


def _clean_row(row: Indicator) -> Indicator:
    """One row as jixiao writes it: 一级/二级 names normalised, the value cell composed from its parts
    (or parsed, when the model wrote only the cell)."""
    level1, level2 = taxonomy.normalize_level1(row.level1), taxonomy.normalize_level2(row.level2)
    if not row.operator and not row.value and row.raw_value:
        parsed = taxonomy.parse_value(row.raw_value)
        operator, value, unit = parsed.operator, parsed.value, parsed.unit
    else:
        operator, value, unit = row.operator, row.value.strip(), taxonomy.normalize_unit(row.unit.strip())
    return Indicator(level1=level1, level2=level2, name=row.name.strip(), operator=operator, value=value, unit=unit,
                     basis=row.basis.strip(), sources=row.sources)


def _cited(row: Indicator, known: set[str], description: str) -> list[str]:
    """The row's sources that point at something the model was shown; a brief fact counts when its
    words are the user's own."""
    words = re.sub(r"\s+", "", description)
    kept = []
    for source in row.sources:
        source = source.strip()
        if source in known or source.startswith("gap:") or (
                source.startswith("brief:") and len(source) > 6 and source[6:] in words):
            kept.append(source)
    return kept


def mark_sources(form: PerformanceForm, known: set[str], description: str = "",
                 inherited: dict[str, list[str]] | None = None) -> int:
    """Keep only real citations; a row left with none is marked INVENTED. Returns how many annual rows were."""
    invented = 0
    for table, rows in form.tables():
        for i, row in enumerate(rows):
            sources = _cited(row, known, description) or list((inherited or {}).get(row.name, []))
            if not sources:
                sources = [INVENTED]
                invented += table == "annual"
            rows[i] = row.model_copy(update={"sources": sources})
    return invented


def finish_form(form: PerformanceForm, brief: ProjectBrief) -> PerformanceForm:
    """The model's form with clean rows and the user's own project facts (they always win)."""
    form = form.model_copy(deep=True)
    form.annual_indicators = [_clean_row(r) for r in form.annual_indicators]
    form.long_term_indicators = [_clean_row(r) for r in form.long_term_indicators]
    if not form.long_term_indicators:  # like the composer: the long-term table mirrors the annual one
        form.long_term_indicators = [r.model_copy(deep=True) for r in form.annual_indicators]
    project = form.project
    project.name = brief.name or project.name or "未命名项目"
    project.unit = brief.unit or project.unit
    project.budget_wan = brief.budget_wan if brief.budget_wan is not None else project.budget_wan
    project.year = brief.year or project.year
    project.sector = brief.sector or (project.sector if project.sector in taxonomy.SECTORS else None)
    form.source = None
    return form


def error_lines(findings: list[Finding]) -> list[str]:
    errors = [f for f in findings if f.severity == "error"][:FEEDBACK_ROWS]
    return [f"- {f.location.describe()}：{f.message}" + (f"（建议：{f.suggestion}）" if f.suggestion else "")
            for f in errors]


# ---- drafting ---------------------------------------------------------------------------------------


def draft_with_llm(brief: ProjectBrief, context: DraftingContext, llm, framework: str) -> Draft:
    framework = framework if framework in taxonomy.FRAMEWORKS else taxonomy.FRAMEWORK_LOCAL
    facts = brief_facts(brief)
    precedents, precedent_ids = render_precedents(context)
    library, library_ids = render_library(context)
    known = precedent_ids | library_ids | {source for source, _ in facts}
    values = {
        "framework": taxonomy.FRAMEWORK_LABELS[framework], "framework_rules": framework_rules(framework),
        "bases": "、".join(taxonomy.BASIS_VALUES), "brief": render_brief(brief),
        "facts": "\n".join(f"{source} | {fact}" for source, fact in facts) or "（用户没有给出数字）",
        "precedents": precedents, "library": library,
        "guidelines": "\n".join(f"- {g.strip()}" for g in context.guidelines if g.strip()) or "（无）",
    }
    sections = load_sections("draft")

    def check(answer: PerformanceForm) -> list[str]:
        form = finish_form(answer, brief)
        if not form.annual_indicators:
            return ["- 年度绩效目标表为空：请按要求给出完整的指标行"]
        return error_lines(validate(form, framework=framework))

    answer, remaining, reasks = ask(llm, fill(sections["system"], values), fill(sections["user"], values),
                                    FORM_STAGE, check)
    form = finish_form(answer, brief)  # type: ignore[arg-type]
    if not form.annual_indicators:
        raise LLMDraftError("大模型给出的草稿没有任何指标")
    invented = mark_sources(form, known, brief.description)
    notices = []
    if reasks:
        notices.append(f"大模型的草稿经校验后重问了{reasks}次。")
    if invented:
        notices.append(f"有{invented}条年度指标是大模型自拟的，没有先例或指标库依据（来源标为“{INVENTED}”），请重点核实。")
    if remaining:
        form, removed = repair(form, framework)
        repaired = [f"已移除不合规的先例指标“{name}”。" for name in removed]
        notices += repaired
    return Draft(form=form, findings=validate(form, framework=framework), mode="llm", notices=notices)


# ---- free revisions ---------------------------------------------------------------------------------


def _form_json(form: PerformanceForm) -> str:
    data = form.model_dump(exclude={"source": True, "project": {"department"}})
    for table in ("annual_indicators", "long_term_indicators"):
        for row in data[table]:
            row.pop("raw_value", None)
            row.pop("actual", None)
    return json.dumps(data, ensure_ascii=False, indent=1)


def revise_with_llm(text: str, form: PerformanceForm, llm, framework: str) -> RevisionResult | None:
    """A free revision request ("把培训合格率换成结业率", "目标文本写得具体些"); None when the model says
    the message is not a change to the draft (the drafter then reads it as new facts)."""
    framework = framework if framework in taxonomy.FRAMEWORKS else taxonomy.FRAMEWORK_LOCAL
    before = Counter((f.rule, f.message) for f in validate(form, framework=framework) if f.severity == "error")
    values = {"framework": taxonomy.FRAMEWORK_LABELS[framework], "framework_rules": framework_rules(framework),
              "bases": "、".join(taxonomy.BASIS_VALUES), "form": _form_json(form), "request": text.strip()}
    sections = load_sections("revise")
    keep = ProjectBrief(name=form.project.name, unit=form.project.unit, budget_wan=form.project.budget_wan,
                        year=form.project.year, sector=form.project.sector)

    def revised(reply: RevisionReply) -> PerformanceForm | None:
        if not reply.is_revision or reply.form is None:
            return None
        new = finish_form(reply.form, keep.model_copy(update={"budget_wan": None}))
        if new.project.budget_wan is None:
            new.project.budget_wan = form.project.budget_wan
        return new

    def check(reply: RevisionReply) -> list[str]:
        new = revised(reply)
        if new is None:
            return []
        found = validate(new, framework=framework)
        fresh = [f for f in found if f.severity == "error" and before[(f.rule, f.message)] == 0]
        return error_lines(fresh)  # only the errors the revision introduced

    reply, _remaining, _ = ask(llm, fill(sections["system"], values), fill(sections["user"], values),
                               REVISION_STAGE, check)
    new = revised(reply)  # type: ignore[arg-type]
    if new is None:
        return None
    known = {s for _, rows in form.tables() for r in rows for s in r.sources if s != INVENTED}
    inherited = {r.name: list(r.sources) for _, rows in form.tables() for r in rows}
    mark_sources(new, known, inherited=inherited)
    note = re.sub(r"[。.\s]+$", "", reply.note.strip()) or f"按要求修改（{text.strip()[:20]}）"  # type: ignore[union-attr]
    return RevisionResult(form=new, note=note)
