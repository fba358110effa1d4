"""Knowledge-base benchmark: search latency at 100 and 1,000 forms, ingest cost against pure embedding, first use.

    python eval/bench/store_bench.py [--sizes 100,1000] [--ratio-forms 20] [--embedding hybrid] [--json out.json]

Scale forms are SYNTHETIC: each is a real precedent of knowledge/forms (its project, renamed "…（合成n）")
whose indicator table is topped up to 15 rows with rows of another real precedent, so 1,000 forms hold
15,000 indicator documents of real wording. Every search time includes embedding the query with the real
model. The scale stores' document vectors are the real embeddings of the real rows they copy (the text
without "（合成n）"), embedded once: embedding 16,000 texts would take 11 minutes on an idle 2-core
machine and hours on a shared one, and it would not change how long Chroma takes to search them.
The ingest-versus-embedding ratio is measured separately with the real embedding of every text.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from assistant.embeddings import BATCH, get_embeddings  # noqa: E402
from assistant.schema import PerformanceForm  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import open_store  # noqa: E402
from assistant.store.documents import form_hash, form_record, indicator_records  # noqa: E402
from eval.retrieval import PARAPHRASES, shipped_forms  # noqa: E402

ROWS_PER_FORM = 15
SEARCHES = 120  # per store size, after a warm-up


def synthetic_forms(count: int) -> list[tuple[str, PerformanceForm]]:
    real = [form for _, form in shipped_forms()]
    made = []
    for n in range(count):
        base, donor = real[n % len(real)], real[(n * 7 + 3) % len(real)]
        rows = [r for _, table in base.tables() for r in table]
        rows = (rows + [r for _, table in donor.tables() for r in table] * 3)[:ROWS_PER_FORM]
        project = base.project.model_copy(update={"name": f"{base.project.name}（合成{n + 1}）"})
        made.append((f"synthetic-{n + 1:04d}", base.model_copy(update={
            "project": project, "annual_indicators": rows, "long_term_indicators": [],
            "source": "synthetic: eval/bench/store_bench.py"})))
    return made


def texts_of(forms: list[tuple[str, PerformanceForm]]) -> list[str]:
    texts = []
    for form_id, form in forms:
        digest = form_hash(form)
        texts.extend(r.text for r in indicator_records(form_id, form, digest))
        texts.append(form_record(form_id, form, digest, "ingested").text)
    return texts


def queries() -> list[str]:
    names = [form.project.name for _, form in shipped_forms()]
    return [q for q, _ in PARAPHRASES] + names


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(call, query: str) -> tuple[float, float]:
    """(wall ms, CPU ms of this process): on a shared machine the CPU time is what the search itself costs."""
    wall, cpu = time.perf_counter(), time.process_time()
    call(query)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _stats(pairs: list[tuple[float, float]]) -> dict:
    wall, cpu = [p[0] for p in pairs], [p[1] for p in pairs]
    return {"p50_ms": round(statistics.median(wall), 1), "p95_ms": round(percentile(wall, 0.95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": round(percentile(cpu, 0.95), 1)}


def time_searches(store) -> dict:
    pool = queries()
    calls = [("similar_forms", lambda q: store.similar_forms(q, k=5)),
             ("similar_indicators", lambda q: store.similar_indicators(q, k=5)),
             ("similar_indicators(二级=数量指标)", lambda q: store.similar_indicators(q, k=5, level2="数量指标"))]
    for q in pool[:3]:
        for _, call in calls:
            call(q)
    result, everything = {}, []
    for i in range(SEARCHES // len(calls)):  # interleaved, so a burst of load hits every kind alike
        for label, call in calls:
            pair = _timed(call, pool[i % len(pool)])
            result.setdefault(label, []).append(pair)
            everything.append(pair)
    result = {label: _stats(pairs) for label, pairs in result.items()}
    result["all"] = _stats(everything)
    embed = [_timed(lambda q: store.embeddings.encode([q], is_query=True), pool[i % len(pool)]) for i in range(40)]
    result["query_embedding_only"] = _stats(embed)
    return result


SYNTHETIC_MARK = re.compile(r"（合成\d+）")


class CopiedVectors:
    """Passages get the real embedding of the real text they copy (cached); queries are embedded for real."""

    def __init__(self, embeddings):
        self.inner, self.cache = embeddings.encode, {}

    def warm(self, texts: list[str]) -> int:
        keys = sorted({SYNTHETIC_MARK.sub("", t) for t in texts} - set(self.cache))
        for start in range(0, len(keys), BATCH):
            batch = keys[start: start + BATCH]
            self.cache.update(zip(batch, self.inner(batch)))
        return len(keys)

    def __call__(self, texts, is_query=False):
        if is_query:
            return self.inner(texts, True)
        self.warm(list(texts))
        return np.stack([self.cache[SYNTHETIC_MARK.sub("", t)] for t in texts])


class EmbeddingClock:
    """Wraps the store's embedding to count the time spent embedding inside an ingest."""

    def __init__(self, embeddings):
        self.seconds, self.texts, self.inner = 0.0, 0, embeddings.encode

    def __call__(self, texts, is_query=False):
        started = time.perf_counter()
        out = self.inner(texts, is_query)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return out


