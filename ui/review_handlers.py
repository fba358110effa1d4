"""Handlers of the 审核 (review) and 知识库 (library) pages: plain functions, no gradio, testable without a browser.

审核: ``run_review(paths, text)`` reads and validates every uploaded form (and pasted text) and writes the
reviewer's workbook; ``form_detail(batch, index, store)`` is one form's parsed table, findings grouped by
severity and its nearest precedents with the comparison (assistant.review.compare_with_precedents).
知识库: ``search_knowledge(store, query, kind_label, k)`` and ``ingest_uploads(store, paths, progress)``.
Every bad input comes back as a 中文 message naming the file; nothing here raises to the page.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant import findings as presenter
from assistant.findings import TABLE_SHORT, row_label, shorten
from assistant.review import PrecedentComparison, compare_with_precedents, parse_source
from assistant.review_report import BatchReview, FormReview, review_paths, review_text, write_review_report
from assistant.schema import TABLE_TITLES
from ui.markup import md

PARSED_HEADERS = ["表", "行", "一级指标", "二级指标", "三级指标", "指标值", "确定依据", "问题"]
SUMMARY_HEADERS = ["序号", "文件", "项目", "错误", "警告", "主要问题"]
PRECEDENT_HEADERS = ["先例", "项目名称", "单位", "领域", "预算（万元）", "相似度"]
SIDE_HEADERS = ["表", "行", "二级指标", "三级指标", "指标值"]  # the form and a precedent side by side
PASTED = "粘贴的文本"
SUMMARY_LINE_BREAK = "<br>"  # the 主要问题 column is markdown: one problem a line
_SUMMARY_CHARS = 90  # each top problem in the page's summary; the workbook has them in full


@dataclass
class ReviewOutcome:
    """What one click of 审核 shows: the batch, its summary rows, the notice, the report and the form choices."""

    batch: BatchReview
    notice: str  # markdown, 中文
    summary: list[list] = field(default_factory=list)
    choices: list[tuple[str, int]] = field(default_factory=list)
    report: str | None = None  # path of the review workbook, None when nothing was reviewed


@dataclass
class FormDetail:
    header: str = ""  # markdown: project facts
    goals: str = ""  # markdown: 长期 / 年度绩效目标 texts
    parsed: list[list] = field(default_factory=list)
    findings: str = ""  # markdown grouped by severity
    precedents: list[list] = field(default_factory=list)
    comparison: str = ""  # markdown
    precedent_choices: list[tuple[str, str]] = field(default_factory=list)
    side: list[list] = field(default_factory=list)  # the form's rows, compact, beside a precedent's
    comparison_data: PrecedentComparison | None = None


def store_of(services) -> tuple[object | None, str]:
    """The knowledge store and, while it is not ready (first-run indexing, failed to open), what it is doing."""
    try:
        store = getattr(services, "store", None)
    except Exception:  # noqa: BLE001 — a store that fails to open only disables what needs it
        store = None
    status = getattr(services, "status", None)
    return store, ("" if store is not None else getattr(status, "text", "") or "")


# ---- 审核: the batch ----------------------------------------------------------------------------


def run_review(paths: list[str] | None, text: str | None = None, report_dir: str | Path | None = None) -> ReviewOutcome:
    """Review every uploaded file and the pasted text; unreadable inputs are named, the rest still reviewed."""
    paths = [p for p in (paths or []) if p]
    batch = review_paths(paths)
    if text and text.strip():
        batch.extend(review_text(text, PASTED))
    if not paths and not (text and text.strip()):
        return ReviewOutcome(batch, "请先上传申报表文件（.xlsx、.docx、.txt、.json），或粘贴申报表文本。")
    report = None
    if batch.reviews:
        directory = Path(report_dir or tempfile.mkdtemp(prefix="jixiao-review-"))
        directory.mkdir(parents=True, exist_ok=True)
        report = str(write_review_report(batch, directory / f"审核报告-{time.strftime('%Y%m%d-%H%M%S')}.xlsx"))
    return ReviewOutcome(batch, batch_notice(batch), summary_rows(batch), form_choices(batch), report)


def batch_notice(batch: BatchReview) -> str:
    """One line of totals, then every input that could not be read, each with its reason."""
    lines = []
    if batch.reviews:
        files = len({r.file for r in batch.reviews})
        errors = sum(r.count("error") for r in batch.reviews)
        warnings = sum(r.count("warning") for r in batch.reviews)
        with_errors = sum(1 for r in batch.reviews if r.count("error"))
        lines.append(f"已审核 {len(batch.reviews)} 份表单（{files} 个来源，其中有错误的 {with_errors} 份）："
                     f"错误 {errors} 条，警告 {warnings} 条。")
    else:
        lines.append("没有读到任何表单。")
    if batch.unreadable:
        lines.append(f"\n**以下 {len(batch.unreadable)} 个文件无法读取，未审核：**\n")
        lines += [f"- {md(item.message)}" for item in batch.unreadable]  # the message names the uploaded file
    return "\n".join(lines)


def summary_rows(batch: BatchReview) -> list[list]:
    """One row per form (and per unreadable file); the page shows each top problem shortened, one a line."""
    rows = [[n, r.file, r.title, r.count("error"), r.count("warning"),
             SUMMARY_LINE_BREAK.join(md(shorten(p, _SUMMARY_CHARS)) for p in r.top_problems())
             or "未发现问题"]
            for n, r in enumerate(batch.reviews, start=1)]
    start = len(rows) + 1
    rows += [[start + i, u.file, "（无法读取）", "", "", md(u.message)] for i, u in enumerate(batch.unreadable)]
    return rows


def form_choices(batch: BatchReview) -> list[tuple[str, int]]:
    """Dropdown entries "1. 项目名称（文件）" → index into batch.reviews."""
    return [(f"{n}. {r.title}（{r.file}）", n - 1) for n, r in enumerate(batch.reviews, start=1)]


# ---- 审核: one form ------------------------------------------------------------------------------


def form_detail(batch: BatchReview | None, index: int | None, store, store_notice: str = "") -> FormDetail:
    """The chosen form: header, parsed table with each row's problems, findings, precedents and comparison.

    ``store`` None (still indexing, or failed to open) leaves the comparison out with ``store_notice``.
    """
    if batch is None or index is None or not 0 <= int(index) < len(batch.reviews):
        return FormDetail()
    review = batch.reviews[int(index)]
    detail = FormDetail(header=header_markdown(review), goals=goals_markdown(review), parsed=parsed_rows(review),
                        findings=findings_markdown(review), side=side_rows(review.form))
    comparison, notice = _compare(review, store, store_notice)
    detail.comparison_data = comparison
    detail.precedents = precedent_rows(comparison) if comparison else []
    detail.precedent_choices = [(f"{p.id} {p.name}", p.id) for p in comparison.precedents] if comparison else []
    detail.comparison = notice or comparison_markdown(comparison)
    return detail


def _compare(review: FormReview, store, store_notice: str) -> tuple[PrecedentComparison | None, str]:
    if store is None:
        return None, f"知识库尚未就绪，暂不能与先例比较。{store_notice}".strip()
    try:
        return compare_with_precedents(review.form, store), ""
    except Exception as exc:  # noqa: BLE001 — the findings stay on the page even when the store fails
        return None, f"与先例比较失败（{exc.__class__.__name__}：{exc}）；校验结果不受影响。"


def header_markdown(review: FormReview) -> str:
    project = review.form.project
    facts = [f"**{md(review.title)}**", f"文件：{md(review.file)}"]
    if project.unit:
        facts.append(f"单位：{md(project.unit)}")
    facts.append("预算：" + ("未填写" if project.budget_wan is None else f"{project.budget_wan:g} 万元"))
    if project.year:
        facts.append(f"年度：{project.year}")
    return " · ".join(facts)


def goals_markdown(review: FormReview) -> str:
    goals = review.form.goals
    # the label's colon stays outside the ** so CommonMark still closes the bold before Chinese text
    return "\n\n".join(f"**{label}**：{md(text.strip()) or '（未填写）'}"
                        for label, text in (("长期绩效目标", goals.long_term), ("年度绩效目标", goals.annual)))


def parsed_rows(review: FormReview) -> list[list]:
    """The form's indicator rows as read, each with the findings that name that row."""
    rows = []
    for table, indicators in review.form.tables():
        for i, row in enumerate(indicators):
            rows.append([TABLE_TITLES[table], i + 1, row.level1, row.level2, row.name, row.raw_value or row.value,
                         row.basis, presenter.row_note(presenter.on_row(review.findings, table, i))])
    return rows


