"""Tests and discovery from sufficient statistics that an out-of-core engine computes.

Fisher-z needs only the correlation matrix of the analysed columns and the number of rows:
`SufficientStats.correlation` gets it from the engine (askwhy.core.engine.EngineTable) in one
pass over the rows complete on those columns, and PC, FCI (through causal-learn with the
`askwhy_fisherz_stats` test registered here) and GES (causal-learn's BIC score from the
covariance) run from it exactly as they run on the rows. Chi-square and G-square need
contingency counts: each conditioning set's group-by counts are fetched on demand and cached,
and the statistic is causal-learn's (the same tables, degrees of freedom and p-value).

Missing values: the rows complete on all the columns of the analysis (listwise), as in memory.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from askwhy.core.graph import CausalGraph
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import DataError, ToolArgumentError
from askwhy.stats import background
from askwhy.stats.checks import (
    MAX_TABLE_CELLS,
    MAX_TABLE_LEVELS,
    MIN_TEST_ROWS,
    RELATIVE_SPREAD,
    correlation,
)

SUFFICIENT_TESTS = ("fisherz", "chisq", "gsq")
# the names these tests have in causal-learn's registry
STATS_TESTS = {test: f"askwhy_{test}_stats" for test in SUFFICIENT_TESTS}
_EPS = float(np.finfo(float).eps)
_SQRT2 = math.sqrt(2.0)


class SufficientStats:
    """The summary statistics of `columns` of an engine table, fetched once and cached.

    Rows: those complete on every one of `columns`."""

    def __init__(self, source: Any, columns: Sequence[str]) -> None:
        self.source = source
        self.columns = list(columns)
        self._corr: tuple[int, np.ndarray] | None = None
        self._counts: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}

    def correlation(self) -> tuple[int, np.ndarray]:
        """(rows, correlation matrix) of the columns, in one pass over the file."""
        if self._corr is None:
            means = getattr(self.source, "means", {})
            shift = [means.get(c, 0.0) for c in self.columns]
            n, _, cov = self.source.moments(self.columns, shift)
            self._check_rows(n)
            if not np.isfinite(cov).all():
                raise DataError(
                    f"Infinite or overflowing values in {', '.join(self.columns)}; no test can "
                    "use them. Replace them with real numbers or make them missing values."
                )
            sd = np.sqrt(np.clip(np.diag(cov), 0, None))
            size = np.maximum(np.abs(np.array(shift, dtype=float)), sd)
            flat = [
                c
                for c, spread, big in zip(self.columns, sd, size, strict=True)
                if not spread > RELATIVE_SPREAD * big
            ]
            if flat:
                raise DataError(
                    f"Column{'s' if len(flat) > 1 else ''} {', '.join(repr(c) for c in flat)} "
                    "is constant in the rows analysed, so it carries no information; leave it out."
                )
            corr = np.clip(cov / np.outer(sd, sd), -1.0, 1.0)
            np.fill_diagonal(corr, 1.0)
            self._corr = (n, corr)
        return self._corr

    def counts(self, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Group-by counts of `names` over the rows complete on all columns: one query per
        set of columns (cached, whatever their order), columns in the order of `names`."""
        key = tuple(sorted(names))
        if key not in self._counts:
            filter_on = list(dict.fromkeys([*key, *self.columns]))
            combos, counts = self.source.counts(list(key), complete_on=filter_on)
            self._check_rows(int(counts.sum()))
            self._counts[key] = (combos, counts)
        combos, counts = self._counts[key]
        return combos[:, [key.index(n) for n in names]], counts

    def _check_rows(self, n: int) -> None:
        if n < MIN_TEST_ROWS:
            raise DataError(
                f"Only {n} complete rows in {', '.join(self.columns)}; a test needs at least "
                f"{MIN_TEST_ROWS} (hundreds for a reliable answer)."
            )


