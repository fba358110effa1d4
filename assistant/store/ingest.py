"""Writing forms into the knowledge base: idempotent, one form all-or-nothing, bad files reported and skipped.

A form is written in three steps: its indicator rows (ids carry the form's content hash, so a new version
never overwrites the old one's rows), then the form's own document — the commit: from then on the new
version is the form —, then the old version's rows are deleted. The indicator collection's metadata
carries a "writing" mark while a batch runs; a store found with a stale mark (an interrupted ingest) is
swept of rows whose version was never committed, so a search never sees half a form.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.schema import PerformanceForm
from assistant.store.client import update_metadata
from assistant.store.documents import Record, content_hash, form_hash, form_record, indicator_records

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, label); units are texts to embed
WRITE_TEXTS = 256  # texts per Chroma call: a call costs as much as ~100 rows (measured: 900 rows in calls of 32
# took 2.5× as long as in calls of 256); the progress bar still moves per embedding batch
STALE_SECONDS = 600  # a "writing" mark older than this on a shared server belongs to a writer that died


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file or form, 中文原因)
    notes: list[str] = field(default_factory=list)  # rows an importer could not read, per file
    seconds: float = 0.0
    embedded: int = 0  # texts embedded

    def merge(self, other: "IngestSummary") -> "IngestSummary":
        for name in ("added", "replaced", "unchanged", "removed", "failed", "notes"):
            getattr(self, name).extend(getattr(other, name))
        self.seconds += other.seconds
        self.embedded += other.embedded
        return self

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "replaced": len(self.replaced), "unchanged": len(self.unchanged),
                "removed": len(self.removed), "failed": len(self.failed)}


@dataclass
class FormJob:
    form_id: str
    form: PerformanceForm
    digest: str
    origin: str  # shipped | ingested
    path: str
    replaces: bool

    def records(self) -> tuple[Record, list[Record]]:
        return (form_record(self.form_id, self.form, self.digest, self.origin, self.path),
                indicator_records(self.form_id, self.form, self.digest))

    @property
    def size(self) -> int:
        return 1 + len(self.form.annual_indicators) + len(self.form.long_term_indicators)


class Ticker:
    """Counts embedded texts and reports them to the caller's progress callback."""

    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self, count: int, label: str) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total, label)


def committed_forms(store, form_ids: Iterable[str]) -> dict[str, dict]:
    """form id → metadata of the committed version, for the ids that exist."""
    ids = list(dict.fromkeys(form_ids))
    if not ids:
        return {}
    found = store.collections["forms"].get(ids=ids, include=["metadatas"])
    return {fid: meta or {} for fid, meta in zip(found["ids"], found["metadatas"])}


def forms_by_content(store, digests: Iterable[str]) -> dict[str, str]:
    """content hash → id of a committed form with that content, for the hashes the store holds."""
    wanted = list(dict.fromkeys(digests))
    if not wanted:
        return {}
    found = store.collections["forms"].get(where={"content_hash": {"$in": wanted}}, include=["metadatas"])
    return {meta["content_hash"]: fid for fid, meta in sorted(zip(found["ids"], found["metadatas"]))
            if meta and meta.get("content_hash")}


def plan_form(store, form_id: str, form: PerformanceForm, origin: str, path: str,
              existing: dict[str, dict], summary: IngestSummary) -> FormJob | None:
    """The job that writes this form, or None when the store already holds exactly this version."""
    digest = form_hash(form)
    current = existing.get(form_id)
    if current and current.get("content_hash") == digest:
        summary.unchanged.append(form_id)
        return None
    return FormJob(form_id, form, digest, origin, path, replaces=current is not None)


def write_forms(store, jobs: list[FormJob], tick: Ticker, summary: IngestSummary) -> None:
    """Write the jobs in groups of about WRITE_TEXTS texts: Chroma's cost is per call as much as per row."""
    group: list[FormJob] = []
    for job in jobs:
        group.append(job)
        if sum(j.size for j in group) >= WRITE_TEXTS:
            write_group(store, group, tick, summary)
            group = []
    if group:
        write_group(store, group, tick, summary)


