"""Money amounts in 万元: the one parser for budgets and costs, used by every importer and the taxonomy.

Budget tables state money in 万元, but cells and sentences arrive as "80000元", "8万", "1.2亿元",
"80,000.00 元" or a bare "26" under a "项目预算（万元）" label. Everything converts here:

    parse_money("80000元")                 -> Money(wan=8.0, unit="元", amount=80000.0, text="80000元")
    parse_money("26")                      -> Money(wan=26.0, unit="", …)      (no unit: the default, 万元)
    parse_money("26", default_unit="元")   -> Money(wan=0.0026, unit="", …)    (e.g. under a "（元）" label)
    parse_money("￥80,000")                -> Money(wan=8.0, unit="元", …)      (a yuan sign)
    parse_money("800元/人")                -> None                             (a per-head standard, not a total)
    money_wan("预算数(A) 30")              -> 30.0
    to_wan(5, "亿元")                      -> 50000.0
    label_unit("预算金额（元）")            -> "元"

``Money.unit`` is the unit as written ("" when the cell had none), so a caller can tell "26" from "26万元".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# 万元 per unit. "万" alone is how budgets abbreviate 万元 ("预算26万").
WAN_PER_UNIT = {"元": 1e-4, "千元": 0.1, "万元": 1.0, "万": 1.0, "百万元": 100.0, "亿元": 1e4, "亿": 1e4}
DEFAULT_UNIT = "万元"

_UNITS = "|".join(sorted(WAN_PER_UNIT, key=len, reverse=True))
# An amount ("80,000.00"), then optionally a money unit that is not a rate ("元/人", "元每人") nor the start
# of a counted quantity ("3万人次", "120万平方米": 万 followed by another unit word is not money).
_AMOUNT = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(" + _UNITS + r")?(?!\s*[/每])")
_NOT_MONEY_AFTER_WAN = re.compile(r"^[\u4e00-\u9fff]")  # 万 followed by 人/平方米/亩…: a count
_NOTE = re.compile(r"[（(][A-Za-z][)）]")  # "预算数(A)": a column letter, not an amount
_LABEL_UNIT = re.compile(r"[（(]\s*(" + _UNITS + r")\s*[)）]")


@dataclass(frozen=True)
class Money:
    wan: float  # the amount in 万元
    unit: str  # the unit as written: 元 (also for a ¥ sign) | 千元 | 万元 | 万 | 百万元 | 亿元 | 亿 | "" (none: default_unit)
    amount: float  # the number as written, in that unit
    text: str  # the matched text, e.g. "80,000元"


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def to_wan(amount: float, unit: str) -> float | None:
    """Convert ``amount`` in ``unit`` to 万元; None when the unit is not a total of money (元/人, 人, %)."""
    factor = WAN_PER_UNIT.get(_normalized(unit).strip())
    return None if factor is None else amount * factor


def parse_money(text: str, default_unit: str = DEFAULT_UNIT) -> Money | None:
    """The first money amount in ``text``, converted to 万元; None when there is none.

    An amount without a unit is in ``default_unit`` (万元, the unit budget tables use; pass the unit of a
    column label such as "预算金额（元）", see label_unit). Rates ("800元/人") and counts ("3万人次") are
    skipped: they are not amounts of money.
    """
    source = _NOTE.sub(" ", _normalized(text))
    for match in _AMOUNT.finditer(source):
        unit = match.group(2) or ""
        if unit in ("万", "亿") and _NOT_MONEY_AFTER_WAN.match(source[match.end():]):
            continue
        if not unit and re.match(r"[\u4e00-\u9fff%‰]", source[match.end():]):
            continue  # "2024年", "3期", "95%": a number of something else
        if not unit and source[:match.start()].rstrip().endswith("¥"):
            unit = "元"  # "¥80,000" / "￥80000" (NFKC makes both ¥): yuan
        amount = float(match.group(1).replace(",", ""))
        wan = to_wan(amount, unit or default_unit)
        if wan is None:
            return None
        return Money(round(wan, 10), unit, amount, match.group(0).strip())
    return None


def money_wan(text: str, default_unit: str = DEFAULT_UNIT) -> float | None:
    """parse_money(...).wan, or None."""
    money = parse_money(text, default_unit)
    return None if money is None else money.wan


def label_unit(label: str) -> str | None:
    """The unit a label states for its values: "项目预算（万元）" → "万元", "预算金额(元)" → "元"; None if none."""
    match = _LABEL_UNIT.search(_normalized(label))
    return match.group(1) if match else None
