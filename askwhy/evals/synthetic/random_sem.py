"""Random SEMs over a given DAG (random weights, functions or category effects), and
`simulate`, which draws one and samples it in a single seeded call.

Families (`random_sem`): linear (Gaussian), nongaussian (linear, each node's noise drawn from
NOISE_KINDS), nonlinear (tanh / sin / square), nonlinear_varied (nine functions, noise level
drawn per SEM), discrete (strong dependence), discrete_varied (2-5 levels, weak to strong
dependence per edge), mixed (continuous, binary, ordinal and categorical nodes)."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.errors import ToolArgumentError
from askwhy.evals.synthetic.common import Mechanism, Seed, check_dag
from askwhy.evals.synthetic.mixed import MixedSEM, random_mixed_sem
from askwhy.evals.synthetic.sem import (
    BASIC_FUNCTIONS,
    NOISE_KINDS,
    NONLINEAR_FUNCTIONS,
    SEM,
    DiscreteSEM,
    LinearSEM,
    NonlinearSEM,
    nonlinear_raw,
)


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
    check_dag(dag)
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
    functions: tuple[str, ...] = BASIC_FUNCTIONS,
) -> NonlinearSEM:
    """Additive-noise SEM: each edge adds coef * f(parent), f drawn from `functions` (names
    of NONLINEAR_FUNCTIONS; default tanh, sin, square).

    Centering and scaling constants come from a pilot sample drawn from `rng`."""
    check_dag(dag)
    rng = np.random.default_rng(rng)
    unknown = [f for f in functions if f not in NONLINEAR_FUNCTIONS]
    if unknown:
        raise ToolArgumentError(
            f"Unknown function {', '.join(unknown)}; use: {', '.join(NONLINEAR_FUNCTIONS)}."
        )
    names = list(functions)
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
        raw = nonlinear_raw(dag, terms, noise_std, v, pilot, pilot_rng, 20_000)
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
    check_dag(dag)
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


def random_nongaussian_sem(dag: nx.DiGraph, rng: Seed = None) -> LinearSEM:
    """A random linear SEM (as random_linear_sem) whose noise at each node is drawn from
    NOISE_KINDS: uniform, laplace, exponential, student_t, bimodal or gamma."""
    rng = np.random.default_rng(rng)
    sem = random_linear_sem(dag, rng)
    noise = {v: str(NOISE_KINDS[int(rng.integers(len(NOISE_KINDS)))]) for v in dag.nodes}
    return LinearSEM(dag=dag, weights=sem.weights, noise_std=sem.noise_std, noise=noise)


def random_varied_nonlinear_sem(dag: nx.DiGraph, rng: Seed = None) -> NonlinearSEM:
    """An additive-noise SEM with every function of NONLINEAR_FUNCTIONS in play and a noise
    level drawn from 0.3-1.0."""
    rng = np.random.default_rng(rng)
    noise_std = float(rng.uniform(0.3, 1.0))
    return random_nonlinear_sem(dag, rng, noise_std=noise_std, functions=tuple(NONLINEAR_FUNCTIONS))


def random_varied_discrete_sem(dag: nx.DiGraph, rng: Seed = None) -> DiscreteSEM:
    """A categorical SEM with 2-5 levels per node and edge strengths from weak (0.4 log-odds,
    hard to see in a few hundred rows) to strong (3)."""
    return random_discrete_sem(dag, rng, levels=(2, 5), strength=(0.4, 3.0))


def random_sem(
    dag: nx.DiGraph, mechanism: Mechanism = "linear", rng: Seed = None
) -> SEM | MixedSEM:
    """A random SEM of the given family over `dag`."""
    builders = {
        "linear": random_linear_sem,
        "nonlinear": random_nonlinear_sem,
        "discrete": random_discrete_sem,
        "mixed": random_mixed_sem,
        "nongaussian": random_nongaussian_sem,
        "nonlinear_varied": random_varied_nonlinear_sem,
        "discrete_varied": random_varied_discrete_sem,
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
