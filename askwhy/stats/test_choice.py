"""Choosing an independence test from a cheap profile of the analysed columns.

The profile (`profile_columns`) reads, per column, its kind (continuous, discrete, binary),
skewness, excess kurtosis and share of outliers (beyond OUTLIER_Z robust z-scores), and per
pair of columns whether the relation looks nonlinear: a nested F-test of a straight line
against a line plus a step function over quantile bins of the predictor, in both
directions. A pair counts as nonlinear when the steps add at least NONLINEAR_GAIN of the
response's variance and the F-test's p-value is below NONLINEAR_P divided by the number of
ordered pairs screened (a Bonferroni bound, so a linear table of any width rarely trips it).
The same screen runs on normal scores (ranks mapped to Gaussian quantiles): a relation
that is nonlinear on the raw values but not on the scores is monotone.

`choose_test` then picks, in this order:

- every column discrete -> chisq (contingency tables; causal-learn drops empty cells from
  the degrees of freedom);
- a nonlinear relation that normal scores do not straighten -> rcot (random-feature kernel
  test, askwhy.stats.nonlinear_test);
- some discrete and some continuous columns -> dg (a Gaussian likelihood-ratio test on the
  columns with 0/1 indicators for discrete levels: the degenerate-Gaussian test of Andrews,
  Ramsey and Cooper);
- monotone nonlinear relations, or skewed / outlying marginals whose rank correlations are
  clearly stronger than their Pearson correlations (RANK_GAIN) -> rank_fisherz (Fisher-z on
  normal scores: the nonparanormal PC test of Harris and Drton);
- otherwise fisherz.

Every choice comes with a sentence saying why; the profile costs a few milliseconds on ten
columns of a few thousand rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, Field

NONLINEAR_GAIN = 0.03  # share of variance the step function must add to the straight line
NONLINEAR_P = 0.01  # family-wise level of the nonlinearity F-tests
MIN_BIN_ROWS = 30  # quantile bins hold at least this many rows ...
MAX_BINS = 10  # ... and there are at most this many
OUTLIER_Z = 5.0  # robust z-score (median, MAD) beyond which a value is an outlier
OUTLIER_SHARE = 0.002  # a column with more outliers than this is "outlying"
SKEW = 1.0  # |skewness| above this is "skewed"
RANK_GAIN = 0.02  # mean |rank correlation| - |Pearson| that makes normal scores worth it
SCREEN_ROWS = 5000  # the nonlinearity screen uses at most this many rows (seeded)


class ColumnShape(BaseModel):
    name: str
    kind: str
    skew: float = 0.0
    excess_kurtosis: float = 0.0
    outlier_share: float = 0.0

    @property
    def skewed(self) -> bool:
        return abs(self.skew) > SKEW

    @property
    def outlying(self) -> bool:
        return self.outlier_share > OUTLIER_SHARE


class DataProfile(BaseModel):
    """What the choice of test reads: column shapes and the nonlinear pairs."""

    columns: list[ColumnShape]
    nonlinear: list[tuple[str, str]] = Field(default_factory=list)  # pairs of columns
    nonlinear_on_scores: list[tuple[str, str]] = Field(default_factory=list)
    rank_gain: float = 0.0  # mean |rank corr| - |Pearson corr| over pairs of odd columns

    def kinds(self) -> set[str]:
        return {c.kind for c in self.columns}


class TestChoice(BaseModel):
    test: str  # fisherz, rank_fisherz, chisq, dg, rcot
    reason: str
    profile: DataProfile | None = None


def profile_columns(
    values: np.ndarray, columns: Sequence[str], kinds: Sequence[str], seed: int = 0
) -> DataProfile:
    """The profile of the columns of `values` (rows complete, numeric)."""
    values = _rescaled(values)
    shapes = [
        _shape(values[:, i], name, kind)
        for i, (name, kind) in enumerate(zip(columns, kinds, strict=True))
    ]
    continuous = [i for i, k in enumerate(kinds) if k == "continuous"]
    if not continuous:
        return DataProfile(columns=shapes)
    sample = _screen_rows(values, seed)
    scores = normal_scores_matrix(sample, kinds)
    nonlinear = _nonlinear_pairs(sample, columns, kinds)
    on_scores = _nonlinear_pairs(scores, columns, kinds) if nonlinear else []
    odd = [i for i in continuous if shapes[i].skewed or shapes[i].outlying]
    return DataProfile(
        columns=shapes,
        nonlinear=nonlinear,
        nonlinear_on_scores=on_scores,
        rank_gain=_rank_gain(sample, scores, odd, len(columns)) if odd else 0.0,
    )


def choose_test(
    values: np.ndarray, columns: Sequence[str], kinds: Sequence[str], seed: int = 0
) -> TestChoice:
    """The test for these columns (x, y and the conditioning set; or a whole table)."""
    kind_set = set(kinds)
    if kind_set <= {"discrete", "binary"}:
        return TestChoice(
            test="chisq", reason="every column involved is discrete, so a chi-square test fits"
        )
    profile = profile_columns(values, columns, kinds, seed)
    mixed = bool(kind_set & {"discrete", "binary"})
    if profile.nonlinear and profile.nonlinear_on_scores:
        return TestChoice(
            test="rcot",
            reason=f"{_relations(profile.nonlinear_on_scores)} nonlinear (steps over one "
            "column explain clearly more of the other's mean or spread than a straight line, "
            "both ways, even on normal scores), so a kernel test with random features (RCoT) "
            "is used instead of partial correlation",
            profile=profile,
        )
    monotone = bool(profile.nonlinear)
    ranks = monotone or profile.rank_gain > RANK_GAIN
    why_ranks = _rank_reason(profile) if ranks else ""
    if mixed:
        return TestChoice(
            test="dg",
            reason="the columns mix discrete and continuous values, so a Gaussian "
            "likelihood-ratio test with 0/1 indicators for the discrete levels is used (no "
            "category code is used as a number)",
            profile=profile,
        )
    if ranks:
        return TestChoice(test="rank_fisherz", reason=why_ranks, profile=profile)
    return TestChoice(
        test="fisherz",
        reason="every column involved is continuous and the relations look linear, so "
        "Fisher-z (partial correlation) fits",
        profile=profile,
    )


def normal_scores(column: np.ndarray) -> np.ndarray:
    """Ranks (ties averaged) mapped to standard normal quantiles: r / (n + 1)."""
    # pandas and the stdlib instead of scipy.stats, which takes ~0.4 s to import
    from statistics import NormalDist

    import pandas as pd

    ranks = pd.Series(column).rank(method="average").to_numpy()
    quantile = np.frompyfunc(NormalDist().inv_cdf, 1, 1)
    return quantile(ranks / (len(column) + 1)).astype(float)


def normal_scores_matrix(values: np.ndarray, kinds: Sequence[str]) -> np.ndarray:
    """Continuous columns as normal scores; the others unchanged."""
    scored = np.array(values, dtype=float, copy=True)
    for i, kind in enumerate(kinds):
        if kind == "continuous":
            scored[:, i] = normal_scores(values[:, i])
    return scored


# ----- the profile's parts -----------------------------------------------------------------


def _rescaled(values: np.ndarray) -> np.ndarray:
    """Each column divided by its largest absolute value, so no square overflows or
    underflows whatever the scale (every measure of the profile is scale-free)."""
    scale = np.abs(values).max(axis=0)
    return values / np.where(scale > 0, scale, 1.0)


def _shape(column: np.ndarray, name: str, kind: str) -> ColumnShape:
    if kind != "continuous":
        return ColumnShape(name=name, kind=kind)
    centred = column - column.mean()
    sd = centred.std()
    if sd == 0:
        return ColumnShape(name=name, kind=kind)
    standard = centred / sd
    median = np.median(column)
    mad = 1.4826 * np.median(np.abs(column - median))
    robust = np.abs(column - median) / mad if mad > 0 else np.zeros_like(column)
    return ColumnShape(
        name=name,
        kind=kind,
        skew=float(np.mean(standard**3)),
        excess_kurtosis=float(np.mean(standard**4) - 3.0),
        outlier_share=float(np.mean(robust > OUTLIER_Z)),
    )


def _screen_rows(values: np.ndarray, seed: int) -> np.ndarray:
    if len(values) <= SCREEN_ROWS:
        return values
    rng = np.random.default_rng(seed)
    return values[np.sort(rng.choice(len(values), SCREEN_ROWS, replace=False))]


def _nonlinear_pairs(
    values: np.ndarray, columns: Sequence[str], kinds: Sequence[str]
) -> list[tuple[str, str]]:
    """Pairs whose relation a straight line misses, read in both directions.

    A direction (predictor -> response) departs from a line when steps over the predictor's
    bins add to the line's fit of the response (its mean), or explain the squared residuals
    of the line (its spread). Only pairs of continuous columns are read: a discrete
    response's spread always depends on its mean, and any shape of a relation to a discrete
    predictor is captured by indicators of its levels (the dg test). A pair is nonlinear
    when both directions depart: a linear relation with non-Gaussian noise departs only
    against the causal direction, a nonlinear one (also a non-monotone one, through the
    spread) in both.
    """
    continuous = [i for i, kind in enumerate(kinds) if kind == "continuous"]
    pairs = list(itertools.combinations(continuous, 2))
    if not pairs:
        return []
    level = NONLINEAR_P / (4 * len(pairs))  # two directions, two screens each
    centred = values - values.mean(axis=0)
    departs = np.zeros((len(kinds), len(kinds)), dtype=bool)
    for a in continuous:
        codes, k = _bins(values[:, a], kinds[a], len(values))
        if k >= 3:
            departs[a] = _departures(centred, a, codes, k, level)
    return [(str(columns[a]), str(columns[b])) for a, b in pairs if departs[a, b] and departs[b, a]]


def _bins(column: np.ndarray, kind: str, n: int) -> tuple[np.ndarray, int]:
    """Bin codes 0..k-1: the levels of a discrete column, else quantile bins."""
    if kind == "discrete":
        levels, codes = np.unique(column, return_inverse=True)
        return codes, len(levels)
    k = int(min(MAX_BINS, max(3, n // MIN_BIN_ROWS)))
    edges = np.quantile(column, np.linspace(0, 1, k + 1)[1:-1])
    codes = np.searchsorted(edges, column, side="right")
    used, codes = np.unique(codes, return_inverse=True)
    return codes, len(used)


def _departures(centred: np.ndarray, a: int, codes: np.ndarray, k: int, level: float) -> np.ndarray:
    """For every column b (as response), whether steps over column a's bins add
    NONLINEAR_GAIN of variance, significantly at `level`, to a line's fit of b (mean), or
    explain as much of the line's squared residuals (spread). All responses at once."""
    n = len(centred)
    if n <= k + 2:
        return np.zeros(centred.shape[1], dtype=bool)
    x = centred[:, a]
    sxx = float(x @ x)
    slopes = (x @ centred) / sxx if sxx > 0 else np.zeros(centred.shape[1])
    residual = centred - np.outer(x, slopes)
    dummies = np.zeros((n, k))
    dummies[np.arange(n), codes] = 1.0
    basis, _ = np.linalg.qr(np.column_stack([dummies, x]))
    fitted = basis @ (basis.T @ centred)
    rss_line = np.sum(residual**2, axis=0)
    rss_steps = np.sum((centred - fitted) ** 2, axis=0)
    total = np.sum(centred**2, axis=0)
    mean_departs = _step_tests(rss_line, rss_steps, total, k - 1, n - k - 1, level)
    spread = residual**2 - np.mean(residual**2, axis=0)
    counts = np.bincount(codes, minlength=k).astype(float)
    means = (dummies.T @ spread) / np.maximum(counts, 1.0)[:, None]
    rss_flat = np.sum(spread**2, axis=0)
    rss_spread = rss_flat - counts @ means**2
    return mean_departs | _step_tests(rss_flat, rss_spread, rss_flat, k - 1, n - k, level)


