"""What the round 14 panel struck or sent back on drafts of kinds the library does not know: 补助 rows in projects that
pay nobody (a 补助 in a description that is the cost of the unit's own work), a rate raised by points read as a count
of 百分点, work done in batches named 分数量, 开展一次X read as 万人开展, stock counts with no work in their name, a
standard per head beside a count of attendances, and a draft listing whose notes showed only one question. Every brief
here is written for these tests, none is an evaluation brief."""

from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import compose
from assistant.drafting.context import DraftingContext, library_for
from assistant.library import spending_ways
from eval.brief_eval import draft_markdown

COMMON_GRANT = ("补助对象认定准确率", "补助资金足额发放率")


def _draft(text: str):
    brief = extract_brief(f"{text} 直接生成")
    context = DraftingContext(brief=brief, framework="101", precedents=[])
    context.library, _ = library_for(context.subject)
    return brief, compose(brief, context, "101")


def _rows(draft) -> list[tuple[str, str, str, str]]:
    return [(r.level1, r.level2, r.name, r.raw_value) for r in draft.form.annual_indicators]


# ---- a 补助 is a grant when it is given ---------------------------------------------------------------


def test_a_subsidy_in_a_description_is_a_grant_only_when_it_is_given_to_someone():
    # the cost of the unit's own work, called 补助: no grant rows
    assert "共性:补助发放" not in spending_ways("2027年乡村放映员下乡放映项目", "全年放映400场，每场放映补助150元")
    assert "共性:补助发放" not in spending_ways("2027年水文站看护项目", "聘请看护员12名，每人每月看护补助600元")
    # given to someone: a grant
    assert spending_ways("2027年家庭农场培育项目", "对新认定的20家家庭农场每家给予1万元补助") == ("共性:补助发放",)
    assert spending_ways("2027年孤老慰问项目", "春节前向孤老人员发放慰问品，每人300元补助") == ("共性:补助发放",)
    # a name that is the grant needs no such words
    assert spending_ways("2027年家庭农场培育奖补资金") == ("共性:补助发放",)


def test_a_shelter_or_a_rescue_service_is_no_payment():
    assert spending_ways("2027年流浪乞讨人员庇护救助经费") == ()
    assert spending_ways("2027年野生动物收容救助经费") == ()
    assert spending_ways("2027年困难群众临时救助资金") == ("共性:补助发放",)


def test_a_project_that_pays_its_own_work_drafts_no_grant_rows():
    _, draft = _draft("某县林业局2027年古树巡护经费六万元，聘用巡护员20名，每人每月巡护补助250元，每月巡护不少于4次。")
    assert not [r for r in draft.form.annual_indicators if r.name in COMMON_GRANT]


# ---- a rate raised by points ---------------------------------------------------------------------------


def test_a_rate_raised_by_points_is_an_effect_against_last_year_not_a_count():
    _, draft = _draft("某县水利局2027年农村供水工程维修养护经费二十万元，维修养护供水工程35处，"
                      "农村自来水普及率比上年提高1.5个百分点。")
    rows = _rows(draft)
    assert ("效益指标", "社会效益指标", "农村自来水普及率较上年提高幅度", "≥1.5个百分点") in rows
    assert not [r for r in rows if "百分点" in r[2]]
    assert "百分点数量" not in draft.form.goals.annual


def test_a_rate_lowered_by_points_is_named_as_a_fall():
    brief = extract_brief("某区市场监管局2027年食品抽检经费，抽检食品800批次，不合格率较2026年下降0.3个百分点")
    assert [(r.label, r.value, r.unit) for r in brief.rates] == [("不合格率较2026年下降幅度", 0.3, "个百分点")]


# ---- work done in batches, events held once ---------------------------------------------------------


def test_work_split_into_batches_counts_batches_of_the_work():
    _, draft = _draft("某县残联2027年残疾人职业技能培训项目，预算二十万元，培训残疾人200人，全年分四批完成。")
    assert ("产出指标", "数量指标", "残疾人职业技能培训批次", "=4批") in _rows(draft)
    _, draft = _draft("某县农业农村局2027年农民夜校项目，预算五万元，分两批编印培训教材3000册。")
    assert ("产出指标", "数量指标", "编印培训教材批次", "=2批") in _rows(draft)


def test_an_event_held_once_is_counted_for_the_event_not_the_words_before_it():
    _, draft = _draft("某县教育局2027年学生脊柱侧弯筛查经费八万元，对全县中小学生约2万人开展一次脊柱侧弯筛查。")
    names = [r[2] for r in _rows(draft)]
    assert "脊柱侧弯筛查次数" in names
    assert "脊柱侧弯筛查中小学生人数" in names  # the work done to them, without the county as if it were who
    assert not [n for n in names if n.startswith("万人")]


