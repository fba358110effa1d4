"""Goal texts written from the indicator table, so that every number in them is an indicator's number.

A reviewer reads the 年度绩效目标 for three things — what is done, how much, to what effect — and
checks each stated number against the table (相关性). Writing the text from the rows makes that true
by construction; the long-term text states the lasting effect without re-stating annual quantities.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.schema import Indicator, PerformanceForm

_OP_WORDS = {"≥": "不低于", ">": "高于", "≤": "不超过", "<": "低于", "=": "达到", "": "达到"}


def phrase(row: Indicator) -> str:
    """One row as words: 培训合格率不低于90%; 项目完成时间：2027年12月31日前."""
    if row.operator == "定性":
        return f"{row.name}{row.value}"
    if row.level2 == "时效指标" and row.unit == "" and "年" in row.value:
        what = row.name.removesuffix("时间") if row.name not in ("项目完成时间", "完成时间") else ""
        due = "前" if row.operator in ("≤", "<") else ""
        if what.startswith(("完成", "竣工", "全部完成")):
            return f"于{row.value}{due}{what}"  # 完成放流时间 → 于…前完成放流, not 完成放流于…前完成
        if what.endswith("完成"):
            return f"{what[:-2]}于{row.value}{due}完成"  # 主题活动完成时间 → 主题活动于…前完成
        return f"{what}于{row.value}{due}完成" if what else f"于{row.value}{due}完成"
    if row.number == 0 and row.operator in ("=", "≤"):
        return f"{row.name}为0"  # 工程安全事故发生数为0, not 达到0起
    return f"{row.name}{_OP_WORDS.get(row.operator, '达到')}{row.value}{row.unit}"


def _stated(rows: list[Indicator]) -> list[Indicator]:
    """The rows a goal text may speak of: not the ones left for the user to fill in."""
    return [r for r in rows if not any(s.startswith("gap:") for s in r.sources)]


# A project done once (built, bought, repaired) is not "持续"; its lasting aim is what the work leaves behind.
_ONE_OFF = re.compile(r"建设|新建|改造|维修|修缮|购置|采购|配备|普查|整治|加固|安装|数字化|绘制|制作|编制|印制|建档")
# Upkeep done every year (小型水库维修养护, 日常维护) is not a one-off, whatever else its name says.
_RECURRING = re.compile(r"养护|运维|日常|运行|管护|保洁|体系建设|能力建设|队伍建设")
# The verb a stock of facilities is served with, from the project's own name (运维 42座污水处理站).
_STOCK_VERBS = ("运维", "维护", "养护", "管护", "保洁", "运营", "改造", "维修", "建设", "补助", "保障")


def project_core(name: str) -> str:
    """2027年村干部报酬经费 → 村干部报酬: the project without its year and its 项目/经费/资金."""
    core = re.sub(r"^(?:20\d{2}\s*年度?)", "", name or "")
    return re.sub(r"(?:项目经费|项目资金|专项资金|工作经费|项目|经费|资金)$", "", core) or core


_LEADING_WORK = re.compile(r"^(?:覆盖|推行|推进|实施|开展|建成|新建|改造|养护|维护|维修|运维|管护|保洁|配置|配备|聘用|聘请|选聘|"
                           r"扶持|资助|救助|补助|培训|检测|监测|免疫|投放|购置|采购|新增|储备)")


def doing(core: str) -> str:
    """What the unit does with the money, as the goal text says it: 实施 a programme, 发放 a payment
    (村干部基本报酬 → 发放村干部基本报酬), 保障 what a fee pays for (办公楼物业管理费 → 保障办公楼物业管理)."""
    if not core:
        return "实施本项目"
    if re.search(r"(?:报酬|补贴|补助|抚恤|津贴|补助金|奖补)$", core):
        return f"发放{core}"
    if re.search(r"(?:管理费|物业费|运行费|服务费|运维费)$", core):
        return f"保障{core.removesuffix('费')}"
    return f"实施{core}"


def _quantity_phrases(form: PerformanceForm, brief: ProjectBrief) -> list[str]:
    """What is done, in the table's numbers: 培训500人, 运维农村污水处理站42座, 举办阅读推广活动120场."""
    rows = [r for r in _stated(form.annual_indicators) if r.level2 == "数量指标"]
    stated = {f"{q.value_text}{q.unit}": q for q in brief.quantities}
    work = re.sub(r"(?:体系|能力|队伍|机制)建设", "", form.project.name)  # 服务体系建设 builds no facility
    verb = next((v for v in _STOCK_VERBS if v in work), "覆盖")
    phrases = []
    for row in rows:
        quantity = stated.get(f"{row.value}{row.unit}")
        if quantity is not None and quantity.fixed and not quantity.frequency and quantity.label \
                and not _LEADING_WORK.match(quantity.label) and "/" not in row.unit \
                and row.unit not in ("人", "名", "户", "人次"):  # 村干部75名, not 覆盖村干部75名
            phrases.append(f"{verb}{quantity.label}{row.value}{row.unit}")
        elif quantity is not None and quantity.label and not row.name.startswith(quantity.label):
            # the row was named anew (在校200天 → 膳食补助天数): the text speaks of it as the row does
            phrases.append(f"{re.sub(r'(?:天数|人数|数量|面积|里程)$', '', row.name)}{row.value}{row.unit}")
        elif quantity is not None and quantity.label:
            phrases.append(f"{quantity.label}{row.value}{row.unit}")
        elif quantity is not None and row.name.startswith("举办"):
            phrases.append(f"举办{row.value}{row.unit}")
        else:
            phrases.append(f"{row.name}{row.value}{row.unit}")
    return phrases


