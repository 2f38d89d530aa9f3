"""Structural equation models of three families (linear, nonlinear, discrete) that sample
data from a DAG, with or without an intervention, and the true effect of a linear one.

A linear SEM's noise is Gaussian unless `noise` names another unit-variance distribution
per node (NOISE_KINDS: uniform, laplace, exponential, student_t, bimodal, gamma), which
makes the DAG identifiable from the data (LiNGAM). Mixed-type SEMs live in
askwhy.evals.synthetic.mixed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.errors import ToolArgumentError
from askwhy.evals.synthetic.common import (
    Seed,
    Weights,
    check_dag,
    check_do,
    check_nodes,
    check_samples,
    frame,
)


@dataclass(frozen=True)
class LinearSEM:
    """x_v = intercepts[v] + sum_u weights[u, v] * x_u + noise_std[v] * e_v.

    e_v is standard Gaussian, or uniform with unit variance for nodes in `uniform_noise`
    (handy for bounded root variables such as age in 20-80), or drawn from the
    unit-variance distribution `noise[v]` names (one of NOISE_KINDS)."""

    dag: nx.DiGraph
    weights: Weights
    noise_std: Mapping[str, float]
    intercepts: Mapping[str, float] = field(default_factory=dict)
    uniform_noise: frozenset[str] = frozenset()
    noise: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_dag(self.dag)
        if set(self.weights) != set(self.dag.edges):
            raise ToolArgumentError("LinearSEM needs exactly one weight per edge of the DAG.")
        missing = set(self.dag.nodes) - set(self.noise_std)
        if missing:
            raise ToolArgumentError(
                f"LinearSEM has no noise_std for: {', '.join(sorted(missing))}."
            )
        unknown = sorted(set(self.noise.values()) - set(NOISE_KINDS))
        if unknown:
            raise ToolArgumentError(
                f"Unknown noise {', '.join(unknown)}; use one of: {', '.join(NOISE_KINDS)}."
            )

    def sample(
        self, n_samples: int, rng: Seed = None, do: Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """Draw `n_samples` rows; `do` fixes nodes to values (an intervention)."""
        check_samples(n_samples)
        do = check_do(self.dag, do)
        rng = np.random.default_rng(rng)
        values: dict[str, np.ndarray] = {}
        for v in nx.topological_sort(self.dag):
            if v in self.noise:
                noise = unit_noise(self.noise[v], n_samples, rng)
            elif v in self.uniform_noise:
                noise = rng.uniform(-np.sqrt(3.0), np.sqrt(3.0), n_samples)
            else:
                noise = rng.standard_normal(n_samples)
            x = self.intercepts.get(v, 0.0) + self.noise_std[v] * noise
            for u in self.dag.predecessors(v):
                x = x + self.weights[u, v] * values[u]
            values[v] = np.full(n_samples, float(do[v])) if v in do else x
        return frame(self.dag, values)

    def total_effect(self, treatment: str, outcome: str) -> float:
        """Change in E[outcome] per unit increase of do(treatment)."""
        check_nodes(self.dag, [treatment, outcome])
        return true_ate(self.weights, treatment, outcome)

    def weighted_dag(self) -> nx.DiGraph:
        """A copy of the DAG with each edge's weight as the edge attribute 'weight'."""
        dag = self.dag.copy()
        nx.set_edge_attributes(dag, dict(self.weights), "weight")
        return dag


