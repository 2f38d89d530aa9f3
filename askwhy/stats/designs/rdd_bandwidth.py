"""The Imbens-Kalyanaraman (2012) bandwidth for a sharp regression discontinuity.

"Optimal bandwidth choice for the regression discontinuity estimator", Review of Economic
Studies 79(3), section 4.2, for local linear regression with the triangular kernel
(C_K = 3.4375), running variable X, outcome Y and cutoff c:
1. Pilot h1 = 1.84 S_X N^(-1/5); on [c-h1, c) and [c, c+h1] the density
   f = (N-h1 + N+h1) / (2 N h1) and the outcome variances s2-, s2+.
2. A global cubic with a jump at c on X in [median of X below c, median above c] gives
   m3 = 6 x its cubic coefficient; h2 = 3.56 (s2 / (f max(m3^2, 0.01)))^(1/7) N_side^(-1/7)
   per side, and a quadratic on each side within h2 gives the second derivatives m2-, m2+.
3. Regularisation r = 2160 s2 / (N2 h2^4) per side, and
   h = C_K ((s2- + s2+) / (f ((m2+ - m2-)^2 + r+ + r-)))^(1/5) N^(-1/5).
"""

from __future__ import annotations

import numpy as np

C_TRIANGULAR = 3.4375


def _poly_coefficients(x: np.ndarray, y: np.ndarray, columns: list[np.ndarray]) -> np.ndarray:
    design = np.column_stack([np.ones(len(x)), *columns])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coefficients


def ik_bandwidth(x: np.ndarray, y: np.ndarray, cutoff: float) -> float:
    """The IK bandwidth; falls back to the pilot bandwidth when a side has too few rows."""
    x = np.asarray(x, dtype=float) - cutoff
    y = np.asarray(y, dtype=float)
    n = len(x)
    below, above = x < 0, x >= 0
    h1 = 1.84 * np.std(x, ddof=1) * n ** (-1 / 5)
    win_b, win_a = below & (x >= -h1), above & (x <= h1)
    if win_b.sum() < 3 or win_a.sum() < 3:
        return float(h1)
    density = (win_b.sum() + win_a.sum()) / (2 * n * h1)
    var_b, var_a = np.var(y[win_b], ddof=1), np.var(y[win_a], ddof=1)

    middle = (x >= np.median(x[below])) & (x <= np.median(x[above]))
    xm = x[middle]
    cubic = _poly_coefficients(xm, y[middle], [(xm >= 0).astype(float), xm, xm**2, xm**3])
    m3 = 6 * cubic[4]
    second = []
    regularisation = 0.0
    for side, variance in ((above, var_a), (below, var_b)):
        n_side = side.sum()
        h2 = 3.56 * (variance / (density * max(m3**2, 0.01))) ** (1 / 7) * n_side ** (-1 / 7)
        window = side & (np.abs(x) <= h2)
        if window.sum() < 4:
            return float(h1)
        xs = x[window]
        quadratic = _poly_coefficients(xs, y[window], [xs, xs**2])
        second.append(2 * quadratic[2])
        regularisation += 2160 * variance / (window.sum() * h2**4)
    curvature = (second[0] - second[1]) ** 2 + regularisation
    h = C_TRIANGULAR * ((var_a + var_b) / (density * curvature)) ** (1 / 5) * n ** (-1 / 5)
    return float(min(h, np.max(np.abs(x))))