def annual_goal_text(form: PerformanceForm, brief: ProjectBrief) -> str:
    project = form.project
    rows = _stated(form.annual_indicators)
    head = f"{project.year}年，" if project.year else ""
    doer = project.unit or "本单位"
    budget = next((r for r in rows if r.name == "项目总成本"), None)
    money = f"安排资金{budget.value}{budget.unit}，" if budget else ""
    sentences = [f"{head}{doer}{money}{doing(project_core(brief.name))}"]
    quantities = _quantity_phrases(form, brief)
    if quantities:
        sentences.append("、".join(quantities))
    quality = [phrase(r) for r in rows if r.level2 in ("质量指标", "时效指标")]
    if quality:
        sentences.append("，".join(quality))
    effects = [phrase(r) for r in rows if r.level1 == taxonomy.L1_BENEFIT]
    satisfaction = [phrase(r) for r in rows if r.level1 == taxonomy.L1_SATISFACTION]
    if effects or satisfaction:
        sentences.append("实现" + "，".join(effects + satisfaction))
    return "，".join(sentences) + "。"


def _lasting(row: Indicator) -> str:
    """An effect row as a multi-year aim, without this year's number: 疫情发生数 =0 → 保持为零; a ceiling → 控制在较低
    水平; a change over the year (较上年增长率) → 逐年增长; a full rate → 始终保持100%; another rate → 逐年提高."""
    name = row.name
    if change := re.search(r"(同比|较上年|较上一年|(?:较|比)20\d{2}年)?(增长|下降|减少|降低|缩短|提高|提升)率$", name):
        return f"{name[:change.start()]}逐年{change.group(2)}"
    if row.operator == "定性":
        return f"{name}{row.value}"
    if row.number == 0 and row.operator in ("=", "≤", "<"):
        return f"{name}保持为零"
    if row.operator in ("≤", "<") or taxonomy.is_reverse(name):
        return f"{name}控制在较低水平"
    if row.unit == "年" and row.operator in ("≥", ">", "="):
        return f"{name}达到{row.value}{row.unit}"  # a service life is itself a multi-year aim
    if row.unit in ("万元", "亿元") and row.operator in ("≥", ">"):
        return f"{name}逐年增加"  # 协议引资额: a money result grows with the work
    if row.unit == "%" and row.number is not None and row.number >= 100:
        return f"{name}始终保持100%"
    if row.unit in ("%", "‰"):
        return f"{name}逐年提高"
    return f"{name}保持稳定"


def long_term_goal_text(form: PerformanceForm, brief: ProjectBrief) -> str:
    """The multi-year aim, not this year's numbers: over the three years from the budget year, what the project
    keeps doing and for whom, and where each effect is headed (逐年提高, 保持为零, 控制在较低水平); a one-off project's
    aim is what the work leaves behind (通过实施…), never "持续"."""
    project = form.project
    core = project_core(brief.name) or "本项目"
    rows = _stated(form.long_term_indicators)
    effects = [_lasting(r) for r in rows if r.level1 == taxonomy.L1_BENEFIT]
    if not effects:  # no effect to point at: the standards the user set for the work are what is kept up
        effects = [_lasting(r) for r in rows if r.level2 == "质量指标" and r.unit in ("%", "‰")
                   and any(src.startswith("brief:") for src in r.sources)][:2]
    satisfaction = [f"{r.name}保持在较高水平" for r in rows if r.level1 == taxonomy.L1_SATISFACTION][:1]
    if _ONE_OFF.search(core) and not _RECURRING.search(core):
        text = f"通过实施{core}，在项目完成后长期发挥作用"
    else:
        period = f"{project.year}—{project.year + 2}年" if project.year else "今后三年"
        who = f"，为{brief.beneficiaries}提供稳定服务" if brief.beneficiaries else ""
        text = f"{period}，持续{doing(core)}{who}"
    return "，".join([text] + effects + satisfaction) + "。"
