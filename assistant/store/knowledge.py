"""KnowledgeStore: search the approved precedents, their indicator rows, the guidelines and the indicator library.

It is the one retrieval path of drafting and review (assistant.drafting.context, assistant.review): similar_forms,
get_form, similar_indicators, search_library, guideline_passages. Scores are cosine similarities in [−1, 1] of the query (in
the embedding's query form) and the document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embeddings import JixiaoEmbeddings
from assistant.schema import PerformanceForm
from assistant.store import ingest as writer
from assistant.store.documents import source_of

log = logging.getLogger(__name__)

KINDS = {"forms": "forms", "indicators": "indicators", "guidelines": "guidelines", "library": "library"}


@dataclass
class Hit:
    id: str
    score: float
    text: str
    metadata: dict = field(default_factory=dict)
    kind: str = ""  # forms | indicators | guidelines | library

    @property
    def source(self) -> str:
        """The citation of this hit: form:<id>#annual:3, lib:<id>, guide:<file>#<heading>."""
        return source_of(self.metadata, self.id)


def _where(**conditions) -> dict | None:
    terms = [{key: {"$in": list(value)} if isinstance(value, (list, tuple)) else value}
             for key, value in conditions.items() if value]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}


def _distinct(hits: list[Hit]) -> list[Hit]:
    """One hit per row text of a form: the 长期 and 年度 tables often repeat the same row."""
    seen, kept = set(), []
    for hit in hits:
        key = (hit.metadata.get("form_id"), hit.text)
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept


class KnowledgeStore:
    def __init__(self, client, collections: dict, embeddings: JixiaoEmbeddings, location: str, shared: bool = False):
        self.client = client
        self.collections = collections
        self.embeddings = embeddings
        self.location = location  # the chroma directory or the server URL, for messages
        self.shared = shared  # a Chroma server other people write to as well
        self._max_batch: int | None = None
        self.known_vectors = None  # the shipped e5 vectors (assistant.store.vectors), set by open_store

    def max_batch_size(self) -> int:
        """The most records Chroma takes in one call (asked once; a server states its own)."""
        if self._max_batch is None:
            try:
                self._max_batch = max(1, int(self.client.get_max_batch_size()))
            except Exception:  # an old server without the pre-flight check: Chroma's long-standing default
                self._max_batch = 5461
        return self._max_batch

    def passage_vectors(self, texts: list[str], progress=None):
        """The documents' embeddings; texts with a shipped e5 vector skip the model (see store.vectors)."""
        return self.embeddings.encode_batches(texts, progress, known=self.known_vectors)

    # ---- searching ----
    def _query(self, kind: str, query: str, k: int, where: dict | None = None, vector=None) -> list[Hit]:
        if k <= 0:
            return []
        collection = self.collections[kind]
        if vector is None:
            vector = self.embeddings.encode([query], is_query=True)
        found = collection.query(query_embeddings=vector, n_results=k, where=where,
                                 include=["documents", "metadatas", "distances"])
        return [Hit(rid, round(1.0 - float(distance), 6), text or "", meta or {}, kind)
                for rid, text, meta, distance in zip(found["ids"][0], found["documents"][0],
                                                     found["metadatas"][0], found["distances"][0])]

    def similar_forms(self, query: str, k: int = 5, sector: str | None = None, exclude_ids=()) -> list[Hit]:
        """Precedent forms nearest to a brief; with ``sector``, that sector's forms come first."""
        excluded = set(exclude_ids)
        fetch = k + len(excluded)
        vector = self.embeddings.encode([query], is_query=True)
        hits = self._query("forms", query, fetch, vector=vector)
        if sector:
            same = self._query("forms", query, fetch, where={"sector": sector}, vector=vector)
            same_ids = {h.id for h in same}
            hits = same + [h for h in hits if h.id not in same_ids]
        return [h for h in hits if h.id not in excluded][:k]

    def get_form(self, form_id: str) -> PerformanceForm | None:
        found = self.collections["forms"].get(ids=[form_id], include=["metadatas"])
        if not found["ids"]:
            return None
        text = (found["metadatas"][0] or {}).get("form_json")
        return PerformanceForm.model_validate_json(text) if text else None

    def guideline_passages(self, question: str, k: int = 3) -> list[Hit]:
        return self._query("guidelines", question, k)

    def similar_indicators(self, query: str, k: int = 5, level1: str | None = None, level2: str | None = None,
                           sector: str | None = None, exclude_form_ids=(), form_ids=None,
                           table: str | None = None) -> list[Hit]:
        """Indicator rows of approved forms for a slot, filterable by 一级 / 二级 / sector; ``form_ids`` keeps
        the rows of those forms only (none when it is empty), ``table`` those of one table (annual | long_term)."""
        if form_ids is not None and not form_ids:
            return []
        excluded = set(exclude_form_ids)
        hits = self._query("indicators", query, 2 * k + 20 * len(excluded),
                           where=_where(level1=level1, level2=level2, sector=sector,
                                        form_id=list(form_ids or ()), table=table))
        return _distinct([h for h in hits if h.metadata.get("form_id") not in excluded])[:k]

    def search_library(self, query: str, k: int = 5, level1: str | None = None, level2: str | None = None,
                       sector: str | None = None, project_kind: str | list[str] | None = None) -> list[Hit]:
        """Rows of the common indicator library (knowledge/library), filterable like similar_indicators;
        ``project_kind`` is one kind or a list of kinds."""
        return self._query("library", query, k, where=_where(level1=level1, level2=level2, sector=sector,
                                                             library_kind=project_kind))

    def search(self, query: str, kind: str = "forms", k: int = 5) -> list[Hit]:
        """Generic search for the command line and the UI: kind is forms | indicators | guidelines | library."""
        if kind not in KINDS:
            raise ValueError(f"未知的检索类别：{kind}（可选 {'、'.join(KINDS)}）")
        return self._query(kind, query, k)

    # ---- contents ----
    def counts(self) -> dict[str, int]:
        return {name: collection.count() for name, collection in self.collections.items()}

    def form_ids(self, origin: str | None = None) -> list[str]:
        found = self.collections["forms"].get(where={"origin": origin} if origin else None, include=["metadatas"])
        return sorted(found["ids"])

    # ---- writing ----
    def ingest_paths(self, paths, progress: writer.Progress | None = None) -> writer.IngestSummary:
        """Add the forms in these files and folders; see assistant.store.files."""
        from assistant.store.files import ingest_paths

        return ingest_paths(self, [Path(p) for p in paths], progress)

    def ingest_forms(self, forms: list[tuple[str, PerformanceForm]], progress: writer.Progress | None = None,
                     origin: str = "ingested", path: str = "") -> writer.IngestSummary:
        """Add forms given as (form id, form): one form all-or-nothing, unchanged ones skipped."""
        summary = writer.IngestSummary()
        existing = writer.committed_forms(self, [fid for fid, _ in forms])
        jobs = [job for fid, form in forms
                if (job := writer.plan_form(self, fid, form, origin, path, existing, summary)) is not None]
        writer.run_form_jobs(self, jobs, progress, summary)
        return summary

    def index_shipped_knowledge(self, progress: writer.Progress | None = None,
                                knowledge_dir: Path | None = None) -> writer.IngestSummary:
        """Index knowledge/ (forms, guidelines, library): only what changed since the last time."""
        from assistant.store.shipped import index_shipped_knowledge

        return index_shipped_knowledge(self, progress, knowledge_dir)

    def remove_forms(self, form_ids: list[str]) -> None:
        writer.remove_forms(self, form_ids)

    def __repr__(self) -> str:
        return f"KnowledgeStore({self.location}, {self.embeddings.name})"