def findings_markdown(review: FormReview) -> str:
    """Findings grouped 错误 / 警告 / 提示, each naming its place in the form; importer doubts last."""
    parts = []
    for _, label, group in presenter.grouped(review.findings):
        parts.append(f"#### {label}（{len(group)}）")
        for f in group:
            fix = f"<br>建议：{md(f.suggestion)}" if f.suggestion else ""
            parts.append(f"- **{md(presenter.place(f.location))}**：{md(f.message)}{fix}")
    if review.problems:
        parts.append(f"#### 导入提示（{len(review.problems)}）")
        parts += [f"- {md(p)}" for p in review.problems]
    return "\n".join(parts) or "未发现问题。"


def precedent_rows(comparison: PrecedentComparison) -> list[list]:
    return [[p.id, p.name, p.unit, p.sector or "", p.budget_wan, "" if p.score is None else round(p.score, 3)]
            for p in comparison.precedents]


def side_rows(form) -> list[list]:
    """A form's rows in the compact columns read side by side (年度表/长期表, 行, 二级, 三级, 指标值)."""
    return [[TABLE_SHORT[table], i + 1, r.level2, r.name, r.raw_value or r.value]
            for table, rows in form.tables() for i, r in enumerate(rows)]


def precedent_table(comparison: PrecedentComparison | None, precedent_id: str | None) -> list[list]:
    """One precedent's indicator rows, to read beside the form under review."""
    if comparison is None:
        return []
    chosen = next((p for p in comparison.precedents if p.id == precedent_id), None)
    return [] if chosen is None else side_rows(chosen.form)


