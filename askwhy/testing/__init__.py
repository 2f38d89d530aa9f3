"""Test doubles and fixtures for askwhy's own tests and for yours. Nothing here runs in
normal use, and nothing here opens a network connection.

- `network`: `no_network()`, a guard that makes any connection off this machine raise.
- `planner`: `ScriptedPlanner(call("direct_cause", x=..., y=...))`, the Plan from fixed calls.
- `chat_model`: `ScriptedChatModel.of(tool_call(...), "closing words")` for the LLM planner
  or any LangChain agent (imports langchain_core).
- `local_backend`: `ScriptedBackend(step(...))` for the local planner (no llama.cpp).
- `fixtures`: `example_session()`, `frame_session()`, `synthetic_session()`.
- `cases`: small standard data with known structure (chain, fork, collider, ...).

The light parts are importable from here; the LangChain model from its own module.
"""

from askwhy.testing.fixtures import (
    example_session,
    examples_dir,
    frame_session,
    new_session,
    synthetic_session,
)
from askwhy.testing.network import NetworkBlockedError, no_network, no_network_fixture
from askwhy.testing.planner import ScriptedPlanner, ToolCall, call
from askwhy.testing.script import ScriptExhausted

__all__ = [
    "NetworkBlockedError",
    "ScriptExhausted",
    "ScriptedPlanner",
    "ToolCall",
    "call",
    "example_session",
    "examples_dir",
    "frame_session",
    "new_session",
    "no_network",
    "no_network_fixture",
    "synthetic_session",
]
