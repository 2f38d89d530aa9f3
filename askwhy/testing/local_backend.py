"""A scripted backend for the local planner: queued replies instead of a llama.cpp model.

The local planner (askwhy.planning.local.planner) talks to its model through the `Backend`
protocol there: a `name` and `complete(messages, schema, max_tokens) -> Completion`, where
the reply text is one JSON tool call `{"tool": NAME, "args": {...}}` fitting `schema`.

    backend = ScriptedBackend(step("common_cause", x="yellow_fingers", y="lung_cancer"))
    session = Session(planner=LocalPlanner(backend), persist=False)
    ...
    backend.requests[0].messages   # the chat messages the planner sent
    backend.requests[0].schema     # the JSON schema the reply had to fit

A str reply is sent verbatim (to script malformed output); a dict is written as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from askwhy.planning.local.planner import Completion
from askwhy.testing.script import Script


def step(tool: str, /, **args: Any) -> dict[str, Any]:
    """One tool call in the local planner's reply format."""
    return {"tool": tool, "args": args}


@dataclass(frozen=True)
class BackendRequest:
    """What the planner sent for one reply."""

    messages: list[dict[str, str]]
    schema: dict[str, Any]
    max_tokens: int


class ScriptedBackend:
    """Replies with the queued tool calls in order; records each request."""

    def __init__(
        self,
        *replies: dict[str, Any] | str,
        name: str = "scripted",
        prompt_tokens: int = 40,
        completion_tokens: int = 12,
    ):
        self.name = name
        self.script = Script(
            "scripted backend", (r if isinstance(r, str) else json.dumps(r) for r in replies)
        )
        self.requests: list[BackendRequest] = []
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion:
        self.requests.append(BackendRequest(list(messages), schema, max_tokens))
        return Completion(
            text=self.script.next(),
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
        )


__all__ = ["BackendRequest", "ScriptedBackend", "step"]
