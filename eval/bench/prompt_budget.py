"""Prompt tokens per LLM stage (brief, draft, revise, review), counted by a real model's tokenizer.

    .venv/bin/jixiao llm serve MODEL.gguf --port 8080 &      # any llama.cpp server: it has /tokenize
    .venv/bin/python eval/bench/prompt_budget.py --server http://127.0.0.1:8080

Each stage's prompt is rendered as the LLM path sends it (ChatPromptTemplate, the compact reference rows)
for the typical training project of the tests, from the knowledge store (JIXIAO_HOME). "schema" is the structured
output's JSON schema: sent outside the prompt in json_schema mode (the server turns it into a grammar),
inside the request in tools mode, and appended to the prompt in JSON mode.
"""

from __future__ import annotations

import argparse
import json

import httpx

from assistant.drafting.brief import extract_brief
from assistant.drafting.chain import _form_json, form_stage, revision_stage
from assistant.drafting.composer import compose
from assistant.drafting.context import gather_context
from assistant.drafting.llm_brief import BRIEF_STAGE, _known_text
from assistant.drafting.llm_prompt import draft_values, framework_rules
from assistant.llmcall import chat_prompt
from assistant import taxonomy
from assistant.drafting.brief import ProjectBrief
from assistant.validation import validate
from assistant.validation.semantic import REVIEW_STAGE, prompt_values

PROJECT = "我们单位要办农民工职业技能培训，2027年实施，预算50万元，计划培训500人，人均补贴800元，举办3期，12月底前完成"


def prompts() -> dict[str, tuple[str, dict]]:
    from eval.knowledge import open_knowledge

    brief = extract_brief(PROJECT)
    context = gather_context(brief, open_knowledge()[0], "local")
    form = compose(brief, context, "local").form
    values, _ = draft_values(context, "local")
    revise = {"framework": taxonomy.FRAMEWORK_LABELS["local"], "framework_rules": framework_rules("local"),
              "bases": "、".join(taxonomy.BASIS_VALUES), "form": _form_json(form), "request": "把年度目标写得更具体一些"}
    brief_values = {"known": _known_text(ProjectBrief()), "text": PROJECT, "sectors": "、".join(taxonomy.SECTORS)}
    stages = {"brief": ("brief", brief_values, BRIEF_STAGE), "draft": ("draft", values, form_stage("local")),
              "revise": ("revise", revise, revision_stage("local")),
              "review": ("review", prompt_values(form, validate(form)), REVIEW_STAGE)}
    out = {}
    for stage, (name, stage_values, spec) in stages.items():
        text = "\n".join(m.content for m in chat_prompt(name).format_messages(**stage_values))
        out[stage] = (text, spec.schema, spec.max_tokens)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="llama.cpp server root, e.g. http://127.0.0.1:8080")
    args = parser.parse_args()

    def count(text: str) -> int:
        return len(httpx.post(f"{args.server}/tokenize", json={"content": text}, timeout=60).json()["tokens"])

    print("| 阶段 | 提示 token | 字符 | JSON Schema token | max_tokens |")
    print("|---|---|---|---|---|")
    for stage, (text, schema, max_tokens) in prompts().items():
        schema_text = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
        print(f"| {stage} | {count(text)} | {len(text)} | {count(schema_text)} | {max_tokens} |")


if __name__ == "__main__":
    main()
