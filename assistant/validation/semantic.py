"""Optional semantic review by an LLM: relevance, 质量/效益 semantics, goal fit — labelled as the model's opinion.

The deterministic rules always run first (and alone when no LLM is configured). The model answers through
the same structured output as the drafter (assistant.llmcall: with_structured_output, include_raw, one
re-ask, max_tokens, the turn's deadline); an item that cannot be placed is kept as a general opinion, and
a failed call yields one info finding naming the reason instead of an exception. Opinions never count
as errors: severity is warning or info.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from assistant.llmcall import REVIEWING, LLMDraftError, Stage, Turn, ask, chat_prompt
from assistant.schema import Finding, Location, PerformanceForm
from assistant.validation.engine import sort_key, validate

KINDS = ("relevance", "quality_vs_benefit", "goal_fit", "other")
LABEL = "【大模型意见】"
SEMANTIC_RULES = {f"semantic.{kind}": "warning" for kind in KINDS} | {"semantic.unavailable": "info"}
REVIEW_TOKENS = 300  # a handful of short opinions


class ReviewItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: Literal["relevance", "quality_vs_benefit", "goal_fit", "other"] = "other"
    severity: Literal["warning", "info"] = "warning"
    row: int | None = None
    message: str
    suggestion: str = ""


class ReviewAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[ReviewItem]


REVIEW_STAGE = Stage("submit_review", "提交语义审核意见", ReviewAnswer, REVIEWING, REVIEW_TOKENS)


def prompt_values(form: PerformanceForm, findings: list[Finding]) -> dict[str, str]:
    project = form.project
    budget = f"{project.budget_wan:g}万元" if project.budget_wan is not None else "未填"
    rows = "\n".join(f"{i + 1}|{r.level1}|{r.level2}|{r.name}|{r.raw_value}|{r.basis}"
                     for i, r in enumerate(form.annual_indicators)) or "（空）"
    said = "\n".join(f"- {f.location.describe()}：{f.message}" for f in findings[:20]) or "（无）"
    return {
        "project": f"{project.name}；单位：{project.unit or '未填'}；预算：{budget}；年度：{project.year or '未填'}",
        "goals": f"长期：{form.goals.long_term or '（未填）'}\n年度：{form.goals.annual or '（未填）'}",
        "table": rows,
        "findings": said,
    }


def render_prompt(form: PerformanceForm, findings: list[Finding]) -> str:
    """The review prompt as the model reads it (system, then user)."""
    return "\n\n".join(m.content for m in chat_prompt("review").format_messages(**prompt_values(form, findings)))


def _finding(item: ReviewItem, rows: int) -> Finding | None:
    message = item.message.strip()
    if not message:
        return None
    row = item.row
    index = row - 1 if isinstance(row, int) and 1 <= row <= rows else None
    location = Location(table="annual", index=index) if index is not None else Location(table="goals", field="annual")
    return Finding(rule=f"semantic.{item.kind}", severity=item.severity, location=location, message=LABEL + message,
                   suggestion=item.suggestion.strip())


def semantic_review(form: PerformanceForm, llm: Any, findings: list[Finding] | None = None,
                    turn: Turn | None = None) -> list[Finding]:
    """Ask any LangChain chat model for a reviewer's semantic opinions on the annual table."""
    if findings is None:
        findings = validate(form)
    try:
        answer, _problems, _ = ask(llm, chat_prompt("review"), prompt_values(form, findings), REVIEW_STAGE,
                                   lambda _answer: [], turn, max_reasks=1)
    except LLMDraftError as exc:  # any provider or format failure degrades to rules only
        return [Finding(rule="semantic.unavailable", severity="info", location=Location(table="project"),
                        message=f"{LABEL}语义审查未完成（{exc}），以下仅为规则校验结果。",
                        suggestion="检查大模型配置（JIXIAO_LLM）后重试。")]
    made = (_finding(item, len(form.annual_indicators)) for item in answer.items)  # type: ignore[attr-defined]
    return [f for f in made if f is not None]


def review(form: PerformanceForm, framework: str | None = None, llm: Any = None) -> list[Finding]:
    """Rules first; with an LLM, its semantic opinions are added (never errors)."""
    findings = validate(form, framework)
    if llm is None:
        return findings
    return sorted(findings + semantic_review(form, llm, findings), key=sort_key)
