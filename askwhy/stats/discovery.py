"""Causal discovery with causal-learn (PC, FCI, GES, DirectLiNGAM) on a table or a subset."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pydantic import BaseModel

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.core.settings import Algorithm
from askwhy.core.settings import TestName as DiscoveryTest
from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats.independence import choose_test
from askwhy.stats.quiet import quiet

ALGORITHM_ASSUMPTIONS: dict[str, list[str]] = {
    "pc": [
        "PC assumes no hidden common causes of the measured variables (causal sufficiency), "
        "no feedback loops, and that every independence in the data reflects the graph "
        "(faithfulness).",
        "PC can orient only some edges; undirected edges (--) mean the data cannot tell the "
        "direction.",
    ],
    "fci": [
        "FCI allows hidden common causes; circle marks (o) mean the end is undetermined and "
        "<-> means a hidden common cause.",
        "It assumes no feedback loops and faithfulness.",
    ],
    "ges": [
        "GES searches graphs by a score (BIC for continuous data: linear-Gaussian; BDeu for "
        "discrete data); it assumes no hidden common causes and no feedback loops.",
    ],
    "lingam": [
        "DirectLiNGAM assumes linear relations with non-Gaussian noise and no hidden common "
        "causes; it orients every edge, but the directions are unreliable on Gaussian data.",
    ],
}


class DiscoveryResult(BaseModel):
    graph: CausalGraph
    algorithm: Algorithm
    test: str | None
    test_reason: str
    alpha: float | None
    seconds: float
    assumptions: list[str]
    summary: str


def discover_graph(
    data: pd.DataFrame,
    variables: Sequence[str] | None = None,
    algorithm: Algorithm = "pc",
    test: DiscoveryTest = "auto",
    alpha: float = 0.05,
    kinds: dict[str, str] | None = None,
    seed: int = 0,
    dataset_name: str = "",
    fingerprint: str = "",
) -> DiscoveryResult:
    """Learn a causal graph over `variables` (all columns when None) from the data."""
    columns = list(dict.fromkeys(variables)) if variables else list(data.columns)
    for name in columns:
        if name not in data.columns:
            raise UnknownVariableError(name, list(data.columns))
    if len(columns) < 2:
        raise ToolArgumentError("Causal discovery needs at least two variables.")
    if algorithm not in ALGORITHM_ASSUMPTIONS:
        raise ToolArgumentError(
            f"Unknown algorithm '{algorithm}'. Use one of: pc, fci, ges, lingam."
        )
    if not 0 < alpha < 1:
        raise ToolArgumentError(f"alpha must be between 0 and 1, got {alpha}.")
    values = data[columns].to_numpy(dtype=float)
    column_kinds = {kinds.get(c, "continuous") if kinds else "continuous" for c in columns}
    if test == "auto":
        chosen_test, why = choose_test(column_kinds, len(values))
    else:
        chosen_test, why = test, f"the {test} test was requested"

    _check_not_collinear(values, columns)
    started = time.perf_counter()
    with quiet():
        if algorithm == "pc":
            graph = _run_pc(values, columns, chosen_test, alpha)
        elif algorithm == "fci":
            graph = _run_fci(values, columns, chosen_test, alpha)
        elif algorithm == "ges":
            discrete = column_kinds <= {"discrete", "binary"}
            graph = _run_ges(values, columns, discrete)
            chosen_test, why = (
                ("bdeu", "every column is discrete, so GES uses the BDeu score")
                if discrete
                else ("bic", "GES uses the BIC score for continuous data")
            )
            alpha = None
        else:
            graph = _run_lingam(values, columns, seed)
            chosen_test, why, alpha = None, "LiNGAM uses no independence test", None
    seconds = time.perf_counter() - started

    graph.provenance = Provenance(
        dataset=fingerprint,
        dataset_name=dataset_name,
        algorithm=algorithm,
        test=chosen_test,
        alpha=alpha,
        columns=columns,
        parameters={"seed": seed} if algorithm == "lingam" else {},
    )
    settings = ", ".join(
        part
        for part in (
            algorithm.upper(),
            f"{chosen_test} test" if chosen_test else "",
            f"alpha {alpha:g}" if alpha else "",
        )
        if part
    )
    summary = (
        f"{settings} on {len(columns)} variables found {len(graph.edges)} edges "
        f"({_count_kinds(graph)})."
    )
    return DiscoveryResult(
        graph=graph,
        algorithm=algorithm,
        test=chosen_test,
        test_reason=why,
        alpha=alpha,
        seconds=seconds,
        assumptions=ALGORITHM_ASSUMPTIONS[algorithm],
        summary=summary,
    )


def _run_pc(values: np.ndarray, names: list[str], test: str, alpha: float) -> CausalGraph:
    from causallearn.search.ConstraintBased.PC import pc

    values = _prepare_for_test(values, test)
    result = pc(values, alpha, test, stable=True, show_progress=False, node_names=names)
    return CausalGraph.from_causallearn(result.G, names, kind="cpdag")


def _run_fci(values: np.ndarray, names: list[str], test: str, alpha: float) -> CausalGraph:
    from causallearn.search.ConstraintBased.FCI import fci

    values = _prepare_for_test(values, test)
    general_graph, _ = fci(values, test, alpha, show_progress=False, node_names=names)
    return CausalGraph.from_causallearn(general_graph, names, kind="pag")


def _run_ges(values: np.ndarray, names: list[str], discrete: bool) -> CausalGraph:
    from causallearn.search.ScoreBased.GES import ges

    score = "local_score_BDeu" if discrete else "local_score_BIC"
    record = ges(values, score_func=score, node_names=names)
    return CausalGraph.from_causallearn(record["G"], names, kind="cpdag")


def _run_lingam(values: np.ndarray, names: list[str], seed: int) -> CausalGraph:
    from causallearn.search.FCMBased.lingam import DirectLiNGAM

    model = DirectLiNGAM(random_state=seed)
    model.fit(values)
    return CausalGraph.from_lingam_matrix(model.adjacency_matrix_, names)


def _check_not_collinear(values: np.ndarray, names: list[str]) -> None:
    """Exact copies or rescalings of a column make the correlation matrix singular."""
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(values, rowvar=False)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if abs(corr[i, j]) > 1 - 1e-9:
                raise ToolArgumentError(
                    f"Columns '{names[i]}' and '{names[j]}' are perfectly correlated (one is a "
                    "copy or rescaling of the other), so their causal roles cannot be told apart. "
                    "Drop one of them, or list the columns to use."
                )
    if np.linalg.matrix_rank(corr) < len(names):
        raise ToolArgumentError(
            "Some columns are exact linear combinations of others (e.g. a total and its parts). "
            "Drop the derived column, or list the columns to use."
        )


def _prepare_for_test(values: np.ndarray, test: str) -> np.ndarray:
    if test == "kci":
        # KCI's kernel widths assume standardized columns.
        return (values - values.mean(axis=0)) / values.std(axis=0)
    return values


def _count_kinds(graph: CausalGraph) -> str:
    counts: dict[str, int] = {}
    for edge in graph.edges:
        counts[edge.kind] = counts.get(edge.kind, 0) + 1
    if not counts:
        return "no edges"
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
