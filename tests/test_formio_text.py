"""Pasted-text import: both seed forms field by field, and every transcribed real form."""

from pathlib import Path

import pytest

from assistant.formio import FormReadError, parse_text, read_forms

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "ezhou-2026-approved-forms.txt"
FORMS_DIR = SHARED / "forms"

C, O, B, S = "成本指标", "产出指标", "效益指标", "满意度指标"
EC, QN, QL, TM, SB, SAT = "经济成本指标", "数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标"

# (一级, 二级, 三级, operator, value, unit, 确定依据, raw) transcribed by hand from the seed file.
FORM1_LONG = [
    (C, EC, "职业技能评价督导工作成本", "=", "15", "万元", "计划标准", "=15万"),
    (C, EC, "2026年举办鄂州市职业技能系列赛事的专项资金", "=", "50", "万元", "计划标准", "=50万"),
    (C, EC, "参加2026全省技能大赛工作经费", "=", "3", "万元", "计划标准", "=3万"),
    (O, QN, "职业技能评价督导工作", "=", "2", "次", "计划标准", "=2次"),
    (O, QN, "2026年职业技能大赛", "=", "1", "次", "计划标准", "=1次"),
    (O, QN, "企业自主评价专家评审工作", "=", "2", "次", "计划标准", "=2次"),
    (O, QN, "开展考评员培训", "=", "2", "次", "计划标准", "=2次"),
    (O, QN, "技能评价相关工作", "=", "100", "%", "历史标准", "=100%"),
    (B, SB, "职业技能大赛", "=", "100", "%", "历史标准", "=100%"),
    (B, SB, "技术水平素质", "定性", "提高", "", "历史标准", "提高"),
    (S, SAT, "技能人才保障", "定性", "增强", "", "历史标准", "增强"),
    (S, SAT, "服务对象", "≥", "95", "%", "历史标准", "≥95%"),
]
FORM1_ANNUAL = FORM1_LONG[:7] + [
    (O, QL, "技能评价相关工作", "=", "100", "%", "历史标准", "=100%"),
    (O, QL, "职业技能大赛", "=", "100", "%", "历史标准", "=100%"),
    (B, SB, "技术水平素质", "定性", "提高", "", "历史标准", "提高"),
    (B, SB, "技能人才保障", "定性", "增强", "", "历史标准", "增强"),
    (S, SAT, "服务对象", "≥", "95", "%", "历史标准", "≥95%"),
]
FORM2_ROWS = [
    (C, EC, "人均创业培训补贴标准", "=", "1200", "元/人", "计划标准", "=1200元/人"),
    (C, EC, "人均技能培训补贴标准", "=", "800", "元/人", "计划标准", "=800元/人"),
    (O, QN, "参加技能培训享受补贴人数", "≥", "210", "人", "计划标准", "≥210人"),
    (O, QN, "发放培训生活费补贴人数", "≥", "3", "人", "计划标准", "≥3人"),
    (O, QL, "培训合格率", "≥", "60", "%", "计划标准", "≥60%"),
    (O, QL, "培训补贴发放准确率", "≥", "95", "%", "计划标准", "≥95%"),
    (O, TM, "项目计划按期完成率", "≥", "95", "%", "计划标准", "≥95%"),
    (O, TM, "补贴资金发放及时率", "≥", "95", "%", "计划标准", "≥95%"),
    (B, SB, "提高社会就业率", "定性", "显著提高", "", "其他标准", "显著提高"),
    (B, SB, "提升就业援助对象的就业率", "定性", "显著提升", "", "其他标准", "显著提升"),
    (S, SAT, "公众及服务对象满意度", "≥", "90", "%", "其他标准", "≥90%"),
]


def _rows(indicators):
    return [(i.level1, i.level2, i.name, i.operator, i.value, i.unit, i.basis, i.raw_value) for i in indicators]


@pytest.fixture(scope="module")
def seed_forms():
    result = read_forms(SEED)
    assert result.problems == []
    return result.forms


def test_seed_holds_two_forms_with_headers(seed_forms):
    assert [f.project.name for f in seed_forms] == ["职业技能鉴定及技能竞赛运转资金", "公共就业创业服务"]
    assert [f.project.budget_wan for f in seed_forms] == [26.0, 16.9]
    assert {f.project.unit for f in seed_forms} == {"鄂州市公共就业服务中心"}


def test_seed_goal_texts_are_clean(seed_forms):
    first, second = seed_forms
    for form in seed_forms:
        for text in (form.goals.long_term, form.goals.annual):
            assert text and "<" not in text and ">" not in text
    assert first.goals.annual.startswith("该项目旨在全面推进技能人才评价改革")
    assert first.goals.annual.endswith("坚实的技能人才保障。")
    assert "年度开展职业技能培训488人，创业培训1182人" in second.goals.annual
    assert second.goals.annual.endswith("对符合条件的对象发放生活补贴6人。")