def test_a_monitoring_point_is_a_place_and_its_count_names_the_work_done_there():
    _, draft = _draft("某县生态环境局2027年土壤环境监测经费十万元，对全县40个土壤监测点进行年度采样分析，"
                      "每个监测点分析费2000元。")
    assert "采样分析土壤监测点数量" in [r[2] for r in _rows(draft)]


# ---- a standard per head beside a count of attendances -------------------------------------------


def test_a_standard_per_head_beside_attendances_is_per_attendance():
    _, draft = _draft("某县人社局2027年家政服务员培训项目，预算十二万元，培训家政服务员300人次，每人培训费400元。")
    assert [r.unit for r in draft.form.annual_indicators if r.level1 == "成本指标" and r.name != "项目总成本"] == ["元/人次"]
    _, draft = _draft("某县人社局2027年家政服务员培训项目，预算十二万元，培训家政服务员300人，每人培训费400元。")
    assert [r.unit for r in draft.form.annual_indicators if r.level1 == "成本指标" and r.name != "项目总成本"] == ["元/人"]


# ---- what the reviewer reads beside the draft --------------------------------------------------------


def test_the_listing_for_reviewers_shows_every_note_and_question_the_chat_shows():
    text = "某县文化馆2027年群众合唱比赛经费三万元，举办合唱比赛1场，每支队伍补助500元，参赛队伍20支。"
    brief, draft = _draft(text)
    assert len(draft.notices) >= 2  # the gap rows' questions, not only the budget question
    record = {"id": "t", "text": text, "form": draft.form.model_dump(), "notices": draft.notices}
    listing = draft_markdown(record)
    assert all(notice in listing for notice in draft.notices)


# ---- numbers that count nothing, things named twice ------------------------------------------------


def test_an_ordinal_or_a_one_each_rule_is_no_count():
    brief = extract_brief("某县统计局2027年第四次农业普查资料开发经费五万元，编印资料汇编300册，为全县脱贫户建立一户一档")
    assert [(q.label, q.value, q.unit) for q in brief.quantities] == [("编印资料汇编", 300.0, "册")]


def test_cases_are_counted_in_例():
    _, draft = _draft("某县妇幼保健院2027年新生儿听力筛查项目，预算十万元，全年完成新生儿听力筛查不少于2600例。")
    assert ("产出指标", "数量指标", "新生儿听力筛查例数", "≥2600例") in _rows(draft)


def test_a_standard_per_thing_and_year_keeps_the_year_and_names_the_thing_once():
    _, draft = _draft("某县交通运输局2027年农村公交候车亭保洁经费九万元，保障全县150个农村公交候车亭正常运行，"
                      "按每个候车亭每年600元给予补助。")
    rows = _rows(draft)
    assert ("成本指标", "经济成本指标", "候车亭补助标准", "=600元/个·年") in rows
    assert [r[2] for r in rows if r[1] == "数量指标"] == ["保洁农村公交候车亭数量"]  # 正常运行 is not counted
    _, draft = _draft("某街道2027年楼道灯维护经费四万元，维护楼道灯2000盏，每盏楼道灯每年维护费20元。")
    assert ("成本指标", "经济成本指标", "楼道灯维护费标准", "=20元/盏·年") in _rows(draft)


def test_children_counted_for_whom_the_work_is_done_are_not_named_by_the_verb_after_them():
    brief = extract_brief("某区民政局2027年孤儿关爱项目，预算八万元，为辖区孤儿45名建立成长档案")
    assert [(q.label, q.value) for q in brief.quantities] == [("孤儿", 45.0)]


def test_work_that_ends_by_a_date_is_named_for_the_project_and_its_batches_read_as_batches():
    _, draft = _draft("某县老干部局2027年离退休干部健康体检项目，预算二十万元，组织离退休干部体检800人次，"
                      "全年分两批完成，9月底前全部结束。")
    rows = _rows(draft)
    assert ("产出指标", "时效指标", "离退休干部健康体检完成时间", "≤2027年9月30日") in rows
    assert "分2批实施" in draft.form.goals.annual and "批次2批" not in draft.form.goals.annual


def test_the_约_of_签约_is_part_of_the_word_and_a_result_issued_on_the_spot_is_timely():
    brief = extract_brief("某县卫健局2027年家庭医生签约服务经费，重点人群签约3.1万人，预约诊疗约800人次，检测报告当场出具")
    assert [(q.label, q.target) for q in brief.quantities] == [("重点人群签约", False), ("预约诊疗", True)]
    assert [r.label for r in brief.rates] == ["检测报告当场出具率"]


