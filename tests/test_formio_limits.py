"""What an upload may expand to: zip bombs and 100,000-row tables are refused fast, in Chinese, before the
Office libraries inflate them; ingest writes in Chroma's own batch size (real Chroma on disk)."""

import time
import zipfile

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.formio import FormReadError, read_forms, write_form
from assistant.formio import limits
from assistant.schema import Indicator, PerformanceForm, ProjectInfo
from tests.test_store import settings_for

ROWS = 100_000


def _form(rows: int = 1) -> PerformanceForm:
    return PerformanceForm(project=ProjectInfo(name="职业技能培训", unit="某某局", budget_wan=26),
                           annual_indicators=[Indicator.from_cells("产出指标", "数量指标", f"培训人数{i}", "≥500人", "计划标准")
                                              for i in range(rows)])


def _replace_part(path, part: str, writer) -> None:
    """Rewrite one part of an Office package in place (``writer(stream)`` writes its new content)."""
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info.filename)) for info in old.infolist() if info.filename != part]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            new.writestr(info, data)
        with new.open(part, "w", force_zip64=True) as stream:
            writer(stream)


def _bomb(stream, megabytes: int = 160) -> None:
    stream.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 b"<sheetData>")
    block = b" " * (1024 * 1024)
    for _ in range(megabytes):
        stream.write(block)
    stream.write(b"</sheetData></worksheet>")


@pytest.mark.parametrize("fmt, part", [("xlsx", "xl/worksheets/sheet1.xml"), ("docx", "word/document.xml")])
def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, fmt, part):
    path = write_form(_form(), tmp_path / f"炸弹.{fmt}")
    _replace_part(path, part, _bomb)
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, 160 MB inflated
    started = time.perf_counter()
    with pytest.raises(FormReadError, match=r"解压后达 16\d MB") as error:
        read_forms(path)
    assert "炸弹" in str(error.value) and time.perf_counter() - started < 2


def _many_rows(stream) -> None:
    stream.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 b"<sheetData>")
    for r in range(1, ROWS + 1):
        stream.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r))
    stream.write(b"</sheetData></worksheet>")


def test_a_sheet_of_100000_rows_fails_fast_naming_file_and_sheet(tmp_path):
    path = write_form(_form(), tmp_path / "十万行.xlsx")
    _replace_part(path, "xl/worksheets/sheet1.xml", _many_rows)
    started = time.perf_counter()
    with pytest.raises(FormReadError, match=f"十万行.xlsx：工作表“申报表”有 {ROWS} 行，超过上限"):
        read_forms(path)
    assert time.perf_counter() - started < 3


def test_a_docx_of_100000_table_rows_fails_fast(tmp_path):
    path = write_form(_form(), tmp_path / "十万行.docx")

    def body(stream):
        stream.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                     b'2006/main"><w:body><w:tbl>')
        for _ in range(ROWS):
            stream.write(b"<w:tr><w:tc><w:p/></w:tc></w:tr>")
        stream.write(b"</w:tbl></w:body></w:document>")

    _replace_part(path, "word/document.xml", body)
    with pytest.raises(FormReadError, match=f"文档中的表格有 {ROWS} 行"):
        read_forms(path)


def test_pasted_text_and_json_of_100000_rows_fail_fast(tmp_path):
    text = tmp_path / "十万行.txt"
    text.write_text("项目名称: 培训\n\n一级指标\t二级指标\t三级指标\t指标值\n"
                    + "".join(f"产出指标\t数量指标\t培训人数{i}\t≥500人\n" for i in range(ROWS)), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(FormReadError, match=f"十万行.txt 第4行：指标表有 {ROWS} 行，超过上限"):
        read_forms(text)
    assert time.perf_counter() - started < 5
    big = tmp_path / "大.json"
    write_form(_form(limits.MAX_TABLE_ROWS + 1), big)
    with pytest.raises(FormReadError, match="超过上限"):
        read_forms(big)


def test_an_ordinary_export_passes_the_limits(tmp_path):
    for fmt in ("xlsx", "docx"):
        assert len(read_forms(write_form(_form(30), tmp_path / f"ok.{fmt}")).forms[0].annual_indicators) == 30


def test_the_cli_refuses_a_bomb_in_chinese_with_status_2(tmp_path):
    path = write_form(_form(), tmp_path / "炸弹.xlsx")
    _replace_part(path, "xl/worksheets/sheet1.xml", _bomb)
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 2 and "超过上限" in result.output and "Traceback" not in result.output


def test_ingest_writes_in_chromas_max_batch_size(tmp_path):
    """A form with more rows than Chroma takes in one call (5461 on disk) is written whole, no English error."""
    from assistant.store import open_store

    store = open_store(settings_for(tmp_path / "home"), index_shipped=False)
    limit = store.client.get_max_batch_size()
    summary = store.ingest_forms([("大表", _form(limit + 100))])
    assert summary.failed == [] and summary.added == ["大表"]
    assert store.collections["indicators"].count() == limit + 100


def test_a_hostile_deep_json_appendix_is_ignored_and_the_printed_table_read(tmp_path):
    from openpyxl import load_workbook

    xlsx = write_form(_form(2), tmp_path / "深.xlsx")
    workbook = load_workbook(xlsx)
    detail = next(s for s in workbook.worksheets if s.title.startswith("指标明细"))
    for row in detail.iter_rows(min_row=2):
        row[5].value = "[" * 30_000
    workbook.save(xlsx)
    docx = write_form(_form(2), tmp_path / "深.docx")
    _replace_part(docx, "customXml/jixiao-detail.xml",
                  lambda s: s.write(b'<?xml version="1.0"?><detail xmlns="urn:jixiao:detail">' + b"[" * 100_000 + b"</detail>"))
    for path in (xlsx, docx):
        assert [r.name for r in read_forms(path).forms[0].annual_indicators] == ["培训人数0", "培训人数1"]


@pytest.mark.parametrize("fmt, part", [("xlsx", "xl/worksheets/sheet1.xml"), ("docx", "word/document.xml")])
@pytest.mark.parametrize("body", [b"<not xml", b'<?xml version="1.0"?>' + b"<a>" * 5000 + b"</a>" * 5000])
def test_broken_or_too_deep_xml_inside_a_package_is_a_chinese_error(tmp_path, fmt, part, body):
    path = write_form(_form(), tmp_path / f"坏.{fmt}")
    _replace_part(path, part, lambda stream: stream.write(body))
    with pytest.raises(FormReadError, match=f"坏.{fmt}："):
        read_forms(path)


def test_a_workbook_missing_a_part_is_a_chinese_error(tmp_path):
    """openpyxl fails with an IndexError on cells whose styles part is gone."""
    path = write_form(_form(), tmp_path / "缺件.xlsx")
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist() if name != "xl/styles.xml"}
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    with pytest.raises(FormReadError, match="缺件.xlsx：文件已损坏"):
        read_forms(path)
