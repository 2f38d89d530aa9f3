"""Model calls, tokens and seconds for one question, and the LangChain middleware that meters
them, enforces the step limit and retries a malformed reply once.

The record becomes the planner's own steps (`ModelUsage.steps`): one per model call and a
total; they go to `Answer.planner_steps`, never into the tool trace.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from askwhy.answer import PlannerStep
from askwhy.planning.llm.errors import LLMError

STEP_LIMIT_TEXT = "Stopped: the step limit was reached before the model finished."
MALFORMED_HINT = (
    "Your last reply could not be used ({problem}). Reply again: either call one tool with "
    "arguments as a valid JSON object, or answer in plain text."
)


class ModelCall(BaseModel):
    """One request to the model and what came of it."""

    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    outcome: str = ""  # e.g. "asked for direct_cause", "replied in text", "unusable: ..."


class ModelUsage(BaseModel):
    """Every model call for one question, and how the loop ended."""

    model: str
    calls: list[ModelCall] = Field(default_factory=list)
    malformed_retries: int = 0
    stopped_at_limit: bool = False

    @property
    def input_tokens(self) -> int:
        return sum(c.input_tokens for c in self.calls)

    @property
    def output_tokens(self) -> int:
        return sum(c.output_tokens for c in self.calls)

    @property
    def seconds(self) -> float:
        return sum(c.seconds for c in self.calls)

    def record(
        self, seconds: float, input_tokens: int = 0, output_tokens: int = 0, outcome: str = ""
    ) -> ModelCall:
        call = ModelCall(
            input_tokens=input_tokens, output_tokens=output_tokens, seconds=seconds, outcome=outcome
        )
        self.calls.append(call)
        return call

    def record_message(self, seconds: float, message: Any, outcome: str) -> ModelCall:
        """A call whose reply is a LangChain AIMessage (tokens from its usage_metadata)."""
        usage = getattr(message, "usage_metadata", None) or {}
        return self.record(
            seconds,
            int(usage.get("input_tokens", 0) or 0),
            int(usage.get("output_tokens", 0) or 0),
            outcome,
        )

    def summary(self) -> str:
        n = len(self.calls)
        text = (
            f"{n} model call{'s' if n != 1 else ''}, "
            f"{self.input_tokens + self.output_tokens} tokens ({self.input_tokens} in, "
            f"{self.output_tokens} out), {self.seconds:.2f} s in the model"
        )
        if self.malformed_retries:
            text += f", malformed replies retried: {self.malformed_retries}"
        if self.stopped_at_limit:
            text += ", stopped at the step limit"
        return text

    def steps(self, planner: str) -> list[PlannerStep]:
        """One PlannerStep per model call, then the totals."""
        steps = [
            PlannerStep(
                planner=planner,
                summary=f"Model call {i}: {call.outcome or 'done'}.",
                details={
                    "model": self.model,
                    "input_tokens": call.input_tokens,
                    "output_tokens": call.output_tokens,
                },
                seconds=call.seconds,
            )
            for i, call in enumerate(self.calls, start=1)
        ]
        total = {
            "model": self.model,
            "calls": len(self.calls),
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "total_tokens": self.input_tokens + self.output_tokens,
            "malformed_retries": self.malformed_retries,
            "stopped_at_limit": self.stopped_at_limit,
        }
        steps.append(
            PlannerStep(
                planner=planner, summary=self.summary(), details=total, seconds=self.seconds
            )
        )
        return steps


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


def outcome_of(message: Any) -> str:
    """What a usable reply did, in a few words."""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return "asked for " + ", ".join(str(c.get("name")) for c in calls)
    return "replied in text"


def metering(usage: ModelUsage, max_steps: int) -> Any:
    """Middleware: record each model call (tokens, seconds, outcome) in `usage`; stop at
    `max_steps` calls; retry a malformed reply once, telling the model what was wrong, and
    raise LLMError when the retry is malformed too."""
    import openai
    from langchain.agents.middleware import wrap_model_call
    from langchain_core.messages import AIMessage, HumanMessage

    unusable = (openai.APIResponseValidationError, ValueError, KeyError, TypeError)

    @wrap_model_call(name="AskwhyMeter")
    def meter(request: Any, handler: Callable[[Any], Any]) -> Any:
        if len(usage.calls) >= max_steps:
            usage.stopped_at_limit = True
            return AIMessage(content=STEP_LIMIT_TEXT)
        problem = ""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                response = handler(request)
            except unusable as err:
                problem = f"the reply could not be parsed: {err}"
                usage.record(time.perf_counter() - started, outcome=f"unusable: {problem}")
            else:
                message = _ai_message(response)
                problem = malformed_problem(message) or ""
                outcome = f"unusable: {problem}" if problem else outcome_of(message)
                usage.record_message(time.perf_counter() - started, message, outcome)
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
