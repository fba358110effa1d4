"""The LLM drafter: the brief, a compact table of reference rows and a guideline passage in; a validated Draft out.

    draft_with_llm(brief, context, llm, framework, turn) -> Draft              (prompts/draft.md)
    revise_with_llm(text, form, llm, framework, turn) -> RevisionResult | None  (prompts/revise.md)

The model fills a FormAnswer (goals and the annual table; the long-term table mirrors it) through
llmcall's structured output. jixiao checks it like anyone's draft: rows normalised, the user's project
facts restored (a budget the model set to 0 is put back), the validators run, the user's quantities
required (a draft that drops "500人" is re-asked, then given the offline drafter's row), a draft of all
zeros or of instructions ("ignore rules…") rejected, every row's sources checked against what the prompt
showed (a row citing none is "llm:无来源"). What remains after the re-asks goes to the composer's
deterministic repair; a draft that repair leaves without the rows a form needs raises LLMDraftError, and
the drafter falls back to the composer. No sentence of the model's is shown as jixiao's own.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from pydantic import BaseModel, ConfigDict

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.drafting.context import DraftingContext
from assistant.drafting.llm_checks import INVENTED, lacks_required_rows, mark_sources, missing_facts, suspicious
from assistant.drafting.llm_prompt import draft_values, framework_rules
from assistant.llmcall import DRAFTING, REVISING, LLMDraftError, Stage, Turn, ask, chat_prompt, new_turn
from assistant.drafting.revisions import RevisionResult
from assistant.schema import Draft, Finding, Goals, Indicator, Operator, PerformanceForm
from assistant.validation import validate

__all__ = ["INVENTED", "LLMDraftError", "draft_with_llm", "revise_with_llm"]

FEEDBACK_ROWS = 12  # validator errors sent back in one re-ask
DRAFT_TOKENS = 1000  # 6–8 rows of ~80 tokens as a small model writes them, and two one-sentence goals
REVISE_TOKENS = 1000  # the whole annual table again, changed
DELETE_WORDS = ("删", "去掉", "去除", "不要")  # a request that may remove the user's own rows


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")  # what the model adds beyond the schema is not read


class RowAnswer(_Answer):
    level1: str
    level2: str
    name: str
    operator: Operator
    value: str
    unit: str = ""
    basis: str = ""
    sources: list[str] = []


class GoalsAnswer(_Answer):
    long_term: str
    annual: str


class FormAnswer(_Answer):
    """What the model drafts; jixiao fills the project block from the brief."""

    goals: GoalsAnswer
    annual_indicators: list[RowAnswer]
    long_term_indicators: list[RowAnswer] = []  # not asked for: it mirrors the annual table

    def to_form(self) -> PerformanceForm:
        def rows(items: list[RowAnswer]) -> list[Indicator]:
            return [Indicator(**item.model_dump()) for item in items]

        return PerformanceForm(goals=Goals(**self.goals.model_dump()), annual_indicators=rows(self.annual_indicators),
                               long_term_indicators=rows(self.long_term_indicators))


def _enums(framework: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = taxonomy.LEGAL_PAIRS[framework]
    level2s = tuple(dict.fromkeys(l2 for l2s in pairs.values() for l2 in l2s))
    return (("level1", tuple(pairs)), ("level2", level2s), ("basis", taxonomy.BASIS_VALUES))


def form_stage(framework: str) -> Stage:
    return Stage("submit_form", "提交起草好的绩效目标和年度绩效指标表", FormAnswer, DRAFTING, DRAFT_TOKENS,
                 hidden=("long_term_indicators",), enums=_enums(framework))


class RevisionReply(_Answer):
    is_revision: bool = True  # False: the message brings new facts, not a change to the draft
    form: FormAnswer | None = None


def revision_stage(framework: str) -> Stage:
    return Stage("submit_revision", "提交按要求修改后的完整草稿", RevisionReply, REVISING, REVISE_TOKENS,
                 hidden=("long_term_indicators",), enums=_enums(framework))


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


def finish_form(answer: FormAnswer | PerformanceForm, brief: ProjectBrief) -> PerformanceForm:
    """The model's form with clean rows and the user's own project facts (they always win)."""
    form = answer.to_form() if isinstance(answer, FormAnswer) else answer.model_copy(deep=True)
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


def repair(form: PerformanceForm, framework: str) -> tuple[PerformanceForm, list[str]]:
    """The composer's deterministic repair (drops reused rows the validators reject) — the one place the
    LLM drafter uses it; returns the form and a notice per removed row."""
    from assistant.drafting.composer import repair as compose_repair

    form, removed = compose_repair(form, framework)
    return form, [f"已移除不合规的先例指标“{name}”。" for name in removed]


# ---- drafting ---------------------------------------------------------------------------------------


def draft_with_llm(brief: ProjectBrief, context: DraftingContext, llm, framework: str,
                   turn: Turn | None = None) -> Draft:
    framework = framework if framework in taxonomy.FRAMEWORKS else taxonomy.FRAMEWORK_LOCAL
    context.framework = framework
    values, citable = draft_values(context, framework)

    def check(answer: FormAnswer) -> list[str]:
        form = finish_form(answer, brief)
        if not form.annual_indicators:
            return ["- 年度绩效目标表为空：请按要求给出完整的指标行"]
        lost = [f"- 用户给出的“{fact}”没有写进年度指标表：请增加对应的数量指标（来源 {source}）"
                for source, fact in missing_facts(form, brief)]
        return suspicious(form) + lost + error_lines(validate(form, framework=framework))

    answer, remaining, reasks = ask(llm, chat_prompt("draft"), values, form_stage(framework), check, turn)
    form = finish_form(answer, brief)  # type: ignore[arg-type]
    rejected = suspicious(form)
    if rejected:
        raise LLMDraftError(f"大模型的草稿不可用：{rejected[0].lstrip('- ').split('：')[0]}")
    if not form.annual_indicators:
        raise LLMDraftError("大模型给出的草稿没有任何指标")
    notices = []
    invented = mark_sources(form, citable, brief.description)
    notices += _restore_facts(form, brief, context, framework)
    if reasks:
        notices.append(f"大模型的草稿经校验后重问了{reasks}次。")
    if invented:
        notices.append(f"有{invented}条年度指标是大模型自拟的，没有先例或指标库依据（来源标为“{INVENTED}”），请重点核实。")
    if remaining:
        form, repaired = repair(form, framework)
        notices += repaired
    findings = validate(form, framework=framework)
    unfit = lacks_required_rows(findings)
    if unfit:
        raise LLMDraftError(f"大模型的草稿经修复后仍不完整（{unfit[0].rstrip('。')}）")
    return Draft(form=form, findings=findings, mode="llm", notices=notices)


def _restore_facts(form: PerformanceForm, brief: ProjectBrief, context: DraftingContext, framework: str) -> list[str]:
    """The user's quantities the model still dropped, put back as the offline drafter writes them."""
    lost = missing_facts(form, brief)
    if not lost:
        return []
    from assistant.drafting.composer import compose

    offline = compose(brief, context, framework).form
    notices = []
    for source, fact in lost:
        rows = [r for r in offline.annual_indicators if source in r.sources]
        if rows:
            form.annual_indicators[:0] = [r.model_copy(deep=True) for r in rows]
            form.long_term_indicators[:0] = [r.model_copy(deep=True) for r in rows]
            notices.append(f"大模型的草稿漏了用户给出的“{fact}”，已按离线起草补上。")
    return notices


