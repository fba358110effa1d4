"""Revision requests the offline drafter understands, applied deterministically to a draft.

    "培训人数改为500人" / "满意度改成95%"   change a row's value (both tables), and the goal texts with it
    "预算改为30万"                         the project budget and the 项目总成本 row
    "删除第3行" / "删除长期表第2行" / "删除培训合格率"
    "加一个时效指标" / "增加一个质量指标"     the best library row of the project's kind for that 二级
    "加一个时效指标：助餐点12月底前全部投入运营" / "增加成本指标：每餐补贴5元"   the row built from the words
    "把第3行改成助餐点覆盖率≥85%" / "第3行改为≥85%"   row 3 rewritten (name and value, or the value alone)
    "培训合格率的依据改为历史标准"             the 确定依据 of that row
    "删掉饮水那一行"                       the row whose name holds those words
    "满意度对象改成老年人"                   the satisfaction row names who is satisfied
    "换成101号格式" / "换成地方格式"         move 成本 rows between the two frameworks
Anything else returns None: the caller says what it can do, treats the words as new facts, or hands them to the
LLM when one is configured. A request is never met with an unrelated change.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief, extract_brief
from assistant.schema import Indicator, PerformanceForm
from assistant.textsim import dice

_CHANGE_RE = re.compile(r"^(?:把|将)?(.{1,24}?)(?:的值|指标值)?(?:改为|改成|调整为|调为|设为|修改为|变为|换成)(.+)$")
_BUDGET_RE = re.compile(r"预算(?:金额)?(?:改为|改成|调整为|调为|设为|修改为|变为)\s*(\d+(?:\.\d+)?)\s*(万元|万|元)?")
_DELETE_ROW_RE = re.compile(r"删除?(长期|年度)?(?:表|指标表)?第\s*(\d+)\s*(?:行|条)")
_DELETE_NAME_RE = re.compile(r"^(?:删除|删掉|去掉)(.{2,24}?)(?:指标|这一?行|这条)?$")
_ADD_RE = re.compile(r"(?:加|增加|添加|补充|新增)(?:一个|一条|个|条)?(.{2,12}?指标)(?:\s*[:：，,]\s*(.+))?$")
_ROW_N_RE = re.compile(r"^(?:把|将)?(长期|年度)?(?:表|指标表)?第\s*(\d+)\s*(?:行|条)(?:指标)?(?:改为|改成|修改为|换成|调整为)(.+)$")
_BASIS_RE = re.compile(r"^(?:把|将)?(.{2,24}?)(?:的|那一?行的?)?(?:确定)?依据(?:改为|改成|换成|调整为|设为)(" +
                       "|".join(taxonomy.BASIS_VALUES) + r")$")
_DELETE_WORDS_RE = re.compile(r"^(?:删除|删掉|去掉|去除|拿掉)(.{1,16}?)(?:那一?行|那一?条|的那一?行|这一?行|相关的?行)$")
_SATISFACTION_WHO_RE = re.compile(r"^(?:把)?满意度(?:的)?(?:对象|调查对象|主体)(?:改为|改成|换成|调整为)(.{2,16})$")
_FRAMEWORK_RE = re.compile(r"(?:换成|改为|改成|切换为|切换到|使用)(101号?|地方|旧版|本地)(?:格式|框架|模板)?")
LEVEL2_WORDS = {"数量": "数量指标", "质量": "质量指标", "时效": "时效指标", "进度": "时效指标", "成本": "成本指标",
                "经济效益": "经济效益指标", "社会效益": "社会效益指标", "生态效益": "生态效益指标",
                "可持续": "可持续影响指标", "满意度": taxonomy.SATISFACTION_L2, "效益": "社会效益指标"}


class RevisionResult(BaseModel):
    form: PerformanceForm
    note: str  # 中文, e.g. "将“培训人数”改为≥500人"
    brief: ProjectBrief | None = None
    framework: str | None = None


def apply_revision(text: str, form: PerformanceForm, brief: ProjectBrief, framework: str) -> RevisionResult | None:
    text = re.sub(r"[\s。！!，,]+$", "", text.strip())
    for handler in (_change_framework, _change_budget, _change_basis, _satisfaction_who, _delete_row, _change_row_n,
                    _delete_by_words, _add_row, _change_value, _delete_by_name):
        result = handler(text, form.model_copy(deep=True), brief, framework)
        if result is not None:
            return result
    return None


def _change_budget(text, form, brief, framework):
    match = _BUDGET_RE.search(text)
    if not match:
        return None
    amount = float(match.group(1)) / (10000 if match.group(2) == "元" else 1)
    old = form.project.budget_wan
    form.project.budget_wan = amount
    for _, rows in form.tables():
        for i, row in enumerate(rows):
            if row.name == "项目总成本" and row.unit == "万元":
                rows[i] = row.with_value(row.operator, f"{amount:g}", "万元")
    if old is not None:
        _replace_in_goals(form, f"{old:g}万元", f"{amount:g}万元")
    return RevisionResult(form=form, note=f"将项目预算改为{amount:g}万元",
                          brief=brief.model_copy(update={"budget_wan": amount}))


def _change_value(text, form, brief, framework):
    match = _CHANGE_RE.match(text)
    if not match:
        return None
    target, new_text = match.group(1).strip(), match.group(2).strip()
    parsed = taxonomy.parse_value(new_text)
    if parsed.operator == "定性" and not re.search(r"\d", new_text):
        return None
    row = _find_row(form.annual_indicators, target, parsed.unit)
    if row is None:
        return None
    old_value, old_unit = row.value, row.unit
    operator = parsed.operator or row.operator
    unit = parsed.unit or row.unit
    updated = row.with_value(operator, parsed.value, unit)
    for _, rows in form.tables():
        for i, other in enumerate(rows):
            if other.name == row.name:
                rows[i] = other.with_value(operator, parsed.value, unit)
    if old_value:
        _replace_in_goals(form, f"{old_value}{old_unit}", f"{parsed.value}{unit}")
    new_brief = extract_brief(f"{row.name}{parsed.value}{unit}", brief) if unit in ("人", "人次", "次", "期", "场") else brief
    return RevisionResult(form=form, note=f"将“{row.name}”改为{updated.raw_value}", brief=new_brief)


def _find_row(rows: list[Indicator], target: str, unit: str) -> Indicator | None:
    def score(row: Indicator) -> float:
        value = dice(target, row.name)
        if target in row.name or row.name in target:
            value += 0.5
        if unit and row.unit == unit:
            value += 0.2
        return value

    if not rows:
        return None
    best = max(rows, key=score)
    return best if score(best) >= 0.45 else None


def _numbered_row(match: re.Match | None, form: PerformanceForm) -> tuple[list[Indicator], int] | None:
    """The table and 0-based index a "(长期表)第N行" request names; None when there is no such row."""
    if not match:
        return None
    rows = form.table("long_term" if match.group(1) == "长期" else "annual")
    index = int(match.group(2)) - 1
    return (rows, index) if 0 <= index < len(rows) else None


def _delete_row(text, form, brief, framework):
    match = _DELETE_ROW_RE.search(text)
    found = _numbered_row(match, form)
    if found is None:
        return None
    rows, index = found
    table = "long_term" if match.group(1) == "长期" else "annual"
    removed = rows.pop(index)
    label = "长期绩效目标表" if table == "long_term" else "年度绩效目标表"
    return RevisionResult(form=form, note=f"删除{label}第{index + 1}行“{removed.name}”")


def _delete_by_name(text, form, brief, framework):
    match = _DELETE_NAME_RE.match(text)
    if not match:
        return None
    row = _find_row(form.annual_indicators, match.group(1), "")
    if row is None:
        return None
    for _, rows in form.tables():
        rows[:] = [r for r in rows if r.name != row.name]
    return RevisionResult(form=form, note=f"删除指标“{row.name}”")


def _add_row(text, form, brief, framework):
    match = _ADD_RE.search(text)
    if not match:
        return None
    words, content = match.group(1), (match.group(2) or "").strip()
    level2 = next((l2 for word, l2 in LEVEL2_WORDS.items() if word in words), None)
    if level2 is None:
        return None
    if content:
        row = row_from_words(content, level2, brief, framework)
        if row is None:
            return None
    else:
        row = _library_row(level2, form, brief, framework)
        if row is None:
            return None
    _insert_both(form, row)
    return RevisionResult(form=form, note=f"增加{row.level2}“{row.name}”（{row.raw_value}）")


def row_from_words(content: str, level2: str, brief: ProjectBrief, framework: str) -> Indicator | None:
    """The row the user described, read as a brief is read: "助餐点12月底前全部投入运营" → 助餐点投入运营时间
    ≤2027年12月31日; "每餐补贴5元" → 每餐补贴标准 =5元/餐; "覆盖率不低于85%" → a rate row."""
    from assistant.drafting.composer import quantity_name
    from assistant.drafting.timeliness import deadline_name, deadline_value
    from assistant.drafting.costs import cost_name

    said = extract_brief(content, ProjectBrief(name=brief.name, year=brief.year))
    source = [f"brief:{content}"]
    level1 = taxonomy.level1_for_level2(level2, taxonomy.FRAMEWORK_LOCAL) or taxonomy.L1_OUTPUT
    if level2 == "时效指标" and (said.deadline or said.time_limits):
        if said.time_limits:
            limit = said.time_limits[0]
            row = Indicator(level1=level1, level2=level2, name=limit.label, operator=limit.operator or "≤", value=limit.value_text,
                            unit=limit.unit, basis="计划标准", sources=source)
        else:
            row = Indicator(level1=level1, level2=level2, name=deadline_name(said.deadline_what), operator="≤",
                            value=deadline_value(said) or said.deadline, unit="", basis="计划标准", sources=source)
    elif level2 == "成本指标" and said.unit_costs:
        cost = said.unit_costs[0]
        row = Indicator(level1=level1, level2=level2, name=cost_name(cost, brief), operator="=", value=cost.value_text,
                        unit=cost.unit, basis="预算支出标准", sources=source)
    elif said.rates:
        rate = said.rates[0]
        operator = "=" if rate.value >= 100 else (rate.operator or "≥")
        row = Indicator(level1=level1, level2=level2, name=rate.label, operator=operator, value=rate.value_text,
                        unit=rate.unit or "%", basis="计划标准", sources=source)
    elif said.quantities:
        quantity = said.quantities[0]
        row = Indicator(level1=level1, level2=level2, name=quantity_name(quantity), operator="≥" if quantity.target else "=",
                        value=quantity.value_text, unit=quantity.unit, basis="计划标准", sources=source)
    else:
        return None
    level1, level2 = taxonomy.into_framework(row.level1, row.level2, framework)
    return row.model_copy(update={"level1": level1, "level2": level2})


def _library_row(level2: str, form: PerformanceForm, brief: ProjectBrief, framework: str) -> Indicator | None:
    """The best library row of the project's kind for a 二级, not yet in the draft."""
    from assistant.drafting.candidates import slot_candidates
    from assistant.drafting.context import DraftingContext, library_for

    context = DraftingContext(brief=brief, framework=framework)
    context.library, _ = library_for(context.subject)
    level1 = taxonomy.level1_for_level2(level2, taxonomy.FRAMEWORK_LOCAL) or taxonomy.L1_OUTPUT
    level1, level2 = taxonomy.into_framework(level1, level2, framework)
    present = {r.name for r in form.annual_indicators}
    for candidate in slot_candidates(context, level1, level2, f"{brief.name} {brief.description}"):
        if candidate.indicator.name not in present:
            return candidate.indicator
    return None


