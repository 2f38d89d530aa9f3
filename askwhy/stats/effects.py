"""Average treatment effects with DoWhy: identify, estimate, refute.

One public function, `estimate_effect`, builds a DoWhy `CausalModel` whose graph
makes every adjustment variable a common cause of treatment and outcome, identifies
the back-door estimand, estimates the average effect of moving the treatment from
t0 to t1, and runs refutation tests. DoWhy, EconML and scikit-learn are imported
inside the functions that need them.

Method choice (`method="auto"`):
- no adjustment variables: linear regression (a difference in means for a 0/1
  treatment);
- otherwise a quick linear-vs-flexible residual check: fit the outcome linearly on
  treatment + adjustment set, then ask a small gradient-boosting model to predict
  the residuals (3-fold, out of fold). If it explains at least 5% of their variance
  the data are called nonlinear and double ML (EconML LinearDML, gradient-boosting
  nuisance models; a classifier for a 0/1 treatment) is used, otherwise linear
  regression. Double ML is also preferred to propensity score weighting for a 0/1
  treatment: on simulated data it came closer to the truth with a much narrower CI.
  Propensity score weighting remains available on request.

Refutation pass rules:
- placebo_treatment_refuter (treatment shuffled): passes when zero is consistent
  with the placebo estimates (DoWhy's p-value >= 0.05); without a p-value, when the
  mean placebo effect is within 10% of the estimate.
- random_common_cause and data_subset_refuter: pass when the new estimate moves by
  at most 10% of the estimate (or a tenth of the CI width, for estimates near zero).
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError
from askwhy.tools.results import Evidence, ToolResult

Method = Literal["auto", "linear_regression", "dml", "propensity_score_weighting"]

METHODS = ("linear_regression", "dml", "propensity_score_weighting")
REFUTERS = ("placebo_treatment_refuter", "random_common_cause", "data_subset_refuter")
NONLINEARITY_THRESHOLD = 0.05  # share of residual variance a flexible model must explain
MOVE_TOLERANCE = 0.10  # how far random_common_cause / data_subset may move the estimate
ALPHA = 0.05
MIN_ROWS = 20
PSW_BOOTSTRAP = 100  # bootstrap resamples for the propensity-weighting CI
DEFAULT_SIMULATIONS = {"linear_regression": 20, "propensity_score_weighting": 20, "dml": 5}
LABELS = {
    "linear_regression": "linear regression",
    "dml": "double ML (EconML LinearDML)",
    "propensity_score_weighting": "propensity score weighting",
}

# Internal column names: no clash with DoWhy's own ("placebo", "w_random", ...).
T_COL, Y_COL = "treatment", "outcome"


class Refutation(BaseModel):
    """One refutation test of an estimate."""

    method: str
    new_effect: float | None = None
    p_value: float | None = None
    passed: bool | None = None
    num_simulations: int = 0
    summary: str


class EffectResult(BaseModel):
    """An average treatment effect with its CI, assumptions and refutations."""

    treatment: str
    outcome: str
    adjustment_set: list[str]
    value: float
    ci: tuple[float, float] | None = None
    ci_contains_zero: bool | None = None
    treatment_values: tuple[float, float] | None = None
    effect_of: str  # what `value` measures, e.g. "moving dose from 10 to 20"
    method: str
    method_reason: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    estimand: str
    refutations: list[Refutation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    n_rows: int
    seconds: float
    assumptions: list[str] = Field(default_factory=list)
    summary: str

    def to_tool_result(self) -> ToolResult:
        """The result as a ToolResult: payload, sentence, and evidence per step."""
        evidence = [
            Evidence(
                method=self.method,
                parameters={"estimand": self.estimand, **self.parameters},
                assumptions=self.assumptions,
                note=self.method_reason,
            )
        ]
        evidence += [
            Evidence(
                method=r.method,
                statistic=r.new_effect,
                p_value=r.p_value,
                parameters={"num_simulations": r.num_simulations, "passed": r.passed},
                note=r.summary,
            )
            for r in self.refutations
        ]
        return ToolResult(
            tool="estimate_effect",
            summary=self.summary,
            data=self.model_dump(mode="json"),
            evidence=evidence,
        )


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
) -> EffectResult:
    """Estimate the average effect on `outcome` of moving `treatment` from t0 to t1.

    The adjustment set is treated as the common causes of treatment and outcome
    (back-door adjustment). Without `treatment_values` the effect is per unit
    increase of the treatment, or 0 -> 1 for a 0/1 treatment. `num_simulations`
    is per refuter; None means 20 (5 for the slower double ML).
    """
    start = time.perf_counter()
    adjustment = _validate_names(data, treatment, outcome, adjustment_set)
    if method != "auto" and method not in METHODS:
        raise ToolArgumentError(
            f"Unknown method '{method}'. Use one of: auto, {', '.join(METHODS)}."
        )
    unknown = [r for r in refuters if r not in REFUTERS]
    if unknown:
        raise ToolArgumentError(
            f"Unknown refuter '{unknown[0]}'. Use any of: {', '.join(REFUTERS)}."
        )
    frame, notes = _prepare_frame(data, treatment, outcome, adjustment)
    binary = _is_binary(frame[T_COL])
    t0, t1, notes_t = _resolve_treatment_values(frame[T_COL], treatment, treatment_values, binary)
    notes += notes_t
    chosen, reason = _choose_method(method, frame, seed)
    _check_method_fits(chosen, binary, adjustment, t0, t1)
    if chosen == "propensity_score_weighting" and t0 == 1:
        frame[T_COL] = 1 - frame[T_COL]  # DoWhy's weighting estimator always measures 0 -> 1
        t0, t1 = 0.0, 1.0
    n_sims = num_simulations if num_simulations is not None else DEFAULT_SIMULATIONS[chosen]

    with _quiet(), _seeded_global_numpy(seed):
        fit = _fit(frame, chosen, t0, t1, seed)
        value = float(fit["estimate"].value)
        ci = _confidence_interval(fit["estimate"])
        refutations = [
            _refute(name, frame, fit, value, ci, n_sims, seed, treatment) for name in refuters
        ]

    notes += fit["warnings"]
    names = {
        T_COL: treatment,
        Y_COL: outcome,
        **dict(zip(_adj_cols(adjustment), adjustment, strict=True)),
    }
    if sorted(fit["backdoor"]) != sorted(_adj_cols(adjustment)):
        used = ", ".join(names.get(c, c) for c in fit["backdoor"]) or "nothing"
        notes.append(f"DoWhy's back-door set ({used}) differs from the adjustment set given.")
    if treatment_values is None and binary:
        treatment_values = (0.0, 1.0)
    effect_of = _effect_of(treatment, treatment_values, binary)
    contains_zero = None if ci is None else bool(ci[0] <= 0 <= ci[1])
    return EffectResult(
        treatment=treatment,
        outcome=outcome,
        adjustment_set=adjustment,
        value=value,
        ci=ci,
        ci_contains_zero=contains_zero,
        treatment_values=treatment_values,
        effect_of=effect_of,
        method=chosen,
        method_reason=reason,
        parameters=fit["parameters"],
        estimand=_estimand_text(treatment, outcome, adjustment),
        refutations=refutations,
        warnings=notes,
        n_rows=len(frame),
        seconds=time.perf_counter() - start,
        assumptions=_assumptions(chosen, treatment, outcome, adjustment, binary),
        summary=_summary(effect_of, outcome, value, ci, chosen, adjustment),
    )


# --- validation and preparation -------------------------------------------------


def _validate_names(
    data: pd.DataFrame, treatment: str, outcome: str, adjustment_set: Sequence[str]
) -> list[str]:
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise DataError("The data are empty; load a CSV with at least a few rows.")
    if isinstance(adjustment_set, str):
        adjustment_set = [adjustment_set]
    columns = [str(c) for c in data.columns]
    for name in (treatment, outcome, *adjustment_set):
        if name not in data.columns:
            raise UnknownVariableError(name, columns)
    if treatment == outcome:
        raise ToolArgumentError(
            f"Treatment and outcome are both '{treatment}'; choose two different columns."
        )
    if treatment in adjustment_set:
        raise ToolArgumentError(
            f"The treatment '{treatment}' is also in the adjustment set; "
            "remove it from the adjustment set."
        )
    if outcome in adjustment_set:
        raise ToolArgumentError(
            f"The outcome '{outcome}' is in the adjustment set; remove it from the adjustment set."
        )
    return list(dict.fromkeys(adjustment_set))


def _adj_cols(adjustment: Sequence[str]) -> list[str]:
    return [f"w{i}" for i in range(1, len(adjustment) + 1)]


def _prepare_frame(
    data: pd.DataFrame, treatment: str, outcome: str, adjustment: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Numeric copy of the used columns under internal names, complete rows only."""
    used = [treatment, outcome, *adjustment]
    for name in used:
        column = data[name]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            raise ToolArgumentError(
                f"Column '{name}' is not numeric (type {column.dtype}); encode it as numbers "
                "(for example 0/1 indicators) or leave it out."
            )
    frame = data[used].astype(float)
    frame.columns = [T_COL, Y_COL, *_adj_cols(adjustment)]
    notes = []
    complete = frame.dropna()
    if len(complete) < len(frame):
        notes.append(f"Dropped {len(frame) - len(complete)} rows with missing values.")
    if len(complete) < MIN_ROWS:
        raise DataError(
            f"Only {len(complete)} complete rows in {', '.join(used)}; "
            f"at least {MIN_ROWS} are needed to estimate an effect."
        )
    if complete[T_COL].nunique() < 2:
        raise DataError(
            f"The treatment '{treatment}' takes a single value; an effect needs variation in it."
        )
    return complete.reset_index(drop=True), notes


