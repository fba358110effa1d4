"""What the round 15–17 panels sent back on drafts of kinds the library does not know: an effect the brief states
(新增灌溉面积, 新孵化企业, 直播观看量, 问题整改率) left in 产出 beside an empty 效益 row to fill in; spoken verbs in names
(买X光安检机数量, 配信息采集员人数, 法治讲座开频次); project names and units written as staff write them (我是…局的,
…局牵头, 项目是…, 搞个…); a cap on a count read as a floor (每种不超过5册 → ≥5册); a restated season in a deadline
(汛前也就是…); an event held on its day; a year-end date the brief never gave, unexplained; a survey's response rate
taken for its satisfaction row. Every brief here is written for these tests, none is an evaluation brief."""

from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import GAP, compose
from assistant.drafting.context import DraftingContext, library_for
from assistant.drafting.homes import reached_as_benefit
from assistant.drafting.namereaders import project_name_and_unit
from assistant.schema import Indicator


def _draft(text: str):
    brief = extract_brief(f"{text} 直接生成")
    context = DraftingContext(brief=brief, framework="101", precedents=[])
    context.library, _ = library_for(context.subject)
    return brief, compose(brief, context, "101")


def _row(name: str, level2: str = "数量指标", unit: str = "个") -> Indicator:
    return Indicator(level1="产出指标", level2=level2, name=name, operator="≥", value="10", unit=unit, basis="计划标准",
                     sources=[f"brief:{name}10{unit}"])


# ---- an effect the brief states is the 效益 row ---------------------------------------------------------


def test_what_the_work_brings_about_is_an_effect_when_nothing_else_is():
    for name in ("新增有效灌溉面积", "新引进落户企业带动就业人数", "新孵化科技企业数量", "宣传短视频播放量", "评查问题整改率",
                 "学员结业后创业存活率"):
        assert reached_as_benefit(_row(name)).level1 == "效益指标", name
    for name in ("新增绿化面积", "宣传短视频制作数量", "培训学员人数", "设备验收合格率"):
        assert reached_as_benefit(_row(name)).level1 == "产出指标", name


def test_a_stated_effect_fills_the_effect_slot_instead_of_a_row_to_fill_in():
    _, draft = _draft("某县水务局2027年山塘清淤扩容工程，预算90万元，清淤山塘25口，12月底前完工，"
                      "可新增蓄水灌溉面积1500亩。")
    rows = {r.name: r for r in draft.form.annual_indicators}
    assert rows["新增蓄水灌溉面积"].level1 == "效益指标"  # the 可 of what may come of it is no part of the name
    assert not any(s.startswith(GAP) and r.level1 == "效益指标" for r in rows.values() for s in r.sources)
    assert any(r.level2 == "数量指标" for r in rows.values())  # the work itself stays counted


# ---- names in a form's words ---------------------------------------------------------------------------


def test_spoken_one_character_verbs_become_the_forms_words():
    brief = extract_brief("某县环卫所2027年环卫车辆购置，预算80万元，打算买洒水车2辆，每辆30万元，另配小型清扫车4台，"
                          "每月开一次安全例会，每季度做一次驾驶员考核，每周出一期作业简报。")
    labels = {q.label for q in brief.quantities}
    assert {"洒水车购置", "小型清扫车配备", "安全例会举办", "驾驶员考核", "作业简报出具"} <= labels, labels
    _, draft = _draft(brief.description)
    assert "洒水车购置单价标准" in {r.name for r in draft.form.annual_indicators if r.level1 == "成本指标"}
    assert extract_brief("全县有8家农家书屋，每家每年补2000元运行费").unit_costs[0].label.endswith("补助")
    assert not any(label.startswith(("买", "配")) or label.endswith(("开", "做", "出")) for label in labels)
    # a word of its own keeps its first character: 配送, 招商
    assert "配送车辆" in {q.label for q in extract_brief("配送车辆6辆，招商推介会3场").quantities}


def test_the_unit_and_name_as_staff_write_them():
    assert project_name_and_unit("您好，我是某市人社局的，想申报2027年零工市场运营补助项目，预算20万元。")[:2] == (
        "2027年零工市场运营补助项目", "某市人社局")
    assert project_name_and_unit("2027年河湖健康评价项目，某县水利局牵头，预算30万元。")[:2] == (
        "2027年河湖健康评价项目", "某县水利局")
    assert project_name_and_unit("项目叫乡镇应急物资储备项目，某县应急管理局报，预算40万元。")[1] == "某县应急管理局"
    assert project_name_and_unit("帮我写一下，项目是2027年孵化基地运营奖补，预算50万元。")[0] == "2027年孵化基地运营奖补"
    assert project_name_and_unit("某县林业局想在2027年搞个森林防火通道工程，预算300万元。")[:2] == (
        "2027年森林防火通道工程", "某县林业局")
    assert project_name_and_unit("请帮我编绩效目标：某区商务局2027年夜间经济消费季活动，预算还没定。")[:2] == (
        "2027年夜间经济消费季活动", "某区商务局")
    assert project_name_and_unit("共青团某区委员会准备办2027年青年人才交流活动，预算6万元。")[:2] == (
        "2027年青年人才交流活动", "共青团某区委员会")


# ---- values and dates as said --------------------------------------------------------------------------


