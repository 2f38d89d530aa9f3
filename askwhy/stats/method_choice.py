"""Choosing a discovery algorithm (and its test) from the data's profile: algorithm "auto".

`choose_method` reads the profile askwhy.stats.test_choice makes of the whole table and
picks among what causal-learn offers:

- a test was named (not "auto") -> PC with that test: the user chose how to test;
- the profile asks for Fisher-z on normal scores (monotone or skewed relations) or the
  mixed-type dg test (binary / ordinal with continuous columns; unordered categories never
  come here: the workspace sends them to PC) -> BOSS on normal scores (Gaussian-copula BIC);
- nonlinear relations (the profile asks for RCoT) that are all monotone both ways (steps,
  saturation: `monotone`) -> BOSS on normal scores as well;
- the profile asks for another test (discrete: chisq; nonlinear: rcot) -> PC with it;
- linear-looking continuous data whose columns are mostly non-Gaussian (a Jarque-Bera test
  below NON_GAUSSIAN_P with a skewness or excess kurtosis of at least NON_GAUSSIAN_SKEW /
  NON_GAUSSIAN_KURTOSIS, in at least NON_GAUSSIAN_SHARE of the columns) and at most
  LINGAM_MAX_VARIABLES columns -> DirectLiNGAM, which orients every edge when the noise is
  non-Gaussian;
- linear-Gaussian-looking data with at most BOSS_MAX_VARIABLES columns -> BOSS (BIC score,
  seeded restarts; askwhy.stats.boss_search), which found the true graph's class better
  than PC and GES on seeded linear-Gaussian DAGs (benchmarks/graph_truth.py; GES before);
- otherwise PC with Fisher-z.

FCI is never chosen: it answers another question (hidden common causes allowed) and runs
only when asked for. The choice comes with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from askwhy.stats.test_choice import ColumnShape, DataProfile, choose_test

NON_GAUSSIAN_P = 1e-3
NON_GAUSSIAN_SKEW = 0.3
NON_GAUSSIAN_KURTOSIS = 0.6
NON_GAUSSIAN_SHARE = 0.5
LINGAM_MAX_VARIABLES = 30
BOSS_MAX_VARIABLES = 50  # 10 restarts: ~3 s at 45 columns, ~9 s at 60 (one core)
COPULA_TESTS = ("rank_fisherz", "dg")  # profiles BOSS on normal scores fits as well
MONOTONE_BINS = 10  # quantile bins of the monotone check
MONOTONE_SHARE = 0.95  # share of the bin means' spread a monotone fit must keep
TEST_NAMES = {
    "fisherz": "Fisher-z",
    "rank_fisherz": "Fisher-z on normal scores",
    "chisq": "chi-square",
    "gsq": "G-square",
    "dg": "the mixed-type likelihood-ratio test",
    "rcot": "the RCoT kernel test",
    "kci": "KCI",
}


class MethodChoice(BaseModel):
    algorithm: str  # pc, boss or lingam
    test: str | None  # the test for PC; None for GES and LiNGAM
    reason: str
    profile: DataProfile | None = None


def choose_method(
    values: np.ndarray,
    columns: Sequence[str],
    kinds: Sequence[str],
    test: str = "auto",
    seed: int = 0,
) -> MethodChoice:
    """The algorithm and test for discovery on these columns (complete rows, numeric)."""
    if test != "auto":
        name = TEST_NAMES.get(test, test)
        return MethodChoice(
            algorithm="pc",
            test=test,
            reason=f"the {name} test was asked for, so algorithm auto chose PC with it",
        )
    chosen = choose_test(values, columns, kinds, seed=seed)
    if chosen.test in COPULA_TESTS and len(columns) <= BOSS_MAX_VARIABLES:
        return MethodChoice(
            algorithm="boss",
            test=None,
            reason=f"{chosen.reason}; for such monotone relations and binary or ordinal "
            "columns algorithm auto chose BOSS on normal scores (the Gaussian-copula BIC), "
            "which recovered mixed, skewed tables better than PC in askwhy's benchmarks "
            "(integer-coded columns are read as ordered)",
            profile=chosen.profile,
        )
    if chosen.test == "rcot" and chosen.profile and len(columns) <= BOSS_MAX_VARIABLES:
        pairs = chosen.profile.nonlinear_on_scores
        if all(monotone(values, columns, pair) for pair in pairs):
            return MethodChoice(
                algorithm="boss",
                test=None,
                reason=f"{_listed(pairs)} nonlinear but monotone (steps or saturation: the "
                "means over bins of one rise or fall with the other, both ways), so algorithm "
                "auto chose BOSS on normal scores (the Gaussian-copula BIC), which recovered "
                "such tables better than PC in askwhy's benchmarks",
                profile=chosen.profile,
            )
    if chosen.test != "fisherz":
        name = TEST_NAMES.get(chosen.test, chosen.test)
        return MethodChoice(
            algorithm="pc",
            test=chosen.test,
            reason=f"{chosen.reason}; algorithm auto chose PC with {name}",
            profile=chosen.profile,
        )
    shapes = chosen.profile.columns if chosen.profile else []
    odd = [c for c in shapes if non_gaussian(c, len(values))]
    share = len(odd) / max(len(shapes), 1)
    if share >= NON_GAUSSIAN_SHARE and len(columns) <= LINGAM_MAX_VARIABLES:
        listed = ", ".join(c.name for c in odd[:4]) + (" and others" if len(odd) > 4 else "")
        return MethodChoice(
            algorithm="lingam",
            test=None,
            reason=f"the relations look linear and {len(odd)} of {len(shapes)} columns "
            f"({listed}) are clearly non-Gaussian, so algorithm auto chose DirectLiNGAM, "
            "which can then orient every edge",
            profile=chosen.profile,
        )
    if len(columns) <= BOSS_MAX_VARIABLES:
        return MethodChoice(
            algorithm="boss",
            test=None,
            reason="the relations look linear and Gaussian, so algorithm auto chose BOSS with "
            "the BIC score, which recovered such graphs better than PC and GES in askwhy's "
            "benchmarks",
            profile=chosen.profile,
        )
    return MethodChoice(
        algorithm="pc",
        test="fisherz",
        reason=f"{chosen.reason}; algorithm auto chose PC with Fisher-z",
        profile=chosen.profile,
    )


def monotone(values: np.ndarray, columns: Sequence[str], pair: tuple[str, str]) -> bool:
    """Whether the relation of a pair of columns is monotone, read both ways: the best
    monotone (isotonic) fit of the response's means over MONOTONE_BINS quantile bins of the
    predictor keeps MONOTONE_SHARE of their spread around the overall mean."""
    a, b = (list(columns).index(name) for name in pair)
    return _monotone_share(values[:, a], values[:, b]) >= MONOTONE_SHARE and (
        _monotone_share(values[:, b], values[:, a]) >= MONOTONE_SHARE
    )


def _monotone_share(x: np.ndarray, y: np.ndarray) -> float:
    edges = np.quantile(x, np.linspace(0, 1, MONOTONE_BINS + 1)[1:-1])
    codes = np.searchsorted(edges, x, side="right")
    counts = np.bincount(codes, minlength=MONOTONE_BINS).astype(float)
    kept = counts > 0
    means = np.bincount(codes, weights=y, minlength=MONOTONE_BINS)[kept] / counts[kept]
    weights = counts[kept]
    centre = float(weights @ means / weights.sum())
    spread = float(weights @ (means - centre) ** 2)
    if spread <= 0:
        return 1.0
    best = min(
        float(weights @ (means - _isotonic(sign * means, weights) * sign) ** 2)
        for sign in (1.0, -1.0)
    )
    return 1.0 - best / spread


def _isotonic(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least-squares non-decreasing fit (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, weight, length]
    for value, weight in zip(y, w, strict=True):
        blocks.append([float(value), float(weight), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return np.concatenate([np.full(int(n), m) for m, _, n in blocks])


def _listed(pairs: Sequence[tuple[str, str]]) -> str:
    shown = ", ".join(f"{a} and {b}" for a, b in pairs[:3])
    more = f" and {len(pairs) - 3} more pairs" if len(pairs) > 3 else ""
    return f"the relations of {shown}{more} look" if len(pairs) > 1 else f"{shown} look"


def non_gaussian(shape: ColumnShape, n_rows: int) -> bool:
    """A continuous column clearly non-Gaussian: Jarque-Bera significant and a skewness or
    excess kurtosis of a size that matters."""
    from scipy import stats

    if shape.kind != "continuous":
        return False
    jarque_bera = n_rows * (shape.skew**2 / 6.0 + shape.excess_kurtosis**2 / 24.0)
    big = (
        abs(shape.skew) >= NON_GAUSSIAN_SKEW or abs(shape.excess_kurtosis) >= NON_GAUSSIAN_KURTOSIS
    )
    return big and float(stats.chi2.sf(jarque_bera, 2)) < NON_GAUSSIAN_P
