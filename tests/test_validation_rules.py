"""Every rule: a right form it leaves alone and a wrong form it must flag (red if its key logic goes)."""

from __future__ import annotations

from typing import Callable

import pytest

from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.validation import REGISTRY, validate

O, B, S, C = "产出指标", "效益指标", "满意度指标", "成本指标"
QN, QL, TM, CO, SB, EB, SAT = "数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "经济效益指标", "服务对象满意度指标"


def row(level1, level2, name, raw, basis="计划标准") -> Indicator:
    return Indicator.from_cells(level1, level2, name, raw, basis)


def good_rows() -> list[Indicator]:
    return [
        row(O, QN, "农民工职业技能培训人数", "≥500人"),
        row(O, QL, "培训合格率", "≥90%", "行业标准"),
        row(O, TM, "培训完成时间", "≤2026年12月31日"),
        row(O, CO, "人均培训补贴标准", "≤800元/人", "预算支出标准"),
        row(B, SB, "培训后就业人数", "≥300人"),
        row(S, SAT, "受训学员满意度", "≥90%", "历史标准"),
    ]


def good_form(**changes) -> PerformanceForm:
    """A local-framework form a reviewer would approve: every rule must stay silent on it."""
    form = PerformanceForm(
        project=ProjectInfo(name="农民工职业技能培训项目", unit="某市就业服务中心", budget_wan=50, year=2026),
        goals=Goals(annual="2026年开展农民工职业技能培训500人，培训合格率不低于90%，培训后就业人数不少于300人。"),
        annual_indicators=good_rows(),
    )
    return form.model_copy(update=changes)


def good_101() -> PerformanceForm:
    rows = [r for r in good_rows() if r.level2 != CO]
    rows.insert(0, row(C, "经济成本指标", "人均培训补贴标准", "≤800元/人", "预算支出标准"))
    return good_form(annual_indicators=rows)


def with_row(index: int, **changes) -> PerformanceForm:
    rows = good_rows()
    base = rows[index]
    raw = changes.pop("raw", None)
    if raw is not None:
        base = Indicator.from_cells(base.level1, base.level2, base.name, raw, base.basis)
    rows[index] = base.model_copy(update=changes)
    return good_form(annual_indicators=rows)


def add_rows(*extra: Indicator, form: PerformanceForm | None = None) -> PerformanceForm:
    form = form or good_form()
    return form.model_copy(update={"annual_indicators": form.annual_indicators + list(extra)})


def drop(predicate) -> PerformanceForm:
    return good_form(annual_indicators=[r for r in good_rows() if not predicate(r)])


def both_tables(long_rows: list[Indicator]) -> PerformanceForm:
    return good_form(long_term_indicators=long_rows,
                     goals=Goals(annual=good_form().goals.annual, long_term="三年累计培训农民工1500人，培训后就业人数900人。"))


