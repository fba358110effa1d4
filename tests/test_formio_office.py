"""Workbooks and documents people have (not written by jixiao), and broken files."""

import pytest
from docx import Document
from openpyxl import Workbook

from assistant.formio import FormReadError, read_forms


def _people_workbook(path, sheets=1):
    workbook = Workbook()
    for n in range(sheets):
        sheet = workbook.active if n == 0 else workbook.create_sheet()
        sheet.title = f"项目{n + 1}"
        sheet.append(["项目支出绩效目标批复表"])
        sheet.append(["项目名称", f"第{n + 1}个培训项目", None, "项目预算", 26])
        sheet.append(["年度绩效目标", "培训500人"])
        sheet.append(["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"])
        sheet.append(["产出指标", "数量指标", "培训人数", "≥500人", "计划标准"])
        sheet.append([None, None, "培训期数", "=3期", "计划标准"])
        sheet.append([None, "质量指标", "培训合格率", 0.95, "行业标准"])
        sheet.append(["满意度指标", "满意度", "受训学员满意度", "≥90%", "历史标准"])
        sheet.merge_cells("A5:A7")
        sheet.merge_cells("B5:B6")
    workbook.save(path)


def test_common_xlsx_variant_with_merged_cells(tmp_path):
    path = tmp_path / "批复表.xlsx"
    _people_workbook(path)
    form = read_forms(path).forms[0]
    assert form.project.name == "第1个培训项目" and form.project.budget_wan == 26
    rows = [(r.level1, r.level2, r.name, r.raw_value) for r in form.annual_indicators]
    assert rows == [("产出指标", "数量指标", "培训人数", "≥500人"), ("产出指标", "数量指标", "培训期数", "=3期"),
                    ("产出指标", "质量指标", "培训合格率", "0.95"),
                    ("满意度指标", "服务对象满意度指标", "受训学员满意度", "≥90%")]


def test_several_forms_in_one_workbook(tmp_path):
    path = tmp_path / "多表.xlsx"
    _people_workbook(path, sheets=2)
    assert [f.project.name for f in read_forms(path).forms] == ["第1个培训项目", "第2个培训项目"]


PERSON_TABLE = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训人数", "≥500人"],
                ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"]]


def _fill(table, rows=PERSON_TABLE) -> None:
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text


def test_docx_table_of_a_person(tmp_path):
    document = Document()
    document.add_paragraph("项目支出绩效目标申报表")
    _fill(document.add_table(rows=3, cols=4))
    path = tmp_path / "申报表.docx"
    document.save(path)
    assert [r.name for r in read_forms(path).forms[0].annual_indicators] == ["培训人数", "学员满意度"]


@pytest.mark.parametrize("name, content, message", [
    ("坏.xlsx", b"not a zip file at all", "已损坏"),
    ("加密.xlsx", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "已加密或为旧版"),
    ("坏.docx", b"garbage", "已损坏"),
    ("加密.docx", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "已加密或为旧版 .doc"),
    ("表.json", b"{\"project\": {\"budget_wan\": \"abc\"}}", "project.budget_wan"),
])
def test_broken_files_get_chinese_errors_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FormReadError) as error:
        read_forms(path)
    assert name in str(error.value) and message in str(error.value)


def test_docx_without_table_and_xlsx_without_indicator_table(tmp_path):
    document = Document()
    document.add_paragraph("只有文字")
    document.save(tmp_path / "无表.docx")
    with pytest.raises(FormReadError, match="没有表格"):
        read_forms(tmp_path / "无表.docx")
    workbook = Workbook()
    workbook.active.append(["项目名称", "没有指标表"])
    workbook.save(tmp_path / "无指标.xlsx")
    with pytest.raises(FormReadError, match="没有找到指标表"):
        read_forms(tmp_path / "无指标.xlsx")


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "大.xlsx"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(FormReadError, match="文件过大"):
        read_forms(path)


def test_exported_layout_merges_like_the_printed_form(tmp_path):
    from openpyxl import load_workbook

    from assistant.formio import write_form
    from tests.test_formio_text import SEED

    form = read_forms(SEED).forms[1]
    workbook = load_workbook(write_form(form, tmp_path / "f.xlsx"))
    sheet = workbook["申报表"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    header_row = next(c.row for c in sheet["A"] if c.value == "目标名称")
    first = header_row + 1  # the 长期 table: 2 成本 rows, then 6 产出 rows, under one 目标名称 cell
    assert f"A{first}:A{first + len(form.long_term_indicators) - 1}" in merged
    assert f"B{first}:B{first + 1}" in merged and f"B{first + 2}:B{first + 7}" in merged
    assert any(r.startswith("B") and r.endswith("F3") for r in merged)  # 项目名称's value spans the row
    document = Document(str(write_form(form, tmp_path / "f.docx")))
    assert len(document.tables) == 1  # the exact-value appendix is not printed
    assert "指标明细" not in "".join(p.text for p in document.paragraphs)


def test_docx_indicator_table_inside_a_layout_table(tmp_path):
    """Word forms are often laid out in one big table, the indicator table nested in one of its cells."""
    document = Document()
    layout = document.add_table(rows=2, cols=2)
    layout.cell(0, 0).text, layout.cell(0, 1).text = "项目名称", "职业技能培训"
    holder = layout.cell(1, 0).merge(layout.cell(1, 1))
    _fill(holder.add_table(rows=3, cols=4))
    path = tmp_path / "版式表.docx"
    document.save(path)
    form = read_forms(path).forms[0]
    assert form.project.name == "职业技能培训"
    assert [(r.name, r.raw_value) for r in form.annual_indicators] == [("培训人数", "≥500人"), ("学员满意度", "≥90%")]
