"""细化量化 / 可衡量: operator + number + unit, direction, bounds, units that fit, graded 定性 values."""

from __future__ import annotations

import math
import re

from assistant import taxonomy
from assistant.schema import TABLE_TITLES, Finding, Indicator, PerformanceForm
from assistant.validation import facts
from assistant.validation.facts import QUANTITY, TIMELINESS
from assistant.validation.registry import Context, at, emit, rule
from assistant.validation.vocabulary import is_graded, vague_words

_APPROX = re.compile(r"约|左右|大约|上下|近\d|余[人个次万]|\d+多")
# Two numbers in one cell: "400-500人", "47人次至59人次", "1600人、200人", "90%/95%" (a unit of up to 5 characters between).
_RANGE = re.compile(r"\d\s*[\u4e00-\u9fff%a-zA-Z/]{0,5}?\s*(?:[-~～至到—]+|[、，,/])\s*\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])")
_BAD_SYMBOL = re.compile(r"^[≈~≠±＋+≒≌∽]")
_GROWTH = re.compile(r"增长|增幅|提升率|提高率|同比|环比|增加率|增速|放大|倍")
# A reverse word written as a reduction is a positive target: 成本节约率, 发生率下降, 控制率.
_REDUCTION = re.compile(r"下降|降低|减少|节约|节省|控制|压减|压缩|避免|消除")
_POSITIVE_RATE = re.compile(r"(合格|满意|覆盖|完成|及时|达标|到位|准确|知晓|普及|参与|受益|就业|成活|入学|巩固|执行)率$|满意度$")



def _checked(row: Indicator) -> bool:
    """Value rules skip rows whose cells carry a transcriber's "unknown" mark."""
    return not (facts.unknown(row.raw_value) or facts.unknown(row.value) or facts.unknown(row.unit))


def _is_plain_number(row: Indicator) -> bool:
    value = taxonomy.to_number(row.value)
    return value is not None and math.isfinite(value)


