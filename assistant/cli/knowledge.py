"""`jixiao ingest` (approved forms into the knowledge base) and `jixiao search` (precedents, indicators, guidelines, library)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import typer

from assistant.cli.common import ChineseHelpCommand, console, err_console, fail

SEARCH_KINDS = ("forms", "indicators", "guidelines", "library")
KIND_TITLES = {"forms": "先例表", "indicators": "先例指标", "guidelines": "指标指南", "library": "通用指标库"}


@contextmanager
def progress_bar(description: str):
    """A rich progress bar on stderr, fed by the store's progress(done, total, label) callback.

    The bar appears on the first call only: opening an up-to-date store shows nothing."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[label]}"), console=err_console)
    task = None

    def update(done: int, total: int, label: str) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(description, total=total, label="")
        bar.update(task, completed=done, total=total, label=label[:24])

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()


def open_store_or_fail(rebuild: bool = False):
    """The knowledge base, indexing the shipped knowledge/ with a progress bar when needed. When it cannot be
    used: a Chinese error naming the problem and where the store is, exit 2."""
    from assistant.embeddings import EmbeddingError
    from assistant.settings import get_settings
    from assistant.store import StoreError, open_store, store_location

    settings = get_settings()
    try:
        with progress_bar("索引随附知识库（首次使用）" if not rebuild else "重建知识库索引") as update:
            return open_store(settings, progress=update, rebuild=rebuild)
    except (StoreError, EmbeddingError) as exc:
        message, location = str(exc), store_location(settings)
        fail(message if location in message else f"{message}（知识库：{location}）")


class LazyStore:
    """For drafting: the knowledge base opened on first use, so that a configuration error found before any
    drafting (a missing API key) is reported without first indexing knowledge/. A knowledge base that cannot
    be opened is an error naming it (open_store_or_fail): drafting has no second search to fall back on."""

    def __init__(self):
        self._store = None

    def _opened(self):
        if self._store is None:
            self._store = open_store_or_fail()
        return self._store

    def __getattr__(self, name: str):
        if name.startswith("_"):  # copy/pickle probing an instance without __init__: not the store's business
            raise AttributeError(name)
        return getattr(self._opened(), name)


def _summary_table(summary) -> None:
    from rich.table import Table

    table = Table(title="入库结果", show_lines=False)
    table.add_column("结果")
    table.add_column("数量", justify="right")
    table.add_column("明细", overflow="fold")
    labels = {"added": "新增", "replaced": "替换（内容有变）", "unchanged": "未变", "removed": "移除", "failed": "失败"}
    for key, label in labels.items():
        items = getattr(summary, key)
        shown = [f"{name}：{reason}" for name, reason in items] if key == "failed" else list(items)
        if key == "removed" and not items:
            continue
        detail = "\n".join(shown) if key == "failed" else "、".join(shown[:8]) + ("…" if len(shown) > 8 else "")
        table.add_row(label, str(len(items)), detail)
    console.print(table)
    for note in summary.notes[:20]:
        console.print(f"[dim]提示：{note}[/]", highlight=False)
    if len(summary.notes) > 20:
        console.print(f"[dim]……另有 {len(summary.notes) - 20} 条提示[/]", highlight=False)
    console.print(f"用时 {summary.seconds:.1f} 秒，嵌入 {summary.embedded} 段文本。", highlight=False)


def ingest(
    paths: list[Path] = typer.Argument(None, help="表单文件或文件夹（.txt .md .xlsx .docx .json），可多个"),
    rebuild: bool = typer.Option(False, "--rebuild", help="删除索引并用当前嵌入设置重建（保留已入库的表单）"),
) -> None:
    """把已批复的表单加入知识库：重复入库不新增，内容有变则替换，坏文件跳过并报告。"""
    if not paths and not rebuild:
        fail("请指定要入库的文件或文件夹，例如：jixiao ingest 批复表/")
    missing = [str(p) for p in paths or [] if not p.exists()]
    if missing and len(missing) == len(paths or []):
        fail(f"找不到：{'、'.join(missing)}")
    store = open_store_or_fail(rebuild=rebuild)
    if not paths:
        console.print(f"已重建知识库：{_counts_text(store)}", highlight=False)
        return
    with progress_bar("入库") as update:
        summary = store.ingest_paths(paths, progress=update)
    _summary_table(summary)
    console.print(f"知识库（{store.location}）：{_counts_text(store)}", highlight=False)


def _counts_text(store) -> str:
    counts = store.counts()
    return "，".join(f"{KIND_TITLES[k]} {counts[k]} 条" for k in SEARCH_KINDS)


def search(
    query: str = typer.Argument(..., help="查询文字，如“受训人数”或项目名称"),
    kind: str = typer.Option("forms", "--kind", help="检索类别：forms（先例表）、indicators（先例指标）、"
                                                     "guidelines（指标指南）、library（通用指标库）"),
    k: int = typer.Option(5, "-k", help="返回条数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """检索知识库：显示相似度、来源和内容。"""
    if kind not in SEARCH_KINDS:
        fail(f"未知的检索类别：{kind}（可选 {'、'.join(SEARCH_KINDS)}）")
    if not query.strip():
        fail("查询文字为空")
    if k < 1 or k > 100:
        fail(f"-k 须在 1 到 100 之间：{k}")
    store = open_store_or_fail()
    hits = store.search(query, kind=kind, k=k)
    if as_json:
        payload = [{"id": h.id, "score": h.score, "source": h.source, "text": h.text,
                    "metadata": {key: v for key, v in h.metadata.items() if key != "form_json"}} for h in hits]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _hits_table(query, kind, hits)


def _hits_table(query: str, kind: str, hits) -> None:
    from rich.table import Table

    if not hits:
        console.print(f"{KIND_TITLES[kind]}中没有检索结果（知识库为空？先运行 jixiao ingest）。", highlight=False)
        return
    table = Table(title=f"{KIND_TITLES[kind]}：{query}")
    table.add_column("#", justify="right")
    table.add_column("相似度", justify="right")
    table.add_column("来源", overflow="fold")
    table.add_column("内容", overflow="fold")
    for number, hit in enumerate(hits, start=1):
        table.add_row(str(number), f"{hit.score:.3f}", _source_text(hit), hit.text)
    console.print(table)


def _source_text(hit) -> str:
    meta = hit.metadata
    extra = "，".join(str(v) for v in (meta.get("sector"), meta.get("year"), meta.get("unit")) if v)
    return f"{hit.source}" + (f"\n{extra}" if extra else "")


def register(app: typer.Typer) -> None:
    app.command("ingest", cls=ChineseHelpCommand)(ingest)
    app.command("search", cls=ChineseHelpCommand)(search)
