"""Asking a chat model for one of our Pydantic models, instructor-style: validate, feed the problems back, re-ask.

Structured output is LangChain's ``with_structured_output(schema, method=…, include_raw=True)``: the
method follows the server (``json_schema`` where it constrains decoding, function calling for DeepSeek,
JSON mode on request — see assistant.llm.auto_mode). ``include_raw`` keeps the model's own reply, so a
malformed or invalid answer becomes a re-ask message instead of an exception. Prompts are the
``ChatPromptTemplate``s of prompts/*.md.

Every call is bounded: ``max_tokens`` per stage, and a ``Turn`` — one user message — has a total deadline
across all its calls, retries and re-asks, reports its stage (抽取信息 / 起草 / 校验 / 重问) to a progress
callback, and can be cancelled. Every provider failure becomes an LLMDraftError whose str() is Chinese.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.prompts import ChatPromptTemplate, PromptTemplate
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel

from assistant.llmreply import read_reply
from assistant.settings import PROMPTS_DIR, get_settings

log = logging.getLogger(__name__)

MAX_REASKS = 2  # the model is re-asked at most twice after its first answer
MIN_CALL_SECONDS = 3.0  # a call that could not get this long before the turn's deadline is not started
_SECTION = re.compile(r"^<!--\s*([a-z_]+)\s*-->\s*$", re.M)

# Stages a turn goes through, as the user sees them.
EXTRACTING, DRAFTING, CHECKING, REASKING, REVISING, REVIEWING = "抽取信息", "起草", "校验", "重问", "修改", "语义审核"


class LLMDraftError(RuntimeError):
    """The language model could not help this time. str() is Chinese, e.g. "大模型接口超时（60秒）".

    ``unavailable`` is True when the service itself failed (timeout, refused, 401, deadline …): the drafter
    then does not call it again in the same turn. ``cancelled``: the user stopped the wait.
    """

    def __init__(self, message: str, unavailable: bool = False, cancelled: bool = False):
        super().__init__(message)
        self.unavailable = unavailable or cancelled
        self.cancelled = cancelled


# ---- one turn: deadline, progress, cancel, usage ----------------------------------------------------


@dataclass
class Turn:
    """The budget of one user message across every model call, retry and re-ask."""

    seconds: float
    progress: Callable[[str], None] | None = None  # called with the stage (中文) as it starts
    cancel: threading.Event | None = None  # set by the UI's stop button
    started: float = field(default_factory=time.monotonic)
    calls: list[dict] = field(default_factory=list)  # per call: stage, prompt/completion tokens, seconds

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def stage(self, name: str) -> None:
        self.check()
        if self.progress is not None:
            self.progress(name)

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise LLMDraftError("已取消等待大模型", cancelled=True)

    def call_timeout(self, request_timeout: float) -> float:
        """This call's timeout: the request timeout, cut to what is left of the turn."""
        self.check()
        left = self.remaining()
        if left < MIN_CALL_SECONDS:
            raise LLMDraftError(f"本轮大模型用时已到上限（{self.seconds:g}秒）", unavailable=True)
        return min(request_timeout, left)


def new_turn(progress: Callable[[str], None] | None = None, cancel: threading.Event | None = None,
             seconds: float | None = None) -> Turn:
    return Turn(seconds=seconds or float(get_settings().llm_turn_timeout), progress=progress, cancel=cancel)


# ---- prompts ------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def load_sections(name: str) -> dict[str, str]:
    """prompts/<name>.md split at its ``<!-- section -->`` markers; the leading comment (which documents
    the variables) is dropped."""
    text = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"^\s*<!--.*?-->\s*", "", text, count=1, flags=re.S)
    parts = _SECTION.split(text)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


@lru_cache(maxsize=16)
def chat_prompt(name: str) -> ChatPromptTemplate:
    """prompts/<name>.md as a system + human ChatPromptTemplate (f-string variables; literal braces doubled)."""
    sections = load_sections(name)
    return ChatPromptTemplate.from_messages([("system", sections["system"]), ("human", sections["user"])])


def section_prompt(name: str, section: str) -> PromptTemplate:
    return PromptTemplate.from_template(load_sections(name)[section])


