"""The 时效 rows of a draft: the completion date, the time limits the brief states, dates that recur and payment
schedules — and, for money paid out with no date of its own, when the payment is done."""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.drafting.costs import row
from assistant.drafting.goaltext import project_core
from assistant.drafting.homes import PAYOUT, is_payment_schedule, paid_as_rate, payment_rate_name
from assistant.schema import Indicator


def deadline_value(brief: ProjectBrief) -> str | None:
    """"2027年12月底" → "2027年12月31日"; 年底 → 12月31日; a year alone → its 12月31日."""
    text = brief.deadline
    if text:
        match = re.match(r"(20\d{2})年(\d{1,2})月(?:(\d{1,2})日|底|末)?", text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else _month_end(year, month)
            return f"{year}年{month}月{day}日"
        year = re.match(r"(20\d{2})年(?:年底|年末)", text)
        if year or (brief.year and text in ("年底", "年末")):
            return f"{year.group(1) if year else brief.year}年12月31日"
    if brief.year:
        return f"{brief.year}年12月31日"
    return None


def _month_end(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# How each kind of money reaches those it is for: a reward is 兑付, a transfer to a body 拨付, the rest 发放 to people.
_PAID_HOW = {"奖励": "兑付", "奖补": "兑付", "补偿": "拨付", "贴息": "拨付", "资助": "拨付", "救助": "拨付"}


# The ends of a project's own work that keep their word in its 时效 row: built (完工), or held on its day.
_OWN_WORD = ("完工", "举办", "举行", "召开", "开幕")


def deadline_name(what: str, core: str = "", project: str = "") -> str:
    """助餐点投入运营 → 助餐点投入运营时间; nothing said → 项目完成时间, or for money paid out (``core`` given when
    the date is the year's end, not a date the brief states for its work) what completes it: 旅游景区创建奖励 →
    奖励资金兑付完成时间 (a reward is not "completed", its payment is)."""
    what = re.sub(r"^(?:全部|全面|如期|按时)", "", what or "")
    if project and re.fullmatch(r"结束|完成|办结|实施完毕|实施|" + "|".join(_OWN_WORD), what):
        # 11月底前全部结束: the project's own work ends, named for it (not 结束时间); 5月底前完工: a works project's
        # 完工; 5月20日当天举办: the day the event is held (a 补助 for building work is paid, not 完工)
        done = what if what in _OWN_WORD and not PAYOUT.search(project) else "完成"
        return f"{project}{done}时间"
    # 6月底前体检完 → 体检完成时间, 报告出来 → 报告完成时间, 办完 → 办结时间
    what = re.sub(r"(?<![完办])完$|出来$", "完成", re.sub(r"办完$", "办结", what))
    if len(what) >= 2:
        return f"{what}时间"
    if paid := PAYOUT.search(core or ""):
        word = paid.group(0)[:2]
        return f"{word}资金{_PAID_HOW.get(word, '发放')}完成时间"
    return "项目完成时间"


def deadline_rows(brief: ProjectBrief, framework: str) -> list[Indicator]:
    """The completion date, each time limit the user stated (管网故障修复时限 ≤24小时), each date that recurs
    (每月10日前发放到卡 → …每月10日前发放到卡及时率 =100%: a date in every month is no single deadline) and a payment
    schedule's timeliness (按月足额发放 → …按月足额发放率 =100%). A year alone says nothing of when the work is due: when the brief states its own
    时效, the year-end completion row is left out (运行经费 and payments run all year)."""
    core = project_core(brief.name)
    rows = [row(framework, taxonomy.L1_OUTPUT, "时效指标", limit.label, limit.operator or "≤", limit.value_text, limit.unit,
                "计划标准", [f"brief:{limit.text}"]) for limit in brief.time_limits]
    rows += [row(framework, taxonomy.L1_OUTPUT, "时效指标", f"{core}{due}前{what}及时率", "=", "100", "%", "计划标准",
                  [f"brief:{text}"]) for due, what, text in brief.recurring_dues]
    rows += [row(framework, taxonomy.L1_OUTPUT, "时效指标", payment_rate_name(core, q), "=", "100", "%", "计划标准",
                  [f"brief:{q.text}"]) for q in brief.quantities
             if paid_as_rate(q) and not brief.recurring_dues]  # 每季度15日前拨付到村 says when already
    value = deadline_value(brief)
    paid_on_schedule = any(is_payment_schedule(q) for q in brief.quantities)  # its count is a 时效 row already
    if value is None or not (brief.deadline or not (rows or paid_on_schedule or any(
            re.search(r"当场|当日|即时", r.label) for r in brief.rates))):
        return rows
    # With no 时效 of its own the year's end is the completion date. Panel round 7 struck or rewrote every
    # "年度工作任务按期完成率 =100%" put here instead (泛化, 无法核实), while rounds 6–7 kept the date.
    source = f"brief:{brief.deadline or brief.year}"  # (a year alone: the date is assumed, assumed_deadline)
    name = deadline_name(brief.deadline_what, "" if brief.deadline else core, core)  # the year's end: money paid, if any
    rows.insert(0, row(framework, taxonomy.L1_OUTPUT, "时效指标", name, "≤", value, "", "计划标准", [source]))
    return rows


def assumed_deadline(rows: list[Indicator], brief: ProjectBrief) -> Indicator | None:
    """The 时效 row dated the year's end because the brief named no date (its source is the year alone), or None."""
    if brief.deadline:
        return None
    return next((r for r in rows if r.sources == [f"brief:{brief.year}"]), None)
