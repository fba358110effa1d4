"""Reading the rates a brief states: what each percentage measures and which way it must go.

    培训考核合格率不低于95%            → 培训考核合格率 ≥95%
    游客人次同比增长8%                 → 游客人次同比增长率 ≥8% (a change, against the year before when no baseline is said)
    优良率比上年提高2个百分点          → 优良率较上年提高幅度 ≥2个百分点 (a change of a rate, in points, not a count)
    即办件当场办结 / 隐患100%完成整改   → 即办件当场办结率 =100%, 隐患整改完成率 =100%
    586个村法律顾问全覆盖              → 村法律顾问覆盖率 =100%
"""

from __future__ import annotations

import re

from assistant.drafting.readers import AT_LEAST, CLASSIFIERS, LABEL_NOISE, NUM

# 586个村法律顾问全覆盖: every one of them — a coverage rate of 100%.
COVERAGE_RE = re.compile(r"([\u4e00-\u9fa5]{2,10}?)全覆盖")
# What a change is measured against (比什么增长): 同比, 较上年, 较2026年度 …
_BASELINE = r"(同比|较上年|比上年|较上一年|(?:较|比)20\d{2}\s*年(?:度)?)"
# 要比上年提高…, 力争同比增长…: the words of intent between what changes and its baseline
_MODAL = r"(?:要|需|应|须|力争|确保|争取)?"
# 游客人次同比增长8% / 投诉量较2026年下降10%: a change of a measure, in per cent.
GROWTH_RE = re.compile(r"([\u4e00-\u9fa5]{2,12}?)" + _MODAL + _BASELINE + r"?"
                       r"(增长|提高|提升|下降|减少|降低|缩短)\s*(?:不低于|不少于|达到|超过)?\s*" + NUM + r"\s*[%％]")

# 体质健康优良率比上年提高2个百分点 / 森林覆盖率较上年提高0.5个百分点: a rate moved by points — the change of the rate
# (an effect, measured against the year before), never a count of 百分点.
POINTS_RE = re.compile(r"([\u4e00-\u9fa5]{2,14}?(?:率|比例|占比))" + _MODAL + _BASELINE + r"?(提高|提升|增加|上升|下降|降低|减少)\s*"
                       r"(?:不低于|不少于|达到|超过)?\s*" + NUM + r"\s*个?百分点(以上)?")

# A rate: the words that name it (65岁以上老年人健康管理率), then a percentage (or ‰).
RATE_RE = re.compile(r"([\u4e00-\u9fa5\d“”‘’]{1,24}?(?:率|满意度|覆盖面|比例|占比))\s*(?:要|需|应|须)?\s*(?:力争|确保|争取)?\s*"
                     r"(?:达到|不低于|不少于|高于|超过|在|保持在|稳定在|维持在|保持|为|达|≥|>=|控制在|不高于|低于|≤|(?:提高|提升|增加|上升)(?:到|至))?\s*" + NUM + r"\s*([%％‰])(以上|以下|以内)?")
_RATE_NOISE = re.compile(r"^(?:确保|力争|保证|使|让|实现|要求|其中|同时|并|且|全年|年度|计划|预计|目标|预期|并使)+")


# 即办件当场办结 / 群众来电当日答复: all of them, on the spot — a timeliness rate of 100%.
ON_THE_SPOT_RE = re.compile(r"([\u4e00-\u9fa5]{2,8}?)(当场|当日|即时)(办结|办理|处置|答复|受理|修复|出证|出具)(?=[，。；、,;\s]|$)")

# 鉴定为D级的房屋100%落实管控措施 / 发现的隐患100%完成整改: a share of a thing that gets a thing done — its 率.
SHARE_DONE_RE = re.compile(r"([\u4e00-\u9fa5]{2,8}?)" + NUM + r"\s*[%％](落实|完成|实现|建立|纳入)([\u4e00-\u9fa5]{2,6}?)(?=[，。；、,;\s]|$)")


