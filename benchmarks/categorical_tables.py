"""Discovery on tables that mix unordered categories with continuous columns: askwhy's
default test for them (dg: a Gaussian likelihood-ratio test with a 0/1 indicator per
category level) against chi-square on quantile bins of the continuous columns (what the
default was before, and what `--test chisq` still does).

Two sources of tables, both with a known graph:

- `generated`: seeded random DAGs (askwhy.evals.synthetic.random_dag, 6-10 nodes, expected
  degree 1.5-2.5) where 1-2 nodes are unordered categories with 3-5 text levels (the level
  with the largest of per-level linear scores of the parents plus Gumbel noise), children
  get a random offset per level of a categorical parent, and the rest is linear-Gaussian
  with random-sign weights;
- `reading`: every table under evals/sets/reading/ that has a `.graph.json` and an
  unordered category (hand-made graphs written for the reading sets).

Scores against the CPDAG of the true DAG, as benchmarks/graph_truth.py does: skeleton F1,
edge F1 (same edge with the same marks), SHD; a table whose run fails counts as failed.

    OPENBLAS_NUM_THREADS=1 python benchmarks/categorical_tables.py --graphs 30 --seed 0
"""

from __future__ import annotations

import argparse
import glob
import json
import tempfile
from pathlib import Path
from statistics import mean
from typing import Any

from graph_truth import askwhy_graph, scores

ROOT = Path(__file__).resolve().parents[1]
METHODS = {"dg": "auto", "binned_chisq": "chisq"}


def generated_table(seed: int, index: int) -> tuple[Any, Any]:
    """(DataFrame, DAG): a random DAG with 1-2 unordered categorical nodes."""
    import numpy as np
    import pandas as pd

    from askwhy.evals.synthetic import random_dag

    rng = np.random.default_rng([seed, index, 29])
    nodes = int(rng.integers(6, 11))
    dag = random_dag(nodes, expected_degree=float(rng.uniform(1.5, 2.5)), rng=rng)
    names = list(dag.nodes)
    categorical = set(rng.choice(names, size=int(rng.integers(1, 3)), replace=False))
    rows = int(rng.integers(500, 2001))
    values: dict[str, Any] = {}
    for node in _topological(dag):
        parents = list(dag.predecessors(node))
        if node in categorical:
            levels = int(rng.integers(3, 6))
            score = rng.gumbel(size=(rows, levels))
            for parent in parents:
                score += np.outer(_numeric(values[parent], rng), rng.normal(0, 1.2, levels))
            codes = score.argmax(axis=1)
            values[node] = np.array([f"{node}_{chr(97 + c)}" for c in codes])
            continue
        signal = np.zeros(rows)
        for parent in parents:
            signal += _numeric(values[parent], rng) * rng.choice([-1, 1]) * rng.uniform(0.5, 1.2)
        noise = rng.normal(size=rows)
        spread = signal.std() if signal.std() > 0 else 1.0
        values[node] = signal / spread + noise if parents else noise
    return pd.DataFrame(values), dag


def _numeric(column: Any, rng: Any) -> Any:
    """A parent's push on a child: the value, or a random offset per category level."""
    import numpy as np

    if column.dtype.kind in "fc":
        return (column - column.mean()) / (column.std() or 1.0)
    levels = sorted(set(column))
    offsets = dict(zip(levels, rng.normal(0, 1.2, len(levels)), strict=True))
    return np.array([offsets[v] for v in column])


def _topological(dag: Any) -> list[str]:
    import networkx as nx

    return list(nx.topological_sort(dag))


def reading_tables() -> list[tuple[Path, Any]]:
    from askwhy.core.data import load_csv
    from askwhy.evals.synthetic import read_true_graph

    found = []
    for graph in sorted(glob.glob(str(ROOT / "evals/sets/reading/*tables/*.graph.json"))):
        csv = Path(graph.replace(".graph.json", ".csv"))
        if load_csv(csv).unordered(load_csv(csv).columns):
            found.append((csv, read_true_graph(Path(graph))))
    return found


def score_table(path: Path, dag: Any) -> dict[str, Any]:
    from askwhy.core.settings import AnalysisSettings
    from askwhy.evals.labels import cpdag_of

    truth = cpdag_of(dag)
    row: dict[str, Any] = {"table": path.stem}
    for name, test in METHODS.items():
        try:
            found = askwhy_graph(path, AnalysisSettings(test=test))
        except Exception as error:  # noqa: BLE001 (a failed run is a result here)
            row[name] = {"failed": str(error)[:120]}
            continue
        row[name] = scores(found, truth)
    return row


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in METHODS:
        ok = [r[name] for r in rows if "failed" not in r[name]]
        out[name] = {
            "failed": len(rows) - len(ok),
            **{m: round(mean(s[m] for s in ok), 3) for m in ("skeleton_f1", "edge_f1", "shd")},
        }
    both = [r for r in rows if all("failed" not in r[n] for n in METHODS)]
    out["dg_better_edge_f1"] = sum(r["dg"]["edge_f1"] > r["binned_chisq"]["edge_f1"] for r in both)
    out["dg_worse_edge_f1"] = sum(r["dg"]["edge_f1"] < r["binned_chisq"]["edge_f1"] for r in both)
    return out


def main() -> None:
    from askwhy.evals.synthetic import write_example
    from askwhy.stats.quiet import quiet

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graphs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="askwhy-categorical-"))
    generated = []
    for index in range(args.graphs):
        frame, dag = generated_table(args.seed, index)
        path = folder / f"categorical_{index:02d}.csv"
        write_example(frame, dag, path)
        with quiet():
            generated.append(score_table(path, dag))
    with quiet():
        reading = [score_table(path, dag) for path, dag in reading_tables()]
    result = {
        "seed": args.seed,
        "generated": {"tables": len(generated), **summary(generated)},
        "reading": {"tables": len(reading), **summary(reading)},
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps({**result, "rows": generated + reading}, indent=2))


if __name__ == "__main__":
    main()
