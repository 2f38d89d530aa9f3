"""What an outside caller (a model, an MCP client) gets back from one tool call.

- `check_call`: the tool exists and takes every argument given, or a typed error
  (askwhy.errors.UnknownToolError / UnknownArgumentError) that lists the valid names.
- `result_text`: a ToolResult as JSON text: the full `payload()`, or a shorter view when
  that would flood a small model's context.
- `error_report`: an AskwhyError as a message plus the names that fix it, read from the
  exception's type and attributes (UnknownVariableError.columns, ...), never its text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from askwhy.errors import (
    AskwhyError,
    ToolArgumentError,
    UnknownArgumentError,
    UnknownToolError,
    UnknownVariableError,
)
from askwhy.tools.registry import Role, Tool, ToolRegistry, unknown_arguments
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from askwhy.session import Session

MAX_RESULT_CHARS = 6000


def check_call(registry: ToolRegistry, name: str, arguments: Mapping[str, Any]) -> Tool:
    """The tool called `name`, if it takes every key of `arguments`; else a typed error."""
    if name not in registry:
        raise UnknownToolError(name, registry.names())
    tool = registry.get(name)
    unknown = [key for key in arguments if key not in tool.args_model.model_fields]
    if unknown:  # as the registry would; checked first so no name can clash with a parameter
        valid = list(tool.argument_names)
        raise UnknownArgumentError(unknown_arguments(tool, unknown), tool.name, unknown, valid)
    return tool


def given_arguments(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments with JSON nulls dropped (a null means "use the default")."""
    return {key: value for key, value in arguments.items() if value is not None}


def result_text(result: ToolResult, limit: int = MAX_RESULT_CHARS) -> str:
    """The result as JSON: the full payload when it fits `limit` characters, else the
    summary, kind and the result's own fields, else the summary alone."""
    full = json.dumps(result.payload(), default=str)
    if len(full) <= limit:
        return full
    short: dict[str, Any] = {"summary": result.summary, "kind": result.kind, **result.facts()}
    if result.graph_name:
        short["graph_name"] = result.graph_name
    if result.warnings:
        short["warnings"] = result.warnings
    text = json.dumps(short, default=str)
    if len(text) <= limit:
        return text
    return json.dumps({"summary": result.summary[:limit], "kind": result.kind})


class ErrorReport(BaseModel):
    """An error for a caller to act on: the message and, by kind, the names to choose from."""

    error: str
    type: str
    tool: str | None = None
    columns: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    arguments: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)


class ReportedError(AskwhyError):
    """An error already worded for the caller; `report` holds the names that fix it."""

    def __init__(self, report: ErrorReport):
        self.report = report
        super().__init__(report.error)


def error_report(
    err: AskwhyError, tool: Tool | None = None, columns: list[str] | None = None
) -> ErrorReport:
    """The report of `err`; `columns` (the current data's) are added to an argument error
    of a tool that takes column arguments, so the caller can fix the call in one step."""
    report = ErrorReport(error=str(err), type=type(err).__name__, tool=tool.name if tool else None)
    if isinstance(err, UnknownVariableError):
        report.columns, report.suggestions = list(err.columns), list(err.suggestions)
    elif isinstance(err, UnknownArgumentError):
        report.tool, report.arguments = err.tool, list(err.valid)
    elif isinstance(err, UnknownToolError):
        report.tools = list(err.tools)
    elif isinstance(err, ToolArgumentError) and columns and _takes_columns(tool):
        report.columns = list(columns)
        report.error += f" Columns in the data: {', '.join(columns)}."
    return report


def _takes_columns(tool: Tool | None) -> bool:
    return tool is not None and bool(tool.fields_with(Role.column, Role.columns))


def current_columns(session: Session) -> list[str] | None:
    """The columns of the session's current dataset, or None when nothing is loaded."""
    try:
        return list(session.dataset().columns)
    except AskwhyError:
        return None


__all__ = [
    "ErrorReport",
    "ReportedError",
    "UnknownToolError",
    "check_call",
    "current_columns",
    "error_report",
    "given_arguments",
    "result_text",
]
