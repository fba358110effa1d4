"""Runtime configuration, all from the environment (prefix JIXIAO_)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = REPO_ROOT / "knowledge"
PROMPTS_DIR = REPO_ROOT / "prompts"


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jixiao"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JIXIAO_", extra="ignore")

    home: Path = _default_home()  # JIXIAO_HOME: store, sessions, drafts
    chroma_url: str | None = None  # JIXIAO_CHROMA_URL: use a Chroma server instead of the embedded store
    embedding: str = "hybrid"  # JIXIAO_EMBEDDING: hybrid | e5 | lexical | hash (tests)
    llm: str | None = None  # JIXIAO_LLM: e.g. deepseek:deepseek-chat, openai:qwen-plus; unset → 离线模式
    llm_base_url: str | None = None  # JIXIAO_LLM_BASE_URL for OpenAI-compatible endpoints
    llm_timeout: float = 60.0  # seconds
    llm_mode: str = "auto"  # JIXIAO_LLM_MODE: auto | json_schema | tools (function calling) | json (JSON mode)
    llm_turn_timeout: float = 170.0  # JIXIAO_LLM_TURN_TIMEOUT: seconds for all calls of one turn (retries, re-asks)
    auth: str | None = None  # JIXIAO_AUTH: "user:password,…" or a file of such lines
    host: str = "127.0.0.1"
    port: int = 7860

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def sessions_dir(self) -> Path:
        return self.home / "sessions"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reload_settings() -> Settings:
    """Re-read the environment (tests change JIXIAO_* between cases)."""
    get_settings.cache_clear()
    return get_settings()
