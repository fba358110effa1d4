"""What the unseen-brief panels (rounds 8, 10, 11) sent back most, on briefs written for these tests (none is an
evaluation brief): rows of a neighbouring kind read from one word of the brief, rows that take one of the brief's
words and add another project's, money the work earns, the unit after 由 and a name that is the brief's opening
topic, and a count named by the work done to it."""

from assistant import relevance
from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import compose
from assistant.drafting.context import DraftingContext, library_for
from assistant.drafting.namereaders import project_name_and_unit
from assistant.library import load_library


def _draft(text: str):
    brief = extract_brief(f"{text} 直接生成")
    context = DraftingContext(brief=brief, framework="101", precedents=[])
    context.library, _ = library_for(context.subject)
    return brief, context, compose(brief, context, "101")


def _library_kinds(rows) -> set[str]:
    kinds = {f"lib:{row.id}": row.kind for row in load_library()}
    return {kinds[s] for r in rows for s in r.sources if s in kinds}


# ---- a kind the brief's words are about, not one it names in passing -------------------------------


HOSPITAL_GUARDS = ("某县卫生健康局2027年医院安保服务外包项目，预算96万元，为县人民医院和中医院配备安保服务人员40名，"
                   "实行24小时巡逻")


def test_a_kind_read_from_one_word_lends_nothing():
    # 安保服务 is a cue of 机关运行/物业, but the kind's rows (办公楼…, 干部职工满意度) speak of nothing else the brief says
    brief = extract_brief(HOSPITAL_GUARDS)
    assert relevance.project(brief.name, brief.description).kinds == ("机关运行/物业",)
    assert relevance.brief_project(brief.name, brief.description).kinds == ()
    _, context, draft = _draft(HOSPITAL_GUARDS)
    assert context.subject.kinds == ()
    assert "机关运行/物业" not in _library_kinds(draft.form.annual_indicators)


def test_a_kind_the_brief_is_about_keeps_its_rows():
    text = "某县机关事务服务中心2027年办公楼物业管理项目，预算150万元，负责办公楼保洁、安保、设备维护和绿化，物业服务面积4万平方米"
    brief = extract_brief(text)
    assert relevance.brief_project(brief.name, brief.description).kinds == ("机关运行/物业",)
    _, _, draft = _draft(text)
    assert "机关运行/物业" in _library_kinds(draft.form.annual_indicators)


def test_a_kind_of_activity_is_not_asked_to_be_the_subject():
    # 购置 rows speak of buying (设备验收合格率), not of ambulances: any project that buys may use them
    text = "某县人民医院2027年负压救护车购置项目，预算90万元，购置负压救护车3辆，6月底前交付使用"
    brief = extract_brief(text)
    words = f"{brief.name} {brief.description}"
    assert relevance.kind_support(words, "购置") < relevance.KIND_SUPPORT
    assert relevance.brief_project(brief.name, brief.description).kinds == ("购置",)


def test_kind_support_is_the_share_of_the_briefs_words_the_kinds_rows_use():
    assert relevance.kind_support("老年助餐服务 助餐点 老年人就餐", "老年助餐") > 0.5
    assert relevance.kind_support("医院安保服务 巡逻 中医院", "老年助餐") == 0.0
    # dates and money are every brief's words, and no bigram runs across a number
    assert relevance.kind_support("2027年12月底前 预算96万元", "老年助餐") == 0.0


# ---- a row in the brief's words, not one that shares a word of it -----------------------------------


def test_a_row_of_no_known_kind_must_be_all_in_the_briefs_words():
    brief_text = "某县应急管理局2027年防汛应急演练 组织山洪灾害、城市内涝应急演练4场"
    assert relevance.own_words("山洪灾害受灾率", brief_text) >= relevance.OWN_WORDS
    assert not relevance.said("山洪灾害受灾率", brief_text)  # 受灾 is nowhere in the brief
    assert relevance.said("应急演练场次", brief_text)


# ---- money the work earns -------------------------------------------------------------------------


