"""The knowledge base on ChromaDB: approved precedent forms, their indicator rows, guideline passages and the
common indicator library, searched with the offline Chinese embedding (assistant.embeddings).

    store = open_store()                      # JIXIAO_HOME/chroma, or the server at JIXIAO_CHROMA_URL
    store.similar_forms("职业技能培训", k=5)     # precedents for a brief → [Hit(id, score, text, metadata)]
    store.similar_indicators("受训人数", level2="数量指标")
    store.ingest_paths(["approved/"])         # → IngestSummary(added, replaced, unchanged, failed …)

The shipped knowledge/ is indexed on first use (with progress) and reused after; a changed knowledge/
re-indexes only what changed.
"""

from __future__ import annotations

from pathlib import Path

from assistant.embeddings import get_embeddings
from assistant.store.client import StoreError, connect, drop_collections, open_collections
from assistant.store.ingest import IngestSummary, Progress
from assistant.store.knowledge import Hit, KnowledgeStore

__all__ = ["Hit", "IngestSummary", "KnowledgeStore", "StoreError", "open_store", "store_location"]


def store_location(settings) -> str:
    """Where the settings put the knowledge base, for messages: the server URL or the local Chroma directory."""
    return settings.chroma_url or str(settings.chroma_dir)


def open_store(settings=None, progress: Progress | None = None, rebuild: bool = False,
               index_shipped: bool = True, knowledge_dir: Path | None = None) -> KnowledgeStore:
    """The knowledge base named by the settings, with the shipped knowledge/ indexed and current.

    ``progress(done, total, label)`` is called while texts are embedded (first use, or after knowledge/
    changed). ``rebuild`` drops the index and builds it again with the current embedding, keeping the
    forms that were ingested from outside knowledge/. Raises StoreError (Chinese) when the server is
    unreachable or the store was built with another embedding.
    """
    if settings is None:
        from assistant.settings import get_settings

        settings = get_settings()
    embeddings = get_embeddings(settings.embedding)
    url = settings.chroma_url or None
    client = connect(settings.chroma_dir, url)
    kept = _ingested_forms(client) if rebuild else []
    if rebuild:
        drop_collections(client)
    store = KnowledgeStore(client, open_collections(client, embeddings), embeddings,
                           location=store_location(settings), shared=bool(url))
    if embeddings.uses_model:
        from assistant.settings import KNOWLEDGE_DIR
        from assistant.store.vectors import VECTORS_DIR, ShippedVectors

        store.known_vectors = ShippedVectors.load(Path(knowledge_dir or KNOWLEDGE_DIR) / VECTORS_DIR)
    if index_shipped:
        from assistant.store.shipped import is_current

        if not is_current(store, knowledge_dir):
            store.index_shipped_knowledge(progress, knowledge_dir)
    if kept:
        store.ingest_forms(kept, progress)
    return store


def _ingested_forms(client) -> list:
    """Forms ingested from outside knowledge/, read back from the store (their full JSON is kept there)."""
    from assistant.schema import PerformanceForm
    from assistant.store.client import PREFIX

    try:
        collection = client.get_collection(PREFIX + "forms")
        found = collection.get(where={"origin": "ingested"}, include=["metadatas"])
    except Exception:  # no store yet, or one unreadable by this version: nothing to keep
        return []
    return [(fid, PerformanceForm.model_validate_json(meta["form_json"]))
            for fid, meta in zip(found["ids"], found["metadatas"]) if meta and meta.get("form_json")]
