"""What a model reads back from a tool call: a short view of the typed result, or an error it
can act on (the valid columns, the valid arguments)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from askwhy.errors import AskwhyError, ToolArgumentError, UnknownVariableError
from askwhy.tools.results import (
    EstimateResult,
    GraphResult,
    SetResult,
    TextResult,
    ToolResult,
    YesNoResult,
)

MAX_TOOL_OUTPUT_CHARS = 6000


def tool_output(result: ToolResult) -> str:
    """The tool result as JSON text for a model: what it needs to plan the next step and to
    word its summary, no more.

    The evidence and assumptions reach the user through the Answer, not through the model,
    so small-context models (4k tokens on many local servers) are not flooded.
    """
    short: dict[str, Any] = {"summary": result.summary, **_facts(result)}
    if result.graph_name:
        short["graph_name"] = result.graph_name
    if result.warnings:
        short["warnings"] = result.warnings
    text = json.dumps(short, default=str)
    if len(text) <= MAX_TOOL_OUTPUT_CHARS:
        return text
    return json.dumps({"summary": result.summary[:MAX_TOOL_OUTPUT_CHARS]})


def _facts(result: ToolResult) -> dict[str, Any]:
    """The few fields of each result type a model plans with (empty ones left out)."""
    facts: dict[str, Any] = {}
    if isinstance(result, YesNoResult):
        facts = {"answer": result.answer, "witnesses": result.witnesses}
    elif isinstance(result, SetResult):
        facts = {
            "answer": result.answer_text(),
            "members": result.members,
            "possible": result.possible,
            "alternatives": result.alternatives,
        }
    elif isinstance(result, EstimateResult):
        facts = {"value": result.estimate.value, "ci": result.estimate.ci}
        facts["possible_values"] = [e.value for e in result.estimate.possible_effects]
    elif isinstance(result, GraphResult) and result.graph is not None:
        facts = {"edges": [f"{a} {kind} {b}" for a, b, kind in result.graph.edges]}
    elif isinstance(result, TextResult):
        facts = {"text": result.text}
    return {key: value for key, value in facts.items() if value not in (None, [], "")}


def error_for_model(err: AskwhyError, columns: Sequence[str] = ()) -> str:
    """The error sent back to the model as the tool's reply, worded so it can fix the call.

    An unknown variable names the close matches and every column; another argument error
    (an unknown argument, a wrong type, a bad combination) lists the columns as well, since
    a column is what a model most often gets wrong. Other errors go back as they are.
    """
    if isinstance(err, UnknownVariableError):
        close = f" Did you mean {', '.join(err.suggestions)}?" if err.suggestions else ""
        return (
            f"Unknown variable '{err.name}'.{close} Columns in the data: "
            f"{', '.join(err.columns)}. Use one exactly as written."
        )
    message = str(err)
    if isinstance(err, ToolArgumentError) and columns:
        message += f" Columns in the data: {', '.join(columns)}."
    return message