def _is_binary(column: pd.Series) -> bool:
    return set(column.unique()) == {0.0, 1.0}


def _resolve_treatment_values(
    column: pd.Series,
    name: str,
    values: tuple[float, float] | None,
    binary: bool,
) -> tuple[float, float, list[str]]:
    if values is None:
        return 0.0, 1.0, []
    if len(values) != 2:
        raise ToolArgumentError("Give treatment_values as two numbers: (from, to).")
    t0, t1 = float(values[0]), float(values[1])
    if not (math.isfinite(t0) and math.isfinite(t1)):
        raise ToolArgumentError("treatment_values must be finite numbers.")
    if t0 == t1:
        raise ToolArgumentError(
            f"Both treatment values are {t0:g}; give two different values of '{name}'."
        )
    low, high = float(column.min()), float(column.max())
    notes = [
        f"Treatment value {v:g} is outside the observed range {low:.4g}..{high:.4g} of '{name}'; "
        "the estimate extrapolates beyond the data."
        for v in (t0, t1)
        if not low <= v <= high
    ]
    return t0, t1, notes


def _choose_method(method: str, frame: pd.DataFrame, seed: int) -> tuple[str, str]:
    if method != "auto":
        return method, f"{LABELS[method]} was requested."
    if frame.shape[1] == 2:
        return "linear_regression", (
            "No adjustment variables, so a linear regression of the outcome on the treatment "
            "is enough."
        )
    share = _nonlinearity_share(frame, seed)
    if share >= NONLINEARITY_THRESHOLD:
        return "dml", (
            f"A flexible model explained {share:.0%} of what linear regression left unexplained "
            f"(threshold {NONLINEARITY_THRESHOLD:.0%}), so the data look nonlinear and "
            f"{LABELS['dml']} was used."
        )
    return "linear_regression", (
        f"A flexible model explained only {max(share, 0.0):.0%} of what linear regression left "
        f"unexplained (threshold {NONLINEARITY_THRESHOLD:.0%}), so linear regression was used."
    )