class MatrixStats(SufficientStats):
    """Rows in memory (standardized columns): the same tests, from their correlation matrix."""

    def __init__(self, standard: np.ndarray, columns: Sequence[str]) -> None:
        super().__init__(None, columns)
        self._corr = (len(standard), correlation(standard))


def fisher_z_from_corr(corr: np.ndarray, n: int, index: Sequence[int]) -> tuple[float, float]:
    """Fisher-z of index[0] vs index[1] given index[2:], from the correlation matrix: the
    statistic of askwhy.stats.independence.fisher_z and causal-learn's FisherZ (a search runs
    hundreds of thousands of them, so zero or one conditioning column skips the inverse)."""
    given_count = len(index) - 2
    if n - given_count - 3 <= 0:
        raise ToolArgumentError(
            f"Too few rows ({n}) for a Fisher-z test with {given_count} conditioning variables."
        )
    i, j = index[0], index[1]
    if given_count == 0:
        r = float(corr[i, j])
    elif given_count == 1:
        r = _partial(float(corr[i, j]), float(corr[i, index[2]]), float(corr[j, index[2]]))
    elif given_count == 2:  # the recursion formula, once more
        k, m = index[2], index[3]
        rkm = float(corr[k, m])
        r = _partial(
            _partial(float(corr[i, j]), float(corr[i, k]), float(corr[j, k])),
            _partial(float(corr[i, m]), float(corr[i, k]), rkm),
            _partial(float(corr[j, m]), float(corr[j, k]), rkm),
        )
    else:
        sub = corr.take(index, axis=0).take(index, axis=1)
        try:
            precision = np.linalg.inv(sub)
            r = float(-precision[0, 1] / math.sqrt(abs(precision[0, 0] * precision[1, 1])))
        except (np.linalg.LinAlgError, ZeroDivisionError, ValueError):
            r = math.nan
    if not math.isfinite(r):
        raise ToolArgumentError(
            "The columns are perfectly collinear (one is an exact function of the others); "
            "drop one of them."
        )
    r = min(max(r, -1 + _EPS), 1 - _EPS)
    z = 0.5 * math.log((1 + r) / (1 - r))
    statistic = math.sqrt(n - given_count - 3) * abs(z)
    return statistic, math.erfc(statistic / _SQRT2)


def _partial(rxy: float, rxz: float, ryz: float) -> float:
    """The partial correlation of x and y given z, from their correlations."""
    scale = (1.0 - rxz * rxz) * (1.0 - ryz * ryz)
    return (rxy - rxz * ryz) / math.sqrt(scale) if scale > 0 else math.nan


def table_test(
    combos: np.ndarray, counts: np.ndarray, g_square: bool, names: Sequence[str]
) -> tuple[float, float]:
    """Chi-square (or G-square) of column 0 vs column 1 given the rest, from group-by counts:
    causal-learn's statistic (a table per combination of the conditioning values that occurs;
    degrees of freedom from the levels present in each) and p-value."""
    from scipy.stats import chi2

    levels = [np.unique(combos[:, i]) for i in range(combos.shape[1])]
    many = [(c, len(v)) for c, v in zip(names, levels, strict=True) if len(v) > MAX_TABLE_LEVELS]
    if many:
        listed = "; ".join(f"{c} has {k:,} distinct values" for c, k in many)
        raise ToolArgumentError(
            f"{'gsq' if g_square else 'chisq'} needs discrete columns (at most "
            f"{MAX_TABLE_LEVELS} distinct values each); {listed}. Use fisherz or kci."
        )
    codes = [np.searchsorted(v, combos[:, i]) for i, v in enumerate(levels)]
    card_x, card_y = len(levels[0]), len(levels[1])
    if combos.shape[1] > 2:
        given = np.column_stack(codes[2:])
        _, layer = np.unique(given, axis=0, return_inverse=True)
        layer = layer.reshape(-1)
        layers = int(layer.max()) + 1
    else:
        layer, layers = np.zeros(len(counts), dtype=np.int64), 1
    if layers * card_x * card_y > MAX_TABLE_CELLS:
        raise ToolArgumentError(
            f"The test of {names[0]} and {names[1]} given {', '.join(names[2:])} would fill a "
            f"contingency table of {layers * card_x * card_y:,} cells, more than the "
            f"{MAX_TABLE_CELLS:,} allowed. Condition on fewer columns, or use fisherz."
        )
    observed = np.zeros((layers, card_x, card_y))
    np.add.at(observed, (layer, codes[0], codes[1]), counts)
    rows_x, rows_y = observed.sum(axis=2), observed.sum(axis=1)
    total = observed.sum(axis=(1, 2))
    expected = rows_x[:, :, None] * rows_y[:, None, :] / total[:, None, None]
    zero = expected == 0
    safe = np.where(zero, 1.0, expected)
    if g_square:
        ratio = observed / safe
        ratio[ratio == 0] = 1.0
        statistic = 2 * float(np.sum(observed * np.log(ratio)))
    else:
        statistic = float(np.sum((observed - expected) ** 2 / safe))
    zero_rows = zero.all(axis=2).sum(axis=1)
    zero_cols = zero.all(axis=1).sum(axis=1)
    dof = int(np.sum((card_x - 1 - zero_rows) * (card_y - 1 - zero_cols)))
    return statistic, 1.0 if dof == 0 else float(chi2.sf(statistic, dof))


