"""Workspace: the loaded datasets and the graph memory that tools work on, and the rows each
analysis uses.

An analysis uses the rows complete on its own columns (a warning says how many others were
left out, and for which columns). Unordered categories with more than two levels are never
used as numbers: with test auto, a test or discovery with them and continuous columns runs
the dg test (0/1 indicators per level; benchmarks/categorical_tables.py), and with chisq /
gsq or too many levels chi-square on the categories (continuous columns cut into
QUANTILE_BINS quantile bins); Fisher-z is refused; an effect refuses such a
treatment or outcome (one estimate per level against a reference is the design for that) and
adjusts for such a covariate through 0/1 indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from askwhy.core.data import Dataset, load_csv
from askwhy.core.dictionary import DataDictionary
from askwhy.core.graph import CausalGraph
from askwhy.core.settings import TEST_BASED, AnalysisSettings
from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.memory.cache import GraphKey
from askwhy.memory.store import GraphStore

QUANTILE_BINS = 5
MAX_INDICATOR_LEVELS = 20  # dg's indicators for at most this many levels (as inside PC)
TABLE_TESTS = ("auto", "chisq", "gsq")


class GraphRun(BaseModel):
    """A graph fetched for a question: from memory, or discovered now."""

    name: str
    graph: CausalGraph
    reused: bool
    seconds: float = 0.0
    test_reason: str = ""
    assumptions: list[str] = []
    warnings: list[str] = []  # rows left out for missing values, categories binned


class AnalysisRows(BaseModel):
    """The rows a test or a discovery run uses, the column kinds and test it should use."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    frame: pd.DataFrame
    kinds: dict[str, str]
    test: str | None  # the test to ask for: as given, or chisq/gsq for categories
    reason: str = ""  # why the test was chosen for categories ('' when it was not)
    binned: list[str] = []  # continuous columns cut into quantile bins
    warnings: list[str] = []
    source: Any = None  # a big file's engine table (tests may use all its rows); None: binned


def rows_for_test(
    dataset: Dataset, columns: Sequence[str], test: str | None, what: str
) -> AnalysisRows:
    """Rows complete on `columns`; with an unordered category of more than two levels, a
    table test on categories (continuous columns binned), never Fisher-z on its codes.
    `test` None: no independence test (GES, LiNGAM), only the rows."""
    columns = list(dict.fromkeys(columns))
    rows = dataset.complete_rows(columns, what)
    kinds = {c: dataset.profiles[c].kind for c in columns}
    found = AnalysisRows(
        frame=rows.frame, kinds=kinds, test=test, warnings=rows.notes(), source=rows.source
    )
    unordered = dataset.unordered(columns)
    if not unordered or test is None:
        return found
    listed = _categories(dataset, unordered)
    if test in ("fisherz", "rank_fisherz"):
        raise ToolArgumentError(
            f"Fisher-z would use the codes of {listed} as numbers, which means nothing for "
            "unordered categories. Use test 'chisq', 'gsq' or 'dg' (or 'auto'), which compare the "
            "categories, or 'kci'."
        )
    continuous = [c for c in columns if kinds[c] == "continuous"]
    if test not in TABLE_TESTS or not continuous:
        return found
    levels = max(len(dataset.profiles[c].categories or []) for c in unordered)
    if test == "auto" and levels <= MAX_INDICATOR_LEVELS:
        verb = "is an unordered category" if len(unordered) == 1 else "are unordered categories"
        reason = (
            f"{listed} {verb}, so the dg test is used: a Gaussian likelihood-ratio test with "
            "a 0/1 indicator per category level, which compares the categories without using "
            "their codes as numbers and keeps the continuous columns as they are"
        )
        return found.model_copy(update={"test": "dg", "reason": reason})
    frame = rows.frame.copy()
    for column in continuous:
        frame[column] = _quantile_bins(frame[column])
        kinds[column] = "discrete"
    chosen = "chisq" if test == "auto" else test
    verb = "is an unordered category" if len(unordered) == 1 else "are unordered categories"
    reason = (
        f"{listed} {verb}, so a {chosen} test compares categories, with "
        f"{', '.join(continuous)} cut into {QUANTILE_BINS} quantile bins (Fisher-z would use "
        "category codes as numbers)"
    )
    return found.model_copy(
        update={
            "frame": frame,
            "kinds": kinds,
            "test": chosen,
            "reason": reason,
            "binned": continuous,
            "source": None,  # the binned columns are in the sample only
            "warnings": [*found.warnings, reason[0].upper() + reason[1:] + "."],
        }
    )


