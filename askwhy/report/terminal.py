"""Render an Answer in the terminal with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from askwhy.answer import Answer, GraphPayload
from askwhy.core.graph import EDGE_VERBS

ANSWER_STYLES = {
    "yes": "bold green",
    "no": "bold red",
    "uncertain": "bold yellow",
    "unclear": "bold magenta",
}


def render_answer(answer: Answer, console: Console, verbose: bool = False) -> None:
    style = ANSWER_STYLES.get(answer.answer, "bold cyan")
    parts: list = [Text(answer.answer, style=style)]
    if answer.estimate is not None:
        parts.append(_estimate_text(answer))
    parts.append(Text(answer.explanation))
    title = Text(" ".join(answer.question.split()), overflow="ellipsis", no_wrap=True)
    console.print(Panel(Group(*parts), title=title, title_align="left"))
    if answer.graph is not None:
        console.print(graph_table(answer.graph))
    if answer.evidence:
        console.print(_evidence_table(answer))
    if answer.notes:
        console.print(Text("Notes", style="bold"))
        for note in answer.notes:
            console.print(Text(f"  • {note}"))
    if answer.assumptions:
        console.print(Text("Assumptions", style="bold"))
        for assumption in answer.assumptions:
            console.print(Text(f"  • {assumption}"))
    if verbose:
        console.print(_trace_table(answer))
        if answer.planner_steps:
            console.print(_planner_table(answer))
    console.print(
        Text(f"{answer.planner} planner, {answer.seconds:.2f} s", style="dim"), justify="right"
    )


def graph_table(graph: GraphPayload) -> Table:
    """Edges grouped by node: what each variable causes and what it is linked to."""
    table = Table(title=f"Causal graph {graph.name or ''}".strip(), title_justify="left")
    table.add_column("variable", style="bold")
    table.add_column("edges")
    for node in graph.nodes:
        lines = []
        for a, b, kind in graph.edges:
            if a == node:
                lines.append(_edge_line(a, kind, b))
            elif b == node and kind in ("--", "<->", "o-o"):
                lines.append(_edge_line(b, kind, a))
        table.add_row(node, "\n".join(lines) or "[dim]no outgoing or undirected edges[/dim]")
    return table


def graph_tree(graph: GraphPayload) -> Tree:
    """Causes above effects as a tree; links without a clear direction listed apart."""
    tree = Tree(f"[bold]Causal graph {escape(graph.name or '')}".strip())
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
            if child in shown:
                branch.add(f"{kind} {escape(child)} [dim](shown above)[/dim]")
                continue
            shown.add(child)
            grow(branch.add(f"{kind} [bold]{escape(child)}[/bold]"), child)

    roots = [n for n in graph.nodes if n not in has_cause] or list(graph.nodes[:1])
    for node in roots + [n for n in graph.nodes if n not in roots]:
        if node in shown:
            continue
        shown.add(node)
        grow(tree.add(f"[bold]{escape(node)}[/bold]"), node)
    if links:
        branch = tree.add("[italic]links without a clear direction[/italic]")
        for a, b, kind in links:
            branch.add(escape(_edge_line(a, kind, b)))
    return tree


def _edge_line(a: str, kind: str, b: str) -> str:
    """An edge in symbols, then in words: 'a -> b   (a causes b)'."""
    return f"{a} {kind} {b}   ({a} {EDGE_VERBS.get(kind, kind)} {b})"


def _estimate_text(answer: Answer) -> Text:
    estimate = answer.estimate
    assert estimate is not None
    text = Text()
    if estimate.value is not None:
        text.append(f"effect = {estimate.value:.4g}")
        if estimate.ci:
            text.append(f"  95% CI [{estimate.ci[0]:.4g}, {estimate.ci[1]:.4g}]")
        adjust = ", ".join(estimate.adjustment_set) or "nothing"
        text.append(f"  adjusted for: {adjust}  method: {estimate.method}")
        for refutation in estimate.refutations:
            mark = {True: "passed", False: "FAILED", None: "n/a"}[refutation.passed]
            text.append(f"\nrefutation {refutation.method}: {mark}. {refutation.summary}")
    for possible in estimate.possible_effects:
        adjust = ", ".join(possible.adjustment_set) or "nothing"
        where = possible.note or f"adjusting for {adjust}"
        text.append(f"\npossible effect {possible.value:.4g} ({where})")
    return text


def _evidence_table(answer: Answer) -> Table:
    table = Table(title="Evidence", title_justify="left")
    table.add_column("method", overflow="fold", max_width=28)
    for column in ("statistic", "p-value", "alpha", "details"):
        table.add_column(column)
    for item in answer.evidence:
        statistic, p_value, alpha = item.statistic, item.p_value, item.alpha
        table.add_row(
            item.method,
            f"{statistic:.4g}" if statistic is not None else "",
            f"{p_value:.3g}" if p_value is not None else "",
            f"{alpha:g}" if alpha is not None else "",
            item.note,
        )
    return table


def _trace_table(answer: Answer) -> Table:
    table = Table(title="Trace", title_justify="left")
    for column in ("tool", "args", "seconds", "result"):
        table.add_column(column)
    for step in answer.trace:
        args = ", ".join(f"{k}={v!r}" for k, v in step.args.items() if v not in (None, [], ""))
        table.add_row(
            Text(step.tool), Text(args), f"{step.seconds:.3f}", Text(step.error or step.summary)
        )
    return table


def _planner_table(answer: Answer) -> Table:
    """The planner's own steps: routing, model calls, tokens."""
    table = Table(title="Planner steps", title_justify="left")
    for column in ("planner", "seconds", "step"):
        table.add_column(column)
    for step in answer.planner_steps:
        table.add_row(Text(step.planner), f"{step.seconds:.3f}", Text(step.summary))
    return table
