"""Seeded cause-effect pairs from several mechanisms, with the true direction, for judging
pairwise direction methods.

Each pair is two columns x and y. The cause is put in column x or y at random (so a method
that always says "x causes y" scores at chance). Mechanisms:

- linear_nongaussian: effect = b * cause + noise, cause and noise non-Gaussian.
- anm_gaussian: effect = f(cause) + Gaussian noise, f a random smooth nonlinear function.
- anm_nongaussian: the same with non-Gaussian noise.
- heteroscedastic: effect = f(cause) + g(cause) * noise, or cause * noise (multiplicative).
- deterministic: effect = monotone f(cause) + a little noise.
- discrete_cause: a cause with 3-8 levels, effect = f(cause) + noise.
- discrete_effect: a continuous cause and an effect with 3-8 levels (f(cause) + noise cut at
  random quantiles): the mirror image of discrete_cause, which additive-noise methods tend to
  read backwards; it shows that limit rather than hiding it.
- confounded: x = f(z) + noise, y = g(z) + noise with z hidden; neither causes the other, so
  the right answer is "uncertain".

Nothing here is fitted to a public benchmark; the mechanisms are the textbook ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

import numpy as np

Truth = Literal["x_to_y", "y_to_x", "uncertain"]
SAMPLE_SIZES = (150, 300, 500, 1000, 2000)


class PairCase(NamedTuple):
    """One generated pair: the mechanism, the two columns and the true answer."""

    mechanism: str
    seed: int
    x: np.ndarray
    y: np.ndarray
    truth: Truth


def _non_gaussian(rng: np.random.Generator, n: int) -> np.ndarray:
    """Standardized draws from one of several clearly non-Gaussian families."""
    kind = rng.integers(5)
    if kind == 0:
        values = rng.uniform(-1, 1, n)
    elif kind == 1:
        values = rng.laplace(size=n)
    elif kind == 2:
        values = rng.exponential(size=n)
    elif kind == 3:
        values = rng.standard_t(4, size=n)
    else:  # a power of a Gaussian: sub-Gaussian below 1, super-Gaussian above
        power = rng.choice([rng.uniform(0.3, 0.7), rng.uniform(1.5, 2.5)])
        z = rng.normal(size=n)
        values = np.sign(z) * np.abs(z) ** power
    if rng.random() < 0.5:
        values = -values
    return (values - values.mean()) / values.std()


def _cause(rng: np.random.Generator, n: int) -> np.ndarray:
    """A cause distribution: a Gaussian mixture (often skewed or multimodal) or non-Gaussian."""
    if rng.random() < 0.5:
        return _non_gaussian(rng, n)
    k = int(rng.integers(1, 4))
    means = rng.normal(0, 1.5, k)
    scales = rng.uniform(0.3, 1.0, k)
    part = rng.choice(k, size=n, p=rng.dirichlet(np.ones(k)))
    values = rng.normal(means[part], scales[part])
    return (values - values.mean()) / values.std()


def _smooth(rng: np.random.Generator) -> Callable[[np.ndarray], np.ndarray]:
    """A random smooth nonlinear function of a standardized input (random Fourier features of
    a Gaussian-process prior, plus a random linear trend), scaled to unit spread on N(0, 1)."""
    features = 12
    length = rng.uniform(0.7, 2.0)
    omega = rng.normal(0, 1 / length, features)
    phase = rng.uniform(0, 2 * np.pi, features)
    weight = rng.normal(0, 1, features) * np.sqrt(2 / features)
    trend = rng.normal(0, 0.5)

    def raw(t: np.ndarray) -> np.ndarray:
        return np.cos(np.outer(t, omega) + phase) @ weight + trend * t

    grid = raw(np.linspace(-2.5, 2.5, 201))
    spread = grid.std() or 1.0
    return lambda t: raw(t) / spread


def _monotone(rng: np.random.Generator) -> Callable[[np.ndarray], np.ndarray]:
    """A random strictly increasing or decreasing nonlinear function."""
    kind = rng.integers(4)
    sign = rng.choice([-1.0, 1.0])
    if kind == 0:
        rate = rng.uniform(0.5, 1.5)
        return lambda t: sign * np.exp(rate * t)
    if kind == 1:
        power = rng.uniform(2.5, 3.5)
        return lambda t: sign * np.sign(t) * np.abs(t) ** power
    if kind == 2:
        return lambda t: sign * (np.tanh(1.5 * t) + 0.1 * t)
    return lambda t: sign * np.log1p(np.exp(2 * t))


def _scaled(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / (spread if spread > 0 else 1.0)


def _linear_nongaussian(rng, n):
    cause = _non_gaussian(rng, n)
    noise = _non_gaussian(rng, n)
    slope = rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0)
    return cause, slope * cause + noise


def _anm(rng, n, gaussian: bool):
    cause = _cause(rng, n)
    noise = rng.normal(size=n) if gaussian else _non_gaussian(rng, n)
    scale = rng.uniform(0.2, 0.6)
    return cause, _smooth(rng)(cause) + scale * noise


def _heteroscedastic(rng, n):
    if rng.random() < 0.4:  # multiplicative: a positive cause times positive noise
        cause = np.exp(rng.normal(0, rng.uniform(0.3, 0.8), n))
        return cause, cause * np.exp(rng.normal(0, 0.3, n))
    cause = _cause(rng, n)
    spread = 0.1 + 0.4 * np.abs(_smooth(rng)(cause))
    return cause, _smooth(rng)(cause) + spread * rng.normal(size=n)


def _deterministic(rng, n):
    cause = _cause(rng, n)
    effect = _scaled(_monotone(rng)(cause))
    return cause, effect + rng.uniform(0.01, 0.05) * rng.normal(size=n)


def _discrete_cause(rng, n):
    levels = int(rng.integers(3, 9))
    cause = rng.choice(levels, size=n, p=rng.dirichlet(2 * np.ones(levels))).astype(float)
    effect = _smooth(rng)(_scaled(cause))
    noise = rng.normal(size=n) if rng.random() < 0.5 else _non_gaussian(rng, n)
    return cause, effect + rng.uniform(0.2, 0.6) * noise


def _discrete_effect(rng, n):
    cause = _cause(rng, n)
    latent = _smooth(rng)(cause) + rng.uniform(0.2, 0.6) * rng.normal(size=n)
    cuts = np.quantile(latent, np.sort(rng.uniform(0.05, 0.95, int(rng.integers(2, 8)))))
    return cause, np.digitize(latent, cuts).astype(float)


def _confounded(rng, n):
    hidden = _cause(rng, n)
    first = _smooth(rng)(hidden) + rng.uniform(0.2, 0.6) * _non_gaussian(rng, n)
    second = _smooth(rng)(hidden) + rng.uniform(0.2, 0.6) * _non_gaussian(rng, n)
    return first, second


MECHANISMS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "linear_nongaussian": _linear_nongaussian,
    "anm_gaussian": lambda rng, n: _anm(rng, n, gaussian=True),
    "anm_nongaussian": lambda rng, n: _anm(rng, n, gaussian=False),
    "heteroscedastic": _heteroscedastic,
    "deterministic": _deterministic,
    "discrete_cause": _discrete_cause,
    "discrete_effect": _discrete_effect,
    "confounded": _confounded,
}


def make_pair(mechanism: str, seed: int, n_samples: int | None = None) -> PairCase:
    """One pair from `mechanism`, reproducible from `seed` (n_samples: default a seeded choice
    of SAMPLE_SIZES)."""
    if mechanism not in MECHANISMS:
        raise ValueError(f"Unknown mechanism '{mechanism}'. Use one of: {', '.join(MECHANISMS)}.")
    rng = np.random.default_rng([seed, list(MECHANISMS).index(mechanism)])
    n = n_samples or int(rng.choice(SAMPLE_SIZES))
    first, second = MECHANISMS[mechanism](rng, n)
    if mechanism == "confounded":
        return PairCase(mechanism, seed, first, second, "uncertain")
    if rng.random() < 0.5:
        return PairCase(mechanism, seed, first, second, "x_to_y")
    return PairCase(mechanism, seed, second, first, "y_to_x")


def make_pairs(
    per_mechanism: int = 20, seed: int = 0, mechanisms: tuple[str, ...] | None = None
) -> list[PairCase]:
    """`per_mechanism` pairs from each mechanism, seeds seed, seed + 1, ..."""
    names = mechanisms or tuple(MECHANISMS)
    return [make_pair(m, seed + i) for m in names for i in range(per_mechanism)]


__all__ = ["MECHANISMS", "PairCase", "Truth", "make_pair", "make_pairs"]
