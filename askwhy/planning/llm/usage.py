"""Model calls, tokens and seconds for one question, and the LangChain middleware that meters
them, keeps the loop within its budget (model calls, tool calls, seconds, reply size) and
retries a malformed reply once.

The record becomes the planner's own steps (`ModelUsage.steps`): one per model call and a
total; they go to `Answer.planner_steps`, never into the tool trace.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from askwhy.answer import PlannerStep
from askwhy.errors import AskwhyError
from askwhy.planning.llm.budget import LIMIT_NAMES, Budget, Overtime
from askwhy.planning.llm.errors import LLMError, one_line

STOP_TEXT = "Stopped: a limit was reached before the model finished."
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
    stopped: str = ""  # the limit that stopped the loop (a budget.LIMITS key), "" if none
    tool_calls_dropped: int = 0  # asked for past the tool-call limit, never run

    @property
    def stopped_at_limit(self) -> bool:
        return bool(self.stopped)

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
        if self.stopped:
            text += f", stopped at {LIMIT_NAMES.get(self.stopped, self.stopped)}"
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
            "stopped": self.stopped,
            "tool_calls_dropped": self.tool_calls_dropped,
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
        name = one_line(str(invalid[0].get("name")))[:80]
        return f"the arguments of tool call '{name}' are not valid JSON"
    if not getattr(message, "tool_calls", None) and not final_text([message]):
        return "the reply was empty"
    return None


def parse_problem(err: BaseException) -> str:
    """Why the server's response could not be turned into a reply, in a few words."""
    if isinstance(err, IndexError):
        return "the server's response had no message in it (an empty `choices` list)"
    return f"the server's response could not be parsed: {one_line(str(err))}"


def malformed_message(problem: str) -> str:
    """The LLMError message when the retry was no better."""
    advice = (
        "Check that --base-url points at an OpenAI-compatible /v1 endpoint, or try again."
        if problem.startswith("the server's response")
        else "Try again, or use a model with reliable tool calling."
    )
    return f"The model's reply was malformed twice in a row ({problem}). {advice}"


def outcome_of(message: Any) -> str:
    """What a usable reply did, in a few words."""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        names = ", ".join(one_line(str(c.get("name")))[:80] for c in calls[:5])
        return "asked for " + names + (f" and {len(calls) - 5} more" if len(calls) > 5 else "")
    return "replied in text"


def metering(usage: ModelUsage, budget: Budget) -> Any:
    """Middleware: record each model call (tokens, seconds, outcome) in `usage`; keep the
    loop within `budget` (stop before a call past the step or time limit, run no more tool
    calls than the tool-call limit allows, however many one reply asks for; give each call a
    deadline); retry a malformed reply once, telling the model what was wrong, and raise
    LLMError when the retry is malformed too."""
    import openai
    from langchain.agents.middleware import wrap_model_call
    from langchain_core.messages import AIMessage, HumanMessage

    from askwhy.planning.llm.transport import ReplyTooLarge

    unusable = (openai.APIResponseValidationError, ValueError, KeyError, TypeError, IndexError)

    def stop(reason: str) -> Any:
        usage.stopped = reason
        return AIMessage(content=STOP_TEXT)

    @wrap_model_call(name="AskwhyMeter")
    def meter(request: Any, handler: Callable[[Any], Any]) -> Any:
        if len(usage.calls) >= budget.max_steps:
            return stop("steps")
        if budget.time_is_up():
            return stop("time")
        problem = ""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                response = budget.call_within(functools.partial(handler, request))
            except (Overtime, openai.APITimeoutError) as err:
                seconds = budget.deadline.seconds
                outcome = f"no reply within {seconds:g} s"
                usage.record(time.perf_counter() - started, outcome=outcome)
                if budget.time_is_up():
                    return stop("time")
                if isinstance(err, Overtime):
                    raise LLMError(
                        f"The model did not reply within {seconds:g} s. Raise `timeout` under "
                        "[llm] in the config file, or use a faster model."
                    ) from None
                raise
            except ReplyTooLarge:
                usage.record(time.perf_counter() - started, outcome="reply too large, not read")
                return stop("reply_size")
            except unusable as err:
                problem = parse_problem(err)
                usage.record(time.perf_counter() - started, outcome=f"unusable: {problem}")
            except (openai.OpenAIError, AskwhyError, AssertionError):
                raise  # the server's errors (described by model_errors), ours, test doubles'
            except Exception as err:  # anything else the client chokes on is a bad reply
                problem = f"the reply could not be used ({type(err).__name__}: {err})"
                problem = one_line(problem)
                usage.record(time.perf_counter() - started, outcome=f"unusable: {problem}")
            else:
                message = _ai_message(response)
                problem = malformed_problem(message) or ""
                outcome = f"unusable: {problem}" if problem else outcome_of(message)
                usage.record_message(time.perf_counter() - started, message, outcome)
                if not problem:
                    return _within_tool_budget(response, message, usage, budget, stop)
            if attempt == 1:
                usage.malformed_retries += 1
                hint = HumanMessage(MALFORMED_HINT.format(problem=problem))
                request = request.override(messages=[*request.messages, hint])
        raise LLMError(malformed_message(problem))

    return meter


def _within_tool_budget(
    response: Any, message: Any, usage: ModelUsage, budget: Budget, stop: Callable[[str], Any]
) -> Any:
    """The reply, with its tool calls cut to what the budget still allows."""
    calls = list(getattr(message, "tool_calls", None) or [])
    if not calls:
        return response
    granted = budget.grant(len(calls))
    if granted == len(calls):
        return response
    usage.tool_calls_dropped += len(calls) - granted
    if granted == 0:
        return stop("tool_calls")
    kept = calls[:granted]
    ids = {call.get("id") for call in kept}
    extra = dict(message.additional_kwargs)
    if isinstance(extra.get("tool_calls"), list):
        extra["tool_calls"] = [c for c in extra["tool_calls"] if c.get("id") in ids]
    return message.model_copy(update={"tool_calls": kept, "additional_kwargs": extra})


def _ai_message(response: Any) -> Any:
    if hasattr(response, "result"):
        return next((m for m in response.result if getattr(m, "type", "") == "ai"), None)
    if hasattr(response, "model_response"):
        return _ai_message(response.model_response)
    return response
