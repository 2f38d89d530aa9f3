"""askwhy's default graph against the true graph, beside plain causal-learn PC, on seeded data.

Per table: a seeded random DAG (askwhy.evals.synthetic.random_dag, expected degree drawn in
1-3 as the eval generator does), its data written as a CSV with 4 decimals and read back
with askwhy's loader (what a question reads), then

- `askwhy`: the graph a "draw the causal graph" question gets (Workspace.graph_for with
  default AnalysisSettings: PC, alpha 0.05, test chosen from the profile, PC-MaxP);
- `auto`: the same with `algorithm auto` (`askwhy ... --algorithm auto`): the method chosen
  from the profile (askwhy.stats.method_choice; BOSS for linear-Gaussian-looking data);
- `pc`: causal-learn's `pc(values, 0.05, "fisherz")` on the same values (stable skeleton,
  the usual sepset collider rule, Meek), as a user of causal-learn gets it by default.

Scores against the **CPDAG of the true DAG** (causal-learn dag2cpdag; on `realistic` data,
whose binary / ordinal columns are cut from latent scores, the same DAG's CPDAG):

- skeleton F1: adjacencies, marks ignored;
- edge F1 ("directed-edge F1"): an edge is a hit when the true CPDAG has the same edge with
  the same marks: the same arrow X -> Y, or both undirected X -- Y; a reversed arrow, or an
  arrow where the truth is undirected (or the reverse), is a miss. Precision = hits /
  predicted edges, recall = hits / true edges;
- arrow F1: arrows only (askwhy.evals.scoring's "oriented F1"): predicted X -> Y vs the
  true CPDAG's arrows; undirected edges count on neither side;
- SHD: pairs adjacent in one graph only, plus shared pairs whose marks differ (askwhy.evals
  .scoring.score_graph);
- seconds per graph (single-threaded BLAS recommended: OPENBLAS_NUM_THREADS=1).

Families: `linear` (linear-Gaussian, random-sign weights, unit variance; p = 10, n = 1,000 by
default), `realistic` (askwhy.evals.synthetic.realistic: 8-20 columns of skewed, heavy-tailed,
saturating and threshold mechanisms, binary and ordinal columns, weak and strong effects,
measurement noise, 1,000-5,000 rows).

    python benchmarks/graph_truth.py --family linear --graphs 30 --seed 0
    python benchmarks/graph_truth.py --family realistic --graphs 30 --seed 0 --json out.json
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
import time
import warnings
from pathlib import Path
from statistics import mean
from typing import Any

METRICS = ("skeleton_f1", "edge_f1", "arrow_f1", "shd", "seconds")


def make_table(family: str, seed: int, index: int, nodes: int, rows: int) -> tuple[Any, Any]:
    """(DataFrame, DAG) of one seeded table."""
    import numpy as np

    from askwhy.evals.synthetic import random_dag, random_linear_sem

    rng = np.random.default_rng([seed, index, 13])
    if family == "linear":
        dag = random_dag(nodes, expected_degree=float(rng.uniform(1.0, 3.0)), rng=rng)
        sem = random_linear_sem(dag, rng)
        return sem.sample(rows, rng), dag
    from askwhy.evals.synthetic.realistic import random_realistic_table

    frame, dag = random_realistic_table(rng)
    return frame, dag


def askwhy_graph(path: Path, settings: Any = None) -> Any:
    """The graph a default "draw the causal graph" question gets, from a fresh memory."""
    from askwhy.core.data import load_csv
    from askwhy.core.settings import AnalysisSettings
    from askwhy.memory.store import GraphStore
    from askwhy.stats.quiet import quiet
    from askwhy.tools.workspace import Workspace

    dataset = load_csv(path)
    workspace = Workspace(GraphStore(None))
    workspace.add(dataset)
    with quiet():
        run = workspace.graph_for(dataset, dataset.columns, settings or AnalysisSettings())
    return run.graph


def plain_pc_graph(path: Path) -> Any:
    """causal-learn's PC with its defaults (fisherz, alpha 0.05) on the loaded values."""
    from causallearn.search.ConstraintBased.PC import pc

    from askwhy.core.data import load_csv
    from askwhy.core.graph import CausalGraph

    frame = load_csv(path).frame
    names = list(frame.columns)
    values = frame.to_numpy(dtype=float)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        found = pc(values, 0.05, "fisherz", show_progress=False, node_names=names)
    return CausalGraph.from_causallearn(found.G, names, kind="cpdag")


def scores(found: Any, truth: Any) -> dict[str, float]:
    """Skeleton, edge and arrow F1 and SHD of `found` against the true CPDAG `truth`."""
    from askwhy.evals.labels import edge_label
    from askwhy.evals.scoring import score_graph

    predicted, true = edge_label(found), edge_label(truth)
    metrics = score_graph(predicted, true).metrics
    pred_edges, true_edges = _canonical(predicted), _canonical(true)
    hits = len(pred_edges & true_edges)
    precision = hits / len(pred_edges) if pred_edges else 1.0
    recall = hits / len(true_edges) if true_edges else 1.0
    edge_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "skeleton_f1": metrics["skeleton_f1"],
        "edge_f1": edge_f1,
        "arrow_f1": metrics["oriented_f1"],
        "shd": metrics["shd"],
    }


