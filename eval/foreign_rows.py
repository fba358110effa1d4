"""相关性 beyond the eval's sample: every donor row into every host form of another family, and the sampled figure
over several seeds.

    python -m eval.foreign_rows [--seeds 6]

``jixiao eval validators`` injects one randomly chosen donor per trial (3 trials per form, seed 0): about 117
injections, so which donors the sample happens to draw moves the figure by several points. Here:
- seeds: the eval's own sampling (eval.validators.inject_all) over seeds 0…N-1, all / dev / held-out hosts;
- population: every donor of FOREIGN_DONORS (and the CHECK rows below) into every host of another family, the
  injection itself being eval.inject_review.foreign_row's (same place, same row), split by host group, by the
  form the donor comes from (dev / held-out) and by whether the kinds vocabulary knows the donor's kind;
- CHECK: six more distinctive rows of dev forms (first 产出/数量 row of no known kind in forms that give no donor,
  generic ones such as “宣传教育” skipped), chosen after the engine's novelty reading was written and never used
  to tune it; kept out of FOREIGN_DONORS so the eval's figure stays comparable with its earlier runs.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from assistant import relevance
from assistant.settings import KNOWLEDGE_DIR
from assistant.validation import validate
from eval import inject_review
from eval import validators as harness
from eval.injected_rows import FOREIGN_DONORS, O, _d, form_kind
from eval.report import group_of, load_forms

CHECK = (
    _d("湘潭雾炮车", "环境卫生", O, "质量指标", "雾炮车风炮射程", "80M"),
    _d("石嘴山疫苗美沙酮", "公共卫生", O, "数量指标", "满足海洛因成瘾患者维持治疗需求", "100%"),
    _d("黄石党校主体班", "干部培训", O, "数量指标", "邀请校外名师、领导授课人次", "25人次"),
    _d("鄂州滨湖办公楼运行", "机关运行", O, "数量指标", "办公大楼日常维修维护次数", "≥280次"),
    _d("渝中就业补助", "就业", O, "数量指标", "新增区级创业孵化基地数量", "≥1个"),
    _d("甘孜食品安全", "食品安全", O, "数量指标", "组织州县食安委成员单位人员培训", "1次"),
)
HELD_OUT_SOURCES = ("濮阳", "济南", "罗湖", "杨楼")  # donors taken from held-out forms (041, 043, 047, 052)


class _Fixed:
    """An rng whose choice is a given donor: the injector's own code places it."""

    def __init__(self, donor):
        self.donor = donor

    def choice(self, seq):
        return self.donor


def _rate(hits: int, n: int) -> str:
    return f"{hits}/{n} = {hits / n:.1%}" if n else "—"


def seeds(forms, count: int) -> list[str]:
    injectors = harness.INJECTORS
    harness.INJECTORS = {"foreign_row": injectors["foreign_row"]}
    try:
        baselines = {item.id: validate(item.form) for item in forms}
        total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        lines = []
        for seed in range(count):
            mine: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for item in forms:
                trials, _ = harness.inject_all(item, baselines[item.id], 3, seed)
                for trial in trials:
                    if trial.status == "preexisting":
                        continue
                    for group in ("all", group_of(item.id)):
                        for tally in (mine, total):
                            tally[group][0] += 1
                            tally[group][1] += trial.status == "detected"
            lines.append(f"seed {seed}: " + "; ".join(f"{g} {_rate(mine[g][1], mine[g][0])}"
                                                     for g in ("all", "dev", "held_out")))
        lines.append(f"seeds 0–{count - 1}: " + "; ".join(f"{g} {_rate(total[g][1], total[g][0])}"
                                                         for g in ("all", "dev", "held_out")))
        return lines
    finally:
        harness.INJECTORS = injectors


def population(forms) -> tuple[dict, dict]:
    tally: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    missed: dict[str, int] = defaultdict(int)
    for item in forms:
        family = form_kind(item.form)
        if family is None:
            continue
        baseline = validate(item.form)
        before = {harness._key(f) for f in baseline}
        names = {r.name for _, rows in item.form.tables() for r in rows}
        for donor in FOREIGN_DONORS + CHECK:
            if donor.kind == family or donor.name in names:
                continue
            injection = inject_review.foreign_row(item.form, _Fixed(donor))
            if injection is None:
                continue
            after = validate(injection.form)
            new = [f for f in after if harness._key(f) not in before]
            hit = bool(injection.caught_by(new))
            if not hit and injection.caught_by(after):
                continue  # the form already said this there
            origin = ("check rows (dev forms)" if donor in CHECK else
                      "held-out form" if donor.source.startswith(HELD_OUT_SOURCES) else "dev form")
            pool = "CHECK" if donor in CHECK else "FOREIGN_DONORS"
            known = "kind known" if relevance.row_kind(donor.name).kind else "kind unknown"
            for key in ((pool, "all"), (pool, "host " + group_of(item.id)), ("donor origin", origin),
                        (pool, known)):
                tally[key][0] += 1
                tally[key][1] += hit
            if not hit:
                missed[donor.name] += 1
    return tally, missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=6)
    args = parser.parse_args()
    forms, _ = load_forms(KNOWLEDGE_DIR / "forms")
    print("## the eval's sample, several seeds")
    for line in seeds(forms, args.seeds):
        print(line)
    print("\n## every donor into every host of another family")
    tally, missed = population(forms)
    for key in sorted(tally):
        print(f"{key[0]} · {key[1]}: {_rate(tally[key][1], tally[key][0])}")
    print("\nmissed, by donor: " + "、".join(f"{name} {n}" for name, n in sorted(missed.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
