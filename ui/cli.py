"""`jixiao ui`: start the web UI (起草, 审核, 知识库, 设置) on the embedded defaults.

The core never imports ui/: this command joins the `jixiao` app through the "jixiao.commands" entry
point (pyproject.toml), and gradio is imported only when the command runs.
"""

from __future__ import annotations

import typer

from assistant.cli.common import ChineseHelpCommand, console, fail


def ui(
    host: str = typer.Option(None, "--host", help="监听地址（默认 127.0.0.1；局域网访问用 0.0.0.0）"),
    port: int = typer.Option(None, "--port", help="端口（默认 7860）"),
) -> None:
    """启动网页界面：对话起草、审核、知识库、设置。"""
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.settings import get_settings
    from ui.app import launch
    from ui.services import AuthConfigError, build_services

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    try:
        services = build_services(settings)
    except AuthConfigError as exc:
        fail(str(exc))
    try:
        demo = launch(services, host, port, prevent_thread_lock=True)
    except OSError as exc:
        fail(f"无法在 {host}:{port} 启动界面（{exc}）；可用 --port 换一个端口。")
    console.print(f"jixiao 已启动：http://{host}:{port}  （Ctrl+C 退出）", highlight=False)
    _show_indexing(services)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        demo.close()


def _show_indexing(services) -> None:
    """First run: the store indexes the shipped knowledge base; show the same progress as the page."""
    if services.status.state != "loading":
        return
    with console.status("正在打开知识库……") as status:
        while not services.wait_for_store(0.5):
            status.update(services.status.text)
    if services.status.state == "failed":
        console.print(services.status.text, highlight=False)
    else:
        console.print("知识库已就绪。", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("ui", cls=ChineseHelpCommand)(ui)
