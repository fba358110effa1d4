"""The injectors (eval/injectors.py): independent of the rules, real wordings, and the harness that counts them."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from assistant import taxonomy
from assistant.schema import Indicator
from assistant.validation import validate
from eval import injectors as ei
from eval import validators as ev
from eval.report import EvalForm

EVAL = Path(__file__).resolve().parent.parent / "eval"


def test_the_injectors_import_nothing_from_the_validators():
    files = sorted(EVAL.glob("inject*.py"))
    assert len(files) >= 5
    for path in files:
        name = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m and m.startswith("assistant.validation") for m in modules), name


def _changed(before: list[Indicator], after: list[Indicator]) -> list[Indicator]:
    return [r for r in after if r not in before]


def _money_wan(rows):
    return sum(taxonomy.to_wan(r.number, r.unit) or 0 for r in rows if "成本" in r.level2 and r.number is not None)


def _new(f, g):
    return _changed(f.annual_indicators, g.annual_indicators)


# kind → (before, after) → the defect the kind names is present, checked by the test's own reading
DEFECTS = {
    "cost_over_budget": lambda f, g: _money_wan(g.annual_indicators) > g.project.budget_wan >= _money_wan(f.annual_indicators),
    "percent_over_100": lambda f, g: any(r.unit == "%" and r.number > 100 for r in _new(f, g)),
    "missing_unit": lambda f, g: any(r.number is not None and not r.unit for r in _new(f, g)),
    "illegal_pair": lambda f, g: any(taxonomy.normalize_level2(r.level2) not in
                                     taxonomy.LEGAL_PAIRS["local"].get(r.level1, ()) for r in g.annual_indicators),
    "vague_quantity": lambda f, g: any(r.level2 == "数量指标" and (r.number is None or r.unit not in ei.COUNT_UNITS)
                                       for r in _new(f, g)),
    "goal_number_mismatch": lambda f, g: g.goals.annual != f.goals.annual,
    "goal_number_not_in_table": lambda f, g: g.goals.annual != f.goals.annual and g.annual_indicators == f.annual_indicators,
    "missing_satisfaction": lambda f, g: not any(r.level1 == "满意度指标" for r in g.annual_indicators),
    "placeholder": lambda f, g: any(r.number is None and r.operator != "定性" or r.raw_value in ("/", "……")
                                    for r in _new(f, g)),
    "satisfaction_100": lambda f, g: any("满意" in r.name and r.number == 100 for r in _new(f, g)),
    "input_as_output": lambda f, g: any(r.level1 == "产出指标" and ("资金" in r.name or "预算" in r.name) for r in _new(f, g)),
    "bad_operator": lambda f, g: any(r.raw_value[:1] in "≈~～≠±" for r in _new(f, g)),
    "duplicate_row": lambda f, g: len(g.annual_indicators) == len(f.annual_indicators) + 1,
    "deadline_outside_year": lambda f, g: any("2027" in r.raw_value for r in _new(f, g)),
    "blank_basis": lambda f, g: sum(not r.basis for r in g.annual_indicators) > sum(not r.basis for r in f.annual_indicators),
    "unit_cost_over_budget": lambda f, g: any(r.unit.startswith("元/") for r in _new(f, g)),
    "cost_as_floor": lambda f, g: any("成本" in r.level2 and r.operator == "≥" for r in _new(f, g)),
    "satisfaction_unnamed": lambda f, g: any(r.level1 == "满意度指标" and r.name in ("满意度", "服务对象", "满意率", "总体满意度")
                                             for r in _new(f, g)),
    "vague_name": lambda f, g: any(len(r.name) > 4 for r in _new(f, g)),
    "foreign_row": lambda f, g: len(g.annual_indicators) == len(f.annual_indicators) + 1,
    "goal_budget_mismatch": lambda f, g: "预算" in g.goals.annual or "资金" in g.goals.annual,
    "goal_yuan_wan": lambda f, g: "预算" in g.goals.annual or "资金" in g.goals.annual,
    "output_under_benefit": lambda f, g: any(r.level1 == "效益指标" for r in _new(f, g)),
    "outcome_under_output": lambda f, g: any(r.level1 == "产出指标" for r in _new(f, g)),
    "satisfaction_under_benefit": lambda f, g: any(r.level1 == "效益指标" and "满意" in r.name for r in _new(f, g)),
}


def test_every_kind_has_a_defect_check():
    assert set(DEFECTS) == set(ei.INJECTORS) and len(ei.INJECTORS) >= 25


@pytest.mark.parametrize("kind", sorted(ei.INJECTORS))
def test_injector_writes_the_defect_it_names_in_several_wordings(kind, clean_form):
    injector, _ = ei.INJECTORS[kind]
    before = clean_form.model_copy(deep=True)
    variants = set()
    for seed in range(12):
        injection = injector(clean_form, random.Random(seed))
        assert injection is not None and injection.kind == kind
        assert clean_form == before  # the real form is never damaged in place
        assert DEFECTS[kind](clean_form, injection.form), injection.note
        variants.add(injection.note)
    assert len(variants) > 1 or kind in ("missing_satisfaction",)


@pytest.mark.parametrize("kind", sorted(set(ei.INJECTORS) - {"foreign_row"}))
def test_the_validators_catch_each_kind_at_the_injected_place(kind, clean_form):
    for seed in range(6):
        injection = ei.INJECTORS[kind][0](clean_form, random.Random(seed))
        found = validate(injection.form)
        assert injection.caught_by(found), injection.note
        assert any(injection.at_place(f) for f in injection.caught_by(found)), injection.note


def test_injectors_decline_forms_that_cannot_host_the_defect(clean_form):
    no_budget = clean_form.model_copy(update={"project": clean_form.project.model_copy(update={"budget_wan": None})})
    assert ei.cost_over_budget(no_budget, random.Random(0)) is None
    assert ei.goal_budget_mismatch(no_budget, random.Random(0)) is None
    no_rates = clean_form.model_copy(update={"annual_indicators": [r for r in clean_form.annual_indicators if r.unit != "%"],
                                             "long_term_indicators": []})
    assert ei.percent_over_100(no_rates, random.Random(0)) is None


def test_a_foreign_row_comes_from_another_family_of_projects(clean_form):
    from eval.injected_rows import FOREIGN_DONORS, form_kind

    mine = form_kind(clean_form)
    assert mine == "培训就业"
    for seed in range(20):
        injection = ei.foreign_row(clean_form, random.Random(seed))
        added = _new(clean_form, injection.form)[0]
        donor = next(d for d in FOREIGN_DONORS if d.name == added.name)
        assert donor.kind != mine


def test_a_defect_the_validators_do_not_see_counts_as_missed(clean_form, monkeypatch):
    def silent(form, rng):  # claims a % over 100 but changes nothing
        return ei.Injection("silent", form.model_copy(deep=True), (ei.Accept("values.percent_over_100", "annual", 0),),
                            "无改动", ("annual", 0, None))

    monkeypatch.setattr(ev, "INJECTORS", {"silent": (silent, "无改动")})
    item = EvalForm("clean", None, clean_form)
    trials, unhosted = ev.inject_all(item, validate(clean_form), trials=2, seed=0)
    assert [t.status for t in trials] == ["missed"] and unhosted == []  # the identical second trial is not re-counted
    assert not trials[0].at_place and not trials[0].anywhere


def test_a_row_inserted_above_does_not_make_the_rows_below_new(clean_form):
    """Findings are compared by what they say, so shifting rows down is not "a new finding somewhere"."""
    rows = clean_form.annual_indicators
    shifted = clean_form.model_copy(update={"annual_indicators": [rows[0]] + rows})
    before = {ev._key(f) for f in validate(clean_form)}
    new = [f for f in validate(shifted) if ev._key(f) not in before]
    assert {f.rule for f in new} <= {"classification.duplicate"}
