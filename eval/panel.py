"""A reviewer panel's row-by-row reading of the development drafts, summed up.

Each panel file (eval/results/panel/<round>-<reviewer>.json) holds one reader's verdicts on a share of the
drafts in eval/results/dev-drafts.md: every annual row keep / fix / strike with a reason, and each goal text
keep / fix / strike with whether it carries content foreign to the project. The readers see the drafts only
(no sources, no code, no metrics). This module counts them:

    python -m eval.panel round1        → the figures and the struck rows, as Markdown on stdout
    python -m eval.panel round9 eval/results/dev-briefs.json
                                        → that round's verdicts laid on the current drafts (rows removed since drop out)

From round 3 the readers also read, mixed among the development drafts and not told which, the drafts of the
fresh briefs (eval/briefs/fresh, ids "f01-…"; fresh2, "g01-…"; fresh3, "h01-…"; fresh4–6, "i/j/k01-…"): projects nobody tuned on when
they were first read. Their figures are given apart. (The first fresh set was read in round 3 before any change made
for it; the drafter was then changed after that reading, so in round 4 it is no longer untuned: fresh2 is.)
Rounds 8, 10, 11, 12, 13 and 14 read a sealed set (fresh6, fresh7, fresh8, fresh9, fresh10, fresh11) twice, by different readers: ``roundN`` the final
drafter's drafts, ``roundNbase`` the session-start drafter's (``python -m eval.panel round8base``); round 9 re-read the
development drafts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

PANEL_DIR = Path(__file__).parent / "results" / "panel"
VERDICTS = ("keep", "fix", "strike")


def load_round(name: str, folder: Path = PANEL_DIR) -> list[dict]:
    drafts = []
    for path in sorted(folder.glob(f"{name}-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        drafts += [{**draft, "reviewer": data.get("reviewer", path.stem)} for draft in data["drafts"]]
    return drafts


def summary(drafts: list[dict]) -> dict:
    rows = [row for draft in drafts for row in draft["rows"]]
    verdicts = Counter(row["verdict"] for row in rows)
    total = len(rows) or 1
    goals = [draft[key] for draft in drafts for key in ("annual_goal", "long_term_goal") if key in draft]
    return {
        "drafts": len(drafts), "rows": len(rows), **{v: verdicts.get(v, 0) for v in VERDICTS},
        "kept_share": verdicts.get("keep", 0) / total, "struck_share": verdicts.get("strike", 0) / total,
        "drafts_without_strike": sum(all(r["verdict"] != "strike" for r in d["rows"]) for d in drafts),
        "goal_texts": len(goals), "goal_texts_kept": sum(g.get("verdict") == "keep" for g in goals),
        "goal_texts_foreign": sum(bool(g.get("foreign")) for g in goals),
    }


GROUPS = {"dev": "开发集简报", "fresh": "第一批新鲜简报（fresh）", "fresh2": "第二批新鲜简报（fresh2）",
          "fresh3": "第三批新鲜简报（fresh3）", "fresh4": "第四批新鲜简报（fresh4）", "fresh5": "第五批新鲜简报（fresh5）",
          "fresh6": "第六批新鲜简报（fresh6）", "fresh7": "第七批新鲜简报（fresh7）", "fresh8": "第八批新鲜简报（fresh8）",
          "fresh9": "第九批新鲜简报（fresh9）", "fresh10": "第十批新鲜简报（fresh10）",
          "fresh11": "第十一批新鲜简报（fresh11）", "fresh12": "第十二批新鲜简报（fresh12）", "fresh13": "第十三批新鲜简报（fresh13）", "fresh14": "第十四批新鲜简报（fresh14）",
          "fresh15": "第十五批新鲜简报（fresh15）"}
# eval/briefs/fresh*/ ids: f01-…, g01-…, h01-…, i01-…, j01-…, k01-…, m01-…, n01-…, p01-…, q01-…, r01-…, s01-…, t01-…, u01-…, v01-…
_FRESH_PREFIX = {"f": "fresh", "g": "fresh2", "h": "fresh3", "i": "fresh4", "j": "fresh5", "k": "fresh6", "m": "fresh7",
                 "n": "fresh8", "p": "fresh9", "q": "fresh10", "r": "fresh11", "s": "fresh12", "t": "fresh13", "u": "fresh14", "v": "fresh15"}


def group_of(draft_id: str) -> str:
    return _FRESH_PREFIX.get(draft_id[:1], "dev") if draft_id[1:3].isdigit() else "dev"


def _figures_line(figures: dict) -> str:
    return (f"{figures['drafts']} 份草稿、{figures['rows']} 行：保留 {figures['keep']}（{figures['kept_share']:.1%}）、"
            f"修改 {figures['fix']}、删除 {figures['strike']}（{figures['struck_share']:.1%}）；"
            f"无删除行的草稿 {figures['drafts_without_strike']} 份；目标文本 {figures['goal_texts']} 段中原样通过 "
            f"{figures['goal_texts_kept']} 段，含无关内容 {figures['goal_texts_foreign']} 段。")


def markdown(name: str, drafts: list[dict]) -> str:
    lines = [f"## 评审 {name}", ""]
    groups = {g: [d for d in drafts if group_of(d["id"]) == g] for g in GROUPS}
    for group, label in GROUPS.items():
        if groups[group]:
            lines += [f"- {label}：{_figures_line(summary(groups[group]))}"]
    lines += ["", "| 草稿 | 行 | 三级指标 | 结论 | 理由 |", "|---|---|---|---|---|"]
    for draft in drafts:
        for row in draft["rows"]:
            if row["verdict"] == "strike":
                lines.append(f"| {draft['id']} | {row['row']} | {row['name']} | 删除 | {row.get('reason', '')} |")
    return "\n".join(lines) + "\n"


def rescored(drafts: list[dict], records: list[dict]) -> tuple[Counter, list[tuple[str, str]]]:
    """A round's verdicts laid on later drafts of the same briefs (``records`` of a brief_eval result): each row
    keeps the verdict its name got, rows the round never saw are listed apart. Sound only for a change that removes
    or renames rows and leaves the rest as they were: a reader judges a row mostly on its own, but not always."""
    verdicts = {(d["id"], r["name"]): r["verdict"] for d in drafts for r in d["rows"]}
    read = {d["id"] for d in drafts}
    counts: Counter = Counter()
    unseen = []
    for record in records:
        if record["id"] not in read:
            continue
        for row in record["form"]["annual_indicators"]:
            key = (record["id"], row["name"])
            if key in verdicts:
                counts[verdicts[key]] += 1
            else:
                unseen.append(key)
    return counts, unseen


def main(argv=None) -> None:
    args = argv or sys.argv[1:] or ["round1"]
    name = args[0]
    drafts = load_round(name)
    if len(args) > 1:  # python -m eval.panel round9 eval/results/dev-briefs.json
        counts, unseen = rescored(drafts, json.loads(Path(args[1]).read_text(encoding="utf-8"))["records"])
        total = sum(counts.values()) or 1
        print(f"{name} 的判读用于 {args[1]} 的草稿：{total} 行，保留 {counts['keep']}（{counts['keep'] / total:.1%}）、"
              f"修改 {counts['fix']}、删除 {counts['strike']}（{counts['strike'] / total:.1%}）；这一轮没读过的行 {len(unseen)} 行"
              + (f"：{'、'.join(f'{i} {n}' for i, n in unseen)}" if unseen else ""))
        return
    print(markdown(name, drafts))
    print(json.dumps({g: summary([d for d in drafts if group_of(d["id"]) == g]) for g in GROUPS
                      if any(group_of(d["id"]) == g for d in drafts)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
