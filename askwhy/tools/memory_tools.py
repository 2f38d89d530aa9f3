"""Graph memory: list, show and export the graphs kept by name."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from askwhy.errors import ToolArgumentError
from askwhy.tools.graphs import payload
from askwhy.tools.registry import GraphName, OutputPath, ToolArgs, tool
from askwhy.tools.results import GraphResult, TextResult
from askwhy.tools.workspace import Workspace


class NoArgs(ToolArgs):
    pass


class GraphNameArgs(ToolArgs):
    name: GraphName = Field(description="Name of a graph in memory.")


class ExportArgs(GraphNameArgs):
    path: OutputPath = Field(description="File to write, ending in .json or .dot.")


@tool("text", context=True)
def list_graphs(ws: Workspace, args: NoArgs) -> TextResult:
    """List the causal graphs in memory."""
    entries = ws.store.list()
    names = [e["name"] for e in entries]
    return TextResult(
        tool="list_graphs",
        summary=f"{len(names)} graph{'' if len(names) == 1 else 's'} in memory: "
        f"{', '.join(names) or 'none'}.",
        text=", ".join(names) or "none",
        details={"graphs": entries},
    )


@tool("graph")
def show_graph(ws: Workspace, args: GraphNameArgs) -> GraphResult:
    """Show a causal graph from memory."""
    graph = ws.store.get(args.name)
    n_edges = len(graph.edges)
    return GraphResult(
        tool="show_graph",
        summary=f"Graph '{args.name}' has {len(graph.nodes)} nodes and {n_edges} "
        f"edge{'' if n_edges == 1 else 's'}.",
        graph=payload(args.name, graph),
        reused=True,
    )


@tool("text", writes_files=True)
def export_graph(ws: Workspace, args: ExportArgs) -> TextResult:
    """Write a graph from memory to a .json or .dot file."""
    path = Path(args.path)
    if path.suffix not in (".json", ".dot"):
        raise ToolArgumentError(f"Cannot export to '{path.name}': use a .json or .dot file name.")
    ws.store.export(args.name, path)
    graph = ws.store.get(args.name)
    return TextResult(
        tool="export_graph",
        summary=f"Wrote graph '{args.name}' to {path}.",
        text=str(path),
        details={"name": args.name, "path": str(path)},
        graph=payload(args.name, graph),
    )
