"""Causal discovery with causal-learn (PC, FCI, GES, BOSS, DirectLiNGAM) on a table or subset.

The values are checked first (askwhy.stats.checks: finite, enough rows, not constant, not
collinear). Continuous tests and scores (fisherz, kci, BIC, LiNGAM) get standardized columns,
so no magnitude overflows; contingency-table tests and scores (chisq, gsq, BDeu) get the raw
values, only for columns with few distinct values. KCI runs on a seeded subsample of
KCI_MAX_ROWS rows when there are more (its cost grows with the cube of the rows), and the
result's assumptions say so.

Background knowledge (askwhy.stats.background) goes into PC and FCI by node name; a required
edge the search left out is added with a note. GES and LiNGAM take none in causal-learn: their
graph is checked against it afterwards, and a CPDAG's undirected edges are oriented where every
DAG that agrees with the knowledge agrees. With `bootstrap` B > 0 the same search is run on B
resamples (askwhy.stats.bootstrap) and the graph keeps each edge's frequency.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.core.settings import Algorithm, BackgroundKnowledge
from askwhy.core.settings import TestName as DiscoveryTest
from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError
from askwhy.stats import background
from askwhy.stats.bootstrap import (
    DEFAULT_BUDGET_SECONDS,
    DEFAULT_JOBS,
    bootstrap_edges,
    run_parameters,
    run_text,
    stable_share,
)
from askwhy.stats.boss_search import ASSUMPTIONS as BOSS_ASSUMPTIONS
from askwhy.stats.checks import (
    check_table_test,
    correlation,
    standardized,
    usable_values,
)
from askwhy.stats.independence import choose_test, kci_subsample
from askwhy.stats.quiet import quiet
from askwhy.stats.sufficient import (
    MatrixStats,
    check_not_collinear,
    run_from_stats,
    run_search,
    runs_from_stats,
)

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
    "boss": BOSS_ASSUMPTIONS,
}


_NAMES = {"ges": "GES", "lingam": "DirectLiNGAM", "boss": "BOSS"}


class DiscoveryResult(BaseModel):
    graph: CausalGraph
    algorithm: str  # an Algorithm, or "boss" (algorithm auto's choice; not forced by name yet)
    test: str | None
    test_reason: str
    alpha: float | None
    seconds: float
    assumptions: list[str]
    summary: str
    notes: list[str] = Field(default_factory=list)


def discover_graph(
    data: pd.DataFrame,
    variables: Sequence[str] | None = None,
    algorithm: Algorithm | str = "pc",
    test: DiscoveryTest = "auto",
    alpha: float = 0.05,
    kinds: dict[str, str] | None = None,
    seed: int = 0,
    dataset_name: str = "",
    fingerprint: str = "",
    knowledge: BackgroundKnowledge | None = None,
    bootstrap: int = 0,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
    n_jobs: int = DEFAULT_JOBS,
    source: Any = None,
) -> DiscoveryResult:
    """Learn a causal graph over `variables` (all columns when None) from the data, with the
    background knowledge (names: columns of `data`) and, for `bootstrap` > 0, the edge
    frequencies over that many resamples (stopped after `budget_seconds`).

    `source`: a big file's engine table (RowSelection.source), `data` then being its sample:
    PC / FCI with fisherz, chisq or gsq and GES with BIC run on statistics of all rows
    (askwhy.stats.sufficient); other methods, and bootstrap resamples, use the sample."""
    columns = list(dict.fromkeys(variables)) if variables else list(data.columns)
    for name in columns:
        if name not in data.columns:
            raise UnknownVariableError(name, list(data.columns))
    if len(columns) < 2:
        raise ToolArgumentError("Causal discovery needs at least two variables.")
    if algorithm not in ALGORITHM_ASSUMPTIONS:
        raise ToolArgumentError(
            f"Unknown algorithm '{algorithm}'. Use one of: pc, fci, ges, boss, lingam."
        )
    if not 0 < alpha < 1:
        raise ToolArgumentError(f"alpha must be between 0 and 1, got {alpha}.")
    if bootstrap < 0:
        raise ToolArgumentError(f"bootstrap must be 0 (none) or more resamples, got {bootstrap}.")
    given = knowledge if knowledge is not None and not knowledge.is_empty() else None
    requested = {"test": test, "alpha": alpha}
    values, notes = usable_values(data, columns)
    known = background.for_columns(given, list(data.columns), columns, notes)
    column_kinds = {kinds.get(c, "continuous") if kinds else "continuous" for c in columns}
    if test == "auto":
        chosen_test, why = choose_test(column_kinds, len(values))
    else:
        chosen_test, why = test, f"the {test} test was requested"

    standard = standardized(values, columns)
    extra: list[str] = []
    started = time.perf_counter()
    on_all_rows = source is not None and runs_from_stats(algorithm, chosen_test, column_kinds)
    if not on_all_rows:
        check_not_collinear(correlation(standard), columns)
    with quiet():
        if on_all_rows:
            graph, chosen_test, why = run_from_stats(
                source, columns, algorithm, chosen_test, why, alpha, known, notes
            )
            requested["test"] = chosen_test
            alpha = alpha if algorithm != "ges" else None
        elif algorithm in ("pc", "fci"):
            prepared = _prepare_for_test(values, standard, columns, chosen_test, seed, extra)
            run = _run_pc if algorithm == "pc" else _run_fci
            bk = background.to_causallearn(known, columns) if known else None
            graph = run(prepared, columns, chosen_test, alpha, bk)
            requested["test"] = chosen_test
        elif algorithm in ("ges", "boss"):
            discrete = column_kinds <= {"discrete", "binary"}
            if discrete:
                what = f"{_NAMES[algorithm]} with the BDeu score"
                check_table_test(values, columns, what, conditional=False)
            graph = _run_score(algorithm, values if discrete else standard, columns, discrete, seed)
            name = _NAMES[algorithm]
            on = " on the columns' normal scores" if algorithm == "boss" else ""
            chosen_test, why = (
                ("bdeu", f"every column is discrete, so {name} uses the BDeu score")
                if discrete
                else ("bic", f"{name} uses the BIC score{on} for continuous data")
            )
            alpha = None
        else:
            graph = _run_lingam(standard, columns, seed)
            chosen_test, why, alpha = None, "LiNGAM uses no independence test", None
    if source is not None and not on_all_rows:
        from askwhy.stats.sufficient import sample_note

        method = _NAMES.get(algorithm, algorithm.upper())
        if algorithm in ("pc", "fci") or chosen_test == "bdeu":
            method += f" with {'the BDeu score' if chosen_test == 'bdeu' else chosen_test}"
        notes.append(sample_note(method, len(values), source, seed=0))
    if known is not None:
        graph = _apply_knowledge(graph, known, algorithm, notes)

    graph.provenance = Provenance(
        dataset=fingerprint,
        dataset_name=dataset_name,
        algorithm=algorithm,
        test=chosen_test,
        alpha=alpha,
        columns=columns,
        parameters=run_parameters(algorithm, seed, bootstrap, given),
    )
    stability = ""
    if bootstrap:
        search = partial(
            _search_graph,
            variables=columns,
            algorithm=algorithm,
            kinds=kinds,
            seed=seed,
            knowledge=known,
            **requested,
        )
        found = bootstrap_edges(search, data[columns], bootstrap, seed, n_jobs, budget_seconds)
        graph.edge_frequency = found.frequency
        graph.provenance.bootstrap = found.run
        stability = f" Bootstrap: {run_text(found.run)}{stable_share(graph)}."
        if source is not None:
            notes.append(
                f"The bootstrap resamples were drawn from the seeded random sample "
                f"({len(values):,} rows), not from all {source.rows:,} rows."
            )
    seconds = time.perf_counter() - started
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
        f"({_count_kinds(graph)}).{stability}"
    )
    return DiscoveryResult(
        graph=graph,
        algorithm=algorithm,
        test=chosen_test,
        test_reason=why,
        alpha=alpha,
        seconds=seconds,
        assumptions=[
            *ALGORITHM_ASSUMPTIONS[algorithm],
            *extra,
            *(background.describe(known) if known else []),
        ],
        summary=summary,
        notes=notes,
    )


def _search_graph(data: pd.DataFrame, **options: Any) -> CausalGraph:
    """One search with these options and no bootstrap: what each resample runs."""
    return discover_graph(data, **options).graph


def _apply_knowledge(
    graph: CausalGraph, known: BackgroundKnowledge, algorithm: str, notes: list[str]
) -> CausalGraph:
    """Required edges PC/FCI left out are added; the rest is checked and, on a CPDAG, used to
    orient edges every DAG agreeing with the knowledge orients the same way."""
    from askwhy.stats.equivalence import orient_by_knowledge

    if algorithm in ("pc", "fci"):
        notes.extend(background.add_required_edges(graph, known))
    else:
        notes.append(
            f"causal-learn's {_NAMES.get(algorithm, algorithm)} takes no background knowledge "
            "during its search, so its graph was checked against it afterwards; answers leave "
            "out the causal graphs that contradict it."
        )
    wrong = background.violations(known, graph)
    if wrong:
        notes.append(f"The graph contradicts the background knowledge: {'; '.join(wrong)}.")
    if graph.kind == "cpdag":
        graph, oriented = orient_by_knowledge(graph, known)
        if oriented:
            notes.append(
                f"The background knowledge oriented {oriented} more "
                f"edge{'' if oriented == 1 else 's'}."
            )
    return graph


def _ensure_search_test(test: str) -> None:
    """askwhy's own tests (rank_fisherz, dg, rcot) are registered with causal-learn in every
    process that runs a search: bootstrap resamples run in worker processes."""
    from askwhy.stats.search_tests import SEARCH_TESTS, register_search_tests

    if test in SEARCH_TESTS:
        register_search_tests()


def _run_pc(
    values: np.ndarray, names: list[str], test: str, alpha: float, knowledge: Any = None
) -> CausalGraph:
    if test == "fisherz":  # from the correlation matrix, as for a big file (faster)
        found = run_search(MatrixStats(values, names), "pc", test, alpha, knowledge)
        return CausalGraph.from_causallearn(found, names, kind="cpdag")
    from askwhy.stats.pc_search import run_pc  # PC-MaxP collider rule, within a test budget

    _ensure_search_test(test)
    result, _ = run_pc(values, names, test, alpha, knowledge)
    _check_p_values(getattr(result, "test", None), test)
    return CausalGraph.from_causallearn(result.G, names, kind="cpdag")


def _run_fci(
    values: np.ndarray, names: list[str], test: str, alpha: float, knowledge: Any = None
) -> CausalGraph:
    if test == "fisherz":
        found = run_search(MatrixStats(values, names), "fci", test, alpha, knowledge)
        return CausalGraph.from_causallearn(found, names, kind="pag")
    from causallearn.search.ConstraintBased.FCI import fci

    _ensure_search_test(test)
    general_graph, _ = fci(
        values,
        test,
        alpha,
        background_knowledge=knowledge,
        show_progress=False,
        node_names=names,
    )
    return CausalGraph.from_causallearn(general_graph, names, kind="pag")


def _run_score(
    algorithm: str, values: np.ndarray, names: list[str], discrete: bool, seed: int
) -> CausalGraph:
    """GES, or BOSS (askwhy.stats.boss_search: seeded restarts), with BIC or BDeu."""
    if algorithm == "boss":
        from askwhy.stats.boss_search import copula_scores, run_boss

        found = run_boss(values if discrete else copula_scores(values), names, discrete, seed)
        return CausalGraph.from_causallearn(found, names, kind="cpdag")
    from causallearn.search.ScoreBased.GES import ges

    score = "local_score_BDeu" if discrete else "local_score_BIC"
    record = ges(values, score_func=score, node_names=names)
    return CausalGraph.from_causallearn(record["G"], names, kind="cpdag")


def _run_lingam(values: np.ndarray, names: list[str], seed: int) -> CausalGraph:
    from causallearn.search.FCMBased.lingam import DirectLiNGAM

    model = DirectLiNGAM(random_state=seed)
    model.fit(values)
    return CausalGraph.from_lingam_matrix(model.adjacency_matrix_, names)


def _prepare_for_test(
    values: np.ndarray,
    standard: np.ndarray,
    names: list[str],
    test: str,
    seed: int,
    extra: list[str],
) -> np.ndarray:
    """What the test gets: raw values for table tests (checked for few distinct values),
    standardized ones otherwise; a KCI subsample is noted in `extra`."""
    if test in ("chisq", "gsq"):
        check_table_test(values, names, test, conditional=False)
        return values
    if test == "kci":
        # KCI's kernel widths assume standardized columns.
        sample, sampled = kci_subsample(standard, seed)
        if sampled:
            extra.append(sampled)
        return sample
    return standard


def _check_p_values(test: object, method: str) -> None:
    """A NaN p-value inside the search would silently keep an edge: make it an error."""
    cache = getattr(test, "pvalue_cache", None) or {}
    bad = [
        key for key, p in cache.items() if isinstance(p, float | np.floating) and not np.isfinite(p)
    ]
    if bad:
        raise DataError(
            f"The {method} test gave no valid p-value (NaN) for {len(bad)} of the tests in the "
            "search, so the graph would be meaningless. A column is probably (nearly) constant "
            "within part of the data or an exact function of others; check the columns, or try "
            "another test."
        )


def _count_kinds(graph: CausalGraph) -> str:
    counts: dict[str, int] = {}
    for edge in graph.edges:
        counts[edge.kind] = counts.get(edge.kind, 0) + 1
    if not counts:
        return "no edges"
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
