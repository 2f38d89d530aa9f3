"""How to reproduce an answer: the exact CLI command and the equivalent Python code."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from askwhy.answer import Answer

# Session settings that have a matching `askwhy ask` flag, in the order they are printed.
CLI_SETTINGS = ("algorithm", "test", "alpha", "method", "planner")
PLACEHOLDER_DATA = "data.csv"


def _settings(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    given = dict(settings or {})
    chosen = {key: given[key] for key in CLI_SETTINGS if given.get(key) is not None}
    if chosen.get("planner") == "rules":
        del chosen["planner"]
    return chosen


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
    """Python that asks the same question, then runs the same tools one by one."""
    chosen = _settings(settings)
    planner = chosen.pop("planner", None)
    options = ["persist=False"]
    if planner:
        options.append(f"planner={planner!r}")
    if chosen:
        options.append(f"defaults={chosen!r}")
    load = f"session.load({str(data_path or PLACEHOLDER_DATA)!r})"
    if data_path is None:
        load += "  # replace with the path of your CSV"
    lines = [
        "from askwhy import Session",
        "",
        f"session = Session({', '.join(options)})",
        load,
        f"answer = session.ask({answer.question!r})",
        "print(answer.answer)",
        "print(answer.explanation)",
    ]
    calls = [step for step in answer.trace if step.error is None]
    if calls:
        lines += ["", "# The same analysis, tool by tool:"]
        for step in calls:
            args = "".join(
                f", {key}={value!r}" for key, value in step.args.items() if value is not None
            )
            lines.append(f"result = session.call({step.tool!r}{args})")
            lines.append("print(result.summary)")
    return "\n".join(lines)
