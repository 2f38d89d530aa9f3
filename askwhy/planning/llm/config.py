"""Model settings for the LLM planner: CLI flags > environment > config file > defaults.

Environment: ASKWHY_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY (and ASKWHY_CONFIG for the file).
Config file (TOML), by default `<user config dir>/askwhy/config.toml`:

    [llm]
    model = "gpt-4.1-mini"
    base_url = "http://localhost:11434/v1"   # any OpenAI-compatible server
    timeout = 60            # seconds for one model reply, retries included (a deadline)
    max_retries = 2         # on 429, 5xx and connection errors, with backoff, within it
    max_steps = 8           # model calls per question
    max_tool_calls = 12     # tool calls per question, however many one reply asks for
    question_timeout = 120  # seconds for the whole question, model and tools
    max_reply_tokens = 2048 # tokens one model reply may have
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from askwhy.errors import AskwhyError

ENV_VARS = {"model": "ASKWHY_MODEL", "base_url": "OPENAI_BASE_URL", "api_key": "OPENAI_API_KEY"}
CONFIG_ENV = "ASKWHY_CONFIG"
# OpenAI-compatible local servers (Ollama, vLLM, llama.cpp, LM Studio) ignore the key,
# but the openai client refuses to start without one.
PLACEHOLDER_KEY = "not-needed"


class LLMSettings(BaseModel):
    """Which model to call and how patiently."""

    model_config = ConfigDict(extra="forbid")

    model: str | None = Field(default=None, description="Model name, e.g. gpt-4.1-mini.")
    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint URL.")
    api_key: str | None = Field(default=None, repr=False, description="API key.")
    timeout: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="Seconds for one model reply, retries included: a deadline on the whole "
        "request, not on each read.",
    )
    max_retries: int = Field(default=2, ge=0, le=10, description="Retries on 429/5xx/network.")
    max_steps: int = Field(default=8, ge=1, le=50, description="Model calls per question.")
    max_tool_calls: int = Field(
        default=12, ge=1, le=100, description="Tool calls per question (all replies together)."
    )
    question_timeout: float = Field(
        default=120.0, gt=0, le=3600, description="Seconds for a whole question."
    )
    max_reply_tokens: int = Field(
        default=2048,
        ge=64,
        le=100_000,
        description="Tokens one model reply may have: a small model that never stops is cut.",
    )
    temperature: float | None = Field(
        default=None, ge=0, le=2, description="Sampling temperature; default: the server's."
    )

    @property
    def configured(self) -> bool:
        """True when a model is named (then `--planner auto` is the default)."""
        return bool(self.model)

    def require_model(self) -> str:
        if not self.model:
            raise AskwhyError(
                "No model configured for the LLM planner. Pass --model NAME, set ASKWHY_MODEL, "
                f'or put `model = "NAME"` under [llm] in {default_config_path()}.'
            )
        return self.model

    def resolved_api_key(self) -> str:
        """The API key, or a placeholder for local servers that need none."""
        if self.api_key:
            return self.api_key
        if self.base_url:
            return PLACEHOLDER_KEY
        raise AskwhyError(
            "No API key for the LLM planner. Set OPENAI_API_KEY, or pass --base-url URL for a "
            "local OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio)."
        )


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    """$ASKWHY_CONFIG, else `<user config dir>/askwhy/config.toml`."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("askwhy", appauthor=False)) / "config.toml"


def read_config_file(path: Path) -> dict[str, Any]:
    """The [llm] table of a TOML config file; {} when the file does not exist."""
    if not path.is_file():
        return {}
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise AskwhyError(
                f"Reading {path} needs Python 3.11+ or the 'tomli' package (pip install tomli)."
            ) from None
    try:
        content = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise AskwhyError(f"Cannot read config file {path}: {err}. Fix or remove it.") from None
    table = content.get("llm", {})
    if not isinstance(table, dict):
        raise AskwhyError(f"In {path}, [llm] must be a table of settings.")
    return table


def load_llm_settings(
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    config_path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> LLMSettings:
    """Merge settings: explicit arguments (CLI flags) > environment > config file > defaults.

    `overrides` take any other LLMSettings field (timeout, max_retries, max_steps,
    max_tool_calls, question_timeout, temperature); None values are ignored so CLI flags
    left unset do not mask the file.
    """
    env = os.environ if env is None else env
    path = Path(config_path).expanduser() if config_path else default_config_path(env)
    merged: dict[str, Any] = dict(read_config_file(path))
    merged.update({field: env[var] for field, var in ENV_VARS.items() if env.get(var)})
    flags = {"model": model, "base_url": base_url, "api_key": api_key, **overrides}
    merged.update({k: v for k, v in flags.items() if v is not None})
    try:
        return LLMSettings.model_validate(merged)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise AskwhyError(
            f"Bad LLM settings ({problems}). Valid keys: {', '.join(LLMSettings.model_fields)}; "
            f"check flags, environment and {path}."
        ) from None


def default_planner_name(settings: LLMSettings | None = None) -> str:
    """'auto' when a model is configured, else 'rules' (offline)."""
    settings = settings if settings is not None else load_llm_settings()
    return "auto" if settings.configured else "rules"
