"""目标与资金匹配 (issue 11 item 2): money in the goal text against 项目预算 and the 成本 rows; 元/万元 named."""

import pytest

from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.validation import validate
from assistant.validation.goalmoney import read_amounts


def _row(l1, l2, name, raw, basis="计划标准"):
    return Indicator.from_cells(l1, l2, name, raw, basis)


def _museum(goal: str, budget=26.0, cost="≤26万元") -> PerformanceForm:
    rows = [_row("产出指标", "数量指标", "免费开放天数", "≥300天"),
            _row("产出指标", "质量指标", "展品完好率", "≥98%"),
            _row("产出指标", "时效指标", "年度开放完成时间", "≤2026年12月31日"),
            _row("产出指标", "成本指标", "免费开放运行经费", cost, "预算支出标准"),
            _row("效益指标", "社会效益指标", "年接待观众人次", "≥5万人次"),
            _row("满意度指标", "服务对象满意度指标", "参观群众满意度", "≥90%")]
    return PerformanceForm(project=ProjectInfo(name="县博物馆免费开放项目", budget_wan=budget, year=2026),
                           goals=Goals(annual=goal), annual_indicators=rows)


def _rules(form):
    return {f.rule: f for f in validate(form) if f.rule.startswith("budget.goal_amount")}


def test_a_stated_budget_that_is_not_the_projects_is_reported_at_the_goal_text():
    found = _rules(_museum("本项目年度预算104万元，全年免费开放300天以上。"))
    finding = found["budget.goal_amount_mismatch"]
    assert (finding.location.table, finding.location.field) == ("goals", "annual")
    assert "104万元" in finding.message and "26万元" in finding.message and "元与万元" not in finding.message


@pytest.mark.parametrize("goal", ["安排免费开放资金260000万元，全年免费开放300天。", "本项目预算资金26元，全年开放300天。"])
def test_a_figure_ten_thousand_times_off_is_named_as_yuan_wan_confusion(goal):
    found = _rules(_museum(goal))
    assert set(found) == {"budget.goal_amount_yuan_wan"}
    assert "元与万元混淆" in found["budget.goal_amount_yuan_wan"].message


@pytest.mark.parametrize("goal", [
    "本项目年度预算26万元，全年免费开放300天。",
    "安排资金260000元，全年免费开放300天。",  # 元, converted
    "项目总投资500万元，本年度安排资金26万元。",
    "其中中央补助资金20万元、县级配套资金6万元，用于免费开放。",
    "人均接待成本5元，全年增加门票替代收入80万元。",  # a price and an income, not the project's money
    "项目资金惠及观众3万人次。",  # 万 before 人次 is a count (assistant.money reads it)
])
def test_agreeing_or_other_money_is_left_alone(goal):
    assert _rules(_museum(goal)) == {}


def test_without_a_budget_the_cost_rows_are_the_reference():
    found = _rules(_museum("本项目年度预算3万元。", budget=None, cost="≤30万元"))
    assert "成本指标合计30万元" in found["budget.goal_amount_mismatch"].message


def test_cost_rows_ten_thousand_times_the_budget_say_so():
    form = _museum("全年免费开放300天。", cost="≤260000万元")
    message = next(f.message for f in validate(form) if f.rule == "budget.cost_exceeds_budget")
    assert "元与万元混淆" in message


def test_read_amounts_reads_units_and_parts():
    amounts = read_amounts("项目总预算1.5亿元，其中财政资金3,000万元")
    assert [(a.wan, a.part) for a in amounts] == [(15000.0, False), (3000.0, True)]


def test_money_is_read_by_the_one_parser(monkeypatch):
    from assistant.validation import goalmoney

    seen = []
    real = goalmoney.parse_money
    monkeypatch.setattr(goalmoney, "parse_money", lambda text: seen.append(text) or real(text))
    assert [a.wan for a in read_amounts("本项目年度预算104万元")] == [104.0] and seen