def test_money_the_work_earns_is_an_economic_effect_not_a_cost():
    text = ("某县农业农村局2027年中药材种植扶持资金90万元，扶持合作社6家，带动种植户300户，户均增收2500元，"
            "合作社年销售收入不低于800万元")
    brief = extract_brief(text)
    assert not any("增收" in c.label for c in brief.unit_costs)  # 户均增收 is earned, not paid
    _, _, draft = _draft(text)
    rows = {r.name: r for r in draft.form.annual_indicators}
    income = next(r for n, r in rows.items() if "销售收入" in n)
    assert (income.level1, income.level2, income.raw_value) == ("效益指标", "经济效益指标", "≥800万元")
    assert any("户均增收" in n and r.level2 == "经济效益指标" for n, r in rows.items())


def test_an_amount_driven_at_least_is_named_as_an_amount():
    brief = extract_brief("某县商务局2027年夜间经济促进活动，预算60万元，预计带动餐饮消费不低于1200万元")
    driven = next(q for q in brief.quantities if q.unit == "万元")
    assert driven.label == "带动餐饮消费金额" and driven.value == 1200


# ---- the unit and the name as staff write them ------------------------------------------------------


def test_the_unit_after_you_and_the_year_and_a_name_that_is_the_opening_topic():
    assert project_name_and_unit("乡村医生定向培养补助资金60万元，由某县卫生健康局2027年统一实施。")[:2] == \
        ("乡村医生定向培养补助资金", "某县卫生健康局")
    assert project_name_and_unit("2027年度全县耕地质量等级调查，某县农业农村局，预算30万元。")[:2] == \
        ("2027年度全县耕地质量等级调查", "某县农业农村局")
    # an opening clause that is no topic is no name
    assert project_name_and_unit("2027年我们计划开展业务培训，预算5万元。")[0] != "2027年我们计划开展业务培训"


# ---- a count named by the work done to it -----------------------------------------------------------


def test_a_count_is_named_by_the_work_the_brief_says_is_done_to_it():
    _, _, draft = _draft("某县残疾人联合会2027年残疾儿童康复评估项目，预算20万元，对全县350名残疾儿童开展康复评估")
    names = [r.name for r in draft.form.annual_indicators if r.level2 == "数量指标"]
    assert "康复评估残疾儿童人数" in names
    # three rounds of a work listed with 、 are no one work
    _, _, draft = _draft("某县林业局2027年林业有害生物监测经费，预算18万元，对全县40个监测点开展春季、秋季两轮调查")
    assert not any(r.name.startswith("春季") for r in draft.form.annual_indicators)


# ---- a share of things that get something done ------------------------------------------------------


def test_a_share_that_gets_a_thing_done_is_a_rate_of_it():
    brief = extract_brief("某县消防救援大队2027年九小场所消防安全检查经费，预算15万元，检查发现的火灾隐患100%完成整改，"
                          "沿街商铺80%建立消防安全台账")
    rates = {r.label: (r.value, r.operator) for r in brief.rates}
    assert rates["火灾隐患整改完成率"] == (100.0, "=")
    assert rates["沿街商铺消防安全台账建立率"] == (80.0, "≥")


# ---- the harm left after the work, and when money paid out is done ----------------------------------


def test_the_harm_left_once_the_work_is_done_is_an_effect():
    _, _, draft = _draft("某县农业农村局2027年小麦赤霉病统防统治补助，预算60万元，防治小麦8万亩，赤霉病危害损失率控制在3%以内")
    row = next(r for r in draft.form.annual_indicators if "损失率" in r.name)
    assert row.level1 == "效益指标"


def test_money_paid_out_with_no_date_of_its_own_is_done_when_it_is_paid():
    _, _, draft = _draft("某县文化和旅游局2027年乡村民宿星级评定奖励，预算40万元，奖励评定星级民宿20家，每家2万元")
    times = [r.name for r in draft.form.annual_indicators if r.level2 == "时效指标"]
    assert times == ["奖励资金兑付完成时间"]
    # a date the brief gives its own work stays that work's
    _, _, draft = _draft("某县住建局2027年农村危房加固补助资金，预算50万元，补助100户，每户5000元，10月底前全部完工")
    assert "补助资金发放完成时间" not in [r.name for r in draft.form.annual_indicators]


