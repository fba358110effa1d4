"""Precompute the e5 passage vectors of the shipped knowledge/ into knowledge/vectors/ (see assistant/store/vectors.py).

The first start then reuses them instead of running the model over ~840 texts (about two minutes on two
cores). Texts edited since the last run are simply embedded at indexing time, so running this is an
optimisation, never a requirement for correct results. Re-run after editing knowledge/ (forms, guidelines,
library); vectors of unchanged texts are reused, so a re-run embeds only what changed:

    python scripts/embed_knowledge.py            # update knowledge/vectors/
    python scripts/embed_knowledge.py --check    # report coverage; exit 1 when some text has no vector
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from assistant.embeddings import E5_DIM, get_embeddings  # noqa: E402
from assistant.settings import KNOWLEDGE_DIR  # noqa: E402
from assistant.store.shipped import shipped_texts  # noqa: E402
from assistant.store.vectors import VECTORS_DIR, ShippedVectors, save  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="预先计算随附知识库的 e5 向量（knowledge/vectors/）")
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE_DIR, help="知识库目录（默认 knowledge/）")
    parser.add_argument("--check", action="store_true", help="只检查覆盖率：有文本缺少向量时退出码为 1")
    args = parser.parse_args(argv)
    texts, failed = shipped_texts(args.knowledge)
    for name, reason in failed:
        print(f"跳过 {name}：{reason}", file=sys.stderr)
    directory = args.knowledge / VECTORS_DIR
    existing = ShippedVectors.load(directory)
    known = existing(texts) if existing else [None] * len(texts)
    missing = [t for t, v in zip(texts, known) if v is None]
    print(f"知识库文本 {len(texts)} 段，已有向量 {len(texts) - len(missing)} 段，需要嵌入 {len(missing)} 段。")
    if args.check:
        return 1 if missing else 0
    started = time.perf_counter()
    model = get_embeddings("e5")

    def progress(done: int, total: int) -> None:
        print(f"\r嵌入 {done}/{total}", end="", file=sys.stderr, flush=True)

    fresh = iter(model.encode_batches(missing, progress) if missing else np.zeros((0, E5_DIM), np.float32))
    if missing:
        print(file=sys.stderr)
    rows = np.stack([v if v is not None else next(fresh) for v in known]) if texts else np.zeros((0, E5_DIM))
    save(directory, texts, rows)
    size = sum(p.stat().st_size for p in directory.iterdir())
    print(f"已写入 {directory}（{len(texts)} 段，{size / 1024:.0f} KB，用时 {time.perf_counter() - started:.0f} 秒）。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
