"""Errors a user can cause. Each message says what to do; the CLI exits with code 2."""

from __future__ import annotations

import difflib
from typing import Any


class AskwhyError(Exception):
    """Base class for user-facing errors (bad data, unknown variable, unclear question)."""

    exit_code = 2


class DataError(AskwhyError):
    """The data file is missing, unreadable, empty or unusable."""


class UnknownVariableError(AskwhyError):
    """A variable name does not match any column."""

    def __init__(self, name: str, columns: list[str]):
        self.name = name
        self.columns = list(columns)
        self.suggestions = closest_names(name, columns)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"Unknown variable '{name}'.{hint} Columns in the data: {', '.join(self.columns)}."
        )


class UnclearQuestionError(AskwhyError):
    """The planner could not tell what was asked."""


class ToolArgumentError(AskwhyError):
    """A tool was called with arguments that do not fit the data or the tool."""


class UnknownToolError(ToolArgumentError):
    """A caller named a tool the registry does not have."""

    def __init__(self, name: str, tools: list[str]):
        self.name = name
        self.tools = list(tools)
        super().__init__(f"No tool named '{name}'. Tools: {', '.join(self.tools)}.")


class UnknownArgumentError(ToolArgumentError):
    """A tool was given arguments it does not take."""

    def __init__(self, message: str, tool: str, unknown: list[str], valid: list[str]):
        self.tool = tool
        self.unknown = list(unknown)
        self.valid = list(valid)
        super().__init__(message)


class GraphNotFoundError(AskwhyError):
    """No graph with that name in memory."""


def closest_names(name: str, candidates: list[str], n: int = 3) -> list[str]:
    """Candidates closest to `name`, ignoring case and separators."""

    def norm(s: str) -> str:
        return s.lower().replace("_", " ").replace("-", " ").strip()

    by_norm = {norm(c): c for c in candidates}
    hits = difflib.get_close_matches(norm(name), list(by_norm), n=n, cutoff=0.5)
    return [by_norm[h] for h in hits]


def validation_problems(err: Any) -> str:
    """A pydantic ValidationError as one line: `field: message; field: message`."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}" for e in err.errors()
    )