def first_use(kind: str) -> dict:
    with tempfile.TemporaryDirectory() as home:
        seen = []
        started = time.perf_counter()
        store = open_store(Settings(home=Path(home), embedding=kind, chroma_url=None),
                           progress=lambda done, total, label: seen.append((done, total)))
        seconds = time.perf_counter() - started
        counts = store.counts()
    return {"seconds": round(seconds, 1), "texts": seen[-1][1] if seen else 0, "progress_calls": len(seen),
            "counts": counts}


def scale(kind: str, sizes: list[int], log) -> dict:
    """Search latency as the store grows (copied vectors for the documents, real query embedding)."""
    results = {}
    all_forms = synthetic_forms(max(sizes))
    with tempfile.TemporaryDirectory() as home:
        store = open_store(Settings(home=Path(home), embedding=kind, chroma_url=None), index_shipped=False)
        copied = CopiedVectors(store.embeddings)
        started = time.perf_counter()
        distinct = copied.warm(texts_of(all_forms))
        log(f"{distinct} distinct real texts embedded in {time.perf_counter() - started:.0f}s")
        store.embeddings.encode = copied  # instance attribute: only this store's embedding
        held = 0
        for size in sorted(sizes):
            started = time.perf_counter()
            summary = store.ingest_forms(all_forms[held:size])
            assert not summary.failed, summary.failed
            held = size
            results[size] = {"indicator_documents": store.counts()["indicators"],
                             "write_seconds_without_embedding": round(time.perf_counter() - started, 1),
                             "search": time_searches(store)}
            log(json.dumps({size: results[size]}, ensure_ascii=False))
        del store.embeddings.encode
    return results


def ingest_ratio(kind: str, count: int, log) -> dict:
    """Ingest wall time against pure embedding of the same texts (measured before and after the ingest,
    to bracket the load of a shared machine), all with the real embedding."""
    forms = synthetic_forms(count)
    first = pure_embedding(kind, count)
    log(f"pure embedding: {first}")
    with tempfile.TemporaryDirectory() as home:
        store = open_store(Settings(home=Path(home), embedding=kind, chroma_url=None), index_shipped=False)
        clock = EmbeddingClock(store.embeddings)
        store.embeddings.encode = clock
        started = time.perf_counter()
        summary = store.ingest_forms(forms)
        seconds = time.perf_counter() - started
        del store.embeddings.encode
        assert not summary.failed, summary.failed
    log(f"ingest: {seconds:.1f}s, of which embedding {clock.seconds:.1f}s")
    second = pure_embedding(kind, count)
    log(f"pure embedding again: {second}")
    pure = (first["seconds"] + second["seconds"]) / 2
    return {"forms": count, "texts": first["texts"], "pure_embedding_seconds": [first["seconds"], second["seconds"]],
            "ingest_seconds": round(seconds, 1), "embedding_seconds_inside_ingest": round(clock.seconds, 1),
            "ingest_over_pure_embedding": round(seconds / pure, 3),
            "ingest_over_its_own_embedding": round(seconds / clock.seconds, 3)}


def pure_embedding(kind: str, count: int) -> dict:
    """The floor: embedding the same texts as the first ``count`` forms, in batches, nothing else."""
    texts = texts_of(synthetic_forms(count))
    embeddings = get_embeddings(kind)
    started = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        embeddings.encode(texts[start: start + BATCH])
    seconds = time.perf_counter() - started
    return {"forms": count, "texts": len(texts), "seconds": round(seconds, 1), "texts_per_second": round(len(texts) / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description="知识库基准：检索延迟、入库开销、首次索引用时")
    parser.add_argument("--sizes", default="100,1000", help="表单数量，逗号分隔")
    parser.add_argument("--ratio-forms", type=int, default=20, help="入库开销测量用的表单数（真实嵌入；0＝不测）")
    parser.add_argument("--embedding", default="hybrid", help="hybrid | e5 | lexical | hash")
    parser.add_argument("--skip-first-use", action="store_true", help="不测首次索引")
    parser.add_argument("--json", type=Path, help="把结果另存为 JSON")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    def log(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    result = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} 核, "
                         f"Python {platform.python_version()}", "embedding": get_embeddings(args.embedding).name,
              "load_average_at_start": os.getloadavg()}
    result["scale"] = scale(args.embedding, sizes, log)
    if args.ratio_forms > 0:
        result["ingest"] = ingest_ratio(args.embedding, args.ratio_forms, log)
        log(json.dumps(result["ingest"], ensure_ascii=False))
    if not args.skip_first_use:
        log("first use of the shipped knowledge/ …")
        result["first_use"] = first_use(args.embedding)
        log(json.dumps(result["first_use"], ensure_ascii=False))
    result["load_average_at_end"] = os.getloadavg()
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
