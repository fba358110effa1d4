"""产出 vs 效益 vs 满意度 (issue 11 item 3): each misplaced row is reported at that row, saying where it belongs.

The forms here are a 社区卫生 project and a 非遗 project, unlike the training forms of the evaluation.
"""

import pytest

from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.validation import validate

O, B, S = "产出指标", "效益指标", "满意度指标"


def _row(l1, l2, name, raw):
    return Indicator.from_cells(l1, l2, name, raw, "计划标准")


def _clinic(*extra) -> PerformanceForm:
    rows = [_row(O, "数量指标", "家庭医生签约服务人数", "≥3000人"),
            _row(O, "质量指标", "慢病随访规范率", "≥90%"),
            _row(O, "时效指标", "随访完成时间", "≤2026年12月31日"),
            _row(O, "成本指标", "人均签约服务经费", "≤60元/人"),
            _row(B, "社会效益指标", "高血压患者血压控制率", "≥60%"),
            _row(S, "服务对象满意度指标", "签约居民满意度", "≥90%"), *extra]
    return PerformanceForm(project=ProjectInfo(name="社区家庭医生签约服务项目", budget_wan=18, year=2026),
                           goals=Goals(annual="2026年签约服务3000人，慢病随访规范率90%以上。"), annual_indicators=rows)


def _found(form, rule):
    return [f for f in validate(form) if f.rule == rule]


def test_the_base_form_is_clean():
    assert not [f for f in validate(_clinic()) if f.rule.startswith("classification.")]


@pytest.mark.parametrize("name, raw, home", [
    ("完成培训人数", "≥500人", "数量指标"),
    ("举办健康讲座场次", "≥12场", "数量指标"),
    ("开展义诊活动次数", "≥4次", "数量指标"),
    ("设备验收合格率", "=100%", "质量指标"),
    ("补贴资金发放及时率", "≥95%", "时效指标"),
])
def test_work_delivered_under_benefit_is_reported_at_its_row_with_its_home(name, raw, home):
    found = _found(_clinic(_row(B, "社会效益指标", name, raw)), "classification.output_in_benefit")
    assert [(f.location.table, f.location.index) for f in found] == [("annual", 6)]
    assert home in found[0].suggestion and "产出" in found[0].message


@pytest.mark.parametrize("name, raw", [("培训后就业人数", "≥300人"), ("受益群众人数", "≥3000人"),
                                       ("带动就业人数", "≥50人"), ("患者血压控制率", "≥60%")])
def test_outcomes_under_benefit_are_left_alone(name, raw):
    assert not _found(_clinic(_row(B, "社会效益指标", name, raw)), "classification.output_in_benefit")


@pytest.mark.parametrize("l2, name, raw, home", [
    ("质量指标", "患者治愈率", "≥85%", "社会效益指标"),
    ("数量指标", "参训人员人均增收", "≥2000元", "经济效益指标"),
    ("时效指标", "学员培训后就业率", "≥70%", "社会效益指标"),
])
def test_outcomes_under_output_are_reported_at_their_row_with_their_home(l2, name, raw, home):
    found = _found(_clinic(_row(O, l2, name, raw)), "classification.outcome_in_output")
    assert [f.location.index for f in found] == [6] and home in found[0].suggestion


def test_a_count_of_people_employed_stays_a_quantity():
    assert not _found(_clinic(_row(O, "数量指标", "城镇新增就业人数", "≥2000人")), "classification.outcome_in_output")


def test_satisfaction_under_benefit_is_reported_at_its_row():
    found = _found(_clinic(_row(B, "社会效益指标", "非遗传承人对扶持政策满意度", "≥90%")),
                   "classification.satisfaction_misplaced")
    assert [f.location.index for f in found] == [6] and "满意度指标" in found[0].suggestion
