"""二级 semantics: satisfaction that is not satisfaction, inputs as outputs, duplicates (产出 vs 效益: placement.py)."""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.schema import TABLE_TITLES, Finding, PerformanceForm
from assistant.validation import facts
from assistant.validation.facts import L1_BENEFIT, L1_OUTPUT
from assistant.validation.registry import Context, at, emit, rule

_SUBJECT = re.compile(r"受训|学员|学生|家长|群众|居民|农户|村民|患者|病人|对象|企业|单位|市民|公众|游客|读者|职工|"
                      r"教师|用户|老人|残疾人|儿童|员工|商户|旅客|乘客|考生|参训|受益|服务|人员|人民|社会|租户|干部|户")
# Inputs and process are not performance (dybbs8; dyrmt; 宁晋 自评表).
_HARD_INPUTS = re.compile(r"资金到位率|预算执行率")
_SOFT_INPUTS = re.compile(r"资金拨付率|资金支出率|支出进度|结余率|科目调整|足额保障率|足额拨付率|制度建立|制度健全|"
                          r"规章制度|资金使用合规|资金到位及时|到位率|执行率|成本控制率|调整次数|合规性")


def is_input(name: str) -> bool:
    """An input or process measure (资金到位率, 预算执行率, 制度健全 …): not performance. The drafter never reuses one."""
    return bool(_HARD_INPUTS.search(name) or _SOFT_INPUTS.search(name))


