"""The local planner: a small instruction model run in-process by llama.cpp (optional extra).

Per question: find the columns the question mentions, build the step schema from the tool
registry (planning.local.grammar), let the model write one grammar-constrained tool call, drop
conditioning variables the question never mentions, fill in the analysis settings (the
session's, overridden by the question's words), run the tool, and hand back the Plan, exactly
as the other planners do. A call the tools reject is retried once with the error shown to the
model.

`Backend` is the seam: `LlamaBackend` runs a GGUF file with llama-cpp-python (imported only
when the first question is asked); tests pass a scripted backend instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from string import Template
from typing import Any, Protocol

from pydantic import BaseModel, Field

from askwhy.errors import AskwhyError
from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.llm.fixed import fixed_settings, question_settings, settings_note
from askwhy.planning.llm.prompts import load_prompt, question_message
from askwhy.planning.llm.usage import ModelUsage
from askwhy.planning.local.grammar import (
    StepCall,
    drop_unmentioned,
    mentioned_columns,
    parse_step,
    schema_property_order,
    step_schema,
)
from askwhy.tools.langchain import offered_tools
from askwhy.tools.registry import Tool

SYSTEM_PROMPT = "local_system.md"
GUIDANCE_PROMPT = "tool_guidance.md"
RETRY_MESSAGE = "That call failed: {error} Reply with a corrected call."
THREADS_ENV = "ASKWHY_THREADS"
LLAMA_HINT = (
    'The local planner needs llama-cpp-python: pip install "askwhy[local]" (it compiles '
    "llama.cpp, about 10-15 minutes), or use --planner rules."
)


class LocalModelError(AskwhyError):
    """The local model is not installed, cannot be loaded, or gave no usable call."""


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
    seed: int = 0


def default_threads() -> int:
    """$ASKWHY_THREADS, else the CPU count capped at 4 (decode speed stops growing there)."""
    value = os.environ.get(THREADS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def llama_installed() -> bool:
    """True when llama-cpp-python can be imported (without importing it)."""
    return importlib.util.find_spec("llama_cpp") is not None


class LlamaBackend:
    """A GGUF model run by llama-cpp-python; loaded on the first reply, then kept."""

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


def system_prompt(tools: Sequence[Tool]) -> str:
    """The short system prompt for a small model: rules, tools, guidance, examples."""
    listing = "\n".join(f"- {tool.name}: {tool.description}" for tool in tools)
    return Template(load_prompt(SYSTEM_PROMPT)).substitute(
        tools=listing, guidance=load_prompt(GUIDANCE_PROMPT).strip()
    )


class LocalPlanner:
    """Plans one tool call per question with a local model under a JSON-schema grammar."""

    name = "local"

    def __init__(self, backend: Backend | None = None, settings: LocalSettings | None = None):
        self.settings = settings or LocalSettings(threads=default_threads())
        if backend is None:
            from askwhy.planning.local.weights import resolve_model_path

            if not llama_installed():
                raise LocalModelError(LLAMA_HINT)
            backend = LlamaBackend(resolve_model_path(self.settings.model_path), self.settings)
        self.backend = backend

    def plan(self, question: str, context: PlannerContext) -> Plan:
        """Let the model write one tool call (retried with the error when it is rejected)."""
        columns = context.dataset().columns
        mentioned = mentioned_columns(question, columns)
        tools = offered_tools(context.registry)
        schema = step_schema(tools, columns, mentioned, context.graph_names())
        messages = [
            {"role": "system", "content": system_prompt(tools)},
            {"role": "user", "content": question_message(question, context)},
        ]
        settings = question_settings(question, context.settings)
        usage = ModelUsage(model=self.backend.name)
        for attempt in range(self.settings.retries + 1):
            text = self._complete(messages, schema, usage)
            try:
                call = parse_step(text, schema)
                tool = context.registry.get(call.tool)
                call, dropped = drop_unmentioned(call, tool, question, mentioned)
                args = {**call.args, **fixed_settings(tool, settings)}  # fixed settings win
                result = context.call(call.tool, **args)
            except AskwhyError as err:
                usage.calls[-1].outcome = f"rejected: {err}"
                if attempt == self.settings.retries:
                    raise LocalModelError(
                        f"The local model did not produce a usable tool call ({err}). Rephrase "
                        "the question with the exact column names, or use --planner rules."
                    ) from None
                usage.malformed_retries += 1
                messages += [
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": RETRY_MESSAGE.format(error=err)},
                ]
                continue
            chosen = StepCall(tool=call.tool, args=call.args).describe()
            usage.calls[-1].outcome = f"chose {chosen}"
            notes = [f"The local model chose: {chosen}.", *dropped]
            break
        if note := settings_note(question):
            notes.append(note)
        if usage.malformed_retries:
            notes.append("A rejected model call was retried.")
        return Plan(results=[result], planner=self.name, notes=notes, steps=usage.steps(self.name))

    def _complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], usage: ModelUsage
    ) -> str:
        started = time.perf_counter()
        try:
            completion = self.backend.complete(messages, schema, self.settings.max_tokens)
        except Exception:
            usage.record(time.perf_counter() - started, outcome="failed")
            raise
        usage.record(
            time.perf_counter() - started, completion.prompt_tokens, completion.completion_tokens
        )
        return completion.text


def make_local_planner(
    model_path: str | Path | None = None, threads: int | None = None, **options: Any
) -> LocalPlanner:
    """The local planner from CLI options: model_path (else $ASKWHY_GGUF, else the bundled
    model), threads (else $ASKWHY_THREADS, else up to 4), and any other LocalSettings field."""
    settings = LocalSettings(
        model_path=str(model_path) if model_path else None,
        threads=threads or default_threads(),
        **{k: v for k, v in options.items() if v is not None},
    )
    return LocalPlanner(settings=settings)
