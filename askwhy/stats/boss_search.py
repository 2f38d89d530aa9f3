"""BOSS (best order score search; Andrews, Ramsey et al. 2023) with seeded restarts.

BOSS searches orders of the variables: each variable in turn is moved to the place in the
order where the sum of the local scores is best, the parents of each variable being the
best-scoring subset of the ones before it (causal-learn's grow-shrink trees, `GST`), until
no move helps. The result is the DAG of the best order, reported as its CPDAG (every DAG
of the class has the same BIC).

causal-learn's `boss` runs that once from the order the columns come in and shuffles its
visiting order with Python's global `random`, so its graph changes from run to run and it
stops at the first local optimum. Here the same moves (causal-learn's `better_mutation`
and `GST`) run from STARTS orders (the columns' own order, then seeded shuffles, with a
seeded visiting order: the same data and seed give the same graph), and the order with the
best total score is kept.

Score: BIC of a linear-Gaussian model on the normal scores of every column (ranks mapped to
Gaussian quantiles, `copula_scores`: the Gaussian-copula or nonparanormal model, so skewed,
heavy-tailed, binary and ordinal columns and monotone relations fit it; on Gaussian data it
changes little), from their correlation matrix (causal-learn
`local_score_BIC_from_cov`: -n/2 (1 + log residual variance) - PENALTY (|parents| + 1)
log n); PENALTY 1.0 is twice the textbook BIC penalty (0.5), Tetrad's "penalty discount 2".
For discrete columns, the BDeu score. On seeded linear-Gaussian DAGs (p = 10, n = 1,000;
benchmarks/graph_truth.py, three development seeds) restarts made the difference: one start
0.83-0.99 directed-edge F1 by seed, ten 0.94-1.00 (twenty: the same); penalty 0.5 with ten
starts 0.89-0.93 (evals/README.md).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import numpy as np

PENALTY = 1.0
STARTS = 10

ASSUMPTIONS = [
    "BOSS searches orders of the variables for the best BIC score (linear-Gaussian model; "
    "BDeu for discrete data); it assumes no hidden common causes and no feedback loops.",
    "Like PC, it finds an equivalence class: undirected edges (--) mean the data cannot tell "
    "the direction.",
]


def run_boss(
    values: np.ndarray,
    names: Sequence[str],
    discrete: bool = False,
    seed: int = 0,
    penalty: float | None = None,
    starts: int | None = None,
) -> Any:
    """The CPDAG (causal-learn GeneralGraph) of the best order found over `starts` starts
    (default STARTS; `penalty` default PENALTY).

    `values`: copula_scores (BIC) or the raw category codes (`discrete`: BDeu)."""
    penalty = PENALTY if penalty is None else penalty
    starts = STARTS if starts is None else starts
    from causallearn.score.LocalScoreFunction import local_score_BDeu, local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass
    from causallearn.search.PermutationBased.gst import GST

    if discrete:
        score = LocalScoreClass(data=values, local_score_fun=local_score_BDeu, parameters=None)
    else:
        score = LocalScoreClass(
            data=values,
            local_score_fun=local_score_BIC_from_cov,
            parameters={"lambda_value": penalty},
        )
    p = values.shape[1]
    trees = [GST(v, score) for v in range(p)]
    rng = random.Random(seed)
    best: tuple[float, dict[int, list[int]]] | None = None
    for start in range(max(1, starts)):
        order = list(range(p))
        if start:
            rng.shuffle(order)
        total, parents = _best_order(order, trees, rng)
        if best is None or total > best[0] + 1e-9:
            best = (total, parents)
    assert best is not None
    return _cpdag(best[1], names)


def copula_scores(values: np.ndarray) -> np.ndarray:
    """Every column as standardized normal scores (ties averaged)."""
    from askwhy.stats.test_choice import normal_scores

    scores = np.column_stack([normal_scores(values[:, i]) for i in range(values.shape[1])])
    spread = scores.std(axis=0)
    return (scores - scores.mean(axis=0)) / np.where(spread > 0, spread, 1.0)


def _best_order(
    order: list[int], trees: list[Any], rng: random.Random
) -> tuple[float, dict[int, list[int]]]:
    """Move variables until no move improves the score; the total score and the parents."""
    from causallearn.search.PermutationBased.BOSS import better_mutation

    visiting = list(order)
    while True:
        rng.shuffle(visiting)
        improved = False
        for v in visiting:
            improved |= better_mutation(v, order, trees)
        if not improved:
            break
    total, parents = 0.0, {}
    for i, v in enumerate(order):
        found: list[int] = []
        total += float(trees[v].trace(order[:i], found))
        parents[v] = found
    return total, parents


def _cpdag(parents: dict[int, list[int]], names: Sequence[str]) -> Any:
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.DAG2CPDAG import dag2cpdag

    nodes = [GraphNode(str(name)) for name in names]
    graph = GeneralGraph(nodes)
    for child, found in parents.items():
        for parent in found:
            graph.add_directed_edge(nodes[parent], nodes[child])
    return dag2cpdag(graph)
