"""The LLM planner: LangChain `create_agent` with native tool calling over the tool registry.

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio).
The model only chooses tool calls; the Answer's `answer` and `kind` come from the tool
results (compose_answer), and the model's closing words go into the explanation.
LangChain and openai are imported only when this planner runs.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from importlib import resources
from string import Template
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from askwhy.answer import Answer, TraceStep
from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.planning.compose import compose_answer
from askwhy.planning.llm.config import LLMSettings, load_llm_settings
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from askwhy.session import Session
    from askwhy.tools.registry import Tool

# Analysis settings the LLM planner fills in itself (session defaults, then the question's own
# words), so the model never spends tokens on them or gets them wrong.
SETTING_FIELDS = ("dataset", "algorithm", "test", "alpha", "method")

# Tools that write files are left out unless asked for by name.
WRITE_TOOLS = frozenset({"export_graph"})
# Tools that gather context; the answer comes from the last other tool called.
HELPER_TOOLS = frozenset({"describe_data", "list_graphs"})
PROMPT_FILES = ("system.md", "tool_guidance.md", "examples.md")
MAX_TOOL_OUTPUT_CHARS = 6000
HISTORY_TURNS = 5
STEP_LIMIT_TEXT = "Stopped: the step limit was reached before the model finished."
MALFORMED_HINT = (
    "Your last reply could not be used ({problem}). Reply again: either call one tool with "
    "arguments as a valid JSON object, or answer in plain text."
)


class LLMError(AskwhyError):
    """The model could not be reached, or did not produce a usable reply."""


class ModelUsage(BaseModel):
    """Model calls, tokens and seconds for one question."""

    model: str
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    malformed_retries: int = 0
    stopped_at_limit: bool = False

    def add(self, message: Any) -> None:
        usage = getattr(message, "usage_metadata", None) or {}
        self.input_tokens += int(usage.get("input_tokens", 0) or 0)
        self.output_tokens += int(usage.get("output_tokens", 0) or 0)

    def trace_step(self) -> TraceStep:
        summary = (
            f"{self.calls} model call{'s' if self.calls != 1 else ''}, "
            f"{self.input_tokens + self.output_tokens} tokens ({self.input_tokens} in, "
            f"{self.output_tokens} out), {self.seconds:.2f} s in the model"
        )
        if self.malformed_retries:
            summary += f", malformed replies retried: {self.malformed_retries}"
        if self.stopped_at_limit:
            summary += ", stopped at the step limit"
        return TraceStep(
            tool="llm",
            args={"model": self.model},
            summary=summary,
            result=self.model_dump(exclude={"model", "seconds"})
            | {"total_tokens": self.input_tokens + self.output_tokens},
            seconds=self.seconds,
        )


# ---------------------------------------------------------------- prompts


def load_prompt(name: str) -> str:
    """A prompt file shipped in askwhy/prompts/."""
    return resources.files("askwhy").joinpath("prompts", name).read_text(encoding="utf-8")


def system_prompt() -> str:
    """System prompt + tool guidance + worked examples."""
    return "\n\n".join(load_prompt(name).strip() for name in PROMPT_FILES)


def question_message(question: str, session: Session) -> str:
    """The user message: dataset context, graphs in memory, earlier turns, the question."""
    dataset = session.dataset()
    columns = "\n".join(
        f"- {p.name}: {p.kind}" + (f" (categories: {p.categories})" if p.categories else "")
        for p in dataset.profiles.values()
    )
    graphs = [entry["name"] for entry in session.store.list()][-20:]
    defaults = ", ".join(f"{k}={v}" for k, v in session.defaults.items()) or "none"
    history = ""
    if session.history:
        lines = [
            f"- Q: {a.question} -> A: {a.answer}"
            + (f" (graph '{a.graph.name}')" if a.graph and a.graph.name else "")
            for a in session.history[-HISTORY_TURNS:]
        ]
        history = "Earlier in this conversation:\n" + "\n".join(lines) + "\n"
    return Template(load_prompt("question.md")).substitute(
        dataset=dataset.name,
        rows=len(dataset.frame),
        columns=columns,
        graphs=", ".join(graphs) or "none yet",
        defaults=defaults,
        history=history,
        question=question.strip(),
    )


# ---------------------------------------------------------------- tools


def tool_payload(result: ToolResult) -> dict[str, Any]:
    """What a caller (model, MCP client) sees of a tool result: JSON-ready."""
    payload = {"summary": result.summary, **result.model_dump(mode="json", exclude={"summary"})}
    payload.pop("tool", None)
    return payload


def tool_output(result: ToolResult) -> str:
    """The tool result as text for a model: what it needs to plan the next step, no more.

    The evidence and assumptions reach the user through the Answer, not through the model,
    so small-context models (4k tokens on many local servers) are not flooded.
    """
    short: dict[str, Any] = {"summary": result.summary}
    for key in ("answer", "witnesses", "definite", "possible", "sets"):
        if result.data.get(key):
            short[key] = result.data[key]
    if result.graph_name:
        short["graph_name"] = result.graph_name
    if result.warnings:
        short["warnings"] = result.warnings
    text = json.dumps(short, default=str)
    return (
        text
        if len(text) <= MAX_TOOL_OUTPUT_CHARS
        else json.dumps({"summary": result.summary[:MAX_TOOL_OUTPUT_CHARS]})
    )


def error_for_model(err: AskwhyError, session: Session) -> str:
    """The error text sent back to the model; argument errors list the valid columns."""
    message = str(err)
    if isinstance(err, ToolArgumentError) and "Columns in the data" not in message:
        try:
            columns = session.dataset().columns
        except AskwhyError:
            return message
        message += f" Columns in the data: {', '.join(columns)}."
    return message


def model_tool_names(session: Session, names: Sequence[str] | None = None) -> list[str]:
    """The tool names to offer: `names`, or every registry tool that writes no files."""
    if names is not None:
        for name in names:
            session.registry.get(name)  # raises listing the real tools
        return list(names)
    return [name for name in session.registry.names() if name not in WRITE_TOOLS]


def build_langchain_tools(
    session: Session,
    names: Sequence[str] | None = None,
    on_result: Callable[[ToolResult], None] | None = None,
    fixed_args: Callable[[Tool], dict[str, Any]] | None = None,
) -> list[BaseTool]:
    """The registry's tools as LangChain tools bound to `session` (no second copy of them).

    Arguments are validated by the registry (unknown column -> an error listing the columns),
    and errors go back to the caller as a ToolMessage with status "error". With `fixed_args`,
    the analysis settings (SETTING_FIELDS) are left out of the schemas the model sees and
    filled in from `fixed_args(tool)` instead: shorter prompts, and settings the model cannot
    get wrong.
    """
    from langchain_core.tools import StructuredTool

    lock = (
        threading.Lock()
    )  # a model may call several tools at once; the session is not shared-safe
    tools = []
    for name in model_tool_names(session, names):
        tool = session.registry.get(name)
        schema = tool.json_schema()
        fixed: dict[str, Any] = {}
        if fixed_args is not None:
            schema = _without_fields(schema, SETTING_FIELDS)
            fixed = fixed_args(tool)
        tools.append(
            StructuredTool(
                name=tool.name,
                description=tool.description,
                args_schema=schema,
                func=_runner(session, tool.name, on_result, lock, fixed),
                handle_tool_error=True,
            )
        )
    return tools


def _without_fields(schema: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    properties = {k: v for k, v in schema.get("properties", {}).items() if k not in fields}
    required = [k for k in schema.get("required", []) if k not in fields]
    return {**schema, "properties": properties, "required": required}


def _runner(
    session: Session,
    name: str,
    on_result: Callable[[ToolResult], None] | None,
    lock: threading.Lock,
    fixed: dict[str, Any] | None = None,
) -> Callable[..., str]:
    def run(**kwargs: Any) -> str:
        from langchain_core.tools import ToolException

        args = {**(fixed or {}), **{k: v for k, v in kwargs.items() if v is not None}}
        with lock:
            try:
                result = session.call(name, **args)
            except AskwhyError as err:
                raise ToolException(error_for_model(err, session)) from err
            if on_result is not None:
                on_result(result)
        return tool_output(result)

    return run


# ---------------------------------------------------------------- planner


class LLMPlanner:
    """Plans tool calls with a chat model; returns the same Answer as the rule planner."""

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings | None = None,
        chat_model: Any = None,
        tools: Sequence[str] | None = None,
    ):
        self.settings = settings if settings is not None else load_llm_settings()
        if chat_model is None:
            self.settings.require_model()
            self.settings.resolved_api_key()  # fail early, with a message, when no key
        self._chat_model = chat_model
        self.tools = list(tools) if tools is not None else None

    @property
    def model_name(self) -> str:
        if self.settings.model:
            return self.settings.model
        return str(getattr(self._chat_model, "model_name", type(self._chat_model).__name__))

    def chat_model(self) -> Any:
        """The LangChain chat model: the injected one, or ChatOpenAI from the settings."""
        if self._chat_model is None:
            from langchain_openai import ChatOpenAI

            s = self.settings
            options: dict[str, Any] = {}
            if s.temperature is not None:
                options["temperature"] = s.temperature
            self._chat_model = ChatOpenAI(
                model=s.require_model(),
                base_url=s.base_url,
                api_key=s.resolved_api_key(),
                timeout=s.timeout,
                max_retries=s.max_retries,
                use_responses_api=False,  # chat completions: what compatible servers speak
                **options,
            )
        return self._chat_model

    def answer(self, question: str, session: Session) -> Answer:
        """Let the model call tools on `session`, then compose the Answer from their results."""
        from langchain.agents import create_agent
        from langchain_core.messages import HumanMessage
        from langgraph.errors import GraphRecursionError

        from askwhy.planning.local.grammar import analysis_settings

        dataset = session.dataset()
        results: list[ToolResult] = []
        usage = ModelUsage(model=self.model_name)
        agent = create_agent(
            self.chat_model(),
            build_langchain_tools(
                session,
                self.tools,
                on_result=results.append,
                fixed_args=lambda tool: analysis_settings(question, tool, session.defaults),
            ),
            system_prompt=system_prompt(),
            middleware=[_meter(usage, self.settings.max_steps)],
        )
        state: dict[str, Any] = {}
        limit = 3 * self.settings.max_steps + 5
        with _model_errors(self.settings):
            try:
                state = agent.invoke(
                    {"messages": [HumanMessage(question_message(question, session))]},
                    config={"recursion_limit": limit},
                )
            except GraphRecursionError:
                usage.stopped_at_limit = True

        notes = [*dataset.notes]
        if usage.stopped_at_limit:
            if not results:
                raise LLMError(
                    f"The model did not finish within {self.settings.max_steps} steps and ran "
                    "no analysis. Ask a more specific question, use --planner rules, or raise "
                    "max_steps in the config file."
                )
            notes.append(
                f"The model was stopped after {self.settings.max_steps} steps (the step limit); "
                "the answer uses the tool results it had by then."
            )
        if usage.malformed_retries:
            notes.append("A malformed model reply was retried.")
        trace = [*session.take_trace(), usage.trace_step()]
        answer = compose_answer(question, decisive_last(results), trace, self.name, notes=notes)
        closing = final_text(state.get("messages", []))
        if closing and closing != STEP_LIMIT_TEXT:
            answer.explanation = f"{answer.explanation}\n\nModel's summary: {closing}"
        return answer


def decisive_last(results: list[ToolResult]) -> list[ToolResult]:
    """Results reordered so the last non-helper result (the answer) comes last."""
    for index in range(len(results) - 1, -1, -1):
        if results[index].tool not in HELPER_TOOLS:
            return [*results[:index], *results[index + 1 :], results[index]]
    return list(results)


def final_text(messages: Sequence[Any]) -> str:
    """The text of the last AI message, if any."""
    for message in reversed(messages):
        if getattr(message, "type", "") == "ai":
            text = message.text if isinstance(message.text, str) else message.text()
            return text.strip()
    return ""


def malformed_problem(message: Any) -> str | None:
    """Why a model reply cannot be used, or None when it is fine."""
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if invalid:
        first = invalid[0]
        return f"the arguments of tool call '{first.get('name')}' are not valid JSON"
    if not getattr(message, "tool_calls", None) and not final_text([message]):
        return "the reply was empty"
    return None


def _meter(usage: ModelUsage, max_steps: int) -> Any:
    """Middleware: count calls, tokens and seconds; enforce the step limit; retry a
    malformed reply once (telling the model what was wrong), then report it."""
    import openai
    from langchain.agents.middleware import wrap_model_call
    from langchain_core.messages import AIMessage, HumanMessage

    unusable = (openai.APIResponseValidationError, ValueError, KeyError, TypeError)

    @wrap_model_call(name="AskwhyMeter")
    def meter(request: Any, handler: Callable[[Any], Any]) -> Any:
        if usage.calls >= max_steps:
            usage.stopped_at_limit = True
            return AIMessage(content=STEP_LIMIT_TEXT)
        problem = ""
        for attempt in (1, 2):
            usage.calls += 1
            started = time.perf_counter()
            try:
                response = handler(request)
            except unusable as err:
                response, problem = None, f"the reply could not be parsed: {err}"
            finally:
                usage.seconds += time.perf_counter() - started
            if response is not None:
                message = _ai_message(response)
                usage.add(message)
                problem = malformed_problem(message) or ""
                if not problem:
                    return response
            if attempt == 1:
                usage.malformed_retries += 1
                hint = HumanMessage(MALFORMED_HINT.format(problem=problem))
                request = request.override(messages=[*request.messages, hint])
        raise LLMError(
            f"The model's reply was malformed twice in a row ({problem}). Try again, or use a "
            "model with reliable tool calling."
        )

    return meter


def _ai_message(response: Any) -> Any:
    if hasattr(response, "result"):
        return next((m for m in response.result if getattr(m, "type", "") == "ai"), None)
    if hasattr(response, "model_response"):
        return _ai_message(response.model_response)
    return response


class _model_errors:
    """Turn openai errors left after the client's retries into LLMError with advice."""

    def __init__(self, settings: LLMSettings):
        self.settings = settings

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, err: BaseException | None, tb: Any) -> bool:
        if err is None:
            return False
        import openai

        if not isinstance(err, openai.OpenAIError):
            return False
        raise LLMError(describe_model_error(err, self.settings)) from None