@dataclass(frozen=True)
class NonlinearSEM:
    """x_v = (sum_u coef * f(x_u) + noise_std * e_v - center[v]) / scale[v].

    `terms[u, v]` is (function name, coefficient) with the function one of
    NONLINEAR_FUNCTIONS; center and scale keep every node near mean 0, variance 1."""

    dag: nx.DiGraph
    terms: Mapping[tuple[str, str], tuple[str, float]]
    center: Mapping[str, float]
    scale: Mapping[str, float]
    noise_std: float = 0.5

    def sample(
        self, n_samples: int, rng: Seed = None, do: Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """Draw `n_samples` rows; `do` fixes nodes to values (on the standardized scale)."""
        check_samples(n_samples)
        do = check_do(self.dag, do)
        rng = np.random.default_rng(rng)
        values: dict[str, np.ndarray] = {}
        for v in nx.topological_sort(self.dag):
            raw = nonlinear_raw(self.dag, self.terms, self.noise_std, v, values, rng, n_samples)
            x = (raw - self.center[v]) / self.scale[v]
            values[v] = np.full(n_samples, float(do[v])) if v in do else x
        return frame(self.dag, values)


@dataclass(frozen=True)
class DiscreteSEM:
    """Categorical nodes coded 0..k-1 with
    P(x_v = j | parents) proportional to exp(base_logits[v][j] + sum_u effects[u, v][x_u, j])."""

    dag: nx.DiGraph
    levels: Mapping[str, int]
    base_logits: Mapping[str, np.ndarray]
    effects: Mapping[tuple[str, str], np.ndarray]

    def sample(
        self, n_samples: int, rng: Seed = None, do: Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """Draw `n_samples` rows of integer codes; `do` fixes nodes to a level."""
        check_samples(n_samples)
        do = check_do(self.dag, do)
        for v, level in do.items():
            if level not in range(self.levels[v]):
                raise ToolArgumentError(
                    f"'{v}' has levels 0..{self.levels[v] - 1}; cannot set it to {level}."
                )
        rng = np.random.default_rng(rng)
        values: dict[str, np.ndarray] = {}
        for v in nx.topological_sort(self.dag):
            k = self.levels[v]
            logits = np.tile(np.asarray(self.base_logits[v], dtype=float), (n_samples, 1))
            for u in self.dag.predecessors(v):
                logits = logits + np.asarray(self.effects[u, v])[values[u]]
            probs = np.exp(logits - logits.max(axis=1, keepdims=True))
            cumulative = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
            draws = (cumulative < rng.random((n_samples, 1))).sum(axis=1)
            x = np.minimum(draws, k - 1).astype(np.int64)
            values[v] = np.full(n_samples, int(do[v]), dtype=np.int64) if v in do else x
        return frame(self.dag, values)


SEM = LinearSEM | NonlinearSEM | DiscreteSEM


def _tanh(x: np.ndarray) -> np.ndarray:
    return np.tanh(2.0 * x)


def _sin(x: np.ndarray) -> np.ndarray:
    return np.sqrt(2.0) * np.sin(2.0 * x)


def _square(x: np.ndarray) -> np.ndarray:
    return (np.clip(x, -3.0, 3.0) ** 2 - 1.0) / np.sqrt(2.0)


def _cube(x: np.ndarray) -> np.ndarray:
    return np.clip(x, -3.0, 3.0) ** 3 / np.sqrt(15.0)


def _exp(x: np.ndarray) -> np.ndarray:
    return (np.exp(np.clip(x, -3.0, 3.0)) - 1.65) / 2.16


def _abs(x: np.ndarray) -> np.ndarray:
    return (np.abs(x) - 0.798) / 0.603


def _step(x: np.ndarray) -> np.ndarray:
    return np.tanh(6.0 * x)


def _bump(x: np.ndarray) -> np.ndarray:
    return (np.exp(-(x**2)) - 0.577) / 0.338


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 2.0 * np.tanh(1.5 * (x - 0.8))


# Each has roughly unit variance for a standard normal input. The first three are the
# `nonlinear` family's; the others widen the `nonlinear_varied` family (monotone: cube,
# exp, step, sigmoid; non-monotone: abs, bump).
NONLINEAR_FUNCTIONS = MappingProxyType(
    {
        "tanh": _tanh,
        "sin": _sin,
        "square": _square,
        "cube": _cube,
        "exp": _exp,
        "abs": _abs,
        "step": _step,
        "bump": _bump,
        "sigmoid": _sigmoid,
    }
)
BASIC_FUNCTIONS = ("tanh", "sin", "square")
NOISE_KINDS = ("uniform", "laplace", "exponential", "student_t", "bimodal", "gamma")


def unit_noise(kind: str, n_samples: int, rng: np.random.Generator) -> np.ndarray:
    """Mean-0, variance-1 noise of a named non-Gaussian distribution."""
    if kind == "uniform":
        return rng.uniform(-np.sqrt(3.0), np.sqrt(3.0), n_samples)
    if kind == "laplace":
        return rng.laplace(0.0, 1.0 / np.sqrt(2.0), n_samples)
    if kind == "exponential":
        return rng.exponential(1.0, n_samples) - 1.0
    if kind == "student_t":
        return rng.standard_t(5, n_samples) / np.sqrt(5.0 / 3.0)
    if kind == "bimodal":
        sign = rng.choice([-1.0, 1.0], n_samples)
        return sign * 0.9 + np.sqrt(1.0 - 0.81) * rng.standard_normal(n_samples)
    if kind == "gamma":
        return (rng.gamma(2.0, 1.0, n_samples) - 2.0) / np.sqrt(2.0)
    raise ToolArgumentError(f"Unknown noise '{kind}'; use one of: {', '.join(NOISE_KINDS)}.")


def nonlinear_raw(
    dag: nx.DiGraph,
    terms: Mapping[tuple[str, str], tuple[str, float]],
    noise_std: float,
    v: str,
    values: Mapping[str, np.ndarray],
    rng: np.random.Generator,
    n_samples: int,
) -> np.ndarray:
    """Node v before standardizing: its parents' terms plus noise (roots: noise only)."""
    parents = list(dag.predecessors(v))
    noise = rng.standard_normal(n_samples)
    if not parents:
        return noise
    raw = noise_std * noise
    for u in parents:
        name, coef = terms[u, v]
        raw = raw + coef * NONLINEAR_FUNCTIONS[name](values[u])
    return raw


def true_ate(
    weights: Weights,
    treatment: str,
    outcome: str,
    control: float = 0.0,
    treated: float = 1.0,
) -> float:
    """Total effect of moving `treatment` from `control` to `treated` on `outcome` in a
    linear SEM: the sum over directed paths of the product of edge weights, times
    (treated - control)."""
    graph = nx.DiGraph()
    graph.add_nodes_from([treatment, outcome])
    graph.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    check_dag(graph)
    nodes = list(graph.nodes)
    b = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    # (I - B)^-1 = I + B + B^2 + ...: entry [t, y] sums the path products from t to y.
    total = np.linalg.inv(np.eye(len(nodes)) - b)
    return float(total[nodes.index(treatment), nodes.index(outcome)]) * (treated - control)
