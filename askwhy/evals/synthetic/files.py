"""Example files: a CSV with its true graph beside it as `<stem>.graph.json`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd

from askwhy.errors import ToolArgumentError


def graph_json(dag: nx.DiGraph) -> dict[str, list]:
    """The DAG as {"nodes": [...], "edges": [[a, b, "->"], ...]} (askwhy's Answer form)."""
    return {"nodes": list(dag.nodes), "edges": [[u, v, "->"] for u, v in dag.edges]}


def graph_path(csv_path: str | Path) -> Path:
    """Where the true graph of `csv_path` lives: `<stem>.graph.json` beside it."""
    csv_path = Path(csv_path)
    return csv_path.with_name(f"{csv_path.stem}.graph.json")


def write_example(df: pd.DataFrame, dag: nx.DiGraph, path: str | Path) -> Path:
    """Write `df` as a CSV (floats with 4 decimals) and its true graph beside it as
    `<stem>.graph.json`; returns the graph file's path."""
    if set(df.columns) != set(dag.nodes):
        raise ToolArgumentError(
            "The DataFrame's columns and the DAG's nodes differ: "
            f"{sorted(map(str, df.columns))} vs {sorted(map(str, dag.nodes))}."
        )
    path = Path(path)
    df.to_csv(path, index=False, float_format="%.4f")
    target = graph_path(path)
    payload = graph_json(dag)
    edges = ",\n".join(f"    {json.dumps(edge)}" for edge in payload["edges"])
    target.write_text(
        f'{{\n  "nodes": {json.dumps(payload["nodes"])},\n  "edges": [\n{edges}\n  ]\n}}\n'
    )
    return target


def read_true_graph(path: str | Path) -> nx.DiGraph:
    """Read a `<stem>.graph.json` file (or the graph beside a CSV path) as a DAG."""
    path = Path(path)
    if path.suffix == ".csv":
        path = graph_path(path)
    payload = json.loads(path.read_text())
    dag = nx.DiGraph()
    dag.add_nodes_from(payload["nodes"])
    dag.add_edges_from((a, b) for a, b, _kind in payload["edges"])
    return dag