def test_how_many_there_are_on_the_roll_is_the_setting_when_the_work_is_counted_in_visits():
    _, draft = _draft("某县供电所2027年农村用电安全入户检查经费五万元，全县现有农村用户约3.5万户，计划入户检查8000户次。")
    assert [r[2:] for r in _rows(draft) if r[1] == "数量指标"] == [("入户检查户次", "≥8000户次")]
    _, draft = _draft("某县供电所2027年农村用电安全入户检查经费五万元，全县现有农村用户约3.5万户，计划入户检查8000户。")
    assert len([r for r in _rows(draft) if r[1] == "数量指标"]) == 2  # no visits counted: the roll may be the scope


def test_a_limit_said_to_hold_as_a_rule_is_the_limit_and_clean_water_is_an_ecological_outcome():
    brief, draft = _draft("某区农业农村局2027年稻田退水治理资金八十万元，建设生态沟渠12公里，退水达标排放率达到90%以上，"
                          "沟渠清淤原则上每次不超过5天。")
    rows = _rows(draft)
    assert ("效益指标", "生态效益指标", "退水达标排放率", "≥90%") in rows
    assert not [r for r in rows if "原则上" in r[2]]
    brief = extract_brief("一般隐患30日内完成整改闭环")  # 一般 before the thing is its grade, kept
    assert [q.label for q in brief.time_limits] == ["一般隐患完成整改闭环时限"]


def test_a_row_about_building_is_not_reused_for_a_project_that_builds_nothing():
    from assistant.drafting.candidates import builds_unsaid
    from assistant.drafting.context import DraftingContext

    upkeep = DraftingContext(brief=extract_brief("某县2027年农村公厕后续管护经费，对全县120座公厕开展日常保洁"), framework="101")
    building = DraftingContext(brief=extract_brief("某县2027年农村公厕改造项目，新建公厕30座"), framework="101")
    assert builds_unsaid("改厕竣工验收合格率", upkeep) and not builds_unsaid("改厕竣工验收合格率", building)
    assert not builds_unsaid("公厕保洁合格率", upkeep)


# ---- from the round 15 panel (fresh12, read after it was judged) ----------------------------------


def test_a_rate_that_must_rise_by_points_is_read_with_its_modal():
    brief = extract_brief("某县人社局2027年劳动保障监察经费，参保单位缴费合规率要比上年提高3个百分点")
    assert [(r.label, r.value, r.unit) for r in brief.rates] == [("参保单位缴费合规率较上年提高幅度", 3.0, "个百分点")]
    assert not brief.quantities


def test_one_at_each_place_counts_the_places_and_the_things_in_all():
    brief = extract_brief("某县卫健局2027年村卫生室设备配置项目，为全县45个村卫生室各配1台心电图机")
    assert [(q.label, q.value, q.unit) for q in brief.quantities] == [
        ("配备心电图机村卫生室", 45.0, "个"), ("配备心电图机", 45.0, "台")]


def test_limits_said_with_要_and_a_second_limit_for_the_same_thing():
    brief = extract_brief("某区城管局2027年路灯维护经费，市民报修要2小时内到场、24小时内修复完毕。")
    assert [(q.label, q.value) for q in brief.time_limits] == [("市民报修到场时限", 2.0), ("市民报修修复时限", 24.0)]


def test_rows_reviewers_struck_in_every_round_are_not_drafted_from_the_way_of_spending():
    from assistant.drafting.context import gather_context

    brief = extract_brief("某县气象局2027年自动气象站运维经费十万元，运维自动气象站36个，故障24小时内修复。 直接生成")
    context = gather_context(brief, None, "101")  # with the 共性 rows of its way of spending (运行维护)
    assert any(row.kind == "共性:运行维护" for row in context.library)
    names = [r.name for r in compose(brief, context, "101").form.annual_indicators]
    assert "设施完好率" not in names and "工程安全事故发生数" not in names and "成果采纳应用率" not in names


def test_a_rate_kept_at_a_level_is_read_and_a_pass_rate_is_no_reach():
    from assistant.drafting.homes import reached_as_benefit
    from assistant.schema import Indicator

    brief = extract_brief("某县2027年应急广播运维经费，应急广播终端在线率保持97%以上，故障响应2小时内")
    assert [(r.label, r.value) for r in brief.rates] == [("应急广播终端在线率", 97.0)]
    assert [q.label for q in brief.time_limits] == ["故障响应时限"]  # the 应 of 响应 is no modal
    passed = Indicator(level1="产出指标", level2="质量指标", name="成果质检通过率", operator="=", value="100", unit="%",
                       basis="计划标准", sources=["brief:成果质检通过率100%"])
    bus = passed.model_copy(update={"name": "建制村通客车率"})
    assert reached_as_benefit(passed).level1 == "产出指标" and reached_as_benefit(bus).level1 == "效益指标"


