"""Reading when a brief's work is due: a deadline (12月底前完成 → 2027年12月31日, with what is due by then), a date that
recurs (每月10日前发放到卡) and a time limit (管网故障24小时内修复 → 管网故障修复时限 ≤24小时).

    助餐点12月底前全部投入运营            → ("12月底", "助餐点投入运营")
    “世界读书日”主题活动4月底前完成        → ("4月底", "“世界读书日”主题活动完成")
    每月10日前发放到卡                    → ("每月10日", "发放到卡", as written)
Each reader returns plain tuples; assistant.drafting.brief folds them into the ProjectBrief.
"""

from __future__ import annotations

import re

from assistant.drafting.readers import LABEL_NOISE, NUM, words_before

# 12月底前完成; 5月20日当天举办: an event held on its day is due that day
DEADLINE_RE = re.compile(r"((?:20\d{2}\s*年\s*)?(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|末|中旬|上旬|下旬)?|年底|年末))\s*"
                         r"(?:(?:[\u4e00-\u9fa5]{1,3}?)?(?:前|之前|以前)|(?<=日)(?:当天|当日)?(?=举办|举行|召开|开幕))")
_DEADLINE_WHAT = re.compile(r"^\s*(?:全部|全面|如期|按时|按期)?\s*([\u4e00-\u9fa5]{2,10}?)(?=[，。；、,;\s\d]|$)")


# 年内出版发行, 当年内建成: due by the year's end
_WITHIN_YEAR = re.compile(r"(?:当|本)?年度?内(?=(?:全部|如期)?[\u4e00-\u9fa5]{2})")


def deadline(text: str) -> tuple[str, str] | None:
    """(the date as written, what is due by then: "助餐点投入运营" or "")."""
    m = DEADLINE_RE.search(text)
    if not m:
        within = _WITHIN_YEAR.search(text)
        due = _DEADLINE_WHAT.match(text[within.end():]) if within else None
        # 年内出版发行 is due by the year's end; 对年内建成投运的充电桩… picks what qualifies (no clause of its own)
        return ("年底", due.group(1).removesuffix("完成")) if due and "的" not in due.group(1) else None
    subject = re.sub(r"(?:须|需|要|应|必须)?在$", "", words_before(text, m.start()))
    # 汛前也就是5月底前完工: the season the date restates is no part of what is due
    subject = re.sub(r"^[\u4e00-\u9fa5]{0,4}?(?:也就是|也即|即)$", "", subject)
    due = _DEADLINE_WHAT.match(text[m.end():])
    action = due.group(1) if due else ""
    what = "" if action in ("完成", "实施完毕", "全部完成") and not subject else f"{subject}{action}"
    # “世界读书日”主题活动4月底前完成 → 主题活动完成: what is done by then keeps its 完成; a bare 完成 says nothing
    return re.sub(r"\s+", "", m.group(1)), what if subject and action == "完成" else what.removesuffix("完成")


# 每月10日前发放到卡 / 每季度首月15日前拨付: a date that recurs in every period, a 时效 of each payment.
RECURRING_DUE_RE = re.compile(r"(每(?:月|季度|季|半年|年))\s*(\d{1,2})\s*日\s*(?:前|之前|以前)\s*(?:全部|按时|足额)?([\u4e00-\u9fa5]{2,8}?)(?=[，。；、,;\s]|$)")


def recurring_dues(text: str) -> list[tuple[str, str, str]]:
    """(每月10日, what is due by then: "发放到卡", as written)."""
    return [(f"{m.group(1)}{int(m.group(2))}日", m.group(3), m.group(0)) for m in RECURRING_DUE_RE.finditer(text)]


