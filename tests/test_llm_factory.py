"""The provider factory: JIXIAO_LLM forms, key env vars, Chinese configuration errors, a settings
description that never shows a key, and the wiring into `jixiao draft`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.llm import LLMConfigError, describe_llm, make_llm, parse_spec
from assistant.settings import reload_settings

KEY_VARS = ("DEEPSEEK_API_KEY", "OPENAI_API_KEY", "DASHSCOPE_API_KEY", "ZHIPUAI_API_KEY", "OPENAI_BASE_URL",
            "OPENAI_API_BASE", "LANGSMITH_GATEWAY")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in KEY_VARS + ("JIXIAO_LLM", "JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_TIMEOUT", "JIXIAO_LLM_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JIXIAO_EMBEDDING", "hash")  # `jixiao draft` indexes the knowledge base: the fast test embedding
    monkeypatch.delenv("JIXIAO_CHROMA_URL", raising=False)
    yield
    reload_settings()


def _settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return reload_settings()


def test_unset_is_offline(monkeypatch):
    settings = _settings(monkeypatch)
    assert make_llm(settings) is None
    assert describe_llm(settings)["模式"].startswith("离线模式")


def test_deepseek(monkeypatch):
    settings = _settings(monkeypatch, JIXIAO_LLM="deepseek:deepseek-chat", DEEPSEEK_API_KEY="sk-deep-secret",
                         JIXIAO_LLM_TIMEOUT="30")
    llm = make_llm(settings)
    assert type(llm).__name__ == "ChatOpenAI"
    assert llm.model_name == "deepseek-chat"
    assert llm.openai_api_base == "https://api.deepseek.com/v1"
    assert llm.openai_api_key.get_secret_value() == "sk-deep-secret"
    assert (llm.request_timeout, llm.max_retries, llm.use_responses_api) == (30.0, 0, False)  # llmcall retries
    assert parse_spec(settings).mode == "tools"  # DeepSeek rejects json_schema: function calling


@pytest.mark.parametrize(("env", "mode"), [
    ({"JIXIAO_LLM": "openai:qwen-plus", "JIXIAO_LLM_BASE_URL": "https://dashscope.aliyuncs.com/compatible-mode/v1"},
     "json_schema"),
    ({"JIXIAO_LLM": "ollama:qwen2.5:7b"}, "json_schema"),
    ({"JIXIAO_LLM": "openai:Qwen2.5-7B", "JIXIAO_LLM_BASE_URL": "http://127.0.0.1:8080/v1"}, "json_schema"),
    ({"JIXIAO_LLM": "openai:glm-4", "JIXIAO_LLM_BASE_URL": "https://open.bigmodel.cn/api/paas/v4"}, "tools"),
    ({"JIXIAO_LLM": "deepseek:deepseek-chat", "JIXIAO_LLM_MODE": "json"}, "json"),
    ({"JIXIAO_LLM": "ollama:qwen2.5:7b", "JIXIAO_LLM_MODE": "tools"}, "tools"),
])
def test_structured_output_mode_per_provider_and_overridable(monkeypatch, env, mode):
    assert parse_spec(_settings(monkeypatch, **env)).mode == mode


def test_llm_module_does_not_read_langchains_private_registry():
    from pathlib import Path

    import assistant.llm

    assert "_BUILTIN_PROVIDERS" not in Path(assistant.llm.__file__).read_text(encoding="utf-8")


def test_deepseek_without_its_key_names_the_variable(monkeypatch):
    settings = _settings(monkeypatch, JIXIAO_LLM="deepseek:deepseek-chat", OPENAI_API_KEY="sk-other")
    with pytest.raises(LLMConfigError, match="DEEPSEEK_API_KEY"):
        make_llm(settings)


def test_qwen_on_dashscope_takes_the_dashscope_key_as_fallback(monkeypatch):
    url = "https://dashscope.aliyuncs.com/compatible-mode/v1"
    settings = _settings(monkeypatch, JIXIAO_LLM="openai:qwen-plus", JIXIAO_LLM_BASE_URL=url,
                         DASHSCOPE_API_KEY="sk-dash-secret")
    llm = make_llm(settings)
    assert (llm.model_name, llm.openai_api_base) == ("qwen-plus", url)
    assert llm.openai_api_key.get_secret_value() == "sk-dash-secret"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")  # the standard variable comes first
    assert make_llm(reload_settings()).openai_api_key.get_secret_value() == "sk-openai-secret"


def test_qwen_without_any_key(monkeypatch):
    settings = _settings(monkeypatch, JIXIAO_LLM="openai:qwen-plus",
                         JIXIAO_LLM_BASE_URL="https://dashscope.aliyuncs.com/compatible-mode/v1")
    with pytest.raises(LLMConfigError) as caught:
        make_llm(settings)
    assert "OPENAI_API_KEY 或 DASHSCOPE_API_KEY" in str(caught.value)


def test_ollama_maps_to_its_openai_compatible_endpoint_without_a_key(monkeypatch):
    settings = _settings(monkeypatch, JIXIAO_LLM="ollama:qwen2.5:7b")
    llm = make_llm(settings)
    assert (llm.model_name, llm.openai_api_base) == ("qwen2.5:7b", "http://127.0.0.1:11434/v1")
    assert describe_llm(settings)["API Key"] == "本地接口，无需密钥"


def test_a_local_vllm_needs_no_key(monkeypatch):
    settings = _settings(monkeypatch, JIXIAO_LLM="openai:Qwen2.5-7B-Instruct",
                         JIXIAO_LLM_BASE_URL="http://localhost:8000/v1")
    assert make_llm(settings).openai_api_base == "http://localhost:8000/v1"


def test_a_bare_model_name(monkeypatch):
    assert parse_spec(_settings(monkeypatch, JIXIAO_LLM="deepseek-chat")).provider == "deepseek"
    assert parse_spec(_settings(monkeypatch, JIXIAO_LLM="qwen-plus")).provider == "openai"


@pytest.mark.parametrize(("env", "words"), [
    ({"JIXIAO_LLM": "nosuch:model"}, "提供方“nosuch”无法识别"),
    ({"JIXIAO_LLM": "anthropic:claude-x"}, "未安装其软件包 langchain-anthropic"),
    ({"JIXIAO_LLM": "openai:qwen-plus", "OPENAI_API_KEY": "k", "JIXIAO_LLM_MODE": "xml"}, "JIXIAO_LLM_MODE"),
    ({"JIXIAO_LLM": "openai:qwen-plus", "OPENAI_API_KEY": "k", "JIXIAO_LLM_TIMEOUT": "0"}, "JIXIAO_LLM_TIMEOUT"),
])
def test_configuration_errors_are_chinese(monkeypatch, env, words):
    with pytest.raises(LLMConfigError, match=words):
        make_llm(_settings(monkeypatch, **env))


def test_describe_never_shows_a_key(monkeypatch):
    settings = _settings(monkeypatch, JIXIAO_LLM="openai:qwen-plus", OPENAI_API_KEY="sk-very-secret-123",
                         JIXIAO_LLM_BASE_URL="https://user:sk-in-url@gateway.example.com:8443/v1?api_key=sk-q")
    info = describe_llm(settings)
    text = json.dumps(info, ensure_ascii=False)
    assert "sk-very-secret-123" not in text and "sk-in-url" not in text and "sk-q" not in text
    assert info["API Key"] == "OPENAI_API_KEY：已设置"
    assert info["接口地址"] == "https://gateway.example.com:8443/v1"
    assert (info["提供方"], info["模型"]) == ("openai", "qwen-plus") and info["结构化输出"].startswith("JSON Schema")
    monkeypatch.delenv("OPENAI_API_KEY")
    assert describe_llm(reload_settings())["API Key"] == "OPENAI_API_KEY：未设置"


def test_jixiao_draft_reports_a_missing_key_in_chinese(monkeypatch):
    _settings(monkeypatch, JIXIAO_LLM="deepseek:deepseek-chat")
    result = CliRunner().invoke(app, ["draft", "--text", "培训项目，预算50万元，培训500人，2027年"])
    assert result.exit_code == 2
    assert "DEEPSEEK_API_KEY" in result.output and "Traceback" not in result.output


def test_jixiao_draft_uses_the_configured_model(monkeypatch):
    from tests.llm_stub import StubLLM, tool_reply

    with StubLLM() as stub:
        stub.script("submit_brief", tool_reply("submit_brief", {}))
        stub.script("submit_form", tool_reply("submit_form", {"annual_indicators": []}))  # unusable: falls back
        stub.chat_model(monkeypatch)
        result = CliRunner().invoke(app, ["draft", "--text", "培训，预算50万元，培训500人，2027年", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["mode"] == "offline" and payload["form"]["annual_indicators"]  # what actually drafted
    assert "已改用离线起草" in payload["notices"][0]
    assert stub.requests_for("submit_form") and stub.requests_for("submit_brief")
