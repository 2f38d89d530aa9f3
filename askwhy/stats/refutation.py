"""Refutation tests of an effect estimate (DoWhy refuters) and their pass rules.

- placebo_treatment_refuter (treatment shuffled): passes when zero is consistent with the
  placebo estimates (DoWhy's p-value >= 0.05); without a p-value, when the mean placebo
  effect is within 10% of the estimate.
- random_common_cause and data_subset_refuter: pass when the new estimate moves by at most
  10% of the estimate (or a tenth of the CI width, for estimates near zero).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from askwhy.stats.effect_inputs import T_COL
from askwhy.stats.effect_results import Refutation, fmt

REFUTERS = ("placebo_treatment_refuter", "random_common_cause", "data_subset_refuter")
MOVE_TOLERANCE = 0.10  # how far random_common_cause / data_subset may move the estimate
ALPHA = 0.05
DEFAULT_SIMULATIONS = {"linear_regression": 20, "propensity_score_weighting": 20, "dml": 5}


def refute(
    name: str,
    frame: pd.DataFrame,
    fit: dict[str, Any],
    value: float,
    ci: tuple[float, float] | None,
    num_simulations: int,
    seed: int,
    treatment: str,
) -> Refutation:
    """Run one DoWhy refuter on a clean copy of the data and judge it."""
    from dowhy.causal_refuters.data_subset_refuter import refute_data_subset
    from dowhy.causal_refuters.placebo_treatment_refuter import (
        PlaceboType,
        refute_placebo_treatment,
    )
    from dowhy.causal_refuters.random_common_cause import refute_random_common_cause

    args = {
        "data": frame.copy(),
        "target_estimand": fit["estimand"],
        "estimate": fit["estimate"],
        "num_simulations": num_simulations,
        "random_state": np.random.RandomState(seed),
    }
    try:
        if name == "placebo_treatment_refuter":
            result = refute_placebo_treatment(
                treatment_names=[T_COL], placebo_type=PlaceboType.PERMUTE, **args
            )
        elif name == "random_common_cause":
            result = refute_random_common_cause(**args)
        else:
            result = refute_data_subset(subset_fraction=0.8, **args)
    except Exception as exc:  # a failing refuter should not lose the estimate
        return Refutation(
            method=name,
            num_simulations=num_simulations,
            summary=f"The {name} test could not run: {exc}",
        )
    new_effect = _finite(result.new_effect)
    p_value = _finite((result.refutation_result or {}).get("p_value"))
    return _judge(name, value, ci, new_effect, p_value, num_simulations, treatment)


def _judge(
    name: str,
    value: float,
    ci: tuple[float, float] | None,
    new: float | None,
    p_value: float | None,
    num_simulations: int,
    treatment: str,
) -> Refutation:
    """Apply the documented pass rule and write the sentence."""
    p_text = "" if p_value is None else f", p = {p_value:.2g}"
    if new is None:
        passed, summary = None, f"The {name} test gave no usable estimate."
    elif name == "placebo_treatment_refuter":
        near_zero = abs(new) <= MOVE_TOLERANCE * abs(value)
        passed = p_value >= ALPHA if p_value is not None else near_zero
        verdict = (
            "passed: the shuffled treatment shows no effect"
            if passed
            else "failed: even a shuffled treatment shows an effect, so the estimate may be bias"
        )
        summary = (
            f"Replacing '{treatment}' with a shuffled placebo gave an average effect of "
            f"{fmt(new)}{p_text}; {verdict}."
        )
    else:
        width = 0.0 if ci is None else ci[1] - ci[0]
        tolerance = MOVE_TOLERANCE * max(abs(value), width)
        passed = abs(new - value) <= tolerance
        what = (
            "Adding a random common cause"
            if name == "random_common_cause"
            else "Re-estimating on random 80% subsets"
        )
        verdict = "passed: the estimate is stable" if passed else "failed: the estimate moved"
        summary = f"{what} moved the estimate from {fmt(value)} to {fmt(new)}{p_text}; {verdict}."
    return Refutation(
        method=name,
        new_effect=new,
        p_value=p_value,
        passed=passed,
        num_simulations=num_simulations,
        summary=summary,
    )


def _finite(x: Any) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None
