"""Where a row of a draft goes and what a borrowed row must say, as a finance-bureau reviewer reads them.

- a stated quantity: 数量, unless it is an event held at zero (质量, or 效益 when it is harm the work prevents), a money
  result of the work (经济效益) or a daily rhythm of checks (质量);
- a measured stock (林地面积, 大厅面积) is exact;
- a change over a year says what it is measured against (较上年 / 较2026年);
- a borrowed coverage rate of a thing the brief counts itself has no base and is not added;
- with no other 效益 row, the user's own measure of whom the money reaches is the social effect.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief, Quantity
from assistant.drafting.readers import EARNINGS
from assistant.schema import Indicator

# A measure of a stock with no work in its words (林地面积85万亩, 大厅面积6000平方米): the extent the project covers.
MEASURED_STOCK = re.compile(r"^(?!.*(?:" + "|".join(
    ("养护", "维护", "维修", "改造", "建设", "新建", "整治", "清理", "保洁", "管护", "绿化", "修缮", "治理", "种植", "完成",
     "服务", "处理", "新增", "补植", "硬化")) + r")).*(?:面积|里程|长度)$")
# A change of some measure over a year (游客人次同比增长率, 投诉量较上年下降率, 优良率较上年提高幅度): an effect, measurable against
# a baseline; a borrowed row without one says 较上年 and the user is asked for last year's figure.
CHANGE = re.compile(r"(同比|较上年|较上一年|(?:较|比)20\d{2}年)?(增长|下降|减少|降低|缩短|提高|提升)(?:率|幅度)$")


def with_baseline(indicator: Indicator, brief: ProjectBrief) -> Indicator:
    """绿化养护问题投诉下降率 → 绿化养护问题投诉较上年下降率 (历史标准): 比什么下降, written out; a baseline year the
    brief names (较2026年) is used instead."""
    m = CHANGE.search(indicator.name)
    if not m or m.group(1):
        return indicator
    said = re.search(r"(?:较|比)(20\d{2})\s*年", brief.description)
    baseline = f"较{said.group(1)}年" if said else "较上年"
    return indicator.model_copy(update={"name": f"{indicator.name[:m.start()]}{baseline}{indicator.name[m.start():]}",
                                        "basis": "历史标准"})


# Harm the work exists to prevent, counted or rated (区域性重大动物疫情发生数, 森林火灾受害率, 水库安全度汛率): an effect
# for the people and places protected (社会效益), not a standard of the work.
# So is the harm left once the work is done (病虫害危害损失率, 货车超限超载率, 黑臭水体消除比例).
PREVENTED = re.compile(r"疫情|火灾|灾情|灾害|伤亡|受害率|发病率|度汛|溃坝|垮坝|溃堤|再犯罪|重新犯罪|损失率|超限|超载|黑臭")


PAYMENT_VERBS = ("发放", "拨付", "支付", "结算")
# A project that pays money out (村干部报酬, 租赁补贴, 生态效益补偿, 见义勇为奖励和慰问, 贷款贴息): its work is the payment,
# and those paid are the ones who can say whether it reached them.
PAYOUT = re.compile(r"(?:报酬|工资|津贴|补贴|补助|补偿|奖励|奖补|慰问|抚恤|贴息|资助|救助|补助金|慰问金)$")
# The word that says what a payment project does to what it counts (补助规模养殖场, 补贴床位): it pays for them.
PAYING_VERB = re.compile(r"(补助|补贴|奖补|奖励|资助|救助|补偿)$")
# A project done once (built, bought, repaired) is not "持续"; its lasting aim is what the work leaves behind.
_ONE_OFF = re.compile(r"建设|新建|改造|维修|修缮|购置|采购|配备|配置|普查|调查|整治|加固|安装|数字化|绘制|制作|编制|印制|建档")
# Upkeep done every year (小型水库维修养护, 日常维护) is not a one-off, whatever else its name says.
_RECURRING = re.compile(r"养护|运维|日常|运行|管护|保洁|体系建设|能力建设|队伍建设")


def is_one_off(core: str) -> bool:
    """城镇燃气老旧管道更新改造, AED配置: done once and finished; 河道保洁, 小型水库维修养护: done every year."""
    return bool(_ONE_OFF.search(core)) and not _RECURRING.search(core)


def is_payment_schedule(quantity: Quantity) -> bool:
    """按季度发放, 每半年拨付一次: how often the money is paid out."""
    return bool(quantity.frequency) and quantity.label in PAYMENT_VERBS


def paid_as_rate(quantity: Quantity) -> bool:
    """按季度发放, 按月足额发放: a schedule said as 按… is timely or not (…按季度发放及时率 =100%); its count of payments
    says nothing of when the money arrives. A count said as such (春季和秋季学期各发放1次) stays a count."""
    return is_payment_schedule(quantity) and bool(re.match(r"按(?:半年|季度|月|年|季)", quantity.text))


def payment_rate_name(core: str, quantity: Quantity) -> str:
    """村干部报酬 按月足额发放 → 村干部报酬按月足额发放率; 租赁补贴 按季度发放 → 租赁补贴按季度发放及时率."""
    manner = re.sub(r"^按(?:半年|季度|月|年|季)", "", quantity.text) != quantity.label
    return f"{core}{quantity.text}{'率' if manner else '及时率'}"


_EARNED = re.compile(r"(?:" + EARNINGS + r")$")


def quantity_level2(quantity: Quantity, name: str) -> tuple[str, str]:
    """Where a stated quantity goes: an event held at zero is a standard of the work (质量) unless it is harm the work
    prevents (效益); a money result of the work (协议引资额 ≥30亿元, 村集体经营性收入 ≥15万元) is an economic effect, not an output; a daily or
    weekly rhythm of checks (冷链温度每天监测2次) is how well the work is done (质量); a payment schedule (按季度发放:
    4次) says when the money reaches people (时效); what the work saves (年节约用电) is an effect; otherwise 数量."""
    if quantity.value == 0:
        return (taxonomy.L1_BENEFIT, "社会效益指标") if PREVENTED.search(name) else (taxonomy.L1_OUTPUT, "质量指标")
    if quantity.unit in ("亿元", "万元", "元") and (name.endswith("额") or _EARNED.search(name)):
        return taxonomy.L1_BENEFIT, "经济效益指标"
    if _SAVED.search(quantity.label) or CHANGE.search(name):
        # 改造后年节约用电60万千瓦时: what the work saves; 生均藏书量较上年提高幅度 2册: a change over the year
        return taxonomy.L1_BENEFIT, effect_level2(name)
    if quantity.frequency and quantity.unit.endswith(("/天", "/周")) or quantity.operator == "≤" and name.startswith("每"):
        return taxonomy.L1_OUTPUT, "质量指标"  # a daily rhythm of checks, or the most each may have (每种复本量 ≤5册)
    if is_payment_schedule(quantity):
        return taxonomy.L1_OUTPUT, "时效指标"
    return taxonomy.L1_OUTPUT, "数量指标"


def covers_counted(name: str, brief: ProjectBrief) -> bool:
    """A borrowed coverage rate of a thing the brief itself counts (助餐服务社区覆盖率 beside 18个社区助餐点, 乡镇覆盖率
    beside 覆盖15个乡镇): the count already says how far the work reaches, and the rate's denominator (all the
    county's 社区) is nowhere in the brief — a reviewer strikes it or asks for the base."""
    m = re.search(r"([\u4e00-\u9fa5]{2})覆盖率$", name)
    return bool(m) and any(m.group(1) in q.label for q in brief.quantities if not q.frequency and q.label)


