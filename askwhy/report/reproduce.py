"""How to reproduce an answer: the exact CLI command and the equivalent Python code.

The code is built from typed values only: tool and argument names are checked against the
registry, values must be plain literals (str, number, bool, None, lists of them) and are
written with `repr`, so no text from a question, a column name or a model can become code.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping
from typing import Any

from askwhy.answer import Answer, TraceStep
from askwhy.core.settings import AnalysisSettings

# Session settings that have a matching `askwhy ask` flag, in the order they are printed.
CLI_SETTINGS = ("algorithm", "test", "alpha", "method", "planner")
PLANNERS = ("rules", "llm", "auto", "local")
PLACEHOLDER_DATA = "data.csv"


def _settings(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """The chosen settings, validated: unknown keys and values that are not allowed drop out."""
    given = {k: v for k, v in (settings or {}).items() if v is not None}
    planner = given.pop("planner", None)
    allowed = {k: v for k, v in given.items() if k in AnalysisSettings.model_fields}
    try:
        chosen = AnalysisSettings.model_validate(allowed).model_dump(include=set(allowed))
    except ValueError:
        chosen = {}
    ordered = {key: chosen[key] for key in CLI_SETTINGS if key in chosen}
    if planner in PLANNERS and planner != "rules":
        ordered["planner"] = planner
    return ordered


def cli_command(
    answer: Answer, data_path: str | None = None, settings: Mapping[str, Any] | None = None
) -> str:
    """The `askwhy ask` command line that asks the same question with the same settings."""
    words = ["askwhy", "ask", "--data", str(data_path or PLACEHOLDER_DATA)]
    for key, value in _settings(settings).items():
        words += [f"--{key}", f"{value:g}" if isinstance(value, float) else str(value)]
    words.append(answer.question)
    return shlex.join(words)


def python_code(
    answer: Answer, data_path: str | None = None, settings: Mapping[str, Any] | None = None
) -> str:
    """Python that reruns the analysis: the question (rule planner), then each tool call.

    For an answer planned by a model, the tool calls are replayed without the model.
    """
    chosen = _settings(settings)
    chosen.pop("planner", None)
    options = ["persist=False"]
    if chosen:
        options.append(f"defaults={_literal(chosen)}")
    load = f"session.load({_literal(str(data_path or PLACEHOLDER_DATA))})"
    if data_path is None:
        load += "  # replace with the path of your CSV"
    lines = ["from askwhy import Session", "", f"session = Session({', '.join(options)})", load]
    by_rules = answer.planner in ("rules", "auto:rules")
    if by_rules:
        lines += [
            f"answer = session.ask({_literal(answer.question)})",
            "print(answer.answer)",
            "print(answer.explanation)",
        ]
    calls = [line for step in answer.trace if (line := _call_line(step)) is not None]
    if calls:
        heading = (
            "The same analysis, tool by tool:"
            if by_rules
            else ("The planner's tool calls, replayed without a model:")
        )
        lines += ["", f"# {heading}"]
        for line in calls:
            lines += [line, "print(result.summary)"]
        if not by_rules:
            lines.append("print(result.answer_text())")
    return "\n".join(lines)


def _call_line(step: TraceStep) -> str | None:
    """`result = session.call('tool', key=value, ...)`, or None if the step cannot be replayed
    safely (an error, an unknown tool or argument, a value that is not a plain literal)."""
    from askwhy.tools.catalog import default_registry

    registry = default_registry()
    if step.error is not None or step.tool not in registry:
        return None
    tool = registry.get(step.tool)
    parts = [_literal(tool.name)]
    for key, value in step.args.items():
        if key not in tool.args_model.model_fields or not key.isidentifier():
            return None
        if value is None:
            continue
        if not _is_literal(value):
            return None
        parts.append(f"{key}={_literal(value)}")
    return f"result = session.call({', '.join(parts)})"


def _is_literal(value: Any) -> bool:
    if isinstance(value, bool | int | str) or value is None:
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list | tuple):
        return all(_is_literal(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_literal(v) for k, v in value.items())
    return False


def _literal(value: Any) -> str:
    """A Python literal for a checked plain value."""
    if not _is_literal(value):
        raise ValueError(f"not a plain literal: {type(value).__name__}")
    if isinstance(value, tuple):
        value = list(value)
    return repr(value)
