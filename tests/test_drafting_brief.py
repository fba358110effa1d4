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



def test_a_sentence_about_what_we_pay_is_no_project_name():
    assert extract_brief("我们给80名困难学生发助学金，每人每年3000元。").name == ""



def test_unit_standards_per_station_per_vehicle_kilometre_and_per_term():
    """每站每年, 每车公里, 每生每学期 are unit standards with compound units; 樘 and 车公里 are counted things."""
    brief = extract_brief("某县水文站运行经费，每站每年维护费约6000元；渡轮按每车公里2.5元补贴；"
                          "按每生每学期200元补助；更换窗户80樘，全年航运里程约30万车公里。")
    costs = {(c.value, c.unit) for c in brief.unit_costs}
    assert {(6000.0, "元/站·年"), (2.5, "元/车公里"), (200.0, "元/生·学期")} <= costs
    assert {(q.value, q.unit) for q in brief.quantities} >= {(80.0, "樘"), (30.0, "万车公里")}



def test_percent_in_words_per_vehicle_costs_and_money_the_work_brings_about():
    brief = extract_brief("某县文旅局2027年乡村音乐节经费，预算80万元，舞台设备按每车每年3万元租赁，"
                          "设备验收合格率百分之百，带动民宿餐饮消费800万元以上。")
    assert (3.0, "万元/车·年") in {(c.value, c.unit) for c in brief.unit_costs}
    assert any(r.value == 100 and "合格率" in r.label for r in brief.rates)
    driven = next(q for q in brief.quantities if q.unit == "万元")
    assert driven.value == 800 and driven.label.endswith("额") and brief.budget_wan == 80


# How staff name a project and its unit, beyond the common openings: a name ending in the money it is (慰问金,
# 燃油费); units that are societies (基金会), end in 部, sit after the name (…资金，某市交通运输局2027年申报) or
# follow 我们 without 是; verbs after the year (要做, 实施, 想申报); no unit from a place-less “…服务站点”.
@pytest.mark.parametrize("text, name, unit", [
    ("我们单位要办职业技能培训项目，预算50万元", "职业技能培训项目", ""),
    ("我们是市园林局，要做城区绿化养护项目，预算300万元", "城区绿化养护项目", "市园林局"),
    ("办公楼维修项目，预算30万", "办公楼维修项目", ""),  # 办 of 办公楼 is no verb
])
def test_name_and_unit_from_how_people_talk(text, name, unit):
    brief = extract_brief(text)
    assert (brief.name, brief.unit) == (name, unit)


# ---- reading a brief the way staff write it (briefs unlike the development set's) ----------------------------


def test_a_noun_phrase_names_the_unit_and_the_project():
    brief = extract_brief("某市城市管理局2027年公厕保洁运维项目，预算六十万元，负责全市36座公厕，每月开展一次消毒。")
    assert (brief.unit, brief.name, brief.budget_wan) == ("某市城市管理局", "2027年公厕保洁运维项目", 60)
    brief = extract_brief("社区戒毒康复工作经费，某县司法局，2027年预算45万元，管控社区戒毒人员120名。")
    assert (brief.name, brief.unit) == ("社区戒毒康复工作经费", "某县司法局")


def test_every_number_keeps_the_thing_it_counts():
    brief = extract_brief("某市城市管理局2027年公厕保洁运维项目，预算60万元，负责全市36座公厕，每月开展一次消毒，"
                          "约2万人次如厕服务，培训保洁员三百人，故障4小时内修复，安全事故为零。")
    got = {(q.label, q.value, q.unit): (q.fixed, q.target, q.frequency) for q in brief.quantities}
    assert got[("公厕", 36, "座")] == (True, False, False)  # the counted thing follows its measure word
    assert got[("消毒", 12, "次")][2]  # 每月一次 → 12 times a year
    assert got[("培训保洁员", 300, "人")] == (False, False, False)  # 三百人 read as 300
    assert any(q.unit == "万人次" and q.value == 2 and q.target for q in brief.quantities)  # 约: a target, kept
    assert any(q.value == 0 and q.unit == "起" and "安全事故" in q.label for q in brief.quantities)
    assert [(t.label, t.value, t.unit) for t in brief.time_limits] == [("故障修复时限", 4, "小时")]


def test_unit_standards_keep_what_they_are_per():
    brief = extract_brief("2027年农机购置补贴，预算300万元，亩均补助300元，每台每年维护费1200元，"
                          "60周岁以上农机手每人每月补助200元，每场培训补助2500元")
    units = sorted(c.unit for c in brief.unit_costs)
    assert units == ["元/亩", "元/人·月", "元/台·年", "元/场"]


def test_rates_keep_the_words_that_name_them():
    brief = extract_brief("2027年老年人健康体检项目，预算80万元，65岁以上老年人体检率达到80%，体检结果告知率不低于95%，"
                          "健康档案错误率控制在1%以内")
    rates = {r.label: (r.value, r.operator) for r in brief.rates}
    assert rates == {"65岁以上老年人体检率": (80, "≥"), "体检结果告知率": (95, "≥"), "健康档案错误率": (1, "≤")}


@pytest.mark.parametrize("text, name, unit", [
    ("某县见义勇为基金会2027年见义勇为人员慰问金，预算36万元，春节前发放。", "2027年见义勇为人员慰问金", "某县见义勇为基金会"),
    ("某区城管局执法车辆维修燃油费，预算20万元。", "执法车辆维修燃油费", "某区城管局"),
    ("某县红十字会2027年应急救护培训项目，预算10万元。", "2027年应急救护培训项目", "某县红十字会"),
    ("残疾人就业保障金代征经费，某县税务局2027年申报，预算20万元。", "残疾人就业保障金代征经费", "某县税务局"),
    ("某县委宣传部2027年网络文明建设经费，预算15万元。", "2027年网络文明建设经费", "某县委宣传部"),
    ("某区人民武装部2027年民兵应急训练经费，预算30万元。", "2027年民兵应急训练经费", "某区人民武装部"),
    ("某县水利局2027年要做水资源保护规划编制，预算40万元。", "2027年水资源保护规划编制", "某县水利局"),
    ("我们是某县交通运输局，2027年实施农村客运站改造项目，预算80万元。", "2027年农村客运站改造项目", "某县交通运输局"),
    ("乡村学校少年宫运行经费，我们某县教育局2027年预算60万元。", "乡村学校少年宫运行经费", "某县教育局"),
    ("我们是某区司法局，2027年想申报社区矫正信息化运维经费40万元。", "2027年社区矫正信息化运维经费", "某区司法局"),
    ("快递末端服务点运行补助经费，某县邮政管理局2027年预算20万元。", "快递末端服务点运行补助经费", "某县邮政管理局"),
])
def test_more_ways_staff_name_the_project_and_the_unit(text, name, unit):
    brief = extract_brief(text)
    assert (brief.name, brief.unit) == (name, unit)


def test_half_yearly_work_caps_per_unit_and_numerals_before_more_measures():
    """每半年组织…一次 is twice a year; 单台最高不超过N万元 caps what one costs; 二千件 is a count of 件."""
    brief = extract_brief("某县司法局2027年社区矫正经费，预算40万元，每半年组织社区矫正对象集中教育一次，"
                          "单台定位终端最高不超过2000元，办理矫正案件三百件左右。")
    assert any(q.frequency and q.value == 2 and "集中教育" in q.label for q in brief.quantities), brief.quantities
    assert (2000.0, "元/台") in {(c.value, c.unit) for c in brief.unit_costs}
    assert any(q.value == 300 and q.unit == "件" for q in brief.quantities), brief.quantities