TIME_LIMIT_RE = re.compile(r"([\u4e00-\u9fa5]{2,12}?)\s*(?:时间|时限)?\s*(?:不超过|不得超过|控制在|不少于)?\s*" + NUM
                           + r"\s*(小时|分钟|个工作日|工作日|个月|天|日)\s*(?:内|以内|之内)?\s*([\u4e00-\u9fa5]{0,6}?)"
                           r"(?:(?<![内时钟天日月])[到至给][\u4e00-\u9fa5]{2,10}?)?(?=[，。；、,;\s]|$)")  # 30分钟内转介到精神卫生机构
_LIMIT_OF = re.compile(r"(?:内|以内|之内)|不超过|不得超过|控制在")
# 评选结果公示不少于5个工作日: a span the work must last at least (≥), not a limit.
# (下乡服务不少于30天 counts days of work: a quantity.)
_AT_LEAST_FOR = re.compile(r"(?:公示|公告|公开|征求意见)(?:期|时间)?\s*不少于\s*\d+(?:\.\d+)?\s*(?:个工作日|工作日|天|日)$")


# "…，每场结束后3个工作日内在公共就业服务平台公布招聘结果": a limit whose clause names what is due after it
_LEADING_LIMIT = re.compile(r"(?:^|(?<=[，。；,;]))[^，。；,;\d]{0,12}?" + NUM + r"\s*(小时|个工作日|工作日|个月|天|日)\s*(?:内|以内|之内)\s*"
                            r"(?:在[\u4e00-\u9fa5]{2,12}?(?:平台|网站|系统|上|内))?([\u4e00-\u9fa5]{2,10}?)(?=[，。；、,;\s]|$)")


_THEN_LIMIT = re.compile(r"、\s*" + NUM + r"\s*(小时|分钟|个工作日|工作日|个月|天|日)\s*(?:内|以内|之内)\s*"
                         r"([\u4e00-\u9fa5]{2,6}?)(?=[，。；、,;\s]|$)")


def time_limits(text: str) -> list[tuple[str, float, str, str, str]]:
    """管网故障24小时内修复 → (管网故障修复时限, 24, 小时, as written, ≤); 代表建议在3个月内办结 → 代表建议办结时限;
    评选结果公示不少于5个工作日 → (评选结果公示时间, 5, 个工作日, …, ≥). A span, not a quantity of work."""
    found = []
    ends: dict[int, str] = {}  # where a limit ends → its subject
    for m in TIME_LIMIT_RE.finditer(text):
        at_least = bool(_AT_LEAST_FOR.search(m.group(0)))
        if not _LIMIT_OF.search(m.group(0)) and not at_least:
            continue
        subject, number, unit, verb = m.groups()
        subject = re.sub(r"[在于]$", "", re.split(r"[的和及与]", LABEL_NOISE.sub("", subject))[-1])
        # 庇护期一般不超过10天, 投诉要24小时内: the limit is the limit (not 一般隐患, a grade; not the 要 of 主要, 应 of 响应)
        subject = re.sub(r"原则上|通常|(?:一般|最长|必须|(?<![主重需只想纪简摘])要|(?<![必无])须)$", "", subject)
        if at_least:
            found.append((f"{subject}时间", float(number), unit, m.group(0), "≥"))
            continue
        name = f"{subject}{verb}时限" if verb else (subject if subject.endswith(("时间", "时限")) else f"{subject}时限")
        found.append((name, float(number), unit, m.group(0), "≤"))
        ends[m.end()] = subject
    for m in _THEN_LIMIT.finditer(text):  # 破损井盖4小时内设置警示、48小时内更换完毕: the same 井盖, a second limit
        if (subject := ends.get(m.start())) and (verb := re.sub(r"完毕$|到位$", "", m.group(3))):
            found.append((f"{subject}{verb}时限", float(m.group(1)), m.group(2), m.group(0).lstrip("、"), "≤"))
    for m in _LEADING_LIMIT.finditer(text):
        number, unit, what = m.groups()
        if not any(m.group(0).strip() in f[3] or f[3] in m.group(0) for f in found):
            found.append((f"{what}时限", float(number), unit, m.group(0).strip(), "≤"))
    return found
