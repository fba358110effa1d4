"""The offline composer: real drafts from seed briefs, grounded, within budget, deterministic."""

import pytest

from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import compose
from assistant.drafting.context import DraftingContext, gather_context, library_for
from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.formio import read_forms
from tests.test_formio_text import SEED

FORMS = read_forms(SEED).forms


def _brief_from(form):
    text = f"项目名称：{form.project.name}。单位：{form.project.unit}。预算{form.project.budget_wan:g}万元。2026年。{form.goals.annual}"
    return extract_brief(text + " 直接生成")


def _context(brief, store=None):
    """What the composer is given for a brief: its kinds' library rows, and with ``store`` (a real store of
    chosen precedents) the precedents and rows gather_context retrieves from it."""
    context = DraftingContext(brief=brief, framework="local")
    context.library, _ = library_for(context.subject)
    if store is not None:
        retrieved = gather_context(brief, store, "local")
        context.precedents, context.precedent_rows = retrieved.precedents, retrieved.precedent_rows
    return context


@pytest.mark.parametrize("index", [0, 1])
def test_seed_briefs_draft_without_validator_errors(index, precedent_store):
    form = FORMS[index]
    brief = _brief_from(form)
    other = FORMS[1 - index]
    draft = compose(brief, _context(brief, precedent_store({"other": other})), "local")
    errors = [f for f in draft.findings if f.severity == "error"]
    assert errors == [], [f"{f.rule} {f.location.describe()} {f.message}" for f in errors]
    levels = {(r.level1, r.level2) for r in draft.form.annual_indicators}
    for required in [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
                     ("满意度指标", "服务对象满意度指标")]:
        assert required in levels
    assert any(r.level1 == "效益指标" for r in draft.form.annual_indicators)
    assert all(r.sources for r in draft.form.annual_indicators)
    assert all(r.basis for r in draft.form.annual_indicators)


def test_goal_numbers_land_in_the_right_rows():
    brief = _brief_from(FORMS[1])
    draft = compose(brief, _context(brief), "local")
    rows = {r.name: r for r in draft.form.annual_indicators}
    assert (rows["职业技能培训人数"].value, rows["职业技能培训人数"].unit) == ("488", "人")
    assert (rows["创业培训人数"].value, rows["创业培训人数"].unit) == ("1182", "人")
    assert rows["对象发放生活补贴人数"].value == "6"
    for number in ("488人", "1182人", "6人"):
        assert number in draft.form.goals.annual


def test_cost_rows_stay_within_budget_and_unit_costs_are_capped():
    brief = extract_brief("2027年农民工职业技能培训项目，预算50万元，培训500人，人均补贴800元，12月底前完成")
    draft = compose(brief, _context(brief), "local")
    cost = [r for r in draft.form.annual_indicators if r.level2 == "成本指标"]
    assert ("人均补贴标准", "=", "800", "元/人") in [(r.name, r.operator, r.value, r.unit) for r in cost]
    total = next(r for r in cost if r.name == "项目总成本")
    assert (total.operator, total.value, total.unit) == ("≤", "50", "万元")
    deadline = next(r for r in draft.form.annual_indicators if r.level2 == "时效指标" and r.name == "项目完成时间")
    assert deadline.raw_value == "≤2027年12月31日"


def test_101_framework_puts_cost_under_its_own_level1():
    brief = extract_brief("2027年培训项目，预算50万元，培训500人，人均补贴800元")
    draft = compose(brief, _context(brief), "101")
    cost = [r for r in draft.form.annual_indicators if "成本" in r.level2]
    assert cost and all((r.level1, r.level2) == ("成本指标", "经济成本指标") for r in cost)


def test_same_brief_same_draft(precedent_store):
    brief = _brief_from(FORMS[0])
    store = precedent_store({"f": FORMS[1]})
    one = compose(brief, _context(brief, store), "local")
    two = compose(brief, _context(brief, store), "local")
    assert one.form == two.form


def test_precedent_rows_are_cited_and_defective_ones_never_reused(precedent_store):
    brief = _brief_from(FORMS[1])
    draft = compose(brief, _context(brief, precedent_store({"ezhou-2026-2": FORMS[1]})), "local")
    names = {r.name for r in draft.form.annual_indicators}
    assert "提高社会就业率" not in names  # 显著提高: vague, never reused
    cited = {s for r in draft.form.annual_indicators for s in r.sources}
    assert any(s.startswith("form:ezhou-2026-2#annual:") for s in cited)


def test_a_full_rate_is_written_equal_100():
    brief = extract_brief("2026年就业帮扶项目，预算20万元，帮扶500人，零就业家庭帮扶率100%，培训合格率90%")
    rows = {r.name: r.raw_value for r in compose(brief, _context(brief), "local").form.annual_indicators}
    assert rows["零就业家庭帮扶率"] == "=100%" and rows["培训合格率"] == "≥90%"


def test_a_slot_nothing_relevant_fills_gets_a_marked_row_and_one_question():
    # A kind of project no precedent and no library row covers: nothing is borrowed from another kind.
    brief = extract_brief("2027年古树名木普查建档项目，预算12万元，普查古树名木360株，12月底前完成 直接生成")
    draft = compose(brief, _context(brief), "101")
    rows = draft.form.annual_indicators
    benefit = [r for r in rows if r.level1 == "效益指标"]
    assert len(benefit) == 1 and benefit[0].sources == ["gap:社会效益指标"] and "待补充" in benefit[0].name
    assert draft.question and "效益" in draft.question
    assert not any(s.startswith(("form:", "lib:")) for r in rows for s in r.sources)
    assert "待补充" not in draft.form.goals.annual


