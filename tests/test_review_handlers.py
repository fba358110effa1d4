"""Handlers of the 审核 and 知识库 pages, on real files, without a browser; and both pages build in gr.Blocks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from assistant.formio import write_form
from tests.test_formio_text import SEED
from assistant.schema import Indicator, PerformanceForm, ProjectInfo
from ui import review_handlers as handlers



@pytest.fixture(scope="module")
def files(tmp_path_factory, seeds):
    folder = tmp_path_factory.mktemp("uploads")
    good = [write_form(seeds[0], folder / "鉴定竞赛.xlsx"), write_form(seeds[1], folder / "就业创业.docx"),
            write_form(seeds[1], folder / "就业创业.json")]
    corrupt = folder / "损坏.docx"
    corrupt.write_bytes(b"PK\x03\x04 broken")
    return {"good": [str(p) for p in good], "corrupt": str(corrupt)}


@pytest.fixture(scope="module")
def precedents(knowledge_store):
    return knowledge_store  # the 40 shipped approved forms, in a real store


# ---- 审核: batch ------------------------------------------------------------------------------------


def test_batch_summary_report_and_bad_file_named(files, tmp_path):
    outcome = handlers.run_review([files["good"][0], files["corrupt"], files["good"][1]], "", report_dir=tmp_path)
    assert [row[1] for row in outcome.summary] == ["鉴定竞赛.xlsx", "就业创业.docx", "损坏.docx"]
    first = outcome.batch.reviews[0]
    assert outcome.summary[0][3:5] == [first.count("error"), first.count("warning")]
    shown = outcome.summary[0][5].split(handlers.SUMMARY_LINE_BREAK)
    assert len(shown) == 3 and all(len(line) <= 91 for line in shown)
    assert [line.rstrip("…") for line in shown] == [p[:len(line.rstrip("…"))] for p, line in zip(first.top_problems(), shown)]
    assert outcome.summary[2][2] == "（无法读取）" and "损坏.docx" in outcome.summary[2][5]
    assert "损坏.docx" in outcome.notice and "无法读取" in outcome.notice and "已审核 2 份表单" in outcome.notice
    assert [label for label, _ in outcome.choices] == ["1. 职业技能鉴定及技能竞赛运转资金（鉴定竞赛.xlsx）",
                                                        "2. 公共就业创业服务（就业创业.docx）"]
    workbook = load_workbook(outcome.report)
    assert workbook.sheetnames[0] == "汇总" and len(workbook.sheetnames) == 3
    assert workbook["汇总"].max_row == 4  # header + two forms + the corrupt file


def test_only_bad_input_gives_a_message_and_no_report(files):
    outcome = handlers.run_review([files["corrupt"]], "没有表格的一段话")
    assert outcome.report is None and outcome.choices == []
    assert "没有读到任何表单" in outcome.notice and "损坏.docx" in outcome.notice and "粘贴的文本" in outcome.notice
    nothing = handlers.run_review(None, "")
    assert nothing.summary == [] and "请先上传" in nothing.notice


def test_pasted_text_and_files_together(files, tmp_path):
    text = open(SEED, encoding="utf-8").read()
    outcome = handlers.run_review([files["good"][2]], text, report_dir=tmp_path)
    assert [r.file for r in outcome.batch.reviews] == ["就业创业.json", "粘贴的文本", "粘贴的文本"]


# ---- 审核: one form ---------------------------------------------------------------------------------


def test_form_detail_parsed_table_names_problem_rows(files, precedents, seeds):
    outcome = handlers.run_review([files["good"][1]], "")
    detail = handlers.form_detail(outcome.batch, 0, precedents)
    review = outcome.batch.reviews[0]
    assert len(detail.parsed) == len(seeds[1].annual_indicators) + len(seeds[1].long_term_indicators)
    assert detail.parsed[0][:2] == ["长期绩效目标表", 1]
    # the seed's 488-trainee goal against an indicator of ≥210: row 3 of the annual table carries the error
    annual_third = next(r for r in detail.parsed if r[0] == "年度绩效目标表" and r[1] == 3)
    assert annual_third[4] == "参加技能培训享受补贴人数" and annual_third[7].startswith("错误")
    clean = [r for r in detail.parsed if not any(f.location.table == ("annual" if r[0] == "年度绩效目标表" else "long_term")
                                                 and f.location.index == r[1] - 1 for f in review.findings)]
    assert clean and all(r[7] == "" for r in clean)
    assert "公共就业创业服务" in detail.header and "16.9 万元" in detail.header


def test_findings_grouped_by_severity_with_places(files, precedents):
    outcome = handlers.run_review([files["good"][0]], "")
    review = outcome.batch.reviews[0]
    text = handlers.findings_markdown(review)
    errors, warnings = review.count("error"), review.count("warning")
    assert f"#### 错误（{errors}）" in text and f"#### 警告（{warnings}）" in text
    assert text.index("#### 错误") < text.index("#### 警告")
    for finding in review.findings:
        assert f"**{finding.location.describe()}**：{finding.message}" in text


def test_precedents_and_comparison_from_the_store(files, precedents):
    outcome = handlers.run_review([files["good"][1]], "")
    detail = handlers.form_detail(outcome.batch, 0, precedents)
    assert detail.precedents and all(row[0] in precedents.form_ids() for row in detail.precedents)
    assert detail.precedents[0][5] >= detail.precedents[-1][5]  # nearest first
    assert detail.comparison.startswith(f"与 {len(detail.precedents)} 份先例比较")
    assert "#### 先例有而本表缺少的指标" in detail.comparison
    chosen = detail.precedent_choices[1][1]
    rows = handlers.precedent_table(detail.comparison_data, chosen)
    form = precedents.get_form(chosen)
    assert len(rows) == len(form.annual_indicators) + len(form.long_term_indicators)
    assert handlers.precedent_table(detail.comparison_data, "no-such-id") == []


def _training_form(name, satisfaction):
    rows = [Indicator.from_cells("产出指标", "数量指标", "培训人数", "≥300人", "计划标准"),
            Indicator.from_cells("满意度指标", "服务对象满意度指标", "参训人员满意度", satisfaction, "历史标准")]
    return PerformanceForm(project=ProjectInfo(name=name, sector="就业培训", budget_wan=30), annual_indicators=rows)


def test_value_unlike_precedents_is_named_with_its_row(tmp_path, precedent_store):
    store = precedent_store({form_id: _training_form(f"技能培训{form_id}", value)
                             for form_id, value in (("p1", "≥90%"), ("p2", "≥95%"))})
    upload = write_form(_training_form("农民工技能培训", "≥60%"), tmp_path / "申报.json")
    outcome = handlers.run_review([str(upload)], "")
    detail = handlers.form_detail(outcome.batch, 0, store)
    assert "#### 与先例常见取值不同（1）" in detail.comparison
    assert "年度表第2行“参训人员满意度”" in detail.comparison and "≥95%（p2）" in detail.comparison


class _BrokenStore:
    def similar_forms(self, *args, **kwargs):
        raise RuntimeError("向量库连接中断")

    search = ingest_paths = similar_forms

    def get_form(self, form_id):
        return None


def test_store_missing_or_failing_keeps_the_findings(files):
    outcome = handlers.run_review([files["good"][0]], "")
    waiting = handlers.form_detail(outcome.batch, 0, None, "正在建立索引 3/40")
    assert waiting.findings.startswith("#### 错误") and waiting.precedents == []
    assert "知识库尚未就绪" in waiting.comparison and "3/40" in waiting.comparison
    broken = handlers.form_detail(outcome.batch, 0, _BrokenStore())
    assert "与先例比较失败" in broken.comparison and "向量库连接中断" in broken.comparison
    assert broken.parsed and broken.findings == waiting.findings
    assert handlers.form_detail(outcome.batch, 5, None).parsed == []


# ---- 知识库 ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    """A real Chroma store on disk with the small deterministic embedding, empty of shipped knowledge."""
    from assistant.settings import Settings
    from assistant.store import open_store

    home = tmp_path_factory.mktemp("home")
    return open_store(Settings(home=home, embedding="hash", chroma_url=None), index_shipped=False)


def test_ingest_then_search_on_a_real_store(files, chroma):
    seen = []
    rows, notice = handlers.ingest_uploads(chroma, [files["good"][0], files["corrupt"]],
                                           progress=lambda *a: seen.append(a))
    assert rows[0] == ["鉴定竞赛", "新增", ""]
    assert rows[1][:2] == ["损坏.docx", "失败"] and "已损坏" in rows[1][2]
    assert notice == "加入知识库完成：新增 1 份，替换 0 份，未变 0 份，失败 1 份。"
    assert seen and seen[-1][0] == seen[-1][1]  # (done, total, label) reached the end
    again, notice = handlers.ingest_uploads(chroma, [files["good"][0]])
    assert again == [["鉴定竞赛", "未变", ""]] and "未变 1 份" in notice

    found, notice = handlers.search_knowledge(chroma, "职业技能鉴定 竞赛", "先例表", 3)
    assert found[0][1] == "先例 鉴定竞赛（职业技能鉴定及技能竞赛运转资金）" and "1 条结果" in notice
    rows, notice = handlers.search_knowledge(chroma, "督导工作成本", "指标", 2.0)
    assert len(rows) == 2 and all(r[1].startswith("先例 鉴定竞赛 ") for r in rows)
    assert "职业技能评价督导工作成本" in rows[0][2] and "表第" in rows[0][1]
    assert rows[0][0] >= rows[1][0]
    empty, notice = handlers.search_knowledge(chroma, "满意度", "指标库", 5)
    assert empty == [] and "没有找到" in notice  # the library was not indexed in this store

    # the 审核 page compares an uploaded form with the store's precedents
    review = handlers.run_review([files["good"][1]], "")
    detail = handlers.form_detail(review.batch, 0, chroma)
    assert [row[0] for row in detail.precedents] == ["鉴定竞赛"]
    assert handlers.precedent_table(detail.comparison_data, "鉴定竞赛")[0][3] == "职业技能评价督导工作成本"


def test_search_and_ingest_bad_input_give_messages(chroma, files):
    assert "请输入" in handlers.search_knowledge(chroma, "  ", "指标", 5)[1]
    assert "未知的检索范围" in handlers.search_knowledge(chroma, "培训", "全部", 5)[1]
    assert "尚未就绪" in handlers.search_knowledge(None, "培训", "指标", 5, "正在建立索引")[1]
    assert "检索失败" in handlers.search_knowledge(_BrokenStore(), "培训", "指标", 5)[1]
    assert "请先上传" in handlers.ingest_uploads(chroma, [])[1]
    assert "尚未就绪" in handlers.ingest_uploads(None, files["good"][:1])[1]
    assert "加入知识库失败" in handlers.ingest_uploads(_BrokenStore(), files["good"][:1])[1]


def test_ingest_summary_accepts_counts_and_dicts():
    rows, notice = handlers.ingest_summary({"added": 3, "replaced": ["a.json"], "unchanged": [],
                                            "failed": [("b.txt", "未找到指标表")], "notes": ["c.xlsx：第5行读不出"]})
    assert rows == [["a.json", "替换", ""], ["b.txt", "失败", "未找到指标表"], ["", "提示", "c.xlsx：第5行读不出"]]
    assert notice == "加入知识库完成：新增 3 份，替换 1 份，未变 0 份，失败 1 份。"


def test_progress_callback_drives_gradio_progress():
    calls = []
    report = handlers.progress_callback(lambda value, desc="": calls.append((value, desc)))
    report(2, 5, "甲.xlsx")
    report(0.5)
    report("正在嵌入")
    assert calls == [((2, 5), "甲.xlsx"), (0.5, "正在加入知识库"), (0, "正在嵌入")]


# ---- pages build ------------------------------------------------------------------------------------


def test_pages_build_inside_blocks(precedents):
    import gradio as gr

    from ui import library_page, review_page

    services = SimpleNamespace(store=precedents, settings=None, status=None)
    with gr.Blocks() as demo:
        with gr.Tab("审核"):
            review_page.build(services)
        with gr.Tab("知识库"):
            library_page.build(services)
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert {"review-files", "review-run", "review-summary", "review-report", "review-parsed",
            "library-query", "library-kind", "library-results", "library-files", "library-ingest"} <= ids
