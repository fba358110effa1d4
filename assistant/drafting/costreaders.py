"""Unit standards in a brief: 每餐补贴5元 → 5 元/餐, 每人每月780元 → 元/人·月, 亩均投资1500元, 县道每公里7000元,
named for what they pay (每餐补贴, 城市低保保障, 县道)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.readers import EARNINGS, NOT_ABOUT, NUM, verb_after_thing, words_before

@dataclass
class UnitCost:
    value: float
    unit: str  # 元/餐, 元/人·月, 元/亩
    label: str  # 每餐补贴, 亩均投资, 城市低保保障
    text: str


_PER = (r"((?:个|名)?(?:餐|人次|台次|家次|户次|人|亩|次|台|场|生|户|平方米|车公里|公里|千人|站|车|处|条|间|批次|所|校|村|座|家|件|吨|页|组|万尾|尾|万株|株|棵|万头|头|只|羽|套|辆|"
        r"选手|学员|考生|案件|单|项目|项|篇|份|块|栋|床|课时|盏|图斑|地块|终端|路口|点位|样本|公斤|千克|立方米|月|年|天|日)"
        r"|个(?=[\u4e00-\u9fa5]))")  # 每个样品化验费200元: per 个, the thing counted read with the words
# Words that make a unit standard a ceiling the spending must stay under (≤): 不超过300元, 控制在400元以内, 约2000元.
_CAP_WORDS = "不超过|不高于|控制在|最高|最多"
_PERIOD = r"(月|年|天|日|学期|季度|周|次)"  # 每人每月, 每人每次: the period a standard is also per
PER_COST_RE = re.compile(r"每" + _PER + r"(?:（[^）]{1,6}）|\([^)]{1,6}\))?\s*(?:每" + _PERIOD + r")?\s*(年|月)?均?"
                          r"([\u4e00-\u9fa5]{0,14}?)\s*(?:约|为|按|" + _CAP_WORDS + r")?\s*" + NUM + r"\s*(万元|元)(?:以内)?")
_NOT_A_HEAD = re.compile(r"^(?:按|以|为|约|其中|另外|对|给)|(?:核算|测算|计算|安排|补贴|补助|经费|资金|标准)$")
_PER_UNIT = {"名": "人", "选手": "人", "学员": "人", "考生": "人", "案件": "件", "个": "个", "项目": "个"}
_AVG_COST_RE = re.compile(r"(人均|亩均|生均|户均|校均|村均|场均)\s*([\u4e00-\u9fa5]{0,6}?)\s*" + NUM + r"\s*(万元|元)")
_SLASH_COST_RE = re.compile(NUM + r"\s*(万元|元)\s*(?:/|每)\s*(人·?月|人·?年|人天|人次|餐|人|亩|次|台|场|生|户|平方米|公里|月|年)")
_AVG_PER = {"人均": "人", "亩均": "亩", "生均": "生", "户均": "户", "校均": "校", "村均": "村", "场均": "场"}


# 单台最高不超过1万元, 单车含车载设备控制在42万元以内: a cap on what one of them may cost (≤ 万元/台)
CAP_RE = re.compile(r"单(台|车|辆|套|件|个项目|项目|个|家|人|户|张|株|亩)([\u4e00-\u9fa5]{0,10}?)(?:最高|最多)?\s*(?:不超过|不高于|控制在)\s*"
                    + NUM + r"\s*(万元|元)(?:以内)?")
_CAP_PER = {"车": "辆", "个项目": "个", "项目": "个"}


# 每节约1立方米奖励0.3元: a reward per unit saved (元/立方米), not a standard per 节 of anything
SAVED_COST_RE = re.compile(r"每(节约|节省|减少|削减)(?:1|一)?\s*(立方米|吨|千瓦时|度|公斤|方)(?:水|电|煤)?\s*(奖励|补助|补贴|奖补)\s*"
                           + NUM + r"\s*(万元|元)")

_EARNED = re.compile(EARNINGS)
# 每人发放安家补贴20万元 → 安家补贴: the verb of paying is no part of what is paid for (补助标准 stays)
_PAYING = re.compile(r"^(?:发放|给予|补助|奖励)(?=[\u4e00-\u9fa5]{2})(?!标准|金额|资金)")


# 每家每年补3万元: the spoken 补 of a standard is a 补助 (not the 补 of 奖补, 再补, 增补)
_SPOKEN_GRANT = re.compile(r"(?<=[\u4e00-\u9fa5]{2})(?<![奖增再追候填弥])补$")


def unit_costs(text: str) -> list[UnitCost]:
    """Every unit standard, its label in a form's words (买X光安检机 → X光安检机购置, 每家每年补 → …补助)."""
    return [UnitCost(c.value, c.unit, _SPOKEN_GRANT.sub("补助", verb_after_thing(c.label)), c.text)
            for c in _unit_costs(text)]


