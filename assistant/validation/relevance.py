"""相关性: every row measures this project, not another kind of project's output (财预〔2015〕88号 asks it first).

The judgement is the core relevance engine's (``assistant.relevance``), the same one the drafter uses to choose
rows: one engine, so a row the drafter would not pick is a row the validators question, and back. The rule gives
the engine what a reviewer reads a row against — the project (``form_subject``: name, unit, goal texts, kinds)
and the other rows of its tables — and reports the rows the engine calls foreign (``judge``): of another kind, or
about something nothing in the form speaks of (``novel``: "猪养殖数量" in a school-building form).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant import relevance as engine
from assistant.library import load_library
from assistant.schema import Finding, PerformanceForm
from assistant.validation import facts
from assistant.validation.registry import Context, at, emit, rule


# A row still to be filled in (“（待补充）数量”) is about nothing yet: the values rules report it, not relevance.
_TO_FILL = re.compile(r"待补充|待填写|待定")


def _judged(row) -> bool:
    """Rows judged for relevance: not satisfaction (any project's), not cost (budget rules), not unreadable,
    not still to be filled in."""
    return (bool(row.name.strip()) and not facts.unknown(row.name) and not facts.is_satisfaction_row(row)
            and not facts.is_cost_row(row) and not _TO_FILL.search(f"{row.name} {row.raw_value}"))


@lru_cache(maxsize=1)
def _library_kinds() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for row in load_library():
        kinds.setdefault(row.name, set()).add(row.kind)
    return {name: frozenset(k) for name, k in kinds.items()}


def could_be_foreign(name: str, subject) -> bool:
    """Rows the engine is asked about. Not a row of the project's kind (the engine never calls those foreign: a
    speed shortcut), nor a library row of one of the project's kinds — the drafter's bar too
    (``drafting.candidates``: a library row of the brief's own kind is about this kind of project). A row of no
    known kind is asked about: the engine reads what it is about (``engine.novel``)."""
    kind = engine.row_kind(name).kind
    if kind in subject.kinds:
        return False
    return not (_library_kinds().get(name, frozenset()) & set(subject.kinds))


@rule("relevance.foreign_row", "warning", "[R] 88号相关性; [V] seridoat 偏离职能的指标; 领域规则24")
def foreign_row(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A row that belongs to another kind of project (饮水安全 in a 助餐 project, 糖尿病管理 in a 推介会), in words
    neither the project nor the rest of its table uses, is not this project's performance: a reviewer sends it
    back. A warning: relevance is judged from words."""
    subject = engine.form_subject(form)
    project = form.project.name.strip() or "本项目"
    found = []
    names = list(dict.fromkeys(r.name for _, rows in form.tables() for r in rows))  # a row in both tables once
    for table, rows in form.tables():
        for index, row in enumerate(rows):
            if not _judged(row) or not could_be_foreign(row.name, subject):
                continue
            rest = "\n".join(n for n in names if n != row.name)
            verdict = engine.judge(row.name, engine.Project(subject.text, subject.kinds, rest))
            if not verdict.foreign:
                continue
            seems = f"像是{verdict.seems}的指标" if verdict.seems else (
                f"像是其他项目的指标（“{verdict.about}”在项目名称、目标和其余指标中都没有出现）" if verdict.about
                else "像是其他项目的指标")
            found.append(emit("relevance.foreign_row", at(table, index, "name"),
                              f"{facts.quote(row)}{seems}，与“{project}”无关。",
                              "删除该行，换成衡量本项目产出或效果的指标；如确属本项目的工作，在绩效目标文本中写明。"))
    return found
