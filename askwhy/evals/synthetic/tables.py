"""Hand-made tables with messy column names and their true graphs, for the reading sets.

The scripts under evals/sets/reading/ (make_tables.py, make_heldout_tables.py, ...) each
define a few table makers `make(rng) -> (DataFrame, edges)`; `write_tables` draws every one
with its own seeded Generator and writes `<name>.csv` with `<name>.graph.json` beside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.evals.synthetic.files import graph_json, graph_path

Table = tuple[pd.DataFrame, list[tuple[str, str]]]
Maker = Callable[[np.random.Generator], Table]


def pick(rng: np.random.Generator, labels: list[str], n: int, p: list[float]) -> np.ndarray:
    """`n` labels drawn with probabilities `p`."""
    return rng.choice(np.array(labels), size=n, p=p)


def coin(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """One biased coin per probability (clipped to 1-99 %)."""
    return rng.random(len(p)) < np.clip(p, 0.01, 0.99)


def yes_no(flags: np.ndarray, yes: str = "yes", no: str = "no") -> np.ndarray:
    return np.where(flags, yes, no)


def write_table(out: Path, name: str, df: pd.DataFrame, edges: list[tuple[str, str]]) -> None:
    """`out/<name>.csv` and its graph; ValueError if the edges are no DAG over the columns."""
    dag = nx.DiGraph()
    dag.add_nodes_from(df.columns)
    dag.add_edges_from(edges)
    if set(dag.nodes) != set(df.columns) or not nx.is_directed_acyclic_graph(dag):
        raise ValueError(f"{name}: edges name a column that is not in the table, or cycle")
    csv_path = out / f"{name}.csv"
    df.to_csv(csv_path, index=False)
    payload = graph_json(dag)
    lines = ",\n".join(f"    {json.dumps(edge)}" for edge in payload["edges"])
    graph_path(csv_path).write_text(
        f'{{\n  "nodes": {json.dumps(payload["nodes"])},\n  "edges": [\n{lines}\n  ]\n}}\n'
    )


def write_tables(out: Path, tables: Mapping[str, Maker], seed: int) -> None:
    """Every table, the i-th drawn with Generator([seed, i]); a line per table on stdout."""
    out.mkdir(parents=True, exist_ok=True)
    for i, (name, make) in enumerate(tables.items()):
        df, edges = make(np.random.default_rng([seed, i]))
        write_table(out, name, df, edges)
        size = (out / f"{name}.csv").stat().st_size
        print(f"{name}.csv  {len(df)} rows  {size / 1024:.1f} KB  {len(edges)} edges")
        print("   ", ", ".join(df.columns))