@pytest.mark.parametrize(
    "form_index, table, expected",
    [
        (0, "long_term", FORM1_LONG),
        (0, "annual", FORM1_ANNUAL),
        (1, "long_term", FORM2_ROWS),
        (1, "annual", FORM2_ROWS),
    ],
)
def test_seed_tables_field_by_field(seed_forms, form_index, table, expected):
    got = _rows(seed_forms[form_index].table(table))
    assert len(got) == len(expected)
    for row_got, row_expected in zip(got, expected):
        assert row_got == row_expected


def test_every_transcribed_form_imports():
    files = sorted(FORMS_DIR.glob("*.txt"))
    assert len(files) >= 30
    for path in files:
        result = read_forms(path)
        assert len(result.forms) == 1, path.name
        form = result.forms[0]
        assert form.annual_indicators or form.long_term_indicators, path.name
        assert form.source and form.source.startswith(("http", "github")), path.name


def test_selfevaluation_keeps_target_and_achieved_values():
    form = read_forms(FORMS_DIR / "008_suixi-linshi-jiuzhu-zipingbiao.txt").forms[0]
    row = form.annual_indicators[0]
    assert (row.operator, row.value, row.unit) == ("≥", "21933", "人")
    assert row.actual == "21980人"


def test_separate_operator_and_unit_columns_are_joined():
    form = read_forms(FORMS_DIR / "035_tongnan-wugui-cun-ganbu-buzhu.txt").forms[0]
    by_name = {i.name: i for i in form.annual_indicators}
    assert by_name["本土人才满意度"].raw_value == "≥95%"
    assert (by_name["领取补助人数"].operator, by_name["领取补助人数"].value) == ("≥", "100")


def test_unreadable_rows_are_reported_not_dropped():
    text = "项目名称: 测试项目\n绩效指标:\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n[缺]（存档文本在此截断）\n"
    result = parse_text(text, "测试.txt")
    assert len(result.forms[0].annual_indicators) == 1
    assert len(result.problems) == 1
    assert "测试.txt 第5行" in str(result.problems[0])


def test_text_without_indicator_table_is_a_clear_error():
    with pytest.raises(FormReadError, match="未找到指标表"):
        parse_text("项目名称: 只有名字\n年度目标: 没有表格", "空表.txt")


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "空.txt"
    path.write_text("")
    with pytest.raises(FormReadError, match="文件为空"):
        read_forms(path)


@pytest.mark.parametrize("text, annual", [
    ("总体目标/年度目标: 每年开展宣传活动2次", "每年开展宣传活动2次"),  # one text for both columns
    ("总体目标（中期目标(2023年)/年度目标两栏，所在栏不明）: 保障车辆运行", "保障车辆运行"),  # nested note in the key
    ("年度目标: 目标1:维护小区安全\n  目标2:清算物业费", "目标1:维护小区安全\n目标2:清算物业费"),  # numbered goals kept
    ("当年绩效目标:\n  全年绩效目标: 新增就业39500人\n  全年目标实际完成情况: 49358人", "新增就业39500人"),
])
def test_goal_text_keys_of_transcribed_forms(text, annual):
    table = "\n绩效指标:\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥500人\n"
    form = parse_text("项目名称: 测试项目\n" + text + "\n" + table).forms[0]
    assert form.goals.annual == annual


def test_every_transcribed_form_with_a_goal_text_has_it_read():
    # 040 states only 项目总体情况 (no goal) and 049 is a 自评表 without goal text: the forms themselves lack one.
    without_goal = {p.name for p in FORMS_DIR.glob("*.txt") if not read_forms(p).forms[0].goals.annual}
    assert without_goal == {"040_linyi-shifan-fuxiao-gongyong-jingfei.txt",
                            "049_huangshi-tushuguan-gongxiang-gongcheng-zipingbiao.txt"}


def test_long_and_annual_goals_under_one_heading_and_a_table_note_naming_both_tables():
    text = ("项目名称: 测试项目\n总体目标:\n  中期目标: 三年建成10所学校\n  年度目标: 今年建成3所学校\n\n"
            "绩效指标表（原表有“长期”“年度”两组列，长期列为空）:\n一级指标\t二级指标(年度)\t三级指标(年度)\t指标值(年度)\n"
            "产出指标\t数量指标\t建成学校数\t3所\n")
    form = parse_text(text).forms[0]
    assert (form.goals.long_term, form.goals.annual) == ("三年建成10所学校", "今年建成3所学校")
    assert [r.name for r in form.annual_indicators] == ["建成学校数"] and form.long_term_indicators == []
