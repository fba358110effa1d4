"""相关性: is an indicator row about this project? One engine for the drafter (which rows to reuse) and the
validators (which rows a reviewer would send back as belonging to another project).

财预〔2015〕88号 review asks 相关性 first: every indicator must measure this project's own output or effect.
A row is judged against the project's words (name, unit, description or goal text) and its kind (项目类型):
- a row whose words are the project's own words is relevant, whatever its kind;
- a row that names another kind's distinctive thing (饮水, 糖尿病, 清扫保洁 …) that the project never mentions
  is foreign: "像是饮水安全工程的指标";
- a row made of common words only (满意度, 完成时间, 覆盖率) belongs to no kind and is judged by its source;
- in a filed form, a row whose own subject (what is left once the generic indicator vocabulary is taken out:
  "猪养殖" of "猪养殖数量") shares no word with the project's name, unit, goal texts, the rest of its tables or the
  rows of its kinds is foreign too, whatever the vocabulary knows of its kind (``novel``).

Lexical and cached (character bigrams weighted by how few kinds use them, and one regex over every cue and
term), so the validators stay fast; the vocabulary is knowledge/library/kinds.csv plus the library's rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from assistant.kinds import Kind, load_kinds
from assistant.formwords import written_forms
from assistant.library import load_library
from assistant.textsim import GENERIC_BIGRAMS, GENERIC_WORDS, bigrams, normalize, unsaid

KIND_SHARE = 0.5  # a kind whose cue score is at least half the best one's is also the project's kind
ROW_KIND_SCORE = 0.55  # a row's bigram profile must cover this share of its weight to be of a kind
ROW_KIND_MARGIN = 0.15  # … and beat the next kind by this much
PROFILE_FOREIGN = 0.65  # without a distinctive term, only a row this typical of another sector is foreign
COMMON_SECTOR = "综合"  # kinds of activity many projects include (宣传, 招商): never convict a row
OWN_WORDS = 0.5  # a row whose weighted bigrams are at least this share in the project's text is its own
GENERIC_KINDS = 5  # a bigram the rows of this many kinds use (服务, 补助, 发放, 面积 …) says nothing of the subject
KIND_SUPPORT = 0.1  # a brief's kind must be one whose rows speak of at least this share of the brief's content words
NOVEL_MIN = 2  # content bigrams a row needs to have a subject of its own, unless its one bigram is used nowhere else
_COMMON_ROW = re.compile(r"(费|费用|成本|标准|预算|资金)$")


@dataclass(frozen=True)
class RowKind:
    kind: str | None  # the kind the row belongs to, or None for common words
    score: float
    term: str = ""  # the distinctive word that decided it, if any


@dataclass(frozen=True)
class Project:
    """What rows are judged against: the project's words and kinds."""

    text: str
    kinds: tuple[str, ...]
    table: str | None = None  # the other rows of a filed form's tables, when there is a form (the drafter has none)

    @property
    def words(self) -> str:
        return f"{self.text} {self.table}" if self.table else self.text

    @property
    def sectors(self) -> set[str]:
        index = _index()
        return {index.kinds[k].sector for k in self.kinds if k in index.kinds}


@dataclass(frozen=True)
class Relevance:
    score: float  # 0–1: 1 for a row of the project's kind or in its own words
    foreign: bool  # of another kind, in words the project never uses
    kind: str | None  # the row's own kind
    seems: str = ""  # the label of that kind, for messages: 饮水安全工程
    about: str = ""  # what the row is about, when nothing in the form speaks of it: 猪养殖


class _Index:
    def __init__(self, kinds: tuple[Kind, ...]):
        self.kinds = {k.id: k for k in kinds}
        self.cue_kinds: dict[str, list[str]] = defaultdict(list)
        self.term_kinds: dict[str, list[str]] = defaultdict(list)
        for kind in kinds:
            for cue in kind.cues:
                self.cue_kinds[cue].append(kind.id)
            for term in kind.terms:
                self.term_kinds[term].append(kind.id)
        self.cue_re = _alternation(self.cue_kinds)
        self.term_re = _alternation(self.term_kinds)
        # Each kind's bigram profile: its library rows' names, its terms and cues.
        profiles: dict[str, Counter] = defaultdict(Counter)
        for row in load_library():
            profiles[row.kind].update(bigrams(row.name))
        for kind in kinds:
            for word in kind.terms + kind.cues:
                profiles[kind.id].update(bigrams(word))
        self.profiles = {k: set(c) for k, c in profiles.items()}
        df = Counter(b for grams in self.profiles.values() for b in grams)
        total = max(len(self.profiles), 1)
        self.idf = {b: math.log(1 + total / n) for b, n in df.items()}
        self.max_idf = math.log(1 + total)
        # the kinds whose rows use a bigram, their explanations included (逾期, 提供, 集体 …: words rows are written
        # with, which the rows' names alone seldom show)
        written: dict[str, set] = defaultdict(set)
        for row in load_library():
            written[row.kind] |= bigrams(row.name) | bigrams(row.explanation)
        for kind, grams in self.profiles.items():
            written[kind] |= grams
        self.spread = Counter(b for grams in written.values() for b in grams)
        self.generic = frozenset(b for b, n in df.items() if n >= GENERIC_KINDS) | GENERIC_BIGRAMS
        self.generic_re = _alternation(GENERIC_WORDS)

    def weight(self, gram: str) -> float:
        return self.idf.get(gram, self.max_idf)


