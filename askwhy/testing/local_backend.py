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

Doubles for the worker process (askwhy.planning.local.worker), run inside a WorkerBackend:

    WorkerBackend(CrashingBackend(signal.SIGILL))   # the worker dies as a bad llama.cpp would
    WorkerBackend(HangingBackend(), timeout=1)      # the worker never replies
    WorkerBackend(ScriptedBackend(step(...)))       # replies from another process (its
                                                    # `requests` are recorded there)
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import dataclass
from typing import Any

from askwhy.planning.local.backend import Completion
from askwhy.planning.local.worker_process import in_worker
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


def _in_worker(what: str) -> None:
    """Refuse to run outside a worker: these doubles kill or block the process they run in."""
    if not in_worker():
        raise AssertionError(f"{what} must run inside a WorkerBackend, not in this process.")


class CrashingBackend:
    """Kills its own process with a real signal when asked for a reply, as a llama.cpp build
    for the wrong CPU (SIGILL), a bad memory access (SIGSEGV) or abort() (SIGABRT) would.
    No core file is written."""

    def __init__(self, signum: int = signal.SIGILL, name: str = "crashing"):
        self.signum = int(signum)
        self.name = name

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion:
        _in_worker("CrashingBackend")
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(self.signum, signal.SIG_DFL)  # the default action: the process dies
        os.kill(os.getpid(), self.signum)
        time.sleep(60)  # the signal is delivered before this returns
        raise AssertionError(f"signal {self.signum} did not end the process")


class HangingBackend:
    """Never replies, like a model stuck in generation. With `ignore_terminate`, it also
    ignores SIGTERM, so only SIGKILL stops it."""

    def __init__(self, ignore_terminate: bool = False, name: str = "hanging"):
        self.ignore_terminate = ignore_terminate
        self.name = name

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion:
        _in_worker("HangingBackend")
        if self.ignore_terminate:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(3600)


__all__ = ["BackendRequest", "CrashingBackend", "HangingBackend", "ScriptedBackend", "step"]
