"""KnowledgeStore on a real Chroma on disk (tmp_path), with the small deterministic "hash" embedding."""

import json
import shutil
from pathlib import Path

import pytest

from assistant.library import LIBRARY_PATH
from assistant.schema import PerformanceForm
from assistant.settings import KNOWLEDGE_DIR, Settings
from assistant.store import Hit, StoreError, open_store
from assistant.store.documents import form_hash, indicator_records
from assistant.store.ingest import writing

FORMS = ("ezhou-2026-1", "ezhou-2026-2", "002_yueyang-gaobiaozhun-nongtian", "040_linyi-shifan-fuxiao-gongyong-jingfei")
LIBRARY_ROWS = 40  # of the real library: enough to search, few enough to keep each test quick
GUIDE = """# 三级指标的写法

## 数量指标
数量指标写清楚做了多少：培训人数、培训期数，单位用“人”“期”。

## 满意度
满意度指标只写服务对象的满意程度，一般不低于 90%。
"""


def make_knowledge(root: Path) -> Path:
    """A small knowledge/ of real forms, one guideline file and the real library."""
    (root / "forms").mkdir(parents=True)
    for stem in FORMS:
        shutil.copy(KNOWLEDGE_DIR / "forms" / f"{stem}.json", root / "forms")
    (root / "guidelines").mkdir()
    (root / "guidelines" / "writing.md").write_text(GUIDE, encoding="utf-8")
    (root / "library").mkdir()
    lines = LIBRARY_PATH.read_text(encoding="utf-8").splitlines()
    (root / "library" / "indicators.csv").write_text("\n".join(lines[: LIBRARY_ROWS + 1]) + "\n", encoding="utf-8")
    return root


def settings_for(home: Path, embedding: str = "hash") -> Settings:
    return Settings(home=home, embedding=embedding, chroma_url=None)


@pytest.fixture
def knowledge(tmp_path):
    return make_knowledge(tmp_path / "knowledge")


@pytest.fixture
def store(tmp_path, knowledge):
    return open_store(settings_for(tmp_path / "home"), knowledge_dir=knowledge)


def load(stem: str) -> PerformanceForm:
    return PerformanceForm.model_validate_json((KNOWLEDGE_DIR / "forms" / f"{stem}.json").read_text(encoding="utf-8"))


def form_rows(store, form_id: str) -> list[dict]:
    return store.collections["indicators"].get(where={"form_id": form_id}, include=["metadatas"])["metadatas"]


# ---- first use, reuse, change detection ----

def test_first_use_indexes_shipped_knowledge_with_progress_and_reuses_it(tmp_path, knowledge):
    calls = []
    store = open_store(settings_for(tmp_path / "home"), progress=lambda *a: calls.append(a), knowledge_dir=knowledge)
    expected_rows = sum(len(load(s).annual_indicators) + len(load(s).long_term_indicators) for s in FORMS)
    counts = store.counts()
    assert counts["forms"] == len(FORMS) and counts["indicators"] == expected_rows
    assert counts["library"] == LIBRARY_ROWS and counts["guidelines"] == 2
    assert calls and calls[-1][0] == calls[-1][1] == sum(counts.values())  # done == total == texts embedded
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)

    again = []
    reopened = open_store(settings_for(tmp_path / "home"), progress=lambda *a: again.append(a), knowledge_dir=knowledge)
    assert again == [] and reopened.counts() == counts


def test_changed_knowledge_reindexes_only_what_changed(tmp_path, knowledge, store):
    path = knowledge / "forms" / "ezhou-2026-1.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["annual_indicators"][0]["raw_value"] = "=16万"
    data["annual_indicators"][0]["value"] = "16"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (knowledge / "forms" / "040_linyi-shifan-fuxiao-gongyong-jingfei.json").unlink()
    with (knowledge / "guidelines" / "writing.md").open("a", encoding="utf-8") as handle:
        handle.write("\n## 时效指标\n时效指标写完成时限，如“2027年12月31日前”。\n")

    calls = []
    reopened = open_store(settings_for(tmp_path / "home"), progress=lambda *a: calls.append(a), knowledge_dir=knowledge)
    changed = PerformanceForm.model_validate(data)
    # one form's texts (its rows + its document) and one new guideline passage: nothing else re-embedded
    assert calls[-1][1] == 1 + len(changed.annual_indicators) + len(changed.long_term_indicators) + 1
    assert reopened.get_form("ezhou-2026-1").annual_indicators[0].raw_value == "=16万"
    assert reopened.get_form("040_linyi-shifan-fuxiao-gongyong-jingfei") is None
    assert not form_rows(reopened, "040_linyi-shifan-fuxiao-gongyong-jingfei")
    rows = form_rows(reopened, "ezhou-2026-1")
    assert len(rows) == len(changed.annual_indicators) + len(changed.long_term_indicators)
    assert {r["content_hash"] for r in rows} == {form_hash(changed)}
    assert reopened.counts()["guidelines"] == 3