def stats_test(stats: SufficientStats, test: str, index: Sequence[int]) -> tuple[float, float]:
    """(statistic, p-value) of columns index[0] vs index[1] given index[2:] of `stats`."""
    if test == "fisherz":
        n, corr = stats.correlation()
        return fisher_z_from_corr(corr, n, index)
    names = [stats.columns[i] for i in index]
    combos, counts = stats.counts(names)
    return table_test(combos, counts, test == "gsq", names)


def full_data_test(source: Any, columns: Sequence[str], test: str) -> tuple[float, float, int]:
    """(statistic, p-value, rows) of columns[0] vs columns[1] given the rest, from the
    statistics of all rows complete on `columns`."""
    stats = SufficientStats(source, columns)
    statistic, p_value = stats_test(stats, test, list(range(len(columns))))
    if test == "fisherz":
        return statistic, p_value, stats.correlation()[0]
    return statistic, p_value, int(stats.counts(list(columns))[1].sum())


def register_stats_tests() -> None:
    """Make the askwhy_*_stats tests usable by name in causal-learn's PC and FCI; they take
    `stats=SufficientStats` as a keyword (passed through pc(..., stats=...))."""
    from causallearn.utils.cit import CIT_Base, register_ci_test

    class StatsTest(CIT_Base):
        test = ""

        def __init__(self, data: np.ndarray, stats: SufficientStats, **kwargs: object) -> None:
            super().__init__(data, **kwargs)
            self.check_cache_method_consistent(STATS_TESTS[self.test], "askwhy")
            self.stats = stats
            self.sample_size = stats.correlation()[0] if self.test == "fisherz" else 0

        def __deepcopy__(self, memo: dict) -> StatsTest:
            # causal-learn deep-copies its graph, and the graph holds the test: copying the
            # cache of a million p-values took longer than the tests. A test only adds to its
            # cache, so every copy of the graph can share it.
            return self

        def __call__(self, X, Y, condition_set=None) -> float:  # noqa: N803 (causal-learn's names)
            # PC and FCI call with two column indices and a tuple of them; the key is the
            # unordered pair and the sorted set (causal-learn's own key is slower to build)
            if not isinstance(X, int | np.integer) or not isinstance(Y, int | np.integer):
                xs, ys, rest, key = self.get_formatted_XYZ_and_cachekey(X, Y, condition_set)
                if key not in self.pvalue_cache:
                    index = [*xs, *ys, *rest]
                    self.pvalue_cache[key] = stats_test(self.stats, self.test, index)[1]
                return self.pvalue_cache[key]
            x, y = (int(X), int(Y)) if X < Y else (int(Y), int(X))
            given = tuple(sorted(int(k) for k in condition_set or ()))
            key = (x, y, given)
            found = self.pvalue_cache.get(key)
            if found is None:
                found = self.pvalue_cache[key] = stats_test(self.stats, self.test, [x, y, *given])[
                    1
                ]
            return found

    for name in SUFFICIENT_TESTS:
        register_ci_test(STATS_TESTS[name], type(f"Stats_{name}", (StatsTest,), {"test": name}))