def test_a_cap_on_each_is_the_most_allowed_not_a_floor():
    _, draft = _draft("某县档案馆2027年档案查阅服务项目，预算5万元，全年接待查档群众3000人次，复印材料每人不超过30页。")
    capped = next(r for r in draft.form.annual_indicators if "复印材料" in r.name)
    assert (capped.name, capped.operator, capped.value, capped.level2) == ("每人复印材料页数", "≤", "30", "质量指标")


def test_a_restated_season_and_an_event_on_its_day():
    _, works = _draft("某县水务局2027年堤防除险加固工程，预算200万元，加固堤防3公里，主汛期前也就是6月底前完工。")
    due = next(r for r in works.form.annual_indicators if r.level2 == "时效指标")
    assert due.name == "堤防除险加固工程完工时间" and due.value == "2027年6月30日"
    _, event = _draft("某县文联2027年农民丰收节文艺展演活动，预算6万元，9月23日当天举办，组织节目20个。")
    held = next(r for r in event.form.annual_indicators if r.level2 == "时效指标")
    assert held.name.endswith("丰收节文艺展演活动举办时间") and held.value == "2027年9月23日"


def test_a_year_end_date_the_brief_never_gave_is_said_to_be_assumed():
    _, draft = _draft("某县科协2027年科普大篷车巡展项目，预算12万元，巡展乡镇15个，服务群众2万人次。")
    due = next(r for r in draft.form.annual_indicators if r.level2 == "时效指标")
    assert due.value == "2027年12月31日"
    assert any("暂定为2027年12月31日" in n and due.name in n for n in draft.notices)
    _, dated = _draft("某县科协2027年科普大篷车巡展项目，预算12万元，巡展乡镇15个，10月底前完成。")
    assert not any("暂定为" in n and "完成时间" in n for n in dated.notices)


def test_a_surveys_response_rate_is_no_satisfaction_and_a_limit_to_somewhere_is_read():
    brief = extract_brief("某区卫健委2027年居民健康素养监测项目，预算15万元，入户调查1200户，问卷满意度调查样本回收率不低于85%，"
                          "发现重大问题48小时内报告至区疾控中心，每个季度开展一轮质控。")
    _, draft = _draft(brief.description)
    rows = {r.name: r for r in draft.form.annual_indicators}
    assert rows["问卷满意度调查样本回收率"].level1 == "产出指标"
    assert not any(r.level1 == "满意度指标" and "回收率" in r.name for r in rows.values())
    assert [q.label for q in brief.time_limits] == ["发现重大问题报告时限"]
    assert any(q.frequency and q.value == 4 and "质控" in q.label for q in brief.quantities)


# ---- from reading twelve probe drafts of other kinds ----------------------------------------------------


def test_one_count_of_events_is_one_row_however_its_measure_word_is_written():
    from assistant.drafting.composer import same_measure

    assert same_measure("安全事故发生次数", "演练期间安全事故发生数")
    assert same_measure("设备故障起数", "设备故障发生次数")
    assert not same_measure("安全事故发生次数", "群众投诉件数")


def test_a_design_life_belongs_to_new_work_only():
    from assistant.drafting.candidates import builds_unsaid

    repair = DraftingContext(brief=extract_brief("某镇2027年山区供水管网维修养护项目，维修供水站9处"), framework="101")
    build = DraftingContext(brief=extract_brief("某镇2027年山区供水站新建项目，新建供水站3处"), framework="101")
    assert builds_unsaid("工程设计使用年限", repair) and not builds_unsaid("工程设计使用年限", build)


def test_names_units_and_dates_of_other_ways_of_writing():
    assert project_name_and_unit("2027年某县文广局非遗传承人培训项目，预算10万元。")[:2] == (
        "2027年非遗传承人培训项目", "某县文广局")
    assert project_name_and_unit("2027年市行政中心会议室改造项目，某市机关事务局，预算10万元。")[0] == \
        "2027年市行政中心会议室改造项目"  # a place the money is for, not a unit
    assert project_name_and_unit("某区卫健委2027年预约挂号平台运维，预算12万元，平台可用率99%")[:2] == (
        "2027年预约挂号平台运维", "某区卫健委")
    assert project_name_and_unit("某县商务局准备办2027年农产品展销节，预算12万元，10月8日当天开幕。")[0] == \
        "2027年农产品展销节"
    _, fair = _draft("某县商务局准备办2027年农产品展销节，预算12万元，10月8日当天开幕，组织参展企业60家。")
    opened = next(r for r in fair.form.annual_indicators if r.level2 == "时效指标")
    assert opened.name == "农产品展销节开幕时间" and opened.value == "2027年10月8日"


def test_counted_things_read_with_their_verb_and_whom_the_work_serves():
    brief = extract_brief("全年检定医疗机构血压计、体温计等计量器具约3000台件，改造完成后受益人口约1.1万人")
    assert {q.label for q in brief.quantities} >= {"检定计量器具", "受益人口"}
    served = next(q for q in brief.quantities if q.label == "受益人口")
    assert not served.fixed  # those served, about 1.1万: a target, not a roll
    _, draft = _draft("某县民政局2027年救助管理信息平台运维，预算9万元，在册救助对象约3100人，平台可用率99%，"
                      "每季度开展一次数据安全检查。")
    assert "在册救助对象人数" in {r.name for r in draft.form.annual_indicators}  # no 运维 before a roll
    _, portal = _draft("某县政务服务中心2027年政务公开网站内容维护，预算6万元，更新政务信息1200条，"
                       "网站访问量不少于30万人次。")
    reached = next(r for r in portal.form.annual_indicators if r.name == "网站访问量")
    assert reached.level1 == "效益指标"
