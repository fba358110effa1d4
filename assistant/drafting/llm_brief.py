"""Brief extraction with a language model, on top of the deterministic extraction (prompts/brief.md).

Merge rule — the deterministic extraction (assistant.drafting.brief.extract_brief) wins:
- a field it filled (this turn or earlier) is kept; the model only fills the blanks (name, unit,
  budget, year, sector, beneficiaries, deadline, new vs continuing);
- every number the model gives must be written in the user's message (as given, or ×/÷10000 for
  元/万元); a number that is not there is the model's invention and is dropped; so is a name, unit,
  beneficiary or deadline that is not in the user's words, and a quantity whose unit is not a counting
  unit (a small model copies "人/次/场" from the prompt);
- quantities, unit standards and rates the model found are added when no deterministic item has the
  same number and unit; the sector must be one of taxonomy.SECTORS.
Chinese numerals ("五百人") are therefore only kept when the deterministic rules read them too.
Any model failure leaves the deterministic extraction alone (the error is returned, not raised).
When the rules already read the essentials (name, budget, a quantity, the year or a deadline), the model
is not asked at all: what it could add (unit, beneficiaries) is not worth a call that costs a local
model a minute of a 2-core machine.
"""

from __future__ import annotations

import logging
import re

from assistant import taxonomy
from assistant.drafting.brief import _SKIP_WORDS, ProjectBrief, Quantity, extract_brief
from assistant.drafting.readers import COUNT_UNITS
from assistant.llmcall import EXTRACTING, LLMDraftError, Stage, Turn, ask, chat_prompt

log = logging.getLogger(__name__)

BRIEF_TOKENS = 200  # a brief is a few fields; a model that runs on is cut off here
# The model fills the blanks the rules leave; unit standards and rates the rules read reliably, so the
# model is not asked for them (a smaller schema is a faster constrained decode on a small local model).
BRIEF_STAGE = Stage("submit_brief", "提交从用户描述中抽取的项目信息", ProjectBrief, EXTRACTING, BRIEF_TOKENS,
                    ("description", "skip_questions", "text", "unit_costs", "rates"))


def _number_written(value: float, text: str, money: bool = False) -> bool:
    """Is this number in the user's words? (万元 amounts may be written in 元 or 亿元.)"""
    digits = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    candidates = [value] + ([value * 10000, value / 10000] if money else [])
    for number in candidates:
        written = f"{number:.6f}".rstrip("0").rstrip(".")
        if re.search(r"(?<![\d.])" + re.escape(written) + r"(?![\d])", digits):
            return True
    return False


def _known_text(brief: ProjectBrief) -> str:
    parts = [f"项目名称：{brief.name}" if brief.name else "", f"单位：{brief.unit}" if brief.unit else "",
             f"预算：{brief.budget_wan:g}万元" if brief.budget_wan is not None else "",
             f"年度：{brief.year}" if brief.year else "", f"领域：{brief.sector}" if brief.sector else "",
             "工作量：" + "、".join(q.text for q in brief.quantities) if brief.quantities else "",
             f"完成期限：{brief.deadline}" if brief.deadline else ""]
    return "；".join(p for p in parts if p) or "（无）"


def _merge_items(mine: list[Quantity], theirs: list[Quantity], text: str, rate: bool = False,
                 cost: bool = False) -> list[Quantity]:
    have = {(q.value, q.unit) for q in mine}
    added = []
    for item in theirs:
        unit = "%" if rate else taxonomy.normalize_unit(item.unit.strip())
        if not unit or (item.value, unit) in have or not _number_written(item.value, text):
            continue
        if not rate and ("/" in unit) != cost or (not rate and not cost and unit not in COUNT_UNITS):
            continue  # a count in a counting unit, a unit standard per something
        if rate and not 0 < item.value <= 100:
            continue
        label = item.label.strip()[:12]
        added.append(Quantity(value=item.value, unit=unit, label=label, text=f"{label}{item.value:g}{unit}"))
        have.add((item.value, unit))
    return mine + added


def merge_brief(mine: ProjectBrief, theirs: ProjectBrief, text: str) -> ProjectBrief:
    """The deterministic brief with the model's findings filling its blanks (see the module docstring)."""
    merged = mine.model_copy(deep=True)
    words = re.sub(r"\s+", "", text)
    for name in ("name", "unit", "beneficiaries", "deadline"):
        value = (getattr(theirs, name) or "").strip()
        if not getattr(merged, name) and value and len(value) <= 40 and re.sub(r"\s+", "", value) in words:
            setattr(merged, name, value)
    if merged.budget_wan is None and theirs.budget_wan and _number_written(theirs.budget_wan, text, money=True):
        merged.budget_wan = theirs.budget_wan
    if merged.year is None and theirs.year and 2000 <= theirs.year <= 2100 and str(theirs.year) in text:
        merged.year = theirs.year
    if merged.sector is None and theirs.sector in taxonomy.SECTORS:
        merged.sector = theirs.sector
    if merged.continuing is None and theirs.continuing is not None:
        merged.continuing = theirs.continuing
    merged.quantities = _merge_items(merged.quantities, theirs.quantities, text)
    merged.unit_costs = _merge_items(merged.unit_costs, theirs.unit_costs, text, cost=True)
    merged.rates = _merge_items(merged.rates, theirs.rates, text, rate=True)
    return merged


def rules_suffice(brief: ProjectBrief) -> bool:
    """The essentials a draft needs are all read by the rules: the model has nothing that matters to add."""
    return bool(brief.name and brief.budget_wan is not None and brief.quantities and (brief.year or brief.deadline))


def extract_brief_with_llm(text: str, brief: ProjectBrief | None, llm,
                           turn: Turn | None = None) -> tuple[ProjectBrief, LLMDraftError | None]:
    """(the merged brief, None) — or (the deterministic brief alone, the error) when the model failed."""
    mine = extract_brief(text, brief)
    bare = re.sub(r"[\s。，,！!]", "", text)
    if not bare or bare in _SKIP_WORDS or rules_suffice(mine):  # "直接生成" carries no facts
        return mine, None
    values = {"known": _known_text(brief or ProjectBrief()), "text": text.strip(), "sectors": "、".join(taxonomy.SECTORS)}
    try:
        theirs, _problems, _ = ask(llm, chat_prompt("brief"), values, BRIEF_STAGE, lambda _answer: [], turn,
                                   max_reasks=1)
    except LLMDraftError as exc:
        log.warning("大模型抽取项目信息失败：%s", exc)
        return mine, exc
    return merge_brief(mine, theirs, text), None  # type: ignore[arg-type]