# rule id → (right form, wrong form). The right form is the approved-looking base unless a boundary matters.
CASES: dict[str, tuple[Callable[[], PerformanceForm], Callable[[], PerformanceForm]]] = {
    "structure.no_indicators": (good_form, lambda: good_form(annual_indicators=[])),
    "structure.blank_level1": (good_form, lambda: with_row(1, level1="")),
    "structure.illegal_level1": (good_form, lambda: with_row(1, level1="管理类指标")),
    "structure.blank_level2": (good_form, lambda: with_row(1, level2="")),
    "structure.illegal_pair": (good_form, lambda: with_row(5, level1=B)),
    "structure.unknown_level2": (good_form, lambda: with_row(5, level2="具体指标")),
    "structure.required_level1": (good_form, lambda: drop(lambda r: r.level1 == S)),
    "structure.required_cost_101": (good_101, lambda: good_101().model_copy(update={  # 101号 (成本 in 长期表), not in 年度表
        "annual_indicators": [r for r in good_101().annual_indicators if r.level1 != C],
        "long_term_indicators": good_101().annual_indicators,
        "goals": Goals(annual=good_form().goals.annual, long_term=good_form().goals.annual)})),
    "structure.required_quantity": (good_form, lambda: drop(lambda r: r.level2 == QN)),
    "structure.expected_quality_timeliness": (good_form, lambda: drop(lambda r: r.level2 == TM)),
    "structure.indicator_count": (good_form, lambda: good_form(annual_indicators=good_rows()[:2])),
    "structure.too_many_indicators": (good_form, lambda: add_rows(*[row(O, QN, f"第{i}类培训班次", f"≥{i}期")
                                                                     for i in range(1, 22)])),
    "structure.empty_name": (good_form, lambda: with_row(1, name="")),
    "structure.placeholder": (good_form, lambda: with_row(1, raw="≥**%")),
    "structure.goal_text_missing": (good_form, lambda: good_form(goals=Goals())),
    "structure.annual_exceeds_long_term": (lambda: both_tables([row(O, QN, "农民工职业技能培训人数", "≥1500人")]),
                                           lambda: both_tables([row(O, QN, "农民工职业技能培训人数", "≥400人")])),
    "structure.tables_disagree": (lambda: both_tables([row(O, QL, "培训合格率", "≥90%")]),
                                  lambda: both_tables([row(B, SB, "培训合格率", "≥90%")])),
    "values.missing_unit": (good_form, lambda: with_row(0, raw="≥500")),
    "values.bare_number": (good_form, lambda: with_row(0, raw="500人")),
    "values.bare_numbers_table": (lambda: with_row(0, raw="500人"), lambda: good_form(annual_indicators=[
        r.with_value("", r.value, r.unit) if r.operator in ("≥", "≤") and r.number is not None else r for r in good_rows()])),
    "values.vague_operator": (good_form, lambda: with_row(1, raw="85%-90%")),
    "values.unknown_symbol": (good_form, lambda: with_row(1, raw="≈90%")),
    "values.not_a_number": (good_form, lambda: with_row(0, raw="≥很多人")),
    "values.direction": (lambda: add_rows(row(O, QL, "投诉率", "≤2%")),
                         lambda: add_rows(row(O, QL, "投诉率", "≥2%"))),
    "values.percent_over_100": (good_form, lambda: with_row(1, raw="=120%")),
    "values.growth_over_100": (lambda: add_rows(row(B, EB, "参训人员收入增长率", "≥20%")),
                               lambda: add_rows(row(B, EB, "参训人员收入增长率", "≥150%"))),
    "values.percent_ge_100": (lambda: with_row(1, raw="=100%"), lambda: with_row(1, raw="≥100%")),
    "values.unit_mismatch": (good_form, lambda: with_row(1, raw="≥90人")),
    "values.qualitative_not_graded": (lambda: add_rows(row(B, SB, "就业帮扶成效", "达到预期目标")),
                                      lambda: add_rows(row(B, SB, "就业帮扶成效", "提高"))),
    "values.qualitative_quantity": (good_form, lambda: with_row(0, raw="较多")),
    "values.too_many_qualitative": (good_form, lambda: add_rows(*[row(B, SB, f"就业帮扶成效{i}", "达到预期目标")
                                                                   for i in range(4)])),
    "values.deadline_outside_year": (good_form, lambda: with_row(2, raw="≤2027年6月30日")),
    "values.deadline_before_year": (good_form, lambda: with_row(2, raw="≤2025年12月31日")),
    "values.timeliness_days_operator": (lambda: add_rows(row(O, TM, "补贴发放时限", "≤30天")),
                                        lambda: add_rows(row(O, TM, "补贴发放时限", "=30天"))),
    "classification.outcome_in_output": (good_form, lambda: add_rows(row(O, QL, "培训后就业率", "≥60%"))),
    "classification.output_in_benefit": (good_form, lambda: add_rows(row(B, SB, "培训验收合格率", "≥95%"))),
    "classification.satisfaction_misplaced": (good_form, lambda: add_rows(row(B, SB, "学员对课程满意度", "≥90%"))),
    "classification.not_satisfaction": (good_form, lambda: add_rows(row(S, SAT, "技能人才保障", "增强"))),
    "classification.satisfaction_unnamed": (good_form, lambda: with_row(5, name="受训学员")),
    "classification.satisfaction_whose": (good_form, lambda: with_row(5, name="满意度")),
    "classification.satisfaction_value": (good_form, lambda: with_row(5, raw="=100%")),
    "classification.satisfaction_low": (good_form, lambda: with_row(5, raw="≥70%")),
    "classification.satisfaction_replaces_benefit": (good_form, lambda: with_row(4, name="参训人员满意度", raw="≥90%")),
    "classification.input_as_output": (good_form, lambda: add_rows(row(O, QL, "资金到位率", "=100%"))),
    "classification.input_indicator": (good_form, lambda: add_rows(row(O, TM, "资金拨付率", "=100%"))),
    "classification.cost_control_only": (good_form, lambda: with_row(3, name="成本控制率", raw="=100%")),
    "classification.duplicate": (good_form, lambda: add_rows(row(B, SB, "培训合格率", "≥90%"))),
    "consistency.goal_number_mismatch": (good_form, lambda: with_row(0, raw="≥210人")),
    "consistency.goal_rate_mismatch": (good_form, lambda: with_row(1, raw="≥80%")),
    "consistency.goal_number_not_in_table": (
        good_form, lambda: good_form(goals=Goals(annual=good_form().goals.annual + "举办创业培训班12期。"))),
    "consistency.quantity_untraceable": (good_form, lambda: add_rows(row(O, QN, "购置办公电脑数量", "=3台"))),
    "budget.cost_exceeds_budget": (lambda: add_rows(row(O, CO, "项目总成本", "≤50万元", "预算支出标准")),
                                   lambda: add_rows(row(O, CO, "场地租赁费", "≤120000元", "预算支出标准"),
                                                    row(O, CO, "师资费", "≤45万元", "预算支出标准"))),
    "budget.unit_cost_exceeds_budget": (good_form, lambda: with_row(3, raw="≤1200元/人")),
    "budget.unit_cost_may_exceed_budget": (
        good_form,
        lambda: good_form(goals=Goals(annual="2026年开展农民工职业技能培训700人，培训合格率不低于90%，培训后就业人数不少于300人。"))),
    "relevance.foreign_row": (good_form, lambda: add_rows(row(B, SB, "2型糖尿病患者规范管理率", "≥60%"))),
    "budget.goal_amount_mismatch": (
        lambda: good_form(goals=Goals(annual="本项目年度预算50万元，" + good_form().goals.annual)),
        lambda: good_form(goals=Goals(annual="本项目年度预算104万元，" + good_form().goals.annual))),
    "budget.goal_amount_yuan_wan": (
        lambda: good_form(goals=Goals(annual="安排资金500000元，" + good_form().goals.annual)),
        lambda: good_form(goals=Goals(annual="安排资金500000万元，" + good_form().goals.annual))),
    "budget.cost_operator": (good_form, lambda: with_row(3, raw="≥800元/人")),
    "wording.vague_words": (good_form, lambda: add_rows(row(B, SB, "就业质量", "显著提高"))),
    "wording.vague_goal": (good_form, lambda: good_form(goals=Goals(annual=good_form().goals.annual + "进一步提升就业能力。"))),
    "wording.verb_name": (good_form, lambda: with_row(0, name="完成农民工职业技能培训")),
    "wording.name_embeds_value": (good_form, lambda: with_row(0, name="培训人数达到500")),
    "wording.basis_missing": (good_form, lambda: with_row(1, basis="")),
    "wording.basis_column_missing": (lambda: with_row(1, basis=""),
                                     lambda: good_form(annual_indicators=[r.model_copy(update={"basis": ""}) for r in good_rows()])),
    "wording.basis_not_enum": (good_form, lambda: with_row(1, basis="根据实际情况")),
}


