"""A form as Markdown, for reading (not re-imported)."""

from __future__ import annotations

from pathlib import Path

from assistant.schema import TABLE_TITLES, PerformanceForm


def _cell(text: str) -> str:
    return (text or "").replace("|", "｜").replace("\n", " ")


def form_to_markdown(form: PerformanceForm) -> str:
    p = form.project
    budget = f"{p.budget_wan:g} 万元" if p.budget_wan is not None else "未填"
    lines = [f"# {p.name or '未命名项目'}", "", f"- 申报单位：{p.unit or '未填'}", f"- 项目预算：{budget}"]
    if p.year:
        lines.append(f"- 预算年度：{p.year}")
    if p.sector:
        lines.append(f"- 所属领域：{p.sector}")
    lines += ["", "## 长期绩效目标", "", form.goals.long_term or "（未填）", "", "## 年度绩效目标", "",
              form.goals.annual or "（未填）"]
    for table, rows in form.tables():
        if not rows:
            continue
        lines += ["", f"## {TABLE_TITLES[table]}", "", "| 序号 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 确定依据 |",
                  "|---|---|---|---|---|---|"]
        for i, r in enumerate(rows, start=1):
            lines.append(f"| {i} | {_cell(r.level1)} | {_cell(r.level2)} | {_cell(r.name)} | {_cell(r.raw_value)} | {_cell(r.basis)} |")
    return "\n".join(lines) + "\n"


def write_markdown(form: PerformanceForm, path: Path) -> None:
    Path(path).write_text(form_to_markdown(form), encoding="utf-8")
