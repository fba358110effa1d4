"""How the shipped precedent forms (knowledge/forms) are written, word by word: what the relevance engine asks
before it calls a word a project's own subject (a word many forms use is the language of forms, not a subject)."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache

from assistant.schema import PerformanceForm
from assistant.settings import KNOWLEDGE_DIR
from assistant.textsim import bigrams


@lru_cache(maxsize=1)
def written_forms() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """How the shipped precedent forms (knowledge/forms) are written: for each bigram, the forms whose name, unit,
    goal texts or rows use it; for each row name, the forms it is a row of. Words of the 自评表/批复表 language
    (各项, 领取, 证明, 生产生活 …) are used by many forms, a project's subject (就学, 七氟丙烷) by one or two."""
    by_gram: dict[str, set[int]] = defaultdict(set)
    by_row: dict[str, set[int]] = defaultdict(set)
    paths = sorted((KNOWLEDGE_DIR / "forms").glob("*.json"))
    for number, path in enumerate(paths):
        try:
            form = PerformanceForm.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
        texts = [form.project.name, form.project.unit or "", form.goals.long_term, form.goals.annual]
        for _, rows in form.tables():
            for row in rows:
                texts.append(row.name)
                by_row[row.name].add(number)
        for text in texts:
            for gram in bigrams(text or ""):
                by_gram[gram].add(number)
    return {g: frozenset(f) for g, f in by_gram.items()}, {r: frozenset(f) for r, f in by_row.items()}