def _alternation(words) -> re.Pattern | None:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(load_kinds())


@lru_cache(maxsize=4096)
def _cue_scores(text: str) -> tuple[tuple[str, float], ...]:
    index = _index()
    scores: Counter = Counter()
    if index.cue_re is not None:
        for match in index.cue_re.finditer(text):
            for kind in index.cue_kinds[match.group(0)]:
                not_cues = index.kinds[kind].not_cues
                if not_cues and unsaid(text, not_cues)[match.start():match.end()] != match.group(0):
                    continue  # 购置 inside 购置补贴
                scores[kind] += len(match.group(0))
    return tuple(scores.most_common())


def project_kinds(name: str, text: str = "") -> tuple[str, ...]:
    """The kinds a project is of, best first: cues in its name weigh double those in its description. A second
    kind counts only when its name names it too (a 食品安全 project that mentions 宣传 is no 宣传 project).
    A name that says what the project is but names no kind is not overruled by what its description mentions:
    a kind read from the description alone must share a word of the name's own (农村公路日常养护 → 公路养护; the
    绿化 and 路灯 of a 老旧小区改造, the 宣传 of a 征兵工作 are parts of the work, not its kind)."""
    named = dict(_cue_scores(name or ""))
    scores: Counter = Counter({kind: 2 * score for kind, score in named.items()})
    own = set(content(name)[0]) if name and not named else set()
    profiles = _index().profiles
    for kind, score in _cue_scores(text or ""):
        if kind in named or not own or own & profiles.get(kind, set()):
            scores[kind] += score
    if not scores:
        return ()
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best = ranked[0][1]
    return (ranked[0][0],) + tuple(k for k, s in ranked[1:] if s >= KIND_SHARE * best and k in named)


def project(name: str, text: str = "", kinds: tuple[str, ...] | None = None) -> Project:
    words = f"{name} {text}".strip()
    return Project(words, project_kinds(name, text) if kinds is None else kinds)


@lru_cache(maxsize=1024)
def _topic_grams(text: str) -> frozenset[str]:
    """The content bigrams of a brief, clause by clause (no bigram across a number or a comma), without the words of
    dates and money (年度, 月底, 万元) that every brief has."""
    return frozenset(g for part in re.split(r"[^\u4e00-\u9fa5]+", text) if len(part) >= 2
                     for g in content(part)[0] if not re.search(r"[年月日元]", g))


def kind_support(text: str, kind: str) -> float:
    """How much of what a text is about a kind's rows speak of: the share of its content bigrams (the generic
    indicator vocabulary taken out) that the kind's library rows, terms and cues use."""
    grams = _topic_grams(text)
    profile = _index().profiles.get(kind, set())
    return sum(g in profile for g in grams) / len(grams) if grams else 0.0


def said(name: str, text: str) -> bool:
    """A row in a text's own words: most of its weight (``OWN_WORDS``) and every word of what it is about (its content
    bigrams) are in the text."""
    return own_words(name, text) >= OWN_WORDS and all(g in text for g in content(name)[0])


def brief_project(name: str, text: str = "") -> Project:
    """A brief's project: its kinds are those its words name (``project_kinds``) and that its words are about. A
    kind read from one word of a brief whose other words its rows never use is a neighbour, not the project's
    kind (病媒生物防制 names 病媒, a word of 园林绿化/市政维护's cues, and says nothing else that kind's rows say): the
    brief is then drafted as a project of no known kind, from its own words and its way of spending, and borrows
    nothing of the neighbour's. A kind of activity (购置, 培训 …) speaks of how, not of what: it is not asked."""
    words = f"{name} {text}".strip()
    index = _index()
    kinds = tuple(k for k in project_kinds(name, text)
                  if (k in index.kinds and index.kinds[k].activity) or kind_support(words, k) >= KIND_SUPPORT)
    return Project(words, kinds)


