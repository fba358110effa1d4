"""Validator power: inject known defects into real approved forms and count how many the rules catch.

The defects are eval.injectors.INJECTORS (independent of the rules: they import nothing from assistant/validation),
each injected up to ``trials`` times per form. Three figures per kind, from strict to loose:
- detected (the headline): a NEW finding of an expected rule at the injected place (the row; the table or the goal
  text when that is where the defect is);
- at place: a new finding of ANY rule at the injected place;
- anywhere: a new finding of any rule anywhere in the form (something changed, not necessarily the right thing).
When the unmodified form already has an expected finding at the place, the trial is skipped (reported as
"preexisting"), never counted as a hit.

The false-alarm side: findings on the unmodified forms, every error listed so a person can judge it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from assistant.schema import Finding, PerformanceForm
from assistant.validation import validate
from eval.injectors import ANY, INJECTORS
from eval.report import EvalForm, group_of


# ---- the harness -----------------------------------------------------------------------------


@dataclass
class Trial:
    form_id: str
    kind: str
    note: str
    status: str  # "detected" | "missed" | "preexisting"
    expected: list[str] = field(default_factory=list)  # the rule ids that would count
    new_rules: list[str] = field(default_factory=list)  # on a miss: the rules of the new findings
    at_place: bool = False  # a new finding of any rule at the injected place
    anywhere: bool = False  # a new finding of any rule anywhere


def _key(finding: Finding) -> tuple:
    """A finding by what it says, not by its row number: a row inserted above shifts the rows below it."""
    loc = finding.location
    return finding.rule, loc.table, loc.field, re.sub(r"第\d+行", "第N行", finding.message)


def inject_all(item: EvalForm, baseline: list[Finding], trials: int, seed: int) -> tuple[list[Trial], list[str]]:
    """Every kind injected up to ``trials`` times (distinct mutations) into one form; kinds it cannot host."""
    results: list[Trial] = []
    unhosted: list[str] = []
    before = {_key(f) for f in baseline}
    for kind, (injector, _) in INJECTORS.items():
        seen: set[str] = set()
        for trial in range(trials):
            injection = injector(item.form, random.Random(f"{seed}|{item.id}|{kind}|{trial}"))
            if injection is None:
                unhosted.append(kind)
                break
            signature = injection.form.model_dump_json()
            if signature in seen:
                continue
            seen.add(signature)
            expected = sorted({a.rule for a in injection.accepts})
            after = validate(injection.form)
            new = [f for f in after if _key(f) not in before]
            detected = bool(injection.caught_by(new))
            table_level = [a for a in injection.accepts if a.index in (None, ANY)]
            if (not detected and injection.caught_by(after)) or any(a.matches(f) for a in table_level for f in baseline):
                results.append(Trial(item.id, kind, injection.note, "preexisting", expected))
                continue  # the form already said this there: not a hit, not a miss
            new_rules = [] if detected else sorted({f.rule for f in new})
            results.append(Trial(item.id, kind, injection.note, "detected" if detected else "missed", expected,
                                 new_rules, detected or any(injection.at_place(f) for f in new), bool(new)))
    return results, unhosted


def run_validator_eval(forms: list[EvalForm], trials: int = 3, seed: int = 0) -> dict:
    """Injected-defect recall per kind (all / dev / held-out) and findings on the unmodified forms."""
    trial_rows: list[Trial] = []
    unhosted: dict[str, list[str]] = {kind: [] for kind in INJECTORS}
    real: list[dict] = []
    for item in forms:
        baseline = validate(item.form)
        real.append(_real_summary(item, baseline))
        found, cannot = inject_all(item, baseline, trials, seed)
        trial_rows += found
        for kind in cannot:
            unhosted[kind].append(item.id)
    return {
        "forms": len(forms), "trials_per_kind_per_form": trials, "seed": seed,
        "kinds": {kind: _kind_summary(kind, trial_rows, unhosted[kind]) for kind in INJECTORS},
        "overall": {group: _recall(t for t in trial_rows if _in(t.form_id, group)) for group in ("all", "dev", "held_out")},
        "misses": [vars(t) for t in trial_rows if t.status == "missed"],
        "real_forms": real,
        "false_alarms": {group: _alarm_summary([r for r in real if _in(r["form"], group)])
                         for group in ("all", "dev", "held_out")},
        "false_alarms_by_kind": {kind: _alarm_summary([r for r in real if r["kind"] == kind])
                                 for kind in ("target", "self_evaluation")},
        "error_rules": _rule_counts(real),
        "warning_rules": _rule_counts(real, "warning_list"),
    }


def _in(form_id: str, group: str) -> bool:
    return group == "all" or group_of(form_id) == group


def _recall(trials) -> dict:
    trials = list(trials)
    hosted = [t for t in trials if t.status != "preexisting"]
    detected = sum(t.status == "detected" for t in hosted)
    at_place = sum(t.at_place for t in hosted)
    anywhere = sum(t.anywhere for t in hosted)
    n = len(hosted)
    return {"injected": n, "detected": detected, "preexisting": len(trials) - n,
            "recall": detected / n if n else None, "at_place": at_place, "at_place_rate": at_place / n if n else None,
            "anywhere": anywhere, "anywhere_rate": anywhere / n if n else None}


def _kind_summary(kind: str, trials: list[Trial], unhosted: list[str]) -> dict:
    injector, label = INJECTORS[kind]
    mine = [t for t in trials if t.kind == kind]
    summary = {"label": label, "doc": (injector.__doc__ or "").strip(), "unhosted_forms": unhosted,
               "expected_rules": sorted({rule for t in mine for rule in t.expected})}
    for group in ("all", "dev", "held_out"):
        summary[group] = _recall(t for t in mine if _in(t.form_id, group))
    return summary


def _real_summary(item: EvalForm, findings: list[Finding]) -> dict:
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    def listed(severity):
        return [{"form": item.id, "file": item.path.name, "rule": f.rule, "place": f.location.describe(),
                 "message": f.message} for f in findings if f.severity == severity]
    return {"form": item.id, "file": item.path.name, "kind": document_kind(item.form), **counts,
            "error_list": listed("error"), "warning_list": listed("warning")}


def document_kind(form: PerformanceForm) -> str:
    """批复/申报表 (targets) or 自评表 (a year-end self-evaluation: its rows carry a 实际完成值)."""
    rows = form.annual_indicators + form.long_term_indicators
    return "self_evaluation" if any(r.actual is not None for r in rows) else "target"


def _alarm_summary(real: list[dict]) -> dict:
    n = len(real)
    return {"forms": n, **{f"{s}s": sum(r[s] for r in real) for s in ("error", "warning", "info")},
            **{f"{s}s_per_form": (sum(r[s] for r in real) / n if n else None) for s in ("error", "warning", "info")},
            "forms_with_errors": sum(1 for r in real if r["error"])}


def _rule_counts(real: list[dict], key: str = "error_list") -> dict[str, int]:
    """How many errors (or warnings) on the unmodified forms each rule raised, most frequent first."""
    counts: dict[str, int] = {}
    for error in (e for r in real for e in r[key]):
        counts[error["rule"]] = counts.get(error["rule"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
