"""The defects a finance-bureau reviewer sends forms back for, written into real forms the way real forms write them.

Each injector is a pure function ``(form, rng) -> Injection | None``: a damaged copy of the form, the place of the
damage (table, row, field) and the rules a reviewer would expect to speak there; None when the form cannot host
the defect (no % row to push over 100, no budget to exceed …). The seed picks the row and the wording.

Independence: nothing here is imported from ``assistant/validation`` and no pattern or word list of the rules is
copied. The wordings come from the real forms (knowledge/forms, ../shared/forms: "约5.5万人次", "1600人、200人",
"≥**%", "2021年全年", "服务对象 ≥95%" …), from the domain notes (/work/shared/domain/guidelines-research.md: 治愈率,
就业率 as 效益; 验收合格率 as 质量; "本项目年度预算104万元" from issue 11) and from the forms' own rows (a 数量 row
moved under 效益, a row of another form of another kind). Only the core schema and taxonomy (parsing a cell, the
一级/二级 names) are shared with the validators, as they are with every importer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from assistant import taxonomy
from assistant.schema import Finding, Indicator, PerformanceForm
from eval.injected_rows import FOREIGN_DONORS, OUTCOME_ROWS, form_kind

ANY = -1  # Accept.index: a finding at any row of the table


@dataclass(frozen=True)
class Accept:
    """One finding that counts as catching the defect: rule id (or prefix), place, and words of its message."""

    rule: str
    table: str
    index: int | None = ANY  # None: a table-level finding; ANY: any place in the table
    field: str | None = None  # for "goals": which goal text (annual / long_term)
    contains: str = ""

    def matches(self, finding: Finding) -> bool:
        loc = finding.location
        if not finding.rule.startswith(self.rule) or loc.table != self.table:
            return False
        if self.index != ANY and loc.index != self.index:
            return False
        if self.field is not None and loc.field != self.field:
            return False
        return self.contains in finding.message


@dataclass
class Injection:
    kind: str
    form: PerformanceForm
    accepts: tuple[Accept, ...]  # an expected rule at the injected place
    note: str  # 中文: what was changed, where
    place: tuple[str, int | None, str | None] = ("annual", None, None)  # (table, row, goal field) of the damage

    def caught_by(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if any(a.matches(f) for a in self.accepts)]

    def at_place(self, finding: Finding) -> bool:
        """Any finding at the damaged place: the row (or the table, or the goal text when that is the place)."""
        table, index, field = self.place
        loc = finding.location
        if loc.table != table:
            return False
        if table == "goals":
            return loc.field == field
        return index is None or loc.index == index


Injector = Callable[[PerformanceForm, random.Random], "Injection | None"]

# ---- reading a real form the way the importer left it ------------------------------------------

# The transcribers' marks in knowledge/forms (../shared/forms/README.md: "[缺] marks what the source did not
# show"; the 备注 notes "原文如此", "疑为…", "打码", "xlsx数值"): such a cell is not known, so no defect is written there.
_TRANSCRIBER_MARKS = ("[", "原文", "疑为", "打码", "xlsx")
_QUANT_OPS = ("=", "≥", "≤", ">", "<")
PEOPLE_UNITS = set(taxonomy.UNITS["people"])
COUNT_UNITS = PEOPLE_UNITS | set(taxonomy.UNITS["count"]) | set(taxonomy.UNITS["measure"])
L1_OUT, L1_BEN, L1_SAT = taxonomy.L1_OUTPUT, taxonomy.L1_BENEFIT, taxonomy.L1_SATISFACTION


def _marked(text: str) -> bool:
    return any(mark in (text or "") for mark in _TRANSCRIBER_MARKS)


def _plain(row: Indicator) -> bool:
    """A row read in full: a name, a 一级, no transcriber's mark in any cell."""
    cells = (row.level1, row.level2, row.name, row.raw_value, row.value, row.unit, row.basis)
    return bool(row.name.strip()) and bool(row.level1.strip()) and not any(_marked(c) for c in cells)


def _l1(row: Indicator) -> str:
    return taxonomy.normalize_level1(row.level1)


