"""The LLM planner: LangChain `create_agent` with native tool calling over the tool registry.

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio).
The model only chooses tool calls; the Answer's `answer` and `kind` come from the tool
results (the Session composes it), and the model's closing words become `Plan.model_text`.
Analysis settings are not the model's to choose: each tool gets the session's settings,
overridden by the ones the question names. LangChain and openai are imported only when this
planner runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.llm.config import LLMSettings, load_llm_settings
from askwhy.planning.llm.errors import LLMError, model_errors
from askwhy.planning.llm.fixed import fixed_settings, question_settings, settings_note
from askwhy.planning.llm.prompts import question_message, system_prompt
from askwhy.planning.llm.tool_messages import error_for_model, tool_output
from askwhy.planning.llm.usage import STEP_LIMIT_TEXT, ModelUsage, final_text, metering
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

    def plan(self, question: str, context: PlannerContext) -> Plan:
        """Let the model call tools through `context` until it answers in text."""
        from langchain.agents import create_agent
        from langchain_core.messages import HumanMessage
        from langgraph.errors import GraphRecursionError

        from askwhy.tools.langchain import langchain_tools

        settings = question_settings(question, context.settings)
        columns = context.dataset().columns
        results: list[ToolResult] = []

        def call(tool: str, **args: Any) -> ToolResult:
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
            middleware=[metering(usage, self.settings.max_steps)],
        )
        state: dict[str, Any] = {}
        with model_errors(self.settings):
            try:
                state = agent.invoke(
                    {"messages": [HumanMessage(question_message(question, context))]},
                    config={"recursion_limit": 3 * self.settings.max_steps + 5},
                )
            except GraphRecursionError:
                usage.stopped_at_limit = True
        if usage.stopped_at_limit and not results:
            raise LLMError(
                f"The model did not finish within {self.settings.max_steps} steps and ran no "
                "analysis. Ask a more specific question, use --planner rules, or raise "
                "max_steps in the config file."
            )
        closing = final_text(state.get("messages", []))
        return Plan(
            results=decisive_last(results, context.registry),
            planner=self.name,
            notes=self._notes(question, usage),
            steps=usage.steps(self.name),
            model_text="" if closing == STEP_LIMIT_TEXT else closing,
        )

    def _notes(self, question: str, usage: ModelUsage) -> list[str]:
        notes = [note] if (note := settings_note(question)) else []
        if usage.stopped_at_limit:
            notes.append(
                f"The model was stopped after {self.settings.max_steps} steps (the step limit); "
                "the answer uses the tool results it had by then."
            )
        if usage.malformed_retries:
            notes.append("A malformed model reply was retried.")
        return notes


def decisive_last(results: list[ToolResult], registry: ToolRegistry) -> list[ToolResult]:
    """Results reordered so the last result of a non-context tool (the answer) comes last;
    context tools (describe_data, list_graphs) only inform the model."""
    for index in range(len(results) - 1, -1, -1):
        tool = results[index].tool
        if tool not in registry or not registry.get(tool).context:
            return [*results[:index], *results[index + 1 :], results[index]]
    return list(results)
