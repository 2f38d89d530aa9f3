"""The local planner: a small instruction model run by llama.cpp (optional extra).

Per question: find the columns the question mentions, build the step schema from the tool
registry (planning.local.grammar), let the model write one grammar-constrained tool call, drop
conditioning variables the question never mentions, fill in the analysis settings (the
session's, overridden by the question's words), run the tool, and hand back the Plan, exactly
as the other planners do. A call the tools reject is retried once with the error shown to the
model.

`Backend` (planning.local.backend) is the seam: by default a `LlamaBackend` (a GGUF file run by
llama-cpp-python) inside a `WorkerBackend` (planning.local.worker), its own process, so that a
native crash of llama.cpp is an error message and not the end of askwhy; tests pass a scripted
backend instead.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from string import Template
from typing import Any

from askwhy.errors import AskwhyError
from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.llm.fixed import fixed_settings, question_settings, settings_note
from askwhy.planning.llm.prompts import load_prompt, question_message
from askwhy.planning.llm.usage import ModelUsage
from askwhy.planning.local.backend import (
    LLAMA_HINT,
    Backend,
    Completion,
    LlamaBackend,
    LocalModelError,
    LocalSettings,
    default_threads,
    default_timeout,
    llama_installed,
    schema_gbnf,
)
from askwhy.planning.local.grammar import (
    StepCall,
    drop_unmentioned,
    mentioned_columns,
    parse_step,
    step_schema,
)
from askwhy.planning.local.worker import WorkerBackend
from askwhy.tools.langchain import offered_tools
from askwhy.tools.registry import Tool

__all__ = [  # the backend names are re-exported: callers import them from here
    "Backend",
    "Completion",
    "LlamaBackend",
    "LocalModelError",
    "LocalPlanner",
    "LocalSettings",
    "WorkerBackend",
    "default_threads",
    "llama_installed",
    "make_local_planner",
    "schema_gbnf",
    "system_prompt",
]

SYSTEM_PROMPT = "local_system.md"
GUIDANCE_PROMPT = "tool_guidance.md"
RETRY_MESSAGE = "That call failed: {error} Reply with a corrected call."


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
            model = LlamaBackend(resolve_model_path(self.settings.model_path), self.settings)
            backend = WorkerBackend(model, timeout=self.settings.timeout)
        self.backend = backend

    def close(self) -> None:
        """Stop the model's worker process, if it has one (also done at exit)."""
        close = getattr(self.backend, "close", None)
        if callable(close):
            close()

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
    model), threads (else $ASKWHY_THREADS, else up to 4), timeout (else $ASKWHY_LOCAL_TIMEOUT,
    else 120 s per reply) and any other LocalSettings field."""
    options = {"timeout": default_timeout(), **options}
    settings = LocalSettings(
        model_path=str(model_path) if model_path else None,
        threads=threads or default_threads(),
        **{k: v for k, v in options.items() if v is not None},
    )
    return LocalPlanner(settings=settings)