def _unit_costs(text: str) -> list[UnitCost]:
    found: list[UnitCost] = []
    for m in CAP_RE.finditer(text):
        per, words, number, money = m.groups()
        found.append(UnitCost(float(number), f"{money}/{_CAP_PER.get(per, per)}", f"单{per}{words}", m.group(0)))
    saved = list(SAVED_COST_RE.finditer(text))
    for m in saved:
        verb, per, pay, number, money = m.groups()
        found.append(UnitCost(float(number), f"{money}/{per}", f"{verb}{pay}", m.group(0)))
    for m in PER_COST_RE.finditer(text):
        if any(m.start() == s.start() for s in saved):
            continue
        per, period, inline_period, words, number, money = m.groups()
        if not period and (split := re.match(r"^(.+?)每" + _PERIOD + r"(.*)$", words)):
            # 每个托位每年3000元 → 元/个·年; 每条线路每年1.3万元 → 万元/条·年: the thing named, then the period
            words, period = split.group(1) + split.group(3), split.group(2)
        period = period or inline_period  # 每平方米年养护费3元: 年 inside the words
        if per in ("月", "年", "天", "日") or _EARNED.search(words):
            continue  # 每月2000元 alone names no unit of service; 每户增收 is an effect
        base = per.removeprefix("个").removeprefix("名") or per
        per = _PER_UNIT.get(base, base)
        unit = f"{money}/{per}" + (f"·{period}" if period else "")
        head = words_before(text, m.start()).split("按")[-1]
        words = _PAYING.sub("", words)
        if not words and found and text[len(found[-1].text) + text.find(found[-1].text): m.start()].strip("、，, ") == head:
            words = _paid_words(found[-1])  # 博士每人安家补贴20万元、硕士每人5万元: the same 安家补贴
        if head and ("标准" in head or head.endswith(("保障", "补助", "补贴", "报酬", "工资"))):
            label = head  # 城市低保保障标准每人每月780元
        elif head and not _NOT_A_HEAD.search(head):
            label = joined(head, words)  # 民事案件每件补贴1500元 → 民事案件补贴; 县道每公里7000元 → 县道
        else:
            label = f"每{per}{words}" if words else ""
        found.append(UnitCost(float(number), unit, label, m.group(0)))
    for m in _AVG_COST_RE.finditer(text):
        lead, words, number, money = m.groups()
        if _EARNED.search(words):
            continue  # 户均增收3000元: what the work earns each household (an effect), not what it costs
        found.append(UnitCost(float(number), f"{money}/{_AVG_PER[lead]}", f"{lead}{words}", m.group(0)))
    for m in _SLASH_COST_RE.finditer(text):
        number, money, per = m.groups()
        per = per.replace("人月", "人·月").replace("人年", "人·年")
        label = words_before(text, m.start())
        found.append(UnitCost(float(number), f"{money}/{per}", label, m.group(0)))
    return found


def _paid_words(cost: UnitCost) -> str:
    """What a unit standard pays for, from its words after 每X (每人发放安家补贴20万元 → 安家补贴)."""
    m = PER_COST_RE.search(cost.text)
    return _PAYING.sub("", m.group(4)) if m else ""


def is_cap(text: str) -> bool:
    """单个项目最高不超过8万元, 每件控制在400元以内: what one may cost at most, not what each does."""
    return bool(re.search(r"以内|" + _CAP_WORDS, text))


def is_ceiling(text: str) -> bool:
    """每组约2000元, 每件不超过400元: an approximate or capped price is a ceiling (≤), a set standard is exact (=)."""
    return bool(re.search(NOT_ABOUT + "约", text)) or is_cap(text)  # 每节约1立方米 is no 约


def joined(head: str, words: str) -> str:
    """The words after 每X continue the head without saying it twice: 委托第三方定量检测 + 定量检测费用 →
    委托第三方定量检测费用, 上站体检 + 体检费用 → 上站体检费用."""
    for size in range(min(len(head), len(words)), 1, -1):
        if head.endswith(words[:size]):
            return head + words[size:]
    return head + words
