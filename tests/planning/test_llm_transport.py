"""The LLM planner's HTTP client: a deadline on the whole request, a cap on the reply's size,
no retry the deadline cannot wait for (against the scripted server on 127.0.0.1)."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from askwhy.planning.llm.budget import Deadline
from askwhy.planning.llm.transport import (
    DeadlineExceeded,
    ReplyTooLarge,
    _capped,
    http_client,
    retry_after,
)
from askwhy.testing import openai_server as fake

BODY = {"model": "m", "messages": []}


def post(reply: fake.Reply, seconds: float | None = None, max_bytes: int = 1_000_000):
    deadline = Deadline()
    client = http_client(deadline, max_bytes)
    with fake.ScriptedOpenAIServer([reply]) as server, client:
        if seconds is not None:
            deadline.seconds, deadline.at = seconds, time.monotonic() + seconds
        return client.post(f"{server.url}/chat/completions", json=BODY), server


def test_without_a_deadline_it_is_a_plain_client():
    response, server = post(fake.text("hi"))
    assert response.status_code == 200 and response.json()["choices"]
    assert server.headers[0]["accept-encoding"] == "identity"  # the cap counts what is read


def test_a_trickled_reply_stops_at_the_deadline():
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="within 1 s"):
        post(fake.drip(fake.text("a slow reply"), 0.3), seconds=1)
    assert time.monotonic() - started < 3


def test_a_silent_server_stops_at_the_deadline():
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        post(fake.hang(5), seconds=0.5)
    assert time.monotonic() - started < 2


def test_a_reply_over_the_cap_is_not_read():
    with pytest.raises(ReplyTooLarge, match="larger than 1,000 bytes"):
        post(fake.huge_text(5_000), max_bytes=1_000)


def test_a_retry_after_past_the_deadline_is_not_retried():
    response, _ = post(fake.status(429, retry_after=60), seconds=5)
    assert response.headers["x-should-retry"] == "false"
    response, _ = post(fake.status(429, retry_after=1), seconds=5)
    assert "x-should-retry" not in response.headers


def test_retry_after_and_timeouts_are_read_as_seconds():
    assert retry_after({"retry-after": "3600"}) == 3600
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    assert 50 < retry_after({"retry-after": formatdate(time.time() + 60, usegmt=True)}) <= 60
    assert retry_after({"retry-after": "soon"}) is None and retry_after({}) is None
    capped = _capped({"connect": 5.0, "read": 60.0, "write": None, "pool": 1.0}, 2.0)
    assert capped == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 1.0}
