"""askwhy's tools as OpenAI tool definitions, and a runner for the tool calls a model makes.

import openai
from askwhy import Session
from askwhy.adapters.openai_schema import openai_tools, run_tool_call

session = Session(); session.load("examples/smoking.csv")
reply = openai.OpenAI().chat.completions.create(model=..., messages=..., tools=openai_tools())
for call in reply.choices[0].message.tool_calls or []:
    outcome = run_tool_call(session, call.function.name, call.function.arguments)
    messages.append({"role": "tool", "tool_call_id": call.id, "content": outcome.content})
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from askwhy.errors import AskwhyError
from askwhy.planning.llm.planner import WRITE_TOOLS, error_for_model, tool_output
from askwhy.tools.registry import ToolRegistry, default_registry
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from askwhy.session import Session


class ToolReply(BaseModel):
    """The outcome of one tool call: `content` goes back to the model as the tool message."""

    content: str
    is_error: bool = False
    result: ToolResult | None = None


def _chosen(registry: ToolRegistry | None, names: Sequence[str] | None) -> list[Any]:
    registry = registry or default_registry()
    if names is not None:
        return [registry.get(name) for name in names]
    return [tool for tool in registry if tool.name not in WRITE_TOOLS]


def openai_tools(
    registry: ToolRegistry | None = None, names: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Chat Completions `tools=[...]` definitions (default: all tools but export_graph)."""
    return [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": tool.json_schema(),
            },
        }
        for tool in _chosen(registry, names)
    ]


def responses_tools(
    registry: ToolRegistry | None = None, names: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The same tools in the Responses API's flat format."""
    return [{"type": "function", **spec["function"]} for spec in openai_tools(registry, names)]


def run_tool_call(session: Session, name: str, arguments: str | dict[str, Any]) -> ToolReply:
    """Run one model tool call on `session`. Errors a model can fix (bad JSON, unknown tool
    or column) come back as an error reply listing the valid names, not as an exception."""
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError as err:
            return ToolReply(content=f"Arguments are not valid JSON: {err}.", is_error=True)
    if not isinstance(arguments, dict):
        return ToolReply(content="Arguments must be a JSON object.", is_error=True)
    args = {k: v for k, v in arguments.items() if v is not None}
    try:
        result = session.call(name, **args)
    except AskwhyError as err:
        return ToolReply(content=error_for_model(err, session), is_error=True)
    return ToolReply(content=tool_output(result), result=result)
