"""Marginal and conditional independence tests: Fisher-z (on the values or on normal scores),
chi-square, G-square, a mixed-type Gaussian likelihood-ratio test (dg), a fast kernel test
with random features (rcot) and KCI.

With test "auto" the test is chosen from a profile of the analysed columns
(askwhy.stats.test_choice: kinds, skew, outliers, nonlinear pairs) and the result's
`test_reason` says why. askwhy.stats.search_tests makes rank_fisherz, dg and rcot usable
inside causal-learn's PC and FCI.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from askwhy.core.data import column_kind
from askwhy.core.settings import TestName
from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats.checks import (
    check_p_value,
    check_table_test,
    correlation,
    standardized,
    usable_values,
)
from askwhy.stats.nonlinear_test import rcot
from askwhy.stats.test_choice import normal_scores_matrix

ASSUMPTIONS: dict[str, list[str]] = {
    "fisherz": [
        "Fisher-z tests partial correlation: it assumes roughly linear relations and "
        "Gaussian-like noise; it can miss non-linear or non-monotone dependence.",
        "Rows are independent draws from one population.",
    ],
    "chisq": [
        "Chi-square treats every column as categorical and compares observed and expected "
        "counts; it needs enough rows in every cell of the contingency tables.",
        "Rows are independent draws from one population.",
    ],
    "gsq": [
        "G-square (likelihood ratio) treats every column as categorical; it needs enough rows "
        "in every cell of the contingency tables.",
        "Rows are independent draws from one population.",
    ],
    "kci": [
        "KCI is a kernel test: it detects non-linear dependence with no distributional "
        "assumption, at a higher cost (quadratic in the number of rows).",
        "Rows are independent draws from one population.",
    ],
    "rank_fisherz": [
        "Fisher-z on normal scores (ranks mapped to Gaussian quantiles) tests partial "
        "correlation after any monotone transform of each column: it assumes the relations "
        "are monotone, and is robust to skew and outliers.",
        "Rows are independent draws from one population.",
    ],
    "dg": [
        "The mixed-type test is a Gaussian likelihood-ratio test in which every discrete "
        "column enters as 0/1 indicators of its levels: it assumes roughly linear relations "
        "(on those indicators) and can miss non-linear dependence.",
        "Rows are independent draws from one population.",
    ],
    "rcot": [
        "RCoT approximates a kernel test with random Fourier features: it detects "
        "non-linear dependence with no distributional assumption, at a cost linear in the "
        "rows; its p-value is an approximation, and a very weak dependence can be missed.",
        "Rows are independent draws from one population.",
    ],
}
TESTS = tuple(ASSUMPTIONS)
# RCoT runs on a seeded subsample of at most this many rows (a single test of 10,000 rows
# takes well under a second).
RCOT_MAX_ROWS = 10_000

# KCI costs O(n^2) memory and O(n^3) time; above this many rows it runs on a random subsample
# (seeded; the result's assumptions say so). 500 rows take well under a second per test.
KCI_MAX_ROWS = 500


class IndependenceResult(BaseModel):
    x: str
    y: str
    given: list[str] = Field(default_factory=list)
    test: Literal["fisherz", "rank_fisherz", "chisq", "gsq", "dg", "rcot", "kci"]
    test_reason: str
    statistic: float | None
    p_value: float
    alpha: float
    independent: bool  # True when independence is not rejected at alpha
    n_rows: int
    assumptions: list[str]
    summary: str
    notes: list[str] = Field(default_factory=list)


def choose_test(
    kinds: set[str],
    n_rows: int,
    values: np.ndarray | None = None,
    columns: Sequence[str] | None = None,
    column_kinds: Sequence[str] | None = None,
    seed: int = 0,
) -> tuple[str, str]:
    """Pick a default test; return (test, why).

    With `values` (the analysed columns, complete rows) and their `columns` and
    `column_kinds`, the choice reads the data's profile (askwhy.stats.test_choice); with the
    kinds alone (older callers) it is Fisher-z or chi-square by kind."""
    if values is not None and columns is not None and column_kinds is not None:
        from askwhy.stats.test_choice import choose_test as choose_from_profile

        choice = choose_from_profile(values, columns, column_kinds, seed=seed)
        return choice.test, choice.reason
    if kinds <= {"discrete", "binary"}:
        return "chisq", "every column involved is discrete, so a chi-square test fits"
    if "discrete" in kinds or "binary" in kinds:
        return (
            "fisherz",
            "the columns mix discrete and continuous values; Fisher-z treats the discrete ones "
            "as numbers (ask for 'kci' for a non-parametric test)",
        )
    return "fisherz", "every column involved is continuous, so Fisher-z (partial correlation) fits"


def independence_test(
    data: pd.DataFrame,
    x: str,
    y: str,
    given: Sequence[str] = (),
    test: TestName | str = "auto",
    alpha: float = 0.05,
    kinds: dict[str, str] | None = None,
    seed: int = 0,
    source: Any = None,
) -> IndependenceResult:
    """Test whether x and y are independent (given the conditioning columns).

    `test` is "auto" (chosen from the data's profile) or one of TESTS. `kinds` maps
    column -> "continuous"/"discrete"/"binary" (from askwhy.core.data profiles); without it
    each column's kind is read from the data the same way. `source`: a big file's engine
    table (RowSelection.source); `data` is then its sample, and Fisher-z, chi-square and
    G-square run on statistics of all rows (askwhy.stats.sufficient), the others on the sample.
    """
    given = list(dict.fromkeys(given))
    columns = [x, y, *given]
    for name in columns:
        if name not in data.columns:
            raise UnknownVariableError(name, list(data.columns))
    if x == y:
        raise ToolArgumentError(f"Both variables are '{x}'. Name two different columns.")
    if x in given or y in given:
        raise ToolArgumentError(
            f"The conditioning set {given} contains a tested variable; condition on other columns."
        )
    if not 0 < alpha < 1:
        raise ToolArgumentError(f"alpha must be between 0 and 1, got {alpha}.")
    values, notes = usable_values(data, columns)
    n_rows = len(values)
    if kinds is None:
        kinds = {c: _kind(values[:, i]) for i, c in enumerate(columns)}
    column_kinds = [kinds[c] for c in columns]
    if test == "auto":
        chosen, why = choose_test(
            set(column_kinds), n_rows, values, columns, column_kinds, seed=seed
        )
    else:
        chosen, why = test, f"the {test} test was requested"

    assumptions = list(ASSUMPTIONS.get(chosen, []))
    on_all_rows = source is not None and chosen in ("fisherz", "chisq", "gsq")
    if source is not None:
        from askwhy.stats import sufficient
    if on_all_rows:
        statistic, p_value, n_rows = sufficient.full_data_test(source, columns, chosen)
        notes.append(sufficient.all_rows_note(chosen, n_rows, source))
    elif chosen == "fisherz":
        statistic, p_value = fisher_z(values, given_count=len(given), columns=columns)
    elif chosen == "rank_fisherz":
        scores = normal_scores_matrix(values, column_kinds)
        statistic, p_value = fisher_z(scores, given_count=len(given), columns=columns)
    elif chosen in ("chisq", "gsq"):
        check_table_test(values, columns, chosen)
        statistic, p_value = _causallearn_test(values, chosen)
    elif chosen == "dg":
        statistic, p_value = mixed_lrt(standardized(values, columns), column_kinds)
    elif chosen == "rcot":
        statistic, p_value, sampled = rcot_test(values, column_kinds, seed, RCOT_MAX_ROWS)
        if sampled:
            assumptions.append(sampled)
    elif chosen == "kci":
        statistic, p_value, sampled = _kci(values, columns, seed=seed)
        if sampled:
            assumptions.append(sampled)
    else:
        raise ToolArgumentError(f"Unknown test '{test}'. Use one of: {', '.join(TESTS)}.")
    if source is not None and not on_all_rows:
        notes.append(sufficient.sample_note(f"The {chosen} test", n_rows, source))
    check_p_value(p_value, statistic, chosen, x, y, given)

    independent = p_value >= alpha
    condition = f" given {', '.join(given)}" if given else ""
    verdict = (
        f"no evidence against independence of {x} and {y}{condition}"
        if independent
        else f"{x} and {y} are dependent{condition}"
    )
    summary = (
        f"{chosen} test: p = {p_value:.3g} {'>=' if independent else '<'} alpha = {alpha:g}, "
        f"so {verdict}."
    )
    return IndependenceResult(
        x=x,
        y=y,
        given=given,
        test=chosen,
        test_reason=why,
        statistic=statistic,
        p_value=p_value,
        alpha=alpha,
        independent=independent,
        n_rows=n_rows,
        assumptions=assumptions,
        summary=summary,
        notes=notes,
    )


def fisher_z(
    values: np.ndarray, given_count: int, columns: Sequence[str] | None = None
) -> tuple[float, float]:
    """Fisher-z test of column 0 vs column 1 given the remaining columns.

    Same statistic as causal-learn's FisherZ, computed without importing it (it is slow to
    load), on standardized columns so that no magnitude overflows or underflows.
    """
    n = values.shape[0]
    if n - given_count - 3 <= 0:
        raise ToolArgumentError(
            f"Too few rows ({n}) for a Fisher-z test with {given_count} conditioning variables."
        )
    names = list(columns) if columns else [f"column {i + 1}" for i in range(values.shape[1])]
    corr = correlation(standardized(values, names))
    try:
        precision = np.linalg.inv(corr)
    except np.linalg.LinAlgError:
        precision = np.full_like(corr, np.nan)
    if not np.isfinite(precision).all():
        raise ToolArgumentError(
            "The columns are perfectly collinear (one is an exact function of the others); "
            "drop one of them."
        )
    r = -precision[0, 1] / math.sqrt(abs(precision[0, 0] * precision[1, 1]))
    r = min(max(r, -1 + np.finfo(float).eps), 1 - np.finfo(float).eps)
    z = 0.5 * math.log((1 + r) / (1 - r))
    statistic = math.sqrt(n - given_count - 3) * abs(z)
    p_value = math.erfc(statistic / math.sqrt(2))
    return statistic, p_value


def _causallearn_test(values: np.ndarray, method: str) -> tuple[float | None, float]:
    from causallearn.utils.cit import CIT

    test = CIT(values, method)
    p_value = float(test(0, 1, list(range(2, values.shape[1]))))
    return None, p_value


def _kci(values: np.ndarray, columns: Sequence[str], seed: int) -> tuple[float | None, float, str]:
    """KCI p-value, on a seeded subsample of KCI_MAX_ROWS rows when there are more (the
    third item then says so; empty otherwise)."""
    from causallearn.utils.cit import CIT

    # standardized on all rows, then sampled: the scale comes from the whole column
    sample, sampled = kci_subsample(standardized(values, columns), seed)
    test = CIT(sample, "kci")
    p_value = float(test(0, 1, list(range(2, values.shape[1]))))
    return None, p_value, sampled


def kci_subsample(values: np.ndarray, seed: int) -> tuple[np.ndarray, str]:
    """At most KCI_MAX_ROWS rows (a seeded random subsample) and a sentence saying so."""
    if len(values) <= KCI_MAX_ROWS:
        return values, ""
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(len(values), KCI_MAX_ROWS, replace=False))
    return values[rows], (
        f"KCI ran on a random subsample of {KCI_MAX_ROWS} of the {len(values):,} rows "
        f"(seed {seed}) to bound its cost, which grows with the cube of the rows; "
        "with fewer rows it may miss weak dependence."
    )


def _kind(values: np.ndarray) -> str:
    """The column's profile kind; a constant column (profiles drop those) counts as binary."""
    kind = column_kind(values)
    return "binary" if kind == "constant" else kind