# The user's own measure of whom or how far the money reaches (学生参与率, 建制村通公交率, 综合机械化率, 受益农户户数):
# with no other 效益 row, it is the project's social effect rather than a 质量 of the work or a count of it.
_REACHED = re.compile(r"(?:覆盖|参与|普及|入学|巩固|机械化|通(?!过)[\u4e00-\u9fa5]{1,3}|知晓|利用)率$"
                      r"|^受益.{0,12}(?:人数|户数|人次|人口数?)$"
                      r"|(?:事故|事件)(?:发生)?(?:数|次数|起数)$")  # …安全事故发生数 =0: the harm the service keeps away
# So is what the work brings about beyond itself: land newly served (新增保障灌溉面积), firms and jobs it brings
# (新孵化企业数量, 促成灵活就业人次), teams that last (入驻团队存活率), problems others put right on its findings
# (评估问题整改率), contracts kept (履约率) and an audience reached (直播观看量) — but as often a standard of the work
# (隐患整改率 of an inspection), so it moves only where its slot keeps another row.
BROUGHT_ABOUT = re.compile(r"(?:存活|整改|履约)率$"
                           r"|^新增.{0,8}(?:灌溉|除涝|排涝|保障|受益|就业).{0,6}(?:面积|人数|户数|人次)$"
                           r"|(?:孵化|带动|促成|吸纳)[\u4e00-\u9fa5]{0,10}(?:数量|人数|人次|户数|家数)$"
                           r"|(?:观看|阅读|浏览|点击|播放|收看|收听|访问)(?:量|人次|次数)$")