def _nonlinearity_share(frame: pd.DataFrame, seed: int) -> float:
    """Out-of-fold R^2 of gradient boosting on the residuals of a linear outcome fit."""
    from sklearn.ensemble import GradientBoostingRegressor
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold, cross_val_predict

    sample = frame.sample(n=min(len(frame), 2000), random_state=seed)
    features = sample.drop(columns=[Y_COL]).to_numpy()
    target = sample[Y_COL].to_numpy()
    residuals = target - LinearRegression().fit(features, target).predict(features)
    total = float(np.sum(residuals**2))
    if total == 0.0:
        return 0.0
    booster = GradientBoostingRegressor(n_estimators=50, max_depth=3, random_state=seed)
    folds = KFold(n_splits=3, shuffle=True, random_state=seed)
    predicted = cross_val_predict(booster, features, residuals, cv=folds)
    return 1.0 - float(np.sum((residuals - predicted) ** 2)) / total


def _check_method_fits(
    method: str, binary: bool, adjustment: list[str], t0: float, t1: float
) -> None:
    if method in ("dml", "propensity_score_weighting") and not adjustment:
        raise ToolArgumentError(
            f"{method} needs at least one adjustment variable; give an adjustment set or use "
            "method='linear_regression'."
        )
    if method == "propensity_score_weighting" and not binary:
        raise ToolArgumentError(
            "propensity_score_weighting needs a 0/1 treatment; use method='dml' or "
            "'linear_regression' for a continuous treatment."
        )
    if method in ("dml", "propensity_score_weighting") and binary and {t0, t1} != {0.0, 1.0}:
        raise ToolArgumentError(
            f"For a 0/1 treatment {method} compares 0 with 1; use treatment_values (0, 1)."
        )