def _canonical(edges: list[list[str]]) -> set[tuple[str, str, str]]:
    out = set()
    for a, b, kind in edges:
        if kind == "<-":
            a, b, kind = b, a, "->"
        if kind != "->" and b < a:
            a, b = b, a
        out.add((a, b, kind))
    return out


def run(
    family: str, graphs: int, seed: int, nodes: int, rows: int, verbose: bool = False
) -> dict[str, Any]:
    from askwhy.core.settings import AnalysisSettings
    from askwhy.evals.labels import cpdag_of
    from askwhy.evals.synthetic import write_example

    auto = AnalysisSettings(algorithm="auto")
    methods = {
        "askwhy": askwhy_graph,
        "auto": lambda path: askwhy_graph(path, auto),
        "pc": plain_pc_graph,
    }
    per_table: list[dict[str, Any]] = []
    folder = Path(tempfile.mkdtemp(prefix="askwhy-graph-truth-"))
    for index in range(graphs):
        frame, dag = make_table(family, seed, index, nodes, rows)
        path = folder / f"{family}_{index:02d}.csv"
        write_example(frame, dag, path)
        truth = cpdag_of(dag)
        row: dict[str, Any] = {
            "index": index,
            "nodes": dag.number_of_nodes(),
            "edges": dag.number_of_edges(),
            "rows": len(frame),
        }
        for name, method in methods.items():
            started = time.perf_counter()
            found = method(path)
            row[name] = {**scores(found, truth), "seconds": time.perf_counter() - started}
            if name != "pc" and found.provenance is not None:
                p = found.provenance
                row[f"{name}_method"] = f"{p.algorithm} {p.test}" if p.test else p.algorithm
        per_table.append(row)
        if verbose:
            parts = "  ".join(
                f"{m} sk {row[m]['skeleton_f1']:.2f} ed {row[m]['edge_f1']:.2f} "
                f"shd {row[m]['shd']:.0f}"
                for m in methods
            )
            print(f"{index:3d} p={row['nodes']} e={row['edges']} n={row['rows']}: {parts}")
    summary = {
        name: {metric: mean(r[name][metric] for r in per_table) for metric in METRICS}
        for name in methods
    }
    chosen: dict[str, dict[str, int]] = {"askwhy": {}, "auto": {}}
    for r in per_table:
        for name, counts in chosen.items():
            counts[r[f"{name}_method"]] = counts.get(r[f"{name}_method"], 0) + 1
    return {
        "family": family,
        "graphs": graphs,
        "seed": seed,
        "nodes": nodes,
        "rows": rows,
        "summary": summary,
        "methods_chosen": chosen,
        "wins": {name: _wins(per_table, name) for name in ("askwhy", "auto")},
        "tables": per_table,
    }


def _wins(per_table: list[dict[str, Any]], name: str) -> dict[str, list[int]]:
    """Tables where `name` is better / equal / worse than plain PC, by skeleton F1 and SHD."""
    out = {}
    for metric, sign in (("skeleton_f1", 1), ("shd", -1)):
        diffs = [sign * (r[name][metric] - r["pc"][metric]) for r in per_table]
        out[metric] = [
            sum(d > 1e-9 for d in diffs),
            sum(abs(d) <= 1e-9 for d in diffs),
            sum(d < -1e-9 for d in diffs),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=["linear", "realistic"], default="linear")
    parser.add_argument("--graphs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nodes", type=int, default=10, help="linear family only")
    parser.add_argument("--rows", type=int, default=1000, help="linear family only")
    parser.add_argument("--json", help="write the figures (and every table's) to this file")
    parser.add_argument("--verbose", action="store_true", help="print every table's scores")
    args = parser.parse_args()
    figures = run(args.family, args.graphs, args.seed, args.nodes, args.rows, args.verbose)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    print(f"{args.family}: {args.graphs} graphs, seed {args.seed}")
    print(f"{'method':<8} {'skeleton F1':>11} {'edge F1':>8} {'arrow F1':>9} {'SHD':>6} {'s':>6}")
    for name, row in figures["summary"].items():
        print(
            f"{name:<8} {row['skeleton_f1']:>11.3f} {row['edge_f1']:>8.3f} "
            f"{row['arrow_f1']:>9.3f} {row['shd']:>6.2f} {row['seconds']:>6.2f}"
        )
    for name, wins in figures["wins"].items():
        print(
            f"{name} vs pc (tables better/equal/worse): skeleton F1 {wins['skeleton_f1']}, "
            f"SHD {wins['shd']}; chosen: {figures['methods_chosen'][name]}"
        )


if __name__ == "__main__":
    main()
