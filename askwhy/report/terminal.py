"""Render an Answer in the terminal with rich.

The default view is short: the question, the answer and its sentence, then one line each
for the key evidence, the graph (and how to see it), what was assumed and the notes that
matter. `verbose=True` replaces those lines with the full tables (graph, effect details,
evidence, assumptions, notes, trace, planner steps). User, column and model text only ever
goes into rich Text objects, never into markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from askwhy.answer import Answer, Evidence
from askwhy.report.terminal_effects import (
    effect_headline,
    estimate_line,
    no_path_sentence,
    value_words,
)
from askwhy.report.terminal_tables import (
    bullets,
    estimate_table,
    evidence_table,
    graph_table,
    graph_tree,
    planner_table,
    trace_table,
)
from askwhy.report.terminal_words import (
    assumption_digest,
    edges_line,
    graph_line,
    main_sentence,
    model_words,
    not_saved,
    seconds,
    short_notes,
    test_line,
)

__all__ = ["graph_table", "graph_tree", "render_answer"]

ANSWER_STYLES = {
    "yes": "bold green",
    "no": "bold red",
    "uncertain": "bold yellow",
    "unclear": "bold magenta",
}
GRAPH_COMMAND = "askwhy graphs show {name}"
NOTE_LINES = 2  # the short view's notes take at most this many lines


def render_answer(
    answer: Answer,
    console: Console,
    verbose: bool = False,
    graph_command: str | None = GRAPH_COMMAND,
    more: str = "--verbose",
) -> None:
    """Print the answer: short by default, every table with `verbose`.

    `graph_command` is how the reader can see a stored graph ('{name}' is replaced); None
    when graphs are not kept between runs. `more` is how to ask for the full view (a chat
    may have its own command for it).
    """
    console.print(
        Text(" ".join(answer.question.split()), style="bold"), no_wrap=True, overflow="ellipsis"
    )
    console.print(_headline(answer))
    if verbose:
        _print_tables(answer, console)
    else:
        rows = _short_rows(answer, console, graph_command, more)
        if rows.row_count:
            console.print(rows)
    footer = f"{answer.planner} planner, {seconds(answer.seconds)}"
    console.print(Text(footer + ("" if verbose else f", {more} for details"), style="dim"))


def _headline(answer: Answer) -> Text:
    """The answer and its sentence."""
    sentence = main_sentence(answer)
    if answer.kind == "estimate" and answer.estimate is not None:
        estimate = answer.estimate
        ruled_out = no_path_sentence(estimate, answer.graph)
        if not ruled_out:
            return Text(effect_headline(estimate), style="bold")
        headline = Text.assemble((ruled_out, "bold"))
        if estimate.method != "none" and (estimate.value is not None or estimate.levels):
            headline.append(f" Estimated anyway: {value_words(estimate)}")
        return headline
    if answer.kind == "graph" and answer.graph is not None:
        return Text(f"Edges: {edges_line(answer.graph)}")
    style = ANSWER_STYLES.get(answer.answer)
    if answer.kind in ("yes_no", "unclear") and style:
        word = answer.answer.capitalize()
        text = Text.assemble((word, style))  # only the word is coloured
        rest, joint = sentence, ": " if answer.kind == "yes_no" else "\n"
        for opening in (f"{word}:", f"{word}.", word):
            if rest.lower().startswith(opening.lower()):
                rest = rest[len(opening) :].lstrip()
                joint = ". " if opening.endswith(".") else joint
                break
        if rest:
            text.append(joint)
            text.append(rest)
        return text
    if answer.kind == "choice":
        text = Text.assemble((answer.answer, "bold cyan"))
        return text.append(f". {sentence}" if sentence else "")
    return Text(sentence or answer.answer)


def _short_rows(answer: Answer, console: Console, graph_command: str | None, more: str) -> Table:
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    tests = [e for e in answer.evidence if e.kind == "test"]
    if tests:
        rows.add_row("Evidence", Text(test_line(tests)))
    estimate = answer.estimate
    if estimate is not None and estimate.method != "none":
        rows.add_row("Estimated", Text(estimate_line(estimate)))
    discovery = _discovery(answer)
    if discovery is not None or answer.graph is not None:
        text = Text(graph_line(discovery, answer.graph))
        name = answer.graph.name if answer.graph is not None else None
        if graph_command and name and not not_saved(answer):
            text.append("\nSee it: ", style="dim")
            text.append(graph_command.format(name=name))
        rows.add_row("Graph", text)
    digest = assumption_digest(answer.assumptions)
    if digest:
        rows.add_row("Assumes", Text(digest + ".", no_wrap=True, overflow="ellipsis"))
    model = model_words(answer)
    if model:
        rows.add_row("Model", _clip(model, console, NOTE_LINES, more))
    # an unclear answer's message already says what was understood; its notes are detail
    notes = short_notes(answer, main_sentence(answer)) if answer.kind != "unclear" else []
    if notes:
        rows.add_row("Notes", _clip(_sentences(notes), console, NOTE_LINES, more))
    return rows


def _sentences(notes: list[str]) -> str:
    """Notes run on as sentences, each closed with a full stop ("read 'x' as X. Left out ...")."""
    return " ".join(n if n.rstrip().endswith((".", "!", "?", ".)")) else n + "." for n in notes)


def _discovery(answer: Answer) -> Evidence | None:
    found = [e for e in answer.evidence if e.kind in ("discovery", "graph")]
    return found[-1] if found else None


def _clip(text: str, console: Console, lines: int, more: str) -> Text:
    """At most `lines` lines at the width the value column gets, ending in … when cut."""
    width = max(20, console.width - 10)
    wrapped = [str(line).rstrip() for line in Text(text).wrap(console, width)]
    if len(wrapped) <= lines:
        return Text(text)
    kept = " ".join(wrapped[:lines])
    tail = f" … more with {more}"
    cut = kept[: max(0, len(kept) - len(tail))].rsplit(" ", 1)[0]
    return Text(cut + tail)


def _print_tables(answer: Answer, console: Console) -> None:
    model = model_words(answer)
    if model:
        console.print(bullets("Model's summary", [model]))
    if answer.graph is not None:
        console.print(graph_table(answer.graph))
    if answer.estimate is not None:
        details = estimate_table(answer.estimate)
        if details is not None:
            console.print(details)
    if answer.evidence:
        console.print(evidence_table(answer))
    if answer.assumptions:
        console.print(bullets("Assumptions", answer.assumptions))
    notes = [n for n in answer.notes if n.strip() not in answer.explanation]
    if notes:
        console.print(bullets("Notes", notes))
    if answer.trace:
        console.print(trace_table(answer))
    if answer.planner_steps:
        console.print(planner_table(answer))
