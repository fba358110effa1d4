"""Goal texts written from the indicator table, so that every number in them is an indicator's number.

A reviewer reads the 年度绩效目标 for three things — what is done, how much, to what effect — and
checks each stated number against the table (相关性). Writing the text from the rows makes that true
by construction; the long-term text states the lasting effect without re-stating annual quantities.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.drafting.homes import PAYOUT, is_one_off
from assistant.drafting.readers import BATCHES
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
    if PAYOUT.search(core):
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
        elif quantity is not None and row.unit in BATCHES:
            phrases.append(f"分{row.value}{row.unit}实施")  # 全年分四批完成 → 分4批实施, not 职工疗休养批次4批
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


def _lasting(row: Indicator, year: int | None = None) -> str:
    """An effect row as a multi-year aim a reviewer can check at the end of the period, with its number: 疫情发生数 =0 →
    保持为零; a ceiling → 控制在0.2%以内; a floor → 保持在90%以上; a full rate → 始终保持100%; a change over the year
    (较上年增长率 ≥10%) → 保持在2027年增长10%后的水平: the brief states one year's change, and every panel round sent
    back "年均增长10%以上" as a target it never set. "逐年提高", "较高水平" without a number are sent back too."""
    name = row.name
    value = f"{row.value}{row.unit}"
    if row.operator == "定性":
        return f"{name}{row.value}"
    if change := re.search(r"(同比|较上年|较上一年|(?:较|比)20\d{2}年)?(增长|下降|减少|降低|缩短|提高|提升)(?:率|幅度)$", name):
        when = f"{year}年" if year else "年度目标"
        return f"{name[:change.start()]}保持在{when}{change.group(2)}{value}后的水平" if row.number else f"{name}保持稳定"
    if row.number == 0 and row.operator in ("=", "≤", "<"):
        return f"{name}保持为零"
    if row.operator in ("≤", "<"):
        return f"{name}控制在{value}以内"
    if row.unit == "%" and row.number is not None and row.number >= 100:
        return f"{name}始终保持100%"
    if row.operator in ("≥", ">"):
        return f"{name}保持在{value}以上"
    return f"{name}保持在{value}"


_SPANS = ("小时", "分钟", "个工作日", "工作日", "天", "日")  # 报修后上门时限 ≤48小时
_RHYTHMS = ("次/天", "次/周", "遍/天", "次/月")  # 市场保洁 ≥3次/天


def long_term_goal_text(form: PerformanceForm, brief: ProjectBrief) -> str:
    """The aim over the three years from the budget year, each effect with the level it is held at (保持在90%以上,
    控制在…以内), so that the text can be checked at the end of the period; a one-off project's aim is what the work
    leaves behind (通过实施…，2027—2029年…), never "持续"."""
    project = form.project
    core = project_core(brief.name) or "本项目"
    rows = _stated(form.long_term_indicators)
    effects = [_lasting(r, project.year) for r in rows if r.level1 == taxonomy.L1_BENEFIT]
    if not effects:  # no effect to point at: the standards the user set for the work are what is kept up
        effects = [_lasting(r) for r in rows if r.level2 == "质量指标" and r.unit in ("%", "‰")
                   and any(src.startswith("brief:") for src in r.sources)][:2]
    if not effects and not is_one_off(core):  # a service kept up: the limits and rhythms the user set for it
        effects = [_lasting(r) for r in rows if r.level2 in ("时效指标", "质量指标") and r.unit in _SPANS + _RHYTHMS
                   and any(src.startswith("brief:") for src in r.sources)][:2]
    satisfaction = [_lasting(r) for r in rows if r.level1 == taxonomy.L1_SATISFACTION][:1]
    period = f"{project.year}—{project.year + 2}年" if project.year else "今后三年"
    if is_one_off(core):
        text = f"通过实施{core}，{period}"
    else:
        text = f"{period}，持续{doing(core)}"
    return "，".join([text] + (effects + satisfaction or ["持续发挥效益"])) + "。"
