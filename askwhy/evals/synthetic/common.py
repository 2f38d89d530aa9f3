"""Types and argument checks shared by the synthetic-data modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.errors import ToolArgumentError, UnknownVariableError

Mechanism = Literal[
    "linear",
    "nonlinear",
    "discrete",
    "mixed",
    "nongaussian",
    "nonlinear_varied",
    "discrete_varied",
]
Seed = int | np.random.Generator | None
Weights = Mapping[tuple[str, str], float]


def frame(dag: nx.DiGraph, values: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The sampled columns as a DataFrame, in the DAG's node order."""
    return pd.DataFrame({v: values[v] for v in dag.nodes})


def check_dag(dag: nx.DiGraph) -> None:
    if not nx.is_directed_acyclic_graph(dag):
        raise ToolArgumentError("The graph has a directed cycle; a DAG is needed.")


def check_samples(n_samples: int) -> None:
    if n_samples < 1:
        raise ToolArgumentError(f"n_samples must be at least 1, got {n_samples}.")


def check_nodes(dag: nx.DiGraph, names: list[str]) -> None:
    for name in names:
        if name not in dag:
            raise UnknownVariableError(name, [str(v) for v in dag.nodes])


def check_do(dag: nx.DiGraph, do: Mapping[str, float] | None) -> Mapping[str, float]:
    """The intervention as a mapping ({} for none), after checking its nodes exist."""
    do = do or {}
    check_nodes(dag, list(do))
    return do
