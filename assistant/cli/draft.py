"""`jixiao draft` (one shot from a brief) and `jixiao chat` (the conversation in the terminal)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.cli.common import ChineseHelpCommand, console, err_console, fail
from assistant.formio.messages import os_error_text


def show_stage(stage: str) -> None:
    """An LLM turn's stage (抽取信息 / 起草 / 校验 / 重问) on stderr, so the wait is visible."""
    err_console.print(f"[dim]大模型：{stage}…[/]", highlight=False)


def _drafter(with_store: bool = True):
    from assistant.drafting.drafter import Drafter
    from assistant.drafting.session import SessionStore
    from assistant.settings import get_settings

    settings = get_settings()
    store = None
    if with_store:  # the Chroma knowledge base, opened on first use (an error naming it when it cannot be)
        from assistant.cli.knowledge import LazyStore

        store = LazyStore()
    return Drafter(store=store, llm=_llm(settings), sessions=SessionStore(settings.sessions_dir))


def _llm(settings):
    """The configured language model (None = 离线模式); a bad configuration is a Chinese error, exit 2."""
    from assistant.llm import LLMConfigError, make_llm

    try:
        return make_llm(settings)
    except LLMConfigError as exc:
        fail(str(exc))


def _brief_text(brief_path: Path | None, text: str | None) -> str:
    if text:
        return text
    if brief_path is None:
        fail("请提供 BRIEF.json 或 --text 项目描述")
    try:
        data = json.loads(brief_path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        fail(f"无法读取项目简介 {brief_path}：{os_error_text(exc)}")
    except UnicodeDecodeError:
        fail(f"无法读取项目简介 {brief_path.name}：不是 UTF-8 编码的文本")
    except json.JSONDecodeError as exc:
        fail(f"无法读取项目简介 {brief_path.name}：JSON 格式错误（第{exc.lineno}行第{exc.colno}列）")
    except RecursionError:
        fail(f"无法读取项目简介 {brief_path.name}：JSON 嵌套层数过多")
    if not isinstance(data, dict):
        fail(f"项目简介 {brief_path.name} 应为 JSON 对象，含 name、unit、budget_wan、year、description")
    parts = [f"项目名称：{data['name']}" if data.get("name") else "",
             f"单位：{data['unit']}" if data.get("unit") else "",
             f"预算{data['budget_wan']}万元" if data.get("budget_wan") is not None else "",
             f"{data['year']}年" if data.get("year") else "", data.get("description", "")]
    return "。".join(p for p in parts if p) + " 直接生成"


def draft(
    brief: Path = typer.Argument(None, help="项目简介 JSON：name, unit, budget_wan, year, description"),
    text: str = typer.Option(None, "--text", "-t", help="用一段话描述项目（代替 BRIEF.json）"),
    as_json: bool = typer.Option(False, "--json", help="输出草稿 JSON（表单、校验结果、来源）"),
    output: Path = typer.Option(None, "-o", "--output", help="另存为 .json / .xlsx / .docx / .md"),
    framework: str = typer.Option("local", "--framework", help="101 或 local"),
) -> None:
    """根据项目简介起草绩效目标和指标表。"""
    from assistant.drafting.session import DraftSession
    from assistant.formio import FormReadError, write_form

    drafter = _drafter()
    session = DraftSession(framework=framework)
    reply = drafter.send(session, _brief_text(brief, text), progress=show_stage if drafter.llm else None)
    if session.form is None:
        fail(f"信息不足，无法起草：{reply.message}")
    if output:
        try:
            write_form(session.form, output)
        except FormReadError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"无法写入 {output}：{os_error_text(exc)}")
    if as_json:
        from assistant.schema import Draft

        # what actually drafted: "offline" when the model failed and the composer stepped in
        payload = Draft(form=session.form, findings=session.findings, mode=reply.mode or drafter.mode,
                        notices=session.notices)
        typer.echo(payload.model_dump_json(indent=2))
    else:
        from assistant.formio.markdown import form_to_markdown

        console.print(form_to_markdown(session.form), highlight=False)
        console.print(reply.message, highlight=False)


def chat(session_id: str = typer.Option(None, "--session", help="继续一个已保存的会话")) -> None:
    """在终端里与助手对话起草（输入“退出”结束）。"""
    drafter = _drafter()
    sessions = drafter.sessions
    try:
        session = sessions.load(session_id) if session_id else sessions.new()
    except (KeyError, ValueError) as exc:
        fail(str(exc.args[0]) if exc.args else str(exc))  # str(KeyError) would quote the message
    console.print(f"会话 {session.id}（{'大模型' if drafter.mode == 'llm' else '离线模式'}）。请描述您的项目：", highlight=False)
    while True:
        try:
            text = console.input("[bold]您：[/]")
        except (EOFError, KeyboardInterrupt):
            break
        if text.strip() in ("退出", "exit", "quit"):
            break
        reply = drafter.send(session, text, progress=show_stage if drafter.llm else None)
        console.print(f"[bold green]助手：[/]{reply.message}", highlight=False)
    console.print(f"会话已保存：{session.id}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("draft", cls=ChineseHelpCommand)(draft)
    app.command("chat", cls=ChineseHelpCommand)(chat)
