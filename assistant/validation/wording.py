"""措辞: no vague words, names that are noun phrases, 确定依据 from the enum."""

from __future__ import annotations

import re

from assistant import taxonomy
from assistant.schema import TABLE_TITLES, Finding, PerformanceForm
from assistant.validation import facts
from assistant.validation.registry import Context, at, emit, rule
from assistant.validation.vocabulary import VAGUE_WORDS, is_graded, vague_words  # noqa: F401  (re-exported)

_VERBS = ("确保", "保证", "实现", "力争", "完成", "做到", "提高", "提升", "加强", "推进", "促进", "开展", "做好", "严格",
          "严控", "保障", "落实")
_VERB_FOLLOWERS = re.compile(r"^(率|时间|时限|情况|进度|数|量|金额|比例|期限|日期)")
_EMBEDDED_VALUE = re.compile(r"(达到|不低于|不少于|不超过|超过|高于|低于|控制在|[≥≤=<>])\s*\d|\d+(\.\d+)?\s*(%|人次|人|个|次|万元|元)$")
_GENERIC_BASIS = re.compile(r"根据实际|实际情况|视情况|按需|根据需要|工作需要")


@rule("wording.vague_words", "warning", "[V] zczrbj 模糊化 (进一步提高/明显改善/有效促进)")
def vague_row(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Names and values avoid vague words (进一步, 有效, 明显, 显著, 大幅, 稳步, 持续改善 …): they cannot be measured."""
    found = []
    for table, index, row in facts.rows(form):
        value = facts.nfkc(row.value) if row.operator == "定性" and not is_graded(row.value) else ""
        if facts.is_satisfaction_row(row) and "满意" not in row.name:
            value = ""  # the row is no satisfaction measure at all: classification.not_satisfaction says it
        in_value, in_name = vague_words(value), vague_words(row.name)
        if not (in_value or in_name):
            continue
        field = "value" if in_value else "name"
        words = "、".join(dict.fromkeys(in_value + in_name))
        found.append(emit("wording.vague_words", at(table, index, field),
                          f"{facts.quote(row)}用了模糊词“{words}”，无法衡量。",
                          "改为可考核的表述：写明数值和单位（如“就业率≥85%”），定性时用分级表述（达到/部分达到/未达到预期目标）。"))
    return found


@rule("wording.vague_goal", "info", "[V] zczrbj 模糊化; 领域规则16")
def vague_goal(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Goal texts state what is done, how much and to what effect, without slogans (进一步, 全面 …). Advice (info):
    the goal text is narrative; what is assessed are the rows, whose vague words are warnings."""
    found = []
    for key in ("annual", "long_term"):
        text = getattr(form.goals, key)
        words = vague_words(text) if not facts.unknown(text) else []
        if words:
            label = facts.GOAL_LABELS[key]
            found.append(emit("wording.vague_goal", at("goals", None, key),
                              f"{label}文本用了模糊词“{'、'.join(words)}”。",
                              f"{label}写明做什么、做多少（与数量指标一致）、达到什么效果，用数字代替“进一步”“显著”等词。"))
    return found


@rule("wording.verb_name", "info", "[V] clix4bitcoin 共性指标库命名; [C] pmkpi gx01 指标名")
def verb_name(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A 三级 name is a noun phrase naming what is measured, not an action (确保, 完成, 开展 …)."""
    found = []
    for table, index, row in facts.rows(form):
        name = re.sub(r"^(指标\d+\s*[:：]|★+)", "", facts.nfkc(row.name))
        verb = next((v for v in _VERBS if name.startswith(v)), None)
        if verb and not _VERB_FOLLOWERS.match(name[len(verb):]):
            found.append(emit("wording.verb_name", at(table, index, "name"),
                              f"{facts.quote(row)}的名称以动词“{verb}”开头，不是衡量对象。",
                              "改为“对象+计量”的名词短语，如“开展考评员培训”→“考评员培训次数”。"))
    return found


@rule("wording.name_embeds_value", "warning", "[V] 领域规则18 (名称不得含指标值)")
def name_embeds_value(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A 三级 name does not carry its target value ("培训人次达到500"): the value belongs in 指标值."""
    found = []
    for table, index, row in facts.rows(form):
        name = re.sub(r"[（(][^)）]*\*\*[^)）]*[)）]", "", facts.nfkc(row.name))  # template hints "(≥**人)"
        if _EMBEDDED_VALUE.search(name) and not facts.value_like(row.name):  # a value in the name cell: columns slipped
            found.append(emit("wording.name_embeds_value", at(table, index, "name"),
                              f"{facts.quote(row)}的名称中写了目标值。",
                              "名称只写衡量对象（如“培训人次”），数值写到指标值栏。"))
    return found


def _basis_ok(basis: str) -> bool:
    return any(value in basis for value in taxonomy.BASIS_VALUES)


@rule("wording.basis_column_missing", "info", "[C] pmkpi INDEXSTANDARDS 枚举; [P] 32 of 40 approved forms have no such column")
def basis_column_missing(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """A table without any 指标值确定依据 uses a template without that column: worth adding, not a defect of a row."""
    return [emit("wording.basis_column_missing", at(table, None, "basis"),
                 f"{TABLE_TITLES[table]}没有填写指标值确定依据（所用表样可能没有这一栏）。",
                 f"如本地表样有此栏，为每行选择确定依据：{'、'.join(taxonomy.BASIS_VALUES)}，并注明文件、上年值或测算方法。")
            for table, rows in form.tables() if rows and not any(r.basis.strip() for r in rows)]


@rule("wording.basis_missing", "warning", "[C] pmkpi INDEXSTANDARDS 枚举; [V] lygzb.net")
def basis_missing(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """Every row states its 指标值确定依据 (计划/行业/历史/预算支出/其他标准): a blank among filled ones was skipped."""
    found = []
    for table, rows in form.tables():
        blank = [i for i, r in enumerate(rows) if not r.basis.strip()]
        if rows and len(blank) == len(rows):
            continue  # wording.basis_column_missing
        blank = [i for i in blank if not (facts.unknown(rows[i].raw_value) or facts.unknown(rows[i].name))]
        for index in blank:
            found.append(emit("wording.basis_missing", at(table, index, "basis"),
                              f"{facts.quote(rows[index])}未填写指标值确定依据。",
                              f"选择{'、'.join(taxonomy.BASIS_VALUES)}之一。"))
    return found


@rule("wording.basis_not_enum", "warning", "[C] pmkpi INDEXSTANDARDS 枚举; [V] lygzb.net")
def basis_not_enum(form: PerformanceForm, ctx: Context) -> list[Finding]:
    """确定依据 comes from the enum, not "根据实际情况"; 预算支出标准 is for 成本 rows only."""
    found = []
    for table, rows in form.tables():
        filled = [(i, r) for i, r in enumerate(rows) if r.basis.strip() and not facts.unknown(r.basis)]
        off = [(i, r) for i, r in filled if not _basis_ok(r.basis) or _GENERIC_BASIS.search(r.basis)]
        if filled and len(off) == len(filled) and len(off) > 1:
            found.append(emit("wording.basis_not_enum", at(table, None, "basis"),
                              f"{TABLE_TITLES[table]}的确定依据不是规定的取值（如“{off[0][1].basis[:20]}”）。",
                              f"确定依据取{'、'.join(taxonomy.BASIS_VALUES)}之一，具体依据写在说明中。"))
            continue
        for index, row in off:
            found.append(emit("wording.basis_not_enum", at(table, index, "basis"),
                              f"{facts.quote(row)}的确定依据“{row.basis[:20]}”不是规定的取值。",
                              f"取{'、'.join(taxonomy.BASIS_VALUES)}之一。"))
        for index, row in filled:
            if "预算支出标准" in row.basis and not facts.is_cost_row(row):
                found.append(emit("wording.basis_not_enum", at(table, index, "basis"),
                                  f"{facts.quote(row)}不是成本指标，却以“预算支出标准”为依据。",
                                  "预算支出标准只用于成本指标；其他指标用计划、行业、历史或其他标准。"))
    return found
