"""What a drafter is given: the nearest precedent forms, their rows, library rows and guideline passages.

Source ids, cited on every drafted row (Indicator.sources):
- a precedent row:  "form:<form_id>#<annual|long_term>:<1-based row>"
- a library row:    "lib:<library row id>"
- a fact the user stated: "brief:<the user's words>", e.g. "brief:培训500人"
- none of these:    "llm:无来源" — a row the language model wrote citing nothing it was shown
                    (assistant.drafting.chain.INVENTED); the user must check it
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from assistant import relevance, taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.library import LibraryRow, load_common, load_library, spending_ways
from assistant.schema import Indicator, PerformanceForm

log = logging.getLogger(__name__)

PRECEDENT_COUNT = 5
FORM_POOL = 12  # nearest forms searched for precedents of the brief's kind


def row_source(form_id: str, table: str, index: int) -> str:
    return f"form:{form_id}#{table}:{index + 1}"


def library_source(row_id: str) -> str:
    return f"lib:{row_id}"


@dataclass
class PrecedentRow:
    form_id: str
    form_name: str
    table: str
    index: int
    indicator: Indicator
    weight: float  # the store's similarity of the row to the brief
    sector: str | None = None  # its form's 所属领域

    @property
    def source(self) -> str:
        return row_source(self.form_id, self.table, self.index)


@dataclass
class DraftingContext:
    brief: ProjectBrief
    framework: str
    subject: relevance.Project | None = None  # what rows are judged against: the brief's words and kinds
    precedents: list[tuple[str, PerformanceForm, float]] = field(default_factory=list)  # the nearest forms kept
    precedent_rows: list[PrecedentRow] = field(default_factory=list)  # their rows, nearest the brief first
    # the brief's kinds' rows; with no kind known, every row and the 共性 rows of its ways of spending
    library: list[LibraryRow] = field(default_factory=list)
    library_scores: dict[str, float] = field(default_factory=dict)  # library id → store similarity to the brief
    guidelines: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.subject is None:
            self.subject = brief_subject(self.brief)


def brief_query(brief: ProjectBrief) -> str:
    """The retrieval query for a brief: its name, sector and what it does."""
    parts = [brief.name, brief.sector or "", brief.description[:200]]
    return " ".join(p for p in parts if p)


def brief_subject(brief: ProjectBrief) -> relevance.Project:
    return relevance.brief_project(brief.name, brief.description)


def same_kind(form: PerformanceForm, subject: relevance.Project) -> bool:
    """A precedent counts only when it is the same kind of project (相关性): a farmland form lends no rows
    to an elderly-meals project, however close its embedding. (A brief of no known kind takes the nearest
    precedents, and from them only rows in its own words.)"""
    return bool(subject.kinds) and bool(set(relevance.form_subject(form).kinds) & set(subject.kinds))


def gather_context(
    brief: ProjectBrief, store, framework: str, exclude_form_ids: tuple[str, ...] = ()
) -> DraftingContext:
    """Retrieve through the knowledge store: the nearest precedents of the brief's kind and their rows, the
    library rows of its kinds and guideline passages."""
    context = DraftingContext(brief=brief, framework=framework)
    query = brief_query(brief)
    context.library, context.library_scores = library_for(context.subject, store, query)
    if not context.subject.kinds:  # a kind the library does not know: the 共性 rows of how it spends its money
        ways = spending_ways(brief.name, brief.description)
        context.library += [row for row in load_common() if row.kind in ways]
    if store is None:
        return context
    hits = store.similar_forms(query, k=FORM_POOL + len(exclude_form_ids), exclude_ids=exclude_form_ids)
    for hit in hits:
        form = store.get_form(hit.id)
        if form is not None and (same_kind(form, context.subject) or not context.subject.kinds):
            context.precedents.append((hit.id, form, float(hit.score)))
        if len(context.precedents) >= PRECEDENT_COUNT:
            break
    context.precedent_rows = precedent_rows(store, query, context)
    try:
        context.guidelines = [h.text for h in store.guideline_passages(query, k=3)]
    except Exception as exc:  # guidelines are helpful, never essential
        log.warning("guideline retrieval failed: %s", exc)
    return context


def precedent_rows(store, query: str, context: DraftingContext) -> list[PrecedentRow]:
    """The rows of the precedents of the brief's own kind, from the store's indicator collection, nearest the
    brief first; a precedent of another kind lends none. Each precedent lends its 年度 table (its 长期 table
    when it has no 年度 one)."""
    lending = {fid: form for fid, form, _ in context.precedents if same_kind(form, context.subject)}
    tables = {fid: "annual" if form.annual_indicators else "long_term" for fid, form in lending.items()}
    rows = []
    for table in sorted(set(tables.values())):
        ids = sorted(fid for fid, t in tables.items() if t == table)
        count = sum(len(lending[fid].table(table)) for fid in ids)
        for hit in store.similar_indicators(query, k=count, form_ids=ids, table=table):
            fid, index = hit.metadata.get("form_id"), int(hit.metadata.get("row", 0)) - 1
            form = lending.get(fid)
            if form is None or not 0 <= index < len(form.table(table)):
                continue
            rows.append(PrecedentRow(fid, form.project.name, table, index, form.table(table)[index],
                                     float(hit.score), form.project.sector))
    return sorted(rows, key=lambda r: (-r.weight, r.form_id, r.index))


def library_for(subject: relevance.Project, store=None, query: str = "") -> tuple[list[LibraryRow], dict[str, float]]:
    """The library rows of the brief's kinds, ranked by the store when it has the library collection; with no
    kind known, every row (the composer then reuses only rows in the brief's own words)."""
    rows = load_library()
    if not subject.kinds:
        return list(rows), {}
    pool = [r for r in rows if r.kind in subject.kinds]
    scores: dict[str, float] = {}
    search = getattr(store, "search_library", None)
    if search is not None and pool:
        try:
            for hit in search(query, k=len(pool), project_kind=list(subject.kinds)):
                scores[hit.metadata.get("library_id", hit.id)] = float(hit.score)
        except Exception as exc:  # ranking only: the kind's rows are known without it
            log.warning("library retrieval failed: %s", exc)
    return pool, scores


_REGION = re.compile(r"^(.{2,8}?(?:自治区|省|市|州|盟|县|区|旗))")


def region_of(unit: str) -> str:
    """鄂州市公共就业服务中心 → 鄂州市; a placeholder (某县…) names no region."""
    match = _REGION.match(unit or "")
    return "" if not match or match.group(1).startswith("某") else match.group(1)


def choose_framework(brief: ProjectBrief, store) -> str:
    """财预〔2021〕101号 (成本指标 as a 一级) unless the user's own precedents — forms of the same unit or region —
    use the local layout: then the draft follows what the user's finance bureau approved."""
    unit, region = brief.unit, region_of(brief.unit)
    if store is None or not (unit or region):
        return taxonomy.FRAMEWORK_101
    own = []
    for hit in store.similar_forms(brief_query(brief) or unit, k=FORM_POOL):
        form = store.get_form(hit.id)
        if form is not None and form.project.unit and (
                form.project.unit == unit or (region and region_of(form.project.unit) == region)):
            own.append(taxonomy.detect_framework(r.level1 for r in form.annual_indicators + form.long_term_indicators))
    if own and own.count(taxonomy.FRAMEWORK_LOCAL) > own.count(taxonomy.FRAMEWORK_101):
        return taxonomy.FRAMEWORK_LOCAL
    return taxonomy.FRAMEWORK_101