# ---- free revisions ---------------------------------------------------------------------------------


def _form_json(form: PerformanceForm) -> str:
    data = {"goals": form.goals.model_dump(),
            "annual_indicators": [{k: v for k, v in row.model_dump().items() if k not in ("raw_value", "actual")}
                                  for row in form.annual_indicators]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def revise_with_llm(text: str, form: PerformanceForm, llm, framework: str,
                    turn: Turn | None = None) -> RevisionResult | None:
    """A free revision request ("把培训合格率换成结业率", "目标文本写得具体些"); None when the model says
    the message is not a change to the draft (the drafter then reads it as new facts)."""
    framework = framework if framework in taxonomy.FRAMEWORKS else taxonomy.FRAMEWORK_LOCAL
    turn = turn or new_turn()
    before = Counter((f.rule, f.message) for f in validate(form, framework=framework) if f.severity == "error")
    values = {"framework": taxonomy.FRAMEWORK_LABELS[framework], "framework_rules": framework_rules(framework),
              "bases": "、".join(taxonomy.BASIS_VALUES), "form": _form_json(form), "request": text.strip()}
    keep = ProjectBrief(name=form.project.name, unit=form.project.unit, budget_wan=form.project.budget_wan,
                        year=form.project.year, sector=form.project.sector)

    def revised(reply: RevisionReply) -> PerformanceForm | None:
        if not reply.is_revision or reply.form is None:
            return None
        new = finish_form(reply.form, keep)
        if not reply.form.long_term_indicators and form.long_term_indicators != form.annual_indicators:
            new.long_term_indicators = [r.model_copy(deep=True) for r in form.long_term_indicators]
        return new

    deleting = any(word in text for word in DELETE_WORDS)

    def check(reply: RevisionReply) -> list[str]:
        new = revised(reply)
        if new is None:
            return []
        found = validate(new, framework=framework)
        fresh = [f for f in found if f.severity == "error" and before[(f.rule, f.message)] == 0]
        lost = [] if deleting else [f"- 用户给出的“{r.name}{r.raw_value}”在修改后不见了：请保留这一行"
                                    for r in _lost_user_rows(form, new)]
        return suspicious(new) + lost + error_lines(fresh)  # only the errors the revision introduced

    reply, _remaining, _ = ask(llm, chat_prompt("revise"), values, revision_stage(framework), check, turn)
    new = revised(reply)  # type: ignore[arg-type]
    if new is None:
        return None
    rejected = suspicious(new)
    if rejected:
        raise LLMDraftError(f"大模型的修改不可用：{rejected[0].lstrip('- ').split('：')[0]}")
    kept = [] if deleting else _lost_user_rows(form, new)
    new.annual_indicators[:0] = [r.model_copy(deep=True) for r in kept]  # the user's facts survive any revision
    known = {s for _, rows in form.tables() for r in rows for s in r.sources if s != INVENTED}
    inherited = {r.name: list(r.sources) for _, rows in form.tables() for r in rows}
    mark_sources(new, {s: [s] for s in known}, inherited=inherited)
    # The note is jixiao's own words about the user's request, never the model's sentence.
    request = re.sub(r"\s+", " ", text.strip())
    note = f"按要求修改（{request[:20]}{'…' if len(request) > 20 else ''}）"
    if kept:
        note += "，并保留了用户给出的" + "、".join(f"“{r.name}{r.raw_value}”" for r in kept)
    return RevisionResult(form=new, note=note)


def _lost_user_rows(old: PerformanceForm, new: PerformanceForm) -> list[Indicator]:
    """Annual rows of the user's own numbers (sources brief:…) that the revised form no longer carries."""
    held = {(r.value, r.unit) for r in new.annual_indicators}
    return [r for r in old.annual_indicators
            if any(s.startswith("brief:") for s in r.sources) and r.operator != "定性" and (r.value, r.unit) not in held]
