"""Pieces the pairwise direction methods share: the rows they use, a flexible regression of
one variable on the other, an HSIC independence test, and an entropy approximation.

- `pair_rows`: finite rows, a seeded subsample of at most MAX_ROWS (HSIC needs n x n kernel
  matrices), and the number of distinct values of each column.
- `smooth_fit`: a cubic regression spline (knots at quantiles, ridge penalty chosen by
  leave-one-out with scikit-learn's RidgeCV). It is as flexible as a Gaussian process on one
  input for these purposes and some fifty times faster.
- `hsic`: the HSIC test with a gamma approximation of its null distribution (causal-learn's
  unconditional KCI test, `approx=True`), O(n^2) on at most MAX_ROWS rows.
- `entropy`: Hyvarinen's maximum-entropy approximation of the differential entropy of a
  standardized variable, the one LiNGAM's pairwise likelihood ratio is built on.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

MAX_ROWS = 1000  # HSIC builds n x n kernel matrices: 1,000 rows keep a test near 0.1 s
SPLINE_KNOTS = 8  # knots at quantiles: enough for smooth nonlinear curves, few for 50 rows
RIDGE_ALPHAS = tuple(np.logspace(-4, 2, 13))  # candidate penalties, chosen by leave-one-out
# Maximum-entropy approximation constants (Hyvarinen 1998, for G1 = log cosh, G2 = u e^-u^2/2)
ENTROPY_K1, ENTROPY_K2, ENTROPY_GAMMA = 79.047, 7.4129, 0.37457


class PairRows(NamedTuple):
    """The rows the methods use: x and y (raw values), how many rows there were in all, the
    distinct values of each column (on all rows), and the names the notes use."""

    x: np.ndarray
    y: np.ndarray
    n_total: int
    x_levels: int
    y_levels: int
    x_name: str = "x"
    y_name: str = "y"

    @property
    def n(self) -> int:
        return len(self.x)

    def arrow(self, direction: str) -> str:
        """'x -> y' in the columns' names."""
        if direction == "x_to_y":
            return f"{self.x_name} -> {self.y_name}"
        return f"{self.y_name} -> {self.x_name}"


def pair_rows(
    x: np.ndarray,
    y: np.ndarray,
    seed: int,
    max_rows: int = MAX_ROWS,
    names: tuple[str, str] = ("x", "y"),
) -> PairRows:
    """Finite rows of (x, y), at most `max_rows` of them (a seeded random subsample)."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y need the same length (got {len(x)} and {len(y)}).")
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n_total = len(x)
    levels = len(np.unique(x)), len(np.unique(y))
    if n_total > max_rows:
        chosen = np.sort(np.random.default_rng(seed).permutation(n_total)[:max_rows])
        x, y = x[chosen], y[chosen]
    return PairRows(x, y, n_total, *levels, *names)


def standardize(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / (spread if spread > 0 else 1.0)


def unit_scale(values: np.ndarray) -> np.ndarray:
    """Scaled to [0, 1] (min-max), as RECI and IGCI's uniform reference measure want."""
    low, high = values.min(), values.max()
    return (values - low) / (high - low if high > low else 1.0)


def smooth_fit(cause: np.ndarray, effect: np.ndarray) -> np.ndarray:
    """Fitted values of a penalized cubic spline regression of effect on cause."""
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer

    distinct = len(np.unique(cause))
    if distinct <= SPLINE_KNOTS:  # a discrete cause: the mean of each level is the best fit
        return _level_means(cause, effect)
    model = make_pipeline(
        SplineTransformer(n_knots=SPLINE_KNOTS, degree=3, knots="quantile", extrapolation="linear"),
        RidgeCV(alphas=RIDGE_ALPHAS),
    )
    return model.fit(cause[:, None], effect).predict(cause[:, None])


def _level_means(cause: np.ndarray, effect: np.ndarray) -> np.ndarray:
    levels, index = np.unique(cause, return_inverse=True)
    sums = np.bincount(index, weights=effect, minlength=len(levels))
    counts = np.bincount(index, minlength=len(levels))
    return (sums / counts)[index]


def linear_fit(cause: np.ndarray, effect: np.ndarray) -> np.ndarray:
    """Fitted values of the least-squares line of effect on cause."""
    slope, intercept = np.polyfit(cause, effect, 1)
    return slope * cause + intercept


def r_squared(effect: np.ndarray, fitted: np.ndarray) -> float:
    total = float(np.var(effect))
    return 1.0 - float(np.var(effect - fitted)) / total if total > 0 else 0.0


def hsic(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(HSIC statistic, p-value) for independence of a and b: Gaussian kernels of
    causal-learn's empirical widths, gamma approximation of the null distribution."""
    from causallearn.utils.KCI.KCI import KCI_UInd

    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0, 1.0  # a constant is independent of anything
    test = KCI_UInd(kernelX="Gaussian", kernelY="Gaussian", approx=True)
    p_value, statistic = test.compute_pvalue(a[:, None], b[:, None])
    return float(statistic), float(min(max(p_value, 0.0), 1.0))


def entropy(values: np.ndarray) -> float:
    """Approximate differential entropy of `values` after standardizing them (Hyvarinen's
    maximum-entropy approximation): Gaussian entropy minus a non-Gaussianity term."""
    u = standardize(values)
    first = np.mean(np.logaddexp(u, -u) - np.log(2)) - ENTROPY_GAMMA  # E log cosh u
    second = np.mean(u * np.exp(-(u**2) / 2))
    gaussian = (1 + np.log(2 * np.pi)) / 2
    return float(gaussian - ENTROPY_K1 * first**2 - ENTROPY_K2 * second**2)


__all__ = [
    "MAX_ROWS",
    "PairRows",
    "entropy",
    "hsic",
    "linear_fit",
    "pair_rows",
    "r_squared",
    "smooth_fit",
    "standardize",
    "unit_scale",
]