# --- DoWhy ------------------------------------------------------------------------


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence library warnings and logging for the duration of one estimate."""
    loggers = [logging.getLogger(name) for name in ("dowhy", "econml", "sklearn")]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


@contextmanager
def _seeded_global_numpy(seed: int) -> Iterator[None]:
    """Seed numpy's global RNG (DoWhy's bootstrap uses it), then restore its state."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _fit(frame: pd.DataFrame, method: str, t0: float, t1: float, seed: int) -> dict[str, Any]:
    """Build the CausalModel, identify the back-door estimand and estimate the effect."""
    import networkx as nx
    from dowhy import CausalModel

    adjustment = [c for c in frame.columns if c not in (T_COL, Y_COL)]
    graph = nx.DiGraph([(T_COL, Y_COL)])
    graph.add_edges_from((w, node) for w in adjustment for node in (T_COL, Y_COL))
    # DoWhy's weighting estimator writes columns into the data it gets: give it a copy.
    model = CausalModel(data=frame.copy(), treatment=T_COL, outcome=Y_COL, graph=graph)
    estimand = model.identify_effect(proceed_when_unidentifiable=True)
    method_name, method_params, parameters = _dowhy_method(method, frame, seed)
    estimate = model.estimate_effect(
        estimand,
        method_name=method_name,
        control_value=t0,
        treatment_value=t1,
        confidence_intervals=True,
        method_params=method_params,
    )
    notes = []
    if method == "propensity_score_weighting":
        notes += _overlap_warnings(estimate)
    return {
        "estimand": estimand,
        "estimate": estimate,
        "backdoor": list(estimand.get_backdoor_variables() or []),
        "parameters": parameters,
        "warnings": notes,
    }


