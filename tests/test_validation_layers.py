"""Layering inside the validators: no import hidden in a function, one home for bigrams and for vocabularies."""

import ast
from pathlib import Path

from assistant import textsim
from assistant.validation import GRADED_VALUES, facts, vague_words

VALIDATION = Path(__file__).resolve().parent.parent / "assistant" / "validation"


def test_no_validation_module_imports_inside_a_function():
    hidden = []
    for path in VALIDATION.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                hidden += [f"{path.name}:{n.lineno}" for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert hidden == []


def test_bigram_similarity_lives_in_textsim_only():
    for path in VALIDATION.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not defined & {"bigrams", "dice", "shared", "coverage"}, path.name
    assert facts.shared is textsim.shared and facts.coverage is textsim.coverage


def test_textsim_normalises_width_and_marks_before_comparing():
    assert textsim.dice("★培训合格率", "培训合格率（%）") == 1.0
    assert textsim.dice("ＡＢ培训", "AB培训") == 1.0
    assert textsim.shared("创业培训", "创业培训人数") == 3  # 人数 is generic
    assert textsim.coverage("", "x") == 0.0


def test_one_graded_vocabulary_exported_for_drafting():
    assert "达到预期目标" in GRADED_VALUES and "优良中差" in GRADED_VALUES
    assert vague_words("进一步提高治疗有效率") == ["进一步"]
