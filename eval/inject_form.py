"""Defects of 完整性 and 可衡量 as real forms write them (see eval/injectors.py for the principles)."""

from __future__ import annotations

import random

from assistant import taxonomy
from assistant.schema import Indicator, PerformanceForm
from eval.inject_base import (ANY, COUNT_UNITS, L1_BEN, L1_OUT, L1_SAT, PEOPLE_UNITS, Accept, Injection, _at, _budget,
                              _cell, _cost_pair, _fmt, _host, _insert_in_block, _l1, _l2, _marked, _numeric, _pick,
                              _plain, _where, _year)


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
