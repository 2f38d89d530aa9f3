"""Choosing a discovery algorithm (and its test) from the data's profile: algorithm "auto".

`choose_method` reads the profile askwhy.stats.test_choice makes of the whole table and
picks among what causal-learn offers:

- a test was named (not "auto") -> PC with that test: the user chose how to test;
- the profile asks for a test other than Fisher-z (discrete: chisq; mixed: dg; nonlinear:
  rcot; monotone or skewed: rank_fisherz) -> PC with that test;
- linear-looking continuous data whose columns are mostly non-Gaussian (a Jarque-Bera test
  below NON_GAUSSIAN_P with a skewness or excess kurtosis of at least NON_GAUSSIAN_SKEW /
  NON_GAUSSIAN_KURTOSIS, in at least NON_GAUSSIAN_SHARE of the columns) and at most
  LINGAM_MAX_VARIABLES columns -> DirectLiNGAM, which orients every edge when the noise is
  non-Gaussian;
- linear-Gaussian-looking data with at most GES_MAX_VARIABLES columns -> GES (BIC score);
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
GES_MAX_VARIABLES = 15
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
    algorithm: str  # pc, ges or lingam
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
    if len(columns) <= GES_MAX_VARIABLES:
        return MethodChoice(
            algorithm="ges",
            test=None,
            reason="the relations look linear and Gaussian and the table is small "
            f"({len(columns)} columns), so algorithm auto chose GES with the BIC score",
            profile=chosen.profile,
        )
    return MethodChoice(
        algorithm="pc",
        test="fisherz",
        reason=f"{chosen.reason}; algorithm auto chose PC with Fisher-z",
        profile=chosen.profile,
    )


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
