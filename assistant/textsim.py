"""Character-bigram similarity for Chinese names (no segmentation needed): the one home for it.

    normalize(text)          NFKC, no spaces, digits, punctuation, operators or ★/* marks
    bigrams(text)            the character bigrams of the normalised text (cached, frozen)
    content_bigrams(text)    the same without generic ones (人数, 完成, 项目 …) that say nothing of the subject
    dice(a, b)               2·|A∩B| / (|A|+|B|) over bigrams, in [0, 1]
    shared(a, b)             how many content bigrams two phrases share
    coverage(part, whole)    share of part's content bigrams found in whole

The drafter ranks rows with ``dice``; the validators match goal-text phrases to rows with ``shared`` and
``coverage``. ``assistant/embeddings.py`` keeps its own 1–2-gram hashing vectorizer (a different job: vectors).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\s\d.,，。；;:：、()（）%％≥≤=<>\-★*]+")
GENERIC_BIGRAMS = frozenset({"人数", "数量", "人次", "完成", "开展", "年度", "实现", "提高", "提升", "项目", "工作",
                             "指标", "情况", "全年", "本年"})
# The generic vocabulary of any indicator table (财预〔2015〕88号's 一级/二级 names, the 投入/管理 measures of
# 自评表 and the words every row is built of): removed before a row's own subject is read. Written from the
# indicator framework, not from any row: a row made of these words only says nothing of what it is about.
GENERIC_WORDS = (
    "产出", "效益", "满意", "数量", "质量", "时效", "成本", "经济", "社会", "生态", "可持续", "影响", "服务对象",
    "资金", "经费", "预算", "拨付", "到位", "执行", "支出", "使用", "合规", "制度", "管理", "财务", "监控", "采购",
    "程序", "绩效", "目标", "健全", "明确", "有效", "项目", "工作", "任务", "完成", "实施", "开展", "按期", "按时",
    "及时", "时间", "时限", "期限", "周期", "年度", "全年", "本年", "当年", "计划", "人数", "人次", "次数", "个数",
    "比例", "覆盖", "合格", "达标", "验收", "标准", "规范", "情况", "程度", "水平", "能力", "指标", "提升", "提高",
    "改善", "促进", "发展", "增加", "减少", "保障", "服务", "群众", "对象", "人员", "相关", "符合", "国家", "新增",
    "环境", "资源", "协调", "方面", "整体", "状况", "进一步", "审批", "流程", "配套", "财政", "投资", "专项", "地方",
    "领取",
)


def unsaid(text: str, phrases) -> str:
    """The text with each phrase blanked out, positions kept: a cue inside a phrase that says nothing of it (补助 in
    就业补助资金, 购置 in 购置补贴) no longer reads as that cue."""
    for phrase in phrases:
        text = text.replace(phrase, "\x00" * len(phrase))
    return text


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    text = normalize(text)
    if len(text) < 2:
        return frozenset({text} if text else ())
    return frozenset(text[i: i + 2] for i in range(len(text) - 1))


@lru_cache(maxsize=65536)
def content_bigrams(text: str) -> frozenset[str]:
    return bigrams(text) - GENERIC_BIGRAMS


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient in [0, 1]: 2·|A∩B| / (|A|+|B|)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def shared(a: str, b: str) -> int:
    """How many meaningful character bigrams two phrases share (创业培训 ↔ 创业培训人数: 3)."""
    return len(content_bigrams(a) & content_bigrams(b))


def coverage(part: str, whole: str) -> float:
    """Share of ``part``'s content bigrams found in ``whole`` (1.0: every word of it is there)."""
    own = content_bigrams(part)
    return len(own & content_bigrams(whole)) / len(own) if own else 0.0
