"""Facts the rules share: how a row is read, goal-text quantities, name matching, money.

Everything here is a pure helper; the rules in the concern modules decide what is wrong.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from assistant import taxonomy, textsim
from assistant.schema import TABLE_TITLES, Indicator, PerformanceForm
from assistant.validation.registry import Context

L1_COST, L1_OUTPUT, L1_BENEFIT, L1_SAT = (taxonomy.L1_COST, taxonomy.L1_OUTPUT, taxonomy.L1_BENEFIT,
                                         taxonomy.L1_SATISFACTION)
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"
COST_L2 = ("成本指标", "经济成本指标")  # local 产出/成本指标, 101号 成本/经济成本指标

GOAL_LABELS = {"annual": "年度绩效目标", "long_term": "长期绩效目标"}

# Marks a transcriber left where the source was unreadable or not shown: the data is unknown, so
# value rules stay silent rather than guess ("[缺]", "（原文如此）", "疑为…", "xlsx数值" …).
_UNKNOWN = re.compile(r"\[缺\]|\[分项\]|原文|疑为|打码|xlsx数值|[（(]略")


@lru_cache(maxsize=65536)  # pure string functions below are cached: a form's cells are read by many rules
def unknown(text: str) -> bool:
    return bool(text) and _UNKNOWN.search(text) is not None


def truncated(rows: list[Indicator]) -> bool:
    """A table whose last row is marked unreadable was cut off: what is "missing" may just be unseen."""
    return bool(rows) and (unknown(rows[-1].name) or unknown(rows[-1].raw_value) or unknown(rows[-1].value))


def value_like(name: str) -> bool:
    """A 三级 cell that holds a value ("%=99百分比", "≥95%") rather than a name: the columns slipped."""
    text = nfkc(name)
    return bool(re.match(r"^[%≥≤=<>]", text) or re.fullmatch(r"\d+(\.\d+)?\s*(%|百分比)?", text))


@lru_cache(maxsize=65536)
def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def rows(form: PerformanceForm) -> Iterator[tuple[str, int, Indicator]]:
    """Every row of both tables as (table, 0-based index, row), long-term table first."""
    for table, indicators in form.tables():
        for index, row in enumerate(indicators):
            yield table, index, row


_normal_level1 = lru_cache(maxsize=4096)(taxonomy.normalize_level1)
_normal_level2 = lru_cache(maxsize=4096)(taxonomy.normalize_level2)


def level1(row: Indicator) -> str:
    return _normal_level1(row.level1)


def level2(row: Indicator) -> str:
    return _normal_level2(row.level2) if row.level2 else ""


def quote(row: Indicator) -> str:
    """“三级名称”（指标值） as reviewers quote a row."""
    name = row.name.strip() or "（未填三级指标）"
    value = row.raw_value.strip() or taxonomy.compose_value(row.operator, row.value, row.unit) or "空"
    return f"“{name}”（{value}）"


def where(table: str, index: int) -> str:
    return f"{TABLE_TITLES[table]}第{index + 1}行"


def number(row: Indicator) -> float | None:
    """The row's value as a finite number; None for 定性, prose, placeholders, "nan"/"inf"."""
    if row.operator == "定性":
        return None
    value = _to_number(row.value)
    return value if value is not None and math.isfinite(value) else None


_to_number = lru_cache(maxsize=65536)(taxonomy.to_number)


def is_cost_row(row: Indicator) -> bool:
    """经济成本 rows: 成本指标/经济成本指标 (101号) or 产出指标/成本指标 (local)."""
    l2 = level2(row)
    return l2 in COST_L2 or (level1(row) == L1_COST and not l2)


def is_satisfaction_row(row: Indicator) -> bool:
    return level1(row) == L1_SAT


def is_rate_name(name: str) -> bool:
    """Names measured in %: …率, …比例, …满意度."""
    core = re.sub(r"[（(][^)）]*[)）]$", "", nfkc(name))
    return bool(re.search(r"(率|比例|比率|占比|满意度)$", core))


_DATE = re.compile(r"(20\d{2})\s*[年.\-/]\s*(\d{1,2})?")


# A deadline as written: "2026年12月31日", "2026年第一季度", "2026年6月底", or a full numeric date
# "2026.12.31" / "2026-12-31" / "2026/12/31" (a bare "2026.5" stays a number: it may be 万元).
_DEADLINE_START = re.compile(r"^(20\d{2})\s*(?:年|[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2})")


def date_year(value: str) -> int | None:
    """The year of a deadline value such as "2026年12月31日" or "2026.12.31"; None when it is not one date."""
    text = nfkc(value)
    found = re.findall(r"20\d{2}", text)
    if len(set(found)) != 1 or not _DEADLINE_START.match(text):
        return None
    return int(found[0])


def deadline_text(row: Indicator) -> str:
    """The written date of a row: the importer splits "2026年第一季度" into value 2026 and unit 年第一季度."""
    return f"{row.value}{row.unit}" if row.unit.startswith("年") and re.fullmatch(r"20\d{2}", row.value.strip()) else row.value


def is_date_value(value: str) -> bool:
    """"2026年…", "2026.12.31", "2020.1.1-2020.12": a year first (19xx/20xx), not "1077-1346" (a range)."""
    return bool(re.match(r"^(19|20)\d{2}\s*[年.\-/]", nfkc(value)))