def _quantile_bins(column: pd.Series) -> pd.Series:
    """QUANTILE_BINS quantile bins; a column mostly at one value (zero-inflated revenue),
    whose quantiles coincide, is cut at that value instead of becoming a constant."""
    bins = pd.qcut(column, QUANTILE_BINS, labels=False, duplicates="drop")
    if bins.nunique() > 1:
        return bins
    mode = column.mode().iloc[0]
    return (column > mode).astype(int) - (column < mode).astype(int)


def effect_rows(
    dataset: Dataset, treatment: str, outcome: str, covariates: Sequence[str]
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Rows complete on treatment, outcome and covariates, with unordered categorical
    covariates as 0/1 indicators (first level left out); the adjustment columns; warnings.

    An unordered categorical treatment or outcome with more than two levels is refused."""
    columns = list(dict.fromkeys([treatment, outcome, *covariates]))
    rows = dataset.complete_rows(columns, "An effect estimate")
    for role, name in (("treatment", treatment), ("outcome", outcome)):
        if name in dataset.unordered([name]):
            raise ToolArgumentError(_unordered_effect(dataset, role, name, treatment, outcome))
    frame, adjustment = rows.frame, list(dict.fromkeys(covariates))
    unordered = dataset.unordered(adjustment)
    if not unordered:
        return frame, adjustment, rows.notes()
    frame = frame.copy()
    expanded: list[str] = []
    for name in adjustment:
        if name not in unordered:
            expanded.append(name)
            continue
        labels = dataset.profiles[name].categories or []
        named = frame[name].map(lambda code, labels=labels: labels[int(code)])
        dummies = pd.get_dummies(named, prefix=name, prefix_sep="=", drop_first=True, dtype=float)
        frame = pd.concat([frame.drop(columns=name), dummies], axis=1)
        expanded.extend(dummies.columns)
    note = (
        f"Adjusted for the unordered categor{'y' if len(unordered) == 1 else 'ies'} "
        f"{', '.join(unordered)} through 0/1 indicators of each level but the first "
        f"({', '.join(c for c in expanded if c.split('=')[0] in unordered)})."
    )
    return frame, expanded, [*rows.notes(), note]


def _categories(dataset: Dataset, names: Sequence[str]) -> str:
    """ "'region' (east, north, south)" for each column."""
    return ", ".join(
        f"'{n}' ({', '.join((dataset.profiles[n].categories or [])[:6])})" for n in names
    )


def _unordered_effect(dataset: Dataset, role: str, name: str, treatment: str, outcome: str) -> str:
    labels = dataset.profiles[name].categories or []
    what = f"'{name}' is an unordered category with {len(labels)} levels ({', '.join(labels[:6])})"
    if role == "treatment":
        return (
            f"{what}; one effect of it would use its codes as numbers. Estimate the effect of "
            f"each level against a reference level instead: the estimate_design tool with "
            f"reference='{labels[0]}' (e.g. \"effect of {name} on {outcome} compared with "
            f'{labels[0]}").'
        )
    return (
        f"The outcome {what}; an average effect on it would use its codes as numbers. Test "
        f"whether {treatment} and {name} are independent instead, or make a 0/1 column for one "
        "level and estimate the effect on it."
    )


class Workspace:
    """Datasets by name plus the GraphStore. Tools read and write only through this."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.datasets: dict[str, Dataset] = {}
        self.current: str | None = None

    def load(
        self,
        path: str | Path,
        name: str | None = None,
        columns: str | Path | Mapping[str, Any] | DataDictionary | None = None,
        **options,
    ) -> Dataset:
        """Load a CSV with its data dictionary (`columns`, else a sidecar file, else none)."""
        dataset = load_csv(path, name=name, columns=columns, **options)
        return self.add(dataset)

    def add(self, dataset: Dataset) -> Dataset:
        self.datasets[dataset.name] = dataset
        self.current = dataset.name
        return dataset

    def dataset(self, name: str | None = None) -> Dataset:
        if name is None:
            if self.current is None:
                raise AskwhyError(
                    "No data loaded. Load a CSV first (askwhy ask --data FILE, or Session.load)."
                )
            return self.datasets[self.current]
        if name in self.datasets:
            return self.datasets[name]
        stem = Path(name).stem
        if stem in self.datasets:
            return self.datasets[stem]
        known = ", ".join(self.datasets) or "none"
        raise AskwhyError(f"No dataset named '{name}'. Loaded datasets: {known}.")

    def graph_for(
        self,
        dataset: Dataset,
        variables: Sequence[str] | None,
        settings: AnalysisSettings,
        name: str | None = None,
    ) -> GraphRun:
        """The discovered graph for these data and settings, reused from memory when cached.

        With `name`, a cached graph is stored under that name too (the user asked for it).
        """
        from askwhy.stats.discovery import discover_graph
        from askwhy.stats.independence import choose_test
        from askwhy.stats.search_tests import SEARCH_TESTS, register_search_tests

        columns = list(variables) if variables else dataset.columns
        chosen_why, resolved = "", None
        if settings.algorithm == "auto":
            settings, resolved, chosen_why = _auto_method(dataset, columns, settings)
        based = settings.algorithm in TEST_BASED
        rows = rows_for_test(dataset, columns, settings.test if based else None, "Causal discovery")
        if rows.test != "auto" or not based:
            resolved = rows.test
        elif resolved is None:
            values = rows.frame[columns].to_numpy(dtype=float)
            kinds = [rows.kinds[c] for c in columns]
            resolved, chosen_why = choose_test(
                set(kinds), len(values), values, columns, kinds, seed=settings.seed
            )
        if resolved in SEARCH_TESTS:
            register_search_tests()
        warnings = list(rows.warnings)
        unordered = dataset.unordered(columns)
        continuous = "continuous" in rows.kinds.values()
        if unordered and (settings.algorithm == "lingam" or (not based and continuous)):
            warnings.append(
                f"{settings.algorithm.upper()} uses the codes of {_categories(dataset, unordered)} "
                "as numbers, which means nothing for unordered categories; use PC or FCI (they "
                "compare categories with the dg or chi-square test)."
            )
        key = GraphKey.for_discovery(dataset.fingerprint, columns, settings, resolved)
        if rows.binned:
            key = key.model_copy(update={"parameters": {**key.parameters, **_binning()}})
        cached = self.store.find(key)
        if cached is not None and _partial_bootstrap(cached[1]):
            cached = None  # a bootstrap the time budget cut short is redone, never reused
        if cached is not None:
            cached_name, graph = cached
            if name is not None and name != cached_name:
                cached_name = self.store.put(graph, name, dataset_columns=dataset.columns)
            return GraphRun(
                name=cached_name,
                graph=graph,
                reused=True,
                test_reason="; ".join(r for r in (rows.reason, chosen_why) if r),
                warnings=warnings,
            )
        result = discover_graph(
            rows.frame,
            columns,
            algorithm=settings.algorithm,
            test=resolved if based else settings.test,
            alpha=settings.alpha,
            kinds=rows.kinds,
            seed=settings.seed,
            dataset_name=dataset.name,
            fingerprint=dataset.fingerprint,
            knowledge=settings.knowledge,
            bootstrap=settings.bootstrap,
            source=rows.source,
        )
        if rows.binned and result.graph.provenance is not None:
            provenance = result.graph.provenance
            provenance.parameters = {**provenance.parameters, **_binning()}
        stored_name = self.store.put(result.graph, name, dataset_columns=dataset.columns)
        return GraphRun(
            name=stored_name,
            graph=result.graph,
            reused=False,
            seconds=result.seconds,
            test_reason="; ".join(r for r in (rows.reason, chosen_why) if r) or result.test_reason,
            assumptions=result.assumptions,
            warnings=[*warnings, *result.notes],
        )


def _partial_bootstrap(graph) -> bool:
    run = graph.provenance.bootstrap if graph.provenance is not None else None
    return run is not None and run.stopped_early


def _auto_method(
    dataset: Dataset, columns: Sequence[str], settings: AnalysisSettings
) -> tuple[AnalysisSettings, str | None, str]:
    """Algorithm "auto" resolved from the data's profile (askwhy.stats.method_choice): the
    settings with a concrete algorithm, the test chosen for PC (None: none, or left to the
    usual resolution), and why."""
    from askwhy.stats.method_choice import choose_method

    unordered = dataset.unordered(columns)
    if unordered:
        why = "algorithm auto chose PC, which can compare unordered categories"
        return settings.model_copy(update={"algorithm": "pc"}), None, why
    if dataset.engine is not None:
        why = "algorithm auto chose PC, whose tests use all rows of a big file"
        return settings.model_copy(update={"algorithm": "pc"}), None, why
    if settings.knowledge is not None and not settings.knowledge.is_empty():
        why = "algorithm auto chose PC, which uses the background knowledge in its search"
        return settings.model_copy(update={"algorithm": "pc"}), None, why
    if settings.alpha != AnalysisSettings.model_fields["alpha"].default:
        why = "algorithm auto chose PC, whose tests use the significance level that was set"
        return settings.model_copy(update={"algorithm": "pc"}), None, why
    rows = dataset.complete_rows(columns, "Causal discovery")
    values = rows.frame[list(columns)].to_numpy(dtype=float)
    kinds = [dataset.profiles[c].kind for c in columns]
    choice = choose_method(values, columns, kinds, test=settings.test, seed=settings.seed)
    return settings.model_copy(update={"algorithm": choice.algorithm}), choice.test, choice.reason


def _binning() -> dict[str, Any]:
    """What a graph's provenance (and cache key) records when continuous columns were binned."""
    return {"quantile_bins": QUANTILE_BINS}
