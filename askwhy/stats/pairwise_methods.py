"""Four ways to orient a pair x - y from observational data, each with its own vote.

Every method returns a `MethodScore`: whether its model applies to these data, its vote
("x_to_y", "y_to_x" or "abstain"), a signed statistic (positive favours x -> y), its numbers
and its assumptions. A method votes only when its own evidence is clear by the thresholds
below; the combination (askwhy.stats.pairwise) then asks the voters to agree.

- lingam: the pairwise likelihood ratio of linear non-Gaussian models (Hyvarinen & Smith
  2013, the measure DirectLiNGAM orders variables by), with a bootstrap z-score; it applies
  only where a straight line leaves a residual independent of the regressor (HSIC).
- anm: additive-noise models (Hoyer et al. 2008) fitted both ways with a regression spline;
  the direction whose residual is independent of the cause (HSIC) while the other is not.
- reci: regression error based inference (Bloebaum et al. 2018): on [0, 1]-scaled data the
  regression of the effect on the cause has the smaller mean squared error.
- igci: information-geometric inference (Janzing et al. 2012), entropy estimator with a
  Gaussian reference measure, for near-deterministic invertible relations only.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from askwhy.stats.pairwise_fit import (
    PairRows,
    entropy,
    hsic,
    linear_fit,
    r_squared,
    smooth_fit,
    standardize,
    unit_scale,
)

Vote = Literal["x_to_y", "y_to_x", "abstain"]

# An independence test "accepts" a model at FIT_ALPHA (its residual is not shown dependent on
# the cause) and "rejects" the other direction at REJECT_ALPHA. The gap between them is the
# margin: a direction is read only when one model fits and the reverse clearly does not.
FIT_ALPHA = 0.05
REJECT_ALPHA = 0.001
# Bootstrap resamples for LiNGAM's likelihood ratio, and the |z| it needs (3: about 1 in 370
# false votes on a Gaussian pair, where the ratio is zero in truth).
LINGAM_BOOTSTRAP = 100
LINGAM_Z = 3.0
# RECI votes when the paired difference of squared errors has |z| >= RECI_Z and the larger
# error is at least RECI_RATIO times the smaller (a small gap is within regression bias). Its
# justification is the low-noise limit, so it applies only when the better regression explains
# at least RECI_MIN_R2 of the variance (with more noise its vote was a coin toss on linear
# pairs and always wrong on confounded ones in the seeded pairs of askwhy.evals.pairs).
RECI_Z = 3.0
RECI_RATIO = 1.25
RECI_MIN_R2 = 0.8
# IGCI only for near-deterministic invertible relations (each variable explains at least
# IGCI_MIN_R2 of the other's variance), with an entropy gap of at least IGCI_MARGIN nats whose
# sign holds on IGCI_STABLE of IGCI_HALVES random halves of the rows.
IGCI_MIN_R2 = 0.9
IGCI_MARGIN = 0.1
IGCI_HALVES = 20
IGCI_STABLE = 0.95
# RECI and IGCI need both variables to be (nearly) continuous: at least this many values.
MIN_CONTINUOUS_LEVELS = 20
# p-values below this are numerically zero (gamma approximation): the ANM statistic
# log10(p forward) - log10(p backward) is computed with p floored here.
P_FLOOR = 1e-16

ASSUMPTIONS = {
    "lingam": [
        "The relation is linear.",
        "The noise (and the cause) are non-Gaussian; with Gaussian noise the direction is not "
        "identifiable.",
        "No hidden common cause of the two variables.",
    ],
    "anm": [
        "The effect is a function of the cause plus noise independent of the cause (additive "
        "noise).",
        "No hidden common cause of the two variables.",
        "The relation is not linear with Gaussian noise (then both directions fit).",
    ],
    "reci": [
        "The effect is close to a monotone function of the cause (little noise).",
        "The cause's distribution does not depend on the function (independent mechanism).",
        "No hidden common cause of the two variables.",
    ],
    "igci": [
        "The relation is near-deterministic and invertible.",
        "The function's slope is independent of the cause's density (uniform reference "
        "measure on [0, 1]-scaled data).",
        "No hidden common cause of the two variables.",
    ],
}
LABELS = {
    "lingam": "LiNGAM pairwise likelihood ratio",
    "anm": "additive-noise model with HSIC",
    "reci": "RECI (regression error comparison)",
    "igci": "IGCI (entropy-based)",
}


class MethodScore(BaseModel):
    """One method's verdict on a pair: positive statistic favours x -> y."""

    method: str
    applies: bool
    vote: Vote
    statistic: float | None = None
    p_value: float | None = None  # the p-value behind the vote, where there is one
    details: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(default_factory=dict)
    assumptions: list[str] = Field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return LABELS.get(self.method, self.method)


