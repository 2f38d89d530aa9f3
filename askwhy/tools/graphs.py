"""Fetching the graph a question needs, and describing where it came from."""

from __future__ import annotations

from askwhy.answer import Evidence, GraphPayload
from askwhy.core.graph import CausalGraph
from askwhy.errors import ToolArgumentError
from askwhy.tools.args import GraphSettings
from askwhy.tools.workspace import GraphRun, Workspace


def graph_for_query(ws: Workspace, args: GraphSettings, needed: list[str]) -> GraphRun:
    """The named graph (checked to hold `needed`), or the discovered one for the settings."""
    if args.graph:
        graph = ws.store.get(args.graph)
        missing = [n for n in needed if n not in graph.nodes]
        if missing:
            raise ToolArgumentError(
                f"Graph '{args.graph}' has no node {', '.join(missing)}; its nodes are "
                f"{', '.join(graph.nodes)}."
            )
        return GraphRun(name=args.graph, graph=graph, reused=True)
    dataset = ws.dataset(args.dataset)
    return ws.graph_for(dataset, None, args.analysis_settings())


def payload(name: str | None, graph: CausalGraph) -> GraphPayload:
    return GraphPayload(name=name, nodes=list(graph.nodes), edges=graph.edge_list())


def run_summary(run: GraphRun) -> str:
    provenance = run.graph.provenance
    settings = ""
    if provenance is not None:
        parts = [provenance.algorithm.upper()]
        if provenance.test:
            parts.append(f"{provenance.test} test")
        if provenance.alpha:
            parts.append(f"alpha {provenance.alpha:g}")
        settings = " (" + ", ".join(parts) + ")"
    where = "reused from memory" if run.reused else f"discovered in {run.seconds:.2f} s"
    n_edges = len(run.graph.edges)
    return (
        f"Graph '{run.name}'{settings}, {where}: {len(run.graph.nodes)} variables, "
        f"{n_edges} edge{'' if n_edges == 1 else 's'}."
    )


def graph_source(run: GraphRun) -> str:
    """Where the graph came from and why its test was chosen, in words."""
    return run_summary(run) + (f" Test: {run.test_reason}." if run.test_reason else "")


def discovery_evidence(run: GraphRun) -> Evidence:
    """The graph's provenance as evidence: algorithm, test, alpha, columns, reuse."""
    from askwhy.stats.discovery import ALGORITHM_ASSUMPTIONS

    p = run.graph.provenance
    return Evidence(
        kind="discovery",
        method=p.algorithm if p else "graph from memory",
        alpha=p.alpha if p else None,
        parameters={
            "graph": run.name,
            "test": p.test if p else None,
            "columns": p.columns if p else run.graph.nodes,
            "reused": run.reused,
        },
        assumptions=run.assumptions or (ALGORITHM_ASSUMPTIONS.get(p.algorithm, []) if p else []),
        note=graph_source(run),
    )
