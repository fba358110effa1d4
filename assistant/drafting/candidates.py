"""Candidate rows for a 二级 slot: from precedents and the indicator library, screened as a reviewer would.

A candidate is a row someone else wrote (an approved precedent or the library) that the composer may
reuse with its customary value. Rows carrying the defects reviewers send back — vague words, inputs
posing as outputs, unit-less numbers, ≥100%, 满意度 =100% — are never reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import relevance, taxonomy
from assistant.drafting.context import DraftingContext, library_source
from assistant.library import is_common
from assistant.schema import Indicator
from assistant.textsim import dice
from assistant.validation.classification import is_input
from assistant.validation.vocabulary import is_graded, vague_words

_MARKED = re.compile(r"[★*＊XＸ]|\[|（原文|\(原文")
# A 三级 name ends in what is measured: a rate, a count, a time, a cost …
MEASURE_SUFFIX = re.compile(
    r"(率|数|量|度|人次|时间|时限|成本|标准|费用|面积|里程|长度|年限|比例|覆盖面|指数|天数|周期|金额|额|次|期|场|项|个)$"
)


@dataclass
class Candidate:
    indicator: Indicator  # already in the draft's framework, with sources
    score: float
    origin: str  # "precedent" | "library" | "common" (a 共性 row of the way of spending)


def is_reusable(row: Indicator) -> bool:
    """Would a reviewer accept this row as written? (measurable, not an input, not vague, no placeholders)."""
    name, value = row.name, row.value
    if not name or len(name) > 24 or _MARKED.search(name + row.raw_value):
        return False
    if is_input(name) or vague_words(f"{name} {value}"):
        return False
    if row.operator == "":
        return False
    if not MEASURE_SUFFIX.search(name):
        return False
    if row.operator == "定性":  # graded wording a reviewer can score; a satisfaction rate is a percentage
        # "对…的改善程度 程度较高": a degree nobody can measure at year end is not reused
        return is_graded(value) and "满意" not in name and not name.endswith("程度")
    if row.number is None or not row.unit or "百分比" in row.raw_value:
        return False
    if row.unit == "%" and (row.number > 100 or (row.number == 100 and row.operator in ("≥", ">"))):
        return False
    if "满意" in name and (row.number >= 100 or row.number < 80 or row.operator not in ("≥", ">")):
        return False
    if taxonomy.is_reverse(name) and row.operator in ("≥", ">"):
        return False
    return True


SCALE_UNITS = ("%", "‰", "年", "天", "日", "小时", "分钟", "个工作日", "工作日", "个月", "")


def scale_free(row: Indicator) -> bool:
    """A borrowed row's value must not depend on the project's size: 覆盖率 ≥80% travels between projects,
    受益老年人数 ≥500人 does not (only the user's own numbers say how many); an event held at zero travels."""
    if row.level2 in ("数量指标",) or row.operator == "定性":
        return True
    return row.unit in SCALE_UNITS or (row.number == 0 and row.operator in ("≤", "<", "="))


# Building work (改造, 竣工, 施工 …): a row that measures it belongs to a project that builds, and a kind's library holds
# both (农村改厕 builds toilets, its 后续管护 empties them): it is reused only where the brief speaks of building.
_BUILDING = re.compile(r"改造|改建|竣工|施工|新建|重建|扩建|建设|建成|工程|修缮|加固|维修")


# A design life (工程设计使用年限 ≥20年) is what new work is built to last; repairs and upkeep are not designed.
_DESIGN_LIFE = re.compile(r"设计使用年限|设计年限")
_NEW_WORK = re.compile(r"新建|建设|建成|扩建|重建|改建|新打|新修|新增")


def builds_unsaid(name: str, context: DraftingContext) -> bool:
    """A row about building work (改厕竣工验收合格率, 改造户满意度) for a brief that builds nothing, or a design life
    for one that only repairs (农村饮水安全维修养护)."""
    said = f"{context.brief.name}{context.brief.description}"
    if _DESIGN_LIFE.search(name) and not _NEW_WORK.search(said):
        return True
    return bool(_BUILDING.search(name)) and not _BUILDING.search(said)


def relevant(name: str, context: DraftingContext, origin_of_kind: bool) -> bool:
    """The relevance bar (相关性): a row of a precedent of the brief's kind passes unless it reads as another kind's
    row or names a sibling project of its kind the brief never mentions; a row of no such origin must be in the
    brief's own words or typical of its kind; with no kind known, only a row in the brief's own words passes."""
    subject = context.subject
    if not subject.kinds:  # in the brief's own words: every word of what the row is about (森林火灾受害率 in a drill
        return relevance.said(name, subject.text)  # that names 森林火灾 says nothing of 受害)
    if relevance.unmentioned_kind_words(name, subject):
        return False  # a sibling project of the same kind (糖尿病 rows in a 免疫规划 draft)
    verdict = relevance.judge(name, subject)
    if origin_of_kind:  # a precedent of the brief's own kind: its rows pass unless they read as another kind's
        return not verdict.foreign
    return not verdict.foreign and verdict.score >= relevance.OWN_WORDS


def slot_candidates(context: DraftingContext, level1: str, level2: str, query: str) -> list[Candidate]:
    """Reusable, relevant rows for one 一级/二级 slot of the draft's framework, best first (deterministic order)."""
    found: dict[str, Candidate] = {}
    for row in context.precedent_rows:  # rows of precedents of the brief's kind only (gather_context)
        indicator = _into_framework(row.indicator, context.framework)
        if (indicator.level1, indicator.level2) != (level1, level2) or not is_reusable(indicator):
            continue
        if not scale_free(indicator) or not relevant(indicator.name, context, origin_of_kind=True) \
                or builds_unsaid(indicator.name, context):
            continue
        score = 0.5 * row.weight + dice(indicator.name, query) + 0.4
        basis = "行业标准" if re.search(r"使用年限|设计年限|寿命", indicator.name) else "历史标准"
        _keep_best(found, Candidate(indicator.model_copy(update={"sources": [row.source], "basis": basis}),
                                    score, "precedent"))
    kinds = set(context.subject.kinds)
    for lib in context.library:
        indicator = _into_framework(lib.to_indicator(context.framework), context.framework)
        if re.search(r"使用年限|设计年限|寿命", indicator.name):
            indicator = indicator.model_copy(update={"basis": "行业标准"})  # a service life is set by the standard
        if (indicator.level1, indicator.level2) != (level1, level2) or not is_reusable(indicator):
            continue
        if not scale_free(indicator) or builds_unsaid(indicator.name, context):
            continue
        # A library row of the brief's own kind is about this kind of project, unless it names a thing of that
        # kind the brief never mentions (a museum's row in a 阅读推广 draft).
        if is_common(lib):  # a 共性 row of the project's way of spending: about any project spent that way
            if relevance.judge(indicator.name, context.subject).foreign:
                continue
        elif lib.kind in kinds and relevance.unmentioned_kind_words(indicator.name, context.subject):
            continue
        elif lib.kind not in kinds and not relevant(indicator.name, context, origin_of_kind=False):
            continue
        indicator = indicator.model_copy(update={"sources": [library_source(lib.id)]})
        # The kind's own rows first; a 共性 row fills what they leave.
        base = 0.0 if is_common(lib) else 0.3
        score = dice(indicator.name, query) + base + 0.3 * context.library_scores.get(lib.id, 0.0)
        _keep_best(found, Candidate(indicator, score, "common" if is_common(lib) else "library"))
    return sorted(found.values(), key=lambda c: (-c.score, c.indicator.name))


def _keep_best(found: dict[str, Candidate], candidate: Candidate) -> None:
    key = candidate.indicator.name
    if key in found:
        kept = found[key]
        merged = sorted(set(kept.indicator.sources) | set(candidate.indicator.sources))
        best = kept if kept.score >= candidate.score else candidate
        best.indicator = best.indicator.model_copy(update={"sources": merged})
        best.score = max(kept.score, candidate.score) + 0.15  # a row several sources agree on ranks higher
        found[key] = best
    else:
        found[key] = candidate


def _into_framework(row: Indicator, framework: str) -> Indicator:
    level1, level2 = taxonomy.into_framework(*rehome(row.level1, row.level2, row.name), framework)
    row = row.model_copy(update={"level1": level1, "level2": level2})
    return _zero_exact(row)


def rehome(level1: str, level2: str, name: str) -> tuple[str, str]:
    """Where a reviewer puts a borrowed row whatever its source filed it under: a 知晓率 is a social effect (not a
    lasting one); an inspection pass rate (考核达标率, 验收合格率) is a standard of the work (质量), not an effect."""
    if level1 == taxonomy.L1_BENEFIT and "知晓率" in name:
        return level1, "社会效益指标"
    if level1 == taxonomy.L1_BENEFIT and re.search(r"考核达标率|验收合格率|检查合格率|抽检合格率", name):
        return taxonomy.L1_OUTPUT, "质量指标"
    return level1, level2


def _zero_exact(row: Indicator) -> Indicator:
    """An event held at zero is written =0 (安全事故发生数 =0起), as reviewers write it, not ≤0."""
    return row.with_value("=", row.value, row.unit) if row.number == 0 and row.operator in ("≤", "<") else row