def _score(method: str, **fields: Any) -> MethodScore:
    return MethodScore(method=method, assumptions=ASSUMPTIONS[method], **fields)


def _signed_vote(statistic: float, clear: bool) -> Vote:
    if not clear or statistic == 0:
        return "abstain"
    return "x_to_y" if statistic > 0 else "y_to_x"


def lingam(rows: PairRows, seed: int) -> MethodScore:
    """Likelihood ratio of x -> y against y -> x under linear non-Gaussian models."""
    x, y = standardize(rows.x), standardize(rows.y)
    ratio = _likelihood_ratio(x, y)
    rng = np.random.default_rng(seed)
    draws = [_likelihood_ratio(x[i], y[i]) for i in _resamples(rng, len(x), LINGAM_BOOTSTRAP)]
    spread = float(np.std(draws)) or 1e-12
    z = ratio / spread
    favoured = "x_to_y" if ratio > 0 else "y_to_x"
    cause, effect = (x, y) if favoured == "x_to_y" else (y, x)
    _, p_fit = hsic(cause, effect - linear_fit(cause, effect))
    applies = p_fit >= FIT_ALPHA
    vote = _signed_vote(ratio, applies and abs(z) >= LINGAM_Z)
    if not applies:
        note = (
            f"A straight line does not fit {rows.arrow(favoured)} (HSIC p = {_p(p_fit)} for its "
            "residual), so the linear model does not apply."
        )
    else:
        note = (
            f"Likelihood ratio {ratio:+.3g} (bootstrap z = {z:+.1f}) favours "
            f"{rows.arrow(favoured)}."
        )
    return _score(
        "lingam",
        applies=applies,
        vote=vote,
        statistic=ratio,
        p_value=p_fit,
        details={"z": z, "linear_fit_p": p_fit, "bootstrap_sd": spread},
        parameters={"bootstrap": LINGAM_BOOTSTRAP, "z_needed": LINGAM_Z, "fit_alpha": FIT_ALPHA},
        note=note,
    )


def _likelihood_ratio(x: np.ndarray, y: np.ndarray) -> float:
    """log L(x -> y) - log L(y -> x) per row, for standardized x and y: with residuals
    rescaled to unit variance the Jacobian terms cancel and only entropies remain."""
    rho = float(np.mean(x * y))
    return entropy(y) + entropy(x - rho * y) - entropy(x) - entropy(y - rho * x)


def _resamples(rng: np.random.Generator, n: int, times: int) -> list[np.ndarray]:
    return [rng.integers(0, n, n) for _ in range(times)]


def anm(rows: PairRows) -> MethodScore:
    """Additive-noise models both ways: which residual is independent of its regressor."""
    x, y = standardize(rows.x), standardize(rows.y)
    stat_xy, p_xy = hsic(x, y - smooth_fit(x, y))
    stat_yx, p_yx = hsic(y, x - smooth_fit(y, x))
    applies = max(p_xy, p_yx) >= FIT_ALPHA
    statistic = float(np.log10(max(p_xy, P_FLOOR)) - np.log10(max(p_yx, P_FLOOR)))
    clear = applies and min(p_xy, p_yx) < REJECT_ALPHA
    vote = _signed_vote(statistic, clear)
    both = f"HSIC p = {_p(p_xy)} for {rows.arrow('x_to_y')}, {_p(p_yx)} for {rows.arrow('y_to_x')}"
    if not applies:
        note = (
            f"Neither additive-noise model fits ({both}): the relation is not 'function plus "
            "independent noise' either way."
        )
    elif not clear:
        note = f"Both additive-noise models fit, or the worse one is not clearly rejected ({both})."
    else:
        note = f"The residual is independent of the cause only for {rows.arrow(vote)} ({both})."
    return _score(
        "anm",
        applies=applies,
        vote=vote,
        statistic=statistic,
        p_value=min(p_xy, p_yx),
        details={
            "p_x_to_y": p_xy,
            "p_y_to_x": p_yx,
            "hsic_x_to_y": stat_xy,
            "hsic_y_to_x": stat_yx,
        },
        parameters={
            "regressor": "cubic regression spline (quantile knots, ridge by leave-one-out)",
            "independence_test": "HSIC, gamma approximation",
            "fit_alpha": FIT_ALPHA,
            "reject_alpha": REJECT_ALPHA,
        },
        note=note,
    )


