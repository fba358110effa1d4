"""Optional semantic review by an LLM: relevance, 质量/效益 semantics, goal fit — labelled as the model's opinion.

The deterministic rules always run first (and alone when no LLM is configured). The model's answer is
parsed leniently (code fences, prose around the JSON, single broken items); whatever cannot be read is
dropped, and a failed call yields one info finding instead of an exception. Opinions never count as
errors: severity is warning or info.
"""

from __future__ import annotations

import json
import re
from typing import Any

from assistant.schema import Finding, Location, PerformanceForm
from assistant.settings import PROMPTS_DIR
from assistant.validation.engine import sort_key, validate

PROMPT_FILE = PROMPTS_DIR / "review.md"
KINDS = ("relevance", "quality_vs_benefit", "goal_fit", "other")
LABEL = "【大模型意见】"
SEMANTIC_RULES = {f"semantic.{kind}": "warning" for kind in KINDS} | {"semantic.unavailable": "info"}


def load_prompt() -> str:
    """The prompt template without its leading comment (which documents the variables)."""
    text = PROMPT_FILE.read_text(encoding="utf-8")
    return re.sub(r"^\s*<!--.*?-->\s*", "", text, count=1, flags=re.S)


def render_prompt(form: PerformanceForm, findings: list[Finding]) -> str:
    project = form.project
    budget = f"{project.budget_wan:g}万元" if project.budget_wan is not None else "未填"
    rows = "\n".join(f"{i + 1} | {r.level1} | {r.level2} | {r.name} | {r.raw_value} | {r.basis}"
                     for i, r in enumerate(form.annual_indicators)) or "（空）"
    said = "\n".join(f"- {f.location.describe()}：{f.message}" for f in findings[:30]) or "（无）"
    values = {
        "{project}": f"{project.name}；单位：{project.unit or '未填'}；预算：{budget}；年度：{project.year or '未填'}",
        "{goals}": f"长期：{form.goals.long_term or '（未填）'}\n年度：{form.goals.annual or '（未填）'}",
        "{table}": rows,
        "{findings}": said,
    }
    text = load_prompt()
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _content(message: Any) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content)


def parse_items(text: str) -> list[dict]:
    """The JSON array in a model answer, tolerating fences, prose and an object wrapper; [] when none."""
    text = re.sub(r"```(?:json)?", "", text or "")
    for start, end in (("[", "]"), ("{", "}")):
        i, j = text.find(start), text.rfind(end)
        if i == -1 or j <= i:
            continue
        try:
            data = json.loads(text[i: j + 1])
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [data])
        return [item for item in data if isinstance(item, dict)]
    items = []  # one broken item must not lose the others
    for chunk in re.findall(r"\{[^{}]*\}", text):
        try:
            items.append(json.loads(chunk))
        except json.JSONDecodeError:
            continue
    return items


def _finding(item: dict, rows: int) -> Finding | None:
    message = str(item.get("message") or "").strip()
    if not message:
        return None
    kind = str(item.get("kind") or "other").strip()
    kind = kind if kind in KINDS else "other"
    severity = "info" if str(item.get("severity")).strip() == "info" else "warning"
    row = item.get("row")
    index = row - 1 if isinstance(row, int) and not isinstance(row, bool) and 1 <= row <= rows else None
    location = Location(table="annual", index=index) if index is not None else Location(table="goals", field="annual")
    return Finding(rule=f"semantic.{kind}", severity=severity, location=location, message=LABEL + message,
                   suggestion=str(item.get("suggestion") or "").strip())


def semantic_review(form: PerformanceForm, llm: Any, findings: list[Finding] | None = None) -> list[Finding]:
    """Ask any LangChain chat model for a reviewer's semantic opinions on the annual table."""
    if findings is None:
        findings = validate(form)
    try:
        answer = llm.invoke(render_prompt(form, findings))
    except Exception as exc:  # noqa: BLE001 — any provider failure degrades to rules only
        return [Finding(rule="semantic.unavailable", severity="info", location=Location(table="project"),
                        message=f"{LABEL}语义审查未完成（{type(exc).__name__}），以下仅为规则校验结果。",
                        suggestion="检查大模型配置（JIXIAO_LLM）后重试。")]
    made = (_finding(item, len(form.annual_indicators)) for item in parse_items(_content(answer)))
    return [f for f in made if f is not None]


def review(form: PerformanceForm, framework: str | None = None, llm: Any = None) -> list[Finding]:
    """Rules first; with an LLM, its semantic opinions are added (never errors)."""
    findings = validate(form, framework)
    if llm is None:
        return findings
    return sorted(findings + semantic_review(form, llm, findings), key=sort_key)
