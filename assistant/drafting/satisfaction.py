"""The 服务对象满意度 row: who can be asked, at what target, on what basis.

Who answers is the first thing a reviewer checks (a 补助 is rated by those paid, not by 辖区群众; a training by the
trainees; a vaccination by the children's parents): the brief's own satisfaction rate if it names them, those it pays
(村干部报酬 → 村干部; 拨付承储企业 → 承储企业), the trainees of a 培训, the kind's library row, whom the brief says it
serves, and only then a row common to the way of spending. The target is the customary ≥90% of the satisfaction
guideline, on 计划标准: 历史标准 is last year's surveyed result, which no brief gives.
"""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.drafting.candidates import slot_candidates
from assistant.drafting.context import DraftingContext
from assistant.drafting.costs import row
from assistant.drafting.goaltext import project_core
from assistant.drafting.homes import PAYOUT
from assistant.drafting.whoreaders import people_named
from assistant.library import load_common, spending_ways
from assistant.schema import Indicator

PEOPLE_UNITS = ("人", "人次", "户", "名")
DEFAULT_SATISFACTION = "90"
SATISFACTION_GUIDE = "guide:06-satisfaction.md"
# How the people served rate the service: 满意度, 满意率 (a “好差评”好评率 is a 质量 of the service, classification.
# not_satisfaction).
# (满意度调查样本回收率 is a standard of the survey's work, not a rating.)
RATING = re.compile(r"满意(?:度|率)$")
# A satisfaction row that names no one a survey could be sent to.
_NOBODY = re.compile(r"^(?:服务对象|受益对象|群众|社会公众|公众|社会)?满意度$")


def _paid_people(brief: ProjectBrief, core: str) -> str:
    """Those a payment project pays, as the name and a count of people both say them: 村干部报酬 beside 村干部75名,
    生态护林员补助 beside 选聘生态护林员500人; "" for a project that pays no one."""
    if not PAYOUT.search(core):
        return ""
    payee = PAYOUT.sub("", core)
    for quantity in brief.quantities:
        if quantity.unit not in PEOPLE_UNITS or len(quantity.label) < 2:
            continue
        if core.startswith(quantity.label):
            return quantity.label
        if len(payee) >= 2 and quantity.label.endswith(payee):
            return payee
    return ""


def satisfaction_rows(brief: ProjectBrief, context: DraftingContext, framework: str, query: str) -> list[Indicator]:
    level2 = taxonomy.SATISFACTION_L2
    stated = next((r for r in brief.rates if RATING.search(r.label)), None)
    picks = slot_candidates(context, taxonomy.L1_SATISFACTION, level2, f"{brief.beneficiaries} {query}")
    # The library row of the project's kind names its real respondent (参训人员, 受益学校师生); a precedent's
    # often says 公众及服务对象 or 学生、家长、社会: the library row comes first.
    picks.sort(key=lambda c: ("library", "precedent", "common").index(c.origin))
    core = project_core(brief.name)
    paid = _paid_people(brief, core)
    kind_row = next((c for c in picks if c.origin != "common" and not _NOBODY.match(c.indicator.name)), None)
    if stated and len(stated.label) > 3:
        name = stated.label
    elif paid:  # those paid are the ones served (not 辖区村民)
        name = f"{paid}满意度"
    elif brief.recipients and PAYOUT.search(core):  # 拨付承储企业: the firms paid answer, not 辖区群众
        name = f"{brief.recipients}满意度"
    elif re.search(r"培训|培育", core) and not (kind_row and "参训" in kind_row.indicator.name):
        name = "参训人员满意度"
    elif kind_row:  # the kind's own row names who can answer (受种儿童家长, not the infants)
        name = kind_row.indicator.name
    elif brief.beneficiaries or brief.recipients:
        name = f"{brief.beneficiaries or brief.recipients}满意度"
    elif who := next((w for q in brief.quantities if q.unit in PEOPLE_UNITS and not q.frequency
                      and (w := people_named(q.label))), ""):
        name = f"{who}满意度"  # 复核低保对象4100户 → 低保对象满意度: the people the work is done for can be asked
    elif picks:  # a row common to the way of spending (受益群众, 补助对象) names no one in particular
        name = picks[0].indicator.name
    else:  # the way of spending still says who can answer (工程: 受益群众; 规划、评估: 委托单位)
        ways = spending_ways(brief.name, brief.description)
        name = next((r.name for r in load_common() if r.kind in ways and r.level1 == taxonomy.L1_SATISFACTION),
                    "服务对象满意度")
    value = stated.value_text if stated else (picks[0].indicator.value if picks else DEFAULT_SATISFACTION)
    sources = ([f"brief:{stated.text}"] if stated else []) + (picks[0].indicator.sources if picks else [])
    sources = sources or [SATISFACTION_GUIDE]  # the customary ≥90% of the satisfaction guideline
    # 历史标准 is last year's surveyed result (06-satisfaction.md); a brief gives none, so the target is planned
    return [row(framework, taxonomy.L1_SATISFACTION, level2, name, "≥", value, "%", "计划标准", sources)]