@lru_cache(maxsize=65536)
def row_kind(name: str) -> RowKind:
    """The kind a 三级 name belongs to: a distinctive term decides; else its bigram profile, if clear."""
    index = _index()
    if index.term_re is not None:
        terms = [m.group(0) for m in index.term_re.finditer(name)]
        if terms:
            term = max(terms, key=len)
            return RowKind(index.term_kinds[term][0], 1.0, term)
    if "满意" in name or _COMMON_ROW.search(name):  # satisfaction and cost rows are any project's, unless a
        return RowKind(None, 0.0)  # distinctive term names their kind
    grams = bigrams(name)
    total = sum(index.weight(g) for g in grams)
    if not total:
        return RowKind(None, 0.0)
    scores = sorted(((sum(index.weight(g) for g in grams if g in profile) / total, kind)
                     for kind, profile in index.profiles.items()), reverse=True)
    best_score, best_kind = scores[0] if scores else (0.0, None)
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best_score >= ROW_KIND_SCORE and best_score - runner_up >= ROW_KIND_MARGIN:
        return RowKind(best_kind, round(best_score, 4))
    return RowKind(None, round(best_score, 4))


def unmentioned_kind_words(name: str, subject: Project) -> list[str]:
    """Words that name a project of the project's own kinds (their cues) that a row names and the project never does:
    a 免疫规划 project is 公共卫生, but "2型糖尿病患者规范管理率" is another 公共卫生 project's row; a 阅读推广
    project is 文化活动, but "博物馆…完成率" is a museum's."""
    index = _index()
    found = []
    if index.cue_re is None:
        return found
    for match in index.cue_re.finditer(name):
        word = match.group(0)
        if any(k in subject.kinds for k in index.cue_kinds[word]) and word not in subject.text:
            found.append(word)
    return found


@lru_cache(maxsize=65536)
def _profile_cover(name: str, kind: str) -> float:
    index = _index()
    grams = bigrams(name)
    total = sum(index.weight(g) for g in grams)
    profile = index.profiles.get(kind, set())
    return sum(index.weight(g) for g in grams if g in profile) / total if total else 0.0


def kind_fit(name: str, kinds: tuple[str, ...]) -> float:
    """How typical a row is of the project's own kinds: the share of its weighted bigrams their rows use."""
    return max((_profile_cover(name, kind) for kind in kinds), default=0.0)


@lru_cache(maxsize=65536)
def _weighted(name: str) -> tuple[tuple[tuple[str, float], ...], float]:
    index = _index()
    grams = tuple((g, index.weight(g)) for g in bigrams(name))
    return grams, sum(w for _, w in grams)


def own_words(name: str, text: str) -> float:
    """How much of a row's weighted bigrams appear in the project's text (0–1)."""
    grams, total = _weighted(name)
    if not total:
        return 0.0
    return sum(w for g, w in grams if g in text) / total


