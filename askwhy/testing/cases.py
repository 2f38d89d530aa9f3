"""Small standard cases with known structure: chain, fork, collider, confounded pair,
a seven-node DAG, and a mediated effect whose true size is known."""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.evals.synthetic.common import Mechanism
from askwhy.evals.synthetic.random_sem import random_linear_sem, random_sem
from askwhy.evals.synthetic.sem import SEM, LinearSEM


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
