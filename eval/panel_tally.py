"""Tally a panel round's 'fix' and 'strike' verdicts into classes of cause, by the words of each reason.

    python -m eval.panel_tally round2

Each non-keep row (and goal text) falls into the first class whose pattern its reason matches; the classes are
the causes the drafter can act on. Rows no pattern matches are printed so the classes can be extended.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

PANEL = Path(__file__).parent / "results" / "panel"

# (class, pattern on the reason), first match wins; order from the most specific.
CLASSES: list[tuple[str, str]] = [
    ("f 长期目标照抄年度值", r"长期目标只是|多年要达到|中长期方向"),
    ("c 增长/下降率没有基数", r"^[^：]*(?:增长率|下降率|缩短率)："),
    ("d 二级放错", r"应移到|二级指标应改为|不是.*质量|不能作为时效|放在时效指标下|不是社会效益|不是可持续影响|放在效益部分"),
    ("b 背景数字写成产出", r"测算.*依据，不是|基础情况|投入性信息|组织架构|设施属性|现状，不是产出|不是产出|工作对象规模|保障范围|不宜作为产出"),
    ("e 时限/时效未写成行", r"时限|发放到卡|当场办结|完成时限"),
    ("g 频次口径（每站/每人/每村）", r"频次：|巡河|每座站点|到村服务"),
    ("a 名称截断或不准", r"名称|漏了|残缺|不完整|拼接|只写了|语序|不只是|新增|写全|两类活动|“改为"),
    ("h 起草补的值没有依据", r"软件自拟|自行设定|自行填写|没有依据|没有测算依据|起草时补|补出来|没有历史测评"),
    ("i 套用的模板/别的项目的行", r"套用|模板|无关|简报没有提"),
    ("j 单价×数量与预算不符", r"超出.*预算|不匹配|相差"),
    ("k 缺名称/单位/预算（简报未写）", r"未命名|本单位|预算为None|单位为空|都是空"),
    ("l 待填行", r"待填行"),
    ("m 运算符/取值", r"运算符|上限|不是越|固定数"),
    ("n 与另一行重复或矛盾", r"重复|重叠|矛盾"),
]


def classify(reason: str, name: str = "") -> str:
    """The class of a reason; the row's name is read with it (增长率 rows, 频次 rows)."""
    text = f"{name}：{reason}"
    return next((label for label, pattern in CLASSES if re.search(pattern, text)), "z 其他")


def rows_of(round_name: str) -> list[dict]:
    found = []
    for path in sorted(PANEL.glob(f"{round_name}-?.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for draft in data["drafts"]:
            for row in draft["rows"]:
                found.append({"draft": draft["id"], "row": row["row"], "name": row["name"], "verdict": row["verdict"],
                              "reason": row["reason"]})
            for goal in ("annual_goal", "long_term_goal"):
                if goal in draft:
                    found.append({"draft": draft["id"], "row": goal, "name": goal, "verdict": draft[goal]["verdict"],
                                  "reason": draft[goal]["reason"]})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="评审意见按原因分类计数")
    parser.add_argument("round", nargs="?", default="round2")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    rows = rows_of(args.round)
    table_rows = [r for r in rows if isinstance(r["row"], int)]
    verdicts = Counter(r["verdict"] for r in table_rows)
    print(f"指标行 {len(table_rows)}：" + "，".join(f"{v} {n}（{n / len(table_rows):.1%}）" for v, n in verdicts.items()))
    for kind, subset in (("指标行", table_rows), ("目标文本", [r for r in rows if not isinstance(r["row"], int)])):
        counts = Counter((classify(r["reason"], r["name"]), r["verdict"]) for r in subset if r["verdict"] != "keep")
        print(f"\n{kind}（修改/删除）：")
        for name in sorted({c for c, _ in counts}, key=lambda c: -sum(n for (k, _), n in counts.items() if k == c)):
            fix, strike = counts.get((name, "fix"), 0), counts.get((name, "strike"), 0)
            print(f"  {name:<24} {fix + strike:>3}（修改 {fix}，删除 {strike}）")
        if args.verbose:
            for r in subset:
                if r["verdict"] != "keep":
                    print(f"    [{classify(r['reason'], r['name'])[:1]}] {r['draft']} {r['row']} {r['name']}：{r['reason'][:70]}")


if __name__ == "__main__":
    main()