def test_missing_guidelines_folder_is_fine(tmp_path, knowledge):
    shutil.rmtree(knowledge / "guidelines")
    store = open_store(settings_for(tmp_path / "home"), knowledge_dir=knowledge)
    assert store.counts()["guidelines"] == 0 and store.guideline_passages("满意度") == []


# ---- the drafter's interface ----

def test_similar_forms_hits_resolve_to_forms(store):
    hits = store.similar_forms("职业技能培训补贴", k=3, exclude_ids=("ezhou-2026-2",))
    assert hits and all(isinstance(h, Hit) for h in hits)
    assert "ezhou-2026-2" not in [h.id for h in hits]
    assert hits[0].id == "ezhou-2026-1" and hits[0].metadata["sector"] == "就业培训"
    assert hits[0].score >= hits[-1].score
    assert store.get_form(hits[0].id) == load("ezhou-2026-1")
    assert store.get_form("no-such-form") is None


def test_sector_argument_puts_that_sectors_forms_first(store):
    hits = store.similar_forms("职业技能培训补贴", k=4, sector="教育")
    assert hits[0].metadata["sector"] == "教育"
    assert {h.metadata["sector"] for h in hits} >= {"教育", "就业培训"}


def test_indicator_hits_resolve_to_their_source_row(store):
    hits = store.similar_indicators("受训人数", k=5, level1="产出指标", level2="数量指标")
    assert hits
    for hit in hits:
        meta = hit.metadata
        assert meta["level1"] == "产出指标" and meta["level2"] == "数量指标"
        row = store.get_form(meta["form_id"]).table(meta["table"])[meta["row"] - 1]
        assert row.name == meta["name"] and f"三级指标: {row.name}" in hit.text
        assert hit.source == f"form:{meta['form_id']}#{meta['table']}:{meta['row']}"
        assert {"sector", "year", "unit"} <= set(meta)
    assert "培训" in hits[0].metadata["name"]
    assert len({(h.metadata["form_id"], h.text) for h in hits}) == len(hits)  # a row repeated in both tables once


def test_indicator_filters_by_sector(store):
    hits = store.similar_indicators("验收合格率", k=5, sector="农业农村")
    assert hits and all(h.metadata["sector"] == "农业农村" for h in hits)


def test_indicator_rows_of_chosen_forms_and_one_table(store):
    chosen = ["ezhou-2026-1", "002_yueyang-gaobiaozhun-nongtian"]
    annual = sum(len(load(f).annual_indicators) for f in chosen)
    hits = store.similar_indicators("培训人数", k=100, form_ids=chosen, table="annual")
    assert {h.metadata["form_id"] for h in hits} == set(chosen)  # the other forms lend nothing
    assert {h.metadata["table"] for h in hits} == {"annual"}
    assert 0 < len(hits) <= annual and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert store.similar_indicators("培训人数", k=5, form_ids=[]) == []  # no form chosen: no rows, not all rows


def test_guidelines_and_library(store):
    passages = store.guideline_passages("满意度指标怎么写", k=1)
    assert passages[0].text.startswith("三级指标的写法 > 满意度")
    library = store.search_library("受训人数", k=3, level2="数量指标")
    assert library and all(h.source.startswith("lib:") and h.metadata["level2"] == "数量指标" for h in library)
    assert store.search("受训人数", kind="library", k=2)[0].kind == "library"
    with pytest.raises(ValueError, match="未知的检索类别"):
        store.search("x", kind="people")


# ---- ingest ----

def write_json(folder: Path, name: str, form: PerformanceForm) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(form.model_dump_json(), encoding="utf-8")
    return path


def other_form() -> PerformanceForm:
    form = load("ezhou-2026-2")
    return form.model_copy(update={"project": form.project.model_copy(update={"name": "2027年创业培训补贴"})})


def test_ingest_twice_adds_nothing_the_second_time(tmp_path, store):
    folder = tmp_path / "approved"
    write_json(folder, "a.json", other_form())
    first = store.ingest_paths([folder])
    counts = store.counts()
    second = store.ingest_paths([folder])
    assert first.added == ["a"] and second.added == [] and second.unchanged == ["a"]
    assert store.counts() == counts


