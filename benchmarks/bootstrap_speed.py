"""Bootstrap speed, and what background knowledge does for edge orientation.

1. Speed: PC (Fisher-z) with B bootstrap resamples on a random linear-Gaussian DAG of 10
   variables and 1,000 rows, on 2 worker processes (the target: 100 resamples in under 30 s,
   worker start-up included). Each run is a fresh process, so the start-up is counted.
2. Orientation: F1 of the directed edges PC finds, against the true DAG, with and without
   tiers (the true causal order cut into 3 tiers), over several random graphs.

Run:  python benchmarks/bootstrap_speed.py [--resamples 100] [--graphs 10]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

N_NODES = 10
N_ROWS = 1000
N_TIERS = 3


def make_data(seed: int):
    """A random DAG (expected degree 2) and 1,000 rows of a random linear-Gaussian SEM."""
    from askwhy.evals.synthetic.dags import random_dag
    from askwhy.evals.synthetic.random_sem import simulate

    dag = random_dag(N_NODES, expected_degree=2.0, rng=seed)
    return dag, simulate(dag, N_ROWS, "linear", seed=seed)


def true_tiers(dag, n_tiers: int = N_TIERS) -> list[list[str]]:
    """The true causal order cut into `n_tiers` consecutive tiers."""
    import networkx as nx

    order = list(nx.topological_sort(dag))
    size = -(-len(order) // n_tiers)
    return [order[i : i + size] for i in range(0, len(order), size)]


def directed_f1(graph, dag) -> float:
    """F1 of the graph's "->" edges against the true DAG's edges."""
    found = {(e.source, e.target) for e in graph.edges if e.kind == "->"}
    truth = set(dag.edges)
    hits = len(found & truth)
    if not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(truth)
    return 2 * precision * recall / (precision + recall)


def time_bootstrap(resamples: int, seed: int, workers: bool) -> dict[str, float]:
    """One run in this (fresh) process: seconds for discovery with `resamples` resamples.
    `workers`: always use the 2 worker processes (start-up included), even when the searches
    are fast enough that askwhy would run them in this process."""
    started = time.perf_counter()
    from functools import partial

    from askwhy.stats import bootstrap, discovery

    _, data = make_data(seed)
    ready = time.perf_counter()
    if workers:
        search = partial(discovery._search_graph, algorithm="pc", test="fisherz", alpha=0.05)
        run = bootstrap.bootstrap_edges(
            search, data, resamples, n_jobs=2, budget_seconds=600, parallel_after=0
        ).run
    else:
        result = discovery.discover_graph(data, bootstrap=resamples, n_jobs=2, budget_seconds=600)
        run = result.graph.provenance.bootstrap
    return {
        "imports_and_data": ready - started,
        "total": time.perf_counter() - ready,
        "bootstrap_seconds": run.seconds,
        "resamples": run.resamples,
        "failed": run.failed,
    }


def orientation(graphs: int) -> list[tuple[float, float]]:
    """(F1 without tiers, F1 with tiers) for each random graph."""
    from askwhy.core.settings import BackgroundKnowledge
    from askwhy.stats.discovery import discover_graph

    scores = []
    for seed in range(graphs):
        dag, data = make_data(seed)
        plain = discover_graph(data).graph
        tiers = BackgroundKnowledge(tiers=true_tiers(dag))
        informed = discover_graph(data, knowledge=tiers).graph
        scores.append((directed_f1(plain, dag), directed_f1(informed, dag)))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=100)
    parser.add_argument("--graphs", type=int, default=10)
    parser.add_argument("--child", choices=["auto", "workers"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        timing = time_bootstrap(args.resamples, seed=1, workers=args.child == "workers")
        print(json.dumps(timing))
        return
    for how, words in (("auto", "as askwhy runs it"), ("workers", "forced onto 2 workers")):
        command = [sys.executable, __file__, "--child", how, "--resamples", str(args.resamples)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        timing = json.loads(out.strip().splitlines()[-1])
        print(
            f"bootstrap {words}: {timing['resamples']} resamples of PC on {N_NODES} variables "
            f"x {N_ROWS:,} rows in {timing['bootstrap_seconds']:.1f} s (whole call "
            f"{timing['total']:.1f} s; imports and data {timing['imports_and_data']:.1f} s "
            f"before it; {timing['failed']} failed)"
        )
    scores = orientation(args.graphs)
    for seed, (plain, informed) in enumerate(scores):
        print(f"graph {seed}: directed-edge F1 {plain:.2f} without tiers, {informed:.2f} with")
    mean_plain = sum(p for p, _ in scores) / len(scores)
    mean_informed = sum(i for _, i in scores) / len(scores)
    better = sum(i > p for p, i in scores)
    worse = sum(i < p for p, i in scores)
    print(
        f"mean directed-edge F1 over {len(scores)} graphs: {mean_plain:.2f} without tiers, "
        f"{mean_informed:.2f} with {N_TIERS} tiers (better on {better}, worse on {worse})"
    )


if __name__ == "__main__":
    main()
