"""Drafting a project of a kind jixiao does not know, measured on the development forms.

Most held-out forms are of kinds the kinds table (knowledge/library/kinds.csv) does not list, and nothing may be
tuned on them. This ablation asks the same question of the development forms: each is drafted leave-one-out as in
``jixiao eval drafts`` with the kinds table switched off (every brief and every precedent reads as of no known
kind), and its 三级 name recall is set beside the nearest-precedent copy's.

    JIXIAO_HOME=/tmp/jx-eval .venv/bin/python -m eval.kindless [--with-kinds]

It shows what the kind-less path (own-words rows, 共性 rows of the way of spending, rows to fill in) is worth on
projects the team may look at; it cannot show the held-out figure, whose forms differ in kind and in how much of
their table their goal text states.
"""

from __future__ import annotations

import sys

from assistant import relevance
from eval.drafts import Drafter, evaluate_form, leave_one_out, shipped_names, summarise
from eval.knowledge import open_knowledge
from eval.report import load_forms


def run(with_kinds: bool = False) -> dict[str, dict]:
    if not with_kinds:
        relevance.project_kinds = lambda name, text="": ()  # noqa: ARG005 — the kinds table switched off
    forms, _ = load_forms("knowledge/forms")
    store, _ = open_knowledge()
    drafter, shipped = Drafter(store), shipped_names()
    records = [evaluate_form(item, drafter, leave_one_out(item, shipped)) for item in forms if not item.held_out]
    return {system: summarise(records, system) for system in ("jixiao", "nearest")}


def main() -> None:
    figures = run(with_kinds="--with-kinds" in sys.argv)
    for system, summary in figures.items():
        print(f"{system}: 三级名称召回 {summary['dice_recall']:.1%}，精确率 {summary['dice_precision']:.1%}（{summary['forms']} 份）")


if __name__ == "__main__":
    main()
