"""相关性 (issue 11 item 1): rows of another kind of project, reported at the row by the core relevance engine."""

import pytest

from assistant import relevance as engine
from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from assistant.validation import validate

RULE = "relevance.foreign_row"


def _row(l1, l2, name, raw):
    return Indicator.from_cells(l1, l2, name, raw, "计划标准")


def _form(name, goal, rows):
    return PerformanceForm(project=ProjectInfo(name=name, unit="某区民政局", budget_wan=40, year=2026),
                           goals=Goals(annual=goal), annual_indicators=[_row(*r) for r in rows])


def _archive(*extra):
    return _form("区档案馆干部培训项目", "2026年举办档案业务培训班4期，培训档案干部200人次。", [
        ("产出指标", "数量指标", "档案业务培训人次", "≥200人次"),
        ("产出指标", "质量指标", "培训考核合格率", "≥95%"),
        ("产出指标", "时效指标", "培训完成时间", "≤2026年11月30日"),
        ("效益指标", "社会效益指标", "档案干部业务能力提升率", "≥80%"),
        ("满意度指标", "服务对象满意度指标", "参训干部满意度", "≥90%"), *extra])


def _found(form):
    return [f for f in validate(form) if f.rule == RULE]


def test_a_health_row_in_a_training_project_is_reported_at_its_row_naming_its_kind():
    found = _found(_archive(("效益指标", "社会效益指标", "2型糖尿病患者规范管理率", "≥60%")))
    assert [(f.location.table, f.location.index, f.location.field) for f in found] == [("annual", 5, "name")]
    assert "像是" in found[0].message and "公共卫生" in found[0].message and "区档案馆干部培训项目" in found[0].message
    assert found[0].severity == "warning" and found[0].suggestion


def test_the_projects_own_rows_are_left_alone():
    assert _found(_archive()) == []


def test_the_rule_is_the_engines_judgement_not_a_second_one(monkeypatch):
    calls = []

    def judge(name, subject):
        calls.append((name, subject.words))
        return engine.Relevance(0.1, name == "培训考核合格率", None, "饮水安全工程")

    monkeypatch.setattr(engine, "judge", judge)
    found = _found(_archive())
    assert [(f.location.index, "像是饮水安全工程的指标" in f.message) for f in found] == [(1, True)]
    # what the engine was shown: the project and the rest of the row's table, not the row itself
    text = dict(calls)["培训考核合格率"]
    assert "区档案馆干部培训项目" in text and "档案业务培训人次" in text and "培训考核合格率" not in text
    assert "参训干部满意度" not in dict(calls)  # satisfaction rows are any project's


def test_a_row_sharing_its_distinctive_words_with_the_rest_of_its_table_is_not_foreign():
    clinic = _form("社区卫生服务站运行经费", "保障社区卫生服务站全年运行。", [
        ("产出指标", "数量指标", "服务站开放天数", "≥300天"),
        ("产出指标", "数量指标", "2型糖尿病患者健康管理人数", "≥200人"),
        ("效益指标", "社会效益指标", "2型糖尿病患者规范管理率", "≥60%"),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%")])
    assert [f.location.index for f in _found(clinic)] == []


@pytest.mark.parametrize("project, goal, own, foreign, kind_words", [
    ("社区老年助餐服务项目", "为辖区300名老年人提供助餐服务。", ("产出指标", "数量指标", "助餐服务老年人数", "≥300人"),
     ("产出指标", "数量指标", "解决脱贫(监测)饮水安全问题人数", "≥200人"), "饮水"),
    ("2026年招商推介会", "举办招商推介会2场，签约项目10个。", ("产出指标", "数量指标", "举办招商推介会场次", "≥2场"),
     ("效益指标", "社会效益指标", "2型糖尿病患者规范管理率", "≥60%"), ""),
])
def test_the_issue_examples(project, goal, own, foreign, kind_words):
    if engine.row_kind(foreign[2]).kind is None or not engine.project_kinds(project):
        pytest.skip(f"the relevance engine's vocabulary has no kind for “{foreign[2]}” or “{project}” yet "
                    "(knowledge/library/kinds.csv, lead's part of issue 11 item 1)")
    found = _found(_form(project, goal, [own, foreign, ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%")]))
    assert [f.location.index for f in found] == [1]
    assert kind_words in found[0].message


def test_rows_not_put_to_the_engine_are_ones_it_would_pass_or_the_projects_library_rows():
    from assistant.settings import KNOWLEDGE_DIR
    from assistant.validation.relevance import _library_kinds, could_be_foreign
    from eval.report import load_forms

    forms, _ = load_forms(KNOWLEDGE_DIR / "forms")
    for item in forms:
        subject = engine.form_subject(item.form)
        for _, rows in item.form.tables():
            for row in rows:
                if could_be_foreign(row.name, subject):
                    continue
                own_library_row = bool(_library_kinds().get(row.name, frozenset()) & set(subject.kinds))
                assert own_library_row or not engine.judge(row.name, subject).foreign, row.name


def test_a_library_row_of_the_projects_kind_is_its_row_as_for_the_drafter():
    from assistant.library import load_library
    from assistant.validation.relevance import could_be_foreign

    row = next(r for r in load_library() if r.kind == "培训")
    subject = engine.Project("培训项目", ("培训",))
    assert not could_be_foreign(row.name, subject)


def test_a_row_of_a_kind_the_vocabulary_does_not_know_is_reported_naming_what_it_is_about():
    row = ("产出指标", "数量指标", "渔船报废拆解数量", "≥20艘")
    assert engine.row_kind(row[2]).kind is None
    found = _found(_archive(row))
    assert [(f.location.table, f.location.index) for f in found] == [("annual", 5)]
    assert "像是其他项目的指标" in found[0].message and "渔船报废拆解" in found[0].message


def test_a_row_whose_one_content_word_is_used_nowhere_else_is_reported():
    found = _found(_archive(("产出指标", "数量指标", "滑雪人次", "≥300人次")))
    assert [(f.location.table, f.location.index) for f in found] == [("annual", 5)]
    assert "滑雪" in found[0].message
    # … but not when a character of it is the project's (“雪” in the goal text): one word is thin evidence
    form = _archive(("产出指标", "数量指标", "滑雪人次", "≥300人次"))
    form.goals.annual += "冬季组织踏雪拓展。"
    assert _found(form) == []


def test_a_row_of_no_known_kind_the_goal_text_speaks_of_is_left_alone():
    form = _archive(("产出指标", "数量指标", "光伏板清洗面积", "≥2000平方米"))
    assert _found(form)  # nothing in the form speaks of 光伏板 …
    form.goals.annual += "清洗档案馆屋顶光伏板。"
    assert _found(form) == []  # … until the goal text does


def test_a_row_left_to_fill_in_is_not_judged_for_relevance():
    """“（待补充）数量” is reported as unfilled by the values rules; it belongs to no other project."""
    from assistant.schema import Indicator, PerformanceForm, ProjectInfo
    from assistant.validation import validate

    form = PerformanceForm(project=ProjectInfo(name="某区2027年地名普查成果编制经费", budget_wan=40),
                           annual_indicators=[Indicator.from_cells("产出指标", "数量指标", "（待补充）数量", "待补充", "计划标准"),
                                              Indicator.from_cells("产出指标", "质量指标", "地名普查成果验收通过率", "=100%", "计划标准")])
    assert not [f for f in validate(form) if f.rule == "relevance.foreign_row"]
