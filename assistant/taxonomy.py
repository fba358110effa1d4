"""Domain vocabulary: 一级→二级 frameworks, aliases, operators, units, 确定依据.

Two frameworks are in use (see knowledge/guidelines):
- "101": 财预〔2021〕101号 — 成本指标 is its own 一级 with 经济/社会/生态环境成本指标;
- "local": the older 88号-era layout most provinces still use — 成本指标 is a 二级 under 产出指标.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from assistant import money

L1_OUTPUT = "产出指标"
L1_BENEFIT = "效益指标"
L1_SATISFACTION = "满意度指标"
L1_COST = "成本指标"
LEVEL1_ORDER = (L1_COST, L1_OUTPUT, L1_BENEFIT, L1_SATISFACTION)

SATISFACTION_L2 = "服务对象满意度指标"

FRAMEWORK_101 = "101"
FRAMEWORK_LOCAL = "local"
FRAMEWORKS = (FRAMEWORK_101, FRAMEWORK_LOCAL)
FRAMEWORK_LABELS = {FRAMEWORK_101: "财预〔2021〕101号格式", FRAMEWORK_LOCAL: "地方通行格式（成本指标在产出指标下）"}

_BENEFIT_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")

# Legal 一级 → 二级 pairs per framework.
LEGAL_PAIRS: dict[str, dict[str, tuple[str, ...]]] = {
    FRAMEWORK_101: {
        L1_COST: ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        L1_OUTPUT: ("数量指标", "质量指标", "时效指标"),
        L1_BENEFIT: _BENEFIT_L2,
        L1_SATISFACTION: (SATISFACTION_L2,),
    },
    FRAMEWORK_LOCAL: {
        L1_OUTPUT: ("数量指标", "质量指标", "时效指标", "成本指标"),
        L1_BENEFIT: _BENEFIT_L2,
        L1_SATISFACTION: (SATISFACTION_L2,),
    },
}

# Required: 产出/效益/满意度 in every form, 成本 too under 101号; 数量指标 always.
REQUIRED_LEVEL1 = {
    FRAMEWORK_101: (L1_COST, L1_OUTPUT, L1_BENEFIT, L1_SATISFACTION),
    FRAMEWORK_LOCAL: (L1_OUTPUT, L1_BENEFIT, L1_SATISFACTION),
}

ALL_LEVEL1 = frozenset(LEVEL1_ORDER)
ALL_LEVEL2 = frozenset(l2 for fw in LEGAL_PAIRS.values() for l2s in fw.values() for l2 in l2s)

# 指标值确定依据 enum; 预算支出标准 belongs to 成本 rows only.
BASIS_VALUES = ("计划标准", "行业标准", "历史标准", "预算支出标准", "其他标准")

OPERATORS = ("=", "≥", "≤", ">", "<", "定性")

SECTORS = (
    "就业培训", "教育", "卫生健康", "农业农村", "交通", "机关运行", "信息化", "民政救助",
    "文化旅游", "科研", "城乡建设", "生态环境", "市场监管", "财政金融", "综合",
)

# Common units by kind (a unit outside these is allowed but checked for fit by the validators).
UNITS = {
    "people": ("人", "人次", "户", "名"),
    "count": ("个", "次", "场", "期", "批次", "批", "门", "篇", "份", "件", "台", "套", "辆", "所", "座", "处",
              "项", "家", "张", "册", "部", "条", "课时", "学时", "节"),
    "measure": ("公里", "千米", "米", "亩", "平方米", "立方米", "公斤", "千克", "吨", "万亩", "万平方米"),
    "money": ("万元", "元", "元/人", "元/人·月", "元/亩", "元/人天", "元/人·天", "元/次", "元/台", "元/平方米"),
    "time": ("天", "日", "工作日", "小时", "分钟", "月", "年", "个月"),
    "rate": ("%",),
}

# Names whose direction is 反向 (smaller is better): they should use ≤ or <.
REVERSE_KEYWORDS = ("投诉率", "差错率", "故障率", "事故率", "发生率", "损失", "超支", "成本", "费用", "用时",
                    "响应时间", "时长", "违规", "错误率", "返工率", "流失率", "死亡率", "不合格率")


class ParsedValue(NamedTuple):
    operator: str
    value: str
    unit: str


_LEVEL_DECORATION = re.compile(r"[（(][^)）]*[)）]|\s+")
_LEVEL1_ALIASES = {
    "产出": L1_OUTPUT, "项目完成": L1_OUTPUT, "产出类": L1_OUTPUT,
    "效益": L1_BENEFIT, "效果": L1_BENEFIT, "项目效益": L1_BENEFIT, "效益类": L1_BENEFIT,
    "满意度": L1_SATISFACTION, "满意度类": L1_SATISFACTION, "社会公众或服务对象满意度": L1_SATISFACTION,
    "成本": L1_COST,
}
_LEVEL2_ALIASES = {
    "数量": "数量指标", "产出数量": "数量指标",
    "质量": "质量指标", "产出质量": "质量指标",
    "时效": "时效指标", "进度": "时效指标", "产出时效": "时效指标",
    "成本": "成本指标", "产出成本": "成本指标",
    "经济成本": "经济成本指标", "社会成本": "社会成本指标", "生态环境成本": "生态环境成本指标",
    "环境成本": "生态环境成本指标",
    "经济效益": "经济效益指标", "社会效益": "社会效益指标",
    "生态效益": "生态效益指标", "环境效益": "生态效益指标",
    "可持续影响": "可持续影响指标", "可持续发展影响": "可持续影响指标",
    "可持续性发展影响": "可持续影响指标", "可持续性影响": "可持续影响指标",
}


def _core(name: str) -> str:
    """Strip decorations seen in real forms: "(50分)", "（必填）", spaces, a trailing 指标/值."""
    text = _LEVEL_DECORATION.sub("", unicodedata.normalize("NFKC", name or ""))
    for suffix in ("指标", "值"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    return text


def normalize_level1(name: str) -> str:
    """Canonical 一级 name (效果→效益 …); an unknown name is returned stripped, as written."""
    core = _core(name)
    return _LEVEL1_ALIASES.get(core, (name or "").strip())


def normalize_level2(name: str) -> str:
    """Canonical 二级 name (进度→时效, 环境效益→生态效益, any 满意度 二级 → 服务对象满意度指标)."""
    core = _core(name)
    if "满意" in core:
        return SATISFACTION_L2
    return _LEVEL2_ALIASES.get(core, (name or "").strip())


def is_level1(name: str) -> bool:
    return normalize_level1(name) in ALL_LEVEL1


def is_level2(name: str) -> bool:
    return normalize_level2(name) in ALL_LEVEL2


def legal_level2(level1: str, framework: str) -> tuple[str, ...]:
    return LEGAL_PAIRS[framework].get(level1, ())


def is_legal_pair(level1: str, level2: str, framework: str) -> bool:
    return level2 in legal_level2(level1, framework)


def level1_for_level2(level2: str, framework: str) -> str | None:
    """The 一级 a 二级 belongs to in a framework (成本指标 is 产出 in local, 一级 in 101)."""
    for level1, level2s in LEGAL_PAIRS[framework].items():
        if level2 in level2s:
            return level1
    return None


def into_framework(level1: str, level2: str, framework: str) -> tuple[str, str]:
    """A row's 一级/二级 in a framework: 成本 is its own 一级 (经济成本指标) under 101号 and a 二级 of 产出
    (成本指标) in the local layout; every other pair is the same in both."""
    if framework == FRAMEWORK_101 and level2 == "成本指标":
        return L1_COST, "经济成本指标"
    if framework == FRAMEWORK_LOCAL and level1 == L1_COST:
        return L1_OUTPUT, "成本指标"
    return level1, level2


def detect_framework(level1_names) -> str:
    """成本指标 standing as a 一级 marks the 101号 layout; otherwise the local layout."""
    return FRAMEWORK_101 if L1_COST in set(level1_names) else FRAMEWORK_LOCAL


def is_reverse(name: str) -> bool:
    """反向指标: smaller is better (投诉率, 成本, 用时 …)."""
    return any(word in name for word in REVERSE_KEYWORDS)


# ---- values ---------------------------------------------------------------------------------

_OP_SYMBOLS = {"=": "=", "≥": "≥", "≤": "≤", ">": ">", "<": "<", ">=": "≥", "<=": "≤", "=>": "≥",
               "=<": "≤", "⩾": "≥", "⩽": "≤", "≧": "≥", "≦": "≤"}
_OP_WORDS_BEFORE = (("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("至少", "≥"),
                    ("小于等于", "≤"), ("小于或等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"),
                    ("不大于", "≤"), ("控制在", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
                    ("小于", "<"), ("低于", "<"), ("等于", "="), ("达到", "="))
_OP_WORDS_AFTER = (("以上", "≥"), ("及以上", "≥"), ("以下", "≤"), ("及以下", "≤"), ("以内", "≤"))
_OP_RE = re.compile(r"^(>=|<=|=>|=<|[=≥≤><⩾⩽≧≦])")
_NUMBER_RE = re.compile(r"^(-?\d+(?:\.\d+)?|\*+|[Xx]+)")
_REMARK_RE = re.compile(r"[（(][^)）]*[)）]\s*$")
_DATE_RE = re.compile(r"^([≤<=]?)\s*(\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:底)?)\s*(前|之前|以前)?$")
_UNIT_ALIASES = {"万": "万元", "百分比": "%", "％": "%", "百分点": "%"}


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def normalize_operator(symbol: str) -> str:
    """Full-width ＝＞＜, >=, <= and word forms → one of OPERATORS; "" when none is recognised."""
    text = _nfkc(symbol)
    if text in ("定性", ""):
        return text
    return _OP_SYMBOLS.get(text, dict(_OP_WORDS_BEFORE).get(text, ""))


def normalize_unit(unit: str) -> str:
    text = _nfkc(unit)
    return _UNIT_ALIASES.get(text, text)


def parse_value(raw: str) -> ParsedValue:
    """Split a 指标值 cell: "=15万" → (=, 15, 万元); "≥95%" → (≥, 95, %); "提高" → (定性, 提高, "").

    A bare number keeps operator "" (the validators flag it); text with digits that is not
    "operator number unit" (ranges, lists, prose) keeps operator "" and the text as value;
    text with no digit at all is 定性. Placeholders (**, XX) parse as the value.
    """
    text = _nfkc(raw)
    if not text:
        return ParsedValue("", "", "")
    date = _DATE_RE.match(text)
    if date:  # 时效: "2026年12月31日前" is a deadline, i.e. ≤ that date
        operator = "≤" if date.group(3) else (date.group(1) or "=")
        return ParsedValue("≤" if operator == "<" else operator, date.group(2), "")
    operator = ""
    match = _OP_RE.match(text)
    if match:
        operator = _OP_SYMBOLS[match.group(1)]
        text = text[match.end():].strip()
    else:
        for word, op in _OP_WORDS_BEFORE:
            if text.startswith(word) and re.match(r"\s*[-\d*Xx]", text[len(word):]):
                operator, text = op, text[len(word):].strip()
                break
    for word, op in _OP_WORDS_AFTER:
        if text.endswith(word) and not operator:
            operator, text = op, text[: -len(word)].strip()
            break
    number = _NUMBER_RE.match(text)
    if number:
        unit = _REMARK_RE.sub("", text[number.end():]).strip()
        if not re.search(r"\d", unit) and not re.search(r"[、，,;；\-~～至到]", unit):
            return ParsedValue(operator, number.group(1), normalize_unit(unit))
    if re.search(r"\d", text) or operator:
        return ParsedValue(operator, text, "")
    return ParsedValue("定性", text, "")


def compose_value(operator: str, value: str, unit: str) -> str:
    """The 指标值 cell for parts: (≥, 95, %) → "≥95%"; 定性 → the value alone."""
    if operator == "定性":
        return value
    return f"{operator}{value}{unit}"


def to_number(value: str) -> float | None:
    try:
        return float(_nfkc(value))
    except ValueError:
        return None


def to_wan(amount: float, unit: str) -> float | None:
    """Convert a money amount to 万元; None when the unit is not money (元/人 is per-head, not total).
    The conversion lives in assistant.money (the one money parser)."""
    return money.to_wan(amount, normalize_unit(unit))
