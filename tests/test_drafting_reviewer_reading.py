"""Drafts read the way a finance-bureau reviewer reads them (panel round 2): whole names, no base numbers as outputs,
the right 二级, time limits carried, growth against a stated baseline, and a long-term aim that is not this year's
numbers. Every brief here is new (none is a dev brief)."""

import re

from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import compose
from assistant.drafting.context import DraftingContext, library_for
from assistant.schema import Indicator, PerformanceForm, ProjectInfo
from assistant.validation import validate


def _draft(text: str, framework: str = "101"):
    brief = extract_brief(f"{text} 直接生成")
    context = DraftingContext(brief=brief, framework=framework, precedents=[])
    context.library, _ = library_for(context.subject)
    return brief, compose(brief, context, framework)


def _rows(draft) -> dict[str, Indicator]:
    return {r.name: r for r in draft.form.annual_indicators}


def _labels(brief) -> dict[str, tuple[float, str]]:
    return {q.label: (q.value, q.unit) for q in brief.quantities}


# ---- (a) the counted thing is the whole noun phrase -----------------------------------------------


def test_several_things_joined_by_dun_or_he_are_one_counted_thing():
    brief = extract_brief("某县畜牧站2027年布病检测经费，预算40万元，全年检测奶牛、肉牛、山羊等约5万头，"
                          "维护城区广场和街头游园3.5万平方米，采购课桌300套、书柜40组")
    labels = _labels(brief)
    assert any("奶牛、肉牛、山羊" in label for label in labels), labels  # not 山羊 alone
    assert any("广场和街头游园" in label for label in labels), labels  # not 街头游园 alone
    # two counts side by side stay two things
    assert labels.get("采购课桌") == (300, "套") and labels.get("书柜") == (40, "组"), labels


def test_a_measure_word_of_the_number_before_is_not_part_of_a_coverage_name():
    brief = extract_brief("某镇2027年农村保洁经费，预算30万元，全镇312个自然村保洁员全覆盖")
    names = [r.label for r in brief.rates]
    assert "自然村保洁员覆盖率" in names, names


def test_a_unit_standard_is_named_for_the_thing_stated_just_before_it_and_the_work_paid_for():
    _, draft = _draft("某县公路事业发展中心2027年干线公路日常养护资金，预算300万元，养护干线公路130公里，"
                      "其中国道50公里、每公里每年9000元，省道80公里、每公里每年6000元")
    cost = {r.value: r.name for r in draft.form.annual_indicators if r.unit == "元/公里·年"}
    assert cost["9000"].startswith("国道") and cost["6000"].startswith("省道"), cost
    assert all("养护" in name for name in cost.values()), cost


def test_a_price_per_unit_of_a_thing_is_its_unit_price_and_an_approximate_one_a_ceiling():
    _, draft = _draft("某县林业站2027年义务植树苗木采购经费，预算20万元，采购造林苗木50万株，每万株苗木约2000元，"
                      "苗木成活率85%以上")
    cost = next(r for r in draft.form.annual_indicators if r.unit == "元/万株")
    assert cost.name == "苗木单价标准" and cost.operator == "≤", cost


def test_a_standard_per_person_keeps_who_it_is_per():
    _, draft = _draft("某县体育中心2027年青少年篮球训练营经费，预算12万元，举办训练营2期，按每名学员补助300元")
    cost = next(r for r in draft.form.annual_indicators if r.unit == "元/人")
    assert cost.name.startswith("每名学员"), cost.name


# ---- (b) base numbers are context, not outputs ------------------------------------------------------


def test_a_population_a_density_was_applied_to_is_no_row():
    brief, draft = _draft("某区综治中心2027年网格化服务管理经费，预算150万元，按每万人2名的标准，全区常住人口45万人，"
                          "配备专职网格员90名")
    assert not any("人口" in q.label for q in brief.quantities)
    assert not any("人口" in r.name for r in draft.form.annual_indicators)
    assert any(r.value == "90" for r in draft.form.annual_indicators)


def test_staff_the_county_has_are_counted_through_what_each_of_them_does():
    brief, draft = _draft("某镇派出所2027年驻村警务工作经费，预算18万元，全镇有驻村辅警24名，要求驻村辅警每月入户走访一次")
    assert not any(q.value == 24 for q in brief.quantities)  # the head count is the base, not an output
    visit = next(r for r in draft.form.annual_indicators if "走访" in r.name)
    assert "人均" in visit.name and visit.raw_value == "≥12次/人·年", visit


