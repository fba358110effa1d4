"""产出 vs 效益 vs 满意度: each row stands under the 一级 of what it measures, and the finding says where it belongs.

产出 is what the money delivers (how many trained, how many held, to what standard, by when); 效益 is what changes
for people because of it (就业, 收入, 健康 …); 满意度 is how satisfied they are. Reviewers send back forms that mix
them up (shutu.cn "质量与效益混淆", "以满意度代替效益" [V]; 领域规则19–20). Every finding is located at the row.
"""

from __future__ import annotations

import re

from assistant.schema import Finding, Indicator, PerformanceForm
from assistant.validation import facts
from assistant.validation.facts import L1_BENEFIT, L1_OUTPUT, QUALITY, QUANTITY, TIMELINESS
from assistant.validation.registry import Context, at, emit, rule

# What changes for the people served: outcomes, wherever the words stand in the name.
_OUTCOME = re.compile(r"就业率|实现就业|带动就业|培训后就业|就业人数|受益|治愈率|增收|收入(增长|增加|提高|水平)|人均收入|增产|产值|"
                      r"知晓率|脱贫率|康复率|升学率|好转率|达标排放|发病率(下降|降低)|减少.{0,6}(发生|损失)|"
                      r"再犯罪率|重新犯罪率|同比增长率|较上年增长率|回收利用率|资源化利用率")
# Outcomes a 数量 row cannot be: rates and money changes (a count of people employed is a 数量 in 就业 programs).
_OUTCOME_RATE = re.compile(r"(就业|治愈|脱贫|康复|升学|知晓|好转)率|增收|收入|增产|产值")
# Delivery standards of the work itself: 质量 or 时效.
_QUALITY_RATE = re.compile(r"合格率|验收|故障率|准确率|差错率|规范率|优良率")  # not 完好率: 设施完好率 is 可持续影响
_TIMELY_RATE = re.compile(r"完成率|及时率|按期|按时|到位率|发放率|办结率|完工率|进度")
# Work done, counted: 数量. Completion (完成…, …完成量) or an activity (举办, 培训, 发放 …) ahead of a count.
_ACTIVITY = re.compile(r"^(完成|开展|举办|组织|召开|发放|培训|购置|采购|建设|建成|新建|改造|维修|印发|宣传|检查|巡查|慰问|"
                       r"走访|实施|举行|提供|配备|接待|编印|制作|安装|补贴|补助|资助|救助|扶助)"
                       r"|完成(量|数|套数|个数|人数|次数|户数)|(已|累计)完成"
                       r"|(培训|举办|召开|开展|发放|检查|巡查|宣传|演练|会议|活动|讲座|课程|班|展览|督查|排查|走访|慰问|"
                       r"巡察|维修|维护|养护|授课|救助|补助|补贴|资助)"
                       r"(人数|人次|次数|场次|期数|数量|个数|户数|次|场|期|个|批次|天数|面积|里程)")
# Words that make a count an outcome even with an activity in it: 培训后就业人数, 受益人数, 带动就业.
_BENEFIT_WORDS = re.compile(r"就业|受益|惠及|带动|增收|脱贫|收入|减少|下降|降低|提高|提升|改善|增加|覆盖|普及|知晓|治愈|"
                            r"康复率|解决|事故|发生|案件|年限|寿命|观众|游客|参观|成功|新引进|采纳|返贫|伤亡|投诉|流量|人均|"
                            r"保障|参与|查阅|利用|培育|培养|推广应用|引用|采用|调用|阅读|浏览|点击|访问|使用|晋升|稳定运行")
# Units that count work done: people served, things held or built, length and area covered (not 万元, 年, %).
_WORK_UNITS = {"公里", "千米", "米", "平方米", "万平方米", "平方公里", "亩", "万亩", "吨", "天", "小时", "条", "株", "棵",
               "头", "只"}
_COUNT_KINDS = ("people", "household", "count")


def _is_count(row: Indicator) -> bool:
    unit = facts.nfkc(row.unit)
    return facts.unit_kind(unit) in _COUNT_KINDS or unit in _WORK_UNITS or unit in ("万人", "万人次")


