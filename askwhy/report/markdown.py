"""Markdown report, with each graph written as an SVG file beside it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from askwhy.answer import Answer, EstimatePayload
from askwhy.report import sections
from askwhy.report.reproduce import cli_command, python_code
from askwhy.report.svg import Engine, graph_svg

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Escape text so Markdown shows it literally."""
    return _SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _fence(code: str, language: str = "") -> str:
    ticks = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    return f"{ticks}{language}\n{code}\n{ticks}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(md(h) for h in headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(
    answers: Answer | Sequence[Answer],
    graph_files: Mapping[int, str] | None = None,
    data_path: str | None = None,
    settings: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> str:
    """The report as Markdown; `graph_files[i]` is the picture file for answer i."""
    items = [answers] if isinstance(answers, Answer) else list(answers)
    files = graph_files or {}
    heading = title or (
        "askwhy report" if len(items) != 1 else f"askwhy report: {items[0].question}"
    )
    out = [f"# {md(heading)}"]
    if data_path:
        out.append(f"Data: `{data_path}`" if "`" not in str(data_path) else md(str(data_path)))
    if not items:
        out.append("No questions were asked yet, so there is nothing to report.")
    for index, answer in enumerate(items):
        out.append(_answer_section(answer, files.get(index), data_path, settings))
    return "\n\n".join(out) + "\n"