# A rate over a whole territory (全县秸秆综合利用率, 治理区林草覆盖率) is what the work brings about there, not a standard
# of the work itself.
_TERRITORY_RATE = re.compile(r"^(?:全县|全市|全区|全镇|全乡|辖区|治理区|项目区|流域|区域).{1,14}率$")
# An effect on land, water, air or living things is an ecological one (生态效益).
_ECOLOGICAL = re.compile(r"林草|森林|草地|草原|植被|矿山|复绿|河湖|水体|秸秆|粪污|水质|水土|排污|污水|黑臭|空气|土壤|生态|绿化|绿地|湿地|碳|排放|节能|用电|能耗|化肥|农药|废弃物|垃圾")
# What the work saves or cuts, once done (改造后年节约用电, 年减少碳排放): an effect, not work done.
_SAVED = re.compile(r"^(?:改造后|治理后|实施后|建成后)?(?:每年|年均|年)?(?:节约|节省|节能|减少|削减|减排|降低)")


# What a service achieves for those it serves, rated (调解成功率, 引进人才留用率, 包装废弃物回收率, 审减率): its effect,
# whatever else the table holds — not a standard of the work.
ACHIEVED = re.compile(r"(?:成功|留用|留存|回收|审减|化解|挽回|转化|就业|治愈|康复)率$")


def achieved_home(name: str) -> str | None:
    """The 效益 二级 of a rate of what the service achieves (审减率 saves money: 经济效益), or None."""
    if not ACHIEVED.search(name) or "满意" in name:
        return None
    return "经济效益指标" if re.search(r"审减|挽回", name) else effect_level2(name)


def effect_level2(name: str) -> str:
    return "生态效益指标" if _ECOLOGICAL.search(name) else "社会效益指标"


def territory_effect(name: str) -> str | None:
    """全县秸秆综合利用率 → 生态效益指标: a rate over the whole county is the 效益 二级 it belongs to; None otherwise."""
    return effect_level2(name) if _TERRITORY_RATE.search(name) and "满意" not in name else None


def reached_as_benefit(row: Indicator) -> Indicator:
    if row.level1 != taxonomy.L1_OUTPUT or row.level2 not in ("质量指标", "数量指标") \
            or not (_REACHED.search(row.name) or BROUGHT_ABOUT.search(row.name)):
        return row
    if not any(s.startswith("brief:") for s in row.sources):
        return row
    return row.model_copy(update={"level1": taxonomy.L1_BENEFIT, "level2": effect_level2(row.name)})