def test_people_on_the_roll_are_how_many_there_are_and_pupils_enrolled_are_those_reached():
    _, draft = _draft("某县民政局2027年特困人员供养经费，预算500万元，在册特困供养对象约430人，在园幼儿约900人")
    rows = _rows(draft)
    roll = next(r for r in rows.values() if r.value == "430")
    assert roll.operator == "=", roll  # not ≥: the roll is what it is
    assert any(r.name.startswith("受益幼儿") for r in rows.values()), list(rows)


# ---- (d) effects are 效益, standards of the work 质量 -------------------------------------------------


def test_harm_the_work_prevents_is_an_effect_and_an_accident_of_the_work_a_standard():
    _, draft = _draft("某县应急管理局2027年消防站运行经费，预算90万元，全年开展消防巡查600次，施工安全事故为零，"
                      "全年辖区较大火灾事故为零，松材线虫病发病率控制在0.5%以下，带动林下经济销售额5000万元以上，"
                      "仓库温湿度每天记录三次")
    rows = _rows(draft)
    fire = next(r for r in rows.values() if "火灾" in r.name)
    work = next(r for r in rows.values() if "施工安全事故" in r.name)
    assert (fire.level1, fire.level2) == ("效益指标", "社会效益指标"), fire
    assert work.level2 == "质量指标", work
    assert rows["松材线虫病发病率"].level1 == "效益指标"
    sales = next(r for r in rows.values() if r.name.endswith("销售额"))
    assert (sales.level1, sales.level2) == ("效益指标", "经济效益指标"), sales
    daily = next(r for r in rows.values() if r.unit == "次/天")
    assert daily.level2 == "质量指标" and daily.operator == "≥", daily


# ---- (e) when the money reaches people is a 时效 row --------------------------------------------------


def test_a_payment_schedule_is_a_timeliness_rate_and_a_recurring_date_says_it_once():
    """按季度发放 is whether the money arrives on schedule (…按季度发放及时率 =100%), not a count of payments (panel
    rounds 5–6); beside 每季度15日前拨付到村 a 按季度拨付 rate says the same again (panel round 3)."""
    _, draft = _draft("某县农业农村局2027年村级公益岗位补贴资金，预算150万元，公益岗位人员500名，每人每月250元，"
                      "按季度拨付，每季度15日前拨付到村")
    rows = draft.form.annual_indicators
    timely = [r for r in rows if r.level2 == "时效指标"]
    assert any("每季度15日前拨付到村" in r.name and r.raw_value == "=100%" for r in timely), timely
    assert not any("按季度拨付" in r.name for r in rows), rows
    assert not any(r.name == "项目完成时间" for r in rows)  # the year's end says nothing of a recurring payment
    assert not any(r.value == "4" and r.unit == "次" for r in rows), rows
    _, draft = _draft("某县民政局2027年困难群众生活补贴，预算90万元，补贴对象300人，每人每月250元，按季度发放")
    rows = draft.form.annual_indicators
    assert any(r.name.endswith("按季度发放及时率") and r.raw_value == "=100%" and r.level2 == "时效指标"
               for r in rows), rows
    assert not any(r.value == "4" and r.unit == "次" for r in rows), rows
    _, draft = _draft("某镇2027年社区网格员补贴，预算60万元，网格员100名，每人每月500元，补贴按月足额发放")
    rows = draft.form.annual_indicators
    assert any(r.name.endswith("按月足额发放率") and r.raw_value == "=100%" for r in rows), rows
    assert not any(r.value == "12" and r.unit == "次" for r in rows), rows


def test_a_frequency_of_work_is_the_least_to_reach():
    _, draft = _draft("某县卫健局2027年饮用水卫生监测经费，预算25万元，负责全县68个集中式供水点，每季度开展一次水质采样")
    row = next(r for r in draft.form.annual_indicators if "采样" in r.name)
    assert row.raw_value == "≥4次", row


# ---- validator: a price per ten thousand units --------------------------------------------------------


