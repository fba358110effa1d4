"""The Chroma connection: an embedded PersistentClient under JIXIAO_HOME, or a Chroma server (JIXIAO_CHROMA_URL)
shared by a whole department. Every collection is in cosine space and records the embedding that built it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

from assistant.embeddings import JixiaoEmbeddings

log = logging.getLogger(__name__)

COLLECTIONS = ("forms", "indicators", "guidelines", "library")
PREFIX = "jixiao_"  # collection names on a shared server: jixiao_forms …


class StoreError(RuntimeError):
    """The knowledge base cannot be used as it is; str() is a Chinese message saying what to do."""


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=True)


def connect(chroma_dir: Path | None = None, url: str | None = None):
    """A Chroma client: the server at ``url`` when given, else the embedded store in ``chroma_dir``."""
    import chromadb

    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise StoreError(f"Chroma 服务器地址无效：{url}（应为 http://主机:端口）")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        try:
            client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https",
                                         settings=_chroma_settings())
            client.heartbeat()
        except Exception as exc:  # connection refused, DNS, TLS, a non-Chroma server: all the same to the user
            raise StoreError(f"无法连接 Chroma 服务器 {url}（{_reason(exc)}）。请确认服务器已启动、地址和端口正确，"
                             f"或取消 JIXIAO_CHROMA_URL 改用本地知识库。") from exc
        return client
    try:
        Path(chroma_dir).mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(chroma_dir), settings=_chroma_settings())
    except Exception as exc:
        raise StoreError(f"无法打开本地知识库 {chroma_dir}：{_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def identity(embeddings: JixiaoEmbeddings) -> dict:
    return {"embedding": embeddings.name, "dimension": embeddings.dimension}


def open_collections(client, embeddings: JixiaoEmbeddings) -> dict:
    """The four collections, created if missing; refused when built with another embedding."""
    function = embeddings.chroma()
    collections = {}
    for name in COLLECTIONS:
        collection = client.get_or_create_collection(
            PREFIX + name, embedding_function=function, configuration={"hnsw": {"space": "cosine"}},
            metadata=identity(embeddings))
        check_identity(collection, embeddings)
        collections[name] = collection
    return collections


def check_identity(collection, embeddings: JixiaoEmbeddings) -> None:
    """A store built with another embedding would return wrong neighbours silently: refuse it instead."""
    metadata = collection.metadata or {}
    built_with, dimension = metadata.get("embedding"), metadata.get("dimension")
    if built_with != embeddings.name or dimension != embeddings.dimension:
        raise StoreError(
            f"知识库（集合 {collection.name}）是用另一种嵌入建立的：{built_with}（维度 {dimension}），"
            f"当前设置为 {embeddings.name}（维度 {embeddings.dimension}）。"
            f"请运行 `jixiao ingest --rebuild` 重建索引，或把 JIXIAO_EMBEDDING 改回原来的设置。")


def drop_collections(client) -> None:
    existing = {getattr(c, "name", c) for c in client.list_collections()}
    for name in COLLECTIONS:
        if PREFIX + name in existing:
            client.delete_collection(PREFIX + name)


def update_metadata(collection, **changes) -> None:
    """Merge ``changes`` into a collection's metadata (Chroma replaces the whole dict on modify)."""
    merged = {**(collection.metadata or {}), **changes}
    collection.modify(metadata=merged)
