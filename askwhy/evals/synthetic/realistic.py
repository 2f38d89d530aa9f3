"""Real-world-like tables from a random DAG: mixed column types, odd shapes, measurement noise.

Built for benchmarks/graph_truth.py (`--family realistic`), never tuned to a public data set.
One seeded table (`random_realistic_table`):

- 8-20 nodes (wide_named_dag names), expected degree 1.5-3, 1,000-5,000 rows (log-uniform);
- each node is continuous (60 %), binary (20 %, prevalence 15-50 %) or ordinal (20 %, 3-5
  levels cut at random quantiles) from a latent score;
- the latent score adds, per parent, weight * f(parent): f linear, saturating (tanh),
  threshold (a step at a random quantile), logarithmic or convex (softplus); weights weak
  (|w| 0.15-0.3) or strong (0.5-1.2), random sign; then noise that is Gaussian, heavy-tailed
  (Student t, 3 degrees of freedom) or skewed (centred log-normal); scaled to unit variance;
- a continuous column may be recorded skewed (exp of the score: right-skewed, positive), and
  with measurement noise (sd 0.1-0.4 of the score's, on 40 % of them): children read the true
  value, the table holds the measured one, as in real data;
- a parent acts through its recorded form (binary / ordinal codes, the skewed value),
  standardized.

The truth is the DAG (its CPDAG for scoring); measurement noise means no method can recover
it exactly, which is part of the point.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.evals.synthetic.dags import wide_named_dag

KINDS = ("continuous", "binary", "ordinal")
KIND_WEIGHTS = (0.6, 0.2, 0.2)
FUNCTIONS = ("linear", "saturating", "threshold", "log", "convex")
FUNCTION_WEIGHTS = (0.4, 0.15, 0.15, 0.15, 0.15)
NOISES = ("gaussian", "heavy", "skewed")


def random_realistic_table(
    rng: np.random.Generator,
    nodes: tuple[int, int] = (8, 20),
    rows: tuple[int, int] = (1000, 5000),
) -> tuple[pd.DataFrame, nx.DiGraph]:
    """A seeded table (columns in the DAG's node order) and its true DAG."""
    n_nodes = int(rng.integers(nodes[0], nodes[1] + 1))
    dag = wide_named_dag(n_nodes, rng, expected_degree=float(rng.uniform(1.5, 3.0)))
    n_rows = int(np.exp(rng.uniform(np.log(rows[0]), np.log(rows[1]))))
    acting: dict[str, np.ndarray] = {}  # what children read: recorded form, standardized
    table: dict[str, np.ndarray] = {}
    for node in nx.topological_sort(dag):
        score = _noise(str(rng.choice(NOISES)), n_rows, rng)
        for parent in dag.predecessors(node):
            strong = rng.random() < 0.5
            size = rng.uniform(0.5, 1.2) if strong else rng.uniform(0.15, 0.3)
            weight = float(rng.choice([-1.0, 1.0]) * size)
            function = str(rng.choice(FUNCTIONS, p=FUNCTION_WEIGHTS))
            score = score + weight * _standard(_shape(function, acting[parent], rng))
        score = _standard(score)
        kind = str(rng.choice(KINDS, p=KIND_WEIGHTS))
        recorded, measured = _record(kind, score, rng)
        acting[node] = _standard(recorded)
        table[node] = measured
    frame = pd.DataFrame({node: table[node] for node in dag.nodes})
    return frame, dag


def _noise(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "heavy":
        return rng.standard_t(3, n) / np.sqrt(3.0)
    if kind == "skewed":
        raw = rng.lognormal(0.0, 0.6, n)
        return (raw - raw.mean()) / raw.std()
    return rng.normal(0.0, 1.0, n)


def _shape(function: str, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if function == "saturating":
        return np.tanh(1.5 * x)
    if function == "threshold":
        return (x > np.quantile(x, rng.uniform(0.3, 0.8))).astype(float)
    if function == "log":
        return np.log1p(x - x.min())
    if function == "convex":
        return np.logaddexp(0.0, 2.0 * x)  # softplus
    return x


def _record(
    kind: str, score: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(the value children read, the value the table holds)."""
    if kind == "binary":
        value = (score > np.quantile(score, 1.0 - rng.uniform(0.15, 0.5))).astype(int)
        return value.astype(float), value
    if kind == "ordinal":
        levels = int(rng.integers(3, 6))
        cuts = np.sort(rng.uniform(0.1, 0.9, levels - 1))
        value = np.searchsorted(np.quantile(score, cuts), score)
        return value.astype(float), value
    value = np.exp(0.6 * score) if rng.random() < 0.35 else score
    measured = value
    if rng.random() < 0.4:
        measured = value + rng.normal(0.0, rng.uniform(0.1, 0.4) * value.std(), len(value))
    return value, measured


def _standard(x: np.ndarray) -> np.ndarray:
    sd = float(x.std())
    return (x - x.mean()) / sd if sd > 0 else x - x.mean()
