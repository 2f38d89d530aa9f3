"""Instrumental variables: 2SLS (linearmodels IV2SLS) and the Wald estimator (DoWhy).

- With one 0/1 instrument and no covariates the point estimate is DoWhy's Wald estimator
  (`iv.instrumental_variable`: the outcome's difference between instrument groups over the
  treatment's), which equals just-identified 2SLS; its standard error comes from
  linearmodels' 2SLS fit of the same model.
- Otherwise 2SLS with linearmodels (heteroskedasticity-robust errors), covariates as
  exogenous regressors. DoWhy's IV estimator takes no covariates and gives no standard error.
Diagnostics: the first-stage F of the excluded instruments (robust Wald statistic over the
number of instruments), with a weak-instrument warning below 10 (Staiger & Stock 1997), the
partial R^2, the Wu-Hausman test of endogeneity, and Sargan's over-identification test when
there are more instruments than treatments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from askwhy.answer import Diagnostic
from askwhy.errors import ToolArgumentError
from askwhy.stats.designs.frame import Treatment, as_indicator
from askwhy.stats.designs.results import DesignResult, effect_of, finite, fmt, normal_ci
from askwhy.stats.designs.spec import DesignSpec

WEAK_F = 10.0


def _wald(frame: pd.DataFrame, treatment: str, outcome: str, instrument: str) -> float:
    """DoWhy's Wald estimate with the instrument's unobserved-confounding graph."""
    import networkx as nx
    from dowhy import CausalModel

    from askwhy.stats.quiet import quiet

    graph = nx.DiGraph([(instrument, treatment), (treatment, outcome)])
    graph.add_edges_from([("U", treatment), ("U", outcome)])  # U is not in the data
    data = frame[[instrument, treatment, outcome]].copy()
    with quiet():
        model = CausalModel(data=data, treatment=treatment, outcome=outcome, graph=graph)
        estimand = model.identify_effect(proceed_when_unidentifiable=True)
        estimate = model.estimate_effect(
            estimand,
            method_name="iv.instrumental_variable",
            method_params={"iv_instrument_name": instrument},
        )
    return float(estimate.value)


def _check(spec: DesignSpec, treatment: Treatment) -> None:
    for z in spec.instrument:
        if z == spec.treatment:
            raise ToolArgumentError(
                f"The instrument '{z}' is the treatment itself; an instrument is a different "
                "column that moves the treatment and reaches the outcome only through it."
            )
        if z == spec.outcome:
            raise ToolArgumentError(f"The instrument '{z}' is the outcome; name another column.")
        if z in spec.covariates:
            raise ToolArgumentError(
                f"'{z}' is both an instrument and a covariate; it can only be one of them."
            )
    if treatment.kind == "categorical":
        raise ToolArgumentError(
            f"'{spec.treatment}' has {len(treatment.labels)} levels; instrumental variables "
            "here take a 0/1 or continuous treatment. Use design='backdoor' for one estimate "
            "per level."
        )


def estimate_iv(
    frame: pd.DataFrame, spec: DesignSpec, covariates: list[str], treatment: Treatment
) -> DesignResult:
    from linearmodels.iv import IV2SLS

    _check(spec, treatment)
    if treatment.kind == "binary":
        frame = as_indicator(frame, spec.treatment, treatment)  # the reference level is 0
    instruments = list(spec.instrument)
    exog = pd.DataFrame({"const": np.ones(len(frame))})
    for c in covariates:
        exog[c] = frame[c].to_numpy()
    fit = IV2SLS(frame[spec.outcome], exog, frame[[spec.treatment]], frame[instruments]).fit(
        cov_type="robust"
    )
    coef, se = float(fit.params[spec.treatment]), float(fit.std_errors[spec.treatment])
    binary_z = len(instruments) == 1 and set(np.unique(frame[instruments[0]])) <= {0.0, 1.0}
    binary_t = treatment.kind == "binary"
    method = "2SLS (linearmodels IV2SLS, robust SE)"
    if binary_z and not covariates:
        coef = _wald(frame, spec.treatment, spec.outcome, instruments[0])
        method = "Wald estimator (DoWhy), SE from 2SLS (linearmodels)"
    scale = 1.0
    values = spec.treatment_values
    if not binary_t and values is not None:
        scale = values[1] - values[0]
    value, se = coef * scale, se * abs(scale)
    diag = fit.first_stage.diagnostics.loc[spec.treatment]
    f_stat = float(diag["f.stat"]) / len(instruments)
    result = DesignResult(
        design="iv",
        design_reason="",
        estimand="late" if binary_t else "ate",
        treatment=spec.treatment,
        outcome=spec.outcome,
        effect_of=effect_of(spec.treatment, values, binary_t),
        value=value,
        se=se,
        ci=normal_ci(value, se),
        n_rows=int(fit.nobs),
        method=method,
        adjustment_set=covariates,
        treatment_values=(0.0, 1.0) if binary_t else values,
        assumptions=iv_assumptions(spec.treatment, spec.outcome, instruments, binary_t),
    )
    note = "strong enough (F >= 10)" if f_stat >= WEAK_F else "weak instrument (F < 10)"
    result.diagnostics.append(Diagnostic(name="first-stage F", value=round(f_stat, 2), note=note))
    result.diagnostics.append(
        Diagnostic(
            name="first-stage partial R2",
            value=round(float(diag["partial.rsquared"]), 4),
            note=f"share of '{spec.treatment}' explained by {', '.join(instruments)} beyond "
            "the covariates",
        )
    )
    if f_stat < WEAK_F:
        result.warnings.append(
            f"Weak instrument: the first-stage F is {f_stat:.1f}, below 10, so "
            f"{', '.join(instruments)} barely {'moves' if len(instruments) == 1 else 'move'} "
            f"'{spec.treatment}'; the estimate is biased "
            "towards the confounded regression and its confidence interval is unreliable."
        )
    result.diagnostics += _tests(fit, spec.treatment, len(instruments))
    result.sensitivity = _sensitivity(fit, instruments, f_stat)
    result.parameters = {"first_stage_f": f_stat, "coefficient": coef, "instruments": instruments}
    return result


def _tests(fit, treatment: str, n_instruments: int) -> list[Diagnostic]:
    items = []
    try:
        hausman = fit.wu_hausman()
        p = finite(hausman.pval)
        endogenous = p is not None and p < 0.05
        verdict = (
            "the treatment looks endogenous, so IV and plain regression differ"
            if endogenous
            else "no evidence that the treatment is endogenous"
        )
        note = f"p = {fmt(p)}: {verdict}"
        stat = finite(hausman.stat)
        items.append(
            Diagnostic(name="Wu-Hausman", value=None if stat is None else round(stat, 3), note=note)
        )
    except Exception:  # a diagnostic that cannot run should not lose the estimate
        pass
    if n_instruments > 1:
        sargan = fit.sargan
        p = finite(sargan.pval)
        verdict = "instruments disagree" if p is not None and p < 0.05 else "no disagreement"
        stat = finite(sargan.stat)
        items.append(
            Diagnostic(
                name="Sargan",
                value=None if stat is None else round(stat, 3),
                note=f"p = {fmt(p)}: {verdict}",
            )
        )
    return items


def _sensitivity(fit, instruments: list[str], f_stat: float) -> str:
    names = ", ".join(instruments)
    verb = "affects" if len(instruments) == 1 else "affect"
    text = (
        "The exclusion restriction cannot be tested from the data: the estimate is only as "
        f"good as the claim that {names} {verb} the outcome through the treatment alone."
    )
    if len(instruments) > 1:
        p = finite(fit.sargan.pval)
        text += f" Sargan's over-identification test gives p = {fmt(p)}."
    if f_stat < WEAK_F:
        text += " With a weak first stage even a small violation is amplified."
    return text


def iv_assumptions(treatment: str, outcome: str, instruments: list[str], binary: bool) -> list:
    names = ", ".join(instruments)
    items = [
        f"Relevance: {names} {'moves' if len(instruments) == 1 else 'move'} '{treatment}' (see "
        "the first-stage F).",
        f"Exclusion: {names} {'affects' if len(instruments) == 1 else 'affect'} '{outcome}' "
        f"through '{treatment}' alone (no other path).",
        f"Independence: {names} share no common cause with '{outcome}' (as good as random, "
        "given the covariates).",
    ]
    if binary:
        items.append(
            f"Monotonicity: no one takes '{treatment}' less because of the instrument; the "
            "estimate is then the effect for compliers (those the instrument moves)."
        )
    else:
        items.append(f"The effect of '{treatment}' is linear and the same for everyone.")
    return items
