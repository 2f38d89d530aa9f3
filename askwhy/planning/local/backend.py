"""The local model behind the `Backend` protocol: what a reply is, how to run the model.

`Backend` is the seam between the local planner and a model: a `name` and
`complete(messages, schema, max_tokens) -> Completion`. `LlamaBackend` runs a GGUF file with
llama-cpp-python (imported on the first reply, never at import time); the planner runs it in a
worker process (planning.local.worker) so that a native crash of llama.cpp cannot take askwhy
down with it. Tests pass a scripted backend instead (askwhy.testing.local_backend).

This module stays light: it is what the worker process imports.
"""

from __future__ import annotations

import importlib.util
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from askwhy.errors import AskwhyError
from askwhy.planning.local.grammar import schema_property_order

THREADS_ENV = "ASKWHY_THREADS"
TIMEOUT_ENV = "ASKWHY_LOCAL_TIMEOUT"
LLAMA_PACKAGE = "llama-cpp-python"
LLAMA_HINT = (
    'The local planner needs llama-cpp-python: pip install "askwhy[local]" (it compiles '
    "llama.cpp, about 10-15 minutes; on a virtual machine prefix it with "
    'CMAKE_ARGS="-DGGML_NATIVE=OFF"), or use --planner rules.'
)


class LocalModelError(AskwhyError):
    """The local model is not installed, cannot be loaded, crashed, or gave no usable call."""


class Completion(BaseModel):
    """One reply of a backend."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Backend(Protocol):
    """Generates one reply to chat `messages` that fits the JSON `schema`."""

    name: str

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion: ...


class LocalSettings(BaseModel):
    """How to run the local model."""

    model_path: str | None = Field(
        default=None, description="GGUF file; default: $ASKWHY_GGUF, else the bundled model."
    )
    threads: int = Field(default=2, ge=1, le=256, description="CPU threads for llama.cpp.")
    context: int = Field(default=4096, ge=512, description="Context window in tokens.")
    max_tokens: int = Field(default=192, ge=16, description="Tokens per generated tool call.")
    retries: int = Field(default=1, ge=0, le=5, description="Retries of a rejected call.")
    timeout: float = Field(
        default=120.0,
        gt=0,
        le=3600,
        description="Seconds for one model reply (the first one includes loading the model); "
        "the model's process is stopped when it takes longer.",
    )
    seed: int = 0


def default_threads() -> int:
    """$ASKWHY_THREADS, else the CPU count capped at 4 (decode speed stops growing there)."""
    value = os.environ.get(THREADS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def default_timeout() -> float | None:
    """$ASKWHY_LOCAL_TIMEOUT in seconds, else None (LocalSettings' default)."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:
        raise LocalModelError(f"{TIMEOUT_ENV} must be a number of seconds (0-3600], got {value!r}.")
    return seconds


def llama_installed() -> bool:
    """True when llama-cpp-python can be imported (without importing it)."""
    return importlib.util.find_spec("llama_cpp") is not None


def llama_version() -> str | None:
    """The installed llama-cpp-python version, read from its metadata (nothing imported)."""
    try:
        return metadata.version(LLAMA_PACKAGE)
    except metadata.PackageNotFoundError:
        return None


class LlamaBackend:
    """A GGUF model run by llama-cpp-python; loaded on the first reply, then kept.

    Picklable until its first reply, so that a worker process can receive it and load the
    model there."""

    def __init__(self, model_path: str | Path, settings: LocalSettings | None = None):
        self.model_path = Path(model_path)
        self.settings = settings or LocalSettings()
        self.name = self.model_path.name
        self._llama: Any = None
        self._grammars: dict[str, Any] = {}

    def llama(self) -> Any:
        if self._llama is None:
            if not llama_installed():
                raise LocalModelError(LLAMA_HINT)
            from llama_cpp import Llama

            s = self.settings
            try:
                self._llama = Llama(
                    model_path=str(self.model_path),
                    n_ctx=s.context,
                    n_threads=s.threads,
                    n_threads_batch=s.threads,
                    seed=s.seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as err:
                raise LocalModelError(
                    f"llama.cpp could not load {self.model_path}: {err}. Check that it is a "
                    "GGUF model file llama.cpp supports."
                ) from None
        return self._llama

    def grammar(self, schema: dict[str, Any]) -> Any:
        """The llama.cpp grammar of a schema (kept per schema: the same data -> one build)."""
        key = json.dumps(schema)
        if key not in self._grammars:
            from llama_cpp import LlamaGrammar

            self._grammars = {key: LlamaGrammar.from_string(schema_gbnf(schema), verbose=False)}
        return self._grammars[key]

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion:
        reply = self.llama().create_chat_completion(
            messages=messages,
            grammar=self.grammar(schema),
            temperature=0.0,
            max_tokens=max_tokens,
            seed=self.settings.seed,
        )
        usage = reply.get("usage") or {}
        return Completion(
            text=reply["choices"][0]["message"].get("content") or "",
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )


def schema_gbnf(schema: dict[str, Any]) -> str:
    """The llama.cpp grammar (GBNF) of a step schema, properties in the schema's own order
    ("tool" before "args", the variables first); the converter would otherwise order them
    alphabetically."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    return json_schema_to_gbnf(json.dumps(schema), prop_order=schema_property_order(schema))
