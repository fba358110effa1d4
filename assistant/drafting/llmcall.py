"""Asking a chat model for one of our Pydantic models, instructor-style: validate, feed the problems back, re-ask.

Structured output goes through function calling (a forced tool whose parameters are the model's JSON
schema) or JSON mode (``response_format={"type": "json_object"}``), chosen by JIXIAO_LLM_MODE — never the
``json_schema`` response format, which DeepSeek rejects. The reply is parsed and validated here, not by
the client, so a malformed answer becomes a re-ask message instead of an exception. Every provider failure
becomes an LLMDraftError whose str() is a Chinese sentence for the user.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ValidationError

from assistant import taxonomy
from assistant.schema import FIELD_LABELS, TABLE_TITLES
from assistant.settings import PROMPTS_DIR, get_settings

log = logging.getLogger(__name__)

MAX_REASKS = 2  # the model is re-asked at most twice after its first answer
_SECTION = re.compile(r"^<!--\s*([a-z_]+)\s*-->\s*$", re.M)


class LLMDraftError(RuntimeError):
    """The language model could not help this time. str() is Chinese, e.g. "大模型接口超时（60秒）".

    ``unavailable`` is True when the service itself failed (timeout, refused, 401 …): the drafter then
    does not call it again in the same turn.
    """

    def __init__(self, message: str, unavailable: bool = False):
        super().__init__(message)
        self.unavailable = unavailable


# ---- prompts ------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def load_sections(name: str) -> dict[str, str]:
    """prompts/<name>.md split at its ``<!-- section -->`` markers; the leading comment (which documents
    the variables) is dropped."""
    text = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"^\s*<!--.*?-->\s*", "", text, count=1, flags=re.S)
    parts = _SECTION.split(text)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def fill(template: str, values: dict[str, str]) -> str:
    """Put the values in for ``{name}``; every other brace (JSON examples) stays as written."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


# ---- the schema the model fills -----------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One structured question: the tool (or JSON object) the model must produce, and its Pydantic model."""

    tool: str  # e.g. "submit_form"
    description: str  # 中文, the tool's description
    model: type[BaseModel]
    hidden: tuple[str, ...] = ()  # fields the model is not shown (filled by jixiao: raw_value, actual …)