def test_a_price_per_ten_thousand_units_is_not_multiplied_ten_thousand_times():
    def form(budget):
        rows = [Indicator(level1="成本指标", level2="经济成本指标", name="苗木单价标准", operator="≤", value="2000",
                          unit="元/万株", basis="预算支出标准"),
                Indicator(level1="产出指标", level2="数量指标", name="苗木数量", operator="≥", value="50", unit="万株",
                          basis="计划标准")]
        return PerformanceForm(project=ProjectInfo(name="苗木采购", unit="某县林业站", budget_wan=budget, year=2027),
                               annual_indicators=rows)

    rule = "budget.unit_cost_exceeds_budget"
    assert not any(f.rule == rule for f in validate(form(12), framework="101"))  # 2000元 × 50 = 10万元
    assert any(f.rule == rule for f in validate(form(5), framework="101"))


# ---- (c) a change needs its baseline ------------------------------------------------------------------


def test_a_stated_change_says_what_it_is_measured_against():
    brief = extract_brief("某县图书馆2027年流动书车服务经费，预算15万元，借阅人次较2026年增长12%，读者投诉量下降20%")
    rates = {r.label: r.value for r in brief.rates}
    assert rates.get("借阅人次较2026年增长率") == 12, rates  # the baseline the user gave
    assert rates.get("读者投诉量较上年下降率") == 20, rates  # none given: against the year before, written out


def test_a_borrowed_change_row_is_written_against_the_year_before_and_its_baseline_is_asked_for():
    from assistant.drafting.homes import with_baseline

    brief = extract_brief("某县2027年公园管护经费，预算50万元")
    borrowed = Indicator(level1="效益指标", level2="社会效益指标", name="公园管护投诉下降率", operator="≥", value="10",
                         unit="%", basis="计划标准", sources=["lib:x"])
    rewritten = with_baseline(borrowed, brief)
    assert rewritten.name == "公园管护投诉较上年下降率" and rewritten.basis == "历史标准"
    said = extract_brief("某县2027年公园管护经费，预算50万元，游园人次较2025年增长5%")
    assert with_baseline(borrowed, said).name == "公园管护投诉较2025年下降率"
    stated = borrowed.model_copy(update={"name": "公园管护投诉同比下降率"})
    assert with_baseline(stated, brief) is stated  # a baseline already written is kept


# ---- (f) the long-term aim is not this year's quantities, and can be checked at the end of the period ---------


def test_the_long_term_goal_names_the_years_and_the_level_each_effect_is_held_at():
    import re as _re

    _, draft = _draft("某区文化馆2027年社区文化站运行经费，预算66万元，运行社区文化站25个，全年开展公益培训400场，"
                      "居民参与率达到60%以上，全年文化站安全事故为零，居民满意度不低于92%")
    form = draft.form
    text = form.goals.long_term
    assert text.startswith("2027—2029年"), text
    quantities = {r.value for r in form.annual_indicators if r.level2 in ("数量指标", "经济成本指标")}
    assert not (set(_re.findall(r"\d+(?:\.\d+)?", text.replace("2027—2029", ""))) & quantities), text
    # 逐年提高 / 较高水平 cannot be checked in 2029: each effect keeps its level
    assert "参与率保持在60%以上" in text and "满意度保持在92%以上" in text, text
    assert "较高水平" not in text and "逐年提高" not in text


def test_a_one_off_projects_long_term_goal_is_what_the_work_leaves_behind():
    _, draft = _draft("某县教育局2027年乡村学校饮水设备购置项目，预算35万元，购置直饮水设备120台，10月底前安装完成")
    text = draft.form.goals.long_term
    assert text.startswith("通过实施") and "持续" not in text and "120" not in text, text


# ---- goal text wording -----------------------------------------------------------------------------------


def test_the_annual_goal_says_what_is_done_with_the_money():
    from assistant.drafting.goaltext import doing, phrase

    assert doing("乡村医生基本报酬") == "发放乡村医生基本报酬"
    assert doing("图书馆物业管理费") == "保障图书馆物业管理"
    assert doing("") == "实施本项目"  # no name read: never "实施未命名"
    due = Indicator(level1="产出指标", level2="时效指标", name="完成验收时间", operator="≤", value="2027年9月30日",
                    unit="")
    assert phrase(due) == "于2027年9月30日前完成验收"


# ---- (i) an unmeasurable degree is not reused --------------------------------------------------------------


def test_a_qualitative_degree_row_of_a_precedent_is_not_reused():
    from assistant.drafting.candidates import is_reusable

    degree = Indicator(level1="效益指标", level2="经济效益指标", name="对降低运行成本的改善程度", operator="定性",
                       value="程度较高", unit="")
    graded = degree.model_copy(update={"name": "群众认可度", "value": "优"})
    assert is_reusable(graded)  # graded wording a reviewer can score is still reused
    assert not is_reusable(degree)


