"""The shipped knowledge/ (precedent forms, guidelines, indicator library), indexed on first use and reused.

A fingerprint of the knowledge files and the embedding is kept in the forms collection's metadata; when
it matches, opening the store costs a few file reads. When it differs, only what changed is embedded
again: forms by content hash, guideline passages and library rows by content-derived ids. Forms,
passages and rows removed from knowledge/ leave the store too.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from assistant.settings import KNOWLEDGE_DIR
from assistant.store import ingest as writer
from assistant.store.client import update_metadata
from assistant.store.documents import Record, guideline_records, library_record

log = logging.getLogger(__name__)


def knowledge_files(knowledge_dir: Path) -> dict[str, list[Path]]:
    """The shipped files by part; a part whose folder does not exist (yet) is empty."""
    def listed(folder: str, pattern: str) -> list[Path]:
        base = knowledge_dir / folder
        return sorted(p for p in base.glob(pattern) if p.is_file()) if base.is_dir() else []

    return {"forms": listed("forms", "*.json"), "guidelines": listed("guidelines", "**/*.md"),
            "library": listed("library", "indicators.csv")}


def fingerprint(knowledge_dir: Path, embedding_name: str) -> str:
    digest = hashlib.sha1(embedding_name.encode("utf-8"))
    for part, files in knowledge_files(knowledge_dir).items():
        for path in files:
            digest.update(f"{part}/{path.relative_to(knowledge_dir)}".encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(store, knowledge_dir: Path | None = None) -> bool:
    knowledge_dir = Path(knowledge_dir or KNOWLEDGE_DIR)
    stored = (store.collections["forms"].metadata or {}).get("shipped")
    return stored == fingerprint(knowledge_dir, store.embeddings.name)


def _shipped_forms(files: list[Path], summary: writer.IngestSummary):
    from assistant.store.files import read_file

    items = []
    for path in files:
        items.extend((fid, form, path) for fid, form in read_file(path, summary))
    return items


def _guideline_records(files: list[Path], knowledge_dir: Path, summary: writer.IngestSummary) -> list[Record]:
    records = []
    for path in files:
        try:
            records.extend(guideline_records(path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            summary.failed.append((str(path.relative_to(knowledge_dir)), f"无法读取指南文件：{exc}"))
    return records


def _library_records(files: list[Path], summary: writer.IngestSummary) -> list[Record]:
    if not files:
        return []
    from assistant.library import LibraryError, load_library

    try:
        return [library_record(row) for row in load_library(files[0])]
    except LibraryError as exc:
        summary.failed.append((files[0].name, str(exc)))
        return []


def shipped_texts(knowledge_dir: Path | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Every text that indexing knowledge/ embeds, each once, and the files that could not be read.

    scripts/embed_knowledge.py precomputes their e5 vectors (assistant.store.vectors)."""
    knowledge_dir = Path(knowledge_dir or KNOWLEDGE_DIR)
    summary = writer.IngestSummary()
    files = knowledge_files(knowledge_dir)
    texts: list[str] = []
    for fid, form, path in _shipped_forms(files["forms"], summary):
        document, rows = writer.FormJob(fid, form, "", "shipped", str(path), replaces=False).records()
        texts.extend([r.text for r in rows] + [document.text])
    texts.extend(r.text for r in _guideline_records(files["guidelines"], knowledge_dir, summary))
    texts.extend(r.text for r in _library_records(files["library"], summary))
    return list(dict.fromkeys(texts)), summary.failed


def _existing_ids(store, name: str) -> set[str]:
    return set(store.collections[name].get(include=[])["ids"])


def index_shipped_knowledge(store, progress: writer.Progress | None = None,
                            knowledge_dir: Path | None = None) -> writer.IngestSummary:
    """Bring the store up to date with knowledge/; returns what was added, replaced, unchanged, removed."""
    started = time.perf_counter()
    knowledge_dir = Path(knowledge_dir or KNOWLEDGE_DIR)
    summary = writer.IngestSummary()
    if writer.needs_sweep(store):
        writer.sweep_uncommitted(store)
    files = knowledge_files(knowledge_dir)
    forms = _shipped_forms(files["forms"], summary)
    existing = writer.committed_forms(store, [fid for fid, _, _ in forms])
    jobs = [job for fid, form, path in forms
            if (job := writer.plan_form(store, fid, form, "shipped", str(path), existing, summary)) is not None]
    gone = sorted(set(store.form_ids(origin="shipped")) - {fid for fid, _, _ in forms})
    guidelines = _guideline_records(files["guidelines"], knowledge_dir, summary)
    library = _library_records(files["library"], summary)
    existing_guides, existing_library = _existing_ids(store, "guidelines"), _existing_ids(store, "library")
    new_texts = sum(r.id not in existing_guides for r in guidelines) + sum(r.id not in existing_library for r in library)
    tick = writer.Ticker(sum(j.size for j in jobs) + new_texts, progress)
    with writer.writing(store):
        writer.write_forms(store, jobs, tick, summary)
        writer.remove_forms(store, gone)
        summary.removed.extend(gone)
        for name, records, existing_ids in (("guidelines", guidelines, existing_guides),
                                            ("library", library, existing_library)):
            added, removed = writer.sync_records(store, name, records, existing_ids, tick)
            summary.embedded += added
            if added or removed:
                summary.notes.append(f"{name}: 新增 {added}，移除 {removed}")
    if not summary.failed:  # a file that failed stays due for another try next time
        update_metadata(store.collections["forms"], shipped=fingerprint(knowledge_dir, store.embeddings.name))
    summary.seconds = time.perf_counter() - started
    return summary
