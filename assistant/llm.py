"""The one place a language model is made: JIXIAO_LLM → a LangChain chat model, or None (离线模式).

    JIXIAO_LLM=deepseek:deepseek-chat                     DeepSeek, key DEEPSEEK_API_KEY
    JIXIAO_LLM=openai:qwen-plus                           any OpenAI-compatible endpoint, key OPENAI_API_KEY;
      JIXIAO_LLM_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1   (通义千问: DASHSCOPE_API_KEY
      is the fallback key; GLM open.bigmodel.cn: ZHIPUAI_API_KEY; a local vLLM needs no key)
    JIXIAO_LLM=ollama:qwen2.5:7b                          Ollama's OpenAI-compatible endpoint
                                                          http://127.0.0.1:11434/v1, no key
    JIXIAO_LLM_TIMEOUT=60                                 seconds per request (a turn has its own total deadline)
    JIXIAO_LLM_MODE=auto | json_schema | tools | json     structured output; auto picks per provider (below)

Structured output (LangChain's ``with_structured_output``): ``json_schema`` where the server constrains
decoding to the schema (llama.cpp, vLLM, Ollama, DashScope, OpenAI), function calling where json_schema is
rejected (DeepSeek, GLM on bigmodel.cn, other LangChain providers), JSON mode on request.

DeepSeek, Qwen, GLM, vLLM and Ollama all speak the OpenAI chat-completions protocol, so each is built
with LangChain's ``init_chat_model`` on the ``openai`` provider (langchain-openai) with its own base
URL and key; other LangChain provider strings ("anthropic:…") pass through when their package is
installed. Nothing here counts tokens with tiktoken (its encodings download at first use): the model
gets a character-count tokenizer instead.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel

from assistant.settings import Settings, get_settings

MAX_RETRIES = 0  # the client never retries on its own: llmcall retries within the turn's deadline

DEEPSEEK_BASE_URL = "https://api.deepseek.com/v1"
OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1"
# Providers served through the OpenAI-compatible protocol: (default base URL, key env vars in order).
OPENAI_COMPATIBLE = {
    "deepseek": (DEEPSEEK_BASE_URL, ("DEEPSEEK_API_KEY",)),
    "openai": (None, ("OPENAI_API_KEY",)),
    "ollama": (OLLAMA_BASE_URL, ()),
}
# Fallback keys for well-known OpenAI-compatible hosts (after OPENAI_API_KEY).
HOST_KEYS = {"dashscope": "DASHSCOPE_API_KEY", "bigmodel.cn": "ZHIPUAI_API_KEY"}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0", "::1")
# JIXIAO_LLM_MODE values → LangChain's with_structured_output methods.
MODES = {"json_schema": "json_schema", "tools": "function_calling", "json": "json_mode"}
MODE_LABELS = {"json_schema": "JSON Schema（服务端按模式约束输出）", "tools": "函数调用", "json": "JSON 模式"}
# Hosts known to reject the json_schema response format: they get function calling.
NO_JSON_SCHEMA_HOSTS = ("deepseek", "bigmodel.cn")
NO_KEY = "EMPTY"  # local servers (vLLM, Ollama) accept any key; the client insists on one


class LLMConfigError(ValueError):
    """JIXIAO_LLM cannot be used as configured; str() is a Chinese message naming the variable to fix."""


class LLMSpec(BaseModel):
    """JIXIAO_LLM parsed: which provider, which model, where, and which env var holds the key."""

    provider: str  # deepseek | openai | ollama | another LangChain provider
    model: str
    base_url: str | None = None
    key_env: str | None = None  # the env var the key was (or would be) read from
    key_envs: tuple[str, ...] = ()  # every env var that may hold the key, in order
    key_required: bool = True
    timeout: float = 60.0
    mode: str = "json_schema"  # json_schema | tools | json (auto already resolved)


def parse_spec(settings: Settings | None = None) -> LLMSpec | None:
    """JIXIAO_LLM (+ JIXIAO_LLM_BASE_URL) → LLMSpec; None when unset (离线模式)."""
    settings = settings or get_settings()
    value = (settings.llm or "").strip()
    if not value:
        return None
    provider, sep, model = value.partition(":")
    if not sep or not model.strip():
        # A bare model name: deepseek-* is DeepSeek; anything else is an OpenAI-compatible model.
        provider, model = ("deepseek" if value.lower().startswith("deepseek") else "openai"), value
    provider, model = provider.strip().lower().replace("-", "_"), model.strip()
    base_url = (settings.llm_base_url or "").strip() or None
    mode = (settings.llm_mode or "auto").strip().lower()
    if mode not in ("auto", *MODES):
        raise LLMConfigError(f"JIXIAO_LLM_MODE 只能是 auto、json_schema、tools（函数调用）或 json（JSON 模式），"
                             f"而不是“{mode}”")
    timeout = float(settings.llm_timeout)
    if timeout <= 0:
        raise LLMConfigError(f"JIXIAO_LLM_TIMEOUT 必须是正数（秒），而不是“{settings.llm_timeout}”")
    if provider in OPENAI_COMPATIBLE:
        default_url, key_envs = OPENAI_COMPATIBLE[provider]
        base_url = base_url or default_url
        key_envs = key_envs + tuple(env for host, env in HOST_KEYS.items() if base_url and host in base_url)
        local = provider == "ollama" or _is_local(base_url)
        key_env = next((env for env in key_envs if os.environ.get(env)), key_envs[0] if key_envs else None)
        return LLMSpec(provider=provider, model=model, base_url=base_url, key_env=key_env, key_envs=key_envs,
                       key_required=not local, timeout=timeout, mode=auto_mode(provider, base_url, mode))
    return LLMSpec(provider=provider, model=model, base_url=base_url, key_env=None, key_required=False,
                   timeout=timeout, mode="tools" if mode == "auto" else mode)


def auto_mode(provider: str, base_url: str | None, mode: str = "auto") -> str:
    """The structured-output mode for this server: JIXIAO_LLM_MODE when set, else json_schema unless the
    provider is known to reject it (DeepSeek answers 400 to a json_schema response format)."""
    if mode != "auto":
        return mode
    where = f"{provider} {base_url or ''}".lower()
    return "tools" if any(host in where for host in NO_JSON_SCHEMA_HOSTS) else "json_schema"


def _is_local(url: str | None) -> bool:
    return bool(url) and (urlsplit(url).hostname or "") in LOCAL_HOSTS


def _count_chars(text: str) -> list[int]:
    """A tokenizer that needs no download: one id per character (Chinese is about one token a character)."""
    return [ord(c) for c in text]


def make_llm(settings: Settings | None = None):
    """The configured chat model, or None when JIXIAO_LLM is unset. Raises LLMConfigError (中文) when
    the provider is unknown, its package is missing or its API key is not set."""
    spec = parse_spec(settings)
    if spec is None:
        return None
    from langchain.chat_models import init_chat_model

    common = {"timeout": spec.timeout, "max_retries": MAX_RETRIES}
    if spec.provider in OPENAI_COMPATIBLE:
        key = os.environ.get(spec.key_env or "", "").strip() if spec.key_env else ""
        if not key and spec.key_required:
            raise LLMConfigError(
                f"已配置大模型 JIXIAO_LLM={spec.provider}:{spec.model}，但没有设置 API Key：请设置环境变量 "
                f"{' 或 '.join(spec.key_envs)}（或取消 JIXIAO_LLM 以离线起草）"
            )
        return init_chat_model(
            spec.model, model_provider="openai", base_url=spec.base_url, api_key=key or NO_KEY,
            use_responses_api=False,  # chat completions: the protocol every compatible endpoint speaks
            custom_get_token_ids=_count_chars, temperature=0.2, **common,
        )
    extra = {"base_url": spec.base_url} if spec.base_url else {}
    try:
        return init_chat_model(spec.model, model_provider=spec.provider, **common, **extra)
    except ImportError as exc:  # init_chat_model knows the provider, its package is not installed
        module = getattr(exc.__cause__, "name", None) or getattr(exc, "name", None) or f"langchain_{spec.provider}"
        raise LLMConfigError(
            f"JIXIAO_LLM 使用提供方“{spec.provider}”，但未安装其软件包 {module.split('.')[0].replace('_', '-')}；"
            "可改用 OpenAI 兼容接口：JIXIAO_LLM=openai:<模型名> 加 JIXIAO_LLM_BASE_URL"
        ) from exc
    except ValueError as exc:  # init_chat_model: unsupported provider
        if "provider" not in str(exc).lower():
            raise LLMConfigError(f"无法创建大模型 {spec.provider}:{spec.model}：{exc}") from exc
        raise LLMConfigError(
            f"JIXIAO_LLM 中的提供方“{spec.provider}”无法识别。可用写法：deepseek:deepseek-chat、openai:qwen-plus"
            "（配合 JIXIAO_LLM_BASE_URL）、ollama:qwen2.5:7b"
        ) from exc
    except Exception as exc:  # noqa: BLE001 — a provider's own validation (missing key …), told in Chinese
        raise LLMConfigError(f"无法创建大模型 {spec.provider}:{spec.model}：{exc}") from exc


def safe_url(url: str | None) -> str:
    """A base URL fit to show: no user:password@, no query string (some gateways put keys there)."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def describe_llm(settings: Settings | None = None) -> dict[str, str]:
    """中文 description of the model in use for the settings page — never the key itself, only whether
    the env var that should hold it is set."""
    try:
        spec = parse_spec(settings)
    except LLMConfigError as exc:
        return {"模式": "配置有误（将离线起草）", "问题": str(exc)}
    if spec is None:
        return {"模式": "离线模式（未设置 JIXIAO_LLM，由离线起草器根据先例和指标库起草）"}
    info = {
        "模式": "大模型起草（失败时自动改用离线起草）",
        "提供方": spec.provider,
        "模型": spec.model,
        "接口地址": safe_url(spec.base_url) or "提供方默认地址",
        "结构化输出": MODE_LABELS[spec.mode],
        "超时": f"{spec.timeout:g} 秒",
    }
    if spec.key_env:
        state = "已设置" if os.environ.get(spec.key_env, "").strip() else ("未设置（本地接口可不设）"
                                                                       if not spec.key_required else "未设置")
        info["API Key"] = f"{spec.key_env}：{state}"
    elif spec.provider in OPENAI_COMPATIBLE:
        info["API Key"] = "本地接口，无需密钥"
    return info
