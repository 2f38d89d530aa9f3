"""Seeded synthetic data from known DAGs: random DAGs, three SEM families, test fixtures.

Used by the tests, the shipped examples, the benchmarks and the eval-question generator.
Everything that draws random numbers takes a seed or a numpy Generator, so runs repeat
exactly. Columns always come out in the DAG's node order.

    dag = named_dag("medicine", 6, rng=1)            # smoking, blood_pressure, ...
    df = simulate(dag, 1000, "nonlinear", seed=1)    # same seed, same rows
    sem = random_linear_sem(dag, rng=2)              # sem.weights are the true weights
    rows = sem.sample(1000, rng=3)
    effect = sem.total_effect("smoking", "cholesterol")  # = true_ate(sem.weights, ...)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.errors import ToolArgumentError, UnknownVariableError

Mechanism = Literal["linear", "nonlinear", "discrete"]
Seed = int | np.random.Generator | None
Weights = Mapping[tuple[str, str], float]

# Plausible variable names per domain, listed roughly from causes to effects: named_dag
# keeps this order along the DAG's topological order, so no edge points "backwards".
DOMAIN_VARIABLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "medicine": (
            "age", "genetic_risk", "smoking", "diet_quality", "exercise_hours",
            "body_mass_index", "cholesterol", "blood_pressure", "statin_dose",
            "inflammation", "heart_disease", "hospital_visits",
        ),
        "marketing": (
            "season", "brand_awareness", "ad_spend", "email_campaigns", "discount_rate",
            "site_visits", "social_mentions", "product_views", "cart_additions", "signups",
            "purchases", "revenue",
        ),
        "economics": (
            "population_growth", "interest_rate", "education_spending", "oil_price",
            "inflation", "unemployment_rate", "consumer_confidence", "wages", "investment",
            "household_spending", "gdp_growth", "tax_revenue",
        ),
        "education": (
            "parental_education", "parental_income", "school_funding", "class_size",
            "teacher_experience", "motivation", "prior_grades", "tutoring_hours",
            "study_hours", "attendance", "test_score", "college_admission",
        ),
    }
)  # fmt: skip


# ---------------------------------------------------------------- random DAGs


def random_dag(
    n_nodes: int,
    edge_prob: float | None = None,
    *,
    expected_degree: float | None = None,
    rng: Seed = None,
) -> nx.DiGraph:
    """A random DAG on nodes X1..Xn: a random causal order, each forward edge kept with
    probability `edge_prob` (or `expected_degree / (n_nodes - 1)`; default degree 2)."""
    if n_nodes < 1:
        raise ToolArgumentError(f"n_nodes must be at least 1, got {n_nodes}.")
    if edge_prob is not None and expected_degree is not None:
        raise ToolArgumentError("Give edge_prob or expected_degree, not both.")
    if edge_prob is None:
        degree = 2.0 if expected_degree is None else expected_degree
        edge_prob = min(1.0, degree / (n_nodes - 1)) if n_nodes > 1 else 0.0
    if not 0.0 <= edge_prob <= 1.0:
        raise ToolArgumentError(f"edge_prob must be between 0 and 1, got {edge_prob}.")
    rng = np.random.default_rng(rng)
    names = [f"X{i + 1}" for i in range(n_nodes)]
    order = rng.permutation(n_nodes)
    draws = rng.random((n_nodes, n_nodes))
    dag = nx.DiGraph()
    dag.add_nodes_from(names)
    for a in range(n_nodes):
        for b in range(a + 1, n_nodes):
            if draws[a, b] < edge_prob:
                dag.add_edge(names[order[a]], names[order[b]])
    return dag


def named_dag(
    domain: str,
    n_nodes: int,
    rng: Seed = None,
    *,
    edge_prob: float | None = None,
    expected_degree: float | None = None,
) -> nx.DiGraph:
    """A random DAG whose nodes carry plausible snake_case names from `domain`
    (one of DOMAIN_VARIABLES). Causes get names listed earlier in the domain's list."""
    if domain not in DOMAIN_VARIABLES:
        raise ToolArgumentError(
            f"Unknown domain '{domain}'. Choose one of: {', '.join(DOMAIN_VARIABLES)}."
        )
    names = DOMAIN_VARIABLES[domain]
    if n_nodes > len(names):
        raise ToolArgumentError(
            f"The '{domain}' domain has {len(names)} variable names; ask for at most that many."
        )
    rng = np.random.default_rng(rng)
    dag = random_dag(n_nodes, edge_prob, expected_degree=expected_degree, rng=rng)
    picked = sorted(rng.choice(len(names), size=n_nodes, replace=False))
    mapping = {node: names[i] for node, i in zip(nx.topological_sort(dag), picked, strict=True)}
    return nx.relabel_nodes(dag, mapping, copy=True)


