"""Sharp regression discontinuity: local linear regression at the cutoff (statsmodels WLS).

Rows within the bandwidth h of the cutoff c are weighted by the triangular kernel
1 - |x - c| / h; the outcome is regressed on the treatment, (x - c) and their interaction
(a separate line each side; covariates, if given, enter linearly), with HC1 standard
errors. The treatment coefficient is the jump at the cutoff. h is the Imbens-Kalyanaraman
MSE-optimal bandwidth (askwhy.stats.designs.rdd_bandwidth); the estimate is repeated at
0.5 h and 2 h. DoWhy's regression-discontinuity estimator is local-constant with a fixed
bandwidth, so it is not used. Fuzzy designs (treatment not fixed by the side of the cutoff)
are refused with a pointer to instrumental variables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from askwhy.answer import Diagnostic
from askwhy.errors import DataError, ToolArgumentError
from askwhy.stats.designs.frame import Treatment
from askwhy.stats.designs.rdd_bandwidth import ik_bandwidth
from askwhy.stats.designs.results import DesignResult, effect_of, fmt, normal_ci
from askwhy.stats.designs.sensitivity import bandwidth_statement
from askwhy.stats.designs.spec import DesignSpec

MIN_SIDE = 10  # rows needed on each side within the bandwidth
SHARP_TOLERANCE = 0.01  # share of rows whose treatment may disagree with their side


def local_linear(
    frame: pd.DataFrame,
    running: str,
    outcome: str,
    treated: np.ndarray,
    cutoff: float,
    h: float,
    covariates: list[str],
) -> dict[str, float] | None:
    """The jump at the cutoff with bandwidth h, or None when a side has too few rows."""
    import statsmodels.api as sm

    xc = frame[running].to_numpy() - cutoff
    inside = np.abs(xc) < h
    n_b, n_a = int(np.sum(inside & (xc < 0))), int(np.sum(inside & (xc >= 0)))
    if min(n_b, n_a) < MIN_SIDE:
        return None
    d, x = treated[inside], xc[inside]
    columns = [np.ones(len(x)), d, x, d * x]
    columns += [frame[c].to_numpy()[inside] for c in covariates]
    weights = 1 - np.abs(x) / h
    fit = sm.WLS(frame[outcome].to_numpy()[inside], np.column_stack(columns), weights=weights)
    result = fit.fit(cov_type="HC1")
    return {
        "value": float(result.params[1]),
        "se": float(result.bse[1]),
        "below": n_b,
        "above": n_a,
    }


def _side_indicator(
    frame: pd.DataFrame, spec: DesignSpec, cutoff: float, treatment: Treatment
) -> tuple[np.ndarray, list[str]]:
    """The 0/1 treatment the side of the cutoff assigns, after checking the design is sharp."""
    if treatment.kind != "binary":
        raise ToolArgumentError(
            f"A regression discontinuity needs a 0/1 treatment; '{spec.treatment}' is "
            f"{treatment.kind}."
        )
    x = frame[spec.running_variable].to_numpy()
    t = (frame[spec.treatment].to_numpy() == treatment.codes[1]).astype(float)
    above = x >= cutoff
    if above.all() or (~above).all():
        side = "below" if above.all() else "at or above"
        raise DataError(
            f"No rows of '{spec.running_variable}' {side} the cutoff {cutoff:g} (observed range "
            f"{x.min():g} to {x.max():g}); a discontinuity design needs rows on both sides. "
            "Give the cutoff where the treatment switches (cutoff=...)."
        )
    share_above, share_below = t[above].mean(), t[~above].mean()
    treated_above = share_above >= share_below
    assigned = above.astype(float) if treated_above else (~above).astype(float)
    mismatch = float(np.mean(assigned != t))
    if mismatch > SHARP_TOLERANCE:
        raise ToolArgumentError(
            f"'{spec.treatment}' is not fixed by the side of the cutoff {cutoff:g} of "
            f"'{spec.running_variable}' ({mismatch:.0%} of rows disagree), so the design is "
            "fuzzy, not sharp. Use design='iv' with an above-cutoff indicator as the instrument, "
            "or check the cutoff."
        )
    notes = []
    if mismatch > 0:
        notes.append(
            f"{mismatch:.1%} of rows have a treatment that disagrees with their side of the "
            "cutoff; the side is used as the treatment."
        )
    return assigned, notes


def estimate_rdd(
    frame: pd.DataFrame, spec: DesignSpec, covariates: list[str], treatment: Treatment
) -> DesignResult:
    running = spec.running_variable
    if running in (spec.treatment, spec.outcome):
        raise ToolArgumentError(
            f"The running variable '{running}' is the treatment or the outcome; name the score "
            "whose cutoff decides the treatment."
        )
    notes = []
    cutoff = spec.cutoff
    if cutoff is None:
        cutoff = 0.0
        notes.append(
            f"No cutoff given, so 0 was used; give cutoff=... if '{spec.treatment}' switches "
            f"at another value of '{running}'."
        )
    treated, side_notes = _side_indicator(frame, spec, cutoff, treatment)
    notes += side_notes
    x, y = frame[running].to_numpy(), frame[spec.outcome].to_numpy()
    h = ik_bandwidth(x, y, cutoff)
    fit = local_linear(frame, running, spec.outcome, treated, cutoff, h, covariates)
    if fit is None:
        raise DataError(
            f"Fewer than {MIN_SIDE} rows on one side of the cutoff {cutoff:g} within the "
            f"bandwidth {h:.3g} of '{running}'; a discontinuity needs data close to the cutoff "
            "on both sides."
        )
    result = DesignResult(
        design="rdd",
        design_reason="",
        estimand="cutoff",
        treatment=spec.treatment,
        outcome=spec.outcome,
        effect_of=effect_of(spec.treatment, None, binary=True) + f" at {running} = {cutoff:g}",
        value=fit["value"],
        se=fit["se"],
        ci=normal_ci(fit["value"], fit["se"]),
        n_rows=fit["below"] + fit["above"],
        method="local linear regression, triangular kernel (statsmodels WLS, HC1 SE)",
        adjustment_set=covariates,
        treatment_values=(0.0, 1.0),
        assumptions=rdd_assumptions(spec.treatment, spec.outcome, running, cutoff),
        warnings=notes,
    )
    result.diagnostics += [
        Diagnostic(
            name="bandwidth",
            value=round(h, 6),
            note="Imbens-Kalyanaraman (2012) MSE-optimal bandwidth, triangular kernel",
        ),
        Diagnostic(
            name="rows within bandwidth",
            value=fit["below"] + fit["above"],
            note=f"{fit['below']:,} below and {fit['above']:,} at or above the cutoff, of "
            f"{len(frame):,}",
        ),
    ]
    shifted = {"1x": fit["value"]}
    for factor, label in ((0.5, "0.5x"), (2.0, "2x")):
        other = local_linear(frame, running, spec.outcome, treated, cutoff, factor * h, covariates)
        if other is None:
            result.diagnostics.append(
                Diagnostic(name=f"estimate at {label} bandwidth", note="too few rows")
            )
            continue
        shifted[label] = other["value"]
        result.diagnostics.append(
            Diagnostic(
                name=f"estimate at {label} bandwidth",
                value=round(other["value"], 6),
                note=f"bandwidth {factor * h:.3g}, SE {fmt(other['se'])}",
            )
        )
    result.sensitivity = bandwidth_statement(shifted, fit["se"])
    result.parameters = {"bandwidth": h, "cutoff": cutoff, "bandwidth_estimates": shifted}
    return result


def rdd_assumptions(treatment: str, outcome: str, running: str, cutoff: float) -> list[str]:
    return [
        f"'{treatment}' switches exactly at {running} = {cutoff:g} (sharp design).",
        f"Without the treatment, '{outcome}' would change smoothly across the cutoff: nothing "
        "else jumps there.",
        f"Units cannot place themselves precisely on one side of the cutoff of '{running}'.",
        "Within the bandwidth the outcome is close to linear on each side.",
        "The estimate is for units near the cutoff, not for everyone.",
    ]