def write_group(store, jobs: list[FormJob], tick: Ticker, summary: IngestSummary) -> None:
    """Rows of every form, then their form documents in one call (the commit), then old versions' rows go.

    If the commit fails, none of these forms is in the store and their new rows are removed again."""
    built = [job.records() for job in jobs]
    rows = [row for _, form_rows in built for row in form_rows]
    documents = [form_doc for form_doc, _ in built]
    done = 0
    try:
        texts = [r.text for r in rows] + [d.text for d in documents]

        def embedded(count: int, total: int) -> None:
            nonlocal done
            tick(count - done, jobs[min(len(jobs) - 1, count * len(jobs) // max(total, 1))].form.project.name)
            done = count

        vectors = store.passage_vectors(texts, embedded)
        indicators, forms = store.collections["indicators"], store.collections["forms"]
        upsert(store, indicators, rows, vectors[: len(rows)])
        upsert(store, forms, documents, vectors[len(rows):])
        for job in jobs:
            if job.replaces:
                indicators.delete(where={"$and": [{"form_id": job.form_id}, {"content_hash": {"$ne": job.digest}}]})
    except Exception as exc:  # the store refused a write: these forms are not in it, the batch goes on
        for job in jobs:
            _discard_uncommitted(store, job)
            summary.failed.append((job.form_id, f"写入知识库失败：{str(exc)[:200]}"))
        tick(sum(j.size for j in jobs) - done, "")
        return
    for job in jobs:
        (summary.replaced if job.replaces else summary.added).append(job.form_id)
        summary.embedded += job.size


def upsert(store, collection, records: list[Record], vectors) -> None:
    """Upsert records with their vectors in calls of at most the client's max batch size (Chroma refuses more)."""
    size = store.max_batch_size()
    for start in range(0, len(records), size):
        part = records[start: start + size]
        collection.upsert(ids=[r.id for r in part], embeddings=vectors[start: start + size],
                          documents=[r.text for r in part], metadatas=[r.metadata for r in part])


def _discard_uncommitted(store, job: FormJob) -> None:
    """After a failed write: the new version's rows go unless its form document made it (then it is whole)."""
    try:
        if committed_forms(store, [job.form_id]).get(job.form_id, {}).get("content_hash") != job.digest:
            store.collections["indicators"].delete(
                where={"$and": [{"form_id": job.form_id}, {"content_hash": job.digest}]})
    except Exception:  # the store is gone altogether: the "writing" mark makes the next open sweep
        log.warning("could not discard the rows of %s after a failed write", job.form_id)


def run_form_jobs(store, jobs: list[FormJob], progress: Progress | None, summary: IngestSummary) -> None:
    tick = Ticker(sum(j.size for j in jobs), progress)
    with writing(store):
        write_forms(store, jobs, tick, summary)


def remove_forms(store, form_ids: list[str]) -> None:
    for form_id in form_ids:
        store.collections["forms"].delete(ids=[form_id])
        store.collections["indicators"].delete(where={"form_id": form_id})


class writing:
    """Marks the store as being written for the duration of a batch."""

    def __init__(self, store):
        self.store = store

    def __enter__(self):
        update_metadata(self.store.collections["indicators"], writing=time.time())
        return self

    def __exit__(self, *exc):
        update_metadata(self.store.collections["indicators"], writing=0.0)
        return False


def needs_sweep(store) -> bool:
    mark = float((store.collections["indicators"].metadata or {}).get("writing") or 0.0)
    if not mark:
        return False
    return not store.shared or time.time() - mark > STALE_SECONDS


def sweep_uncommitted(store) -> int:
    """Delete indicator rows whose form version was never committed (an interrupted ingest). Returns the count."""
    indicators = store.collections["indicators"]
    rows = indicators.get(include=["metadatas"])
    committed = committed_forms(store, [(m or {}).get("form_id", "") for m in rows["metadatas"]])
    orphans = [rid for rid, meta in zip(rows["ids"], rows["metadatas"])
               if committed.get((meta or {}).get("form_id"), {}).get("content_hash") != (meta or {}).get("content_hash")]
    for start in range(0, len(orphans), 500):
        indicators.delete(ids=orphans[start: start + 500])
    update_metadata(indicators, writing=0.0)
    return len(orphans)


def sync_records(store, collection_name: str, records: list[Record], existing_ids: set[str],
                 tick: Ticker) -> tuple[int, int]:
    """Add the records whose (content-derived) id is new, then delete the existing ids no longer among them.
    Returns (added, removed)."""
    collection = store.collections[collection_name]
    new = [r for r in records if r.id not in existing_ids]
    for start in range(0, len(new), WRITE_TEXTS):
        group, done = new[start: start + WRITE_TEXTS], 0

        def embedded(count: int, total: int) -> None:
            nonlocal done
            tick(count - done, collection_name)
            done = count

        upsert(store, collection, group, store.passage_vectors([r.text for r in group], embedded))
    gone = sorted(existing_ids - {r.id for r in records})
    if gone:
        collection.delete(ids=gone)
    return len(new), len(gone)


def form_ids_for(path: Path, forms: list[PerformanceForm]) -> list[str]:
    """A form's id is its file's stem; "stem#n" when the file holds several forms."""
    if len(forms) == 1:
        return [path.stem]
    return [f"{path.stem}#{n}" for n in range(1, len(forms) + 1)]


def disambiguate(form_id: str, form: PerformanceForm, path: str, existing: dict[str, dict]) -> str:
    """Another file's different project under the same stem keeps both: this one gets a name-derived suffix."""
    current = existing.get(form_id)
    if not current or current.get("path") in ("", path) or current.get("form_name") == form.project.name:
        return form_id
    return f"{form_id}-{content_hash(form.project.name, form.project.unit)[:6]}"
