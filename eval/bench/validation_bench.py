"""Validation throughput: validate() over 1,000 forms generated from the real and seed forms.

    python eval/bench/validation_bench.py [--forms 1000] [--repeat 3]

Scale inputs are generated, and labelled as such: each form takes a real form's project and goal text and
recombines its rows with rows from another real form (numbers scaled), so the rules meet realistic, messy
tables. Prints forms/s (best of the repeats), mean findings per form, and the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.formio import read_forms  # noqa: E402
from assistant.schema import PerformanceForm  # noqa: E402
from assistant.validation import validate  # noqa: E402
from eval.report import calibration, machine  # noqa: E402

SHARED = ROOT.parent / "shared"
SOURCES = [SHARED / "seeds" / "ezhou-2026-approved-forms.txt", *sorted((SHARED / "forms").glob("*.txt"))]


def real_forms() -> list[PerformanceForm]:
    forms = []
    for path in SOURCES:
        if path.exists():
            forms += read_forms(path).forms
    if not forms:
        sys.exit("找不到真实表单（../shared/seeds 与 ../shared/forms）")
    return forms


def _scaled(row, factor: float):
    number = row.number
    if number is None or row.operator == "定性":
        return row
    value = f"{number * factor:.2f}".rstrip("0").rstrip(".")
    return row.with_value(row.operator, value, row.unit)


def generate(base: list[PerformanceForm], count: int, seed: int = 7) -> list[PerformanceForm]:
    """Recombined forms: a real form's header and goals, its rows mixed with another form's (generated input)."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        one, two = base[i % len(base)], rng.choice(base)
        rows = [*one.annual_indicators, *rng.sample(two.annual_indicators, k=min(4, len(two.annual_indicators)))]
        factor = rng.choice([0.5, 1, 1, 2, 10])
        rows = [_scaled(r, factor) if rng.random() < 0.3 else r for r in rows]
        rng.shuffle(rows)
        made.append(one.model_copy(update={"annual_indicators": rows,
                                           "long_term_indicators": list(one.long_term_indicators)}))
    return made


def run(forms: list[PerformanceForm]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, findings): CPU time shows the cost when the machine is shared."""
    start, cpu = time.perf_counter(), time.process_time()
    findings = sum(len(validate(form)) for form in forms)
    return time.perf_counter() - start, time.process_time() - cpu, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    forms = generate(real_forms(), args.forms)
    rows = statistics.mean(len(f.annual_indicators) + len(f.long_term_indicators) for f in forms)
    run(forms[:50])  # warm-up: imports, regex caches
    timings = [run(forms) for _ in range(args.repeat)]
    best = min(t for t, _, _ in timings)
    cpu = min(c for _, c, _ in timings)
    findings = timings[0][2]
    print(f"machine: {machine()}; {calibration()}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '—')}")
    print(f"forms: {len(forms)} generated from {len(SOURCES)} real files (rows per form: {rows:.1f})")
    print(f"validate: best {best:.3f}s of {args.repeat} → {len(forms) / best:.0f} forms/s "
          f"({best / len(forms) * 1000:.2f} ms/form); CPU {len(forms) / cpu:.0f} forms/s; "
          f"findings per form {findings / len(forms):.1f}")


if __name__ == "__main__":
    main()
