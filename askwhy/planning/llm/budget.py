"""What one question may spend: model calls, tool calls and seconds; the deadline of the model
call in progress; and a watchdog that stops waiting for a call that overruns it.

A budget that runs out stops the loop cleanly: the answer uses the tool results the model had,
with a note naming the limit (`stop_note`), or, when no analysis ran, an LLMError saying
which setting to raise (`stop_error`). Plain Python: nothing heavy is imported here.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from askwhy.errors import AskwhyError
from askwhy.planning.llm.config import LLMSettings

T = TypeVar("T")

MAX_REPLY_BYTES = 1_000_000  # a model reply larger than this is not read
WATCHDOG_GRACE = 1.0  # seconds past a call's deadline before the watchdog stops waiting

# Why the loop can stop early -> (the limit, in words; the setting that raises it).
LIMITS = {
    "steps": ("{max_steps} steps", "max_steps"),
    "tool_calls": ("{max_tool_calls} tool calls", "max_tool_calls"),
    "time": ("{question_timeout:g} s", "question_timeout"),
    "reply_size": (f"a reply of {MAX_REPLY_BYTES:,} bytes", ""),
}
LIMIT_NAMES = {
    "steps": "the step limit",
    "tool_calls": "the tool-call limit",
    "time": "the time limit for a question",
    "reply_size": "the size limit for a model reply",
}


class Overtime(Exception):
    """A call was still running when the watchdog stopped waiting for it."""


class BudgetSpent(AskwhyError):
    """A tool call refused because the question's budget is spent (sent back to the model)."""


@dataclass
class Deadline:
    """When the model call in progress must be over (time.monotonic()), None between calls.

    Shared by the metering middleware, which sets it around each call, and the HTTP client,
    which enforces it on every read (askwhy.planning.llm.transport).
    """

    at: float | None = None
    seconds: float = 0.0  # how long the call in progress was given

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0


@dataclass
class Budget:
    """The limits of one question and what has been spent of them."""

    max_steps: int
    max_tool_calls: int
    seconds: float  # the whole question
    call_seconds: float  # one model call, retries included
    deadline: Deadline = field(default_factory=Deadline)
    started: float = field(default_factory=time.monotonic)
    tool_calls: int = 0  # granted to the model so far (each runs at most once)
    tool_calls_asked: int = 0  # asked for by the model, granted or not

    @classmethod
    def for_question(cls, settings: LLMSettings, deadline: Deadline | None = None) -> Budget:
        return cls(
            max_steps=settings.max_steps,
            max_tool_calls=settings.max_tool_calls,
            seconds=settings.question_timeout,
            call_seconds=settings.timeout,
            deadline=deadline if deadline is not None else Deadline(),
        )

    def time_left(self) -> float:
        return self.started + self.seconds - time.monotonic()

    def time_is_up(self) -> bool:
        return self.time_left() <= 0

    def tool_calls_left(self) -> int:
        return max(0, self.max_tool_calls - self.tool_calls)

    def grant(self, asked: int) -> int:
        """How many of `asked` tool calls may run; counts them as spent."""
        granted = min(asked, self.tool_calls_left())
        self.tool_calls += granted
        self.tool_calls_asked += asked
        return granted

    def call_within(self, fn: Callable[[], T]) -> T:
        """fn() as one model call: the deadline set to the call's share of the time left,
        and a watchdog that raises Overtime a little after it (HTTP reads stop at it)."""
        seconds = max(0.0, min(self.call_seconds, self.time_left()))
        self.deadline.seconds = seconds
        self.deadline.at = time.monotonic() + seconds
        try:
            return run_within(seconds + WATCHDOG_GRACE, fn)
        finally:
            self.deadline.at = None


def run_within(seconds: float, fn: Callable[[], T]) -> T:
    """fn()'s result (or its exception), or Overtime once `seconds` have passed. fn runs in a
    daemon thread with the caller's context variables; an overrunning one is left to end on
    its own (HTTP requests end at their deadline)."""
    outcome: dict[str, object] = {}
    context = contextvars.copy_context()

    def target() -> None:
        try:
            outcome["value"] = context.run(fn)
        except BaseException as err:  # handed to the caller below
            outcome["error"] = err

    worker = threading.Thread(target=target, name="askwhy-model-call", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise Overtime(f"still running after {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _limit(reason: str, settings: LLMSettings) -> tuple[str, str]:
    words, key = LIMITS[reason]
    return words.format(**settings.model_dump()), key


def stop_note(reason: str, settings: LLMSettings, asked: int = 0) -> str:
    """The note on an answer whose model loop a budget stopped."""
    words, key = _limit(reason, settings)
    setting = f", {key}" if key else ""
    extra = f"; it asked for {asked} in all" if reason == "tool_calls" and asked else ""
    return (
        f"The model was stopped at {LIMIT_NAMES[reason]} ({words}{setting}{extra}); the answer "
        "uses the tool results it had by then."
    )


def dropped_note(asked: int, settings: LLMSettings) -> str:
    """The note when some of the tool calls the model asked for were not run."""
    return (
        f"The model asked for {asked} tool calls; askwhy ran {settings.max_tool_calls}, the "
        "tool-call limit (max_tool_calls)."
    )


def stop_error(reason: str, settings: LLMSettings) -> str:
    """The LLMError message when a budget stopped the loop before any analysis ran."""
    words, key = _limit(reason, settings)
    if reason == "reply_size":
        return (
            f"The model's reply was larger than {MAX_REPLY_BYTES:,} bytes, so askwhy stopped "
            "reading it, and no analysis had run. Try again, or use another model."
        )
    return (
        f"The model did not finish within {words} and ran no analysis. Ask a more specific "
        f"question, use --planner rules, or raise `{key}` under [llm] in the config file."
    )