def _step_tests(
    rss_small: np.ndarray, rss_big: np.ndarray, total: np.ndarray, extra: int, df: int, level: float
) -> np.ndarray:
    """Nested F-tests with an effect-size floor: the bigger model explains NONLINEAR_GAIN of
    `total` more, with p-value below `level`."""
    gain = np.maximum(rss_small - rss_big, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, gain / total, 0.0)
        f_stat = (gain / extra) / np.maximum(rss_big / df, 1e-300)
    big_enough = share >= NONLINEAR_GAIN
    if not big_enough.any():  # the common, linear case: no p-value needed (scipy is slow to load)
        return big_enough
    from scipy.special import fdtrc  # the F survival function, without loading scipy.stats

    return big_enough & (fdtrc(extra, df, f_stat) < level)


def _rank_gain(raw: np.ndarray, scores: np.ndarray, odd: list[int], width: int) -> float:
    """Mean over pairs with a skewed or outlying column of |score corr| - |Pearson corr|."""
    pearson = np.corrcoef(raw, rowvar=False)
    ranked = np.corrcoef(scores, rowvar=False)
    gains = [
        abs(ranked[i, j]) - abs(pearson[i, j])
        for i, j in itertools.combinations(range(width), 2)
        if (i in odd or j in odd) and math.isfinite(pearson[i, j]) and math.isfinite(ranked[i, j])
    ]
    return float(np.mean(gains)) if gains else 0.0


def _relations(pairs: Sequence[tuple[str, str]]) -> str:
    """ "the relation of a and b looks" / "the relations of a and b; c and d look"."""
    unique = list(dict.fromkeys(tuple(sorted(p)) for p in pairs))
    shown = "; ".join(f"{a} and {b}" for a, b in unique[:3])
    more = f" (and {len(unique) - 3} more pairs)" if len(unique) > 3 else ""
    if len(unique) == 1:
        return f"the relation of {shown} looks"
    return f"the relations of {shown}{more} look"


def _rank_reason(profile: DataProfile) -> str:
    if profile.nonlinear:
        return (
            f"{_relations(profile.nonlinear)} monotone but not straight (straight on normal "
            "scores), so Fisher-z runs on normal scores (ranks mapped to Gaussian quantiles)"
        )
    odd = [c for c in profile.columns if c.skewed or c.outlying]
    what = ", ".join(f"{c.name} ({'skewed' if c.skewed else 'with outliers'})" for c in odd[:3])
    return (
        f"{what} {'is' if len(odd) == 1 else 'are'} far from Gaussian and rank correlations "
        "are stronger than linear ones, so Fisher-z runs on normal scores (ranks mapped to "
        "Gaussian quantiles)"
    )