# ----- the mixed-type and nonlinear tests, and their use inside PC / FCI --------------------


def mixed_lrt(standard: np.ndarray, kinds: Sequence[str]) -> tuple[float, float]:
    """Gaussian likelihood-ratio test of column 0 vs column 1 given the rest, each discrete
    column (more than two levels) entering as 0/1 indicators of its levels but the first.

    The statistic n (log det S_xz + log det S_yz - log det S_xyz - log det S_z) on
    correlation matrices is chi-square with dx * dy degrees of freedom under independence."""
    from scipy import stats

    blocks = [indicators(standard[:, i], kind) for i, kind in enumerate(kinds)]
    x, y = blocks[0], blocks[1]
    z = np.hstack(blocks[2:]) if len(blocks) > 2 else np.empty((len(standard), 0))
    if x.shape[1] == 0 or y.shape[1] == 0:
        return 0.0, 1.0
    dx, dy = x.shape[1], y.shape[1]
    corr = np.corrcoef(np.hstack([x, y, z]), rowvar=False).reshape(dx + dy + z.shape[1], -1)
    corr = corr + 1e-10 * np.eye(len(corr))
    ix, iy = list(range(dx)), list(range(dx, dx + dy))
    iz = list(range(dx + dy, len(corr)))
    statistic = len(standard) * (
        _logdet(corr, ix + iz)
        + _logdet(corr, iy + iz)
        - _logdet(corr, ix + iy + iz)
        - _logdet(corr, iz)
    )
    statistic = max(float(statistic), 0.0)
    return statistic, float(stats.chi2.sf(statistic, dx * dy))


