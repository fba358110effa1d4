"""Validators: check a form the way a finance-bureau reviewer does.

    validate(form, framework=None)      -> list[Finding]   every deterministic rule, errors first
    semantic_review(form, llm)          -> list[Finding]   optional LLM opinions ("semantic.*", warning/info)
    review(form, framework=None, llm=None)                  rules first; the LLM's opinions added when given
    REGISTRY: rule id → Rule(id, severity, evidence, func, doc)
    GRADED_VALUES, VAGUE_WORDS, vague_words          the one vocabulary of graded 定性 values and vague words

Rules live by concern — structure (完整性), values (可衡量), classification (二级 semantics), placement (产出 vs 效益
vs 满意度), consistency (goal text ↔ table), budget and goalmoney (适当性: money), relevance (相关性, through the core
engine ``assistant.relevance``) and wording (措辞); each is a pure function ``(form, ctx) -> list[Finding]`` headed by
the business rule it enforces. Shared reading of a row is in facts, word lists in vocabulary, similarity in
``assistant.textsim``.
"""

from assistant.validation.engine import counts, has_errors, sort_key, validate
from assistant.validation.registry import REGISTRY, SEVERITY_LABELS, Context, Rule, detect_framework
from assistant.validation.semantic import review, semantic_review
from assistant.validation.vocabulary import GRADED_VALUES, VAGUE_WORDS, vague_words

__all__ = ["GRADED_VALUES", "REGISTRY", "SEVERITY_LABELS", "Context", "Rule", "counts", "detect_framework", "has_errors", "review",
           "semantic_review", "sort_key", "VAGUE_WORDS", "vague_words", "validate"]