def write_markdown(
    answers: Answer | Sequence[Answer],
    path: str | Path,
    data_path: str | None = None,
    settings: Mapping[str, Any] | None = None,
    engine: Engine = "auto",
) -> list[Path]:
    """Write `path` (.md) and one SVG per graph beside it; return all files written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    items = [answers] if isinstance(answers, Answer) else list(answers)
    written: list[Path] = []
    files: dict[int, str] = {}
    for index, answer in enumerate(items):
        if answer.graph is None:
            continue
        suffix = "" if len(items) == 1 else f"-{index + 1}"
        picture = target.with_name(f"{target.stem}-graph{suffix}.svg")
        svg = graph_svg(answer.graph, sections.highlighted(answer), engine=engine)
        picture.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, encoding="utf-8")
        files[index] = picture.name
        written.append(picture)
    target.write_text(render_markdown(items, files, data_path, settings), encoding="utf-8")
    return [target, *written]


def _answer_section(
    answer: Answer,
    picture: str | None,
    data_path: str | None,
    settings: Mapping[str, Any] | None,
) -> str:
    out = [f"## Question\n\n{md(answer.question)}"]
    out.append(f"### Answer\n\n**{md(sections.one_sentence(answer))}**")
    rest = sections.explanation_rest(answer)
    if rest:
        out.append(md(rest))
    out.append(_steps(answer))
    out.append(_evidence(answer))
    if answer.graph is not None:
        out.append(_graph(answer, picture))
    out.append(_assumptions(answer))
    out.append("### How to reproduce")
    out.append("Command line:\n\n" + _fence(cli_command(answer, data_path, settings), "sh"))
    out.append("Python:\n\n" + _fence(python_code(answer, data_path, settings), "python"))
    out.append(f"_{md(answer.planner)} planner, {answer.seconds:.2f} s._")
    return "\n\n".join(out)


def _steps(answer: Answer) -> str:
    if not answer.trace:
        return "### What was done\n\nNo tool was called."
    rows = [
        [
            str(i),
            step.tool,
            sections.format_parameters(step.args) or "(defaults)",
            f"error: {step.error}" if step.error else step.summary,
            f"{step.seconds:.2f} s",
        ]
        for i, step in enumerate(answer.trace, 1)
    ]
    return "### What was done\n\n" + _table(["#", "tool", "parameters", "result", "time"], rows)


def _evidence(answer: Answer) -> str:
    out = ["### Evidence"]
    tests = sections.test_evidence(answer)
    if tests:
        rows = [
            [
                str(e.get("method", "")),
                sections.number(e.get("statistic")),
                sections.number(e.get("p_value"), 3),
                sections.number(e.get("alpha")),
                sections.format_parameters(e.get("parameters") or {}),
                str(e.get("note", "")),
            ]
            for e in tests
        ]
        out.append(_table(["method", "statistic", "p-value", "alpha", "parameters", "note"], rows))
    runs = sections.discovery_runs(answer)
    if runs:
        rows = [
            [
                str(r.get("method", "")).upper(),
                sections.number(r.get("alpha")),
                sections.format_parameters(r.get("parameters") or {}),
                str(r.get("note", "")),
            ]
            for r in runs
        ]
        out.append(
            "**Causal discovery**\n\n" + _table(["algorithm", "alpha", "settings", "note"], rows)
        )
    if answer.estimate is not None:
        out.append(_estimate(answer.estimate))
    if not (tests or runs or answer.estimate):
        out.append("No statistical evidence was recorded for this answer.")
    return "\n\n".join(out)


def _estimate(estimate: EstimatePayload) -> str:
    ci = (
        f"{sections.number(estimate.ci[0])} to {sections.number(estimate.ci[1])}"
        if estimate.ci
        else "not available"
    )
    rows = [
        ["treatment", estimate.treatment],
        ["outcome", estimate.outcome],
        ["effect", sections.number(estimate.value) or "not a single number (see below)"],
        ["95% confidence interval", ci],
        ["adjustment set", ", ".join(estimate.adjustment_set) or "(none)"],
        ["estimator", estimate.method],
    ]
    if estimate.treatment_values:
        low, high = estimate.treatment_values
        rows.append(["treatment values", f"{sections.number(low)} to {sections.number(high)}"])
    out = ["**Effect estimate**\n\n" + _table(["item", "value"], rows)]
    if estimate.refutations:
        marks = {True: "passed", False: "FAILED", None: "n/a"}
        rows = [
            [
                r.method,
                sections.number(r.new_effect),
                sections.number(r.p_value, 3),
                marks[r.passed],
                r.summary,
            ]
            for r in estimate.refutations
        ]
        out.append(
            "Refutation checks:\n\n"
            + _table(["check", "new effect", "p-value", "result", "summary"], rows)
        )
    if estimate.possible_effects:
        rows = [
            [
                ", ".join(p.adjustment_set) or "(none)",
                sections.number(p.value),
                f"{sections.number(p.ci[0])} to {sections.number(p.ci[1])}" if p.ci else "",
            ]
            for p in estimate.possible_effects
        ]
        out.append(
            "Possible effects (one per adjustment set the graph allows):\n\n"
            + _table(["adjustment set", "effect", "95% CI"], rows)
        )
    return "\n\n".join(out)


def _graph(answer: Answer, picture: str | None) -> str:
    graph = answer.graph
    assert graph is not None
    marked = sections.highlighted(answer)
    out = [
        "### Causal graph" + (f" `{graph.name}`" if graph.name and "`" not in graph.name else "")
    ]
    if picture:
        out.append(f"![causal graph]({picture})")
    if marked:
        out.append(f"Variables of the question (highlighted): {md(', '.join(marked))}.")
    kinds = list(dict.fromkeys(kind for _, _, kind in graph.edges))
    if kinds:
        out.append(
            _table(["edge", "meaning"], [[k, sections.EDGE_MEANINGS.get(k, k)] for k in kinds])
        )
        out.append(_table(["from", "edge", "to"], [[a, kind, b] for a, b, kind in graph.edges]))
    else:
        out.append("The graph has no edges.")
    return "\n\n".join(out)


def _assumptions(answer: Answer) -> str:
    out = ["### Assumptions"]
    grouped = sections.assumptions_by_method(answer)
    if not grouped:
        out.append("No method-specific assumptions were recorded.")
    for method, items in grouped:
        out.append(f"**{md(method)}**\n\n" + "\n".join(f"- {md(item)}" for item in items))
    changes = sections.what_would_change(answer)
    if changes:
        out.append("### What would change the answer")
        out.append("\n".join(f"- {md(item)}" for item in changes))
    if answer.notes:
        out.append("### Notes")
        out.append("\n".join(f"- {md(note)}" for note in answer.notes))
    return "\n\n".join(out)
