"""What the 起草 page shows, as plain data: table cells, findings, precedents, versions, the chat.

Pure functions of a session (and the comparison with precedents); no gradio here, so they are tested
without a browser. The inverse — cells back to indicators — is ``rows_from_table``.
"""

from __future__ import annotations

from assistant import findings as presenter
from assistant import taxonomy
from assistant.drafting.revisions import describe_changes
from assistant.drafting.session import DraftSession, SessionSummary
from assistant.review import PrecedentComparison
from assistant.schema import Finding, Indicator
from ui.markup import esc, md

COLUMNS = ["一级指标", "二级指标", "三级指标", "运算符", "指标值", "单位", "确定依据", "来源", "校验"]
EDITABLE_COLUMNS = 7  # 来源 (cited ids) and 校验 (what the validators say) are not typed in
SEVERITY_MARKS = {"error": "✖", "warning": "⚠", "info": "ℹ"}
ROW_STYLES = {"error": "background-color: #fde2e2", "warning": "background-color: #fff4d6", "info": ""}
SOURCE_SEPARATOR = "；"


# ---- indicator tables ------------------------------------------------------------------------


def _row_findings(findings: list[Finding], table: str) -> dict[int, list[Finding]]:
    by_row: dict[int, list[Finding]] = {}
    order = {"error": 0, "warning": 1, "info": 2}
    for finding in sorted(findings, key=lambda f: order[f.severity]):
        if finding.location.table == table and finding.location.index is not None:
            by_row.setdefault(finding.location.index, []).append(finding)
    return by_row


def table_value(rows: list[Indicator], findings: list[Finding], table: str) -> dict:
    """The editable table: one line per row, its top finding in 校验 and the row tinted by severity."""
    flagged = _row_findings(findings, table)
    data, styling = [], []
    for index, row in enumerate(rows):
        notes = flagged.get(index, [])
        check = "；".join(f"{SEVERITY_MARKS[f.severity]} {f.message}" for f in notes[:2]) if notes else "✓"
        data.append([row.level1, row.level2, row.name, row.operator, row.value, row.unit, row.basis,
                     SOURCE_SEPARATOR.join(row.sources), check])
        style = ROW_STYLES[notes[0].severity] if notes else ""
        styling.append([style] * len(COLUMNS))
    if not data:
        data = [[""] * len(COLUMNS)]
        styling = [[""] * len(COLUMNS)]
    return {"headers": COLUMNS, "data": data, "metadata": {"styling": styling, "display_value": None}}


def _cell(cells: list, index: int) -> str:
    value = cells[index] if index < len(cells) else ""
    if value is None or (isinstance(value, float) and value != value):  # None / NaN from an emptied cell
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def indicator_from_cells(cells: list) -> Indicator:
    """One table line → an Indicator, keeping whatever was typed (a bad value is flagged, never dropped).

    A valid 运算符 cell is taken as typed; otherwise the operator, value and unit cells are read together
    as one 指标值 cell ("≥95%", "大约90%"), as the importers read a form.
    """
    level1, level2, name, op_cell, value, unit, basis, sources = (_cell(cells, i) for i in range(8))
    operator = taxonomy.normalize_operator(op_cell) if op_cell else ""
    if op_cell and operator:
        parts = (operator, value, taxonomy.normalize_unit(unit))
    else:
        parsed = taxonomy.parse_value(f"{op_cell}{value}{unit}")
        parts = (parsed.operator, parsed.value, parsed.unit)
    return Indicator(
        level1=taxonomy.normalize_level1(level1) if level1 else "",
        level2=taxonomy.normalize_level2(level2) if level2 else "",
        name=name, operator=parts[0], value=parts[1], unit=parts[2], basis=basis,
        sources=[s.strip() for s in sources.split(SOURCE_SEPARATOR) if s.strip()],
    )


def rows_from_table(data) -> list[Indicator]:
    """The edited table (list of lines, a pandas frame or the {data: …} dict) → indicators; blank lines dropped."""
    if hasattr(data, "values") and hasattr(data, "columns"):
        data = data.values.tolist()
    elif isinstance(data, dict):
        data = data.get("data", [])
    rows = []
    for cells in data or []:
        cells = list(cells)
        if any(_cell(cells, i) for i in range(EDITABLE_COLUMNS)):
            rows.append(indicator_from_cells(cells))
    return rows


# ---- findings ----------------------------------------------------------------------------------


def findings_markdown(findings: list[Finding]) -> str:
    """The 问题 tab: grouped 错误 / 警告 / 提示, each line naming its place; form text escaped."""
    if not findings:
        return "✓ 校验通过：没有错误、警告或提示。"
    parts = []
    for severity, label, group in presenter.grouped(findings):
        parts.append(f"### {SEVERITY_MARKS[severity]} {label}（{len(group)}）")
        for finding in group:
            fix = f"  \n　建议：{md(finding.suggestion)}" if finding.suggestion else ""
            parts.append(f"- **{md(presenter.place(finding.location))}**：{md(finding.message)}{fix}")
    return "\n".join(parts)


# ---- precedents --------------------------------------------------------------------------------