# ---------------------------------------------------------------- structural equation models


@dataclass(frozen=True)
class LinearSEM:
    """x_v = intercepts[v] + sum_u weights[u, v] * x_u + noise_std[v] * e_v.

    e_v is standard Gaussian, or uniform with unit variance for nodes in `uniform_noise`
    (handy for bounded root variables such as age in 20-80)."""

    dag: nx.DiGraph
    weights: Weights
    noise_std: Mapping[str, float]
    intercepts: Mapping[str, float] = field(default_factory=dict)
    uniform_noise: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_dag(self.dag)
        if set(self.weights) != set(self.dag.edges):
            raise ToolArgumentError("LinearSEM needs exactly one weight per edge of the DAG.")
        missing = set(self.dag.nodes) - set(self.noise_std)
        if missing:
            raise ToolArgumentError(
                f"LinearSEM has no noise_std for: {', '.join(sorted(missing))}."
            )

    def sample(
        self, n_samples: int, rng: Seed = None, do: Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """Draw `n_samples` rows; `do` fixes nodes to values (an intervention)."""
        _check_samples(n_samples)
        do = _check_do(self.dag, do)
        rng = np.random.default_rng(rng)
        values: dict[str, np.ndarray] = {}
        for v in nx.topological_sort(self.dag):
            if v in self.uniform_noise:
                noise = rng.uniform(-np.sqrt(3.0), np.sqrt(3.0), n_samples)
            else:
                noise = rng.standard_normal(n_samples)
            x = self.intercepts.get(v, 0.0) + self.noise_std[v] * noise
            for u in self.dag.predecessors(v):
                x = x + self.weights[u, v] * values[u]
            values[v] = np.full(n_samples, float(do[v])) if v in do else x
        return _frame(self.dag, values)

    def total_effect(self, treatment: str, outcome: str) -> float:
        """Change in E[outcome] per unit increase of do(treatment)."""
        _check_nodes(self.dag, [treatment, outcome])
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
        _check_samples(n_samples)
        do = _check_do(self.dag, do)
        rng = np.random.default_rng(rng)
        values: dict[str, np.ndarray] = {}
        for v in nx.topological_sort(self.dag):
            raw = _nonlinear_raw(self.dag, self.terms, self.noise_std, v, values, rng, n_samples)
            x = (raw - self.center[v]) / self.scale[v]
            values[v] = np.full(n_samples, float(do[v])) if v in do else x
        return _frame(self.dag, values)


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
        _check_samples(n_samples)
        do = _check_do(self.dag, do)
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
        return _frame(self.dag, values)


SEM = LinearSEM | NonlinearSEM | DiscreteSEM


def _tanh(x: np.ndarray) -> np.ndarray:
    return np.tanh(2.0 * x)


def _sin(x: np.ndarray) -> np.ndarray:
    return np.sqrt(2.0) * np.sin(2.0 * x)


def _square(x: np.ndarray) -> np.ndarray:
    return (np.clip(x, -3.0, 3.0) ** 2 - 1.0) / np.sqrt(2.0)


# Each has roughly unit variance for a standard normal input.
NONLINEAR_FUNCTIONS = MappingProxyType({"tanh": _tanh, "sin": _sin, "square": _square})


def _nonlinear_raw(
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


def random_linear_sem(
    dag: nx.DiGraph,
    rng: Seed = None,
    *,
    weight_range: tuple[float, float] = (0.5, 1.5),
    random_sign: bool = True,
    standardize: bool = True,
) -> LinearSEM:
    """Weights with |w| drawn uniformly from `weight_range` and a random sign (or positive,
    which rules out paths that cancel each other), unit noise.

    With `standardize`, each node's equation is rescaled so the node has variance 1 in the
    population (deep graphs stay well scaled); `weights` are then the rescaled ones, so
    `total_effect` is exact for the data `sample` draws."""
    _check_dag(dag)
    rng = np.random.default_rng(rng)
    low, high = weight_range
    weights = {}
    for edge in dag.edges:
        sign = rng.choice([-1.0, 1.0])
        weights[edge] = float((sign if random_sign else 1.0) * rng.uniform(low, high))
    noise_std = dict.fromkeys(dag.nodes, 1.0)
    if standardize:
        weights, noise_std = _unit_variance(dag, weights, noise_std)
    return LinearSEM(dag=dag, weights=weights, noise_std=noise_std)


def _unit_variance(
    dag: nx.DiGraph, weights: dict[tuple[str, str], float], noise_std: dict[str, float]
) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """Rescale each equation so every node has population variance 1."""
    index = {v: i for i, v in enumerate(dag.nodes)}
    cov = np.zeros((len(index), len(index)))
    weights, noise_std = dict(weights), dict(noise_std)
    for v in nx.topological_sort(dag):
        parents = [index[u] for u in dag.predecessors(v)]
        w = np.array([weights[u, v] for u in dag.predecessors(v)])
        sub = cov[np.ix_(parents, parents)]
        sd = float(np.sqrt(w @ sub @ w + noise_std[v] ** 2)) if parents else noise_std[v]
        for u in dag.predecessors(v):
            weights[u, v] /= sd
        noise_std[v] /= sd
        row = (w / sd) @ cov[parents, :] if parents else np.zeros(len(index))
        cov[index[v], :] = row
        cov[:, index[v]] = row
        cov[index[v], index[v]] = 1.0
    return weights, noise_std


def random_nonlinear_sem(
    dag: nx.DiGraph,
    rng: Seed = None,
    *,
    coef_range: tuple[float, float] = (1.0, 2.0),
    noise_std: float = 0.5,
) -> NonlinearSEM:
    """Additive-noise SEM: each edge adds coef * f(parent), f drawn from tanh, sin, square.

    Centering and scaling constants come from a pilot sample drawn from `rng`."""
    _check_dag(dag)
    rng = np.random.default_rng(rng)
    names = list(NONLINEAR_FUNCTIONS)
    low, high = coef_range
    terms = {
        edge: (
            names[int(rng.integers(len(names)))],
            float(rng.choice([-1.0, 1.0]) * rng.uniform(low, high)),
        )
        for edge in dag.edges
    }
    pilot_rng = np.random.default_rng(int(rng.integers(2**32)))
    center: dict[str, float] = {}
    scale: dict[str, float] = {}
    pilot: dict[str, np.ndarray] = {}
    for v in nx.topological_sort(dag):
        raw = _nonlinear_raw(dag, terms, noise_std, v, pilot, pilot_rng, 20_000)
        center[v], scale[v] = float(raw.mean()), float(raw.std()) or 1.0
        pilot[v] = (raw - center[v]) / scale[v]
    return NonlinearSEM(dag=dag, terms=terms, center=center, scale=scale, noise_std=noise_std)


def random_discrete_sem(
    dag: nx.DiGraph,
    rng: Seed = None,
    *,
    levels: tuple[int, int] = (2, 4),
    strength: tuple[float, float] = (1.5, 2.5),
) -> DiscreteSEM:
    """Categorical SEM with 2-4 levels per node. Each edge u -> v maps every level of u to a
    preferred level of v and adds `strength` (log-odds) to it, so every edge's dependence is
    clear at n = 1000."""
    _check_dag(dag)
    rng = np.random.default_rng(rng)
    k = {v: int(rng.integers(levels[0], levels[1] + 1)) for v in dag.nodes}
    base = {v: rng.normal(0.0, 0.3, k[v]) for v in dag.nodes}
    effects: dict[tuple[str, str], np.ndarray] = {}
    for u, v in dag.edges:
        matrix = np.zeros((k[u], k[v]))
        parent_order, child_order = rng.permutation(k[u]), rng.permutation(k[v])
        s = rng.uniform(*strength)
        for i in range(k[u]):
            matrix[parent_order[i], child_order[i % k[v]]] = s
        effects[u, v] = matrix
    return DiscreteSEM(dag=dag, levels=k, base_logits=base, effects=effects)


def random_sem(dag: nx.DiGraph, mechanism: Mechanism = "linear", rng: Seed = None) -> SEM:
    """A random SEM of the given family over `dag`."""
    builders = {
        "linear": random_linear_sem,
        "nonlinear": random_nonlinear_sem,
        "discrete": random_discrete_sem,
    }
    if mechanism not in builders:
        raise ToolArgumentError(
            f"Unknown mechanism '{mechanism}'. Choose one of: {', '.join(builders)}."
        )
    return builders[mechanism](dag, rng)


def simulate(
    dag: nx.DiGraph,
    n_samples: int,
    mechanism: Mechanism = "linear",
    seed: int = 0,
    *,
    do: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Draw a random SEM of `mechanism` over `dag` and sample it; the same seed gives the
    same SEM and the same rows. With `do`, the same SEM is sampled under that intervention."""
    rng = np.random.default_rng(seed)
    return random_sem(dag, mechanism, rng).sample(n_samples, rng, do=do)


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
    _check_dag(graph)
    nodes = list(graph.nodes)
    b = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    # (I - B)^-1 = I + B + B^2 + ...: entry [t, y] sums the path products from t to y.
    total = np.linalg.inv(np.eye(len(nodes)) - b)
    return float(total[nodes.index(treatment), nodes.index(outcome)]) * (treated - control)


# ---------------------------------------------------------------- fixtures


class SyntheticData(NamedTuple):
    """Data and the DAG that generated it (linear: edge attribute 'weight')."""

    data: pd.DataFrame
    dag: nx.DiGraph


class EffectData(NamedTuple):
    """Data, its DAG (with 'weight' on edges) and the true effect of T on Y per unit of T."""

    data: pd.DataFrame
    dag: nx.DiGraph
    ate: float


def _fixture(
    nodes: list[str],
    edges: list[tuple[str, str]],
    n_samples: int,
    seed: int,
    mechanism: Mechanism,
) -> SyntheticData:
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from(edges)
    rng = np.random.default_rng(seed)
    # Positive weights: no two paths cancel, so every fixture is faithful to its DAG.
    if mechanism == "linear":
        sem: SEM = random_linear_sem(dag, rng, random_sign=False)
    else:
        sem = random_sem(dag, mechanism, rng)
    data = sem.sample(n_samples, rng)
    return SyntheticData(data, sem.weighted_dag() if isinstance(sem, LinearSEM) else dag)


def chain(n_samples: int = 1000, seed: int = 0, mechanism: Mechanism = "linear") -> SyntheticData:
    """A -> B -> C: A and C are dependent, independent given B."""
    return _fixture(["A", "B", "C"], [("A", "B"), ("B", "C")], n_samples, seed, mechanism)


def fork(n_samples: int = 1000, seed: int = 0, mechanism: Mechanism = "linear") -> SyntheticData:
    """A <- B -> C: A and C are dependent, independent given B."""
    return _fixture(["A", "B", "C"], [("B", "A"), ("B", "C")], n_samples, seed, mechanism)


def collider(
    n_samples: int = 1000, seed: int = 0, mechanism: Mechanism = "linear"
) -> SyntheticData:
    """A -> B <- C: A and C are independent, dependent given B."""
    return _fixture(["A", "B", "C"], [("A", "B"), ("C", "B")], n_samples, seed, mechanism)


def confounded_pair(
    n_samples: int = 1000, seed: int = 0, mechanism: Mechanism = "linear"
) -> SyntheticData:
    """X <- Z -> Y: Z confounds X and Y, which are correlated but not adjacent."""
    return _fixture(["X", "Y", "Z"], [("Z", "X"), ("Z", "Y")], n_samples, seed, mechanism)


SEVEN_NODE_EDGES = (
    ("A", "B"), ("A", "C"), ("B", "D"), ("C", "D"),
    ("D", "E"), ("F", "E"), ("F", "G"),
)  # fmt: skip


def seven_node(
    n_samples: int = 1000, seed: int = 0, mechanism: Mechanism = "linear"
) -> SyntheticData:
    """A 7-node DAG (SEVEN_NODE_EDGES): A confounds B and C, D is their collider,
    D -> E <- F, and F confounds E and G. No triangles, so no collider is shielded."""
    nodes = ["A", "B", "C", "D", "E", "F", "G"]
    return _fixture(nodes, list(SEVEN_NODE_EDGES), n_samples, seed, mechanism)


def mediated_effect(n_samples: int = 2000, seed: int = 0) -> EffectData:
    """Linear-Gaussian T -> M -> Y and T -> Y, with Z -> T and Z -> Y confounding.

    The true total effect of T on Y is 0.5 + 1.0 * 0.7 = 1.2 per unit of T; adjusting for
    {Z} recovers it, while regressing Y on T alone is biased upwards by Z."""
    dag = nx.DiGraph()
    dag.add_nodes_from(["Z", "T", "M", "Y"])
    weights = {("Z", "T"): 0.8, ("Z", "Y"): 0.6, ("T", "M"): 1.0, ("M", "Y"): 0.7, ("T", "Y"): 0.5}
    dag.add_edges_from(weights)
    sem = LinearSEM(dag=dag, weights=weights, noise_std=dict.fromkeys(dag.nodes, 1.0))
    data = sem.sample(n_samples, seed)
    return EffectData(data, sem.weighted_dag(), sem.total_effect("T", "Y"))


# ---------------------------------------------------------------- example files


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


# ---------------------------------------------------------------- checks


def _frame(dag: nx.DiGraph, values: Mapping[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame({v: values[v] for v in dag.nodes})


def _check_dag(dag: nx.DiGraph) -> None:
    if not nx.is_directed_acyclic_graph(dag):
        raise ToolArgumentError("The graph has a directed cycle; a DAG is needed.")


def _check_samples(n_samples: int) -> None:
    if n_samples < 1:
        raise ToolArgumentError(f"n_samples must be at least 1, got {n_samples}.")


def _check_nodes(dag: nx.DiGraph, names: list[str]) -> None:
    for name in names:
        if name not in dag:
            raise UnknownVariableError(name, [str(v) for v in dag.nodes])


def _check_do(dag: nx.DiGraph, do: Mapping[str, float] | None) -> Mapping[str, float]:
    do = do or {}
    _check_nodes(dag, list(do))
    return do