def output_kind(row: Indicator) -> str | None:
    """The 产出 二级 a row's name belongs to (数量/质量/时效指标), or None when it reads as an outcome or is unclear."""
    name = facts.nfkc(row.name)
    if "满意" in name or _OUTCOME.search(name) or re.search(r"投诉|举报|诉求", name):
        return None  # complaints resolved are the public's concerns met: an effect as often as a delivery
    if row.operator in ("≤", "<"):
        return None  # held at or below a limit (伤亡人数 ≤0人, 投诉件数 ≤20件): an effect, not work delivered
    if _QUALITY_RATE.search(name) and not (facts.level2(row) == "可持续影响指标" and "完好" in name):
        return QUALITY  # (设施完好率 under 可持续影响: what lasts)
    if _TIMELY_RATE.search(name) and row.unit in ("%", ""):
        return TIMELINESS
    if _ACTIVITY.search(name) and not _BENEFIT_WORDS.search(name) and _is_count(row):
        return QUANTITY  # a count of work done or held, with no word of what it changed
    return None


@rule("classification.output_in_benefit", "warning", "[V] shutu.cn 质量与效益混淆; 领域规则19")
def output_in_benefit(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Work delivered — completion counts (完成培训人数), activity counts (举办讲座场次), delivery rates (验收合格率,
    发放及时率) — is 产出, not 效益: a 效益 row says what changed for people because of it."""
    found = []
    for table, index, row in facts.rows(form):
        if facts.level1(row) != L1_BENEFIT:
            continue
        home = output_kind(row)
        if home is None:
            continue
        what = {QUANTITY: "完成的工作量", QUALITY: "交付的质量标准", TIMELINESS: "完成进度或时效"}[home]
        found.append(emit("classification.output_in_benefit", at(table, index, "level1"),
                          f"{facts.quote(row)}是产出（{what}），却放在效益指标下。",
                          f"移到产出指标/{home}；效益指标写这项工作带来的变化，如培训后就业人数、受益群众收入增长。"))
    return found


def outcome_home(name: str) -> str | None:
    """The 效益 二级 an outcome belongs to (经济效益指标 for income, output value and growth in money or visitors;
    社会效益指标 otherwise; 生态效益指标 for resource recovery), or None when the name is no outcome."""
    name = facts.nfkc(name)
    if "满意" in name or not _OUTCOME.search(name):
        return None
    if re.search(r"回收利用率|资源化利用率", name):
        return "生态效益指标"
    return "经济效益指标" if re.search(r"增收|收入|增产|产值|增长率", name) else "社会效益指标"


@rule("classification.outcome_in_output", "warning", "[V] shutu.cn 质量与效益混淆; 领域规则19")
def outcome_in_output(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Outcomes for the people served (就业率, 带动就业, 增收, 治愈率 …) are 效益, not 产出 数量/质量/时效."""
    found = []
    for table, index, row in facts.rows(form):
        l2 = facts.level2(row)
        if facts.level1(row) != L1_OUTPUT or l2 not in (QUANTITY, QUALITY, TIMELINESS):
            continue
        name = facts.nfkc(row.name)
        if "满意" in name or not _OUTCOME.search(name):
            continue
        if l2 == QUANTITY and not _OUTCOME_RATE.search(name):
            continue  # 城镇新增就业人数, 带动就业人数: counted as 数量 in the 就业补助资金 templates [P] 武汉东湖
        home = "经济效益指标" if re.search(r"增收|收入|增产|产值", name) else "社会效益指标"
        found.append(emit("classification.outcome_in_output", at(table, index, "level1"),
                          f"{facts.quote(row)}反映的是项目效果，却放在产出指标/{l2}下。",
                          f"移到效益指标/{home}；{l2}写交付本身（数量、合格率、完成时间）。"))
    return found


@rule("classification.satisfaction_misplaced", "warning", "[V] shutu.cn 以满意度代替效益")
def satisfaction_misplaced(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A satisfaction measure belongs to 满意度指标/服务对象满意度指标, not to 产出 or 效益."""
    return [emit("classification.satisfaction_misplaced", at(table, index, "level1"),
                 f"{facts.quote(row)}是满意度，却放在{row.level1 or '其他一级指标'}下。",
                 "移到满意度指标/服务对象满意度指标。")
            for table, index, row in facts.rows(form)
            if "满意" in row.name and facts.level1(row) in (L1_OUTPUT, L1_BENEFIT)
            and facts.level2(row) != "服务对象满意度指标"]  # a 满意度 二级 there: structure.illegal_pair
