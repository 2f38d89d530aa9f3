"""A fast nonlinear (conditional) independence test: randomized conditional correlation.

RCoT (Strobl, Zhang and Visweswaran, 2019) approximates the kernel test KCI with random
Fourier features, so its cost is linear in the rows instead of cubic:

1. x, y and z are standardized; each is mapped to random Fourier features of a Gaussian
   kernel, sqrt(2) cos(w.v + b) with w ~ N(0, 1 / sigma^2) (sigma: the median distance
   between rows, from at most MEDIAN_ROWS rows) and b ~ U(0, 2 pi);
2. the x and y features are regressed on the z features (ridge, closed form) and the
   residuals kept (no z: the centred features). The z features use three widths (sigma,
   sigma / 2, sigma / 4) plus z itself, and more of them for a larger z: with one width
   only, wiggly effects of z (sin, products) are not fully regressed out and the test
   rejects true independence too often once n reaches a few thousand rows;
3. the statistic is n times the squared Frobenius norm of the residuals' cross-covariance;
4. under independence it is (asymptotically) a weighted sum of chi-square(1) variables whose
   weights are the eigenvalues of the covariance of the products of residual features; its
   p-value comes from the Hall-Buckley-Eagleson three-moment chi-square approximation, which
   needs only traces (no eigendecomposition), with a gamma (two-moment) fallback.

Every random draw comes from a seed, so a test repeats exactly. Inputs are 2-D blocks
(n x d), so a categorical variable can enter as its 0/1 indicator columns. `RCoTCache`
serves the many tests of one causal search: each column's features and each conditioning
set's basis are drawn once (seeded by the columns, not by the order of the tests) and
reused.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

FEATURES_XY = 8  # random features for x and for y (their products: 64 weights)
FEATURES_Z = 100  # random features for a one-column conditioning set ...
FEATURES_Z_STEP = 25  # ... and this many more per further column,
MAX_FEATURES_Z = 200  # up to this many
Z_WIDTHS = (1.0, 0.5, 0.25)  # kernel widths of the z features, as shares of sigma
MEDIAN_ROWS = 300  # rows used for the median-distance bandwidth
RIDGE = 1e-6  # ridge penalty (relative to the feature variance) for the regression on z
CACHE_ENTRIES = 256  # residuals (and, a tenth as many, bases) an RCoTCache keeps


def rcot(
    x: np.ndarray,
    y: np.ndarray,
    z: np.ndarray | None = None,
    *,
    seed: int | Sequence[int] = 0,
    features_xy: int = FEATURES_XY,
    features_z: int | None = None,
) -> tuple[float, float]:
    """(statistic, p-value) of the RCoT test of x independent of y given z (None: no z)."""
    x, y = _block(x), _block(y)
    n = len(x)
    if len(y) != n or (z is not None and len(z) != n):
        raise ValueError("x, y and z must have the same number of rows.")
    rng = np.random.default_rng(seed)
    fx = feature_block(x, features_xy, rng)
    fy = feature_block(y, features_xy, rng)
    if z is not None and _block(z).shape[1] > 0:
        basis = ZBasis(_block(z), rng, features_z)
        fx, fy = np.split(basis.residuals(np.hstack([fx, fy])), [fx.shape[1]], axis=1)
    return statistic_and_p(fx, fy)


def statistic_and_p(fx: np.ndarray, fy: np.ndarray) -> tuple[float, float]:
    """n times the squared norm of the features' cross-covariance, and its p-value."""
    n = len(fx)
    cross = fx.T @ fy / n
    statistic = float(n * np.sum(cross**2))
    products = (fx[:, :, None] * fy[:, None, :]).reshape(n, -1)
    products = products - products.mean(axis=0)
    return statistic, weighted_chi2_sf(statistic, products.T @ products / n)


