"""Development briefs (eval/briefs/dev): draft each one as a user types it and measure what a reviewer sees.

Per brief, automatically:
- brief understanding: name, unit and budget as stated (expect.name/unit/budget_wan), and every stated fact
  (quantity, unit standard, rate, frequency, deadline, time limit) carried into a row with its value and unit;
- foreign rows: rows whose source is a precedent or library row of another kind of project than the brief's
  labelled kind (expect: 0). Library rows carry their kind; a precedent's kind is read by assistant.relevance;
- the composed draft's validator errors before repair, and the rows repair removed;
- gaps: rows left for the user to fill in (source "gap:"), and the question asked.
The drafts are also written out whole (Markdown) for a reviewer's row-by-row reading (eval/results/panel/).

    python -m eval.brief_eval [eval/briefs/dev] [-o eval/results]      # the knowledge store of JIXIAO_HOME
    python -m eval.brief_eval eval/briefs/fresh                       # → eval/results/fresh-briefs.json, fresh-drafts.md

The fresh briefs (eval/briefs/fresh) were written blind by a colleague after the drafter's last change before them;
they are measured, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from functools import lru_cache
from pathlib import Path

from assistant import relevance
from assistant.drafting.brief import extract_brief
from assistant.drafting.composer import GAP, compose
from assistant.drafting.context import gather_context
from assistant.library import load_common, load_library
from assistant.schema import Indicator
from eval.knowledge import open_knowledge
from eval.report import HELD_OUT

DEV_DIR = Path(__file__).parent / "briefs" / "dev"


def load_briefs(folder: Path = DEV_DIR) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


# ---- understanding ------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    return re.sub(r"[\s“”\"'（）()]", "", text or "")


# Units a reviewer treats as the same (75名 = 75人); a frequency's per-year count is the same fact; 每人500元 beside
# 培训400人次 is the brief's standard whether written per head or per attendance (元/人次).
SAME_UNIT = {"名": "人", "个工作日": "工作日", "次/人·年": "次", "次/个·年": "次", "次/年": "次", "元/人次": "元/人"}


def _unit_key(unit: str) -> tuple[float, str]:
    """(factor, base unit): 万人次 → (10000, 人次); 元/人·月 → (1, 元/人月); 名 → 人."""
    unit = SAME_UNIT.get(unit, unit).replace("/车", "/辆")  # 1.5万元/车 = 1.5万元/辆
    unit = (unit or "").replace("·", "").replace("（", "(").split("(")[0]
    if unit.startswith("万") and len(unit) > 1 and unit != "万元":
        return 10000.0, unit[1:]
    if unit == "亿元":
        return 10000.0, "万元"
    return 1.0, unit


def _row_number(row: Indicator) -> float | None:
    try:
        return float(row.value)
    except ValueError:
        return None


def carried(fact: dict, rows: list[Indicator]) -> Indicator | None:
    """The row that carries a stated fact: same value and unit (万 folded in), the same deadline date, or for a
    payment schedule its 时效 row built from the schedule's words."""
    if fact.get("kind") == "context" or fact.get("row") is None:
        return None
    if fact["kind"] == "deadline":
        return next((r for r in rows if r.level2 == "时效指标" and r.value == str(fact["value"])), None)
    if fact["kind"] == "frequency":  # 按月发放 written as its timeliness (…按月发放及时率 =100%), from that very text
        said = next((r for r in rows if r.level2 == "时效指标" and any(
            s.startswith("brief:") and len(s) > 7 and s.removeprefix("brief:") in fact["text"] for s in r.sources)), None)
        if said is not None:
            return said
    factor, unit = _unit_key(fact.get("unit", ""))
    try:
        wanted = float(fact["value"]) * factor
    except (TypeError, ValueError):
        return None
    for row in rows:
        number = _row_number(row)
        row_factor, row_unit = _unit_key(row.unit)
        if number is not None and abs(number * row_factor - wanted) < 1e-6 * max(1.0, wanted) and row_unit == unit:
            return row
    return None


def understanding(item: dict, form, brief) -> dict:
    expect = item["expect"]
    facts = [f for f in expect["facts"] if f.get("kind") != "context" and f.get("row")]
    found = {f["text"]: carried(f, form.annual_indicators) for f in facts}
    name_ok = (not expect.get("name") and brief.name == "") or _norm(expect.get("name")) == _norm(brief.name)
    unit_ok = _norm(expect.get("unit")) == _norm(brief.unit)
    budget = expect.get("budget_wan")
    budget_ok = (budget is None and brief.budget_wan is None) or (
        budget is not None and brief.budget_wan is not None and abs(budget - brief.budget_wan) < 1e-6)
    return {"name_ok": name_ok, "name": brief.name, "unit_ok": unit_ok, "unit": brief.unit, "budget_ok": budget_ok,
            "budget_wan": brief.budget_wan, "facts": len(facts), "facts_carried": sum(r is not None for r in found.values()),
            "missed": [t for t, r in found.items() if r is None]}


# ---- foreign rows ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _common_ids() -> frozenset[str]:
    return frozenset(r.id for r in load_common())


@lru_cache(maxsize=1)
def _library_by_id() -> dict:
    return {r.id: r for r in load_library()}


def source_kinds(source: str, store) -> set[str] | None:
    """The kinds of project a cited source belongs to; None for the user's own words, a gap or a guideline."""
    if source.startswith("lib:"):
        if source[4:] in _common_ids():
            return None  # a 共性 row of a way of spending (工程验收合格率): of no one kind; counted apart
        row = _library_by_id().get(source[4:])
        return {row.kind} if row else set()
    if source.startswith("form:") and store is not None:
        form = store.get_form(source[5:].split("#")[0])
        return set(relevance.form_subject(form).kinds) if form else set()
    return None