def _insert_both(form: PerformanceForm, row: Indicator) -> None:
    form.annual_indicators.insert(_insert_position(form.annual_indicators, row), row)
    form.long_term_indicators.insert(_insert_position(form.long_term_indicators, row), row.model_copy(deep=True))


def _change_row_n(text, form, brief, framework):
    """第3行改为… : a new name and value, or a value alone, for that row (in both tables when it is in both)."""
    match = _ROW_N_RE.match(text)
    found = _numbered_row(match, form)
    if found is None:
        return None
    rows, index = found
    old = rows[index]
    content = match.group(3).strip()
    parsed = taxonomy.parse_value(content)
    if parsed.operator and parsed.operator != "定性" and re.match(r"^[=≥≤<>]|^\d", content):
        new = old.with_value(parsed.operator, parsed.value, parsed.unit or old.unit)
    else:
        built = row_from_words(content, taxonomy.into_framework(old.level1, old.level2, taxonomy.FRAMEWORK_LOCAL)[1],
                               brief, framework)
        if built is None:
            return None
        new = built.model_copy(update={"level1": old.level1, "level2": old.level2})
    _replace_row(form, old, new)
    return RevisionResult(form=form, note=f"将第{index + 1}行“{old.name}”改为“{new.name}”（{new.raw_value}）")