def comparison_markdown(comparison: PrecedentComparison | None) -> str:
    """Where rows came from, values unlike the precedents', rows the precedents have that the form lacks."""
    if comparison is None or not comparison.precedents:
        return "知识库中没有找到可比较的先例。"
    ids = md("、".join(p.id for p in comparison.precedents))
    parts = [f"与 {len(comparison.precedents)} 份先例比较：{ids}"]
    cited = [o for o in comparison.origins if o.sources]
    parts.append("#### 行的来源")
    if cited:
        for origin in cited:
            taken = f"（先例为“{origin.precedent_name}” {origin.precedent_value}）" if origin.precedent_name else ""
            parts.append(f"- {md(origin.label)}“{md(origin.name)}”：{md(origin.description + taken)}")
    else:
        parts.append("- 本表各行未注明来源（上传的表单通常如此），以下按最相近的先例比较。")
    parts.append(f"#### 与先例常见取值不同（{len(comparison.differences)}）")
    parts += [f"- {row_label(d.table, d.index)}“{md(d.name)}”：{md(d.message)}（先例：{md('、'.join(d.precedent_values))}）"
              for d in comparison.differences] or ["- 无"]
    parts.append(f"#### 先例有而本表缺少的指标（{len(comparison.missing)}）")
    parts += [f"- {md(' / '.join(filter(None, (m.level1, m.level2))))}：{md(m.message)}"
              for m in comparison.missing] or ["- 无"]
    return "\n".join(parts)


# ---- 知识库 -----------------------------------------------------------------------------------------

KIND_LABELS = {"先例表": "forms", "指标": "indicators", "指南": "guidelines", "指标库": "library"}
SEARCH_HEADERS = ["相似度", "来源", "内容"]
INGEST_HEADERS = ["表单或文件", "结果", "说明"]
# IngestSummary: added/replaced/unchanged/removed hold form ids (a file's stem), failed (file, 中文原因)
_OUTCOME_LABELS = {"added": "新增", "replaced": "替换", "unchanged": "未变", "removed": "移除", "failed": "失败"}
_TEXT_CHARS = 400  # a result's text is cut here; the 来源 says where to read the rest


