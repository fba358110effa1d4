"""Export to the standard form and import it back, exactly: xlsx, docx, JSON."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.formio import read_forms, write_form
from assistant.schema import Goals, Indicator, PerformanceForm, ProjectInfo
from tests.test_formio_text import SEED

FORMATS = ("xlsx", "docx", "json")
SEED_FORMS = read_forms(SEED).forms

cjk = st.text(alphabet=st.sampled_from(list("培训人数合格率满意度项目资金发放及时完成道路里程学生资助农田面积") + list(string.digits)),
              min_size=1, max_size=16)
pairs = st.sampled_from([("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("成本指标", "经济成本指标"),
                         ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")])
values = st.one_of(
    st.tuples(st.sampled_from(["=", "≥", "≤", ">", "<", ""]), st.integers(0, 99999).map(str),
              st.sampled_from(["人", "人次", "%", "万元", "元/人", "公里", "次"])),
    st.tuples(st.just("定性"), st.sampled_from(["达到预期目标", "优", "较好"]), st.just("")),
)


@st.composite
def indicators(draw):
    (level1, level2), (op, value, unit) = draw(pairs), draw(values)
    return Indicator(level1=level1, level2=level2, name=draw(cjk), operator=op, value=value, unit=unit,
                     basis=draw(st.sampled_from(["计划标准", "历史标准", "", "其他标准"])),
                     sources=draw(st.lists(st.sampled_from(["lib:lib-train-001", "form:x#annual:2", "brief:培训500人"]),
                                           max_size=2)),
                     actual=draw(st.one_of(st.none(), st.just("98%"))))


forms = st.builds(
    PerformanceForm,
    project=st.builds(ProjectInfo, name=cjk, unit=cjk, department=st.one_of(st.none(), cjk),
                      budget_wan=st.one_of(st.none(), st.floats(0.01, 99999, allow_nan=False).map(lambda x: round(x, 4))),
                      year=st.one_of(st.none(), st.integers(2015, 2035)), sector=st.one_of(st.none(), st.just("教育"))),
    goals=st.builds(Goals, long_term=st.text(alphabet="培训长期目标，。\n123", max_size=80),
                    annual=st.text(alphabet="年度目标培训500人，。", max_size=80)),
    long_term_indicators=st.lists(indicators(), max_size=5),
    annual_indicators=st.lists(indicators(), min_size=1, max_size=8),
    source=st.one_of(st.none(), st.just("http://example.gov.cn/a.html")),
)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("index", [0, 1])
def test_seed_forms_round_trip_exactly(tmp_path, fmt, index):
    form = SEED_FORMS[index]
    path = write_form(form, tmp_path / f"form.{fmt}")
    assert read_forms(path).forms == [form]


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=forms)
def test_generated_forms_round_trip_exactly(tmp_path, fmt, form):
    path = write_form(form, tmp_path / f"generated.{fmt}")
    assert read_forms(path).forms == [form]


def test_edits_in_the_printed_table_win_over_the_appendix(tmp_path):
    from openpyxl import load_workbook

    path = write_form(SEED_FORMS[1], tmp_path / "edited.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["申报表"]
    # The printed form shows the 长期 table first; edit its row and leave the 年度 one as it was.
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "≥210人")
    cell.value = "≥488人"
    workbook.save(path)
    form = read_forms(path).forms[0]
    edited = next(r for r in form.long_term_indicators if r.name == "参加技能培训享受补贴人数")
    untouched = next(r for r in form.annual_indicators if r.name == "参加技能培训享受补贴人数")
    assert (edited.operator, edited.value, edited.unit) == ("≥", "488", "人")
    assert untouched.raw_value == "≥210人" and untouched.sources == SEED_FORMS[1].annual_indicators[0].sources


def _levels_form() -> PerformanceForm:
    return PerformanceForm(
        project=ProjectInfo(name="职业技能培训", unit="某某局", budget_wan=26),
        annual_indicators=[Indicator(level1="产出指标", level2="数量指标", name="培训人数", operator="≥", value="500",
                                     unit="人", basis="计划标准", sources=["brief:培训500人"]),
                           Indicator(level1="效益指标", level2="社会效益指标", name="受训学员满意度", operator="≥",
                                     value="90", unit="%", basis="历史标准", sources=["lib:lib-train-009"])])


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_edited_level1_and_level2_in_the_printed_table_are_not_reverted(tmp_path, fmt):
    """A reviewer moves 满意度 out of 效益 in the exported file: re-importing keeps the move (and the row's sources)."""
    path = write_form(_levels_form(), tmp_path / f"levels.{fmt}")
    if fmt == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path)
        sheet = workbook["申报表"]
        row = next(r for r in sheet.iter_rows() if r[3].value == "受训学员满意度")
        row[1].value, row[2].value = "满意度指标", "服务对象满意度指标"
        workbook.save(path)
    else:
        from docx import Document

        document = Document(str(path))
        row = next(r for r in document.tables[0].rows if r.cells[3].text == "受训学员满意度")
        row.cells[1].text, row.cells[2].text = "满意度指标", "服务对象满意度指标"
        document.save(str(path))
    rows = read_forms(path).forms[0].annual_indicators
    moved = rows[1]
    assert (moved.level1, moved.level2) == ("满意度指标", "服务对象满意度指标")
    assert moved.sources == ["lib:lib-train-009"] and (moved.operator, moved.value, moved.unit) == ("≥", "90", "%")
    assert (rows[0].level1, rows[0].level2, rows[0].sources) == ("产出指标", "数量指标", ["brief:培训500人"])
