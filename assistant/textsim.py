"""Character n-gram similarity for Chinese names (no segmentation needed)."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[\s\d.,，。；;:：、()（）%％≥≤=<>\-]+")


def bigrams(text: str) -> set[str]:
    text = _NON_WORD.sub("", text or "")
    if len(text) < 2:
        return {text} if text else set()
    return {text[i: i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient in [0, 1]: 2·|A∩B| / (|A|+|B|)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))