def _prune(node: Any, hidden: tuple[str, ...]) -> Any:
    """The schema without hidden properties and without the (English) docstring descriptions."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {k: _prune(v, hidden) for k, v in value.items() if k not in hidden}
            elif key == "required" and isinstance(value, list):
                out[key] = [k for k in value if k not in hidden]
            else:
                out[key] = _prune(value, hidden)
        return out
    if isinstance(node, list):
        return [_prune(item, hidden) for item in node]
    return node


def tool_spec(stage: Stage) -> dict:
    tool = convert_to_openai_tool(stage.model)
    parameters = _prune(tool["function"]["parameters"], stage.hidden)
    return {"type": "function", "function": {"name": stage.tool, "description": stage.description,
                                             "parameters": parameters}}


def schema_text(stage: Stage) -> str:
    return json.dumps(tool_spec(stage)["function"]["parameters"], ensure_ascii=False, separators=(",", ":"))


def output_instructions(stage: Stage, mode: str) -> str:
    sections = load_sections("structured")
    return fill(sections["tools" if mode == "tools" else "json"], {"tool": stage.tool, "schema": schema_text(stage)})


def current_mode() -> str:
    mode = (get_settings().llm_mode or "tools").strip().lower()
    return mode if mode in ("tools", "json") else "tools"


# ---- calling --------------------------------------------------------------------------------------


def bind(llm, stage: Stage, mode: str):
    if mode == "tools":
        return llm.bind_tools([tool_spec(stage)], tool_choice=stage.tool)
    return llm.bind(response_format={"type": "json_object"})


def invoke(runnable, messages: list[BaseMessage], llm) -> AIMessage:
    try:
        return runnable.invoke(messages)
    except Exception as exc:  # noqa: BLE001 — every provider failure is told to the user in Chinese
        raise provider_error(exc, llm) from exc


def provider_error(exc: Exception, llm) -> LLMDraftError:
    """A provider exception → LLMDraftError with a Chinese message saying what to check."""
    import httpx
    import openai

    timeout = getattr(llm, "request_timeout", None)
    seconds = f"（{timeout:g}秒）" if isinstance(timeout, (int, float)) else ""
    model = getattr(llm, "model_name", None) or getattr(llm, "model", "")
    from assistant.llm import safe_url

    where = safe_url(getattr(llm, "openai_api_base", None))
    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException, TimeoutError)):
        message = f"大模型接口超时{seconds}"
    elif isinstance(exc, (openai.APIConnectionError, httpx.TransportError, ConnectionError)):
        message = f"无法连接大模型接口{('（' + where + '）') if where else ''}，请检查网络或 JIXIAO_LLM_BASE_URL"
    elif isinstance(exc, openai.AuthenticationError):
        message = "大模型接口拒绝访问（401），请检查 API Key"
    elif isinstance(exc, openai.PermissionDeniedError):
        message = "大模型接口拒绝访问（403），请检查 API Key 是否有权使用该模型"
    elif isinstance(exc, openai.RateLimitError):
        message = "大模型接口限流或额度不足（429），请稍后重试"
    elif isinstance(exc, openai.NotFoundError):
        message = f"大模型接口找不到模型“{model}”（404），请检查 JIXIAO_LLM 和 JIXIAO_LLM_BASE_URL"
    elif isinstance(exc, openai.BadRequestError):
        message = f"大模型接口拒绝了请求（400）：{_short(getattr(exc, 'message', str(exc)))}"
    elif isinstance(exc, openai.APIStatusError):
        message = f"大模型接口出错（{exc.status_code}）"
    else:
        message = f"大模型调用失败（{type(exc).__name__}）"
    return LLMDraftError(message, unavailable=True)


def _short(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[:limit] + "…"


# ---- reading the answer ---------------------------------------------------------------------------


def _content(message: AIMessage) -> str:
    content = message.content
    if isinstance(content, list):
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")


def extract_json(text: str) -> Any:
    """The JSON object in a text answer (code fences and prose around it tolerated); raises ValueError (中文)."""
    text = re.sub(r"```(?:json)?", "", text or "").strip()
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end <= start:
        raise ValueError("回复中没有 JSON 对象")
    try:
        return json.loads(text[start: end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"回复不是合法的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from exc


def read_reply(reply: AIMessage, stage: Stage) -> tuple[BaseModel | None, str | None]:
    """(parsed model, None) or (None, 中文 problem to send back)."""
    refusal = (reply.additional_kwargs or {}).get("refusal")
    if refusal:
        return None, f"模型拒绝作答：{_short(refusal)}"
    data: Any = None
    if reply.tool_calls:
        data = reply.tool_calls[0]["args"]
    elif reply.invalid_tool_calls:
        raw = reply.invalid_tool_calls[0].get("args") or ""
        try:
            data = extract_json(raw)
        except ValueError as exc:
            return None, f"{stage.tool} 的参数{exc}"
    else:
        text = _content(reply)
        if not text.strip():
            return None, "回复为空"
        try:
            data = extract_json(text)
        except ValueError as exc:
            return None, f"{exc}：{_short(text, 60)}"
    if isinstance(data, dict) and set(data) == {stage.tool} and isinstance(data[stage.tool], dict):
        data = data[stage.tool]  # some models wrap the arguments in the tool's name
    try:
        return stage.model.model_validate(_tidy(data)), None
    except ValidationError as exc:
        return None, "字段不符合格式：\n" + "\n".join(_describe_error(e) for e in exc.errors()[:12])


_TEXT_FIELDS = ("value", "unit", "name", "basis", "level1", "level2", "label")


def _tidy(data: Any) -> Any:
    """Forgive what models commonly write and our models would reject: numbers where text is expected
    (value: 500), ">=" for ≥, a single source as a string. Anything else is left for validation."""
    if isinstance(data, list):
        return [_tidy(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key in _TEXT_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = f"{value:g}"
        elif key == "operator" and isinstance(value, str) and value.strip():
            value = taxonomy.normalize_operator(value.strip()) or value
        elif key == "sources" and isinstance(value, str):
            value = [value]
        out[key] = _tidy(value)
    return out


def _describe_error(error: dict) -> str:
    place = []
    loc = list(error.get("loc", ()))
    for i, part in enumerate(loc):
        if isinstance(part, int) and i > 0 and loc[i - 1] in ("annual_indicators", "long_term_indicators"):
            continue
        if part in ("annual_indicators", "long_term_indicators"):
            table = TABLE_TITLES["annual" if part == "annual_indicators" else "long_term"]
            index = loc[i + 1] if i + 1 < len(loc) and isinstance(loc[i + 1], int) else None
            place.append(table + (f"第{index + 1}行" if index is not None else ""))
        else:
            place.append(FIELD_LABELS.get(str(part), str(part)))
    return f"- {'·'.join(place) or '整体'}（{'.'.join(map(str, loc))}）：{error.get('msg', '')}"


def reask_messages(reply: AIMessage, problems: str) -> list[BaseMessage]:
    """The answer as given, then the problems as the re-ask (a tool result when it answered by tool)."""
    text = fill(load_sections("structured")["reask"], {"problems": problems})
    calls = list(reply.tool_calls) + list(reply.invalid_tool_calls)
    if calls:
        return [reply] + [ToolMessage(content=text, tool_call_id=c.get("id") or f"call_{i}")
                          for i, c in enumerate(calls)]
    return [reply, HumanMessage(content=text)]


def ask(llm, system: str, user: str, stage: Stage, check: Callable[[BaseModel], list[str]],
        max_reasks: int = MAX_REASKS) -> tuple[BaseModel, list[str], int]:
    """Ask until the answer parses and ``check`` finds nothing, re-asking at most ``max_reasks`` times.

    Returns (best answer, its remaining problems, re-asks used); the best answer is the one with the
    fewest problems. Raises LLMDraftError when the provider fails or no answer ever parsed.
    """
    mode = current_mode()
    runnable = bind(llm, stage, mode)
    messages: list[BaseMessage] = [SystemMessage(content=system),
                                   HumanMessage(content=user + "\n\n" + output_instructions(stage, mode))]
    best: tuple[BaseModel, list[str]] | None = None
    last_problem = ""
    for attempt in range(max_reasks + 1):
        reply = invoke(runnable, messages, llm)
        parsed, problem = read_reply(reply, stage)
        if parsed is not None:
            problems = check(parsed)
            if best is None or len(problems) < len(best[1]):
                best = (parsed, problems)
            if not problems:
                return parsed, [], attempt
            problem = "\n".join(problems)
        last_problem = problem or ""
        log.info("LLM answer %d for %s needs a re-ask: %s", attempt + 1, stage.tool, last_problem[:200])
        if attempt < max_reasks:
            messages += reask_messages(reply, last_problem)
    if best is None:
        if last_problem.startswith(("模型拒绝", "回复为空", "回复中没有")):
            raise LLMDraftError(f"大模型没有给出草稿（{_short(last_problem, 40)}）")
        raise LLMDraftError(f"大模型连续{max_reasks + 1}次回复格式不正确（{_short(last_problem, 60)}）")
    return best[0], best[1], max_reasks