def test_a_precedent_of_another_kind_lends_no_rows(precedent_store):
    farmland = read_forms(SEED).forms[0].model_copy(deep=True)
    farmland.project.name = "2026年高标准农田建设项目"
    farmland.annual_indicators = [Indicator(level1="效益指标", level2="社会效益指标", name="灌溉保证率", operator="≥",
                                            value="85", unit="%", basis="历史标准")]
    brief = extract_brief("2027年社区老年助餐服务项目，预算60万元，运营助餐点12个，12月底前完成")
    context = _context(brief, precedent_store({"farm": farmland}))  # the store's only form: the nearest
    assert context.precedent_rows == []
    draft = compose(brief, context, "101")
    assert not any(s.startswith("form:farm") for r in draft.form.annual_indicators for s in r.sources)


def test_a_foreign_row_of_a_same_kind_precedent_is_not_reused(precedent_store):
    precedent = PerformanceForm(
        project=ProjectInfo(name="2026年机关办公楼物业管理项目", budget_wan=100), goals=Goals(annual="物业管理"),
        annual_indicators=[
            Indicator(level1="产出指标", level2="质量指标", name="保洁服务达标率", operator="≥", value="95", unit="%"),
            Indicator(level1="产出指标", level2="质量指标", name="2型糖尿病患者规范管理率", operator="≥", value="60",
                      unit="%"),
        ])
    brief = extract_brief("2027年办公楼物业管理项目，预算120万元，物业服务面积3万平方米，12月底前完成")
    context = _context(brief, precedent_store({"wuye": precedent}))
    assert {r.indicator.name for r in context.precedent_rows} == {"保洁服务达标率", "2型糖尿病患者规范管理率"}
    names = {r.name for r in compose(brief, context, "101").form.annual_indicators}
    assert "保洁服务达标率" in names and "2型糖尿病患者规范管理率" not in names


def test_unit_standards_become_exact_cost_rows_and_a_budget_they_contradict_is_asked_about():
    brief = extract_brief("某县民政局2027年孤儿基本生活保障资金，预算50万元，保障孤儿120名，每人每月1500元")
    draft = compose(brief, _context(brief), "101")
    cost = {r.name: r.raw_value for r in draft.form.annual_indicators if r.level1 == "成本指标"}
    assert cost["孤儿基本生活保障标准"] == "=1500元/人·月"
    assert "216" in draft.question and "50万元" in draft.question  # 1500 × 120 × 12 = 216万元


@pytest.mark.parametrize("text, kind", [
    # (an 安置小区's 物业 is residential: the kind's 机关 rows speak of almost nothing it says — see
    # test_a_kind_read_from_one_word_lends_nothing)
    ("机关办公楼物业管理项目，预算112万元，负责办公楼保洁、安保和设备维护，2026年12月底前完成", "机关运行/物业"),
    ("局机关办公设备购置项目，预算80万元，购置电脑120台，2026年6月底前完成", "购置"),
])
def test_the_kind_of_project_named_decides_among_a_sectors_library_rows(text, kind):
    # 物业, 会议 and 购置 are all 机关运行: a 物业 project must not get 会议议题完成率.
    from assistant.library import load_library

    kinds = {f"lib:{row.id}": row.kind for row in load_library()}
    brief = extract_brief(text + " 直接生成")
    draft = compose(brief, _context(brief), "101")
    cited = [kinds[s] for r in draft.form.annual_indicators if r.level2 in ("质量指标", "社会效益指标", "服务对象满意度指标")
             for s in r.sources if s in kinds]
    assert cited and set(cited) == {kind}


def test_goal_texts_speak_only_of_the_brief_and_the_rows_chosen():
    import re

    brief = extract_brief("某县文旅局2027年乡村文化墙绘制项目，预算18万元，绘制文化墙60面，每平方米补助80元，"
                          "墙绘验收合格率不低于95%，10月底前完成 直接生成")
    draft = compose(brief, _context(brief), "101")
    form = draft.form
    period = {str(form.project.year), str(form.project.year + 2)}  # the long-term aim's 2027—2029年
    allowed = {r.value for r in form.annual_indicators} | {f"{form.project.budget_wan:g}"} | period
    allowed |= {part for r in form.annual_indicators for part in re.findall(r"\d+", r.value)}
    for text in (form.goals.annual, form.goals.long_term):
        assert set(re.findall(r"\d+(?:\.\d+)?", text)) <= allowed, text
    assert "60面" in form.goals.annual and "95%" in form.goals.annual
    # a one-off project's lasting aim: not 持续实施 the year's name
    assert "持续" not in form.goals.long_term and "2027年" not in form.goals.long_term


def test_two_standards_of_one_unit_are_named_for_what_each_is_set_beside():
    brief = extract_brief("某县医保局2027年城乡居民参保补助资金，预算500万元，城镇居民3000人、每人每年补助400元，"
                          "农村居民9000人、每人每年补助380元 直接生成")
    draft = compose(brief, _context(brief), "101")
    cost = {r.value: r.name for r in draft.form.annual_indicators if r.level1 == "成本指标" and r.unit == "元/人·年"}
    assert cost["400"].startswith("城镇居民") and cost["380"].startswith("农村居民") and cost["400"] != cost["380"]
