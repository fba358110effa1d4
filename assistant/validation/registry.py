"""The rule registry: every check is a small pure function ``(form, ctx) -> list[Finding]``.

A rule is registered with a stable id ("budget.cost_exceeds_budget"), one severity and the evidence
for the business rule it enforces (tags from the domain research: [V] seen in a source, [C] seen in
the MoF system code, [P] seen in published forms, [R] recollection only). A rule whose evidence is
[R] alone may not be an error: an unconfirmed rule only warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from assistant import taxonomy
from assistant.schema import Finding, Location, PerformanceForm, Severity

RuleFunc = Callable[[PerformanceForm, "Context"], list[Finding]]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
GROUPS = ("structure", "values", "classification", "consistency", "budget", "wording", "relevance")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    evidence: str
    func: RuleFunc
    doc: str

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, evidence: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a check. Its docstring states the business rule; ``evidence`` carries the tag."""

    def register(func: RuleFunc) -> RuleFunc:
        group = rule_id.split(".", 1)[0]
        if group not in GROUPS:
            raise ValueError(f"rule {rule_id}: unknown group {group}")
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        tags = set(re.findall(r"\[([VCPR])\]", evidence))
        if not tags:
            raise ValueError(f"rule {rule_id}: evidence needs a tag [V]/[C]/[P]/[R]")
        if tags == {"R"} and severity == "error":
            raise ValueError(f"rule {rule_id}: an unconfirmed [R] rule may only warn")
        if not (func.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id}: the docstring must state the business rule")
        REGISTRY[rule_id] = Rule(rule_id, severity, evidence, func, func.__doc__.strip())
        return func

    return register


def emit(rule_id: str, location: Location, message: str, suggestion: str = "") -> Finding:
    """A finding of a registered rule, with the rule's severity."""
    return Finding(rule=rule_id, severity=REGISTRY[rule_id].severity, location=location,
                   message=message, suggestion=suggestion)


def at(table: str, index: int | None = None, field: str | None = None) -> Location:
    return Location(table=table, index=index, field=field)


@dataclass
class Context:
    """What the rules know besides the form: the framework and the budget year.

    ``memo`` caches facts several rules derive from the same form (goal-text quantities …);
    it is filled lazily and never changes what a rule reports.
    """

    framework: str
    year: int | None = None
    memo: dict = field(default_factory=dict)

    @classmethod
    def for_form(cls, form: PerformanceForm, framework: str | None = None) -> "Context":
        if framework is None:
            framework = detect_framework(form)
        if framework not in taxonomy.FRAMEWORKS:
            raise ValueError(f"未知的指标框架：{framework}（可选 {'、'.join(taxonomy.FRAMEWORKS)}）")
        return cls(framework=framework, year=budget_year(form))

    def cached(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


def detect_framework(form: PerformanceForm) -> str:
    """成本指标 standing as a 一级 in either table marks the 101号 layout."""
    names = (taxonomy.normalize_level1(r.level1) for _, rows in form.tables() for r in rows)
    return taxonomy.detect_framework(names)


_YEAR_IN_NAME = re.compile(r"(20\d{2})\s*年")


def budget_year(form: PerformanceForm) -> int | None:
    """预算年度: the project's year, else a single "20xx年" in the project name; None when unknown."""
    if form.project.year:
        return form.project.year
    years = set(_YEAR_IN_NAME.findall(form.project.name or ""))
    return int(years.pop()) if len(years) == 1 else None