# ---- more of (a): what the words around a count add to its name -----------------------------------------


def test_added_this_year_reached_by_the_work_and_quoted_names_stay_in_the_name():
    brief = extract_brief("某县文旅局2027年乡村文化服务经费，预算30万元，新增配备音响设备40套、投影仪25台，"
                          "巡演覆盖全县12个乡镇，“我们的节日”主题活动9月底前完成，开展春、秋两轮巡演检查")
    labels = _labels(brief)
    assert labels.get("新增配备音响设备") == (40, "套") and labels.get("新增投影仪") == (25, "台"), labels
    assert labels.get("覆盖乡镇") == (12, "个"), labels
    assert brief.deadline_what == "“我们的节日”主题活动完成"
    assert any(unit == "轮" and value == 2 for value, unit in labels.values()), labels  # 两轮: a numeral before 轮


# ---- more of (h)/(d): borrowed rows a reviewer would not accept as filed -----------------------------------


def test_a_borrowed_coverage_of_what_the_brief_counts_is_not_added():
    from assistant.drafting.homes import covers_counted

    brief = extract_brief("某区2027年社区托育补贴，预算50万元，全区建成社区托育点16个")
    assert covers_counted("托育服务社区覆盖率", brief)  # the brief counts its 社区托育点: no base for the rate
    assert not covers_counted("托育机构安全检查覆盖率", brief)


def test_a_borrowed_awareness_rate_is_a_social_effect_and_an_inspection_pass_rate_a_quality():
    from assistant.drafting.candidates import rehome

    assert rehome("效益指标", "可持续影响指标", "惠民政策知晓率") == ("效益指标", "社会效益指标")
    assert rehome("效益指标", "生态效益指标", "街面保洁考核达标率") == ("产出指标", "质量指标")
    assert rehome("效益指标", "可持续影响指标", "设施完好率") == ("效益指标", "可持续影响指标")


def test_yearly_upkeep_is_no_one_off_and_posts_filled_are_exact():
    brief, draft = _draft("某县水务局2027年灌区渠道维修养护资金，预算80万元，负责全县干支渠道45条的日常维修养护，"
                          "聘用渠道管护员30名，渠道完好率95%以上")
    text = draft.form.goals.long_term
    assert text.startswith("2027—2029年") and "持续" in text, text  # upkeep recurs every year
    hired = next(r for r in draft.form.annual_indicators if r.value == "30")
    assert hired.operator == "=", hired  # 聘用30名: the posts, not a floor
    assert "管护员30名" in draft.form.goals.annual and "覆盖聘用" not in draft.form.goals.annual


def test_those_paid_are_asked_and_a_name_before_its_use_is_read():
    brief, draft = _draft("某县卫健局2027年乡村医生基本报酬经费主要用于全县乡村医生，共计210名乡村医生，"
                          "按每人每月1800元标准，预算453.6万元，按月发放")
    assert brief.name == "2027年乡村医生基本报酬经费"  # the name ends before 主要用于
    satisfaction = next(r for r in draft.form.annual_indicators if r.level1 == "满意度指标")
    assert satisfaction.name == "乡村医生满意度", satisfaction


def test_on_the_spot_completion_is_a_time_row_and_the_verb_before_a_list_stays():
    brief, draft = _draft("某县不动产登记中心2027年登记窗口运行经费，预算90万元，设登记窗口20个，简易登记事项当场办结，"
                          "发放权利证书、证明等材料约3万件")
    row = next(r for r in draft.form.annual_indicators if "当场办结" in r.name)
    assert (row.level2, row.raw_value) == ("时效指标", "=100%"), row
    assert not any(r.name == "项目完成时间" for r in draft.form.annual_indicators)
    assert any(q.label == "发放材料" for q in brief.quantities), [q.label for q in brief.quantities]


def test_an_extra_payment_is_named_a_subsidy():
    _, draft = _draft("某区2027年幸福食堂运营补贴，预算60万元，全区20家幸福食堂，另外70岁以上的老人每餐再补3元")
    cost = next(r for r in draft.form.annual_indicators if r.unit == "元/餐")
    assert cost.name == "70岁以上老人补贴标准", cost.name


