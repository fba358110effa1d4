"""相关性: every row measures this project, not another kind of project's output (财预〔2015〕88号 asks it first).

The judgement is the core relevance engine's (``assistant.relevance.foreign_rows``), the same one the drafter uses
to choose rows: one engine, so a row the drafter would not pick is a row the validators question, and back.
"""

from __future__ import annotations

from assistant import relevance as engine
from assistant.schema import Finding, PerformanceForm
from assistant.validation import facts
from assistant.validation.registry import Context, at, emit, rule


@rule("relevance.foreign_row", "warning", "[R] 88号相关性; [V] seridoat 偏离职能的指标; 领域规则24")
def foreign_row(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A row that belongs to another kind of project (饮水安全 in a 助餐 project, 糖尿病管理 in a 推介会) is
    not this project's performance: a reviewer sends it back. A warning: relevance is judged from words."""
    found = []
    project = form.project.name.strip() or "本项目"
    for foreign in engine.foreign_rows(form):
        rows = form.table(foreign.table)
        if not 0 <= foreign.index < len(rows):
            continue
        row = rows[foreign.index]
        seems = f"像是{foreign.seems_kind}的指标" if foreign.seems_kind else "像是其他项目的指标"
        found.append(emit("relevance.foreign_row", at(foreign.table, foreign.index, "name"),
                          f"{facts.quote(row)}{seems}，与“{project}”无关。",
                          "删除该行，换成衡量本项目产出或效果的指标；如确属本项目的工作，在绩效目标文本中写明。"))
    return found