def run_search(
    stats: SufficientStats,
    algorithm: str,
    test: str,
    alpha: float,
    knowledge: Any = None,
) -> Any:
    """causal-learn's PC / FCI / GES (BIC) from the statistics; the causal-learn graph."""
    names = stats.columns
    placeholder = np.zeros((len(names) + 1, len(names)))  # PC and FCI read only its shape
    if algorithm == "ges":
        from causallearn.search.ScoreBased.GES import ges

        n, corr = stats.correlation()
        return ges(None, score_func="local_score_BIC", node_names=names, cov=corr, n=n)["G"]
    register_stats_tests()
    if algorithm == "pc":
        from askwhy.stats.pc_search import run_pc  # PC-MaxP collider rule, within a budget

        result, _ = run_pc(placeholder, names, STATS_TESTS[test], alpha, knowledge, stats=stats)
        return result.G
    from causallearn.search.ConstraintBased.FCI import fci

    graph, _ = fci(
        placeholder,
        STATS_TESTS[test],
        alpha,
        background_knowledge=knowledge,
        show_progress=False,
        node_names=names,
        stats=stats,
    )
    return graph


def all_rows_note(test: str, n: int, source: Any) -> str:
    """What an answer from sufficient statistics says about its rows."""
    what = "correlation matrix" if test in ("fisherz", "bic") else "contingency counts"
    return (
        f"The {test} statistics came from the {what} of all {n:,} complete rows, computed by "
        f"DuckDB over the file out of core ({source.rows:,} rows in all)."
    )


def sample_note(method: str, rows: int, source: Any, seed: int = 0) -> str:
    """What an answer that needed rows says about the sample it used."""
    return (
        f"{method} needs the rows themselves, so it ran on the engine's seeded random sample "
        f"({rows:,} complete rows of the {source.rows:,} in the file; sample seed {seed})."
    )


def runs_from_stats(algorithm: str, test: str | None, kinds: set[str]) -> bool:
    """Whether this search runs from summary statistics alone."""
    if algorithm in ("pc", "fci"):
        return test in ("fisherz", "chisq", "gsq")
    return algorithm == "ges" and not kinds <= {"discrete", "binary"}


def run_from_stats(
    source: Any,
    columns: list[str],
    algorithm: str,
    test: str | None,
    why: str,
    alpha: float,
    known: BackgroundKnowledge | None,
    notes: list[str],
) -> tuple[CausalGraph, str | None, str]:
    """PC / FCI / GES from the engine's statistics of all rows: (graph, test, why)."""
    stats = SufficientStats(source, columns)
    if test == "fisherz" or algorithm == "ges":
        check_not_collinear(stats.correlation()[1], columns)
    if algorithm == "ges":
        test, why = "bic", "GES uses the BIC score for continuous data"
    bk = background.to_causallearn(known, columns) if known and algorithm != "ges" else None
    found = run_search(stats, algorithm, test or "fisherz", alpha, bk)
    kind = "pag" if algorithm == "fci" else "cpdag"
    rows = stats.correlation()[0] if test in ("fisherz", "bic") else source.complete_count(columns)
    notes.append(all_rows_note(test or "", rows, source))
    return CausalGraph.from_causallearn(found, columns, kind=kind), test, why


def check_not_collinear(corr: np.ndarray, names: list[str]) -> None:
    """Exact copies or rescalings of a column make the correlation matrix singular.

    Read from the correlation matrix, so the check does not depend on the values' scale."""
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