def rule_ids(form: PerformanceForm, framework: str | None = None) -> set[str]:
    return {f.rule for f in validate(form, framework)}


def test_the_approved_looking_base_forms_have_no_findings_at_all():
    assert validate(good_form()) == []
    assert validate(good_101()) == []


def test_every_registered_rule_has_a_right_and_a_wrong_case():
    assert set(CASES) == set(REGISTRY)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_leaves_the_right_form_alone(rule_id):
    right, _ = CASES[rule_id]
    assert rule_id not in rule_ids(right())


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_flags_the_wrong_form(rule_id):
    _, wrong = CASES[rule_id]
    findings = [f for f in validate(wrong()) if f.rule == rule_id]
    assert findings, f"{rule_id} did not fire"
    for finding in findings:
        assert finding.severity == REGISTRY[rule_id].severity
        assert finding.message and finding.suggestion
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message + finding.suggestion)


def test_unconfirmed_rules_never_raise_errors():
    for rule in REGISTRY.values():
        tags = set(__import__("re").findall(r"\[([VCPR])\]", rule.evidence))
        if tags == {"R"}:
            assert rule.severity != "error", rule.id
        assert rule.doc, rule.id


# ---- framework -----------------------------------------------------------------------------------


def test_101_requires_cost_and_rejects_cost_under_output():
    assert "structure.required_cost_101" in rule_ids(drop(lambda r: r.level2 == CO), "101")
    assert "structure.illegal_pair" in rule_ids(good_form(), "101")  # 产出/成本指标 is local layout only
    assert "structure.illegal_level1" in rule_ids(good_101(), "local")  # 成本指标 一级 is 101号 only


