"""Chinese numerals in a brief, written in digits before it is read: 三十万元 → 30万元, 五百人 → 500人,
一千二百人 → 1200人, 每季度一次 → 每季度1次, 二〇二七年 → 2027年. A numeral is a number only before a measure; 三中 or 一线 stay words.
"""

from __future__ import annotations

import re

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千]+(?:万[零〇一二两三四五六七八九十百千]*)?")
# A numeral is a number only before a measure (三十万元, 五百人, 一次); 三中 or 一线 stay words.
_CN_FOLLOW = re.compile(r"^(?:万|亿|元|个|座|名|人|户|次|场|期|批|所|台|套|辆|处|家|条|项|年|月|日|天|周|季度|公里|亩|"
                        r"平方米|吨|剂|册|份|餐|课时|学时|轮|%|％|成|件|张|本|篇|部|间|栋|樘|盏|株|棵|头|只|尾|羽|支|块|艘|架|小时|学期|遍|趟|公顷)")


def _cn_small(text: str) -> int | None:
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def cn_number(text: str) -> int | None:
    """三十 → 30, 一千二百 → 1200, 两万 → 20000, 十二 → 12; None when it is no numeral."""
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = _cn_small(high) if high else 1
        low_value = _cn_small(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10000 + low_value
    return _cn_small(text)


def arabic_years(text: str) -> str:
    """二〇二七年 → 2027年: a year is written digit by digit, not as a quantity."""
    return re.sub(r"[零〇一二三四五六七八九]{4}(?=\s*年)", lambda m: "".join(str(_CN_DIGITS[c]) for c in m.group(0)), text)


def arabic_numerals(text: str) -> str:
    """The text with every Chinese numeral that stands before a measure written in digits."""
    def convert(match: re.Match) -> str:
        run = match.group(0)
        rest = text[match.end():]
        if run in ("千", "百", "万") and text[max(0, match.start() - 1): match.start()] == "每":
            return run  # 每千人: a density, read by densities()
        if run == "一" and re.match(r"^(?:[个项笔份]|次性)", rest):
            return run  # 一个/一项: an article ("做一个…项目"); 一次性拨付: all at once, not a count
        if rest.startswith("年级"):
            return run  # 四年级学生: which grade, not four of anything
        if run == "二" and re.match(r"^次(?:供水|加压|污染|装修|开发|创业|利用|伤害|灾害|事故)", rest):
            return run  # 二次供水泵房: a term, not two times
        if run in ("千", "百", "万") and re.match(r"^[人户元]以上", rest):
            return run  # 服务千人以上的站点: a threshold that picks who qualifies, not a count of work
        words = rest.startswith("字") and run.endswith(("万", "千"))  # 二百万字 is a count, 红十字会 is no number
        if run.endswith("万") and (words or _CN_FOLLOW.match(rest)):  # 三十万元: keep 万 as the money word
            value = cn_number(run[:-1])
            return f"{value}万" if value is not None else run
        if not (words or _CN_FOLLOW.match(rest)):
            return run
        value = cn_number(run)
        return str(value) if value is not None else run

    text = arabic_years(text)
    text = re.sub(r"百分之([零〇一二两三四五六七八九十百]+)",
                  lambda m: f"{cn_number(m.group(1))}%" if cn_number(m.group(1)) is not None else m.group(0), text)
    return _CN_RUN.sub(convert, text)