def precedents_html(comparison: PrecedentComparison | None) -> str:
    """The draft beside its precedents: rows taken from each, values that differ, rows it lacks."""
    if comparison is None:
        return "<p>还没有草稿。</p>"
    parts = []
    if comparison.precedents:
        parts.append("<h4>引用的先例</h4><ul>")
        for p in comparison.precedents:
            budget = f"，预算 {p.budget_wan:g} 万元" if p.budget_wan is not None else ""
            cited = f"，本表 {p.cited_rows} 行引用" if p.cited_rows else "（相似先例）"
            parts.append(f"<li><b>{esc(p.name)}</b>（{esc(p.id)}；{esc(p.unit or '单位不详')}"
                         f"{esc(budget)}）{esc(cited)}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>没有可比的先例（知识库为空或未引用先例）。</p>")
    parts.append("<h4>逐行来源（本表 ⟷ 先例）</h4><table class='jx-compare'><tr><th>本表行</th><th>三级指标</th>"
                 "<th>来源</th><th>先例行</th><th>先例三级指标</th><th>先例指标值</th></tr>")
    for o in comparison.origins:
        if o.table != "annual" and any(x.table == "annual" for x in comparison.origins):
            continue  # the long-term table repeats the annual rows' sources
        parts.append(f"<tr><td>{esc(o.label)}</td><td>{esc(o.name)}</td><td>{esc(o.description)}</td>"
                     f"<td>{esc((o.precedent_id or '') + ' ' + (o.precedent_row or ''))}</td>"
                     f"<td>{esc(o.precedent_name or '')}</td><td>{esc(o.precedent_value or '')}</td></tr>")
    parts.append("</table>")
    for p in comparison.precedents:
        parts.append(_precedent_table(p))
    parts.append("<h4>与先例常见取值不同</h4>")
    if comparison.differences:
        parts.append("<ul>" + "".join(f"<li><b>{esc(d.label)}</b> {esc(d.name)}：{esc(d.message)}"
                                      f"（{esc('、'.join(d.precedent_values))}）</li>" for d in comparison.differences)
                     + "</ul>")
    else:
        parts.append("<p>没有明显偏离先例的取值。</p>")
    parts.append("<h4>先例有、本表没有的指标</h4>")
    if comparison.missing:
        parts.append("<ul>" + "".join(f"<li>{esc(m.level1)} / {esc(m.level2)}：{esc(m.message)}</li>"
                                      for m in comparison.missing[:12]) + "</ul>")
    else:
        parts.append("<p>先例常见的指标本表都有。</p>")
    return "".join(parts)


def _precedent_table(precedent) -> str:
    """A precedent's whole indicator table, folded, to read beside the draft."""
    rows = precedent.form.annual_indicators or precedent.form.long_term_indicators
    lines = "".join(f"<tr><td>{i + 1}</td><td>{esc(r.level1)}</td><td>{esc(r.level2)}</td><td>{esc(r.name)}</td>"
                    f"<td>{esc(r.raw_value)}</td><td>{esc(r.basis)}</td></tr>" for i, r in enumerate(rows))
    return (f"<details><summary>先例《{esc(precedent.name)}》完整指标表（{len(rows)} 行）</summary>"
            "<table class='jx-compare'><tr><th>行</th><th>一级指标</th><th>二级指标</th><th>三级指标</th>"
            f"<th>指标值</th><th>确定依据</th></tr>{lines}</table></details>")


# ---- versions and chat ---------------------------------------------------------------------------


def versions_markdown(session: DraftSession) -> str:
    """Every version with its note; the changes from the previous version to the current one."""
    if not session.versions:
        return "还没有草稿版本。"
    lines = ["| 版本 | 说明 | 时间 |", "|---|---|---|"]
    for number, version in enumerate(session.versions, start=1):
        mark = " **（当前）**" if number - 1 == session.current else ""
        lines.append(f"| {number}{mark} | {md(version.note)} | {version.created.replace('T', ' ')} |")
    if session.current > 0:
        before = session.versions[session.current - 1]
        changes = [f"- {md(line.removeprefix('- '))}" for line in describe_changes(before.form, session.form)]
        changes = changes or ["- 指标表没有变化（可能改了目标文本或长期表）"]
        note = md(session.versions[session.current].note)
        lines += ["", f"**第{session.current}版 → 第{session.current + 1}版**（{note}）：", *changes]
    return "\n".join(lines)


WELCOME = ("您好，我是绩效目标编制助手。请描述要申报的项目：做什么、预算多少、计划完成多少工作量、什么时候完成。"
           "例如：“我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。”")


def chat_messages(session: DraftSession) -> list[dict]:
    """The conversation; its text may quote form content, so HTML in it shows as characters (markdown stays)."""
    messages = [{"role": m.role, "content": esc(m.content)} for m in session.messages]
    return messages or [{"role": "assistant", "content": WELCOME}]


def draft_label(session: DraftSession | SessionSummary) -> str:
    """"项目名称 · 12-01 22:05" for the 我的草稿 list (a session or its index entry)."""
    return f"{session.title or '（尚未起草）'} · {session.updated.replace('T', ' ')[5:16]}"


NO_DRAFT = "尚无草稿：在左侧描述项目后自动起草。"


def draft_title(session: DraftSession) -> str:
    if session.form is None:
        return NO_DRAFT
    name = session.form.project.name or "未命名项目"
    return f"**{md(name)}** · 第{session.current + 1}/{len(session.versions)}版 · {presenter.tally_text(session.findings)}"