def reci(rows: PairRows) -> MethodScore:
    """Compare the regression errors of y on x and x on y, both scaled to [0, 1]."""
    if min(rows.x_levels, rows.y_levels) < MIN_CONTINUOUS_LEVELS:
        return _not_continuous("reci")
    x, y = unit_scale(rows.x), unit_scale(rows.y)
    error_y = (y - smooth_fit(x, y)) ** 2  # y on x: small if x -> y
    error_x = (x - smooth_fit(y, x)) ** 2
    fit = max(1 - np.mean(error_y) / (np.var(y) or 1.0), 1 - np.mean(error_x) / (np.var(x) or 1.0))
    difference = error_x - error_y
    spread = float(np.std(difference)) / np.sqrt(len(difference)) or 1e-12
    z = float(np.mean(difference)) / spread
    mse_y, mse_x = float(np.mean(error_y)), float(np.mean(error_x))
    ratio = max(mse_x, mse_y) / max(min(mse_x, mse_y), 1e-300)
    statistic = float(np.log(max(mse_x, 1e-300) / max(mse_y, 1e-300)))
    applies = fit >= RECI_MIN_R2
    vote = _signed_vote(statistic, applies and abs(z) >= RECI_Z and ratio >= RECI_RATIO)
    note = (
        f"Mean squared error {mse_y:.3g} for {rows.y_name} on {rows.x_name}, {mse_x:.3g} for "
        f"{rows.x_name} on {rows.y_name} (z = {z:+.1f}, both scaled to [0, 1])."
    )
    if not applies:
        note = f"Too noisy for RECI (best R^2 {fit:.2f} < {RECI_MIN_R2}). " + note
    return _score(
        "reci",
        applies=applies,
        vote=vote,
        statistic=statistic,
        details={"mse_y_on_x": mse_y, "mse_x_on_y": mse_x, "z": z, "r_squared": float(fit)},
        parameters={
            "regressor": "cubic regression spline",
            "scaling": "min-max to [0, 1]",
            "z_needed": RECI_Z,
            "ratio_needed": RECI_RATIO,
            "min_r_squared": RECI_MIN_R2,
        },
        note=note,
    )


def igci(rows: PairRows, seed: int) -> MethodScore:
    """Entropy-based IGCI with a Gaussian reference measure, for near-deterministic invertible
    relations: after standardizing both, the cause has the larger entropy (a nonlinear
    function of a variable is generically further from Gaussian than the variable)."""
    from scipy.stats import differential_entropy

    if min(rows.x_levels, rows.y_levels) < MIN_CONTINUOUS_LEVELS:
        return _not_continuous("igci")
    x, y = standardize(rows.x), standardize(rows.y)
    fit = min(r_squared(y, smooth_fit(x, y)), r_squared(x, smooth_fit(y, x)))
    statistic = float(differential_entropy(x) - differential_entropy(y))
    rng = np.random.default_rng(seed)
    half = len(x) // 2
    gaps = [
        differential_entropy(x[i]) - differential_entropy(y[i])
        for i in (rng.permutation(len(x))[:half] for _ in range(IGCI_HALVES))
    ]
    same = float(np.mean(np.sign(gaps) == np.sign(statistic)))
    applies = fit >= IGCI_MIN_R2
    clear = applies and abs(statistic) >= IGCI_MARGIN and same >= IGCI_STABLE
    vote = _signed_vote(statistic, clear)
    note = (
        f"Entropy of {rows.x_name} minus entropy of {rows.y_name} (standardized): "
        f"{statistic:+.3g} nats, the same sign on {same:.0%} of random halves."
        if applies
        else f"The relation is too noisy or not invertible for IGCI (R^2 {fit:.2f} < "
        f"{IGCI_MIN_R2} in one direction)."
    )
    return _score(
        "igci",
        applies=applies,
        vote=vote,
        statistic=statistic,
        details={"r_squared": fit, "stable_share": same},
        parameters={
            "reference": "Gaussian (standardized variables)",
            "entropy_estimator": "scipy differential_entropy",
            "min_r_squared": IGCI_MIN_R2,
            "margin_nats": IGCI_MARGIN,
            "halves": IGCI_HALVES,
        },
        note=note,
    )


def _p(p_value: float) -> str:
    return f"{p_value:.2g}" if p_value >= 1e-4 else "< 0.0001"


def _not_continuous(method: str) -> MethodScore:
    return _score(
        method,
        applies=False,
        vote="abstain",
        note=f"Needs two (nearly) continuous variables (at least {MIN_CONTINUOUS_LEVELS} "
        "distinct values each).",
    )


__all__ = ["ASSUMPTIONS", "LABELS", "MethodScore", "Vote", "anm", "igci", "lingam", "reci"]
