"""Batch review of real files and the reviewer's workbook, read back with openpyxl."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from assistant.formio import write_form
from tests.test_formio_text import SEED
from assistant.review_report import (FINDING_HEADERS, SUMMARY_HEADERS, SUMMARY_TITLE, review_paths, review_text,
                                     write_review_report)
from assistant.validation import SEVERITY_LABELS, validate



@pytest.fixture(scope="module")
def good_files(tmp_path_factory, seeds):
    folder = tmp_path_factory.mktemp("good")
    return [write_form(seeds[0], folder / "鉴定竞赛.xlsx"), write_form(seeds[1], folder / "就业创业.docx")]


def _bad_files(tmp_path):
    corrupt = tmp_path / "损坏.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a workbook")
    encrypted = tmp_path / "加密.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    huge = tmp_path / "过大.xlsx"
    with huge.open("wb") as handle:  # a 50 MB file (sparse: the size is what is refused)
        handle.truncate(50 * 1024 * 1024)
    wrong = tmp_path / "扫描件.pdf"
    wrong.write_bytes(b"%PDF-1.4\n")
    no_table = tmp_path / "说明.txt"
    no_table.write_text("项目名称：某培训项目\n这里只有文字说明，没有指标表。\n", encoding="utf-8")
    return [corrupt, encrypted, huge, wrong, no_table]


def test_batch_reviews_good_files_and_names_every_bad_one(tmp_path, good_files, seeds):
    bad = _bad_files(tmp_path)
    batch = review_paths([bad[0], good_files[0], *bad[1:], good_files[1]])
    assert [r.file for r in batch.reviews] == ["鉴定竞赛.xlsx", "就业创业.docx"]
    assert [r.form.project.name for r in batch.reviews] == [f.project.name for f in seeds]
    # the findings are the validators' own, for the form as it came back from the file
    assert [f.rule for f in batch.reviews[0].findings] == [f.rule for f in validate(batch.reviews[0].form)]
    assert batch.reviews[0].count("error") >= 1  # the seed's 68万 of costs against a 26万 budget
    unreadable = {u.file: u.message for u in batch.unreadable}
    assert list(unreadable) == [p.name for p in bad]
    for name, message in unreadable.items():
        assert name in message  # every message names its file
    assert "损坏" in unreadable["损坏.xlsx"]
    assert "加密" in unreadable["加密.docx"] or "损坏" in unreadable["加密.docx"]
    assert "过大" in unreadable["过大.xlsx"] and "MB" in unreadable["过大.xlsx"]
    assert "不支持" in unreadable["扫描件.pdf"]
    assert "指标表" in unreadable["说明.txt"]


def test_top_problems_put_errors_first_and_name_the_place(good_files):
    review = review_paths([good_files[1]]).reviews[0]
    top = review.top_problems()
    assert len(top) == 3
    errors = [f for f in review.findings if f.severity == "error"]
    assert top[0] == f"{errors[0].location.describe()}：{errors[0].message}"
    assert all("绩效目标表" in line or "项目" in line or "目标" in line for line in top)


def test_pasted_text_is_reviewed_and_empty_text_is_refused():
    text = open(SEED, encoding="utf-8").read()
    batch = review_text(text)
    assert len(batch.reviews) == 2 and {r.file for r in batch.reviews} == {"粘贴的文本"}
    assert "为空" in review_text("   ").unreadable[0].message
    assert "指标表" in review_text("随便写的几句话").unreadable[0].message


def test_report_workbook_has_summary_and_one_findings_sheet_per_form(tmp_path, good_files):
    batch = review_paths([*good_files, *_bad_files(tmp_path)[:2]])
    path = write_review_report(batch, tmp_path / "out" / "审核报告.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == SUMMARY_TITLE and len(workbook.sheetnames) == 1 + len(batch.reviews)
    summary = workbook[SUMMARY_TITLE]
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == SUMMARY_HEADERS
    assert len(rows) == 1 + len(batch.reviews) + len(batch.unreadable)
    for row, review in zip(rows[1:], batch.reviews):
        assert row[1] == review.file and row[2] == review.title
        assert (row[5], row[6], row[7]) == (review.count("error"), review.count("warning"), review.count("info"))
        assert row[8].split("\n") == review.top_problems()
        assert row[9] in workbook.sheetnames
    assert [r[8] for r in rows[-2:]] == [u.message for u in batch.unreadable]
    assert summary.column_dimensions["I"].width >= 50 and summary.column_dimensions["B"].width >= 20
    for review, name in zip(batch.reviews, workbook.sheetnames[1:]):
        sheet = workbook[name]
        values = list(sheet.iter_rows(values_only=True))
        header_at = next(i for i, r in enumerate(values) if r[:len(FINDING_HEADERS)] == FINDING_HEADERS)
        body = [r for r in values[header_at + 1:] if r[0] is not None]
        assert len(body) == len(review.findings) + len(review.problems)
        for row, finding in zip(body, review.findings):
            assert row[1] == SEVERITY_LABELS[finding.severity]
            assert row[2] == finding.location.describe() and row[3] == finding.message and row[5] == finding.rule
        assert sheet.column_dimensions["D"].width >= 50


def test_sheet_names_are_legal_and_unique_for_awkward_titles(tmp_path, seeds):
    awkward = seeds[0].model_copy(deep=True)
    awkward.project.name = "2026年[专项]资金：培训/竞赛*评价?鉴定\\督导工作经费（续）很长很长的名字"
    files = [write_form(awkward, tmp_path / "甲.json"), write_form(awkward, tmp_path / "乙.json")]
    batch = review_paths(files)
    workbook = load_workbook(write_review_report(batch, tmp_path / "r.xlsx"))
    names = workbook.sheetnames[1:]
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\'") for n in names)


def test_form_text_that_looks_like_a_formula_is_written_as_text(tmp_path, seeds):
    """A project named =cmd|' /C calc'!A0 must reach the reviewer as those characters, not a live formula."""
    import zipfile

    hostile = seeds[0].model_copy(deep=True)
    hostile.project.name = "=cmd|' /C calc'!A0"
    hostile.project.unit = "+1+1"
    hostile.annual_indicators[0].name = "=HYPERLINK(\"http://example.invalid\",\"点此\")"
    hostile.annual_indicators[0].value = "很多"  # a finding whose message quotes the hostile name
    batch = review_paths([write_form(hostile, tmp_path / "@SUM(1).json")])
    path = write_review_report(batch, tmp_path / "审核报告.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    workbook = load_workbook(path)
    summary = list(workbook[SUMMARY_TITLE].iter_rows(min_row=2, values_only=True))[0]
    assert summary[1] == "@SUM(1).json" and summary[2] == "=cmd|' /C calc'!A0" and summary[3] == "+1+1"
    details = workbook[workbook.sheetnames[1]]
    assert details.cell(row=1, column=3).value == "=cmd|' /C calc'!A0"
    assert any("=HYPERLINK" in str(c) for row in details.iter_rows(values_only=True) for c in row)
