"""Character-bigram similarity for Chinese names (no segmentation needed): the one home for it.

    normalize(text)          NFKC, no spaces, digits, punctuation, operators or ★/* marks
    bigrams(text)            the character bigrams of the normalised text (cached, frozen)
    content_bigrams(text)    the same without generic ones (人数, 完成, 项目 …) that say nothing of the subject
    dice(a, b)               2·|A∩B| / (|A|+|B|) over bigrams, in [0, 1]
    shared(a, b)             how many content bigrams two phrases share
    coverage(part, whole)    share of part's content bigrams found in whole

The drafter ranks rows with ``dice``; the validators match goal-text phrases to rows with ``shared`` and
``coverage``. ``assistant/embeddings.py`` keeps its own 1–2-gram hashing vectorizer (a different job: vectors).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\s\d.,，。；;:：、()（）%％≥≤=<>\-★*]+")
GENERIC_BIGRAMS = frozenset({"人数", "数量", "人次", "完成", "开展", "年度", "实现", "提高", "提升", "项目", "工作",
                             "指标", "情况", "全年", "本年"})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    text = normalize(text)
    if len(text) < 2:
        return frozenset({text} if text else ())
    return frozenset(text[i: i + 2] for i in range(len(text) - 1))


@lru_cache(maxsize=65536)
def content_bigrams(text: str) -> frozenset[str]:
    return bigrams(text) - GENERIC_BIGRAMS


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient in [0, 1]: 2·|A∩B| / (|A|+|B|)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def shared(a: str, b: str) -> int:
    """How many meaningful character bigrams two phrases share (创业培训 ↔ 创业培训人数: 3)."""
    return len(content_bigrams(a) & content_bigrams(b))


def coverage(part: str, whole: str) -> float:
    """Share of ``part``'s content bigrams found in ``whole`` (1.0: every word of it is there)."""
    own = content_bigrams(part)
    return len(own & content_bigrams(whole)) / len(own) if own else 0.0
