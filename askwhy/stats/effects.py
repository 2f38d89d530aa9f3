"""Average treatment effects with DoWhy: identify, estimate, refute.

One public function, `estimate_effect`, checks the inputs (askwhy.stats.effect_inputs),
estimates the average effect of moving the treatment from t0 to t1 with a back-door
adjustment (askwhy.stats.effect_estimation, which documents the `auto` method choice) and
runs refutation tests (askwhy.stats.refutation, with their pass rules).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from askwhy.errors import DataError, ToolArgumentError
from askwhy.stats.effect_estimation import (
    METHODS,
    NONLINEARITY_THRESHOLD,
    PSW_BOOTSTRAP,
    Method,
    choose_method,
    confidence_interval,
    fit,
    seeded_global_numpy,
)
from askwhy.stats.effect_inputs import (
    MIN_ROWS,
    T_COL,
    Y_COL,
    adjustment_columns,
    check_method_fits,
    is_binary,
    prepare_frame,
    resolve_treatment_values,
    validate_names,
)
from askwhy.stats.effect_results import (
    LABELS,
    EffectResult,
    Refutation,
    assumptions,
    effect_of,
    estimand_text,
    summary,
)
from askwhy.stats.quiet import quiet
from askwhy.stats.refutation import (
    ALPHA,
    DEFAULT_SIMULATIONS,
    MOVE_TOLERANCE,
    REFUTERS,
    refute,
)

__all__ = [
    "ALPHA",
    "DEFAULT_SIMULATIONS",
    "LABELS",
    "METHODS",
    "MIN_ROWS",
    "MOVE_TOLERANCE",
    "NONLINEARITY_THRESHOLD",
    "PSW_BOOTSTRAP",
    "REFUTERS",
    "EffectResult",
    "Method",
    "Refutation",
    "estimate_effect",
]


def estimate_effect(
    data: pd.DataFrame,
    treatment: str,
    outcome: str,
    adjustment_set: Sequence[str] = (),
    treatment_values: tuple[float, float] | None = None,
    method: Method = "auto",
    refuters: Sequence[str] = ("placebo_treatment_refuter", "random_common_cause"),
    seed: int = 0,
    num_simulations: int | None = None,
    treatment_labels: Sequence[str] | None = None,
) -> EffectResult:
    """Estimate the average effect on `outcome` of moving `treatment` from t0 to t1.

    The adjustment set is treated as the common causes of treatment and outcome
    (back-door adjustment). Without `treatment_values` the effect is per unit
    increase of the treatment, or 0 -> 1 for a 0/1 treatment. `num_simulations`
    is per refuter; None means 20 (5 for the slower double ML). `treatment_labels`: the
    levels of a coded binary or ordinal treatment, in code order, so the answer names levels.
    """
    start = time.perf_counter()
    adjustment = validate_names(data, treatment, outcome, adjustment_set)
    if method != "auto" and method not in METHODS:
        raise ToolArgumentError(
            f"Unknown method '{method}'. Use one of: auto, {', '.join(METHODS)}."
        )
    unknown = [r for r in refuters if r not in REFUTERS]
    if unknown:
        raise ToolArgumentError(
            f"Unknown refuter '{unknown[0]}'. Use any of: {', '.join(REFUTERS)}."
        )
    frame, notes = prepare_frame(data, treatment, outcome, adjustment)
    binary = is_binary(frame[T_COL])
    t0, t1, notes_t = resolve_treatment_values(frame[T_COL], treatment, treatment_values, binary)
    notes += notes_t
    chosen, reason = choose_method(method, frame, seed)
    check_method_fits(chosen, binary, adjustment, t0, t1)
    if chosen == "propensity_score_weighting" and t0 == 1:
        frame[T_COL] = 1 - frame[T_COL]  # DoWhy's weighting estimator always measures 0 -> 1
        t0, t1 = 0.0, 1.0
    n_sims = num_simulations if num_simulations is not None else DEFAULT_SIMULATIONS[chosen]

    with quiet(), seeded_global_numpy(seed):
        try:
            fitted = fit(frame, chosen, t0, t1, seed)
        except np.linalg.LinAlgError as exc:
            raise DataError(_no_estimate(chosen, adjustment, f"({exc})")) from None
        value = float(fitted["estimate"].value)
        if not math.isfinite(value):
            raise DataError(_no_estimate(chosen, adjustment, f"(it gave {value})"))
        ci = confidence_interval(fitted["estimate"])
        refutations = [
            refute(name, frame, fitted, value, ci, n_sims, seed, treatment) for name in refuters
        ]

    notes += fitted["warnings"]
    internal = adjustment_columns(adjustment)
    names = {T_COL: treatment, Y_COL: outcome, **dict(zip(internal, adjustment, strict=True))}
    if sorted(fitted["backdoor"]) != sorted(internal):
        used = ", ".join(names.get(c, c) for c in fitted["backdoor"]) or "nothing"
        notes.append(f"DoWhy's back-door set ({used}) differs from the adjustment set given.")
    if treatment_values is None and binary:
        treatment_values = (0.0, 1.0)
    measured = effect_of(treatment, treatment_values, binary, treatment_labels)
    contains_zero = None if ci is None else bool(ci[0] <= 0 <= ci[1])
    return EffectResult(
        treatment=treatment,
        outcome=outcome,
        adjustment_set=adjustment,
        value=value,
        ci=ci,
        ci_contains_zero=contains_zero,
        treatment_values=treatment_values,
        effect_of=measured,
        method=chosen,
        method_reason=reason,
        parameters=fitted["parameters"],
        estimand=estimand_text(treatment, outcome, adjustment),
        refutations=refutations,
        warnings=notes,
        n_rows=len(frame),
        seconds=time.perf_counter() - start,
        assumptions=assumptions(chosen, treatment, outcome, adjustment, binary),
        summary=summary(measured, outcome, value, ci, chosen, adjustment),
    )


def _no_estimate(method: str, adjustment: list[str], detail: str) -> str:
    """Why the estimator gave no number, and what to try."""
    given = f" and {', '.join(adjustment)}" if adjustment else ""
    return (
        f"{LABELS[method].capitalize()} could not estimate the effect on these data {detail}: "
        f"the treatment{given} are probably exact functions of each other, or a column is "
        "nearly constant. Drop redundant adjustment variables, or try another method."
    )
