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
from dataclasses import dataclass, field

from assistant.drafting.brief import ProjectBrief
from assistant.library import LibraryRow, load_library
from assistant.schema import Indicator, PerformanceForm

log = logging.getLogger(__name__)

PRECEDENT_COUNT = 5


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
    weight: float  # the similarity of its form to the brief
    sector: str | None = None  # its form's 所属领域

    @property
    def source(self) -> str:
        return row_source(self.form_id, self.table, self.index)


@dataclass
class DraftingContext:
    brief: ProjectBrief
    framework: str
    precedents: list[tuple[str, PerformanceForm, float]] = field(default_factory=list)  # (form id, form, score)
    library: list[LibraryRow] = field(default_factory=list)
    guidelines: list[str] = field(default_factory=list)

    def precedent_rows(self) -> list[PrecedentRow]:
        rows = []
        for form_id, form, score in self.precedents:
            table = "annual" if form.annual_indicators else "long_term"
            for index, indicator in enumerate(form.table(table)):
                rows.append(PrecedentRow(form_id, form.project.name, table, index, indicator, score, form.project.sector))
        return rows


def brief_query(brief: ProjectBrief) -> str:
    """The retrieval query for a brief: its name, sector and what it does."""
    parts = [brief.name, brief.sector or "", brief.description[:200]]
    return " ".join(p for p in parts if p)


def gather_context(
    brief: ProjectBrief, store, framework: str, exclude_form_ids: tuple[str, ...] = ()
) -> DraftingContext:
    """Retrieve precedents (same sector first), the sector's library rows and guideline passages."""
    context = DraftingContext(brief=brief, framework=framework, library=_library_for(brief))
    if store is None:
        return context
    query = brief_query(brief)
    hits = store.similar_forms(query, k=PRECEDENT_COUNT + len(exclude_form_ids), exclude_ids=exclude_form_ids)
    same_sector = [h for h in hits if brief.sector and _hit_sector(h) == brief.sector]
    ordered = same_sector + [h for h in hits if h not in same_sector]
    for hit in ordered[:PRECEDENT_COUNT]:
        form = store.get_form(hit.id)
        if form is not None:
            context.precedents.append((hit.id, form, float(hit.score)))
    try:
        context.guidelines = [h.text for h in store.guideline_passages(query, k=3)]
    except Exception as exc:  # guidelines are helpful, never essential
        log.warning("guideline retrieval failed: %s", exc)
    return context


def _hit_sector(hit) -> str | None:
    return (getattr(hit, "metadata", None) or {}).get("sector")


def _library_for(brief: ProjectBrief) -> list[LibraryRow]:
    """The brief's sector's rows, plus the rows of any kind of project the brief names (a 会议 project that
    the sector guess files under 就业培训 still gets the 会议 rows); the whole library when neither applies."""
    rows = load_library()
    text = f"{brief.name} {brief.description}"
    pool = [r for r in rows if (brief.sector and r.sector == brief.sector) or r.named_in(text)]
    return pool or list(rows)