def describe_model_error(err: BaseException, settings: LLMSettings) -> str:
    """A message that says what went wrong with the model server and what to do."""
    import openai

    where = settings.base_url or "the OpenAI API"
    retries = f"after {settings.max_retries} retries"
    if isinstance(err, openai.APITimeoutError):
        return (
            f"The model at {where} did not reply within {settings.timeout:g} s ({retries}). "
            "Raise `timeout` under [llm] in the config file, or use a faster model."
        )
    if isinstance(err, openai.APIConnectionError):
        return (
            f"Could not connect to the model server at {where} ({retries}). Is it running? "
            "Check --base-url / OPENAI_BASE_URL."
        )
    if isinstance(err, openai.AuthenticationError):
        return f"The model server at {where} rejected the API key. Set OPENAI_API_KEY."
    if isinstance(err, openai.NotFoundError):
        return (
            f"Model '{settings.model}' was not found at {where}. Check --model / ASKWHY_MODEL "
            "(for Ollama, run `ollama pull NAME` first)."
        )
    if isinstance(err, openai.RateLimitError):
        return f"The model server at {where} is still rate-limiting ({retries}). Try later."
    if isinstance(err, openai.APIStatusError):
        return (
            f"The model server at {where} answered HTTP {err.status_code} ({retries}): "
            f"{err.message}"
        )
    return f"The model request failed: {err}"
