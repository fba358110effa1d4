"""The validators' word lists, one home each: graded 定性 values and vague words.

Drafting imports these too (``from assistant.validation.vocabulary import GRADED_VALUES, vague_words``), so a value
the drafter writes is one the validators accept.
"""

from __future__ import annotations

import re

from assistant.validation.facts import nfkc

# 定性 values must be graded (pmkpi 达到/部分达到/未达到预期目标; 优良中差; 好/较好/一般/较差; 显著/有所/无).
GRADED_VALUES = frozenset({
    "达到预期目标", "部分达到预期目标", "部分达到预期目标并具备一定效果", "未达到预期目标", "达到预期", "达成",
    "部分达成", "未达成", "优", "良", "中", "差", "低", "优良", "良好", "优秀", "合格", "不合格", "好", "较好",
    "一般", "较差", "显著", "有所", "无", "高", "较高", "中等", "是", "否", "达标", "符合", "合规", "规范",
    "无明显影响", "无影响", "无不良影响", "无负面影响", "无污染", "优良中低差", "优良中差", "好较好一般较差", "高中低",
    "已完成", "完成", "未完成", "按时完成", "有", "有效", "无效", "健全", "明确", "及时", "合格",
})
# "程度较高", "较好程度": a graded word with 程度/水平 around it is still graded.
_DEGREE = re.compile(r"^(程度|水平)?(高|较高|中|较低|低|好|较好|一般|较差|差|优|良)(程度|水平)?$")


def is_graded(value: str) -> bool:
    """A 定性 value on a scale: 达到预期目标 / 优良中差 / 程度较高 …; "合规无" (a self-evaluation's value and its
    "偏差原因：无" run together by the transcriber) is read as "合规"."""
    text = nfkc(value)
    if text.endswith("无") and len(text) > 1 and text[:-1] in GRADED_VALUES:
        text = text[:-1]
    return text in GRADED_VALUES or bool(_DEGREE.match(text))

VAGUE_WORDS = ("进一步", "有效", "明显", "显著", "大幅", "稳步", "逐步", "积极", "切实", "全面", "持续改善", "不断提升",
               "有所提高", "有所提升", "大力", "努力", "尽快", "较大")
# Words that contain a vague word but are measures: 有效率 (治疗有效率), 有效期, 有效性, 有效投诉 …
_NOT_VAGUE = re.compile(r"有效(率|期|性|数|投诉|身份|证件|病例|样本)|全面覆盖率|明显(变质|异常|破损)")
_VAGUE = re.compile("|".join(VAGUE_WORDS))


def vague_words(text: str) -> list[str]:
    """The vague words in a text (进一步, 显著 …), measures such as 有效率 excepted."""
    text = _NOT_VAGUE.sub("", nfkc(text))
    return list(dict.fromkeys(_VAGUE.findall(text)))


__all__ = ["GRADED_VALUES", "VAGUE_WORDS", "is_graded", "vague_words"]
