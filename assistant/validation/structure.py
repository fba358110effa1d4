"""完整性: legal 一级/二级, required parts present, no placeholders, goal texts filled, tables agree."""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.schema import TABLE_TITLES, Finding, PerformanceForm
from assistant.validation import facts
from assistant.validation.facts import L1_OUTPUT, QUALITY, QUANTITY, TIMELINESS
from assistant.validation.registry import Context, at, emit, rule

_FRAMEWORK_NAME = taxonomy.FRAMEWORK_LABELS


def _table_blank(rows, attr: str) -> bool:
    """A whole table without 一级 (or 二级) was transcribed unclassified: said once, not per row."""
    return bool(rows) and all(not getattr(r, attr).strip() for r in rows)


@rule("structure.no_indicators", "error", "[V] pinweizhan; 1wenmi (三个一级均须有三级指标)")
def no_indicators(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A form must carry an indicator table: without one there is nothing to approve."""
    if form.annual_indicators or form.long_term_indicators:
        return []
    return [emit("structure.no_indicators", at("annual"), "表单没有任何绩效指标（年度绩效目标表为空）。",
                 "按一级→二级→三级填写年度绩效目标表：产出、效益、满意度指标各至少一条。")]


@rule("structure.blank_level1", "error", "[V] 11946.cn; pinweizhan; [C] pmkpi explan")
def blank_level1(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Every row belongs to a 一级指标; a row without one cannot be reviewed."""
    found = []
    for table, rows in form.tables():
        if _table_blank(rows, "level1"):
            found.append(emit("structure.blank_level1", at(table, None, "level1"),
                              f"{TABLE_TITLES[table]}全部未填写一级指标。",
                              "为每行补填一级指标（产出指标、效益指标、满意度指标等）。"))
            continue
        for index, row in enumerate(rows):
            if not row.level1.strip():
                found.append(emit("structure.blank_level1", at(table, index, "level1"),
                                  f"{facts.quote(row)}未填写一级指标。",
                                  "补填该行所属的一级指标。"))
    return found


@rule("structure.illegal_level1", "error", "[V] 11946.cn; pinweizhan; [C] pmkpi explan")
def illegal_level1(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """一级指标 must be one of the framework's: 产出/效益/满意度 (plus 成本 under 101号). Said once per wrong 一级."""
    allowed = taxonomy.LEGAL_PAIRS[ctx.framework]
    found = []
    for table, rows in form.tables():
        wrong: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            name = facts.level1(row)
            if name and name not in allowed and not facts.unknown(row.level1):
                wrong.setdefault(row.level1.strip(), []).append(index)
        for name, indexes in wrong.items():
            lines = "、".join(f"第{i + 1}行" for i in indexes[:6]) + ("等" if len(indexes) > 6 else "")
            sample = facts.quote(rows[indexes[0]])
            found.append(emit(
                "structure.illegal_level1", at(table, indexes[0], "level1"),
                f"{TABLE_TITLES[table]}{lines}（如{sample}）的一级指标“{name}”不属于{_FRAMEWORK_NAME[ctx.framework]}。",
                f"一级指标只能是：{'、'.join(allowed)}；请改归到正确的一级指标，或删除不属于绩效目标的行。"))
    return found


@rule("structure.blank_level2", "warning", "[P] 所有已见表单均填二级; [V] cwc.wfu")
def blank_level2(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Every row names its 二级指标 (数量/质量/时效, 社会效益 …)."""
    found = []
    for table, rows in form.tables():
        if _table_blank(rows, "level2"):
            found.append(emit("structure.blank_level2", at(table, None, "level2"),
                              f"{TABLE_TITLES[table]}全部未填写二级指标。", "为每行补填二级指标。"))
            continue
        blank = [i for i, r in enumerate(rows) if r.level1.strip() and not r.level2.strip()]
        if len(blank) >= 3 and len(blank) * 2 >= len(rows):  # the form's layout has no 二级 column: said once
            lines = "、".join(f"第{i + 1}行" for i in blank[:6]) + ("等" if len(blank) > 6 else "")
            found.append(emit("structure.blank_level2", at(table, blank[0], "level2"),
                              f"{TABLE_TITLES[table]}{lines}共{len(blank)}行未填写二级指标。",
                              "为每行补填二级指标（数量、质量、时效、社会效益、服务对象满意度指标等）。"))
            continue
        for index, row in enumerate(rows):
            if row.level1.strip() and not row.level2.strip():
                found.append(emit("structure.blank_level2", at(table, index, "level2"),
                                  f"{facts.quote(row)}未填写二级指标。",
                                  f"补填二级指标（{'、'.join(taxonomy.legal_level2(facts.level1(row), ctx.framework))}之一）。"))
    return found


def _misplaced_pairs(form: PerformanceForm, ctx: Context):
    """Rows whose 二级 is not legal under their (legal) 一级, with the 一级 the 二级 belongs to (None: unknown 二级)."""
    for table, index, row in facts.rows(form):
        l1, l2 = facts.level1(row), facts.level2(row)
        if (not l2 or facts.unknown(row.level2) or l1 not in taxonomy.LEGAL_PAIRS[ctx.framework]
                or taxonomy.is_legal_pair(l1, l2, ctx.framework)):
            continue
        home = taxonomy.level1_for_level2(l2, ctx.framework)
        if home is None and l2 == "成本指标" and ctx.framework == taxonomy.FRAMEWORK_101:
            home = "成本指标（一级，二级为经济成本指标等）"  # 101号 promoted 成本 out of 产出
        yield table, index, row, l1, home


@rule("structure.illegal_pair", "error", "[V] 11946.cn; pinweizhan; [C] pmkpi explan")
def illegal_pair(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """二级错位: the 二级 must belong to its 一级 (no 成本 under 效益, no 满意度 under 效益, under 101号 no 成本 under 产出)."""
    return [emit("structure.illegal_pair", at(table, index, "level2"),
                 f"{facts.quote(row)}：二级指标“{row.level2}”属于{home}，不能放在“{l1}”下"
                 f"（{_FRAMEWORK_NAME[ctx.framework]}）。",
                 f"把该行移到{home}下，或改用{'、'.join(taxonomy.legal_level2(l1, ctx.framework))}之一。")
            for table, index, row, l1, home in _misplaced_pairs(form, ctx) if home]


@rule("structure.unknown_level2", "warning", "[V] 11946.cn; [C] pmkpi 导入按名称匹配二级")
def unknown_level2(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """二级指标 uses the standard names (数量指标, 社会效益指标, 服务对象满意度指标 …)."""
    return [emit("structure.unknown_level2", at(table, index, "level2"),
                 f"{facts.quote(row)}的二级指标“{row.level2}”不是规范名称。",
                 f"“{l1}”下的二级指标应为{'、'.join(taxonomy.legal_level2(l1, ctx.framework))}之一。")
            for table, index, row, l1, home in _misplaced_pairs(form, ctx) if not home]


def _missing_level1(form: PerformanceForm, ctx: Context):
    for table, rows in form.tables():
        if not rows or _table_blank(rows, "level1") or facts.truncated(rows):
            continue
        present = {facts.level1(r) for r in rows}
        for name in taxonomy.REQUIRED_LEVEL1[ctx.framework]:
            if name not in present:
                yield table, name


def _missing_finding(rule_id: str, table: str, name: str, framework: str) -> Finding:
    return emit(rule_id, at(table, None, "level1"), f"{TABLE_TITLES[table]}缺少{name}。",
                f"补充至少一条{name}（如{'、'.join(taxonomy.legal_level2(name, framework)[:2])}）。")


@rule("structure.required_level1", "error", "[V] pinweizhan; 1wenmi (产出、效益、满意度均须有三级指标)")
def required_level1(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """产出、效益、满意度 each need at least one 三级 in every table."""
    return [_missing_finding("structure.required_level1", table, name, ctx.framework)
            for table, name in _missing_level1(form, ctx) if name != taxonomy.L1_COST]


@rule("structure.required_cost_101", "warning", "[R] 101号 成本指标单列为一级; [V] qddinggu 成本指标")
def required_cost_101(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Under 101号, 成本指标 is its own 一级 and is expected in every table (unconfirmed: a warning)."""
    return [_missing_finding("structure.required_cost_101", table, name, ctx.framework)
            for table, name in _missing_level1(form, ctx) if name == taxonomy.L1_COST]


@rule("structure.required_quantity", "error", "[P] 所有已见表单均有数量指标; [V] cwc.wfu")
def required_quantity(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """产出指标 must include a 数量指标: how much the money delivers."""
    found = []
    for table, rows in form.tables():
        has_output = any(facts.level1(r) == L1_OUTPUT for r in rows)
        if has_output and not facts.truncated(rows) and not any(facts.level2(r) == QUANTITY for r in rows):
            if any(facts.level1(r) == L1_OUTPUT and not r.level2.strip() for r in rows):
                continue  # unclassified 产出 rows: the 数量 row may be among them
            found.append(emit("structure.required_quantity", at(table, None, "level2"),
                              f"{TABLE_TITLES[table]}的产出指标中没有数量指标。",
                              "补充数量指标，写明提供的服务或产品数量（人次、场次、个数等）。"))
    return found


@rule("structure.expected_quality_timeliness", "warning", "[P] 黄石、岳阳、湖北工程学院表单均填质量与时效")
def expected_quality_timeliness(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """质量指标 and 时效指标 are expected in 产出 for almost every project."""
    found = []
    for table, rows in form.tables():
        if not any(facts.level1(r) == L1_OUTPUT for r in rows) or facts.truncated(rows):
            continue
        present = {facts.level2(r) for r in rows}
        missing = [name for name in (QUALITY, TIMELINESS) if name not in present]
        unseen = any(facts.level1(r) == L1_OUTPUT and (not r.level2.strip() or facts.unknown(r.level2)) for r in rows)
        if missing and not unseen:  # a 产出 row whose 二级 is blank or unreadable may be the "missing" one
            found.append(emit("structure.expected_quality_timeliness", at(table, None, "level2"),
                              f"{TABLE_TITLES[table]}的产出指标缺少{'、'.join(missing)}。",
                              "补充质量指标（合格率、达标率等）与时效指标（完成时间、及时率等）。"))
    return found


@rule("structure.indicator_count", "warning", "[V] dybbs8 (不得少于3个，地方规定)")
def indicator_count(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A table needs at least 3 三级 to describe a project."""
    return [emit("structure.indicator_count", at(table),
                 f"{TABLE_TITLES[table]}只有{len(rows)}条三级指标，少于3条。",
                 "按产出、效益、满意度补足三级指标，至少3条。")
            for table, rows in form.tables() if 0 < len(rows) < 3]


@rule("structure.too_many_indicators", "info", "[R] 101号“重点突出”; [V] dybbs8")
def too_many_indicators(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Guidance asks to 突出重点: more than 25 三级 in a table dilutes the core ones."""
    return [emit("structure.too_many_indicators", at(table),
                 f"{TABLE_TITLES[table]}有{len(rows)}条三级指标，指标过多。",
                 "保留反映主要产出和核心效果的指标，合并或删除次要指标。")
            for table, rows in form.tables() if len(rows) > 25]


@rule("structure.empty_name", "warning", "[V] dybbs8; [P] 每个二级至少一条三级")
def empty_name(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Each 二级 used needs a named 三级 indicator."""
    found = []
    for table, rows in form.tables():
        if _table_blank(rows, "name"):
            found.append(emit("structure.empty_name", at(table, None, "name"),
                              f"{TABLE_TITLES[table]}全部未填写三级指标名称。", "为每行填写三级指标名称。"))
            continue
        for index, row in enumerate(rows):
            if not row.name.strip():
                found.append(emit("structure.empty_name", at(table, index, "name"),
                                  f"该行（{row.level2 or row.level1}）未填写三级指标名称。",
                                  "写明衡量的对象和计量方式，如“培训人次”“验收合格率”。"))
    return found


_PLACEHOLDER = re.compile(r"^[≥≤=<>]?\s*(\*+|[Xx×]+|/|…+|\.{3,}|—+|-+|\?+)\s*[^\d\s]{0,8}$")


@rule("structure.placeholder", "error", "[V] 困难群众救助模板; [P] 岳阳; [C] pmkpi XX→0")
def placeholder(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """No template placeholder may remain (`**`, `XX`, `/`, `……`, an empty 指标值)."""
    found = []
    for table, index, row in facts.rows(form):
        text = facts.nfkc(row.raw_value or row.value)
        if facts.unknown(text) or facts.unknown(row.name) or facts.value_like(row.name):
            continue
        if not text:
            message = f"“{row.name or '（未填三级指标）'}”的指标值为空。"
        elif _PLACEHOLDER.match(text) or facts.nfkc(row.value) in ("**", "XX", "xx", "*"):
            message = f"{facts.quote(row)}的指标值仍是模板占位符。"
        else:
            continue
        found.append(emit("structure.placeholder", at(table, index, "value"), message,
                          "填写确定的目标值：运算符+数值+单位（如“≥95%”），或分级的定性值。"))
    return found


@rule("structure.goal_text_missing", "error", "[V] shutu.cn; [P] 阳泉申报表中期/年度目标分列")
def goal_text_missing(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """年度绩效目标 must be written; a form with a 长期 table needs the 长期 goal text too."""
    found = []
    needed = [("annual", bool(form.annual_indicators) or not form.long_term_indicators),
              ("long_term", bool(form.long_term_indicators))]
    for key, required in needed:
        text = getattr(form.goals, key)
        if required and not text.strip():
            label = facts.GOAL_LABELS[key]
            found.append(emit("structure.goal_text_missing", at("goals", None, key), f"未填写{label}文本。",
                              f"用一两句话写明{label}：做什么、做多少（与数量指标一致）、达到什么效果。"))
    return found


@rule("structure.annual_exceeds_long_term", "warning", "[V] shutu.cn (长期与年度目标混淆)")
def annual_exceeds_long_term(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A year's quantity cannot exceed the whole period's: annual 数量 ≤ the same long-term 数量."""
    long_rows = {facts.name_key(r.name): r for r in form.long_term_indicators
                 if facts.level2(r) == QUANTITY and facts.number(r) is not None}
    found = []
    for index, row in enumerate(form.annual_indicators):
        other = long_rows.get(facts.name_key(row.name))
        value = facts.number(row)
        if other is None or value is None or facts.level2(row) != QUANTITY or not facts.units_compatible(row.unit, other.unit):
            continue
        long_value = facts.number(other)
        if facts.scaled(value, row.unit) > facts.scaled(long_value, other.unit) * 1.0001:
            found.append(emit("structure.annual_exceeds_long_term", at("annual", index, "value"),
                              f"年度指标{facts.quote(row)}大于长期绩效目标表中的同名指标（{other.raw_value}）。",
                              "年度数量应不超过长期（整个实施期）数量；核对两表的数值。"))
    return found


@rule("structure.tables_disagree", "warning", "[V] shutu.cn (长期与年度目标混淆)")
def tables_disagree(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """The same 三级 must not contradict itself between the long-term and annual tables (归类或方向不同)."""
    long_rows = {}
    for row in form.long_term_indicators:
        long_rows.setdefault(facts.name_key(row.name), row)
    found = []
    for index, row in enumerate(form.annual_indicators):
        other = long_rows.get(facts.name_key(row.name)) if row.name.strip() else None
        if other is None:
            continue
        if (facts.level1(row), facts.level2(row)) != (facts.level1(other), facts.level2(other)):
            problem = (f"在长期表归为“{other.level1}/{other.level2}”，在年度表归为“{row.level1}/{row.level2}”")
        elif {row.operator, other.operator} in ({"≥", "≤"}, {">", "<"}, {"≥", "<"}, {">", "≤"}):
            problem = f"在长期表为“{other.raw_value}”，在年度表为“{row.raw_value}”，方向相反"
        else:
            continue
        found.append(emit("structure.tables_disagree", at("annual", index, "level2"),
                          f"同一指标“{row.name}”{problem}。", "统一两表中该指标的一级/二级归类和运算方向。"))
    return found
