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
