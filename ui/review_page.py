"""审核 page: reviewers upload one or several submitted forms (or paste one) and read what is wrong with each.

Upload → 批量汇总 (errors, warnings, top problems per form) and the review workbook to download; choose a
form → its parsed indicator table with each row's problems, findings grouped by severity, and its nearest
precedents with the comparison. Only wiring here: the work is in ui.review_handlers.
"""

from __future__ import annotations

import gradio as gr

from ui import review_handlers as handlers

INTRO = ("上传一份或多份《项目支出绩效目标申报表》（.xlsx、.docx、粘贴文本 .txt、.json），或在右侧粘贴申报表文本，"
         "点击“开始审核”。无法读取的文件会单独列出原因，其余文件照常审核。")


_SIDE_WIDTHS = ["13%", "7%", "22%", "40%", "18%"]


def build(services) -> None:
    """Create the page's components inside the current gr.Tab and wire their events."""
    gr.Markdown(INTRO)
    with gr.Row():
        files = gr.File(label="上传申报表（可多选）", file_count="multiple", elem_id="review-files")
        text = gr.Textbox(label="或粘贴申报表文本", lines=7, max_lines=20, elem_id="review-text",
                          placeholder="从预算系统复制的申报表，含“一级指标、二级指标、三级指标、指标值”表头行")
    with gr.Row():
        run = gr.Button("开始审核", variant="primary", elem_id="review-run")
        clear = gr.Button("清空", elem_id="review-clear")
    notice = gr.Markdown(elem_id="review-notice")
    summary = gr.Dataframe(headers=handlers.SUMMARY_HEADERS, type="array", label="批量汇总", interactive=False,
                           wrap=True, datatype=["number", "str", "str", "number", "number", "markdown"], column_widths=["6%", "16%", "20%", "7%", "7%", "44%"], elem_id="review-summary")
    report = gr.File(label="审核报告（Excel，含汇总和每份表单的问题明细）", interactive=False, elem_id="review-report")
    choose = gr.Dropdown(label="查看表单", choices=[], value=None, interactive=True, elem_id="review-choose")
    header = gr.Markdown(elem_id="review-header")
    with gr.Accordion("绩效目标文本", open=False):
        goals = gr.Markdown(elem_id="review-goals")
    with gr.Tabs():
        with gr.Tab("指标表", id="review-tab-parsed"):
            parsed = gr.Dataframe(headers=handlers.PARSED_HEADERS, type="array", interactive=False, wrap=True,
                                  column_widths=["10%", "4%", "8%", "11%", "20%", "9%", "8%", "30%"],
                                  label="读取到的指标（“问题”列为该行的校验结果）", elem_id="review-parsed")
        with gr.Tab("问题", id="review-tab-findings"):
            findings = gr.Markdown(elem_id="review-findings")
        with gr.Tab("先例比较", id="review-tab-precedents"):
            precedents = gr.Dataframe(headers=handlers.PRECEDENT_HEADERS, type="array", interactive=False, wrap=True,
                                      label="最相近的先例", elem_id="review-precedents")
            comparison = gr.Markdown(elem_id="review-comparison")
            with gr.Row():
                with gr.Column():
                    mine = gr.Dataframe(headers=handlers.SIDE_HEADERS, type="array", interactive=False, wrap=True,
                                        column_widths=_SIDE_WIDTHS, label="本表指标", elem_id="review-mine")
                with gr.Column():
                    precedent_choose = gr.Dropdown(label="对照先例", choices=[], value=None, interactive=True,
                                                   elem_id="review-precedent-choose")
                    precedent_rows = gr.Dataframe(headers=handlers.SIDE_HEADERS, type="array", interactive=False,
                                                  wrap=True, column_widths=_SIDE_WIDTHS, label="先例指标表",
                                                  elem_id="review-precedent-rows")
    batch_state = gr.State(None)
    comparison_state = gr.State(None)

    def on_run(paths, pasted):
        # Each report gets its own unguessable folder: two reviews in one second never share a file.
        outcome = handlers.run_review(paths, pasted, report_dir=services.download_dir())
        first = outcome.choices[0][1] if outcome.choices else None
        return (outcome.batch, outcome.notice, outcome.summary, outcome.report,
                gr.Dropdown(choices=outcome.choices, value=first))

    def on_choose(batch, index):
        detail = handlers.form_detail(batch, index, *handlers.store_of(services))
        first = detail.precedent_choices[0][1] if detail.precedent_choices else None
        return (detail.header, detail.goals, detail.parsed, detail.findings, detail.precedents, detail.comparison,
                detail.side,
                gr.Dropdown(choices=detail.precedent_choices, value=first),
                handlers.precedent_table(detail.comparison_data, first), detail.comparison_data)

    def on_clear():
        return (None, "", None, None, "", [], gr.Dropdown(choices=[], value=None), "", "", [], "", [], "", [],
                gr.Dropdown(choices=[], value=None), [], None)

    detail_outputs = [header, goals, parsed, findings, precedents, comparison, mine, precedent_choose, precedent_rows,
                      comparison_state]
    run.click(on_run, [files, text], [batch_state, notice, summary, report, choose], api_name="review").then(
        on_choose, [batch_state, choose], detail_outputs)
    choose.input(on_choose, [batch_state, choose], detail_outputs)
    precedent_choose.input(handlers.precedent_table, [comparison_state, precedent_choose], precedent_rows)
    clear.click(on_clear, None, [files, text, batch_state, report, notice, summary, choose, *detail_outputs[:-1],
                                 comparison_state])
