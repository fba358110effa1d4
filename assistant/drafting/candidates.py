"""Candidate rows for a 二级 slot: from precedents and the indicator library, screened as a reviewer would.

A candidate is a row someone else wrote (an approved precedent or the library) that the composer may
reuse with its customary value. Rows carrying the defects reviewers send back — vague words, inputs
posing as outputs, unit-less numbers, ≥100%, 满意度 =100% — are never reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import taxonomy
from assistant.drafting.context import DraftingContext, library_source
from assistant.schema import Indicator
from assistant.textsim import dice
from assistant.validation.wording import vague_words

# Inputs and process are not performance (资金到位率, 预算执行率 …); vague words make a row unmeasurable.
INPUT_WORDS = ("到位率", "执行率", "拨付率", "支出率", "结余率", "足额保障", "制度", "合规性", "成本控制率", "调整次数")
_MARKED = re.compile(r"[★*＊XＸ]|\[|（原文|\(原文")
# 定性 values must be graded wording a reviewer can score (达到预期目标 / 优良中差 / 好较好一般较差 / 是否).
GRADED_VALUES = ("达到预期目标", "优", "良", "优良", "优秀", "好", "较好", "是", "达标", "合格", "无", "零")
# A 三级 name ends in what is measured: a rate, a count, a time, a cost …
MEASURE_SUFFIX = re.compile(
    r"(率|数|量|度|人次|时间|时限|成本|标准|费用|面积|里程|长度|年限|比例|覆盖面|指数|天数|周期|金额|额|次|期|场|项|个)$"
)


@dataclass
class Candidate:
    indicator: Indicator  # already in the draft's framework, with sources
    score: float
    origin: str  # "precedent" | "library"
    same_sector: bool = False  # from a precedent or library row of the brief's own 所属领域
    fits: bool = True  # False: a library row of another kind of project than the one the brief names


def is_reusable(row: Indicator) -> bool:
    """Would a reviewer accept this row as written? (measurable, not an input, not vague, no placeholders)."""
    name, value = row.name, row.value
    if not name or len(name) > 24 or _MARKED.search(name + row.raw_value):
        return False
    if any(word in name for word in INPUT_WORDS) or vague_words(f"{name} {value}"):
        return False
    if row.operator == "":
        return False
    if not MEASURE_SUFFIX.search(name):
        return False
    if row.operator == "定性":
        return value in GRADED_VALUES
    if row.number is None or not row.unit:
        return False
    if row.unit == "%" and (row.number > 100 or (row.number == 100 and row.operator in ("≥", ">"))):
        return False
    if "满意" in name and (row.number >= 100 or row.number < 80 or row.operator not in ("≥", ">")):
        return False
    if taxonomy.is_reverse(name) and row.operator in ("≥", ">"):
        return False
    return True


def slot_candidates(context: DraftingContext, level1: str, level2: str, query: str) -> list[Candidate]:
    """Reusable rows for one 一级/二级 slot of the draft's framework, best first (deterministic order)."""
    found: dict[str, Candidate] = {}
    for row in context.precedent_rows():
        indicator = _into_framework(row.indicator, context.framework)
        if (indicator.level1, indicator.level2) != (level1, level2) or not is_reusable(indicator):
            continue
        # A precedent of the same sector is the strongest evidence; another sector's rows rank below the library.
        same_sector = bool(row.sector) and row.sector == context.brief.sector
        score = 0.5 * row.weight + dice(indicator.name, query) + (0.4 if same_sector else 0.0)
        candidate = Candidate(indicator.model_copy(update={"sources": [row.source], "basis": "历史标准"}), score, "precedent",
                              same_sector)
        _keep_best(found, candidate)
    named_kinds = {lib.kind for lib in context.library if lib.named_in(context.brief.name)}
    for lib in context.library:
        indicator = lib.to_indicator(context.framework)
        if (indicator.level1, indicator.level2) != (level1, level2) or not is_reusable(indicator):
            continue
        indicator = indicator.model_copy(update={"sources": [library_source(lib.id)]})
        same_sector = lib.sector == context.brief.sector
        score = dice(indicator.name, query) + (0.3 if same_sector else 0.1) + _kind_bonus(lib, named_kinds, query)
        fits = not named_kinds or lib.kind in named_kinds
        _keep_best(found, Candidate(indicator, score, "library", same_sector or lib.kind in named_kinds, fits))
    return sorted(found.values(), key=lambda c: (-c.score, c.indicator.name))


def _kind_bonus(lib, named_kinds: set[str], query: str) -> float:
    """The kind of project the brief names decides among a sector's library rows: a 物业 project takes the
    物业 rows, not the 会议 rows of the same 机关运行 sector. Named in the project name weighs most."""
    if lib.kind in named_kinds:
        return 0.3
    if lib.named_in(query):
        return 0.2
    return -0.3 if named_kinds else 0.0


def _keep_best(found: dict[str, Candidate], candidate: Candidate) -> None:
    key = candidate.indicator.name
    if key in found:
        kept = found[key]
        merged = sorted(set(kept.indicator.sources) | set(candidate.indicator.sources))
        best = kept if kept.score >= candidate.score else candidate
        best.same_sector = kept.same_sector or candidate.same_sector
        best.fits = kept.fits or candidate.fits
        best.indicator = best.indicator.model_copy(update={"sources": merged})
        best.score = max(kept.score, candidate.score) + 0.15  # a row several sources agree on ranks higher
        found[key] = best
    else:
        found[key] = candidate


def _into_framework(row: Indicator, framework: str) -> Indicator:
    """Move a precedent row into the draft's framework: 成本 is a 一级 in 101号, a 二级 of 产出 locally."""
    level1, level2 = row.level1, row.level2
    if framework == taxonomy.FRAMEWORK_LOCAL and level1 == taxonomy.L1_COST:
        level1, level2 = taxonomy.L1_OUTPUT, "成本指标"
    elif framework == taxonomy.FRAMEWORK_101 and level2 == "成本指标":
        level1, level2 = taxonomy.L1_COST, "经济成本指标"
    return row.model_copy(update={"level1": level1, "level2": level2})
