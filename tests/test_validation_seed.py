"""The seed forms (鄂州 2026 批复表) carry real defects: each must be caught exactly, the right rows left alone."""

from __future__ import annotations

import pytest

from assistant.formio import read_forms
from assistant.validation import validate

from tests.test_formio_text import SEED

FORMS = read_forms(SEED).forms
TABLES = ("long_term", "annual")


def _by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


@pytest.fixture(scope="module")
def form1():
    return validate(FORMS[0])


@pytest.fixture(scope="module")
def form2():
    return validate(FORMS[1])


def test_form1_cost_rows_68_exceed_the_26_budget_in_both_tables(form1):
    found = _by_rule(form1, "budget.cost_exceeds_budget")
    assert sorted(f.location.table for f in found) == sorted(TABLES)
    for finding in found:
        assert finding.severity == "error"
        assert "15+50+3=68万元" in finding.message and "26万元" in finding.message


def test_form1_skill_talent_guarantee_is_not_a_satisfaction_measure(form1):
    found = _by_rule(form1, "classification.not_satisfaction")
    assert [(f.location.table, f.location.index) for f in found] == [("long_term", 10)]
    assert "技能人才保障" in found[0].message and "增强" in found[0].message


def test_form1_technical_quality_improve_is_unmeasurable(form1):
    found = _by_rule(form1, "values.qualitative_not_graded")
    rows = {(f.location.table, f.location.index) for f in found if "技术水平素质" in f.message}
    assert rows == {("long_term", 9), ("annual", 9)}


def test_form1_service_object_95_does_not_say_satisfaction(form1):
    found = _by_rule(form1, "classification.satisfaction_unnamed")
    assert {(f.location.table, f.location.index) for f in found} == {("long_term", 11), ("annual", 11)}
    assert all("服务对象" in f.message and "≥95%" in f.message for f in found)


def test_form1_has_no_other_errors(form1):
    errors = {(f.rule, f.location.table, f.location.index) for f in form1 if f.severity == "error"}
    assert errors == {("budget.cost_exceeds_budget", "long_term", None), ("budget.cost_exceeds_budget", "annual", None),
                      ("classification.not_satisfaction", "long_term", 10)}


def test_form2_goal_numbers_mismatch_the_indicators_both_places_named(form2):
    found = _by_rule(form2, "consistency.goal_number_mismatch")
    assert {(f.location.table, f.location.index) for f in found} == {(t, i) for t in TABLES for i in (2, 3)}
    for finding in found:
        assert finding.severity == "error"
        if finding.location.index == 2:
            assert "488人" in finding.message and "≥210人" in finding.message
        else:
            assert "6人" in finding.message and "≥3人" in finding.message
        assert "绩效目标文本" in finding.message and "绩效目标表第" in finding.message


def test_form2_1182_entrepreneurship_trainees_have_no_indicator(form2):
    found = _by_rule(form2, "consistency.goal_number_not_in_table")
    assert len(found) == 2 and all("创业培训1182人" in f.message for f in found)


def test_form2_unit_costs_times_quantities_exceed_the_budget(form2):
    found = _by_rule(form2, "budget.unit_cost_exceeds_budget")
    assert sorted(f.location.table for f in found) == sorted(TABLES)
    for finding in found:
        assert "1182人×1200元/人" in finding.message and "488人×800元/人" in finding.message
        assert "180.88万元" in finding.message and "16.9万元" in finding.message


def test_form2_significantly_improve_is_vague(form2):
    found = _by_rule(form2, "wording.vague_words")
    assert {(f.location.table, f.location.index) for f in found} == {(t, i) for t in TABLES for i in (8, 9)}


def test_form2_right_rows_have_no_error(form2):
    error_rows = {f.location.index for f in form2 if f.severity == "error"}
    assert error_rows == {0, 2, 3}  # the unit-cost row the estimate starts from, and the two mismatched counts
    flagged = {(f.location.table, f.location.index) for f in form2 if f.location.index is not None}
    for table in TABLES:
        for index in (4, 5, 6, 7, 10):  # 合格率, 准确率, 按期完成率, 及时率, 满意度 are right
            assert (table, index) not in flagged
