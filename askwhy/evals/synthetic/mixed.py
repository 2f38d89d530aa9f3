"""A mixed-type SEM: continuous, binary, ordinal and categorical nodes on one DAG.

Every node has a latent score: the sum of its parents' contributions plus Gaussian noise,
standardized with constants from a pilot sample. A numeric parent (continuous, binary,
ordinal) contributes weight * its standardized value; a categorical parent contributes one
effect per level. The score becomes the node's value: continuous nodes are the score;
binary and ordinal nodes cut it at thresholds (a probit-style latent model); categorical
nodes take the level j maximising slope_j * score + Gumbel noise, the slopes in a random
order, so the level depends on the score in a non-monotone way, and their values are text
labels (`type_a`, `type_b`, ...) that askwhy reads as unordered categories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.errors import ToolArgumentError
from askwhy.evals.synthetic.common import Seed, check_dag, check_do, check_samples, frame

NODE_KINDS = ("continuous", "binary", "ordinal", "categorical")
KIND_WEIGHTS = (0.45, 0.2, 0.2, 0.15)
PILOT_ROWS = 20_000
LABELS = "abcdefgh"


@dataclass(frozen=True)
class MixedSEM:
    """See the module docstring; `kinds[v]` is one of NODE_KINDS."""

    dag: nx.DiGraph
    kinds: Mapping[str, str]
    levels: Mapping[str, int]  # 1 for continuous nodes
    weights: Mapping[tuple[str, str], float]  # numeric parent -> child
    level_effects: Mapping[tuple[str, str], np.ndarray]  # categorical parent -> child
    thresholds: Mapping[str, np.ndarray]  # binary / ordinal cut points on the score
    slopes: Mapping[str, np.ndarray]  # categorical: one slope per level
    center: Mapping[str, float]
    scale: Mapping[str, float]
    numeric_center: Mapping[str, float]  # of the value a numeric node passes on
    numeric_scale: Mapping[str, float]
    noise_std: float = 0.6

    def sample(
        self, n_samples: int, rng: Seed = None, do: Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """Draw `n_samples` rows (categorical nodes as text labels); `do` fixes a numeric
        node's value or a categorical node's level code."""
        check_samples(n_samples)
        do = check_do(self.dag, do)
        codes = self.sample_codes(n_samples, np.random.default_rng(rng), do)
        values = {
            v: (
                np.array([f"type_{LABELS[c]}" for c in codes[v]])
                if k == "categorical"
                else codes[v]
            )
            for v, k in self.kinds.items()
        }
        return frame(self.dag, values)

    def sample_codes(
        self, n_samples: int, rng: np.random.Generator, do: Mapping[str, float] | None = None
    ) -> dict[str, np.ndarray]:
        """Every node's values, categorical ones as level codes."""
        do = do or {}
        values: dict[str, np.ndarray] = {}
        for v in nx.topological_sort(self.dag):
            score = self.noise_std * rng.standard_normal(n_samples)
            if not list(self.dag.predecessors(v)):
                score = rng.standard_normal(n_samples)
            for u in self.dag.predecessors(v):
                score = score + self._contribution(u, v, values[u])
            score = (score - self.center[v]) / self.scale[v]
            values[v] = self._value(v, score, rng)
            if v in do:
                values[v] = np.full(n_samples, do[v], dtype=values[v].dtype)
        return values

    def _contribution(self, u: str, v: str, parent: np.ndarray) -> np.ndarray:
        if self.kinds[u] == "categorical":
            return self.level_effects[u, v][parent.astype(int)]
        standard = (parent - self.numeric_center[u]) / self.numeric_scale[u]
        return self.weights[u, v] * standard

    def _value(self, v: str, score: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        kind = self.kinds[v]
        if kind == "continuous":
            return score
        if kind in ("binary", "ordinal"):
            return np.searchsorted(self.thresholds[v], score).astype(np.int64)
        utility = self.slopes[v][None, :] * score[:, None]
        utility = utility + 0.5 * rng.gumbel(size=utility.shape)
        return np.argmax(utility, axis=1).astype(np.int64)


def random_mixed_sem(dag: nx.DiGraph, rng: Seed = None) -> MixedSEM:
    """A random MixedSEM over `dag`: node kinds drawn with KIND_WEIGHTS (at least one
    continuous and one discrete node when there are two or more), weights of 0.6-1.5 with a
    random sign, thresholds and slopes at random; standardizing constants from a pilot
    sample drawn from `rng`."""
    check_dag(dag)
    rng = np.random.default_rng(rng)
    nodes = list(dag.nodes)
    kinds = {v: str(rng.choice(NODE_KINDS, p=KIND_WEIGHTS)) for v in nodes}
    if len(nodes) >= 2 and len(set(kinds.values())) == 1:
        flip = nodes[int(rng.integers(len(nodes)))]
        kinds[flip] = "binary" if kinds[flip] == "continuous" else "continuous"
    levels = {v: _levels(kinds[v], rng) for v in nodes}
    weights, level_effects = {}, {}
    for u, v in dag.edges:
        strength = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.6, 1.5))
        if kinds[u] == "categorical":
            effect = rng.normal(0.0, 1.0, levels[u])
            effect = effect - effect.mean()
            level_effects[u, v] = strength * effect / (effect.std() or 1.0)
        else:
            weights[u, v] = strength
    thresholds, slopes = {}, {}
    for v in nodes:
        if kinds[v] == "binary":
            thresholds[v] = np.array([rng.uniform(-0.6, 0.6)])
        elif kinds[v] == "ordinal":
            thresholds[v] = np.sort(rng.normal(0.0, 0.8, levels[v] - 1))
        elif kinds[v] == "categorical":
            slopes[v] = rng.permutation(np.linspace(-2.0, 2.0, levels[v]))
    pilot = MixedSEM(
        dag=dag,
        kinds=kinds,
        levels=levels,
        weights=weights,
        level_effects=level_effects,
        thresholds=thresholds,
        slopes=slopes,
        center={},
        scale={},
        numeric_center={},
        numeric_scale={},
    )
    return _standardized(pilot, np.random.default_rng(int(rng.integers(2**32))))


