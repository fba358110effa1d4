"""Deterministic brief extraction and the questions asked before drafting."""
import pytest

from assistant.drafting.brief import extract_brief, missing_facts, next_question

SEED2_GOAL = ("通过组织就业援助对象开展职业技能培训和创业培训，帮助培训对象提高就业技能和创业技能。"
              "年度开展职业技能培训488人，创业培训1182人，对符合条件的对象发放生活补贴6人。")


def test_amounts_counts_unit_costs_rates_and_deadline():
    brief = extract_brief("我们要做一个2027年农民工职业技能培训项目，预算50万元，计划培训500人，人均补贴800元，"
                          "举办3期，合格率不低于90%，12月底前完成。面向辖区失业人员。")
    assert brief.name == "2027年农民工职业技能培训项目"
    assert brief.budget_wan == 50
    assert brief.year == 2027
    assert [(q.label, q.value, q.unit) for q in brief.quantities] == [("培训", 500, "人"), ("", 3, "期")]
    assert [(c.value, c.unit) for c in brief.unit_costs] == [(800, "元/人")]
    assert [(r.label, r.value) for r in brief.rates] == [("合格率", 90)]
    assert brief.deadline == "2027年12月底"
    assert brief.beneficiaries == "辖区失业人员"
    assert brief.sector == "就业培训"
    assert next_question(brief) is None


def test_goal_text_quantities_keep_what_they_count():
    brief = extract_brief(SEED2_GOAL)
    assert [(q.label, q.value) for q in brief.quantities] == [
        ("职业技能培训", 488), ("创业培训", 1182), ("对象发放生活补贴", 6)]


def test_asks_one_question_at_a_time_for_missing_essentials():
    brief = extract_brief("我们想办一个会议")
    assert missing_facts(brief) == ["budget", "quantities", "timeframe"]
    assert "预算" in next_question(brief)
    brief = extract_brief("预算12万元", brief)
    assert "工作量" in next_question(brief)
    brief = extract_brief("举办2场，每场200人", brief)
    assert "年度" in next_question(brief)
    brief = extract_brief("2027年实施", brief)
    assert next_question(brief) is None


def test_direct_generation_skips_questions():
    brief = extract_brief("办一个会议，直接生成")
    assert missing_facts(brief) and next_question(brief) is None


def test_later_statement_replaces_earlier_one():
    brief = extract_brief("预算50万元，培训500人")
    brief = extract_brief("预算改为30万，培训600人", brief)
    assert brief.budget_wan == 30
    assert [(q.label, q.value) for q in brief.quantities] == [("培训", 600)]


def test_money_in_yuan_becomes_wan():
    assert extract_brief("项目资金80000元").budget_wan == 8


def test_quantities_in_wan_units_are_not_money():
    brief = extract_brief("城区绿化养护项目，预算300万元，养护绿地面积120万平方米，服务群众3万人次")
    assert brief.budget_wan == 300
    assert [(q.value, q.unit) for q in brief.quantities] == [(120, "万平方米"), (3, "万人次")]


@pytest.mark.parametrize("text, name, unit", [
    ("我们单位要办职业技能培训项目，预算50万元", "职业技能培训项目", ""),
    ("我们是市园林局，要做城区绿化养护项目，预算300万元", "城区绿化养护项目", "市园林局"),
    ("办公楼维修项目，预算30万", "办公楼维修项目", ""),  # 办 of 办公楼 is no verb
])
def test_name_and_unit_from_how_people_talk(text, name, unit):
    brief = extract_brief(text)
    assert (brief.name, brief.unit) == (name, unit)