_GROWN = re.compile(r"([\u4e00-\u9fa5]{2,8}?)" + AT_LEAST + r"\s*\d+(?:\.\d+)?\s*万?[\u4e00-\u9fa5]{0,5}[、，,]\s*$")


def rates(text: str) -> list[tuple[str, float, str, str, str]]:
    """(label, value, operator, text as written, unit) for each percentage with what it measures."""
    found = []
    for m in RATE_RE.finditer(text):
        label = re.split(r"[的，。；、,;：:\s]|以上的?|以下的?", m.group(1))[-1] if not re.search(r"\d+岁以上", m.group(1)) else \
            re.split(r"[，。；、,;：:\s]", m.group(1))[-1]
        label = _RATE_NOISE.sub("", label).lstrip("”’")
        if label.count("“") != label.count("”"):
            label = label.replace("“", "").replace("”", "")
        words = m.group(0)
        operator = "≤" if re.search(r"不高于|(?<!不)低于|≤|控制在|以下|以内", words) else ("=" if float(m.group(2)) >= 100 else "≥")
        if label:
            found.append((label, float(m.group(2)), operator, words, "‰" if m.group(3) == "‰" else "%"))
    for m in POINTS_RE.finditer(text):
        label = LABEL_NOISE.sub("", re.split(r"[的，。；、,;：:\s]", m.group(1))[-1])
        found.append((change_name(label, m.group(2), m.group(3)), float(m.group(4)), "≥", m.group(0), "个百分点"))
    text = POINTS_RE.sub(" ", text)
    for m in GROWTH_RE.finditer(text):
        label = LABEL_NOISE.sub("", re.split(r"[的，。；、,;：:\s]", m.group(1))[-1])
        if re.fullmatch(r"(?:较|比|同比)[\u4e00-\u9fa5]{0,4}", label) and (said := _GROWN.search(text[:m.start()])):
            label = LABEL_NOISE.sub("", said.group(1))  # 年骑行量约500万人次、较上年增长10%: what grows was just counted
        baseline = _baseline(m.group(2))
        change = "增长" if m.group(3) in ("增长", "提高", "提升") else m.group(3)
        found.append((f"{label}{baseline}{change}率", float(m.group(4)), "≥", m.group(0), "%"))
    for m in ON_THE_SPOT_RE.finditer(text):
        label = LABEL_NOISE.sub("", re.split(r"[的，。；、,;：:\s]", m.group(1))[-1])
        found.append((f"{label}{m.group(2)}{m.group(3)}率", 100.0, "=", m.group(0), "%"))
    for m in SHARE_DONE_RE.finditer(text):
        who, number, verb, what = m.groups()
        who = LABEL_NOISE.sub("", re.split(r"[的，。；、,;：:\s]", who)[-1])
        found.append((f"{who}{what}{verb}率", float(number), "=" if float(number) >= 100 else "≥", m.group(0), "%"))
    for m in COVERAGE_RE.finditer(text):
        label = LABEL_NOISE.sub("", re.split(r"[的，。；、,;：:\s]", m.group(1))[-1])
        if re.search(r"\d$", text[:m.start(1)]) and label[:1] in CLASSIFIERS:
            label = label[1:]  # 586个村法律顾问全覆盖: 个 is the measure word of 586, not part of the name
        found.append((f"{label}覆盖率", 100.0, "=", m.group(0), "%"))
    return found


def change_name(what: str, baseline: str | None, verb: str) -> str:
    """优良率 + 比上年 + 提高 → 优良率较上年提高幅度: how far a measure moved over the year (in points, or in its own
    unit: 生均藏书量较上年提高幅度 2册)."""
    return f"{what}{_baseline(baseline)}{'提高' if verb in ('提高', '提升', '增加', '上升') else '下降'}幅度"


def _baseline(said: str | None) -> str:
    """比上年 / 较上一年 / 较2026年度 → 较上年 / 较上年 / 较2026年; no baseline said: against the year before, written out."""
    return re.sub(r"\s|度", "", said or "").replace("比上年", "较上年").replace("较上一年", "较上年") or "较上年"
