"""askwhy's tools as OpenAI tool definitions, and a runner for the tool calls a model makes.

    import openai
    from askwhy import Session
    from askwhy.adapters.openai_schema import openai_tools, run_tool_call

    session = Session(); session.load("examples/smoking.csv")
    reply = openai.OpenAI().chat.completions.create(model=..., messages=..., tools=openai_tools())
    for call in reply.choices[0].message.tool_calls or []:
        outcome = run_tool_call(session, call.function.name, call.function.arguments)
        messages.append({"role": "tool", "tool_call_id": call.id, "content": outcome.content})

The definitions are the registry's strict schemas (unknown arguments are not allowed);
tools that write files are offered only when named.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from askwhy.adapters.replies import (
    ErrorReport,
    check_call,
    current_columns,
    error_report,
    given_arguments,
    result_text,
)
from askwhy.errors import AskwhyError
from askwhy.tools.catalog import default_registry
from askwhy.tools.langchain import offered_tools
from askwhy.tools.registry import ToolRegistry
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from askwhy.session import Session


class ToolReply(BaseModel):
    """The outcome of one tool call: `content` goes back to the model as the tool message."""

    content: str
    is_error: bool = False
    result: ToolResult | None = None
    error: ErrorReport | None = None


def openai_tools(
    registry: ToolRegistry | None = None, names: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Chat Completions `tools=[...]` definitions (default: every tool that writes no files)."""
    return [tool.openai_schema() for tool in offered_tools(registry or default_registry(), names)]


def responses_tools(
    registry: ToolRegistry | None = None, names: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The same tools in the Responses API's flat format."""
    return [{"type": "function", **spec["function"]} for spec in openai_tools(registry, names)]


def run_tool_call(session: Session, name: str, arguments: str | dict[str, Any]) -> ToolReply:
    """Run one model tool call on `session` (through Session.call). Errors a model can fix
    (bad JSON, an unknown tool, argument or column) come back as an error reply listing the
    valid names, not as an exception."""
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError as err:
            return _error(f"Arguments are not valid JSON ({err}). Send one JSON object.")
    if not isinstance(arguments, dict):
        return _error("Arguments must be a JSON object.")
    tool = None
    try:
        tool = check_call(session.registry, name, arguments)
        result = session.call(name, **given_arguments(arguments))
    except AskwhyError as err:
        report = error_report(err, tool, current_columns(session), arguments)
        return ToolReply(content=report.error, is_error=True, error=report)
    return ToolReply(content=result_text(result), result=result)


def _error(message: str) -> ToolReply:
    report = ErrorReport(error=message, type="InvalidJSON")
    return ToolReply(content=message, is_error=True, error=report)