def _l2(row: Indicator) -> str:
    return taxonomy.normalize_level2(row.level2) if row.level2 else ""


def _numeric(row: Indicator) -> bool:
    return row.operator in _QUANT_OPS + ("",) and row.number is not None


def _cell(row: Indicator, raw: str) -> Indicator:
    """The row with its 指标值 cell rewritten as written text, parsed as the importer parses it."""
    parsed = taxonomy.parse_value(raw)
    return row.model_copy(update={"operator": parsed.operator, "value": parsed.value, "unit": parsed.unit,
                                  "raw_value": raw})


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _table_name(form: PerformanceForm) -> str:
    """The table a defect is written into: the annual one when it has rows, else the long-term one."""
    return "annual" if form.annual_indicators else "long_term"


def _host(form: PerformanceForm) -> tuple[PerformanceForm, str, list[Indicator]]:
    copy = form.model_copy(deep=True)
    table = _table_name(copy)
    return copy, table, copy.table(table)  # type: ignore[arg-type]


def _pick(rng: random.Random, rows: list[Indicator], test) -> int | None:
    eligible = [i for i, r in enumerate(rows) if _plain(r) and test(r)]
    return rng.choice(eligible) if eligible else None


def _budget(form: PerformanceForm) -> float | None:
    budget = form.project.budget_wan
    return budget if budget and budget > 0 else None


def _year(form: PerformanceForm) -> int | None:
    """预算年度: the project's year, else the one "20xx年" of its name."""
    if form.project.year:
        return form.project.year
    name = form.project.name or ""
    years = {name[i:i + 4] for i in range(len(name) - 4) if name[i:i + 4].isdigit() and name[i:i + 2] == "20"
             and name[i + 4] == "年"}
    return int(years.pop()) if len(years) == 1 else None


def _is_101(form: PerformanceForm) -> bool:
    names = (_l1(r) for _, rows in form.tables() for r in rows)
    return taxonomy.detect_framework(names) == taxonomy.FRAMEWORK_101


def _cost_pair(form: PerformanceForm) -> tuple[str, str]:
    """Where a cost row goes: 成本/经济成本 under 101号, 产出/成本 in the local layout."""
    return (taxonomy.L1_COST, "经济成本指标") if _is_101(form) else (L1_OUT, "成本指标")


def _where(table: str, index: int) -> str:
    return f"{'年度' if table == 'annual' else '长期'}表第{index + 1}行"


def _insert_in_block(rows: list[Indicator], row: Indicator) -> int:
    """Insert after the last row of the same 一级 (where a person filling the form would write it), with a
    确定依据 only when the table fills that column (a form without the column does not gain one)."""
    if not any(r.basis.strip() for r in rows):
        row = row.model_copy(update={"basis": ""})
    same = [i for i, r in enumerate(rows) if _l1(r) == _l1(row)]
    index = same[-1] + 1 if same else len(rows)
    rows.insert(index, row)
    return index


def _at(kind: str, copy: PerformanceForm, table: str, index: int | None, rules: tuple[str, ...], note: str,
        contains: str = "") -> Injection:
    accepts = tuple(Accept(rule, table, index, contains=contains) for rule in rules)
    return Injection(kind, copy, accepts, note, (table, index, None))


# ---- 完整性 / 可衡量 -------------------------------------------------------------------------------