def _levels(kind: str, rng: np.random.Generator) -> int:
    if kind == "binary":
        return 2
    if kind == "ordinal":
        return int(rng.integers(3, 6))
    if kind == "categorical":
        return int(rng.integers(3, 5))
    return 1


def _standardized(sem: MixedSEM, rng: np.random.Generator) -> MixedSEM:
    """The SEM with each node's score and numeric value standardized on a pilot sample,
    node by node in causal order (a node's constants use its parents' final ones)."""
    center: dict[str, float] = {}
    scale: dict[str, float] = {}
    numeric_center: dict[str, float] = {}
    numeric_scale: dict[str, float] = {}
    values: dict[str, np.ndarray] = {}
    current = sem
    for v in nx.topological_sort(sem.dag):
        score = sem.noise_std * rng.standard_normal(PILOT_ROWS)
        if not list(sem.dag.predecessors(v)):
            score = rng.standard_normal(PILOT_ROWS)
        for u in sem.dag.predecessors(v):
            score = score + current._contribution(u, v, values[u])
        center[v], scale[v] = float(score.mean()), float(score.std()) or 1.0
        current = _with(current, center, scale, numeric_center, numeric_scale)
        values[v] = current._value(v, (score - center[v]) / scale[v], rng).astype(float)
        numeric_center[v] = float(values[v].mean())
        numeric_scale[v] = float(values[v].std()) or 1.0
        current = _with(current, center, scale, numeric_center, numeric_scale)
    if any(len(np.unique(values[v])) < 2 for v in sem.dag.nodes):
        raise ToolArgumentError("A mixed SEM drew a constant node; draw again with another seed.")
    return current


def _with(sem: MixedSEM, center, scale, numeric_center, numeric_scale) -> MixedSEM:
    return MixedSEM(
        dag=sem.dag,
        kinds=sem.kinds,
        levels=sem.levels,
        weights=sem.weights,
        level_effects=sem.level_effects,
        thresholds=sem.thresholds,
        slopes=sem.slopes,
        center=dict(center),
        scale=dict(scale),
        numeric_center=dict(numeric_center),
        numeric_scale=dict(numeric_scale),
        noise_std=sem.noise_std,
    )