def indicators(column: np.ndarray, kind: str) -> np.ndarray:
    """A discrete column of more than two levels as 0/1 columns (first level left out)."""
    levels = np.unique(column)
    if kind != "discrete" or len(levels) <= 2:
        return column[:, None]
    return (column[:, None] == levels[None, 1:]).astype(float)


def _logdet(corr: np.ndarray, index: list[int]) -> float:
    if not index:
        return 0.0
    sign, value = np.linalg.slogdet(corr[np.ix_(index, index)])
    return float(value) if sign > 0 else -np.inf


def rcot_test(
    values: np.ndarray, kinds: Sequence[str], seed: int, max_rows: int
) -> tuple[float, float, str]:
    """RCoT of column 0 vs column 1 given the rest: continuous columns as normal scores,
    discrete ones as indicators; on a seeded subsample of max_rows rows when there are more
    (the third item then says so)."""
    sampled = ""
    if len(values) > max_rows:
        rng = np.random.default_rng(seed)
        values = values[np.sort(rng.choice(len(values), max_rows, replace=False))]
        sampled = (
            f"RCoT ran on a random subsample of {max_rows:,} rows (seed {seed}) to bound its cost."
        )
    blocks = [
        indicators(column, kind)
        for column, kind in zip(normal_scores_matrix(values, kinds).T, kinds, strict=True)
    ]
    z = np.hstack(blocks[2:]) if len(blocks) > 2 else None
    statistic, p_value = rcot(blocks[0], blocks[1], z, seed=seed)
    return statistic, p_value, sampled
