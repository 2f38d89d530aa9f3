"""Back-door adjustment for the ATE, ATT and ATC, and one estimate per treatment level.

- A 0/1 treatment, any of ATE / ATT / ATC (`method`):
  - linear_regression: regression adjustment with treatment x covariate interactions
    (statsmodels OLS, HC1 errors), the covariates centred on the target rows so the
    treatment coefficient is the average effect over them (Imbens & Wooldridge 2009, 5.3);
  - dml: EconML LinearDML with the covariates as effect modifiers (gradient-boosting
    nuisance models, 3-fold cross-fitting); the estimate is the mean of the fitted effects
    over the target rows with EconML's CI for that mean (`ate_inference`);
  - auto: askwhy.stats.effect_estimation.choose_method (double ML when a flexible model
    finds structure linear regression missed, else linear regression);
  - propensity_score_weighting: the ATE of askwhy.stats.effects (DoWhy), for the ATE only.
  DoWhy's regression and EconML wrappers average over every row whatever the target units,
  so the ATT and ATC are computed here; a constant-effect model would give an
  overlap-weighted average, not the ATE, when effects differ between rows.
- A continuous treatment: askwhy.stats.effects.estimate_effect (DoWhy), unchanged.
- A categorical treatment: each level against the reference on the rows at those two levels.
Sensitivity: DoWhy refuters on the linear back-door model (askwhy.stats.effects), the
robustness value of the linear model and, for a 0/1 outcome, an E-value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from askwhy.answer import Diagnostic, LevelEstimate
from askwhy.errors import ToolArgumentError
from askwhy.stats.designs.balance import balance_diagnostics, overlap_diagnostic, smd
from askwhy.stats.designs.balance import propensity_scores as scores_of
from askwhy.stats.designs.frame import Treatment, as_indicator
from askwhy.stats.designs.results import DesignResult, effect_of, normal_ci, se_from_ci
from askwhy.stats.designs.sensitivity import (
    e_value_statement,
    linear_robustness,
    refutation_statement,
    robustness_statement,
)
from askwhy.stats.designs.spec import DesignSpec


def regression_adjustment(
    frame: pd.DataFrame, treatment: str, outcome: str, covariates: Sequence[str], target: str
) -> dict[str, float]:
    """ATE / ATT / ATC of a 0/1 treatment by OLS with centred interactions (HC1 errors)."""
    import statsmodels.api as sm

    t = frame[treatment].to_numpy()
    y = frame[outcome].to_numpy()
    rows = {"att": t == 1, "atc": t == 0}.get(target, np.ones(len(t), dtype=bool))
    w = frame[list(covariates)].to_numpy() if covariates else np.empty((len(t), 0))
    centred = w - w[rows].mean(axis=0) if covariates else w
    x = np.column_stack([np.ones(len(t)), t, w, t[:, None] * centred])
    fit = sm.OLS(y, x).fit(cov_type="HC1")
    untreated = x.copy()
    untreated[:, 1] = 0.0
    untreated[:, 2 + w.shape[1] :] = 0.0  # the interactions vanish when untreated
    baseline = float(np.mean((untreated @ fit.params)[rows]))
    return {
        "value": float(fit.params[1]),
        "se": float(fit.bse[1]),
        "t": float(fit.tvalues[1]),
        "dof": float(fit.df_resid),
        "baseline": baseline,
    }


def _binary_outcome(frame: pd.DataFrame, outcome: str) -> bool:
    return set(np.unique(frame[outcome])) <= {0.0, 1.0}


def dml_adjustment(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    covariates: Sequence[str],
    target: str,
    seed: int,
) -> dict[str, float]:
    """Mean EconML LinearDML effect over the target rows, with its standard error."""
    from econml.dml import LinearDML
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

    booster = {"n_estimators": 50, "max_depth": 3, "random_state": seed}
    t = frame[treatment].to_numpy()
    x = frame[list(covariates)].to_numpy()
    model = LinearDML(
        model_y=GradientBoostingRegressor(**booster),
        model_t=GradientBoostingClassifier(**booster),
        discrete_treatment=True,
        cv=3,
        random_state=seed,
    )
    model.fit(frame[outcome].to_numpy(), t, X=x)
    rows = {"att": t == 1, "atc": t == 0}.get(target, np.ones(len(t), dtype=bool))
    inference = model.ate_inference(X=x[rows])
    low, high = inference.conf_int_mean(alpha=0.05)
    return {
        "value": float(inference.mean_point),
        "se": float(inference.stderr_mean),
        "ci": (float(low), float(high)),
    }


def _choose(frame: pd.DataFrame, spec: DesignSpec, covariates: list[str]) -> tuple[str, str]:
    from askwhy.stats.effect_estimation import choose_method
    from askwhy.stats.effect_inputs import T_COL, Y_COL

    if spec.method != "auto":
        return spec.method, f"{spec.method} was requested."
    internal = frame[[spec.treatment, spec.outcome, *covariates]].copy()
    internal.columns = [T_COL, Y_COL, *[f"w{i}" for i in range(1, len(covariates) + 1)]]
    return choose_method("auto", internal, spec.seed)


def _binary_outcome(frame: pd.DataFrame, outcome: str) -> bool:
    return set(np.unique(frame[outcome])) <= {0.0, 1.0}


def binary_effect(
    frame: pd.DataFrame,
    spec: DesignSpec,
    covariates: list[str],
    estimand: str,
    sensitivity: bool,
) -> DesignResult:
    """The ATE, ATT or ATC of a 0/1 treatment (the reason fields are filled by the caller)."""
    from askwhy.stats.effects import LABELS
    from askwhy.stats.effects import estimate_effect as backdoor_ate

    treatment, outcome = spec.treatment, spec.outcome
    method, why = _choose(frame, spec, covariates)
    if method == "propensity_score_weighting" and estimand != "ate":
        raise ToolArgumentError(
            "Propensity score weighting here gives the ATE only; use method='linear_regression' "
            f"or 'dml' for the {estimand.upper()}."
        )
    linear = regression_adjustment(frame, treatment, outcome, covariates, estimand)
    value, se = linear["value"], linear["se"]
    ci = normal_ci(value, se)
    label = "regression adjustment with treatment x covariate interactions (statsmodels)"
    if method == "dml" and covariates:
        dml = dml_adjustment(frame, treatment, outcome, covariates, estimand, spec.seed)
        value, se, ci = dml["value"], dml["se"], dml["ci"]
        label = "double ML (EconML LinearDML, effects varying with the covariates)"
    refutations, notes = [], []
    if method == "propensity_score_weighting" or sensitivity:
        chosen = method if method == "propensity_score_weighting" else "linear_regression"
        refuters = ("placebo_treatment_refuter", "random_common_cause") if sensitivity else ()
        ate = backdoor_ate(
            frame,
            treatment,
            outcome,
            covariates,
            method=chosen,
            refuters=refuters,
            seed=spec.seed,
        )
        refutations, notes = list(ate.refutations), list(ate.warnings)
        if method == "propensity_score_weighting":
            value, ci, se = ate.value, ate.ci, se_from_ci(ate.ci)
            label = f"DoWhy {LABELS[method]}"
    result = DesignResult(
        design="backdoor",
        design_reason="",
        estimand=estimand,
        treatment=treatment,
        outcome=outcome,
        effect_of=effect_of(treatment, None, binary=True),
        value=value,
        se=se,
        ci=ci,
        n_rows=len(frame),
        method=label,
        adjustment_set=list(covariates),
        treatment_values=(0.0, 1.0),
        assumptions=backdoor_assumptions(treatment, outcome, covariates, estimand, method),
        refutations=refutations,
        warnings=notes,
        diagnostics=[Diagnostic(name="estimator", value=method, note=why)],
    )
    if covariates:
        treated = frame[treatment].to_numpy() == 1
        overlap, warning = overlap_diagnostic(scores_of(frame, treatment, covariates), treated)
        result.diagnostics.append(overlap)
        result.warnings += [warning] if warning else []
        result.diagnostics += balance_diagnostics(smd(frame, treatment, covariates))
    if sensitivity:
        on = "" if method == "propensity_score_weighting" else " (on the linear back-door model)"
        parts = [refutation_statement(result.refutations).replace(":", f"{on}:", 1)]
        parts.append(robustness_statement(linear["t"], linear["dof"], treatment, outcome))
        if _binary_outcome(frame, outcome):
            parts.append(e_value_statement(linear["baseline"], value, ci) or "")
        result.sensitivity = " ".join(p for p in parts if p)
    return result


def backdoor_assumptions(
    treatment: str, outcome: str, covariates: Sequence[str], estimand: str, method: str
) -> list[str]:
    names = ", ".join(covariates) or "nothing"
    rows = {"att": "treated", "atc": "untreated"}.get(estimand, "")
    items = [
        f"No unmeasured confounding: {names} block every back-door path from '{treatment}' "
        f"to '{outcome}'.",
        f"None of {names} is caused by '{treatment}'.",
        f"Overlap: the {rows + ' ' if rows else ''}rows have comparable rows in the other group.",
    ]
    if method == "dml":
        items.append(
            "The effect varies linearly with the covariates; gradient boosting captures how "
            "treatment and outcome depend on them."
        )
    elif method == "propensity_score_weighting":
        items.append("A logistic regression on the covariates gives the right propensity score.")
    else:
        items.append(
            f"'{outcome}' is linear in the covariates within each treatment group (the effect "
            "may vary with them)."
        )
    items.append("Rows are independent draws from one population.")
    return items


def estimate_backdoor(
    frame: pd.DataFrame, spec: DesignSpec, covariates: list[str], treatment: Treatment
) -> DesignResult:
    """Back-door estimate of the requested estimand for a binary, categorical or continuous
    treatment."""
    from askwhy.stats.effects import LABELS
    from askwhy.stats.effects import estimate_effect as backdoor_ate

    estimand = spec.estimand or "ate"
    if treatment.kind == "continuous":
        if estimand != "ate":
            raise ToolArgumentError(
                f"The {estimand.upper()} needs a 0/1 (or categorical) treatment; "
                f"'{spec.treatment}' is continuous. Ask for the ATE of a change from one value "
                "to another instead."
            )
        refuters = ("placebo_treatment_refuter", "random_common_cause") if spec.sensitivity else ()
        ate = backdoor_ate(
            frame,
            spec.treatment,
            spec.outcome,
            covariates,
            treatment_values=spec.treatment_values,
            method=spec.method,
            refuters=refuters,
            seed=spec.seed,
        )
        result = DesignResult(
            design="backdoor",
            design_reason="",
            estimand="ate",
            treatment=spec.treatment,
            outcome=spec.outcome,
            effect_of=ate.effect_of,
            value=ate.value,
            se=se_from_ci(ate.ci),
            ci=ate.ci,
            n_rows=ate.n_rows,
            method=f"DoWhy {LABELS[ate.method]}",
            adjustment_set=covariates,
            treatment_values=spec.treatment_values,
            assumptions=list(ate.assumptions),
            refutations=list(ate.refutations),
            warnings=list(ate.warnings),
            diagnostics=[Diagnostic(name="estimator", value=ate.method, note=ate.method_reason)],
        )
        result.sensitivity = refutation_statement(result.refutations)
        if spec.sensitivity:
            robust = linear_robustness(frame, spec.treatment, spec.outcome, covariates)
            result.sensitivity = f"{result.sensitivity} {robust}".strip()
        return result
    if treatment.kind == "binary":
        rows = as_indicator(frame, spec.treatment, treatment)
        result = binary_effect(rows, spec, covariates, estimand, spec.sensitivity)
        if treatment.labels != ["0", "1"]:
            result.effect_of = f"'{spec.treatment}' = '{treatment.labels[1]}' instead of "
            result.effect_of += f"'{treatment.labels[0]}'"
        return result
    return per_level(frame, spec, covariates, treatment, estimand, binary_effect)


def per_level(frame, spec, covariates, treatment, estimand, estimate_one) -> DesignResult:
    """One estimate per level against the reference (rows at those two levels)."""
    levels, results = [], []
    for label, code in zip(treatment.labels[1:], treatment.codes[1:], strict=True):
        pair = Treatment("binary", [treatment.labels[0], label], [treatment.codes[0], code])
        rows = as_indicator(frame, spec.treatment, pair)
        one = estimate_one(rows, spec, covariates, estimand, False)
        results.append(one)
        levels.append(
            LevelEstimate(
                level=label,
                reference=treatment.reference,
                value=one.value,
                se=one.se,
                ci=one.ci,
                n_rows=one.n_rows,
            )
        )
    first = results[0]
    return DesignResult(
        design=first.design,
        design_reason="",
        estimand=estimand,
        treatment=spec.treatment,
        outcome=spec.outcome,
        effect_of=f"each level of '{spec.treatment}'",
        value=first.value if len(levels) == 1 else None,
        se=first.se if len(levels) == 1 else None,
        ci=first.ci if len(levels) == 1 else None,
        n_rows=len(frame),
        method=first.method,
        adjustment_set=covariates,
        assumptions=first.assumptions,
        levels=levels,
        diagnostics=[
            d.model_copy(update={"name": f"{d.name} ({level.level})"})
            for r, level in zip(results, levels, strict=True)
            for d in r.diagnostics
            if d.name == "overlap" or d.name.startswith("SMD")
        ],
        warnings=list(dict.fromkeys(w for r in results for w in r.warnings)),
        sensitivity=(
            "Each level is compared with the reference on the rows at those two levels; "
            "per-level refuters are not run."
        ),
    )
