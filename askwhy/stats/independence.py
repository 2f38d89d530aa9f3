"""Marginal and conditional independence tests (Fisher-z, chi-square, G-square, KCI)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from askwhy.core.data import column_kind
from askwhy.core.settings import TestName
from askwhy.errors import ToolArgumentError, UnknownVariableError

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
}

# KCI costs O(n^2) memory and O(n^3) time; above this many rows it runs on a random subsample.
KCI_MAX_ROWS = 500


class IndependenceResult(BaseModel):
    x: str
    y: str
    given: list[str] = Field(default_factory=list)
    test: Literal["fisherz", "chisq", "gsq", "kci"]
    test_reason: str
    statistic: float | None
    p_value: float
    alpha: float
    independent: bool  # True when independence is not rejected at alpha
    n_rows: int
    assumptions: list[str]
    summary: str


def choose_test(kinds: set[str], n_rows: int) -> tuple[str, str]:
    """Pick a default test from the column kinds; return (test, why)."""
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
    test: TestName = "auto",
    alpha: float = 0.05,
    kinds: dict[str, str] | None = None,
    seed: int = 0,
) -> IndependenceResult:
    """Test whether x and y are independent (given the conditioning columns).

    `kinds` maps column -> "continuous"/"discrete"/"binary" (from askwhy.core.data profiles);
    without it each column's kind is read from the data the same way.
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
    values = data[columns].to_numpy(dtype=float)
    n_rows = len(values)
    if kinds is None:
        kinds = {c: _kind(data[c]) for c in columns}
    if test == "auto":
        chosen, why = choose_test({kinds[c] for c in columns}, n_rows)
    else:
        chosen, why = test, f"the {test} test was requested"

    if chosen == "fisherz":
        statistic, p_value = fisher_z(values, given_count=len(given))
    elif chosen in ("chisq", "gsq"):
        statistic, p_value = _causallearn_test(values, chosen)
    elif chosen == "kci":
        statistic, p_value = _kci(values, seed=seed)
    else:
        raise ToolArgumentError(f"Unknown test '{test}'. Use one of: fisherz, chisq, gsq, kci.")

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
        assumptions=ASSUMPTIONS[chosen],
        summary=summary,
    )


def fisher_z(values: np.ndarray, given_count: int) -> tuple[float, float]:
    """Fisher-z test of column 0 vs column 1 given the remaining columns.

    Same statistic as causal-learn's FisherZ, computed without importing it (it is slow to load).
    """
    n = values.shape[0]
    if n - given_count - 3 <= 0:
        raise ToolArgumentError(
            f"Too few rows ({n}) for a Fisher-z test with {given_count} conditioning variables."
        )
    corr = np.corrcoef(values, rowvar=False)
    try:
        precision = np.linalg.inv(corr)
    except np.linalg.LinAlgError:
        raise ToolArgumentError(
            "The columns are perfectly collinear (one is an exact function of the others); "
            "drop one of them."
        ) from None
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


def _kci(values: np.ndarray, seed: int) -> tuple[float | None, float]:
    from causallearn.utils.cit import CIT

    if len(values) > KCI_MAX_ROWS:
        rng = np.random.default_rng(seed)
        values = values[rng.choice(len(values), KCI_MAX_ROWS, replace=False)]
    standardized = (values - values.mean(axis=0)) / values.std(axis=0)
    test = CIT(standardized, "kci")
    p_value = float(test(0, 1, list(range(2, values.shape[1]))))
    return None, p_value


def _kind(series: pd.Series) -> str:
    """The column's profile kind; a constant column (profiles drop those) counts as binary."""
    kind = column_kind(series)
    return "binary" if kind == "constant" else kind
