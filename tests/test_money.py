"""One money parser (assistant.money): 元/万元/亿元 → 万元, and every importer reads a budget "80000元" as 8万元."""

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from assistant import money, taxonomy
from assistant.formio import parse_text, read_forms, write_form
from assistant.schema import Indicator, PerformanceForm, ProjectInfo


@pytest.mark.parametrize("text, wan, unit", [
    ("80000元", 8.0, "元"), ("80,000.00 元", 8.0, "元"), ("８００００元", 8.0, "元"), ("26", 26.0, ""),
    ("26万元", 26.0, "万元"), ("预算26万", 26.0, "万"), ("1.2亿元", 12000.0, "亿元"), ("500千元", 50.0, "千元"),
    ("预算数(A) 30", 30.0, ""), ("￥80,000", 8.0, "元"), ("¥ 80000.00", 8.0, "元"), ("2024年预算30万元", 30.0, "万元"), ("共计164万元（其中中央资金100万元）", 164.0, "万元"),
])
def test_parse_money_converts_to_wan_and_says_which_unit_it_read(text, wan, unit):
    found = money.parse_money(text)
    assert found is not None and found.wan == pytest.approx(wan) and found.unit == unit


@pytest.mark.parametrize("text", ["800元/人", "3万人次", "120万平方米", "", "无", "95%"])
def test_rates_counts_and_words_are_not_money(text):
    assert money.parse_money(text) is None


def test_a_label_unit_is_the_default_for_a_bare_number():
    assert money.label_unit("预算金额（元）") == "元" and money.label_unit("项目预算(万元)") == "万元"
    assert money.money_wan("80000", default_unit="元") == pytest.approx(8.0)
    assert money.money_wan("8万元", default_unit="元") == pytest.approx(8.0)  # the cell's own unit wins


def test_taxonomy_converts_through_the_same_parser():
    assert taxonomy.to_wan(80000, "元") == pytest.approx(8.0) and taxonomy.to_wan(2, "亿元") == 20000
    assert taxonomy.to_wan(3, "万") == 3 and taxonomy.to_wan(800, "元/人") is None


def _form(budget=26.0) -> PerformanceForm:
    return PerformanceForm(project=ProjectInfo(name="职业技能培训", unit="某某局", budget_wan=budget, year=2026),
                           annual_indicators=[Indicator.from_cells("产出指标", "数量指标", "培训人数", "≥500人", "计划标准")])


def _xlsx_exported(path) -> None:
    """Our own export, its 项目预算 cell overwritten by a user with "80000元"."""
    write_form(_form(), path, "xlsx")
    workbook = load_workbook(path)
    sheet = workbook["申报表"]
    cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "项目预算（万元）")
    cell.value = "80000元"
    workbook.save(path)


def _xlsx_people(path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["项目名称", "培训项目", None, "项目金额", "80000元"])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "培训人数", "≥500人"])
    workbook.save(path)


def _docx_exported(path) -> None:
    write_form(_form(), path, "docx")
    document = Document(str(path))
    for row in document.tables[0].rows:
        if row.cells[0].text == "项目预算（万元）":
            row.cells[1].text = "80000元"
    document.save(str(path))


def _text_system(path) -> None:
    path.write_text("项目支出绩效目标申报表\n项目名称\t培训项目\t项目预算\t80000元\n年度绩效目标表\n"
                    "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥500人\n", encoding="utf-8")


def _text_transcribed(path) -> None:
    path.write_text("项目名称: 培训项目\n项目金额: 80000元\n\n一级指标\t二级指标\t三级指标\t指标值\n"
                    "产出指标\t数量指标\t培训人数\t≥500人\n", encoding="utf-8")


@pytest.mark.parametrize("name, build", [("导出.xlsx", _xlsx_exported), ("自制.xlsx", _xlsx_people),
                                         ("导出.docx", _docx_exported), ("系统.txt", _text_system),
                                         ("转录.txt", _text_transcribed)])
def test_every_importer_reads_80000_yuan_as_8_wan(tmp_path, name, build):
    path = tmp_path / name
    build(path)
    assert read_forms(path).forms[0].project.budget_wan == pytest.approx(8.0)


def test_pasted_text_and_an_xlsx_agree_on_a_budget_label_in_yuan(tmp_path):
    pasted = parse_text("项目名称: 培训项目\n项目金额（元）: 80000\n\n一级指标\t二级指标\t三级指标\t指标值\n"
                        "产出指标\t数量指标\t培训人数\t≥500人\n").forms[0]
    workbook = Workbook()
    workbook.active.append(["项目名称", "培训项目", "预算金额（元）", 80000])
    workbook.active.append(["一级指标", "二级指标", "三级指标", "指标值"])
    workbook.active.append(["产出指标", "数量指标", "培训人数", "≥500人"])
    workbook.save(tmp_path / "元.xlsx")
    assert pasted.project.budget_wan == pytest.approx(8.0)
    assert read_forms(tmp_path / "元.xlsx").forms[0].project.budget_wan == pytest.approx(8.0)
