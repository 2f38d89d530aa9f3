"""Markdown report, with each graph written as an SVG file beside it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from askwhy.answer import Answer
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


def _table(table: sections.Table) -> str:
    lines = ["| " + " | ".join(md(h) for h in table.headers) + " |"]
    lines.append("|" + "---|" * len(table.headers))
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in table.rows]
    out = [f"**{md(table.title)}**"] if table.title else []
    if table.intro:
        out.append(md(table.intro))
    return "\n\n".join([*out, "\n".join(lines)])


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {md(item)}" for item in items)


def render_markdown(
    answers: Answer | Sequence[Answer],
    graph_files: Mapping[int, str] | None = None,
    data_path: str | None = None,
    settings: Mapping[str, Any] | None = None,
    title: str | None = None,
    dictionary: Mapping[str, Any] | None = None,
) -> str:
    """The report as Markdown; `graph_files[i]` is the picture file for answer i.

    `dictionary` (column -> data dictionary entry) adds a "Data dictionary" table."""
    items = [answers] if isinstance(answers, Answer) else list(answers)
    files = graph_files or {}
    heading = title or (
        "askwhy report" if len(items) != 1 else f"askwhy report: {items[0].question}"
    )
    out = [f"# {md(heading)}"]
    if data_path:
        out.append(f"Data: `{data_path}`" if "`" not in str(data_path) else md(str(data_path)))
    columns = sections.dictionary_table(dictionary)
    if columns is not None:
        out += ["## Data dictionary", _table(columns)]
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
    dictionary: Mapping[str, Any] | None = None,
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
    text = render_markdown(items, files, data_path, settings, dictionary=dictionary)
    target.write_text(text, encoding="utf-8")
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
    table = sections.steps_table(answer)
    out = "### What was done\n\n" + (_table(table) if table else "No tool was called.")
    planner = sections.planner_table(answer)
    return out + ("\n\n" + _table(planner) if planner else "")


def _evidence(answer: Answer) -> str:
    tables = sections.evidence_tables(answer)
    out = ["### Evidence", *(_table(t) for t in tables)]
    if not tables:
        out.append("No statistical evidence was recorded for this answer.")
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
    kinds = sections.edge_kinds_table(graph)
    if kinds:
        edges = sections.Table(["from", "edge", "to"], [[a, k, b] for a, b, k in graph.edges])
        out += [_table(kinds), _table(edges)]
    else:
        out.append("The graph has no edges.")
    return "\n\n".join(out)


def _assumptions(answer: Answer) -> str:
    out = ["### Assumptions"]
    grouped = sections.assumptions_by_method(answer)
    if not grouped:
        out.append("No method-specific assumptions were recorded.")
    for method, items in grouped:
        out.append(f"**{md(method)}**\n\n" + _bullets(items))
    for heading, items in sections.headed_lists(answer):
        out += [f"### {md(heading)}", _bullets(items)]
    return "\n\n".join(out)
