"""One self-contained HTML report (inline CSS and SVG, no scripts, nothing fetched)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

from askwhy.answer import Answer
from askwhy.report import sections
from askwhy.report.reproduce import cli_command, python_code
from askwhy.report.svg import Engine, graph_svg

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto;
       padding: 0 1em; color: #1d1d1d; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2em; }
h3 { margin-top: 1.4em; font-size: 1.1em; }
.sentence { font-size: 1.2em; background: #f3f6fb; border-left: 5px solid #1f3b73;
            padding: .6em .9em; }
.yes { border-left-color: #2e7d32; } .no { border-left-color: #b3261e; }
.uncertain { border-left-color: #c99400; }
table { border-collapse: collapse; margin: .5em 0; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
pre { background: #f6f8fa; border: 1px solid #ddd; padding: .7em; overflow-x: auto; }
code { font-family: Menlo, Consolas, monospace; font-size: .9em; }
.graph { border: 1px solid #ddd; padding: .5em; display: inline-block; max-width: 100%;
         overflow-x: auto; }
.graph svg { max-width: 100%; height: auto; }
.muted { color: #666; font-size: .9em; }
"""


def render_html(
    answers: Answer | Sequence[Answer],
    data_path: str | None = None,
    settings: Mapping[str, Any] | None = None,
    title: str | None = None,
    engine: Engine = "auto",
    dictionary: Mapping[str, Any] | None = None,
) -> str:
    """The report as one HTML page; several answers make a conversation report.

    `dictionary` (column -> data dictionary entry) adds a "Data dictionary" table."""
    items = [answers] if isinstance(answers, Answer) else list(answers)
    heading = title or (
        "askwhy report" if len(items) != 1 else f"askwhy report: {items[0].question}"
    )
    body = [f"<h1>{escape(heading)}</h1>"]
    created = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    data = f", data: <code>{escape(str(data_path))}</code>" if data_path else ""
    body.append(f'<p class="muted">Created {created}{data}.</p>')
    columns = sections.dictionary_table(dictionary)
    if columns is not None:
        body += ["<h2>Data dictionary</h2>", _table(columns)]
    if not items:
        body.append("<p>No questions were asked yet, so there is nothing to report.</p>")
    if len(items) > 1:
        body.append("<ol>")
        body += [f'<li><a href="#q{i}">{escape(a.question)}</a></li>' for i, a in enumerate(items)]
        body.append("</ol>")
    for index, answer in enumerate(items):
        body.append(_answer_section(answer, index, data_path, settings, engine))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def write_html(
    answers: Answer | Sequence[Answer],
    path: str | Path,
    data_path: str | None = None,
    settings: Mapping[str, Any] | None = None,
    engine: Engine = "auto",
    dictionary: Mapping[str, Any] | None = None,
) -> Path:
    """Write the HTML report to `path` and return it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    page = render_html(answers, data_path, settings, engine=engine, dictionary=dictionary)
    target.write_text(page, encoding="utf-8")
    return target


def _answer_section(
    answer: Answer,
    index: int,
    data_path: str | None,
    settings: Mapping[str, Any] | None,
    engine: Engine,
) -> str:
    parts = [f'<section class="answer" id="q{index}">']
    parts.append(f"<h2>Question</h2>\n<p>{escape(answer.question)}</p>")
    verdict = answer.answer if answer.kind == "yes_no" else ""
    parts.append("<h3>Answer</h3>")
    parts.append(
        f'<p class="sentence {escape(verdict)}">{escape(sections.one_sentence(answer))}</p>'
    )
    rest = sections.explanation_rest(answer)
    if rest:
        parts.append(f"<p>{escape(rest)}</p>")
    parts.append(_steps(answer))
    parts.append(_evidence(answer))
    if answer.graph is not None:
        parts.append(_graph(answer, engine))
    parts.append(_assumptions(answer))
    parts.append("<h3>How to reproduce</h3>")
    parts.append("<p>Command line:</p>")
    parts.append(f"<pre><code>{escape(cli_command(answer, data_path, settings))}</code></pre>")
    parts.append("<p>Python:</p>")
    parts.append(f"<pre><code>{escape(python_code(answer, data_path, settings))}</code></pre>")
    parts.append(f'<p class="muted">{escape(answer.planner)} planner, {answer.seconds:.2f} s.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _table(table: sections.Table) -> str:
    out = [f"<p><strong>{escape(table.title)}</strong></p>"] if table.title else []
    if table.intro:
        out.append(f"<p>{escape(table.intro)}</p>")
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(out)


def _bullets(lead: str, items: Sequence[str]) -> list[str]:
    return [f"{lead}<ul>", *(f"<li>{escape(item)}</li>" for item in items), "</ul>"]


def _steps(answer: Answer) -> str:
    table = sections.steps_table(answer)
    out = "<h3>What was done</h3>\n" + (_table(table) if table else "<p>No tool was called.</p>")
    planner = sections.planner_table(answer)
    return out + ("\n" + _table(planner) if planner else "")


def _evidence(answer: Answer) -> str:
    tables = sections.evidence_tables(answer)
    out = ["<h3>Evidence</h3>", *(_table(t) for t in tables)]
    if not tables:
        out.append("<p>No statistical evidence was recorded for this answer.</p>")
    return "\n".join(out)


def _graph(answer: Answer, engine: Engine) -> str:
    graph = answer.graph
    assert graph is not None
    marked = sections.highlighted(answer)
    name = f" <code>{escape(graph.name)}</code>" if graph.name else ""
    out = [f"<h3>Causal graph{name}</h3>"]
    if marked:
        out.append(f"<p>Variables of the question (highlighted): {escape(', '.join(marked))}.</p>")
    out.append(f'<div class="graph">{graph_svg(graph, marked, engine=engine)}</div>')
    kinds = sections.edge_kinds_table(graph)
    if kinds:
        out.append(_table(kinds))
        edges = ", ".join(f"{a} {kind} {b}" for a, b, kind in graph.edges)
        out.append(f'<p class="muted">Edges: {escape(edges)}</p>')
    return "\n".join(out)


def _assumptions(answer: Answer) -> str:
    out = ["<h3>Assumptions</h3>"]
    grouped = sections.assumptions_by_method(answer)
    if not grouped:
        out.append("<p>No method-specific assumptions were recorded.</p>")
    for method, items in grouped:
        out += _bullets(f"<p><strong>{escape(method)}</strong></p>", items)
    for heading, items in sections.headed_lists(answer):
        out += _bullets(f"<h3>{escape(heading)}</h3>", items)
    return "\n".join(out)
