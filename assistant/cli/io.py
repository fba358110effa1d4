"""`jixiao import` and `jixiao export`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.cli.common import ChineseHelpCommand, console, err_console, fail
from assistant.formio.messages import os_error_text


def import_form(
    file: Path = typer.Argument(..., help="要导入的文件：粘贴文本 .txt、.json、.xlsx、.docx"),
    as_json: bool = typer.Option(False, "--json", help="输出规范 JSON"),
    lenient: bool = typer.Option(False, "--lenient", help="有无法读取的行时仍然输出（问题照常列出）"),
) -> None:
    """导入表单，输出规范 JSON 或可读表格。"""
    from assistant.formio import FormReadError, read_forms
    from assistant.formio.markdown import form_to_markdown

    try:
        result = read_forms(file)
    except FormReadError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法读取文件 {file}：{os_error_text(exc)}")
    for problem in result.problems:
        label = "错误" if problem.severity == "error" else "提示"
        err_console.print(f"{label}：{problem}", highlight=False)
    if as_json:
        data = [json.loads(f.model_dump_json()) for f in result.forms]
        typer.echo(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        for form in result.forms:
            console.print(form_to_markdown(form), highlight=False)
    if result.errors and not lenient:
        fail(f"{file.name}：有 {len(result.errors)} 行无法读取（见上）。如需保留其余内容，请加 --lenient")


def export_form(
    form_json: Path = typer.Argument(..., help="规范 JSON 表单"),
    to: str = typer.Option(..., "--to", help="xlsx、docx、json 或 md"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件路径"),
) -> None:
    """把规范 JSON 表单导出为其他格式。"""
    from assistant.formio import FormReadError, read_forms, write_form

    try:
        forms = read_forms(form_json).forms
    except FormReadError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法读取文件 {form_json}：{os_error_text(exc)}")
    try:
        written = write_form(forms[0], output, to)
    except FormReadError as exc:
        fail(str(exc))
    except OSError as exc:  # a folder that does not exist and cannot be made (/proc/x), no permission, disk full
        fail(f"无法写入 {output}：{os_error_text(exc)}")
    console.print(f"已导出：{written}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("import", cls=ChineseHelpCommand)(import_form)
    app.command("export", cls=ChineseHelpCommand)(export_form)