# ---- units -----------------------------------------------------------------------------------

_PEOPLE = {"人", "人次", "名", "人/次", "位"}
_COUNT = set(taxonomy.UNITS["count"]) | {"只", "头", "株", "间", "棵", "盏", "本", "块", "起", "宗", "单"}
_MEASURE_ALIASES = {"千米": "公里", "千克": "公斤"}


def unit_kind(unit: str) -> str:
    unit = nfkc(unit)
    if unit in _PEOPLE:
        return "people"
    if unit == "户":
        return "household"
    if unit in _COUNT:
        return "count"
    if unit == "%":
        return "rate"
    return _MEASURE_ALIASES.get(unit, unit)


def units_compatible(a: str, b: str) -> bool:
    """Same kind of quantity: 人 ~ 人次, 批次 ~ 次 (both counts), 千米 ~ 公里; a blank unit fits anything."""
    if not a or not b:
        return True
    return unit_kind(_base_unit(a)[0]) == unit_kind(_base_unit(b)[0])


def _base_unit(unit: str) -> tuple[str, float]:
    """"万人" → ("人", 10000): a 万 prefix on a non-money unit scales the number."""
    unit = nfkc(unit)
    if unit.startswith("万") and len(unit) > 1 and unit != "万元":
        return unit[1:], 10000.0
    return unit, 1.0


def scaled(value: float, unit: str) -> float:
    return value * _base_unit(unit)[1]


# ---- goal-text quantities --------------------------------------------------------------------

_GOAL_UNITS = sorted(_PEOPLE | {"户"} | _COUNT | {"公里", "千米", "米", "亩", "平方米", "立方米", "公斤", "千克",
                                                 "吨", "万亩", "万平方米", "%"}, key=len, reverse=True)
_GOAL_QTY = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*(" + "|".join(map(re.escape, _GOAL_UNITS)) + r")")
_LABEL_STOP = re.compile(r"[，,。；;：:、\n（）()“”\"!！?？]")
_LABEL_FILLER = re.compile(r"^(年度|全年|本年度|本年|当年|共计|共|完成|开展|计划|累计|预计|其中|约|为|对|实现|新增)+"
                           r"|(达到|不低于|不少于|至少|超过|以上|为|达|约|共|计)+$")


_ASIDE = re.compile(r"[（(][^（()）]{1,8}[)）]")


@dataclass(frozen=True)
class GoalQuantity:
    label: str  # the words before the number: "职业技能培训"
    number: float  # scaled: "1.2万人" → 12000
    unit: str  # "人"
    text: str  # as written: "职业技能培训488人"


def goal_quantities(text: str) -> list[GoalQuantity]:
    """Numbers with a unit stated in a goal text, each with the words that say what is counted.

    Short asides in brackets ("补助村(社区)22个", "(含监测对象)") are dropped first: they are part of the name, not
    a clause boundary.
    """
    text = _ASIDE.sub("", nfkc(text))
    found = []
    for match in _GOAL_QTY.finditer(text):
        start, end = match.span()
        after = text[end:end + 1]
        before = text[start - 1:start] if start else ""
        if after in ("/", "月", "年", "元") or text.startswith(("工作日", "小时"), end) or before in ("第", "/", "-", ".") \
                or re.match(r"[\d.]", before):
            continue  # 元/人, 6个月, 5个工作日, 第2次, dates and parts of other numbers are not quantities
        head = _LABEL_STOP.split(text[max(0, start - 30):start])[-1]
        tail = _LABEL_STOP.split(text[end:end + 16])[0]  # "5个标准档案库房": the counted thing may follow
        label = (_LABEL_FILLER.sub("", head.strip()) or head.strip()) + tail.strip()
        value = float(match.group(1)) * (10000 if match.group(2) else 1)
        if not math.isfinite(value):
            continue
        found.append(GoalQuantity(label, value, match.group(3), f"{head.strip()}{text[start:end]}{tail.strip()}"))
    return found


def table_goal(form: PerformanceForm, table: str) -> str:
    """The goal text a table answers to (年度表 ↔ 年度绩效目标, 长期表 ↔ 长期绩效目标); "" when unknown."""
    text = form.goals.annual if table == "annual" else form.goals.long_term
    return "" if unknown(text) else text


def cached_goal_quantities(form: PerformanceForm, ctx: Context, table: str) -> list[GoalQuantity]:
    return ctx.cached(("goal_qty", table), lambda: goal_quantities(table_goal(form, table)))


# ---- name matching (assistant.textsim is the one home of bigram similarity) -------------------

bigrams, shared, coverage = textsim.content_bigrams, textsim.shared, textsim.coverage


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A row name reduced for duplicate detection: no spaces, punctuation, stars or 指标N: prefixes."""
    text = re.sub(r"^[★*\s]*指标\d+\s*[:：]", "", nfkc(name))  # "★指标1:…" is "指标1:…" starred
    return re.sub(r"[\s\W_★]+", "", text)


def fmt(value: float) -> str:
    """15 → "15", 180.88 → "180.88", 0.123456 → "0.1235"."""
    if not math.isfinite(value):
        return str(value)
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
