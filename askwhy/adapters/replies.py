"""What an outside caller (a model, an MCP client) gets back from one tool call.

- `check_call`: the tool exists and takes every argument given, or a typed error
  (askwhy.errors.UnknownToolError / UnknownArgumentError) that lists the valid names; text
  with a lone UTF-16 surrogate (not Unicode: no reply echoing it could be encoded) is a
  ToolArgumentError naming where it is.
- `result_text`: a ToolResult as JSON text: the full `payload()`, or a shorter view when
  that would flood a small model's context.
- `error_report`: an AskwhyError as a message plus the names that fix it, read from the
  exception's type and attributes (UnknownVariableError.columns, ...), never its text; the
  data's columns only for an error about a column argument.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

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
    surrogate = find_lone_surrogate(name, "the tool name") or find_lone_surrogate(dict(arguments))
    if surrogate:
        where, char = surrogate
        raise ToolArgumentError(
            f"'{where}' holds a lone UTF-16 surrogate ({char}), which is not valid Unicode "
            "text; send it as UTF-8."
        )
    if name not in registry:
        raise UnknownToolError(name, registry.names())
    tool = registry.get(name)
    unknown = [key for key in arguments if key not in tool.args_model.model_fields]
    if unknown:  # as the registry would; checked first so no name can clash with a parameter
        valid = list(tool.argument_names)
        raise UnknownArgumentError(unknown_arguments(tool, unknown), tool.name, unknown, valid)
    return tool


_SURROGATE = re.compile("[\ud800-\udfff]")


def find_lone_surrogate(value: Any, where: str = "") -> tuple[str, str] | None:
    """(where, the escaped character) of the first lone surrogate in `value`, or None.

    `where` names the place: an argument name, `name.key`, `name[2]`."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return (where, f"\\u{ord(found.group()):04x}") if found else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
            place = f"{where}.{name}" if where else name
            hit = find_lone_surrogate(key, place) or find_lone_surrogate(item, place)
            if hit:
                return hit
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            hit = find_lone_surrogate(item, f"{where}[{i}]")
            if hit:
                return hit
    return None


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
    err: AskwhyError,
    tool: Tool | None = None,
    columns: list[str] | None = None,
    arguments: Mapping[str, Any] | None = None,
) -> ErrorReport:
    """The report of `err`. The current data's `columns` are added (to the report and its
    message) only when the error is about a column argument: the `arguments` given fail
    validation on one of the tool's column fields (missing, or not a name). Other errors,
    a bad setting or a tool's own complaint, get no column list."""
    report = ErrorReport(error=str(err), type=type(err).__name__, tool=tool.name if tool else None)
    if isinstance(err, UnknownVariableError):
        report.columns, report.suggestions = list(err.columns), list(err.suggestions)
    elif isinstance(err, UnknownArgumentError):
        report.tool, report.arguments = err.tool, list(err.valid)
    elif isinstance(err, UnknownToolError):
        report.tools = list(err.tools)
    elif isinstance(err, ToolArgumentError) and columns and _column_problem(tool, arguments):
        report.columns = list(columns)
        report.error += f" Columns in the data: {', '.join(columns)}."
    return report


def _column_problem(tool: Tool | None, arguments: Mapping[str, Any] | None) -> bool:
    """Whether `arguments` fail the tool's validation on a column argument."""
    if tool is None or arguments is None:
        return False
    column_fields = set(tool.fields_with(Role.column, Role.columns))
    if not column_fields:
        return False
    try:
        tool.args_model.model_validate(given_arguments(arguments))
    except ValidationError as err:
        return any(e["loc"] and e["loc"][0] in column_fields for e in err.errors())
    return False


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
    "find_lone_surrogate",
    "given_arguments",
    "result_text",
]