def test_changed_form_replaces_its_old_rows(tmp_path, store):
    folder = tmp_path / "approved"
    form = other_form()
    path = write_json(folder, "a.json", form)
    store.ingest_paths([path])
    changed = form.model_copy(update={"annual_indicators": form.annual_indicators[:3]})
    write_json(folder, "a.json", changed)
    summary = store.ingest_paths([path])
    assert summary.replaced == ["a"]
    rows = form_rows(store, "a")
    assert len(rows) == 3 + len(form.long_term_indicators)
    assert {r["content_hash"] for r in rows} == {form_hash(changed)}
    assert store.get_form("a") == changed


def test_bad_files_are_reported_by_name_and_the_rest_ingested(tmp_path, store):
    folder = tmp_path / "approved"
    write_json(folder, "good.json", other_form())
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "damaged.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    summary = store.ingest_paths([folder, tmp_path / "missing"])
    failed = dict(summary.failed)
    assert summary.added == ["good"]
    assert {"broken.json", "empty.txt", "damaged.xlsx", str(tmp_path / "missing")} <= set(failed)
    assert "文件为空" in failed["empty.txt"] and "找不到" in failed[str(tmp_path / "missing")]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in failed.values())


def test_a_form_whose_write_fails_leaves_no_rows(tmp_path, store, monkeypatch):
    forms = store.collections["forms"]
    original = forms.upsert

    def refuse(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(forms, "upsert", refuse)
    summary = store.ingest_forms([("half", other_form())])
    monkeypatch.setattr(forms, "upsert", original)
    assert summary.failed and summary.failed[0][0] == "half" and "写入知识库失败" in summary.failed[0][1]
    assert not form_rows(store, "half") and store.get_form("half") is None
    assert all(h.metadata["form_id"] != "half" for h in store.similar_indicators("创业培训", k=20))


def test_an_interrupted_ingest_is_swept_on_the_next_open(tmp_path, knowledge, store):
    form = other_form()
    orphans = indicator_records("orphan", form, form_hash(form))  # rows written, form document never committed
    store.collections["indicators"].upsert(
        ids=[r.id for r in orphans], documents=[r.text for r in orphans], metadatas=[r.metadata for r in orphans],
        embeddings=store.embeddings.encode([r.text for r in orphans]))
    writing(store).__enter__()  # the process died inside a batch: the mark stays
    reopened = open_store(settings_for(tmp_path / "home"), knowledge_dir=knowledge)
    reopened.ingest_paths([write_json(tmp_path / "approved", "b.json", load("ezhou-2026-1"))])
    assert not form_rows(reopened, "orphan")
    assert form_rows(reopened, "ezhou-2026-2")  # committed forms untouched


# ---- another embedding ----

def test_store_built_with_another_embedding_is_refused_then_rebuilt(tmp_path, knowledge, store):
    store.ingest_paths([write_json(tmp_path / "approved", "a.json", other_form())])
    with pytest.raises(StoreError) as error:
        open_store(settings_for(tmp_path / "home", "lexical"), knowledge_dir=knowledge)
    message = str(error.value)
    assert "jixiao ingest --rebuild" in message and "hash" in message and "lexical" in message

    rebuilt = open_store(settings_for(tmp_path / "home", "lexical"), rebuild=True, knowledge_dir=knowledge)
    assert rebuilt.embeddings.kind == "lexical"
    assert rebuilt.get_form("a") == other_form()  # forms ingested from outside knowledge/ survive a rebuild
    assert rebuilt.counts()["forms"] == len(FORMS) + 1
    assert rebuilt.similar_indicators("创业培训", k=1)[0].metadata["form_id"] in ("a", "ezhou-2026-2")


def test_renamed_copies_of_one_form_are_stored_once(tmp_path, store):
    folder = tmp_path / "approved"
    for name in ("批复表.json", "批复表(1).json", "副本-批复表.json", "最终版.json"):
        write_json(folder, name, other_form())
    before = store.counts()
    summary = store.ingest_paths([folder])
    assert len(summary.added) == 1 and len(summary.unchanged) == 3
    assert sum("内容相同" in note for note in summary.notes) == 3
    assert store.counts()["forms"] == before["forms"] + 1
    assert store.counts()["indicators"] == before["indicators"] + len(other_form().annual_indicators) + len(
        other_form().long_term_indicators)
    again = store.ingest_paths([write_json(tmp_path / "later", "又一份.json", other_form())])
    assert again.added == [] and store.counts()["forms"] == before["forms"] + 1
    # An update of the stored form under its own name is still an update, not a copy.
    changed = other_form().model_copy(update={"annual_indicators": other_form().annual_indicators[:2]})
    stored_id = summary.added[0]
    assert store.ingest_paths([write_json(folder, f"{stored_id}.json", changed)]).replaced == [stored_id]
