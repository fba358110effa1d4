"""Run every registered rule over a form: ``validate(form, framework=None) -> list[Finding]``."""

from __future__ import annotations

from collections import Counter

from assistant.schema import Finding, PerformanceForm
from assistant.validation import (  # noqa: F401  (register the rules)
    budget, classification, consistency, goalmoney, placement, relevance, structure, values, wording)
from assistant.validation.registry import REGISTRY, SEVERITY_ORDER, Context

_TABLE_ORDER = {"project": 0, "goals": 1, "long_term": 2, "annual": 3}
_FIELD_ORDER = {"level1": 0, "level2": 1, "name": 2, "operator": 3, "value": 4, "unit": 5, "basis": 6}


def sort_key(finding: Finding):
    loc = finding.location
    return (SEVERITY_ORDER[finding.severity], _TABLE_ORDER[loc.table],
            -1 if loc.index is None else loc.index, _FIELD_ORDER.get(loc.field or "", 9), finding.rule)


def validate(form: PerformanceForm, framework: str | None = None) -> list[Finding]:
    """Every rule's findings for a form, errors first, then by place in the form.

    ``framework`` is "101" or "local"; None detects it from the form (成本指标 as a 一级 → 101号).
    The same finding is never reported twice, and a rule reports a row once.
    """
    ctx = Context.for_form(form, framework)
    found: list[Finding] = []
    seen: set[tuple] = set()
    for rule in REGISTRY.values():
        for finding in rule.func(form, ctx):
            loc = finding.location  # one finding per rule and row: the same defect is not said twice there
            key = ((finding.rule, loc.table, loc.index) if loc.index is not None
                   else (finding.rule, loc.table, loc.index, loc.field, finding.message))
            if key not in seen:
                seen.add(key)
                found.append(finding)
    return sorted(found, key=sort_key)


def counts(findings: list[Finding]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}."""
    tally = Counter(f.severity for f in findings)
    return {severity: tally.get(severity, 0) for severity in SEVERITY_ORDER}


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