def _dowhy_method(
    method: str, frame: pd.DataFrame, seed: int
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """DoWhy method name, its method_params, and the settings to report."""
    if method == "linear_regression":
        return "backdoor.linear_regression", {}, {"ci": "OLS standard errors"}
    if method == "propensity_score_weighting":
        params = {"weighting_scheme": "ips_weight", "num_simulations": PSW_BOOTSTRAP}
        report = {
            "propensity_model": "logistic regression",
            "weighting_scheme": "inverse propensity (ips_weight)",
            "ci": f"bootstrap, {PSW_BOOTSTRAP} resamples",
        }
        return "backdoor.propensity_score_weighting", params, report
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

    booster = {"n_estimators": 50, "max_depth": 3, "random_state": seed}
    binary = _is_binary(frame[T_COL])
    model_t = (
        GradientBoostingClassifier(**booster) if binary else GradientBoostingRegressor(**booster)
    )
    init = {
        "model_y": GradientBoostingRegressor(**booster),
        "model_t": model_t,
        "discrete_treatment": binary,
        "cv": 3,
        "random_state": seed,
    }
    report = {
        "estimator": "econml LinearDML",
        "nuisance_models": "gradient boosting, 50 trees of depth 3",
        "cv": 3,
        "ci": "LinearDML analytic (OLS on residuals)",
    }
    return "backdoor.econml.dml.LinearDML", {"init_params": init, "fit_params": {}}, report


def _overlap_warnings(estimate: Any) -> list[str]:
    scores = getattr(estimate, "propensity_scores", None)
    if scores is None:
        return []
    extreme = float(np.mean((np.asarray(scores) <= 0.05) | (np.asarray(scores) >= 0.95)))
    if extreme < 0.05:
        return []
    return [
        f"{extreme:.0%} of rows have propensity scores outside 0.05..0.95 (clipped); "
        "overlap between treated and untreated is weak, so the estimate leans on few rows."
    ]


def _confidence_interval(estimate: Any) -> tuple[float, float] | None:
    try:
        bounds = np.asarray(estimate.get_confidence_intervals(), dtype=float).ravel()
    except (NotImplementedError, ValueError, TypeError):
        return None
    if bounds.size < 2 or not np.all(np.isfinite(bounds)):
        return None
    return float(bounds.min()), float(bounds.max())


def _refute(
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
            f"{_fmt(new)}{p_text}; {verdict}."
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
        summary = f"{what} moved the estimate from {_fmt(value)} to {_fmt(new)}{p_text}; {verdict}."
    return Refutation(
        method=name,
        new_effect=new,
        p_value=p_value,
        passed=passed,
        num_simulations=num_simulations,
        summary=summary,
    )


# --- wording ---------------------------------------------------------------------------


def _finite(x: Any) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _effect_of(treatment: str, values: tuple[float, float] | None, binary: bool) -> str:
    if values is None:
        return f"a one-unit increase in '{treatment}'"
    t0, t1 = values
    if binary and {t0, t1} == {0.0, 1.0}:
        return f"setting '{treatment}' to {t1:g} instead of {t0:g}"
    return f"moving '{treatment}' from {t0:g} to {t1:g}"


def _estimand_text(treatment: str, outcome: str, adjustment: list[str]) -> str:
    given = f" | {', '.join(adjustment)}" if adjustment else ""
    rule = "back-door adjustment" if adjustment else "no back-door paths"
    return f"{rule}: d/d[{treatment}] E[{outcome}{given}]"


def _assumptions(
    method: str, treatment: str, outcome: str, adjustment: list[str], binary: bool
) -> list[str]:
    if adjustment:
        names = ", ".join(adjustment)
        items = [
            f"No unmeasured confounding: {names} block every back-door path "
            f"from '{treatment}' to '{outcome}'.",
            f"None of {names} is caused by '{treatment}' (no mediators or colliders adjusted for).",
            "Overlap (positivity): every treatment level compared occurs across the range "
            "of the adjustment variables.",
        ]
    else:
        items = [f"'{treatment}' and '{outcome}' have no common causes (no adjustment was made)."]
    if method == "linear_regression":
        covariates = " and the adjustment variables" if adjustment else ""
        items.append(
            f"'{outcome}' is linear in '{treatment}'{covariates}, "
            "with the same effect for every row."
        )
    elif method == "dml":
        items.append(
            f"The effect of '{treatment}' is the same for every row and linear in '{treatment}'; "
            "gradient boosting captures how both depend on the adjustment variables."
        )
    else:
        items.append(
            f"A logistic regression on the adjustment variables gives the right probability "
            f"of '{treatment}' = 1 (propensity score)."
        )
    items.append("Rows are independent draws from one population.")
    return items


def _summary(
    effect_of: str,
    outcome: str,
    value: float,
    ci: tuple[float, float] | None,
    method: str,
    adjustment: list[str],
) -> str:
    adjusted = f"adjusting for {', '.join(adjustment)}" if adjustment else "without adjustment"
    text = f"{effect_of[0].upper()}{effect_of[1:]} changes '{outcome}' by {_fmt(value)} on average"
    if ci is None:
        text += " (no confidence interval available)"
    else:
        text += f" (95% CI {_fmt(ci[0])} to {_fmt(ci[1])})"
        if ci[0] <= 0 <= ci[1]:
            text += "; the interval contains zero, so no effect is also consistent with the data"
    return f"{text}; estimated by {LABELS[method]} {adjusted}."