def test_a_name_given_as_项目叫_and_a_unit_after_a_request_or_before_打算():
    from assistant.drafting.namereaders import project_name_and_unit

    assert project_name_and_unit("某县民政局，项目名就叫2027年困难群众冬季救助，预算30万元。")[:2] == (
        "2027年困难群众冬季救助", "某县民政局")
    assert project_name_and_unit("我们单位是某县档案馆，项目叫档案数字化加工，2027年预算20万元")[0] == "档案数字化加工"
    assert project_name_and_unit("某县城管局打算2027年做城区公厕提质改造，预算50万元")[1] == "某县城管局"
    assert project_name_and_unit("想请你帮忙编个绩效目标：某区民政局，2027年居家养老上门服务项目，预算40万元")[1] == "某区民政局"
    assert project_name_and_unit("某县水利局准备在2027年实施小型水库除险加固工程，预算300万元")[:2] == (
        "2027年小型水库除险加固工程", "某县水利局")


def test_the_long_term_goal_holds_one_year_s_change_instead_of_repeating_it_every_year():
    _, draft = _draft("某区农业农村局2027年测土配方施肥项目，预算十五万元，推广测土配方施肥12万亩，亩均化肥用量较上年减少3%。")
    assert "亩均化肥用量保持在2027年减少3%后的水平" in draft.form.goals.long_term
    assert "年均" not in draft.form.goals.long_term


# ---- from the round 16 panel (fresh13, read after it was judged) ----------------------------------


def test_growth_of_what_was_just_counted_and_a_term_with_二次():
    brief = extract_brief("某县文化馆2027年免费开放补助项目，全年接待群众12万人次以上，比上年增长5%。")
    assert [r.label for r in brief.rates] == ["接待群众较上年增长率"]
    brief = extract_brief("某区住建局2027年二次供水设施维护项目，维护二次供水泵房40座")
    assert [(q.label, q.value, q.unit) for q in brief.quantities] == [("维护二次供水泵房", 40.0, "座")]


def test_colloquial_words_leave_the_names_and_a_fee_paid_to_a_contractor_is_no_subsidy():
    from assistant.drafting.costs import cost_name

    brief = extract_brief("某县卫健局2027年老年人健康体检项目，老年人每年都要体检一次，准备新建体检点6个，"
                          "按每人45元付给体检机构，9月底前体检完")
    assert [q.label for q in brief.quantities] == ["老年人体检", "新建体检点"]
    assert brief.deadline_what == "体检完" and "补助" not in cost_name(brief.unit_costs[0], brief)
    brief = extract_brief("某县民政局2027年低保入户复核经费，复核低保对象4100户，按每户30元付给第三方机构")
    assert cost_name(brief.unit_costs[0], brief) == "复核低保对象服务费标准"
    _, draft = _draft("某县卫健局2027年老年人健康体检项目，预算五万元，老年人体检1000人，9月底前体检完")
    assert "体检完成时间" in [r[2] for r in _rows(draft)]


def test_the_people_the_work_is_done_for_answer_the_survey_not_the_contractor_paid():
    _, draft = _draft("某县民政局2027年低保入户复核经费八万元，复核低保对象4100户，按每户30元付给第三方机构。")
    assert [r[2] for r in _rows(draft) if r[0] == "满意度指标"] == ["低保对象满意度"]
    _, draft = _draft("某县应急管理局2027年应急演练经费五万元，组织演练6场，每场参演人员不少于200人。")
    assert [r[2] for r in _rows(draft) if r[0] == "满意度指标"] == ["参演人员满意度"]


def test_a_grade_is_no_number():
    brief = extract_brief("某县教育局2027年学生体能测试经费，测试三年级和六年级学生共2100人")
    assert [(q.label, q.value) for q in brief.quantities] == [("测试三年级和六年级学生", 2100.0)]


def test_a_satisfaction_target_the_brief_never_set_is_said_to_be_the_customary_one_and_asked():
    _, draft = _draft("某县应急管理局2027年应急演练经费五万元，组织演练6场，每场参演人员不少于200人。")
    assert any("参演人员满意度" in n and "暂定≥90%" in n and "确认" in n for n in draft.notices)
    _, draft = _draft("某县应急管理局2027年应急演练经费五万元，组织演练6场，参演人员满意度95%以上。")
    assert not any("满意度目标" in n for n in draft.notices)


def test_a_measure_raised_over_last_year_by_a_count_is_an_effect():
    _, draft = _draft("某县教育局2027年中小学图书配备项目，预算50万元，为18所学校配备图书3万册，生均藏书量比上年提高2册。")
    assert ("效益指标", "社会效益指标", "生均藏书量较上年提高幅度", "≥2册") in _rows(draft)
    assert "生均藏书量保持在2027年提高2册后的水平" in draft.form.goals.long_term
    brief = extract_brief("某县水利局2027年抗旱机井建设项目，新打机井40眼，有效灌溉面积较上年增加8000亩")
    assert [q.label for q in brief.quantities][-1].startswith("有效灌溉面积")