@rule("classification.not_satisfaction", "error", "[V] shutu.cn; [C] pmkpi 满意度二级=服务对象满意度")
def not_satisfaction(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A row under 满意度指标 must measure satisfaction; "技能人才保障 增强" is an effect, not a rating."""
    found = []
    for table, index, row in facts.rows(form):
        if not facts.is_satisfaction_row(row) or "满意" in row.name or not re.search(r"[\u4e00-\u9fff]{2}", row.name):
            continue
        if facts.value_like(row.name) or facts.unknown(row.name):
            continue  # the cell holds a value or is unreadable, not a name
        if row.unit == "%" and row.operator in ("≥", ">", "=", "") and _SUBJECT.search(row.name):
            continue  # names the people but not the word 满意: classification.satisfaction_unnamed
        found.append(emit("classification.not_satisfaction", at(table, index, "name"),
                          f"{facts.quote(row)}放在满意度指标下，但它不是满意度测量。",
                          "满意度指标写“某服务对象对某服务的满意度 ≥xx%”；该行内容若是效果，移到效益指标并量化。"))
    return found


@rule("classification.satisfaction_unnamed", "warning", "[P] 黄石、岳阳满意度写法; 领域规则31")
def satisfaction_unnamed(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A satisfaction row says it is satisfaction: "服务对象 ≥95%" names the people but not what is rated."""
    return [emit("classification.satisfaction_unnamed", at(table, index, "name"),
                 f"{facts.quote(row)}没有写明是满意度。",
                 f"改为“{row.name}满意度”，写明谁对什么满意。")
            for table, index, row in facts.rows(form)
            if facts.is_satisfaction_row(row) and "满意" not in row.name and row.unit == "%"
            and row.operator in ("≥", ">", "=", "") and _SUBJECT.search(row.name)]


@rule("classification.satisfaction_whose", "warning", "[P] 黄石“培训学员对培训效果满意度”; 领域规则31")
def satisfaction_whose(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A satisfaction row says whose satisfaction it is (受训学员满意度), not a bare "满意度"."""
    found = []
    for table, index, row in facts.rows(form):
        if "满意" not in row.name or not facts.is_satisfaction_row(row):
            continue
        subject = re.sub(r"满意[度率]?|调查|程度|指标|总体|综合|整体|的|对|[\s\W\d]", "", facts.nfkc(row.name))
        if not subject:
            found.append(emit("classification.satisfaction_whose", at(table, index, "name"),
                              f"{facts.quote(row)}没有写明是谁的满意度。",
                              "写明服务对象，如“受训学员满意度”“受益农户满意度”。"))
    return found


@rule("classification.satisfaction_value", "warning", "[P] 已见满意度多为≥85%–≥95%; 领域规则31")
def satisfaction_value(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A satisfaction target of 100% is unrealistic; use ≥90% or similar."""
    return [emit("classification.satisfaction_value", at(table, index, "value"),
                 f"满意度{facts.quote(row)}定为100%，不切实际。",
                 "按以往调查水平设定，如“≥90%”。")
            for table, index, row in facts.rows(form)
            if "满意" in row.name and row.unit == "%" and facts.number(row) == 100 and not facts.unknown(row.raw_value)]


@rule("classification.satisfaction_low", "info", "[P] 已见满意度多为≥85%–≥95%; 领域规则31")
def satisfaction_low(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A satisfaction target below 80% is unusually low."""
    return [emit("classification.satisfaction_low", at(table, index, "value"),
                 f"满意度{facts.quote(row)}低于80%，目标偏低。",
                 "核对数值；常见满意度目标为≥85%～≥95%。")
            for table, index, row in facts.rows(form)
            if "满意" in row.name and row.unit == "%" and (v := facts.number(row)) is not None and 0 <= v < 80
            and not facts.unknown(row.raw_value)]


@rule("classification.satisfaction_replaces_benefit", "error", "[V] shutu.cn 以满意度指标代替效益指标")
def satisfaction_replaces_benefit(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Satisfaction must not replace 效益: a table whose only 效益 rows are satisfaction has no benefit."""
    found = []
    for table, rows in form.tables():
        benefit = [r for r in rows if facts.level1(r) == L1_BENEFIT]
        if benefit and all("满意" in r.name or facts.level2(r) == "服务对象满意度指标" for r in benefit):
            found.append(emit("classification.satisfaction_replaces_benefit", at(table, None, "level1"),
                              f"{TABLE_TITLES[table]}的效益指标只有满意度，以满意度代替了效益。",
                              "效益指标写项目带来的变化（社会、经济、生态效益或可持续影响），满意度放在满意度指标下。"))
    return found


@rule("classification.input_as_output", "error", "[V] dybbs8 投入不得作为绩效目标; [P] dyrmt、宁晋")
def input_as_output(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """资金到位率 and 预算执行率 measure inputs, not what the money produces; they are not 产出."""
    return [emit("classification.input_as_output", at(table, index, "name"),
                 f"{facts.quote(row)}衡量的是资金投入，不是产出。",
                 "删除该行，改写项目实际提供的服务或产品（数量、质量、时效）；预算执行率在自评中单独考核。")
            for table, index, row in facts.rows(form)
            if facts.level1(row) == L1_OUTPUT and _HARD_INPUTS.search(row.name)]


@rule("classification.input_indicator", "warning", "[V] dybbs8; [P] dyrmt 足额保障率/结余率、宁晋 资金支出率")
def input_indicator(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Fund flow and rule-making (拨付率, 结余率, 制度建立 …) are process, not performance."""
    found = []
    for table, index, row in facts.rows(form):
        l1 = facts.level1(row)
        hard = l1 == L1_OUTPUT and _HARD_INPUTS.search(row.name)
        if hard or l1 not in (L1_OUTPUT, L1_BENEFIT, facts.L1_COST):
            continue
        if _SOFT_INPUTS.search(row.name) or _HARD_INPUTS.search(row.name):
            found.append(emit("classification.input_indicator", at(table, index, "name"),
                              f"{facts.quote(row)}反映资金或管理过程，不是绩效。",
                              "改写为资金带来的产出或效果；过程管理指标不列入绩效目标表。"))
    return found


@rule("classification.cost_control_only", "warning", "[P] 黄石“成本控制率100%”作填充")
def cost_control_only(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """"成本控制率 100%" as the only 成本 row says nothing about what the outputs cost."""
    found = []
    for table, rows in form.tables():
        cost = [(i, r) for i, r in enumerate(rows) if facts.is_cost_row(r)]
        if len(cost) == 1 and re.search(r"控制率|控制情况|控制在", cost[0][1].name):
            index, row = cost[0]
            found.append(emit("classification.cost_control_only", at(table, index, "name"),
                              f"{facts.quote(row)}是唯一的成本指标，不反映实际成本。",
                              "写明总成本（≤预算万元）或单位成本（如“人均培训成本≤800元/人”）。"))
    return found


@rule("classification.duplicate", "warning", "[V] 领域规则22 (重复指标)")
def duplicate(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """The same 三级 twice in one table (under the same or another 二级) is counted twice."""
    found = []
    for table, rows in form.tables():
        seen: dict[str, int] = {}
        for index, row in enumerate(rows):
            key = facts.name_key(row.name)
            if not key or facts.unknown(row.name) or (key.endswith("指标") and taxonomy.is_level2(key)):
                continue  # a 二级 label ("质量指标") in the 三级 cell is a missing name, not a repeated one
            if key in seen:
                first = seen[key]
                found.append(emit("classification.duplicate", at(table, index, "name"),
                                  f"{facts.quote(row)}与第{first + 1}行重复。",
                                  "删除重复行，或改写名称区分两者衡量的不同内容。"))
            else:
                seen[key] = index
    return found
