"""The LLM planner: LangChain `create_agent` with native tool calling over the tool registry.

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio).
The model only chooses tool calls; the Answer's `answer` and `kind` come from the tool
results (the Session composes it), and the model's closing words become `Plan.model_text`.
Analysis settings are not the model's to choose: each tool gets the session's settings,
overridden by the ones the question names (the independence test included: "auto" picks it
from the column types, so the model never needs to). Each question has a budget of model
calls, tool calls and seconds (askwhy.planning.llm.budget); the closing words are dropped
when they claim an action the trace does not show (askwhy.planning.llm.claims). LangChain and
openai are imported only when this planner runs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.llm.budget import (
    Budget,
    BudgetSpent,
    Deadline,
    dropped_note,
    stop_error,
    stop_note,
)
from askwhy.planning.llm.claims import Done, checked_summary
from askwhy.planning.llm.config import LLMSettings, load_llm_settings
from askwhy.planning.llm.errors import LLMError, model_errors
from askwhy.planning.llm.fixed import fixed_settings, question_settings, settings_note
from askwhy.planning.llm.prompts import question_message, system_prompt
from askwhy.planning.llm.tool_messages import error_for_model, tool_output
from askwhy.planning.llm.usage import ModelUsage, final_text, metering
from askwhy.tools.registry import ToolRegistry
from askwhy.tools.results import ToolResult

__all__ = ["LLMError", "LLMPlanner", "decisive_last", "system_prompt"]


class LLMPlanner:
    """Plans tool calls with a chat model; hands back the same kind of Plan as the rules."""

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
        self._deadline = Deadline()  # of the model call in progress; the HTTP client reads it

    @property
    def model_name(self) -> str:
        if self.settings.model:
            return self.settings.model
        return str(getattr(self._chat_model, "model_name", type(self._chat_model).__name__))

    def chat_model(self) -> Any:
        """The LangChain chat model: the injected one, or ChatOpenAI from the settings, over
        an HTTP client that holds each request to its deadline and caps the reply's size."""
        if self._chat_model is None:
            from langchain_openai import ChatOpenAI

            from askwhy.planning.llm.transport import http_client

            s = self.settings
            proxy = os.environ.get("OPENAI_PROXY") or None  # ChatOpenAI's own proxy variable
            options: dict[str, Any] = {"max_tokens": s.max_reply_tokens}
            if s.temperature is not None:
                options["temperature"] = s.temperature
            self._chat_model = ChatOpenAI(
                model=s.require_model(),
                base_url=s.base_url,
                api_key=s.resolved_api_key(),
                timeout=s.timeout,  # per read; the deadline bounds the whole request
                max_retries=s.max_retries,
                http_client=http_client(self._deadline, proxy=proxy),
                openai_proxy=None,  # given to the client above (ChatOpenAI refuses both)
                use_responses_api=False,  # chat completions: what compatible servers speak
                **options,
            )
        return self._chat_model

    def plan(self, question: str, context: PlannerContext) -> Plan:
        """Let the model call tools through `context` until it answers in text."""
        from langchain.agents import create_agent
        from langchain_core.messages import HumanMessage
        from langgraph.errors import GraphRecursionError

        from askwhy.tools.langchain import langchain_tools

        settings = question_settings(question, context.settings)
        columns = context.dataset().columns
        budget = Budget.for_question(self.settings, self._deadline)
        results: list[ToolResult] = []
        ran: list[str] = []

        def call(tool: str, **args: Any) -> ToolResult:
            refused = self._refusal(budget, len(ran))
            if refused:
                raise BudgetSpent(refused)
            ran.append(tool)
            result = context.call(tool, **args)
            results.append(result)
            return result

        tools = langchain_tools(
            context.registry,
            call,
            self.tools,
            fixed=lambda tool: fixed_settings(tool, settings),
            render=tool_output,
            on_error=lambda err: error_for_model(err, columns),
        )
        usage = ModelUsage(model=self.model_name)
        agent = create_agent(
            self.chat_model(),
            tools,
            system_prompt=system_prompt(),
            middleware=[metering(usage, budget)],
        )
        state: dict[str, Any] = {}
        with model_errors(self.settings):
            try:
                state = agent.invoke(
                    {"messages": [HumanMessage(question_message(question, context))]},
                    config={"recursion_limit": 3 * self.settings.max_steps + 5},
                )
            except GraphRecursionError:
                usage.stopped = "steps"
        if usage.stopped and not results:
            raise LLMError(stop_error(usage.stopped, self.settings))
        closing = "" if usage.stopped else final_text(state.get("messages", []))
        model_text, claim_note = checked_summary(closing, _done(results, context, columns))
        return Plan(
            results=decisive_last(results, context.registry),
            planner=self.name,
            notes=self._notes(question, usage, budget, claim_note),
            steps=usage.steps(self.name),
            model_text=model_text,
        )

    def _refusal(self, budget: Budget, ran: int) -> str:
        """Why no more tools may run ("" when they may): a backstop to the middleware,
        which already cuts a reply's tool calls to what the budget allows."""
        if budget.time_is_up():
            return (
                f"The time limit for this question ({self.settings.question_timeout:g} s) is "
                "used up: no more tools run. Answer now from the results you have."
            )
        if ran >= self.settings.max_tool_calls:
            return (
                f"The tool-call limit for this question ({self.settings.max_tool_calls}) is "
                "reached: no more tools run. Answer now from the results you have."
            )
        return ""

    def _notes(self, question: str, usage: ModelUsage, budget: Budget, claims: str) -> list[str]:
        notes = [note] if (note := settings_note(question)) else []
        if usage.stopped:
            notes.append(stop_note(usage.stopped, self.settings, budget.tool_calls_asked))
        elif usage.tool_calls_dropped:
            notes.append(dropped_note(budget.tool_calls_asked, self.settings))
        if usage.malformed_retries:
            notes.append("A malformed model reply was retried.")
        if claims:
            notes.append(claims)
        return notes


def _done(results: list[ToolResult], context: PlannerContext, columns: Sequence[str]) -> Done:
    """What the tool results show was done, for checking the model's closing words."""
    registry = context.registry
    tools = [r.tool for r in results]
    writers = [t for t in tools if t in registry and registry.get(t).writes_files]
    graphs = [r.graph_name for r in results if r.graph_name]
    return Done.of(tools, writers, graphs, columns)


def decisive_last(results: list[ToolResult], registry: ToolRegistry) -> list[ToolResult]:
    """Results reordered so the last result of a non-context tool (the answer) comes last;
    context tools (describe_data, list_graphs) only inform the model."""
    for index in range(len(results) - 1, -1, -1):
        tool = results[index].tool
        if tool not in registry or not registry.get(tool).context:
            return [*results[:index], *results[index + 1 :], results[index]]
    return list(results)
