"""Validators never crash on odd input: random strings, units, operators, budgets and empty tables."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import taxonomy
from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.validation import REGISTRY, validate

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
TEXT = st.text(st.one_of(CJK, st.sampled_from(list("0123456789.%≥≤=<>*/Xx-~、，年月日元人[缺] ")), st.characters()),
               max_size=20)
LEVEL1 = st.one_of(st.sampled_from(list(taxonomy.LEVEL1_ORDER) + ["", "管理类指标"]), TEXT)
LEVEL2 = st.one_of(st.sampled_from(sorted(taxonomy.ALL_LEVEL2) + ["", "具体指标"]), TEXT)
UNITS = st.one_of(st.sampled_from([u for us in taxonomy.UNITS.values() for u in us] + ["", "万/月", "[缺]"]), TEXT)
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.integers(-10**9, 10**9).map(str), TEXT)


@st.composite
def rows(draw):
    if draw(st.booleans()):
        return Indicator.from_cells(draw(LEVEL1), draw(LEVEL2), draw(TEXT), draw(TEXT), draw(TEXT))
    return Indicator(level1=draw(LEVEL1), level2=draw(LEVEL2), name=draw(TEXT),
                     operator=draw(st.sampled_from(["=", "≥", "≤", ">", "<", "定性", ""])),
                     value=draw(NUMBERS), unit=draw(UNITS), basis=draw(st.one_of(st.sampled_from(taxonomy.BASIS_VALUES), TEXT)))


@st.composite
def forms(draw):
    budget = draw(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.just(0.0)))
    return PerformanceForm(
        project=ProjectInfo(name=draw(TEXT), budget_wan=budget, year=draw(st.one_of(st.none(), st.integers(0, 3000)))),
        goals=Goals(long_term=draw(st.text(max_size=60)), annual=draw(st.one_of(TEXT, st.text(max_size=80)))),
        long_term_indicators=draw(st.lists(rows(), max_size=6)),
        annual_indicators=draw(st.lists(rows(), max_size=10)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms(), st.sampled_from([None, "101", "local"]))
def test_validate_never_raises_and_findings_are_well_formed(form, framework):
    findings = validate(form, framework)
    for finding in findings:
        assert finding.rule in REGISTRY
        assert finding.message
        if finding.location.index is not None:
            assert 0 <= finding.location.index < len(form.table(finding.location.table))


NAMES = st.sampled_from(["人均创业培训补贴标准", "项目总成本", "培训人数", "创业培训人数", "满意度", "投诉率", "完成时间", ""])
RAW = st.one_of(
    st.builds(lambda op, n, u: f"{op}{n}{u}", st.sampled_from(["", "=", "≥", "≤", "约"]),
              st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30), st.just("9" * 400)),
              st.sampled_from(["元/人", "万元", "元", "人", "%", "万人", "天", "", "元/人·月"])),
    st.sampled_from(["2026年12月31日前", "≤0001年1月1日", "显著提高", "**", "[缺]"]))


@st.composite
def money_forms(draw):
    """Forms aimed at the arithmetic: unit costs, totals, goal-text numbers, odd budgets."""
    level = st.sampled_from([("成本指标", "经济成本指标"), ("产出指标", "成本指标"), ("产出指标", "数量指标"),
                             ("满意度指标", "服务对象满意度指标"), ("产出指标", "时效指标")])
    made = [Indicator.from_cells(*draw(level), draw(NAMES), draw(RAW)) for _ in range(draw(st.integers(0, 8)))]
    goal = "".join(draw(st.lists(st.builds(lambda w, n, u: f"{w}{n}{u}，", NAMES, st.integers(0, 10**12),
                                            st.sampled_from(["人", "万人", "%", "次"])), max_size=4)))
    budget = draw(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, 1e-9, 16.9])))
    return PerformanceForm(project=ProjectInfo(name="x", budget_wan=budget, year=draw(st.sampled_from([None, 2026]))),
                           goals=Goals(annual=goal, long_term=goal), annual_indicators=made, long_term_indicators=made[:3])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(money_forms())
def test_arithmetic_never_raises(form):
    for finding in validate(form):
        assert finding.rule in REGISTRY


# ---- issue 11: money in the goal text, similarity ----------------------------------------------

MONEY = st.builds(lambda head, n, unit: f"{head}{n}{unit}",
                  st.sampled_from(["本项目年度预算", "安排资金", "总投资", "其中中央资金", "人均", "项目资金", ""]),
                  st.one_of(st.integers(0, 10**12).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str),
                            st.sampled_from(["1,000", "3,000.5", "0.0001", "1e308"])),
                  st.sampled_from(["万元", "元", "亿元", "万", "千元", "元/人", ""]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MONEY, max_size=4), st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.just(0.0)))
def test_money_in_goal_texts_never_crashes_the_rules(phrases, budget):
    form = PerformanceForm(project=ProjectInfo(name="项目", budget_wan=budget),
                           goals=Goals(annual="，".join(phrases), long_term="；".join(reversed(phrases))),
                           annual_indicators=[Indicator.from_cells("产出指标", "成本指标", "项目总成本", "≤26万元", "预算支出标准")])
    for finding in validate(form):
        assert finding.message and finding.rule in REGISTRY


@given(st.text(max_size=40), st.text(max_size=40))
def test_bigram_similarity_is_bounded_and_symmetric(a, b):
    from assistant import textsim

    assert 0.0 <= textsim.dice(a, b) <= 1.0 and textsim.dice(a, b) == textsim.dice(b, a)
    assert textsim.shared(a, b) == textsim.shared(b, a) and 0.0 <= textsim.coverage(a, b) <= 1.0