def _replace_row(form: PerformanceForm, old: Indicator, new: Indicator) -> None:
    for _, rows in form.tables():
        for i, row in enumerate(rows):
            if row.name == old.name and row.raw_value == old.raw_value:
                rows[i] = new.model_copy(deep=True)


def _change_basis(text, form, brief, framework):
    match = _BASIS_RE.match(text)
    if not match:
        return None
    row = _find_row(form.annual_indicators, match.group(1).strip(), "")
    if row is None:
        return None
    basis = match.group(2)
    _replace_row(form, row, row.model_copy(update={"basis": basis}))
    return RevisionResult(form=form, note=f"将“{row.name}”的确定依据改为{basis}")


def _satisfaction_who(text, form, brief, framework):
    match = _SATISFACTION_WHO_RE.match(text)
    if not match:
        return None
    who = match.group(1).strip().removesuffix("满意度")
    rows = [r for r in form.annual_indicators if r.level1 == taxonomy.L1_SATISFACTION]
    if not rows:
        return None
    row = rows[0]
    renamed = row.model_copy(update={"name": f"{who}满意度"})
    _replace_row(form, row, renamed)
    return RevisionResult(form=form, note=f"将满意度指标改为“{renamed.name}”",
                          brief=brief.model_copy(update={"beneficiaries": who}))