# ---- what a count counts -----------------------------------------------------------------------------


def test_a_count_ends_where_its_total_begins_and_names_the_thing_and_its_work():
    from assistant.drafting.readers import counts

    labels = {c.label for c in counts("全县9个乡镇、86个行政村共设置2400个垃圾收集点")}
    assert "行政村" in labels and not any("共设置" in label for label in labels)
    # the one in charge is not what is measured; the thing and the work done to it are
    assert [c.label for c in counts("委托物业公司负责县城12万平方米公园绿地的日常养护")] == ["公园绿地日常养护"]
    # a clause that says which of them stays out
    assert [c.label for c in counts("对全市120家使用危险化学品的重点企业开展检查")] == ["重点企业"]


# ---- panel round 12 (fresh9): what a service achieves, spans, caps, and the way of spending said first ------


def test_what_a_service_achieves_is_its_effect():
    _, _, draft = _draft("某区司法局2027年物业纠纷人民调解服务项目，预算20万元，调解物业纠纷约500件，调解成功率不低于60%")
    row = next(r for r in draft.form.annual_indicators if r.name.endswith("调解成功率"))
    assert row.level1 == "效益指标"


def test_harm_kept_away_is_the_effect_when_the_brief_states_no_other():
    _, _, draft = _draft("某县文化和旅游局2027年景区水域安全巡护经费，预算12万元，聘用巡护员16名，确保全年游客溺水事故为零")
    rows = {r.name: r for r in draft.form.annual_indicators}
    assert "游客溺水事故发生数" in rows and rows["游客溺水事故发生数"].level1 == "效益指标"
    assert not any(n.startswith("确保") for n in rows)


def test_spans_in_months_and_notices_that_must_last():
    brief = extract_brief("群众来信在2个月内办结；征地补偿方案公示不少于10个工作日")
    limits = {l.label: (l.value, l.unit, l.operator) for l in brief.time_limits}
    assert limits["群众来信办结时限"] == (2.0, "个月", "≤")
    assert limits["征地补偿方案公示时间"] == (10.0, "个工作日", "≥")
    # days of work done are a count, not a span
    assert extract_brief("每名指导员全年驻村服务不少于60天").time_limits == []


def test_a_cap_on_one_is_no_standard_for_all():
    brief, _, draft = _draft("某县财政局2027年财政投资评审委托经费，预算90万元，委托评审项目约45个，平均每个项目约2万元，"
                             "单个项目最高不超过10万元")
    assert "超过预算" not in draft.question


def test_a_second_standard_in_a_list_pays_for_the_same_thing():
    brief = extract_brief("对新聘的高级技师每人发放技能津贴3万元、技师每人1万元")
    assert [c.label for c in brief.unit_costs] == ["高级技师技能津贴", "技师技能津贴"]


def test_what_grows_is_what_was_just_counted():
    brief = extract_brief("全年接待游客约80万人次、较上年增长8%以上")
    assert [r.label for r in brief.rates] == ["接待游客较上年增长率"]


def test_words_of_emphasis_and_place_are_no_part_of_a_count():
    labels = [c.label for c in extract_brief("另购置救生圈约60个，计划在全县设置宣传栏40块").quantities]
    assert sorted(labels) == ["设置宣传栏", "购置救生圈"]


def test_the_way_of_spending_a_description_says_first_and_most():
    from assistant.library import spending_ways

    # 修缮 and 测绘 say as much; the repairs come first
    assert spending_ways("2027年古镇保护项目", "对古建筑开展修缮，另对老街测绘建档") == ("共性:工程建设",)
    # a counsellor (咨询师) writes no report
    assert spending_ways("2027年心理援助热线项目", "安排持证心理咨询师每日值守") == ()


def test_a_span_in_working_days_in_the_goal_text_is_no_count():
    from assistant.validation.facts import goal_quantities

    found = goal_quantities("评选示范村10个，示范户评选结果公示时间不低于5个工作日，故障24个小时内修复")
    assert [(q.number, q.unit) for q in found] == [(10.0, "个")]