def test_framework_is_detected_per_form():
    assert "structure.illegal_pair" not in rule_ids(good_101())
    assert "structure.illegal_pair" not in rule_ids(good_form())


def test_unknown_framework_is_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的指标框架"):
        validate(good_form(), "88")


# ---- boundaries the key logic depends on -------------------------------------------------------


def test_missing_data_reports_nothing():
    no_budget = good_form(project=ProjectInfo(name="x", budget_wan=None, year=None))
    wrong = no_budget.model_copy(update={"annual_indicators": with_row(3, raw="≤9000元/人").annual_indicators
                                         + [row(O, TM, "完成时间", "≤2030年1月1日")]})
    rules = rule_ids(wrong)
    assert not any(r.startswith("budget.") for r in rules)
    assert "values.deadline_outside_year" not in rules


def test_cost_in_yuan_is_converted_before_comparing_with_budget():
    fits = add_rows(row(O, CO, "场地租赁费", "≤120000元", "预算支出标准"), row(O, CO, "师资费", "≤30万元", "预算支出标准"))
    assert "budget.cost_exceeds_budget" not in rule_ids(fits)  # 12万 + 30万 = 42万 ≤ 50万


def test_a_total_cost_row_is_not_added_to_its_parts():
    form = add_rows(row(O, CO, "项目总成本", "≤50万元", "预算支出标准"), row(O, CO, "师资费", "≤30万元", "预算支出标准"))
    assert "budget.cost_exceeds_budget" not in rule_ids(form)


def test_reductions_and_satisfaction_are_not_reverse_indicators():
    form = add_rows(row(O, QL, "投诉发生率下降", "≥10%"), row(S, SAT, "申报费用补贴机构满意度", "≥90%"))
    assert "values.direction" not in rule_ids(form)


def test_satisfaction_rate_with_le_is_flagged_as_wrong_direction():
    assert "values.direction" in rule_ids(with_row(5, raw="≤90%"))


def test_same_row_in_two_tables_is_reported_once_per_table():
    form = both_tables([row(O, QL, "培训合格率", "=120%")]).model_copy()
    form.annual_indicators[1] = row(O, QL, "培训合格率", "=120%", "行业标准")
    located = [(f.location.table, f.location.index) for f in validate(form) if f.rule == "values.percent_over_100"]
    assert sorted(located) == [("annual", 1), ("long_term", 0)]


