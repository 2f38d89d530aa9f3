"""The local planner: a small instruction model run in-process by llama.cpp (optional extra).

Per question: find the columns the question mentions, build the step schema from the tool
registry (planning.local.grammar), let the model write one grammar-constrained tool call, drop
conditioning variables the question never mentions, run the tool, and compose the Answer
from its result, exactly as the other planners do. A call the tools reject is retried once
with the error shown to the model.

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
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, Field

from askwhy.answer import Answer
from askwhy.errors import AskwhyError
from askwhy.planning.compose import compose_answer
from askwhy.planning.llm.planner import ModelUsage, load_prompt, model_tool_names, question_message
from askwhy.planning.local.grammar import (
    StepCall,
    analysis_settings,
    drop_unmentioned,
    mentioned_columns,
    parse_step,
    step_schema,
)
from askwhy.tools.registry import Tool

if TYPE_CHECKING:
    from askwhy.session import Session

SYSTEM_PROMPT = "local_system.md"
GUIDANCE_PROMPT = "tool_guidance.md"
RETRY_MESSAGE = "That call failed: {error} Reply with a corrected call."
THREADS_ENV = "ASKWHY_THREADS"
# The order the model writes a call in: the tool first, then the variables, then the rest.
PROPERTY_ORDER = ("tool", "args", "x", "y", "treatment", "outcome", "relation", "variables")
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
    """The llama.cpp grammar (GBNF) of a step schema, with "tool" written before "args"
    (the converter would otherwise order properties alphabetically)."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    return json_schema_to_gbnf(json.dumps(schema), prop_order=list(PROPERTY_ORDER))


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

    def answer(self, question: str, session: Session) -> Answer:
        dataset = session.dataset()
        columns = dataset.columns
        mentioned = mentioned_columns(question, columns)
        graphs = [str(entry["name"]) for entry in session.store.list()]
        tools = [session.registry.get(name) for name in model_tool_names(session)]
        schema = step_schema(tools, columns, mentioned, graphs)
        messages = [
            {"role": "system", "content": system_prompt(tools)},
            {"role": "user", "content": question_message(question, session)},
        ]
        usage = ModelUsage(model=self.backend.name)
        notes: list[str] = []
        for attempt in range(self.settings.retries + 1):
            text = self._complete(messages, schema, usage)
            try:
                call = parse_step(text, schema)
                call, dropped = drop_unmentioned(call, question, mentioned)
                args = self._with_settings(call, question, session)
                result = session.call(call.tool, **args)
            except AskwhyError as err:
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
            notes = [f"The local model chose: {StepCall(tool=call.tool, args=args).describe()}."]
            notes += dropped
            break
        if usage.malformed_retries:
            notes.append("A rejected model call was retried.")
        step = usage.trace_step()
        step.tool = "local_llm"
        trace = [*session.take_trace(), step]
        return compose_answer(question, [result], trace, self.name, notes=[*notes, *dataset.notes])

    def _complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], usage: ModelUsage
    ) -> str:
        started = time.perf_counter()
        try:
            completion = self.backend.complete(messages, schema, self.settings.max_tokens)
        finally:
            usage.calls += 1
            usage.seconds += time.perf_counter() - started
        usage.input_tokens += completion.prompt_tokens
        usage.output_tokens += completion.completion_tokens
        return completion.text

    @staticmethod
    def _with_settings(call: StepCall, question: str, session: Session) -> dict[str, Any]:
        """The call's args plus settings the question names, else the session's defaults."""
        tool = session.registry.get(call.tool)
        return {**analysis_settings(question, tool, session.defaults), **call.args}


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
