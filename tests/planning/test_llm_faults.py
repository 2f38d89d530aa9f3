"""Reliability: every way the model endpoint can fail ends, within a bounded time, in a clean
answer or an LLMError that says what happened, never a traceback or a hang.

Each case runs the LLM planner through the real openai client against the scripted server
(askwhy.testing.openai_server) on 127.0.0.1. Deadlines are short (1-5 s) so the file stays
fast; the bounds asserted are generous.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from askwhy.errors import AskwhyError
from askwhy.planning.llm.config import LLMSettings
from askwhy.planning.llm.errors import LLMError
from askwhy.planning.llm.planner import LLMPlanner
from askwhy.testing import openai_server as fake
from askwhy.testing.fixtures import example_session

QUESTION = "Are tar and lung cancer independent?"
PAIR = {"x": "tar", "y": "lung_cancer"}
TAR = fake.tool_call("test_independence", PAIR)  # a quick analysis: answer "no" (dependent)
YES = fake.text("They are dependent.")


@dataclass
class Fault:
    """A scripted server, the settings, and what the user must get: an LLMError matching
    `error`, or an answer whose notes contain `note` (and `answer`)."""

    script: list[fake.Reply]
    error: str = ""
    answer: str = ""
    note: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    requests: int | None = None  # how many requests the server must have seen
    seconds: float = 8.0  # generous bound on the whole question


FAULTS = {
    "empty choices": Fault(
        [fake.empty_choices()] * 2, error=r"malformed twice.*no message in it.*empty `choices`"
    ),
    "drip-fed reply": Fault(
        [fake.drip(YES, 0.5)],
        error=r"did not reply within 1 s \(1 attempt, not retried\)",
        settings={"timeout": 1},
        seconds=5,
    ),
    "hanging server, retries left": Fault(
        [fake.hang(5)] * 3,
        error=r"did not reply within 1 s \(1 attempt, not retried\)",
        settings={"timeout": 1, "max_retries": 2},
        seconds=5,
    ),
    "Retry-After 3600": Fault(
        [fake.status(429, "slow down", retry_after=3600)] * 3,
        error=r"HTTP 429, 1 attempt, not retried; it asks to wait 3600 s \(Retry-After\)",
        requests=1,
    ),
    "Retry-After longer than the deadline": Fault(
        [fake.status(503, "busy", retry_after=30)] * 3,
        error=r"HTTP 503 \(1 attempt, not retried; it asks to wait 30 s \(Retry-After\)\): busy",
        settings={"timeout": 3},
        requests=1,
    ),
    "200 KB response header": Fault(
        [fake.huge_header()] * 2,
        error=r"response headers larger than the HTTP client accepts.*after 1 retry",
        settings={"max_retries": 1},
    ),
    "malformed JSON": Fault(
        [fake.malformed_json()] * 2, error=r"malformed twice.*could not be parsed"
    ),
    "HTML instead of JSON": Fault([fake.not_json()] * 2, error=r"malformed twice.*--base-url"),
    "empty body": Fault([fake.empty_body()] * 2, error=r"malformed twice.*could not be parsed"),
    "HTTP 500 then success": Fault(
        [fake.status(500), TAR, YES], answer="no", requests=3, note="Read the question"
    ),
    "HTTP 401": Fault(
        [fake.status(401, "Incorrect API key")],
        error=r"rejected the API key \(HTTP 401: Incorrect API key\).*OPENAI_API_KEY",
        requests=1,
    ),
    "HTTP 404 model": Fault(
        [fake.status(404, "model 'fake-model' not found")],
        error=r"Model 'fake-model' was not found.*HTTP 404.*ollama pull",
        requests=1,
    ),
    "HTTP 429 persistent": Fault(
        [fake.status(429, "rate limited")] * 3,
        error=r"rate-limiting \(HTTP 429, after 2 retries\)\. Try again later",
        requests=3,
    ),
    "HTTP 503 persistent": Fault(
        [fake.status(503)] * 3,
        error=r"HTTP 503 \(after 2 retries\): scripted failure",
        requests=3,
    ),
    "HTTP 400 with a huge message": Fault(
        [fake.status(400, "bad " * 50_000)],
        error=r"HTTP 400 \(1 attempt, not retried\): bad bad .{0,300}\.\.\.$",
        requests=1,
    ),
    "connection dropped": Fault(
        [fake.disconnect()] * 2,
        error=r"closed the connection without replying \(after 1 retry\)",
        settings={"max_retries": 1},
    ),
    "50 MB closing text after an analysis": Fault(
        [TAR, fake.huge_text(2_000_000)], answer="no", note="size limit for a model reply"
    ),
    "huge reply before any analysis": Fault(
        [fake.huge_text(2_000_000)], error=r"larger than 1,000,000 bytes.*no analysis had run"
    ),
    "100 tool calls in one reply": Fault(
        [fake.tool_calls(*[("test_independence", PAIR)] * 100), YES],
        answer="no",
        note="The model asked for 100 tool calls; askwhy ran 12",
    ),
    "question time budget, after an analysis": Fault(
        [TAR, fake.hang(5)],
        answer="no",
        note="time limit for a question (1.5 s, question_timeout)",
        settings={"question_timeout": 1.5},
        seconds=5,
    ),
    "question time budget, before any analysis": Fault(
        [fake.hang(5)],
        error=r"did not finish within 1.5 s and ran no analysis.*question_timeout",
        settings={"question_timeout": 1.5},
        seconds=5,
    ),
    "step limit": Fault(
        [fake.tool_call("test_independence", {"x": "nope", "y": "tar"}, f"c{i}") for i in range(4)],
        error=r"did not finish within 2 steps and ran no analysis.*max_steps",
        settings={"max_steps": 2},
        requests=2,
    ),
    "tool that does not exist": Fault(
        [fake.tool_call("rm_rf", {"path": "/"}), TAR, YES], answer="no", requests=3
    ),
    "tool arguments not JSON, twice": Fault(
        [fake.tool_call("direct_cause", "{x:"), fake.tool_call("direct_cause", "{still")],
        error=r"malformed twice.*'direct_cause' are not valid JSON",
    ),
    "script ended (HTTP 400)": Fault([TAR], error=r"HTTP 400 \(1 attempt, not retried\)"),
}


def run(fault: Fault) -> tuple[Any, BaseException | None, fake.ScriptedOpenAIServer, float]:
    started = time.monotonic()
    with fake.ScriptedOpenAIServer(fault.script) as server:
        options = {"model": "fake-model", "base_url": server.url, "timeout": 5, **fault.settings}
        session = example_session(planner=LLMPlanner(LLMSettings(**options)))
        answer, error = None, None
        try:
            answer = session.ask(QUESTION)
        except AskwhyError as err:  # anything else is a bug: it fails the test with its trace
            error = err
    return answer, error, server, time.monotonic() - started


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_fault_ends_cleanly_and_says_what_happened(fault: Fault):
    answer, error, server, seconds = run(fault)
    assert seconds < fault.seconds
    if fault.error:
        assert isinstance(error, LLMError), f"expected an LLMError, got an answer: {answer}"
        assert _matches(fault.error, str(error)), str(error)
        assert "Traceback" not in str(error)
    else:
        assert error is None, str(error)
        assert answer.answer == fault.answer
        assert any(fault.note in note for note in answer.notes), answer.notes
    if fault.requests is not None:
        assert len(server.requests) == fault.requests


def test_unreachable_server_says_could_not_connect():
    with fake.ScriptedOpenAIServer([]) as server:
        url = server.url  # closed once the server stops
    settings = LLMSettings(model="fake-model", base_url=url, max_retries=1)
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"Could not connect.*\(after 1 retry\).*--base-url"):
        example_session(planner=LLMPlanner(settings)).ask(QUESTION)
    assert time.monotonic() - started < 8


def test_attempts_are_counted_from_the_requests_really_made():
    _, error, server, _ = run(FAULTS["HTTP 503 persistent"])
    retries = [h.get("x-stainless-retry-count") for h in server.headers]
    assert retries == ["0", "1", "2"] and "after 2 retries" in str(error)


def test_a_huge_closing_text_is_not_read_in_full():
    answer, _, _, _ = run(FAULTS["50 MB closing text after an analysis"])
    assert len(answer.explanation) < 3000 and "Model's summary" not in answer.explanation
    assert answer.planner_steps[-1].details["stopped"] == "reply_size"


def test_a_hundred_tool_calls_run_only_up_to_the_limit():
    answer, _, server, _ = run(FAULTS["100 tool calls in one reply"])
    assert [step.tool for step in answer.trace] == ["test_independence"] * 12
    # The model saw only the calls that ran: one tool message for each.
    follow_up = server.requests[1]["messages"]
    assert len(follow_up[-13]["tool_calls"]) == 12
    assert [m["role"] for m in follow_up[-12:]] == ["tool"] * 12


def test_defaults_give_up_within_a_minute_in_total():
    settings = LLMSettings()
    # The deadline covers a whole model call, retries included, and the question as a whole.
    assert settings.timeout <= 60 and settings.question_timeout <= 120
    assert settings.max_tool_calls == 12


def _matches(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text, flags=re.DOTALL) is not None


def test_every_request_caps_the_reply_length():
    script = [fake.text("Yes.")]
    with fake.ScriptedOpenAIServer(script) as server:
        settings = LLMSettings(model="fake-model", base_url=server.url, max_reply_tokens=300)
        example_session(planner=LLMPlanner(settings)).ask(QUESTION)
    body = server.requests[0]
    assert body.get("max_tokens", body.get("max_completion_tokens")) == 300