def test_findings_are_sorted_errors_first():
    findings = validate(add_rows(row(O, QL, "资金到位率", "=100%"), row(B, SB, "就业质量", "显著提高")))
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in findings]
    assert ranks == sorted(ranks)


def test_transcriber_marks_are_not_treated_as_defects():
    form = with_row(1, raw="1[缺]")
    assert not {"values.missing_unit", "structure.placeholder"} & rule_ids(form)


# ---- noise a reviewer would dismiss (issue 11) ----------------------------------------------------


def test_a_table_written_without_operators_is_told_once_not_per_row():
    bare = good_form(annual_indicators=[r.with_value("", r.value, r.unit) if r.number is not None else r for r in good_rows()])
    found = [f for f in validate(bare) if f.rule.startswith("values.bare_number")]
    assert [(f.rule, f.location.index) for f in found] == [("values.bare_numbers_table", None)]


def test_a_table_without_level2_is_told_once_at_its_first_blank_row():
    rows = [r.model_copy(update={"level2": ""}) if i else r for i, r in enumerate(good_rows())]
    found = [f for f in validate(good_form(annual_indicators=rows)) if f.rule == "structure.blank_level2"]
    assert len(found) == 1 and found[0].location.index == 1 and "共5行" in found[0].message


def test_graded_values_written_with_degree_words_or_a_trailing_no_are_graded():
    for value in ("程度较高", "合规无", "已完成", "较好水平"):
        assert "values.qualitative_not_graded" not in rule_ids(add_rows(row(B, SB, "就业帮扶成效", value))), value
    assert "values.qualitative_not_graded" in rule_ids(add_rows(row(B, SB, "就业帮扶成效", "持续保障")))


def test_a_rule_reports_a_row_once():
    form = add_rows(row(O, QL, "资金拨付率资金支出率", "=100%"))
    found = [f for f in validate(form) if f.rule == "classification.input_indicator"]
    assert len(found) == 1


def test_thousands_separators_are_one_number_not_a_list():
    assert "values.vague_operator" not in rule_ids(with_row(0, raw="≥44,561人"))
    assert "values.vague_operator" in rule_ids(with_row(0, raw="1600人、200人"))


def test_an_unreadable_level2_in_output_may_be_the_missing_one():
    form = drop(lambda r: r.level2 == TM)
    rows = form.annual_indicators + [row(O, "[缺]", "项目完成及时率", "≥95%")]
    assert "structure.expected_quality_timeliness" in rule_ids(form)
    assert "structure.expected_quality_timeliness" not in rule_ids(form.model_copy(update={"annual_indicators": rows}))


def test_a_long_term_goal_text_without_a_long_term_table_is_not_held_to_an_empty_table():
    form = good_form(goals=Goals(annual=good_form().goals.annual, long_term="三年累计培训农民工1500人。"))
    assert "consistency.goal_number_not_in_table" not in rule_ids(form)
    assert "consistency.goal_number_not_in_table" in rule_ids(both_tables([row(O, QN, "创业培训班期数", "≥3期")]))


def test_level2_labels_in_the_name_cell_are_not_duplicates():
    form = add_rows(row(O, QL, "质量指标", "≥95%"), row(O, QL, "质量指标", "≥90%"))
    assert "classification.duplicate" not in rule_ids(form)


def test_one_defect_is_one_finding_on_its_row():
    vague_count = with_row(0, raw="覆盖全部学员")
    assert {"values.qualitative_quantity"} <= rule_ids(vague_count)
    assert "values.qualitative_not_graded" not in rule_ids(vague_count)
    effect = add_rows(row(S, SAT, "群众幸福感", "明显提升"))
    assert "classification.not_satisfaction" in rule_ids(effect)
    assert not {"wording.vague_words", "values.qualitative_not_graded"} & rule_ids(effect)
    no_unit = with_row(0, raw="500")
    assert "values.missing_unit" in rule_ids(no_unit) and "values.unit_mismatch" not in rule_ids(no_unit)
