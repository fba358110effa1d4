"""The defects a finance-bureau reviewer sends forms back for, written into real forms the way real forms write them.

Each injector is a pure function ``(form, rng) -> Injection | None``: a damaged copy of the form, the place of the
damage (table, row, field) and the rules a reviewer would expect to speak there; None when the form cannot host
the defect (no % row to push over 100, no budget to exceed …). The seed picks the row and the wording.

Independence: nothing here is imported from ``assistant/validation`` and no pattern or word list of the rules is
copied. The wordings come from the real forms (knowledge/forms, ../shared/forms: "约5.5万人次", "1600人、200人",
"≥**%", "2021年全年", "服务对象 ≥95%" …), from the domain notes (/work/shared/domain/guidelines-research.md: 治愈率,
就业率 as 效益; 验收合格率 as 质量; "本项目年度预算104万元" from issue 11) and from the forms' own rows (a 数量 row
moved under 效益, a row of another form of another kind). Only the core schema and taxonomy (parsing a cell, the
一级/二级 names) are shared with the validators, as they are with every importer.
"""

from __future__ import annotations

from eval.inject_base import ANY, COUNT_UNITS, PEOPLE_UNITS, Accept, Injection, Injector  # noqa: F401  (the API)
from eval.inject_form import (bad_operator, blank_basis, cost_as_floor, cost_over_budget, deadline_outside_year,
                              duplicate_row, goal_number_mismatch, goal_number_not_in_table, illegal_pair,
                              input_as_output, missing_satisfaction, missing_unit, percent_over_100, placeholder,
                              satisfaction_100, satisfaction_unnamed, unit_cost_over_budget, vague_name, vague_quantity)
from eval.inject_review import (foreign_row, goal_budget_mismatch, goal_yuan_wan, outcome_under_output,
                                output_under_benefit, satisfaction_under_benefit)

# kind → (injector, 中文 label)
INJECTORS: dict[str, tuple[Injector, str]] = {
    "cost_over_budget": (cost_over_budget, "成本超预算"),
    "percent_over_100": (percent_over_100, "比率超过100%"),
    "missing_unit": (missing_unit, "缺少计量单位"),
    "illegal_pair": (illegal_pair, "一级/二级错配"),
    "vague_quantity": (vague_quantity, "数量指标取值模糊"),
    "goal_number_mismatch": (goal_number_mismatch, "目标文本数字与指标不符"),
    "goal_number_not_in_table": (goal_number_not_in_table, "目标文本任务不在表中"),
    "missing_satisfaction": (missing_satisfaction, "缺少满意度指标"),
    "placeholder": (placeholder, "模板占位符"),
    "satisfaction_100": (satisfaction_100, "满意度=100%"),
    "input_as_output": (input_as_output, "投入作为产出"),
    "bad_operator": (bad_operator, "非法运算符"),
    "duplicate_row": (duplicate_row, "重复指标"),
    "deadline_outside_year": (deadline_outside_year, "时效超出预算年度"),
    "blank_basis": (blank_basis, "确定依据为空"),
    "unit_cost_over_budget": (unit_cost_over_budget, "单位成本×数量超预算"),
    "cost_as_floor": (cost_as_floor, "成本指标用≥"),
    "satisfaction_unnamed": (satisfaction_unnamed, "满意度未写明对象"),
    "vague_name": (vague_name, "指标名称含模糊词"),
    "foreign_row": (foreign_row, "别的项目的指标（相关性）"),
    "goal_budget_mismatch": (goal_budget_mismatch, "目标文本金额与预算不符"),
    "goal_yuan_wan": (goal_yuan_wan, "目标文本元/万元混淆"),
    "output_under_benefit": (output_under_benefit, "产出放在效益下"),
    "outcome_under_output": (outcome_under_output, "效益放在产出下"),
    "satisfaction_under_benefit": (satisfaction_under_benefit, "满意度放在效益下"),
}
