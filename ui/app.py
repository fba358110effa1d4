"""The jixiao web UI: 起草, 审核, 知识库 and 设置 pages in one Gradio app, offline.

    demo = build_app(services)        # gr.Blocks; each page module builds its tab and wires its events
    launch(services, host, port)      # local theme and CSS, optional login, no analytics
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr  # noqa: E402

from ui import draft_page, library_page, review_page, settings_page  # noqa: E402
from ui.locale import chinese_everywhere  # noqa: E402
from ui.login import LoginGuard  # noqa: E402
from ui.services import Services  # noqa: E402

TITLE = "jixiao · 绩效目标编制助手"
CSS_PATH = Path(__file__).parent / "theme" / "jixiao.css"
# System fonts only (fonts-noto-cjk on Debian; YaHei/PingFang on desktops): nothing is fetched.
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"]
CACHE_SWEEP = (3600, 86400)  # (every, older than) seconds
UPLOAD_LIMIT = "100mb"  # above the importers' own 20 MB limit, so a big file gets their Chinese message


def theme() -> gr.themes.Base:
    return gr.themes.Default(primary_hue="blue", font=FONTS, font_mono=MONO_FONTS)


def build_app(services: Services) -> gr.Blocks:
    # Downloads and uploads live in gradio's cache: swept hourly once a day old, and all at restart.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=CACHE_SWEEP) as demo:
        # The browser remembers only its draft's id (encrypted); the draft itself lives on the server.
        browser = gr.BrowserState({"session_id": None}, storage_key="jixiao-draft", secret=services.browser_secret)
        # Without login, a random key per browser owns its drafts (the 我的草稿 list).
        browser_key = gr.BrowserState(None, storage_key="jixiao-browser", secret=services.browser_secret)
        gr.Markdown(f"# {TITLE}", elem_id="jx-header")
        banner = gr.Markdown(services.status.text, visible=bool(services.status.text), elem_id="jx-banner")
        timer = gr.Timer(1.0, active=services.status.state == "loading")
        with gr.Tabs(elem_id="jx-pages"):
            with gr.Tab("起草", id="page-draft"):
                page = draft_page.build(services, browser, browser_key)
            with gr.Tab("审核", id="page-review"):
                review_page.build(services)
            with gr.Tab("知识库", id="page-library"):
                library_page.build(services)
            with gr.Tab("设置", id="page-settings"):
                settings_page.build(services)

        def poll_status():
            text = services.status.text
            return gr.Markdown(text, visible=bool(text)), gr.Timer(active=services.status.state == "loading")

        timer.tick(poll_status, None, [banner, timer], show_progress="hidden", api_visibility="private")
        demo.load(draft_page.load(services, page), [browser, browser_key], page.views + [browser_key, page.owner],
                  api_name="restore")
        demo.load(poll_status, None, [banner, timer], show_progress="hidden", api_visibility="private")
    return demo


def launch(services: Services, host: str = "127.0.0.1", port: int = 7860, **kwargs) -> gr.Blocks:
    """Start the app; with ``prevent_thread_lock=True`` (tests) it returns while serving."""
    demo = build_app(services)
    auth = LoginGuard(services.users).check if services.users else None
    demo.queue(default_concurrency_limit=8)
    demo.launch(
        server_name=host, server_port=port, auth=auth, share=False, inbrowser=False, ssr_mode=False,
        auth_message="请使用管理员分配的账号登录（JIXIAO_AUTH）。" if auth else None,
        max_file_size=UPLOAD_LIMIT, footer_links=[],
        theme=theme(), css=CSS_PATH.read_text(encoding="utf-8"), enable_monitoring=False, mcp_server=False,
        pwa=False, quiet=True, i18n=chinese_everywhere(), **kwargs,
    )
    return demo