def test_round3_readings_area_of_the_same_rooms_costs_said_once_and_zero_in_words():
    """Panel round 3: 改造悼念厅3间共约450平方米 is the area of those rooms (not “间面积”); a cost named after a count
    does not say its work twice (上站体检 + 体检费用 → 上站体检费用); a row held at zero reads “…为0” in the goal."""
    _, draft = _draft("某县应急管理局2027年避难场所改造项目，预算90万元，改造避难场所值班室4间共约260平方米，"
                      "巡查应急物资库房30次、每次巡查费用约200元，施工安全事故为零，10月底前完工")
    rows = {r.name: r for r in draft.form.annual_indicators}
    area = next(r for r in rows.values() if r.unit == "平方米")
    assert area.name.startswith("改造避难场所值班室") and area.name.endswith("面积"), area
    assert not any("费用费用" in n or "巡查巡查" in n for n in rows), rows
    assert "为0" in draft.form.goals.annual and "达到0" not in draft.form.goals.annual


def test_round4_readings_budget_said_as_applied_for_and_results_are_no_budget():
    """申报80万元 is the budget; 意向成交额、带动消费 are what the project brings about, never its budget."""
    from assistant.drafting.brief import extract_brief

    assert extract_brief("某县文旅局2027年乡村旅游节补助经费，某县文旅局2027年申报80万元，单场最高补助2万元").budget_wan == 80
    assert extract_brief("某县工信局2027年企业数字化改造奖补，资金还在测算，力争带动企业投资额5亿元").budget_wan is None


def test_round4_readings_all_at_once_and_thresholds_are_no_counts():
    """一次性拨付 is how the money is paid, not “1次”; 服务千人以上的 picks who qualifies, not a count of work."""
    from assistant.drafting.brief import extract_brief

    brief = extract_brief("奖补资金一次性拨付到位，对年服务千人以上的站点给予奖励。")
    assert not brief.quantities


def test_round4_the_users_own_reach_is_the_effect_when_nothing_else_is():
    """With no 效益 row of its kind, the user's 参与率 / 受益户数 is the project's social effect, not a gap."""
    _, draft = _draft("某县文旅局2027年乡村戏台修缮补助资金，预算60万元，补助修缮乡村戏台20座，村民参与率达到70%以上，"
                      "受益村民约8000人次")
    rows = draft.form.annual_indicators
    benefit = [r for r in rows if r.level1 == "效益指标"]
    assert benefit and all(any(s.startswith("brief:") for s in r.sources) for r in benefit), benefit
    assert not any(r.name.startswith("（待补充）") and r.level1 == "效益指标" for r in rows)


def test_round4_the_only_count_stays_an_output():
    """受益 counts become the social effect only when another 数量 row remains: every table needs its 数量."""
    _, draft = _draft("某县农业农村局2027年特色水果种植补助资金，预算40万元，受益种植户约300户，补助资金及时发放率100%")
    rows = draft.form.annual_indicators
    assert any(r.level2 == "数量指标" and not r.name.startswith("（待补充）") for r in rows), rows
    assert not [f for f in draft.findings if f.severity == "error"], draft.findings


def test_round4_a_long_term_goal_without_effects_keeps_up_the_users_standards_not_a_stock_phrase():
    """“建立稳定的保障机制” said nothing (round 4); with no effect row, the standards the user set are the lasting aim."""
    _, draft = _draft("某县交通运输局2027年农村客运站运行补助资金，预算30万元，补助农村客运站12个，客运班车准点率不低于95%")
    text = draft.form.goals.long_term
    assert "建立稳定的保障机制" not in text and "准点率" in text, text


def test_round5_a_part_of_the_money_is_no_shortfall():
    """Panel round 5: a question that the budget is “far below” was wrong where a standard pays for one part of
    several (每亩补偿 beside 护林员工资), or where a second count multiplies the first (2名 at each of 40站)."""
    from assistant.drafting.brief import extract_brief
    from assistant.drafting.costs import budget_question

    parts = extract_brief("某县林业局2027年天然林保护补助资金，预算500万元，对30万亩天然林按每亩15元补助，"
                          "聘用护林员30人，每人每月800元。")
    assert budget_question(parts) == ""
    nested = extract_brief("某县2027年乡村公益书屋管理员补贴，预算60万元，全县50个书屋每个配2名管理员，每人每月500元。")
    assert budget_question(nested) == ""
    over = extract_brief("某县2027年困难群众慰问金，预算20万元，慰问困难群众5000户，每户500元。")
    assert "超过预算" in budget_question(over)
