"""Validators: check a form the way a finance-bureau reviewer does.

    validate(form, framework=None)      -> list[Finding]   every deterministic rule, errors first
    semantic_review(form, llm)          -> list[Finding]   optional LLM opinions ("semantic.*", warning/info)
    review(form, framework=None, llm=None)                  rules first; the LLM's opinions added when given
    REGISTRY: rule id → Rule(id, severity, evidence, func, doc)
    GRADED_VALUES, VAGUE_WORDS, vague_words          the one vocabulary of graded 定性 values and vague words

Rules live by concern in structure, values, classification, consistency, budget and wording; each is a
pure function ``(form, ctx) -> list[Finding]`` headed by the business rule it enforces.
"""

from assistant.validation.engine import counts, has_errors, sort_key, validate
from assistant.validation.registry import REGISTRY, SEVERITY_LABELS, Context, Rule, detect_framework
from assistant.validation.semantic import review, semantic_review
from assistant.validation.vocabulary import GRADED_VALUES, VAGUE_WORDS, vague_words

__all__ = ["GRADED_VALUES", "REGISTRY", "SEVERITY_LABELS", "Context", "Rule", "counts", "detect_framework", "has_errors", "review",
           "semantic_review", "sort_key", "VAGUE_WORDS", "vague_words", "validate"]