def feature_block(values: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Centred random Fourier features of a standardized block."""
    return _centred(fourier_features(_standard(_block(values)), count, rng))


class ZBasis:
    """The conditioning set's features (three widths, plus z itself) and the factor of their
    ridge-regularized Gram matrix, to take their fit out of any target."""

    def __init__(self, z: np.ndarray, rng: np.random.Generator, count: int | None = None):
        from scipy.linalg import cho_factor

        zs = _standard(z)
        count = count or min(MAX_FEATURES_Z, FEATURES_Z + FEATURES_Z_STEP * (zs.shape[1] - 1))
        self.basis = _centred(np.hstack([fourier_features(zs, count, rng, Z_WIDTHS), zs]))
        gram = self.basis.T @ self.basis
        penalty = RIDGE * max(float(np.trace(gram)) / len(gram), 1e-12)
        self.factor = cho_factor(gram + penalty * np.eye(len(gram)))

    def residuals(self, target: np.ndarray) -> np.ndarray:
        from scipy.linalg import cho_solve

        return target - self.basis @ cho_solve(self.factor, self.basis.T @ target)


class RCoTCache:
    """RCoT for many tests on the same columns (`blocks`: one 2-D block per variable)."""

    def __init__(self, blocks: Sequence[np.ndarray], seed: int = 0):
        self.blocks = [_block(b) for b in blocks]
        self.seed = seed
        self._features: dict[int, np.ndarray] = {}
        self._bases: dict[tuple[int, ...], ZBasis] = {}
        self._residuals: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}

    def test(self, x: int, y: int, given: Sequence[int] = ()) -> tuple[float, float]:
        given = tuple(sorted(given))
        return statistic_and_p(self._residual(x, given), self._residual(y, given))

    def _feature(self, column: int) -> np.ndarray:
        if column not in self._features:
            rng = np.random.default_rng([self.seed, 1, column])
            self._features[column] = feature_block(self.blocks[column], FEATURES_XY, rng)
        return self._features[column]

    def _residual(self, column: int, given: tuple[int, ...]) -> np.ndarray:
        key = (column, given)
        if key not in self._residuals:
            features = self._feature(column)
            if given:
                features = self._basis(given).residuals(features)
            _bounded_put(self._residuals, key, features, CACHE_ENTRIES)
        return self._residuals[key]

    def _basis(self, given: tuple[int, ...]) -> ZBasis:
        if given not in self._bases:
            rng = np.random.default_rng([self.seed, 2, *given])
            z = np.hstack([self.blocks[i] for i in given])
            _bounded_put(self._bases, given, ZBasis(z, rng), CACHE_ENTRIES // 10)
        return self._bases[given]


def _bounded_put(cache: dict, key: object, value: object, limit: int) -> None:
    """Store, dropping the oldest entry beyond `limit` entries."""
    if len(cache) >= limit:
        cache.pop(next(iter(cache)))
    cache[key] = value


def fourier_features(
    values: np.ndarray,
    count: int,
    rng: np.random.Generator,
    widths: Sequence[float] = (1.0,),
) -> np.ndarray:
    """`count` random Fourier features of Gaussian kernels whose widths are `widths` times
    the median distance, the features split evenly between the widths."""
    sigma = median_distance(values)
    shares = np.array_split(np.arange(count), len(widths))
    scale = np.concatenate(
        [np.full(len(part), w * sigma) for w, part in zip(widths, shares, strict=True)]
    )
    w = rng.standard_normal((values.shape[1], count)) / scale
    b = rng.uniform(0.0, 2.0 * math.pi, count)
    return math.sqrt(2.0) * np.cos(values @ w + b)


def median_distance(values: np.ndarray) -> float:
    """The median Euclidean distance between distinct rows among the first MEDIAN_ROWS rows
    (1.0 when every such row is the same)."""
    head = values[:MEDIAN_ROWS]
    squared = np.sum(head**2, axis=1)
    distances = (squared[:, None] + squared[None, :] - 2.0 * head @ head.T).ravel()
    positive = distances[distances > 1e-12]
    return float(math.sqrt(np.median(positive))) if len(positive) else 1.0


def weighted_chi2_sf(statistic: float, weights_cov: np.ndarray) -> float:
    """P(sum_i l_i chi2_1 >= statistic), l_i the eigenvalues of `weights_cov`, by the
    Hall-Buckley-Eagleson approximation (three cumulants from traces); gamma when the third
    cumulant vanishes."""
    from scipy import stats

    k1 = float(np.trace(weights_cov))
    square = weights_cov @ weights_cov
    k2 = 2.0 * float(np.trace(square))
    k3 = 8.0 * float(np.sum(square * weights_cov.T))
    if k1 <= 0.0 or k2 <= 0.0:
        return 1.0
    if k3 <= 1e-300:
        shape, scale = k1 * k1 / k2, k2 / k1
        return float(stats.gamma.sf(statistic, shape, scale=scale))
    nu = 8.0 * k2**3 / k3**2
    shifted = (statistic - k1) * math.sqrt(2.0 * nu / k2) + nu
    return float(min(1.0, max(0.0, stats.chi2.sf(shifted, nu))))


def _block(values: np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[:, None] if array.ndim == 1 else array


def _standard(values: np.ndarray) -> np.ndarray:
    centred = values - values.mean(axis=0)
    sd = centred.std(axis=0)
    return centred / np.where(sd > 0, sd, 1.0)


def _centred(features: np.ndarray) -> np.ndarray:
    return features - features.mean(axis=0)
