"""`jixiao llm serve MODEL.gguf`: serve a local model file on 127.0.0.1 (optional extra jixiao[llm-local])."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import typer

from assistant.cli.common import ChineseHelpCommand, ChineseHelpGroup, console, fail

llm_app = typer.Typer(cls=ChineseHelpGroup, help="本机大模型：用 llama.cpp 在 127.0.0.1 上提供 OpenAI 兼容接口。",
                      no_args_is_help=True)


@llm_app.command("serve", cls=ChineseHelpCommand)
def serve(
    model: Path = typer.Argument(..., help="GGUF 模型文件"),
    port: int = typer.Option(8080, "--port", help="端口（只监听 127.0.0.1）"),
    threads: int = typer.Option(None, "--threads", help="线程数（默认为 CPU 核数）"),
) -> None:
    """用 llama.cpp 在 127.0.0.1 上提供模型文件的 OpenAI 兼容接口，按 Ctrl+C 停止。"""
    from assistant.llmserve import ServeError, describe_model, start_server

    try:
        name = describe_model(model)
        server, url = start_server(model, port=port, threads=threads)
    except ServeError as exc:
        fail(str(exc))
    console.print(f"已启动：{name}\n接口地址：{url}\n在另一个终端中设置：\n"
                  f"  export JIXIAO_LLM=openai:{model.stem}\n  export JIXIAO_LLM_BASE_URL={url}", highlight=False)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    del server
    console.print("已停止。", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(llm_app, name="llm")