# ---- the schema the model fills -----------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One structured question: the schema the model must fill (named like a tool), its Pydantic model,
    the stage shown to the user and the reply's token limit."""

    tool: str  # e.g. "submit_form": the tool / json_schema name
    description: str  # 中文
    model: type[BaseModel]
    label: str = DRAFTING
    max_tokens: int = 1024
    hidden: tuple[str, ...] = ()  # fields the model is not shown (filled by jixiao: raw_value, actual …)
    enums: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, allowed values) constrained in the schema

    @property
    def schema(self) -> dict:
        return stage_schema(self)


def _prune(node: Any, hidden: tuple[str, ...], enums: dict[str, tuple[str, ...]]) -> Any:
    """The schema without hidden properties and (English) docstrings; no extra keys; enums where given."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("description", "title") and isinstance(value, str):
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {k: ({"type": "string", "enum": list(enums[k])} if k in enums else _prune(v, hidden, enums))
                            for k, v in value.items() if k not in hidden}
            elif key == "required" and isinstance(value, list):
                out[key] = [k for k in value if k not in hidden]
            else:
                out[key] = _prune(value, hidden, enums)
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_prune(item, hidden, enums) for item in node]
    return node


def stage_schema(stage: Stage) -> dict:
    """The JSON schema handed to with_structured_output: named for the stage, no hidden fields."""
    parameters = convert_to_openai_tool(stage.model)["function"]["parameters"]
    pruned = _prune(parameters, stage.hidden, dict(stage.enums))
    return {"title": stage.tool, "description": stage.description, **pruned}


def current_mode() -> str:
    """json_schema | tools | json for the configured model (JIXIAO_LLM_MODE, else per provider)."""
    from assistant.llm import LLMConfigError, parse_spec

    try:
        spec = parse_spec(get_settings())
    except LLMConfigError:
        spec = None
    return spec.mode if spec is not None else "json_schema"


def output_instructions(stage: Stage, mode: str) -> str:
    """What the prompt adds per mode: JSON mode has no schema on the wire, so the prompt carries it."""
    if mode == "json_schema":
        return ""
    import json

    schema = json.dumps(stage.schema, ensure_ascii=False, separators=(",", ":"))
    return section_prompt("structured", "tools" if mode == "tools" else "json").format(tool=stage.tool, schema=schema)


# ---- calling --------------------------------------------------------------------------------------


def _structured(llm, stage: Stage, mode: str, timeout: float):
    from assistant.llm import MODES

    extra: dict[str, Any] = {"max_tokens": stage.max_tokens}
    if "openai" in type(llm).__module__:
        extra["timeout"] = timeout  # the openai client's per-request timeout: the turn's deadline applies
    return llm.with_structured_output(stage.schema, method=MODES[mode], include_raw=True, **extra)


def invoke(llm, stage: Stage, mode: str, messages: list[BaseMessage], turn: Turn) -> dict:
    """One structured call: {"raw", "parsed", "parsing_error"}. A transient failure (connection, 5xx,
    429) is retried once if the turn has time left; a timeout is not (it would wait as long again)."""
    import openai

    from assistant.llm import parse_spec

    spec = parse_spec(get_settings())
    request_timeout = spec.timeout if spec is not None else float(getattr(llm, "request_timeout", None) or 60)
    for attempt in range(2):
        timeout = turn.call_timeout(request_timeout)
        started = time.monotonic()
        try:
            result = _structured(llm, stage, mode, timeout).invoke(messages)
        except openai.LengthFinishReasonError as exc:  # the client refuses to parse a cut-off reply
            content = exc.completion.choices[0].message.content or "" if exc.completion.choices else ""
            result = {"raw": AIMessage(content=content, response_metadata={"finish_reason": "length"}),
                      "parsed": None, "parsing_error": exc}
        except Exception as exc:  # noqa: BLE001 — every provider failure is told to the user in Chinese
            error = provider_error(exc, llm, timeout)
            turn.calls.append({"stage": stage.tool, "error": str(error), "seconds": round(time.monotonic() - started, 2)})
            transient = isinstance(exc, (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError))
            if attempt == 0 and transient and not isinstance(exc, openai.APITimeoutError) \
                    and turn.remaining() > MIN_CALL_SECONDS + timeout:
                log.info("大模型调用失败，重试一次：%s", error)
                continue
            raise error from exc
        usage = getattr(result["raw"], "usage_metadata", None) or {}
        turn.calls.append({"stage": stage.tool, "prompt_tokens": usage.get("input_tokens"),
                           "completion_tokens": usage.get("output_tokens"),
                           "seconds": round(time.monotonic() - started, 2)})
        return result
    raise AssertionError("unreachable")


def provider_error(exc: Exception, llm, timeout: float | None = None) -> LLMDraftError:
    """A provider exception → LLMDraftError with a Chinese message saying what to check."""
    import httpx
    import openai

    from assistant.llm import safe_url

    timeout = timeout if timeout is not None else getattr(llm, "request_timeout", None)
    seconds = f"（{timeout:g}秒）" if isinstance(timeout, (int, float)) else ""
    model = getattr(llm, "model_name", None) or getattr(llm, "model", "")
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


def reask_messages(reply: AIMessage, problems: str) -> list[BaseMessage]:
    """The answer as given, then the problems as the re-ask (a tool result when it answered by tool)."""
    text = section_prompt("structured", "reask").format(problems=problems)
    if (reply.response_metadata or {}).get("finish_reason") == "length":
        return [HumanMessage(content=text)]  # a cut-off answer is not worth its tokens in the history
    calls = list(reply.tool_calls) + list(reply.invalid_tool_calls)
    if calls:
        return [reply] + [ToolMessage(content=text, tool_call_id=c.get("id") or f"call_{i}")
                          for i, c in enumerate(calls)]
    return [reply, HumanMessage(content=text)]


def ask(llm, prompt: ChatPromptTemplate, values: dict[str, str], stage: Stage,
        check: Callable[[BaseModel], list[str]], turn: Turn | None = None,
        max_reasks: int = MAX_REASKS) -> tuple[BaseModel, list[str], int]:
    """Ask until the answer parses and ``check`` finds nothing, re-asking at most ``max_reasks`` times.

    Returns (best answer, its remaining problems, re-asks used); the best answer is the one with the
    fewest problems. Raises LLMDraftError when the provider fails, the turn's time is up before any
    answer parsed, or no answer ever parsed.
    """
    turn = turn or new_turn()
    mode = current_mode()
    messages = prompt.format_messages(**values)
    extra = output_instructions(stage, mode)
    if extra:
        messages[-1] = HumanMessage(content=f"{messages[-1].content}\n\n{extra}")
    best: tuple[BaseModel, list[str]] | None = None
    last_problem = ""
    for attempt in range(max_reasks + 1):
        turn.stage(stage.label if attempt == 0 else REASKING)
        try:
            result = invoke(llm, stage, mode, messages, turn)
        except LLMDraftError:
            if best is not None and attempt > 0:
                break  # out of time for a re-ask: the best answer so far stands
            raise
        turn.stage(CHECKING)
        parsed, problem = read_reply(result, stage)
        if parsed is not None:
            problems = check(parsed)
            if best is None or len(problems) < len(best[1]):
                best = (parsed, problems)
            if not problems:
                return parsed, [], attempt
            problem = "\n".join(problems)
        last_problem = problem or ""
        log.info("大模型第%d次回答（%s）需要重问：%s", attempt + 1, stage.tool, last_problem[:200])
        if attempt < max_reasks:
            messages += reask_messages(result["raw"], last_problem)
    if best is None:
        if last_problem.startswith(("模型拒绝", "回复为空", "回复中没有")):
            raise LLMDraftError(f"大模型没有给出草稿（{problem_kind(last_problem)}）")
        raise LLMDraftError(f"大模型连续{max_reasks + 1}次回复格式不正确（{problem_kind(last_problem)}）")
    return best[0], best[1], max_reasks


def problem_kind(problem: str) -> str:
    """What went wrong, in jixiao's words only: the model's own text (quoted in the re-ask) never reaches
    the user's chat as if the assistant had said it."""
    first = problem.strip().splitlines()[0] if problem.strip() else "回复为空"
    if first.startswith("- "):
        return "校验仍有错误"
    return first.split("：")[0]