@lru_cache(maxsize=65536)
def content(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What a row is about once the generic vocabulary is taken out: its content bigrams (none touching a generic
    word or bigram: 猪养殖数量 → 猪养, 养殖; 项目实施时间 → 实施), every bigram that is not itself generic (a
    compound such as 社会保障 keeps 会保, so a row shares it with a 人力资源和社会保障局 form), and the runs of
    content text (猪养殖; 参加技能, 享受)."""
    index = _index()
    text = normalize(name)
    generic = [False] * len(text)
    if index.generic_re is not None:
        for match in index.generic_re.finditer(text):
            generic[match.start():match.end()] = [True] * (match.end() - match.start())
    for i in range(len(text) - 1):
        if text[i: i + 2] in index.generic:
            generic[i] = generic[i + 1] = True
    pairs = [(text[i: i + 2], generic[i] or generic[i + 1]) for i in range(len(text) - 1)]
    grams = tuple(dict.fromkeys(g for g, touched in pairs if not touched))
    words = tuple(dict.fromkeys(g for g, _ in pairs if g not in index.generic and not (
        index.generic_re is not None and index.generic_re.fullmatch(g))))
    runs = re.findall(r"[^\x00]{2,}", "".join("\x00" if g else c for c, g in zip(text, generic)))
    return grams, words, tuple(runs)


def used_elsewhere(gram: str, row: str) -> int:
    """How many library kinds (their rows' names and explanations, terms, cues) and shipped precedent forms use a
    bigram, not counting the forms the row itself is a row of (a form's own words are no evidence that they are
    common): 各项 is the language of many forms, 就学 and 修理 are one form's subject each."""
    forms, rows = written_forms()
    users = forms.get(gram, frozenset())
    if users and row in rows:
        users = users - rows[row]
    return _index().spread.get(gram, 0) + len(users)


@lru_cache(maxsize=65536)
def _novelty(name: str, text: str, table: str, kinds: tuple[str, ...]) -> str:
    grams, words, runs = content(name)
    if not grams:
        return ""
    index = _index()
    profiles = [index.profiles.get(k, set()) for k in kinds]
    if any(g in text or g in table or any(g in p for p in profiles) for g in words):
        return ""
    if len(grams) < NOVEL_MIN:
        # One content bigram is thin evidence (逾期发放率, 领取补助人数 are rows of their own forms): it convicts
        # only when no kind and no other precedent form uses it (就学补助及时发放率) and none of its characters
        # is in the project's text (修理 in a form that 维修s).
        gram = grams[0]
        if used_elsewhere(gram, name) or any(c in text for c in gram):
            return ""
    return "、".join(sorted(runs, key=len, reverse=True)[:3])


def novel(name: str, subject: Project) -> str:
    """A row's own subject when nothing the project is written in speaks of it — not its name, unit or goal texts,
    not the rest of its table (even a table of rows without names: ``subject.table`` is "" then, not None), not
    the rows of its kinds — else "". A reviewer reads such a row as another project's ("猪养殖数量" in a
    school-building form) whatever the vocabulary knows of its kind. The row needs a subject of its own: at least
    ``NOVEL_MIN`` content bigrams, or one no kind and no other precedent form uses; and not one of its words may
    occur in the form. Only for a filed form: against a short brief alone (``subject.table`` None), a row sharing
    no word says little; satisfaction and cost rows are any project's."""
    if subject.table is None or "满意" in name or _COMMON_ROW.search(name):
        return ""
    return _novelty(name, subject.text, subject.table, subject.kinds)


def judge(name: str, subject: Project) -> Relevance:
    """How a reviewer reads one row against the project it is filed under."""
    own = row_kind(name)
    label = _index().kinds[own.kind].label if own.kind in _index().kinds else ""
    owners = set(_index().term_kinds.get(own.term, ())) | ({own.kind} if own.kind else set())
    if owners & set(subject.kinds):  # a term two kinds share (冷链, 道路硬化) is the project's when one is its kind
        return Relevance(1.0, False, own.kind, label)
    overlap = max(own_words(name, subject.words), kind_fit(name, subject.kinds))
    if overlap >= OWN_WORDS:
        return Relevance(round(overlap, 4), False, own.kind, label)
    if own.term and own.term in subject.words:
        return Relevance(0.6, False, own.kind, label)
    if own.kind is None:  # common words, or a kind the vocabulary does not know: foreign only if nothing in the
        about = novel(name, subject)  # form speaks of what it is about
        return Relevance(round(overlap if about else max(overlap, 0.5), 4), bool(about), None, "", about)
    sector = _index().kinds[own.kind].sector if own.kind in _index().kinds else ""
    # A row of a sibling kind of the project's own sector (疫苗 and 传染病 rows in 卫生健康) is not foreign, nor is
    # one of a 综合 kind (宣传, 招商 …: an activity many projects include) — unless nothing in the form speaks of
    # what it is about. Otherwise a distinctive term the project never uses convicts (饮水 in a 助餐 form);
    # without one, a row that reads exactly like another sector's rows, or one the form never speaks of.
    if sector == COMMON_SECTOR or (subject.kinds and sector in subject.sectors):
        about = novel(name, subject)
        return Relevance(round(overlap, 4), bool(about), own.kind, label, about)
    foreign = bool(own.term) or (bool(subject.kinds) and own.score >= PROFILE_FOREIGN)
    about = "" if foreign else novel(name, subject)
    return Relevance(round(overlap, 4), foreign or bool(about), own.kind, label, about)


# ---- forms ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForeignRow:
    table: str  # annual | long_term
    index: int  # 0-based
    name: str
    seems_kind: str  # display label, e.g. 饮水安全工程
    score: float


def form_subject(form) -> Project:
    """A filed form's project: its name, unit and goal texts; its kinds from those words, or, when they name
    none, the kind most of its own rows share (a table of 饮水 rows is a 饮水 project)."""
    project_info = form.project
    text = " ".join(p for p in (project_info.name, project_info.unit or "", form.goals.long_term,
                                form.goals.annual) if p)
    kinds = project_kinds(project_info.name, text)
    if not kinds:
        counts = Counter(row_kind(r.name).kind for r in form.annual_indicators or form.long_term_indicators)
        counts.pop(None, None)
        rows = len(form.annual_indicators or form.long_term_indicators) or 1
        kinds = tuple(k for k, n in counts.most_common() if n >= 2 and n / rows >= 0.25)
    return Project(text, kinds)


def foreign_rows(form) -> list[ForeignRow]:
    """Rows of both tables that belong to another kind of project than the form's."""
    subject = form_subject(form)
    found = []
    for table, rows in form.tables():
        for index, row in enumerate(rows):
            verdict = judge(row.name, subject)
            if verdict.foreign:
                found.append(ForeignRow(table, index, row.name, verdict.seems, verdict.score))
    return found