def _delete_by_words(text, form, brief, framework):
    """删掉饮水那一行: the one row whose name holds the words; none or several → not understood."""
    match = _DELETE_WORDS_RE.match(text)
    if not match:
        return None
    words = match.group(1).strip()
    hits = [r for r in form.annual_indicators if words in r.name]
    if len(hits) != 1:
        return None
    for _, rows in form.tables():
        rows[:] = [r for r in rows if r.name != hits[0].name]
    return RevisionResult(form=form, note=f"删除指标“{hits[0].name}”")


def _insert_position(rows: list[Indicator], row: Indicator) -> int:
    same = [i for i, r in enumerate(rows) if (r.level1, r.level2) == (row.level1, row.level2)]
    if same:
        return same[-1] + 1
    same_l1 = [i for i, r in enumerate(rows) if r.level1 == row.level1]
    return same_l1[-1] + 1 if same_l1 else len(rows)


def _change_framework(text, form, brief, framework):
    match = _FRAMEWORK_RE.search(text)
    if not match:
        return None
    target = taxonomy.FRAMEWORK_101 if match.group(1).startswith("101") else taxonomy.FRAMEWORK_LOCAL
    for _, rows in form.tables():
        for i, row in enumerate(rows):
            level1, level2 = taxonomy.into_framework(row.level1, row.level2, target)
            rows[i] = row.model_copy(update={"level1": level1, "level2": level2})
    label = taxonomy.FRAMEWORK_LABELS[target]
    return RevisionResult(form=form, note=f"切换为{label}", framework=target)


def _replace_in_goals(form: PerformanceForm, old: str, new: str) -> None:
    if not old or old == new:
        return
    pattern = re.compile(r"(?<![\d.])" + re.escape(old))
    form.goals.long_term = pattern.sub(new, form.goals.long_term)
    form.goals.annual = pattern.sub(new, form.goals.annual)


def describe_changes(before: PerformanceForm, after: PerformanceForm) -> list[str]:
    """中文 lines naming what changed in the annual table (for the chat and the 版本对比 view)."""
    old = {r.name: r for r in before.annual_indicators}
    new = {r.name: r for r in after.annual_indicators}
    lines = [f"- 新增：{n}（{r.raw_value}）" for n, r in new.items() if n not in old]
    lines += [f"- 删除：{n}" for n in old if n not in new]
    lines += [
        f"- 修改：{n}：{old[n].raw_value} → {r.raw_value}"
        for n, r in new.items()
        if n in old and (old[n].raw_value, old[n].level1, old[n].level2) != (r.raw_value, r.level1, r.level2)
    ]
    if before.project.budget_wan != after.project.budget_wan:
        lines.append(f"- 项目预算：{_wan(before.project.budget_wan)} → {_wan(after.project.budget_wan)}")
    return lines


def _wan(amount: float | None) -> str:
    """A budget as the user reads it; a form may have none (cleared, or imported without one)."""
    return "未填写" if amount is None else f"{amount:g} 万元"
