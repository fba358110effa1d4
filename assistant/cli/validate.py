"""`jixiao validate PATH…`: check forms as a finance-bureau reviewer would, one file or a whole folder.

Exit status: 0 no errors, 1 at least one error finding, 2 input that cannot be read.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from assistant.cli.common import ChineseHelpCommand, console, err_console, fail

if TYPE_CHECKING:
    from assistant.review_report import FormReview

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _files(paths: list[Path]) -> tuple[list[tuple[Path, bool]], bool]:
    """The files to read, each with whether it was named explicitly, and whether this is a batch."""
    from assistant.formio import form_files

    files, batch = [], False
    for path in paths:
        if path.is_dir():
            batch = True
            files += [(p, False) for p in form_files(path)]
        elif path.exists():
            files.append((path, True))
        else:
            fail(f"找不到文件或文件夹：{path}")
    return files, batch or len(files) > 1


def _check(files: list[tuple[Path, bool]], framework: str | None, llm) -> tuple[list[FormReview], list[str], bool]:
    """Validate every form in the files; a file found in a folder that is not a form is skipped with a notice."""
    from assistant.formio import FormReadError, read_forms
    from assistant.review_report import FormReview
    from assistant.validation import detect_framework, review

    checked, unreadable, bad_input = [], [], False
    for path, explicit in files:
        try:
            result = read_forms(path)
        except FormReadError as exc:
            if len(files) == 1:
                fail(str(exc))
            unreadable.append(str(exc))
            bad_input = bad_input or explicit
            err_console.print(f"[yellow]跳过：[/]{exc}", highlight=False, soft_wrap=True)
            continue
        problems = [str(p) for p in result.problems]
        for form in result.forms:
            used = framework or detect_framework(form)
            checked.append(FormReview(str(path), form, review(form, used, llm), problems, used))
    return checked, unreadable, bad_input


def _print_form(item: FormReview) -> None:
    from rich.markup import escape

    from assistant import findings as presenter
    from assistant.taxonomy import FRAMEWORK_LABELS

    name = escape(item.form.project.name or "（未命名项目）")
    console.print(f"\n[bold]{name}[/]  [dim]{escape(item.file)} · {FRAMEWORK_LABELS[item.framework]}[/]", highlight=False, soft_wrap=True)
    for problem in item.problems:
        console.print(f"  [dim]导入提示：{escape(problem)}[/]", highlight=False, soft_wrap=True)
    if not item.findings:
        console.print("  [green]未发现问题。[/]")
        return
    for severity, label, group in presenter.grouped(item.findings):
        console.print(f"  [{SEVERITY_STYLE[severity]}]{label}（{len(group)}）[/]")
        for finding in group:
            # form text may hold "[...]": escaped so rich prints it instead of reading it as markup
            console.print(f"   • {escape(presenter.line(finding))} [dim]\\[{finding.rule}][/]", highlight=False, soft_wrap=True)
            if finding.suggestion:
                console.print(f"     [dim]建议：{escape(finding.suggestion)}[/]", highlight=False, soft_wrap=True)


def _print_summary(checked: list[FormReview], unreadable: list[str]) -> None:
    from rich.markup import escape

    table = Table(title="批量校验汇总", show_lines=False)
    for column in ("文件", "项目", "错误", "警告", "提示"):
        table.add_column(column, overflow="fold")
    for item in checked:
        table.add_row(escape(Path(item.file).name), escape(item.form.project.name or "—"), str(item.count("error")),
                      str(item.count("warning")), str(item.count("info")))
    console.print(table)
    errors = sum(i.count("error") for i in checked)
    warnings = sum(i.count("warning") for i in checked)
    with_errors = sum(1 for i in checked if i.count("error"))
    console.print(f"表单 {len(checked)} 份（有错误的 {with_errors} 份）；错误 {errors} 条，警告 {warnings} 条"
                  + (f"；跳过无法读取的文件 {len(unreadable)} 个" if unreadable else "") + "。", highlight=False, soft_wrap=True)
    top = Counter(f.rule for i in checked for f in i.findings if f.severity != "info").most_common(8)
    if top:
        console.print("最常见的问题：" + "；".join(f"{rule}（{n}）" for rule, n in top), highlight=False, soft_wrap=True)


def _llm(semantic: bool):
    if not semantic:
        return None
    from assistant.llm import LLMConfigError, make_llm

    try:
        llm = make_llm()
    except LLMConfigError as exc:
        fail(str(exc))
    if llm is None:
        err_console.print("[yellow]提示：[/]未配置大模型（JIXIAO_LLM），仅做规则校验。", highlight=False, soft_wrap=True)
    return llm


def validate(
    paths: list[Path] = typer.Argument(..., help="表单文件（.txt/.md/.xlsx/.docx/.json）或文件夹"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON：每份表单 {file, form, findings}"),
    framework: str = typer.Option(None, "--framework", help="指标框架：101 或 local（默认按表单自动判断）"),
    semantic: bool = typer.Option(False, "--semantic", help="另请大模型做语义审查（需配置 JIXIAO_LLM）"),
) -> None:
    """按财政审核规则校验绩效目标表；有错误时退出码为 1。"""
    from assistant.taxonomy import FRAMEWORKS

    if framework is not None and framework not in FRAMEWORKS:
        fail(f"未知的指标框架：{framework}（可选 {'、'.join(FRAMEWORKS)}）")
    files, batch = _files(paths)
    if not files:
        fail("没有找到可校验的表单文件（支持 .txt、.md、.xlsx、.docx、.json）")
    checked, unreadable, bad_input = _check(files, framework, _llm(semantic))
    if not checked:
        fail("没有读到任何表单：" + "；".join(unreadable))
    if as_json:
        payload = [{"file": i.file, "form": i.form.project.name, "framework": i.framework,
                    "findings": [f.model_dump() for f in i.findings], "import_problems": i.problems}
                   for i in checked]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if not batch:
            for item in checked:
                _print_form(item)
        else:
            for item in checked:
                if item.count("error"):
                    _print_form(replace(item, findings=[f for f in item.findings if f.severity == "error"], problems=[]))
            _print_summary(checked, unreadable)
    if bad_input:
        raise typer.Exit(2)
    if any(i.count("error") for i in checked):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("validate", cls=ChineseHelpCommand)(validate)
