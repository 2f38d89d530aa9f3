"""The detailed terminal tables (`--verbose`, `askwhy graphs show`): graph, evidence, effect
details, trace, planner steps. Every cell is a rich Text, so no name or model text is read as
markup."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from askwhy.answer import Answer, EstimatePayload, Evidence, GraphPayload
from askwhy.report.terminal_effects import ci_words, refutation_name
from askwhy.report.terminal_words import (
    EDGE_WORDS,
    count,
    label,
    names,
    number,
    seconds,
    test_reason,
)


def _table(title: str, *columns: str) -> Table:
    # the title may stick out of a narrow table rather than wrap over two lines
    heading = Text(title, style="bold", no_wrap=True, overflow="ignore")
    table = Table(title=heading, title_justify="left", show_edge=False)
    for column in columns:
        table.add_column(column)
    return table


def graph_table(graph: GraphPayload) -> Table:
    """Every edge once, grouped by its first node: cause, edge, effect, what it means."""
    title = f"Causal graph {graph.name}" if graph.name else "Causal graph"
    title += f": {count(len(graph.nodes), 'variable')}, {count(len(graph.edges), 'edge')}"
    table = _table(title, "from", "edge", "to", "meaning")
    touched = {n for a, b, _ in graph.edges for n in (a, b)}
    for node in graph.nodes:
        first = True
        for a, b, kind in graph.edges:
            if a != node:
                continue
            table.add_row(
                Text(a if first else "", style="bold"),
                Text(kind),
                Text(b),
                Text(EDGE_WORDS.get(kind, kind), style="dim"),
            )
            first = False
    lonely = [n for n in graph.nodes if n not in touched]
    if lonely:
        table.caption = Text(f"No edges: {names(lonely)}.", style="dim")
        table.caption_justify = "left"
    return table


def graph_tree(graph: GraphPayload) -> Tree:
    """Causes above effects as a tree; links without a clear direction listed apart."""
    title = Text("Causal graph", style="bold")
    if graph.name:
        title.append(f" {graph.name}")
    tree = Tree(title)
    children: dict[str, list[tuple[str, str]]] = {node: [] for node in graph.nodes}
    has_cause: set[str] = set()
    links: list[tuple[str, str, str]] = []
    for a, b, kind in graph.edges:
        if kind in ("->", "o->") and a in children:
            children[a].append((b, kind))
            has_cause.add(b)
        else:
            links.append((a, b, kind))
    shown: set[str] = set()

    def grow(branch: Tree, node: str) -> None:
        for child, kind in children.get(node, []):
            line = Text(f"{kind} ")
            if child in shown:
                line.append(child)
                line.append(", shown above", style="dim")
                branch.add(line)
                continue
            shown.add(child)
            line.append(child, style="bold")
            grow(branch.add(line), child)

    roots = [n for n in graph.nodes if n not in has_cause] or list(graph.nodes[:1])
    for node in roots + [n for n in graph.nodes if n not in roots]:
        if node in shown:
            continue
        shown.add(node)
        grow(tree.add(Text(node, style="bold")), node)
    if links:
        branch = tree.add(Text("links without a clear direction", style="italic"))
        for a, b, kind in links:
            branch.add(Text(f"{a} {kind} {b}: {EDGE_WORDS.get(kind, kind)}"))
    return tree


def evidence_table(answer: Answer) -> Table:
    """Method, numbers, rows and settings of each piece of evidence; nothing the answer's
    sentence already says."""
    table = _table("Evidence", "method", "result", "rows", "details")
    for item in answer.evidence:
        details = _details(item)
        if item.note and item.kind != "discovery" and item.note not in answer.explanation:
            details = f"{details}; {item.note}" if details else item.note
        table.add_row(
            Text(label(item.method)), Text(_result(item)), Text(_rows(item)), Text(details)
        )
    return table


def _result(item: Evidence) -> str:
    parts = []
    if item.p_value is not None:
        parts.append(f"p = {number(item.p_value)}")
    if item.statistic is not None:
        parts.append(f"statistic {number(item.statistic)}")
    if item.alpha is not None:
        parts.append(f"α {number(item.alpha)}")
    return ", ".join(parts)


def _rows(item: Evidence) -> str:
    rows = item.parameters.get("rows")
    if not isinstance(rows, int):
        return ""
    left = item.parameters.get("rows_left_out")
    return f"{rows:,}" + (f", {left:,} left out" if isinstance(left, int) and left else "")


def _details(item: Evidence) -> str:
    params = item.parameters
    if item.kind == "discovery":
        parts = [f"graph {params['graph']}"] if params.get("graph") else []
        if params.get("test"):
            parts.append(f"{label(str(params['test']))} test")
        if isinstance(params.get("columns"), list):
            parts.append(count(len(params["columns"]), "column"))
        parts.append("reused from memory" if params.get("reused") else "discovered now")
        reason = test_reason(item)
        return ", ".join(parts) + (f"; test chosen because {reason}" if reason else "")
    shown = []
    for key, value in params.items():
        if key in ("x", "y", "rows", "rows_left_out", "ci") or value in (None, "", [], {}):
            continue
        shown.append(f"{key.replace('_', ' ')} {_value(value)}")
    return ", ".join(shown)


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return names([_value(v) for v in value])
    if isinstance(value, float):
        return number(value)
    return str(value)


def estimate_table(estimate: EstimatePayload) -> Table | None:
    """Refutations, possible effects, levels, diagnostics and sensitivity of an effect."""
    table = _table("Effect details", "check", "result")
    for r in estimate.refutations:
        mark = {True: "passed", False: "FAILED", None: "not decided"}[r.passed]
        value = f"new effect {number(r.new_effect)}" if r.new_effect is not None else ""
        if r.p_value is not None:
            value += f", p = {number(r.p_value)}" if value else f"p = {number(r.p_value)}"
        # the summary restates the numbers in words; show one or the other
        table.add_row(Text(f"{refutation_name(r.method)}: {mark}"), Text(r.summary or value))
    for p in estimate.possible_effects:
        where = p.note or f"adjusting for {names(p.adjustment_set) or 'nothing'}"
        table.add_row(Text("possible effect"), Text(f"{number(p.value)}, {where}"))
    for level in estimate.levels:
        parts = [number(level.value), ci_words(level.ci)]
        if level.n_rows:
            parts.append(count(level.n_rows, "row"))
        table.add_row(
            Text(f"{level.level} against {level.reference}"), Text(", ".join(p for p in parts if p))
        )
    for d in estimate.diagnostics:
        value = number(d.value) if isinstance(d.value, float) else str(d.value or "")
        table.add_row(Text(d.name), Text(", ".join(p for p in (value, d.note) if p)))
    if estimate.sensitivity:
        table.add_row(Text("sensitivity"), Text(estimate.sensitivity))
    return table if table.row_count else None


def bullets(title: str, items: list[str]) -> Group:
    lines = [Text(title, style="bold")]
    for item in items:
        line = Text("  • ")
        line.append(item)
        lines.append(line)
    return Group(*lines)


def trace_table(answer: Answer) -> Table:
    """Each tool call: its arguments, seconds, and the short facts it returned."""
    table = _table("Trace", "tool", "arguments", "seconds", "returned")
    for step in answer.trace:
        args = ", ".join(
            f"{k} {_value(v)}" for k, v in step.args.items() if v not in (None, [], "", {})
        )
        table.add_row(
            Text(step.tool),
            Text(args),
            Text(seconds(step.seconds)),
            Text(_facts(step.result, step.error, step.args)),
        )
    return table


def _facts(result: dict[str, Any], error: str | None, args: dict[str, Any]) -> str:
    """Short scalar facts of a result, leaving out what the arguments already say."""
    if error:
        return f"error: {error}"
    facts = []
    for key, value in result.items():
        if key == "opening" or value in (None, "", [], {}) or args.get(key) == value:
            continue
        if isinstance(value, bool | int | float | str) and len(str(value)) <= 60:
            facts.append(f"{key.replace('_', ' ')} {_value(value)}")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            facts.append(f"{key.replace('_', ' ')} {names(value)}")
    return ", ".join(facts[:6])


def planner_table(answer: Answer) -> Table:
    """The planner's own steps: routing, model calls, tokens."""
    table = _table("Planner steps", "planner", "seconds", "step")
    for step in answer.planner_steps:
        table.add_row(Text(step.planner), Text(seconds(step.seconds)), Text(step.summary))
    return table
