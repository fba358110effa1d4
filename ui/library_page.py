"""知识库 page: search precedent forms, indicators, guidelines and the indicator library; add approved forms.

Only wiring here: the work is in ui.review_handlers (search_knowledge, ingest_uploads) and the store.
"""

from __future__ import annotations

import gradio as gr

from ui import review_handlers as handlers
from ui.markup import md

INTRO = "检索已批复的先例表、指标、指标指南和通用指标库；也可以把新批复的申报表加入知识库，供起草和审核参考。"


def build(services) -> None:
    """Create the page's components inside the current gr.Tab and wire their events."""
    gr.Markdown(INTRO)
    with gr.Row():
        query = gr.Textbox(label="检索内容", placeholder="例如：职业技能培训 满意度", scale=4, elem_id="library-query")
        kind = gr.Radio(list(handlers.KIND_LABELS), value="先例表", label="检索范围", scale=3, elem_id="library-kind")
        k = gr.Slider(1, 20, value=5, step=1, label="结果数", scale=2, elem_id="library-k")
    search = gr.Button("检索", variant="primary", elem_id="library-search")
    search_notice = gr.Markdown(elem_id="library-search-notice")
    results = gr.Dataframe(headers=handlers.SEARCH_HEADERS, type="array", interactive=False, wrap=True,
                           column_widths=["8%", "27%", "65%"], label="检索结果", elem_id="library-results")
    gr.Markdown("### 添加已批复的表单")
    files = gr.File(label="上传已批复的申报表（.xlsx、.docx、.txt、.json，可多选）", file_count="multiple",
                    elem_id="library-files")
    ingest = gr.Button("加入知识库", variant="primary", elem_id="library-ingest")
    ingest_notice = gr.Markdown(elem_id="library-ingest-notice")
    ingest_rows = gr.Dataframe(headers=handlers.INGEST_HEADERS, type="array", interactive=False, wrap=True,
                               label="加入结果", elem_id="library-ingest-results")

    def on_search(text, kind_label, count):
        store, notice = handlers.store_of(services)
        rows, message = handlers.search_knowledge(store, text, kind_label, count, notice)
        return rows, md(message)  # it may quote what was sent, and a store error's text

    def on_ingest(paths, progress=gr.Progress()):
        store, notice = handlers.store_of(services)
        progress(0, desc="正在读取上传的文件")
        rows, message = handlers.ingest_uploads(store, paths, handlers.progress_callback(progress), notice)
        return rows, md(message)

    search.click(on_search, [query, kind, k], [results, search_notice])
    query.submit(on_search, [query, kind, k], [results, search_notice])
    ingest.click(on_ingest, [files], [ingest_rows, ingest_notice])