def search_knowledge(store, query: str | None, kind_label: str, k: float | int, store_notice: str = "") -> tuple[list[list], str]:
    """Rows (相似度, 来源, 内容) of the store's search, and a 中文 notice."""
    query = (query or "").strip()
    if not query:
        return [], "请输入要检索的内容，例如“职业技能培训 满意度”。"
    kind = KIND_LABELS.get(kind_label)
    if kind is None:
        return [], f"未知的检索范围：{kind_label}（可选 {'、'.join(KIND_LABELS)}）"
    if store is None:
        return [], f"知识库尚未就绪，请稍候再检索。{store_notice}".strip()
    try:
        hits = store.search(query, kind, max(1, int(k)))
    except Exception as exc:  # noqa: BLE001 — a failing store is reported in the page, not as a traceback
        return [], f"检索失败（{exc.__class__.__name__}：{exc}）"
    rows = [[round(float(getattr(h, "score", 0.0)), 3), _hit_source(h), _short(getattr(h, "text", ""))] for h in hits]
    return rows, (f"在{kind_label}中找到 {len(rows)} 条结果。" if rows else f"在{kind_label}中没有找到相关内容。")


def _hit_source(hit) -> str:
    """Where a hit comes from, in words: 先例 <id> 年度表第3行（项目）, 指标库 <id>, 指南 <file> · <heading>."""
    name = (getattr(hit, "metadata", None) or {}).get("form_name")
    return parse_source(hit.source).label + (f"（{name}）" if name else "")


def _short(text: str) -> str:
    return shorten(" ".join(str(text).split()), _TEXT_CHARS)


def _entries(summary, outcome: str) -> list:
    value = summary.get(outcome, []) if isinstance(summary, dict) else getattr(summary, outcome, [])
    return list(value or []) if not isinstance(value, int) else []


def _entry_row(entry, label: str) -> list:
    """An ingest entry as (表单或文件, 结果, 说明): a form id, or a (file, 中文原因) pair."""
    if isinstance(entry, (tuple, list)):
        name, detail = (str(entry[0]), "；".join(map(str, entry[1:]))) if entry else ("", "")
    else:
        name, detail = str(entry), ""
    return [Path(name).name if name else "", label, detail]


def ingest_summary(summary) -> tuple[list[list], str]:
    """Rows (表单或文件, 结果, 说明) and one line of totals from the store's IngestSummary."""
    rows, totals = [], []
    for outcome, label in _OUTCOME_LABELS.items():
        entries = _entries(summary, outcome)
        rows += [_entry_row(e, label) for e in entries]
        raw = summary.get(outcome) if isinstance(summary, dict) else getattr(summary, outcome, None)
        count = raw if isinstance(raw, int) else len(entries)
        if count or outcome != "removed":  # 移除 happens only on a rebuild: named when it did
            totals.append(f"{label} {count} 份")
    rows += [["", "提示", str(note)] for note in _entries(summary, "notes")]
    return rows, "加入知识库完成：" + "，".join(totals) + "。"


def progress_callback(progress):
    """The store reports (done, total[, what]); gradio's Progress takes ((done, total), desc)."""

    def report(*args, **kwargs) -> None:
        numbers = [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
        words = [a for a in args if isinstance(a, str)] + [v for v in kwargs.values() if isinstance(v, str)]
        desc = words[0] if words else "正在加入知识库"
        if len(numbers) >= 2 and numbers[1] > 0:
            progress((numbers[0], numbers[1]), desc=desc)
        elif args and isinstance(args[0], float):
            progress(args[0], desc=desc)
        else:
            progress(0, desc=desc)

    return report


def ingest_uploads(store, paths: list[str] | None, progress=None, store_notice: str = "") -> tuple[list[list], str]:
    """Add approved forms to the knowledge store; files that fail are listed with the reason, the rest added."""
    paths = [p for p in (paths or []) if p]
    if not paths:
        return [], "请先上传已批复的申报表文件（.xlsx、.docx、.txt、.json）。"
    if store is None:
        return [], f"知识库尚未就绪，请稍候再添加。{store_notice}".strip()
    try:
        summary = store.ingest_paths([Path(p) for p in paths], progress=progress)
    except Exception as exc:  # noqa: BLE001 — nothing is lost: the uploads stay in place, the page says why
        return [], f"加入知识库失败（{exc.__class__.__name__}：{exc}），请检查文件后重试。"
    return ingest_summary(summary)