def cost_over_budget(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """成本 rows adding up to more than 项目预算 (鄂州: 15+50+3=68万 on a 26万 form): a total-cost row as real forms
    name it (项目总成本, 年度预算总成本, 项目计划总投资), 1.5–3× the budget, in 万元 or in 元."""
    budget = _budget(form)
    if budget is None:
        return None
    copy, table, rows = _host(form)
    amount = round(budget * rng.choice((1.5, 2.0, 3.0)), 2)
    name = rng.choice(("项目总成本", "年度预算总成本", "项目计划总投资"))
    raw = rng.choice((f"≤{_fmt(amount)}万元", f"{_fmt(amount)}万元", f"≤{_fmt(amount * 10000)}元"))
    level1, level2 = _cost_pair(copy)
    row = _cell(Indicator(level1=level1, level2=level2, name=name, basis="预算支出标准"), raw)
    index = _insert_in_block(rows, row)
    return Injection("cost_over_budget", copy, (Accept("budget.cost_exceeds_budget", table, None),),
                     f"{_where(table, index)}加“{name} {raw}”（预算{_fmt(budget)}万元）", (table, None, None))


def percent_over_100(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A rate above 100% ("≥105%", ">=110%", "120%", "不低于105%"), on a rate row now at 60–100%."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: r.unit == "%" and _numeric(r) and 60 <= r.number <= 100)
    if index is None:
        return None
    raw = rng.choice(("≥105%", ">=110%", "120%", "不低于105%", "=150%"))
    rows[index] = _cell(rows[index], raw)
    return _at("percent_over_100", copy, table, index, ("values.percent_over_100",),
               f"{_where(table, index)}“{rows[index].name}”改为{raw}")


def missing_unit(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A count written without its unit, as 黄石 "开设课程数量 220", 甘孜 "召开会议 2", 乌海 "出差人数 8" do."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _numeric(r) and r.unit in COUNT_UNITS)
    if index is None:
        return None
    row = rows[index]
    raw = rng.choice((row.value, f"{row.operator}{row.value}" if row.operator else row.value, f"={row.value}"))
    rows[index] = _cell(row, raw)
    return _at("missing_unit", copy, table, index, ("values.missing_unit",),
               f"{_where(table, index)}“{row.name}”写成“{raw}”（原为{row.raw_value}）")


_MOVES = {"output": L1_BEN, "benefit": L1_OUT, "satisfaction": L1_BEN}


def _move_kind(row: Indicator) -> str | None:
    l1, l2 = _l1(row), _l2(row)
    if l1 == L1_OUT and l2 in ("数量指标", "质量指标", "时效指标"):
        return "output"
    if l1 == L1_BEN and l2 in taxonomy.LEGAL_PAIRS["local"][L1_BEN]:
        return "benefit"
    if l1 == L1_SAT and l2 == taxonomy.SATISFACTION_L2:
        return "satisfaction"
    return None


def illegal_pair(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """二级错位 as 湘潭's "效益指标 / 服务对象满意度指标": a row filed under another 一级 with its 二级 kept."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _move_kind(r) is not None)
    if index is None:
        return None
    row = rows[index]
    wrong = _MOVES[_move_kind(row)]  # type: ignore[index]
    rows[index] = row.model_copy(update={"level1": wrong})
    return _at("illegal_pair", copy, table, index, ("structure.illegal_pair",),
               f"{_where(table, index)}“{row.name}”（{row.level2}）移到{wrong}下")


def vague_quantity(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A 数量 that cannot be counted, as real forms write it: 武汉东湖 "约5.5万人次", "1600人、200人"; "500人左右";
    "400-500人"; 昭化 "覆盖全区所有人员", "明显增加"; "若干"."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l2(r) == "数量指标")
    if index is None:
        return None
    row = rows[index]
    if _numeric(row) and row.unit and row.number >= 2:
        n, u = row.value, row.unit
        low = _fmt(round(row.number * 0.8))
        raw = rng.choice((f"约{n}{u}", f"{n}{u}左右", f"{low}-{n}{u}", f"{n}{u}、{low}{u}", f"{low}{u}至{n}{u}"))
    else:
        raw = rng.choice(("若干", "明显增加", "覆盖全部服务对象", "逐年增加"))
    rows[index] = _cell(row, raw)
    return _at("vague_quantity", copy, table, index,
               ("values.vague_operator", "values.qualitative_quantity", "wording.vague_words", "values.not_a_number"),
               f"{_where(table, index)}数量指标“{row.name}”改为“{raw}”")


def _append_goal(copy: PerformanceForm, table: str, phrase: str) -> None:
    text = getattr(copy.goals, table).rstrip()
    setattr(copy.goals, table, f"{text}{'' if not text or text.endswith('。') else '。'}{phrase}。")


def goal_number_mismatch(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The goal text promises another number than the row (鄂州: 目标“技能培训488人”, 指标“≥210人”): the
    row's own words and unit in the goal text, with a number 2× or so."""
    copy, table, rows = _host(form)
    if _marked(getattr(form.goals, table)):
        return None
    index = _pick(rng, rows, lambda r: _l2(r) == "数量指标" and _numeric(r) and r.unit in COUNT_UNITS and r.number >= 1)
    if index is None:
        return None
    row = rows[index]
    stated = int(row.number * 2) + rng.randint(3, 9)
    said = _spoken(row.name)
    phrase = rng.choice((f"全年完成{said}{stated}{row.unit}", f"计划{said}{stated}{row.unit}",
                         f"{said}达到{stated}{row.unit}", f"年度{said}不少于{stated}{row.unit}"))
    _append_goal(copy, table, phrase)
    return _at("goal_number_mismatch", copy, table, index, ("consistency.goal_number_mismatch",),
               f"{'年度' if table == 'annual' else '长期'}目标文本加“{phrase}”，而{_where(table, index)}为{row.raw_value}",
               contains=f"{stated}{row.unit}")


def _spoken(name: str) -> str:
    """A row's name as a goal text says it: without the template's ★ marks and "(≥**人)" hints."""
    name = name.replace("★", "")
    while "(" in name and "**" in name[name.index("("):]:
        start = name.index("(")
        end = name.find(")", start)
        name = name[:start] + (name[end + 1:] if end > 0 else "")
    return name.strip()


_NEW_TASKS = (("举办专题讲座", "场"), ("新增服务网点", "个"), ("开展入户走访", "户"), ("发放宣传资料", "份"),
              ("组织应急演练", "次"), ("维修改造校舍", "平方米"))


def goal_number_not_in_table(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The goal text promises a task the table does not measure (鄂州: “创业培训1182人”, no row for it)."""
    copy, table, rows = _host(form)
    if _marked(getattr(form.goals, table)) or not rows:
        return None
    names = "".join(r.name for r in rows)
    tasks = [t for t in _NEW_TASKS if t[0][2:] not in names]
    task, unit = rng.choice(tasks)
    numbers = {r.number for r in rows if r.number is not None}
    stated = rng.randint(12, 480)
    while stated in numbers:
        stated += 1
    phrase = rng.choice((f"全年{task}{stated}{unit}", f"计划{task}{stated}{unit}", f"{task}不少于{stated}{unit}"))
    _append_goal(copy, table, phrase)
    accepts = (Accept("consistency.goal_number_not_in_table", "goals", ANY, field=table, contains=f"{stated}{unit}"),)
    return Injection("goal_number_not_in_table", copy, accepts,
                     f"{'年度' if table == 'annual' else '长期'}目标文本加“{phrase}”", ("goals", None, table))


def missing_satisfaction(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """No 满意度指标 at all (荣昌, 临邑, 桂池 自评表 have none): every 满意度 row removed."""
    copy, table, rows = _host(form)
    satisfaction = [r for r in rows if _l1(r) == L1_SAT]
    kept = [r for r in rows if _l1(r) != L1_SAT]
    if not satisfaction or not kept or any(not r.level1.strip() for r in rows) or not _plain(kept[-1]):
        return None
    rows[:] = kept
    return Injection("missing_satisfaction", copy, (Accept("structure.required_level1", table, None, contains=L1_SAT),),
                     f"删去{'年度' if table == 'annual' else '长期'}表全部{len(satisfaction)}条满意度指标",
                     (table, None, None))


def placeholder(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A template placeholder left in the 指标值, as templates ship them: "≥**%", "≥**人次", "**元/人·月", "XX",
    "*", "/", "……", or the cell left empty."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: bool(r.raw_value.strip()))
    if index is None:
        return None
    row = rows[index]
    unit = row.unit or "%"
    raw = rng.choice((f"≥**{unit}", "XX", "*", "/", "……", "", f"**{unit}", "≥XX%"))
    rows[index] = _cell(row, raw)
    return _at("placeholder", copy, table, index, ("structure.placeholder",),
               f"{_where(table, index)}“{row.name}”的指标值改为“{raw}”")


def satisfaction_100(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """满意度 set at 100%, as 昭化 "社会满意度 100%" and 石嘴山 "服务对象满意度 100%" do ("=100%", "100.00%")."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == L1_SAT and "满意" in r.name and r.unit in ("%", ""))
    if index is None:
        return None
    raw = rng.choice(("100%", "=100%", "≥100%", "100.00%"))
    rows[index] = _cell(rows[index], raw)
    return _at("satisfaction_100", copy, table, index, ("classification.satisfaction_value",),
               f"{_where(table, index)}“{rows[index].name}”改为{raw}")


def input_as_output(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Money going in posing as output, as 汉阴 "地方配套资金到位率 100%" and 渝中 "预算执行率 ≥90%" do."""
    copy, table, rows = _host(form)
    if not rows:
        return None
    name = rng.choice(("资金到位率", "预算执行率", "地方配套资金到位率", "财政资金到位率"))
    raw = rng.choice(("100%", "=100%", "≥90%"))
    level2 = rng.choice(("质量指标", "时效指标", "数量指标"))
    row = _cell(Indicator(level1=L1_OUT, level2=level2, name=name, basis="计划标准"), raw)
    index = _insert_in_block(rows, row)
    return _at("input_as_output", copy, table, index, ("classification.input_as_output",),
               f"{_where(table, index)}加产出指标/{level2}“{name} {raw}”")


def bad_operator(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A 计算符号 outside the six (领域规则10: ≈, ~, ≠, ±)."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, _numeric)
    if index is None:
        return None
    row = rows[index]
    raw = f"{rng.choice(('≈', '~', '～', '≠', '±'))}{row.value}{row.unit}"
    rows[index] = _cell(row, raw)
    return _at("bad_operator", copy, table, index, ("values.unknown_symbol",),
               f"{_where(table, index)}“{row.name}”的指标值改为“{raw}”")


def duplicate_row(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The same 三级 twice (石嘴山 "满足海洛因成瘾患者维持治疗需求" under 数量 and under 社会效益): copied as is,
    with 隋溪's "★" mark, with a trailing space, or under another 二级 of its 一级."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: True)
    if index is None:
        return None
    row = rows[index].model_copy(deep=True)
    how = rng.choice(("same", "star", "space", "other_l2"))
    if how == "star":
        row = row.model_copy(update={"name": f"★{row.name}"})
    elif how == "space":
        row = row.model_copy(update={"name": f"{row.name} "})
    elif how == "other_l2":
        others = [l2 for l2 in taxonomy.LEGAL_PAIRS["local"].get(_l1(row), ()) if l2 != _l2(row)]
        if others:
            row = row.model_copy(update={"level2": rng.choice(others)})
    rows.append(row)
    new = len(rows) - 1
    return _at("duplicate_row", copy, table, new, ("classification.duplicate",),
               f"{_where(table, index)}“{rows[index].name}”复制到第{new + 1}行（{how}）")


def deadline_outside_year(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """An annual 时效 date in a later year, written as forms write dates: "2027年12月31日前", "2027.12.31",
    "2027年第一季度", "2027年6月底前", 金寨's "2027年全年"."""
    year = _year(form)
    if year is None or not form.annual_indicators:
        return None
    copy = form.model_copy(deep=True)
    rows = copy.annual_indicators
    later = year + 1
    raw = rng.choice((f"{later}年12月31日前", f"{later}年6月底前", f"{later}.12.31", f"{later}年第一季度",
                      f"≤{later}年10月31日"))
    index = _pick(rng, rows, lambda r: _l2(r) == "时效指标")
    if index is None:
        index = _insert_in_block(rows, _cell(Indicator(level1=L1_OUT, level2="时效指标", name="项目完成时间",
                                                       basis="计划标准"), raw))
    else:
        rows[index] = _cell(rows[index], raw)
    return _at("deadline_outside_year", copy, "annual", index, ("values.deadline_outside_year",),
               f"{_where('annual', index)}“{rows[index].name}”改为“{raw}”（预算年度{year}年）")


def blank_basis(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """指标值确定依据 left blank on one row of a table that fills it elsewhere."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: bool(r.basis.strip()))
    if index is None:
        return None
    rows[index] = rows[index].model_copy(update={"basis": ""})
    return _at("blank_basis", copy, table, index, ("wording.basis_missing",),
               f"{_where(table, index)}“{rows[index].name}”的确定依据清空")


def unit_cost_over_budget(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """单位成本 × 数量 over 项目预算 (鄂州: 1182人×1200元 + 488人×800元 = 180.88万 > 16.9万): a per-unit standard
    named as real forms name it (人均…补贴标准, …补助标准, 每…补助) for a counted 数量 row, priced at 2–3× the budget."""
    budget = _budget(form)
    if budget is None:
        return None
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l2(r) == "数量指标" and _numeric(r) and r.number > 0 and r.unit in COUNT_UNITS)
    if index is None:
        return None
    quantity = rows[index]
    price = -(-budget * 10000 * rng.choice((2, 3)) // quantity.number)
    name = rng.choice((f"人均{quantity.name}补贴标准" if quantity.unit in PEOPLE_UNITS else f"每{quantity.unit}{quantity.name}补助",
                       f"{quantity.name}补助标准"))
    raw = rng.choice((f"={_fmt(price)}元/{quantity.unit}", f"≤{_fmt(price)}元/{quantity.unit}"))
    level1, level2 = _cost_pair(copy)
    new = _insert_in_block(rows, _cell(Indicator(level1=level1, level2=level2, name=name, basis="预算支出标准"), raw))
    # The finding is the table's sum of unit cost × quantity (said once, at its weightiest row): a table-level place.
    accepts = tuple(Accept(rule, table, ANY) for rule in ("budget.unit_cost_exceeds_budget", "budget.unit_cost_may_exceed_budget"))
    return Injection("unit_cost_over_budget", copy, accepts,
                     f"{_where(table, new)}加“{name} {raw}”（×{quantity.raw_value}，预算{_fmt(budget)}万元）", (table, None, None))


def cost_as_floor(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A cost written as a floor: "≥800元/人", ">=15万元", "不低于…"."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l2(r) in ("成本指标", "经济成本指标") and _numeric(r) and r.operator != "≥"
                  and "元" in r.unit)
    if index is None:
        return None
    row = rows[index]
    raw = rng.choice((f"≥{row.value}{row.unit}", f">={row.value}{row.unit}", f"不低于{row.value}{row.unit}"))
    rows[index] = _cell(row, raw)
    return _at("cost_as_floor", copy, table, index, ("budget.cost_operator", "values.direction"),
               f"{_where(table, index)}成本指标“{row.name}”改为{raw}")


def satisfaction_unnamed(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A satisfaction row that does not say whose, or not that it is satisfaction: 湘潭 "满意度", 鄂州 "服务对象"
    (≥95%), "满意率", "总体满意度"."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == L1_SAT and r.unit == "%")
    if index is None:
        return None
    old = rows[index].name
    new = rng.choice(("满意度", "服务对象", "满意率", "总体满意度"))
    if new == old:
        return None
    rows[index] = rows[index].model_copy(update={"name": new})
    return _at("satisfaction_unnamed", copy, table, index,
               ("classification.satisfaction_whose", "classification.satisfaction_unnamed"),
               f"{_where(table, index)}“{old}”改名为“{new}”")


def vague_name(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Slogans in a 三级 name, as 甘孜 "进一步提高食品安全工作科学化", 石嘴山 "可以有效降低…", 昭化 "知晓率显著提升"
    and zczrbj's list (进一步提高/明显改善/有效促进) write them."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) != L1_SAT)
    if index is None:
        return None
    old = rows[index].name
    new = rng.choice((f"进一步提高{old}", f"有效提升{old}", f"{old}显著提升", f"切实加强{old}", f"{old}明显改善"))
    rows[index] = rows[index].model_copy(update={"name": new})
    return _at("vague_name", copy, table, index, ("wording.vague_words",), f"{_where(table, index)}“{old}”改名为“{new}”")


# ---- issue 11: 相关性, money in the goal text, 产出 vs 效益 -----------------------------------------


def foreign_row(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A real row of a real form of a clearly different kind of project (岳阳农田's "解决脱贫(监测)饮水安全问题人数",
    石嘴山's "疫苗提供及时率" …), written into this form after the rows of its 一级."""
    mine = form_kind(form)
    copy, table, rows = _host(form)
    names = {r.name for r in rows}
    donors = [d for d in FOREIGN_DONORS if d.kind != mine and d.name not in names]
    if mine is None or not donors or not rows:
        return None
    donor = rng.choice(donors)
    row = Indicator.from_cells(donor.level1, donor.level2, donor.name, donor.raw, "计划标准")
    index = _insert_in_block(rows, row)
    return _at("foreign_row", copy, table, index, ("relevance.foreign_row",),
               f"{_where(table, index)}加{donor.source}的“{donor.name} {donor.raw}”（{donor.kind}，本表为{mine}）")


def _goal_money(form: PerformanceForm, rng: random.Random, kind: str, amount_text) -> Injection | None:
    budget = _budget(form)
    if budget is None or not form.annual_indicators or _marked(form.goals.annual):
        return None
    copy = form.model_copy(deep=True)
    phrase = amount_text(budget, rng)
    copy.goals.annual = f"{phrase}，{copy.goals.annual.strip()}" if copy.goals.annual.strip() else f"{phrase}。"
    rule = "budget.goal_amount_yuan_wan" if kind == "goal_yuan_wan" else "budget.goal_amount_mismatch"
    return Injection(kind, copy, (Accept(rule, "goals", None, field="annual"),),
                     f"年度目标文本开头加“{phrase}”（项目预算{_fmt(budget)}万元）", ("goals", None, "annual"))


def goal_budget_mismatch(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """The goal text states another budget (issue 11: "本项目年度预算104万元" on a 26万元 form), written as 贵池
    "本项目共申请预算资金2026400元" and 乌海 "年度预算总金额3万元" write it, at 2–4× the budget."""
    def text(budget, rng):
        amount = round(budget * rng.choice((2, 3, 4)), 2)
        return rng.choice((f"本项目年度预算{_fmt(amount)}万元", f"本项目共申请预算资金{_fmt(amount * 10000)}元",
                           f"年度预算总金额{_fmt(amount)}万元", f"年度安排项目资金{_fmt(amount)}万元"))
    return _goal_money(form, rng, "goal_budget_mismatch", text)


def goal_yuan_wan(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """元 and 万元 confused in the goal text: the budget's 元 figure written as 万元 ("本项目年度预算260000万元")
    or its 万元 figure written as 元 ("申请预算资金26元")."""
    def text(budget, rng):
        if rng.random() < 0.5:
            return rng.choice((f"本项目年度预算{_fmt(budget * 10000)}万元", f"年度安排项目资金{_fmt(budget * 10000)}万元"))
        return rng.choice((f"本项目共申请预算资金{_fmt(budget)}元", f"年度预算总金额{_fmt(budget)}元"))
    return _goal_money(form, rng, "goal_yuan_wan", text)


# A 数量 row that already speaks of a benefit is not "work filed as a benefit" (领域规则19: 就业, 受益人数 are 效益).
_OUTCOME_WORDS = ("就业", "受益", "增收", "脱贫")


def output_under_benefit(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Work delivered filed as a benefit (issue 11: "完成培训人数 ≥500人" under 社会效益指标; 金寨 "清算8个安置小区
    物业费" under 经济效益): one of the form's own 数量 counts or 质量/时效 delivery rates moved under 效益/社会效益指标."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == L1_OUT and not any(w in r.name for w in _OUTCOME_WORDS) and (
        (_l2(r) == "数量指标" and _numeric(r) and r.unit in COUNT_UNITS)
        or (_l2(r) in ("质量指标", "时效指标") and r.unit == "%" and r.name.endswith(("合格率", "完成率", "及时率", "准确率")))))
    if index is None:
        return None
    row = rows[index]
    level2 = rng.choice(("社会效益指标", "经济效益指标", "可持续影响指标"))
    rows[index] = row.model_copy(update={"level1": L1_BEN, "level2": level2})
    return _at("output_under_benefit", copy, table, index, ("classification.output_in_benefit",),
               f"{_where(table, index)}产出“{row.name}”（{row.level2}）移到效益指标/{level2}")


def outcome_under_output(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """A benefit filed as an output (昭化 "知晓率" under 质量; the domain notes' 治愈率, 就业率, 收入增长, 粮食增产 as
    质量): a row of those wordings written under 产出/质量指标 or 数量指标."""
    copy, table, rows = _host(form)
    if not rows:
        return None
    name, raw = rng.choice(OUTCOME_ROWS)
    level2 = "数量指标" if raw.endswith("元") else rng.choice(("质量指标", "时效指标"))
    index = _insert_in_block(rows, Indicator.from_cells(L1_OUT, level2, name, raw, "计划标准"))
    return _at("outcome_under_output", copy, table, index, ("classification.outcome_in_output",),
               f"{_where(table, index)}加产出指标/{level2}“{name} {raw}”")


def satisfaction_under_benefit(form: PerformanceForm, rng: random.Random) -> Injection | None:
    """Satisfaction filed as a benefit (湘潭: "市民对空气质量改善的满意程度 85%" under 社会效益指标, "满意度 90%"
    under 效益/服务对象满意度指标): the form's own 满意度 row moved under 效益."""
    copy, table, rows = _host(form)
    index = _pick(rng, rows, lambda r: _l1(r) == L1_SAT and "满意" in r.name)
    if index is None:
        return None
    row = rows[index]
    level2 = rng.choice(("社会效益指标", "社会效益指标", taxonomy.SATISFACTION_L2))
    rows[index] = row.model_copy(update={"level1": L1_BEN, "level2": level2})
    return _at("satisfaction_under_benefit", copy, table, index,
               ("classification.satisfaction_misplaced", "structure.illegal_pair"),
               f"{_where(table, index)}满意度“{row.name}”移到效益指标/{level2}")


# kind → (injector, 中文 label)
INJECTORS: dict[str, tuple[Injector, str]] = {
    "cost_over_budget": (cost_over_budget, "成本超预算"),
    "percent_over_100": (percent_over_100, "比率超过100%"),
    "missing_unit": (missing_unit, "缺少计量单位"),
    "illegal_pair": (illegal_pair, "一级/二级错配"),
    "vague_quantity": (vague_quantity, "数量指标取值模糊"),
    "goal_number_mismatch": (goal_number_mismatch, "目标文本数字与指标不符"),
    "goal_number_not_in_table": (goal_number_not_in_table, "目标文本任务不在表中"),
    "missing_satisfaction": (missing_satisfaction, "缺少满意度指标"),
    "placeholder": (placeholder, "模板占位符"),
    "satisfaction_100": (satisfaction_100, "满意度=100%"),
    "input_as_output": (input_as_output, "投入作为产出"),
    "bad_operator": (bad_operator, "非法运算符"),
    "duplicate_row": (duplicate_row, "重复指标"),
    "deadline_outside_year": (deadline_outside_year, "时效超出预算年度"),
    "blank_basis": (blank_basis, "确定依据为空"),
    "unit_cost_over_budget": (unit_cost_over_budget, "单位成本×数量超预算"),
    "cost_as_floor": (cost_as_floor, "成本指标用≥"),
    "satisfaction_unnamed": (satisfaction_unnamed, "满意度未写明对象"),
    "vague_name": (vague_name, "指标名称含模糊词"),
    "foreign_row": (foreign_row, "别的项目的指标（相关性）"),
    "goal_budget_mismatch": (goal_budget_mismatch, "目标文本金额与预算不符"),
    "goal_yuan_wan": (goal_yuan_wan, "目标文本元/万元混淆"),
    "output_under_benefit": (output_under_benefit, "产出放在效益下"),
    "outcome_under_output": (outcome_under_output, "效益放在产出下"),
    "satisfaction_under_benefit": (satisfaction_under_benefit, "满意度放在效益下"),
}
