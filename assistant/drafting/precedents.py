"""Precedent search over the shipped approved forms without a vector store.

Ranks knowledge/forms/*.json by character-bigram similarity of the project name and goal text to the
query, same-sector forms first. It serves drafting (assistant.drafting.context) wherever the Chroma
store is not available, with the same search methods the store offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from assistant.sectors import guess_sector
from assistant.schema import PerformanceForm
from assistant.settings import KNOWLEDGE_DIR
from assistant.textsim import dice


@dataclass
class FormHit:
    id: str
    score: float
    text: str
    metadata: dict = field(default_factory=dict)


class LocalPrecedents:
    def __init__(self, forms_dir: Path | None = None):
        self.forms_dir = Path(forms_dir or KNOWLEDGE_DIR / "forms")

    @cached_property
    def forms(self) -> dict[str, PerformanceForm]:
        return {
            path.stem: PerformanceForm.model_validate_json(path.read_text(encoding="utf-8"))
            for path in sorted(self.forms_dir.glob("*.json"))
        }

    def similar_forms(self, query: str, k: int = 5, sector: str | None = None, exclude_ids=()) -> list[FormHit]:
        sector = sector or guess_sector(query)
        hits = []
        for form_id, form in self.forms.items():
            if form_id in exclude_ids:
                continue
            text = f"{form.project.name} {form.goals.annual[:200]}"
            score = 0.7 * dice(query, form.project.name) + 0.3 * dice(query, text)
            if sector and form.project.sector == sector:
                score += 0.3
            hits.append(FormHit(form_id, round(score, 6), text, {"sector": form.project.sector}))
        return sorted(hits, key=lambda h: (-h.score, h.id))[:k]

    def get_form(self, form_id: str) -> PerformanceForm | None:
        return self.forms.get(form_id)

    def guideline_passages(self, question: str, k: int = 3) -> list:
        return []