@rule("values.missing_unit", "error", "[C] pmkpi explan (定量三级须有单位); [V] 11946.cn")
def missing_unit(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A quantitative 三级 needs a 计量单位: "220" says nothing until it is 220门 or 220人次."""
    found = []
    for table, index, row in facts.rows(form):
        if row.operator == "定性" or not _checked(row) or not _is_plain_number(row) or row.unit.strip():
            continue
        if facts.is_rate_name(row.name):
            continue  # a rate's unit is implied (%): values.unit_mismatch asks for it
        found.append(emit("values.missing_unit", at(table, index, "unit"),
                          f"{facts.quote(row)}只有数值，缺少计量单位。",
                          "补上计量单位（人、次、个、%、万元、天等），如“≥220门”。"))
    return found


def _bare(row: Indicator) -> bool:
    return row.operator == "" and _checked(row) and _is_plain_number(row)


def _bare_convention(rows: list[Indicator]) -> bool:
    """Most numbers of the table are bare: the form's template has no 计算符号 column (common on approved forms)."""
    numeric = [r for r in rows if _is_plain_number(r) and r.operator != "定性"]
    bare = [r for r in numeric if _bare(r)]
    return len(bare) >= 2 and len(bare) * 2 >= len(numeric)


@rule("values.bare_numbers_table", "info", "[C] pmkpi 计算符号 1–6; [P] 28 of 40 approved forms write bare numbers")
def bare_numbers_table(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A table whose values are written without 计算符号 throughout follows its template: said once, as advice."""
    found = []
    for table, rows in form.tables():
        bare = [i for i, r in enumerate(rows) if _bare(r)]
        if _bare_convention(rows):
            lines = "、".join(f"第{i + 1}行" for i in bare[:6]) + ("等" if len(bare) > 6 else "")
            found.append(emit("values.bare_numbers_table", at(table, None, "operator"),
                              f"{TABLE_TITLES[table]}{lines}共{len(bare)}行只写了数值，没有运算符。",
                              "正向指标加“≥”或“=”，反向指标（投诉率、用时、成本等）加“≤”。"))
    return found


@rule("values.bare_number", "info", "[C] pmkpi 计算符号 1–6; [P] 138 bare numbers on 28 of 40 approved forms")
def bare_number(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A quantitative value needs a 计算符号 (=, ≥, ≤, >, <): a bare number does not say which way. Advice (info):
    the 40 approved forms carry 138 bare numbers on 28 forms, every one approved — reviewers read "280人次" as met."""
    found = []
    for table, rows in form.tables():
        if _bare_convention(rows):
            continue  # values.bare_numbers_table
        for index, row in enumerate(rows):
            if not _bare(row):
                continue
            suggestion = "反向指标用“≤”" if taxonomy.is_reverse(row.name) else "按含义加“=”或“≥”"
            found.append(emit("values.bare_number", at(table, index, "operator"),
                              f"{facts.quote(row)}没有运算符。",
                              f"{suggestion}，如“≥{row.value}{row.unit}”。"))
    return found


@rule("values.vague_operator", "warning", "[C] pmkpi 计算符号白名单; [P] 武汉东湖“约5.5万人次”")
def vague_operator(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Values use one operator and one number: no 约/左右, no ranges or several numbers in one cell."""
    found = []
    for table, index, row in facts.rows(form):
        text = facts.nfkc(row.raw_value or row.value)
        if row.operator == "定性" or not _checked(row) or facts.is_date_value(row.value):
            continue
        text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)  # "44,561" is one number
        if _APPROX.search(text):
            problem = "用了“约/左右”等约数"
        elif _RANGE.search(text) and not _is_plain_number(row):
            problem = "写成区间或一格多个数值"
        else:
            continue
        found.append(emit("values.vague_operator", at(table, index, "value"),
                          f"{facts.quote(row)}{problem}，无法考核。",
                          "改为一个运算符加一个确定数值（如“≥5.5万人次”）；多项内容拆成多行。"))
    return found


@rule("values.unknown_symbol", "error", "[C] pmkpi 计算符号 1–6")
def unknown_symbol(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Only =, ≥, >, ≤, < and 定性 are operators; ≈, ~, ≠, ± are not."""
    found = []
    for table, index, row in facts.rows(form):
        text = facts.nfkc(row.raw_value or row.value)
        if row.operator == "定性" and not re.search(r"\d", text):
            continue
        if _BAD_SYMBOL.match(text):
            found.append(emit("values.unknown_symbol", at(table, index, "operator"),
                              f"{facts.quote(row)}的运算符“{text[0]}”不在允许范围内。",
                              "运算符只能用 =、≥、>、≤、< 或“定性”。"))
    return found


@rule("values.not_a_number", "error", "[C] pmkpi 计算符号 1–5 后接数值")
def not_a_number(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """=, ≥, >, ≤, < compare numbers (or a deadline date): "≥很多人" cannot be checked at year end."""
    found = []
    for table, index, row in facts.rows(form):
        if row.operator not in ("=", "≥", ">", "≤", "<") or not row.value.strip() or not _checked(row):
            continue
        if _is_plain_number(row) or facts.is_date_value(row.value) or _BAD_SYMBOL.match(row.value):
            continue
        found.append(emit("values.not_a_number", at(table, index, "value"),
                          f"{facts.quote(row)}用了运算符“{row.operator}”，指标值却不是数字。",
                          f"写成“{row.operator}”加数值和单位（如“≥500人”）；确实无法量化的改为“定性”。"))
    return found


@rule("values.direction", "warning", "[C] pmkpi 监控规则 ＝≥＞正向、＜≤反向")
def direction(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """反向 indicators (投诉率, 故障率, 用时 …) use ≤/<; 正向 rates (合格率, 满意度 …) use ≥/>/=."""
    found = []
    for table, index, row in facts.rows(form):
        if facts.is_cost_row(row) or row.operator not in ("≥", ">", "≤", "<") or not _checked(row):
            continue
        name = facts.nfkc(row.name)
        reverse = taxonomy.is_reverse(name) and not _REDUCTION.search(name) and not _POSITIVE_RATE.search(name)
        if reverse and row.operator in ("≥", ">"):
            message, fix = "是反向指标（越小越好），却用了“≥/>”", f"改为“≤{row.value}{row.unit}”"
        elif not reverse and _POSITIVE_RATE.search(name) and row.operator in ("≤", "<"):
            message, fix = "是正向指标（越大越好），却用了“≤/<”", f"改为“≥{row.value}{row.unit}”"
        else:
            continue
        found.append(emit("values.direction", at(table, index, "operator"),
                          f"{facts.quote(row)}{message}。", f"{fix}。"))
    return found


def _percent_rows(form):
    for table, index, row in facts.rows(form):
        value = facts.number(row)
        if row.unit == "%" and value is not None and _checked(row):
            yield table, index, row, value


@rule("values.percent_over_100", "error", "[P] 岳阳“≥100%”; 领域规则12")
def percent_over_100(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A rate (率/比例/满意度) cannot exceed 100% or be negative; growth rates are the exception."""
    found = []
    for table, index, row, value in _percent_rows(form):
        if _GROWTH.search(row.name):
            continue
        if value > 100 or (value == 100 and row.operator == ">") or value < 0:
            found.append(emit("values.percent_over_100", at(table, index, "value"),
                              f"{facts.quote(row)}超出0–100%的范围。",
                              "比率类指标取值在0–100%之间；核对数值（如“≥95%”）。"))
    return found


@rule("values.growth_over_100", "info", "[R] 领域规则12 增长率例外")
def growth_over_100(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Growth rates may exceed 100%, but a value over 100% deserves a second look."""
    return [emit("values.growth_over_100", at(table, index, "value"),
                 f"{facts.quote(row)}为超过100%的增长类指标。",
                 "确认数值是否为翻倍以上的增长；若是增长后水平，应改写指标名称。")
            for table, index, row, value in _percent_rows(form)
            if _GROWTH.search(row.name) and value > 100]


@rule("values.percent_ge_100", "warning", "[P] 岳阳“项目完成及时率≥100%”")
def percent_ge_100(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """"≥100%" cannot be exceeded: write "=100%"."""
    return [emit("values.percent_ge_100", at(table, index, "operator"),
                 f"{facts.quote(row)}：比率不可能超过100%，“≥100%”表述不当。",
                 "改为“=100%”。")
            for table, index, row, value in _percent_rows(form)
            if value == 100 and row.operator == "≥" and "满意" not in row.name and not _GROWTH.search(row.name)]


_PEOPLE_NAME = re.compile(r"(人数|人次|人次数)$")


@rule("values.unit_mismatch", "warning", "[V] clix4bitcoin 指标库; [P] 岳阳")
def unit_mismatch(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """The unit fits the name: 率/比例/满意度 → %, 人数/人次 → 人/人次, a 数量指标 counts things (not %)."""
    found = []
    for table, index, row in facts.rows(form):
        unit = facts.nfkc(row.unit)
        if row.operator == "定性" or not _checked(row) or not (unit or _is_plain_number(row)):
            continue
        name = facts.nfkc(row.name)
        if facts.is_rate_name(name) and unit != "%":
            fix = "比率类指标用“%”"
        elif not unit:
            continue  # a number with no unit at all: values.missing_unit says it
        elif _PEOPLE_NAME.search(name) and facts.unit_kind(unit) not in ("people", "household") and not unit.startswith("万人"):
            fix = "人数类指标用“人”或“人次”"
        elif facts.level2(row) == QUANTITY and unit == "%" and not facts.is_rate_name(name):
            fix = "数量指标写提供的数量（人、次、个等），比率放到质量指标"
        else:
            continue
        found.append(emit("values.unit_mismatch", at(table, index, "unit"),
                          f"{facts.quote(row)}的单位“{unit}”与指标名称不符。", f"{fix}。"))
    return found


@rule("values.qualitative_not_graded", "warning", "[C] pmkpi 定性分级; [V] dyrmt 优良中低差; fsou 分级分档")
def qualitative_not_graded(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A 定性 value is graded (达到预期目标 / 优良中差 / 好较好一般较差 / 显著有所无), not free prose like "提高"."""
    found = []
    for table, index, row in facts.rows(form):
        value = facts.nfkc(row.value)
        if row.operator != "定性" or not value or not _checked(row) or is_graded(value):
            continue
        if not row.name.strip() or facts.unknown(row.name):
            continue  # no name, or name and value split unsure: structure.empty_name / the transcriber's mark
        if facts.level2(row) == QUANTITY or facts.is_satisfaction_row(row):
            continue  # one finding a row: values.qualitative_quantity / the satisfaction rules say it
        if facts.is_cost_row(row) and re.search(r"控制|不超|以内|预算内", facts.nfkc(row.name + value)):
            continue  # "控制在预算内" as the cost: classification.cost_control_only / budget rules say it
        if vague_words(value):
            continue  # wording.vague_words says it already
        found.append(emit("values.qualitative_not_graded", at(table, index, "value"),
                          f"{facts.quote(row)}的定性值不是分级表述，无法衡量。",
                          "尽量量化（运算符+数值+单位）；确需定性时用“达到预期目标/部分达到预期目标/未达到预期目标”"
                          "或“优/良/中/差”，并在指标解释中写明衡量内容和方法。"))
    return found


@rule("values.qualitative_quantity", "warning", "[V] fsou 定量为主; [R] 88号细化量化")
def qualitative_quantity(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A 数量指标 is a number by nature; a 定性 数量 row cannot be counted."""
    return [emit("values.qualitative_quantity", at(table, index, "value"),
                 f"数量指标{facts.quote(row)}是定性值。",
                 "写成运算符+数值+单位，如“≥500人次”。")
            for table, index, row in facts.rows(form)
            if facts.level2(row) == QUANTITY and row.operator == "定性" and row.value.strip() and _checked(row)]


@rule("values.too_many_qualitative", "info", "[V] fsou 定量为主; [R] 88号细化量化")
def too_many_qualitative(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Targets are numbers as far as possible: more than a third of 定性 rows is too many. Advice (info): the
    定性 rows that cannot be measured are each reported by values.qualitative_not_graded / wording.vague_words."""
    found = []
    for table, rows in form.tables():
        qualitative = [r for r in rows if r.operator == "定性"]
        if len(rows) >= 3 and len(qualitative) * 3 > len(rows):
            found.append(emit("values.too_many_qualitative", at(table, None, "operator"),
                              f"{TABLE_TITLES[table]}{len(rows)}条指标中有{len(qualitative)}条定性指标，超过三分之一。",
                              "能量化的指标改为运算符+数值+单位，定性只作补充。"))
    return found


@rule("values.deadline_outside_year", "error", "[V] clix4bitcoin 时效写法; 领域规则17")
def deadline_outside_year(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """An annual 时效 date falls within the budget year (a later date cannot be met in the year)."""
    if ctx.year is None:
        return []
    found = []
    for index, row in enumerate(form.annual_indicators):
        year = facts.date_year(facts.deadline_text(row)) if _checked(row) else None
        if year is not None and year > ctx.year:
            found.append(emit("values.deadline_outside_year", at("annual", index, "value"),
                              f"{facts.quote(row)}晚于预算年度{ctx.year}年。",
                              f"年度时效应在{ctx.year}年内，如“{ctx.year}年12月31日前”。"))
    return found


@rule("values.deadline_before_year", "warning", "[V] clix4bitcoin 时效写法; 领域规则17")
def deadline_before_year(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """An annual 时效 date before the budget year is already past (usually a copied date)."""
    if ctx.year is None:
        return []
    return [emit("values.deadline_before_year", at("annual", index, "value"),
                 f"{facts.quote(row)}早于预算年度{ctx.year}年。",
                 f"核对日期，年度时效应在{ctx.year}年内。")
            for index, row in enumerate(form.annual_indicators)
            if _checked(row) and (y := facts.date_year(facts.deadline_text(row))) is not None and y < ctx.year]


@rule("values.timeliness_days_operator", "warning", "[V] 领域规则17 (天数须用≤)")
def timeliness_days_operator(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A 时效 day count (办结用时, 完成时限) is a ceiling: write it with ≤."""
    found = []
    for table, index, row in facts.rows(form):
        if (facts.level2(row) == TIMELINESS and row.unit in ("天", "日", "工作日", "小时", "分钟", "个月")
                and row.operator in ("=", "", ">", "≥") and re.search(r"时限|用时|时间|周期|期限|时长|天数", row.name)
                and _checked(row) and _is_plain_number(row)):
            found.append(emit("values.timeliness_days_operator", at(table, index, "operator"),
                              f"时效指标{facts.quote(row)}应为上限。",
                              f"改为“≤{row.value}{row.unit}”。"))
    return found