def foreign(item: dict, rows: list[Indicator], store) -> list[str]:
    """Rows every cited precedent/library source of which is of another kind than the brief's."""
    found = []
    for row in rows:
        kinds = [k for s in row.sources if (k := source_kinds(s, store)) is not None]
        if kinds and not any(item["kind"] in k for k in kinds) and not any(s.startswith("brief:") for s in row.sources):
            found.append(row.name)
    return found


# ---- running ----------------------------------------------------------------------------------


def draft_one(item: dict, store) -> dict:
    started = time.perf_counter()
    brief = extract_brief(item["text"] + " 直接生成")
    # The held-out forms lend no rows here: the team tunes on these drafts, and nothing is tuned on them.
    context = gather_context(brief, store, "101", exclude_form_ids=HELD_OUT)
    draft = compose(brief, context, "101")
    elapsed = time.perf_counter() - started
    form = draft.form
    rows = form.annual_indicators
    return {
        "id": item["id"], "kind": item["kind"], "covered_by_precedents": item["covered_by_precedents"],
        "text": item["text"], "kinds_read": list(context.subject.kinds),
        "precedents": [p[0] for p in context.precedents],
        "understanding": understanding(item, form, brief),
        "foreign_rows": foreign(item, rows, store),
        "errors_before_repair": draft.errors_before_repair, "removed_rows": draft.removed_rows,
        "errors": sum(f.severity == "error" for f in draft.findings),
        "warnings": sum(f.severity == "warning" for f in draft.findings),
        "gaps": [r.name for r in rows if any(s.startswith(GAP) for s in r.sources)],
        "common_rows": [r.name for r in rows if any(s.removeprefix("lib:") in _common_ids() for s in r.sources)],
        "question": draft.question, "notices": draft.notices, "seconds": round(elapsed, 3),
        "form": json.loads(form.model_dump_json()),
    }


def summary(records: list[dict]) -> dict:
    rows = sum(len(r["form"]["annual_indicators"]) for r in records)
    facts = sum(r["understanding"]["facts"] for r in records)
    named = [r for r in records if r["understanding"]["name_ok"] is not None]
    return {
        "briefs": len(records), "rows": rows,
        "foreign_rows": sum(len(r["foreign_rows"]) for r in records),
        "name_ok": sum(r["understanding"]["name_ok"] for r in named), "unit_ok": sum(r["understanding"]["unit_ok"] for r in records),
        "budget_ok": sum(r["understanding"]["budget_ok"] for r in records),
        "facts": facts, "facts_carried": sum(r["understanding"]["facts_carried"] for r in records),
        "briefs_all_facts": sum(r["understanding"]["facts_carried"] == r["understanding"]["facts"] for r in records),
        "errors_before_repair": sum(r["errors_before_repair"] for r in records),
        "drafts_with_errors_before_repair": sum(r["errors_before_repair"] > 0 for r in records),
        "rows_removed_by_repair": sum(len(r["removed_rows"]) for r in records),
        "gap_rows": sum(len(r["gaps"]) for r in records),
        "common_rows": sum(len(r.get("common_rows", ())) for r in records),
        "seconds_p50": sorted(r["seconds"] for r in records)[len(records) // 2] if records else 0,
    }


def draft_markdown(record: dict) -> str:
    """One draft as a reviewer reads it: the brief, the goal texts, the numbered annual table and what the assistant
    says with it."""
    form = record["form"]
    budget = form["project"]["budget_wan"]
    lines = [f"## {record['id']}", "", f"简报：{record['text']}", "",
             f"项目名称：{form['project']['name']}　单位：{form['project']['unit'] or '（空）'}　"
             f"预算：{'（简报未写）' if budget is None else f'{budget}万元'}", "", f"年度目标：{form['goals']['annual']}", "",
             f"长期目标：{form['goals']['long_term']}", "",
             "| 行 | 一级 | 二级 | 三级指标 | 指标值 | 确定依据 |", "|---|---|---|---|---|---|"]
    for number, row in enumerate(form["annual_indicators"], start=1):
        lines.append(f"| {number} | {row['level1']} | {row['level2']} | {row['name']} | {row['raw_value']} | {row['basis']} |")
    if record["notices"]:  # what the chat says beside the draft: every note and question, as the user reads them
        lines += ["", "助手说明与追问："] + [f"- {notice}" for notice in record["notices"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="开发集简报起草评测")
    parser.add_argument("folder", nargs="?", default=str(DEV_DIR))
    parser.add_argument("-o", "--out", default="eval/results")
    parser.add_argument("--name", default="", help="结果文件名前缀（默认取简报文件夹名：dev、fresh）")
    args = parser.parse_args(argv)
    name = args.name or Path(args.folder).name
    store, _ = open_knowledge()
    records = [draft_one(item, store) for item in load_briefs(Path(args.folder))]
    payload = {"store": "chroma", "summary": summary(records), "records": records}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    title = {"dev": "开发集简报", "fresh": "新鲜简报"}.get(name, f"{name} 简报")
    (out / f"{name}-briefs.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / f"{name}-drafts.md").write_text(f"# {title}的离线起草稿（供逐行审读）\n\n" +
                                       "\n".join(draft_markdown(r) for r in records), encoding="utf-8")
    print(json.dumps(payload["summary"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
