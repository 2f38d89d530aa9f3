"""Matching on the propensity score or on the covariates (DoWhy's matching estimators).

The point estimate is DoWhy's: `backdoor.propensity_score_matching` (one nearest neighbour
on a logistic-regression propensity score) or `backdoor.distance_matching` (one nearest
neighbour in Euclidean distance on the standardised covariates), with replacement, for the
ATE, ATT or ATC (`target_units`). DoWhy gives no standard error for them, and the bootstrap
is not valid for nearest-neighbour matching (Abadie & Imbens 2008), so the standard error is
Abadie & Imbens' (2006) for one match with replacement, the units' conditional variances
estimated from their nearest neighbour in the same treatment group:
    ATT: V = [sum_treated (Y_i - Y_m(i) - tau)^2 + sum_controls K_j (K_j - 1) s2_j] / N1^2
    ATE: V = [sum_all (Y1_i - Y0_i - tau)^2 + sum_all (K_i^2 + K_i) s2_i] / N^2
with K_j the times unit j is used as a match and s2_j = (Y_j - Y_nearest same-group)^2 / 2
(the ATC mirrors the ATT). Balance: standardised mean differences before and after.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from askwhy.answer import Diagnostic
from askwhy.errors import ToolArgumentError
from askwhy.stats.designs.backdoor import per_level, regression_adjustment
from askwhy.stats.designs.balance import (
    balance_diagnostics,
    overlap_diagnostic,
    propensity_scores,
    smd,
)
from askwhy.stats.designs.frame import Treatment, as_indicator
from askwhy.stats.designs.results import DesignResult, effect_of, normal_ci
from askwhy.stats.designs.sensitivity import (
    e_value_statement,
    refutation_statement,
    robustness_statement,
)
from askwhy.stats.designs.spec import DesignSpec
from askwhy.stats.effect_inputs import T_COL, Y_COL

KIND_LABELS = {
    "propensity_score": "DoWhy propensity-score matching, 1 neighbour with replacement",
    "nearest_neighbour": "DoWhy nearest-neighbour matching on standardised covariates, "
    "1 neighbour with replacement",
}
SIMULATIONS = {"propensity_score": 20, "nearest_neighbour": 3}
MAX_REFUTED_ROWS = 3000  # nearest-neighbour matching: refuters only up to this many rows


def _nearest(source: np.ndarray, target: np.ndarray, skip_self: bool = False) -> np.ndarray:
    """Index into `source` of each target row's nearest neighbour (ball tree, as DoWhy)."""
    from sklearn.neighbors import NearestNeighbors

    k = 2 if skip_self else 1
    index = NearestNeighbors(n_neighbors=k, algorithm="ball_tree").fit(source)
    return index.kneighbors(target, return_distance=False)[:, k - 1]


def abadie_imbens(
    space: np.ndarray, treated: np.ndarray, y: np.ndarray, tau: float, target: str
) -> dict[str, np.ndarray | float]:
    """Matched counts, imputed potential outcomes and the Abadie-Imbens standard error."""
    t_idx, c_idx = np.flatnonzero(treated), np.flatnonzero(~treated)
    n = len(y)
    counts = np.zeros(n)
    y1, y0 = y.astype(float).copy(), y.astype(float).copy()
    if target in ("att", "ate"):
        match = c_idx[_nearest(space[c_idx], space[t_idx])]
        y0[t_idx] = y[match]
        np.add.at(counts, match, 1.0)
    if target in ("atc", "ate"):
        match = t_idx[_nearest(space[t_idx], space[c_idx])]
        y1[c_idx] = y[match]
        np.add.at(counts, match, 1.0)
    s2 = np.zeros(n)
    for group in (t_idx, c_idx):
        same = group[_nearest(space[group], space[group], skip_self=True)]
        s2[group] = (y[group] - y[same]) ** 2 / 2
    if target == "ate":
        rows, donors, size = np.arange(n), np.arange(n), n
        extra = (counts**2 + counts) * s2
    else:
        rows, donors = (t_idx, c_idx) if target == "att" else (c_idx, t_idx)
        size = len(rows)
        extra = (counts * (counts - 1) * s2)[donors]
    variance = (np.sum((y1[rows] - y0[rows] - tau) ** 2) + np.sum(extra)) / size**2
    return {"counts": counts, "y0": y0, "rows": rows, "se": float(np.sqrt(variance))}


def _dowhy_match(frame: pd.DataFrame, kind: str, target: str, seed: int) -> tuple[float, dict]:
    import networkx as nx
    from dowhy import CausalModel

    covariates = [c for c in frame.columns if c not in (T_COL, Y_COL)]
    graph = nx.DiGraph([(T_COL, Y_COL)])
    graph.add_edges_from((w, v) for w in covariates for v in (T_COL, Y_COL))
    model = CausalModel(data=frame.copy(), treatment=T_COL, outcome=Y_COL, graph=graph)
    estimand = model.identify_effect(proceed_when_unidentifiable=True)
    name = "propensity_score_matching" if kind == "propensity_score" else "distance_matching"
    estimate = model.estimate_effect(
        estimand,
        method_name=f"backdoor.{name}",
        target_units=target,
        control_value=0,
        treatment_value=1,
    )
    return float(estimate.value), {"estimand": estimand, "estimate": estimate}


def matched_effect(
    frame: pd.DataFrame,
    spec: DesignSpec,
    covariates: list[str],
    estimand: str,
    sensitivity: bool,
) -> DesignResult:
    """Matching estimate of the ATE, ATT or ATC of a 0/1 treatment."""
    from askwhy.stats.quiet import quiet
    from askwhy.stats.refutation import refute

    kind = spec.matching_method
    internal = [f"w{i}" for i in range(1, len(covariates) + 1)]
    data = frame[[spec.treatment, spec.outcome, *covariates]].copy()
    data.columns = [T_COL, Y_COL, *internal]
    x = data[internal].to_numpy()
    x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    if kind == "nearest_neighbour":
        data[internal] = x  # distances on standardised covariates
    with quiet():
        value, fitted = _dowhy_match(data, kind, estimand, spec.seed)
    treated = data[T_COL].to_numpy() == 1
    if kind == "propensity_score":
        space = np.asarray(fitted["estimate"].propensity_scores, dtype=float).reshape(-1, 1)
    else:
        space = x
    ai = abadie_imbens(space, treated, data[Y_COL].to_numpy(), value, estimand)
    weights = ai["counts"] + 1.0 if estimand == "ate" else ai["counts"].copy()
    if estimand != "ate":
        weights[ai["rows"]] = 1.0  # each target row once, each donor as often as it is used
    before = smd(data, T_COL, internal)
    after = smd(data, T_COL, internal, weights=weights)
    rename = dict(zip(internal, covariates, strict=True))
    result = DesignResult(
        design="matching",
        design_reason="",
        estimand=estimand,
        treatment=spec.treatment,
        outcome=spec.outcome,
        effect_of=effect_of(spec.treatment, None, binary=True),
        value=value,
        se=ai["se"],
        ci=normal_ci(value, ai["se"]),
        n_rows=len(frame),
        method=KIND_LABELS[kind],
        adjustment_set=covariates,
        treatment_values=(0.0, 1.0),
        assumptions=matching_assumptions(spec.treatment, spec.outcome, covariates, kind),
    )
    if kind == "propensity_score":
        scores = space.ravel()
    else:
        scores = propensity_scores(data, T_COL, internal)
    overlap, warning = overlap_diagnostic(scores, treated)
    result.diagnostics.append(overlap)
    result.warnings += [warning] if warning else []
    result.diagnostics += balance_diagnostics(
        {rename[k]: v for k, v in before.items()}, {rename[k]: v for k, v in after.items()}
    )
    donors = ai["counts"][ai["counts"] > 0]
    result.diagnostics.append(
        Diagnostic(
            name="match reuse",
            value=int(donors.max()) if donors.size else 0,
            note=f"{donors.size:,} distinct rows serve as matches; the most used serves "
            f"{int(donors.max()) if donors.size else 0} times",
        )
    )
    if sensitivity:
        n_sims = SIMULATIONS[kind]
        names = ("placebo_treatment_refuter", "random_common_cause")
        names = names if kind == "propensity_score" else names[:1]
        parts = []
        if kind == "nearest_neighbour" and len(data) > MAX_REFUTED_ROWS:
            names = ()
            parts.append(
                f"DoWhy refuters skipped on more than {MAX_REFUTED_ROWS:,} rows (each refit of "
                "DoWhy's nearest-neighbour matching takes seconds)."
            )
        with quiet():
            result.refutations = [
                refute(r, data, fitted, value, result.ci, n_sims, spec.seed, spec.treatment)
                for r in names
            ]
        parts.append(refutation_statement(result.refutations))
        linear = regression_adjustment(data, T_COL, Y_COL, internal, estimand)
        parts.append(robustness_statement(linear["t"], linear["dof"], spec.treatment, spec.outcome))
        if set(np.unique(data[Y_COL])) <= {0.0, 1.0}:
            baseline = float(np.mean(ai["y0"][ai["rows"]]))
            parts.append(e_value_statement(baseline, value, result.ci) or "")
        result.sensitivity = " ".join(p for p in parts if p)
    return result


def matching_assumptions(treatment: str, outcome: str, covariates: list[str], kind: str) -> list:
    names = ", ".join(covariates)
    on = "the propensity score" if kind == "propensity_score" else "the covariates"
    items = [
        f"No unmeasured confounding: {names} block every back-door path from '{treatment}' "
        f"to '{outcome}' (selection on observables).",
        f"Overlap: every row has rows with similar {on} in the other group.",
        "Matched rows are comparable: after matching the covariates are balanced (see SMD).",
    ]
    if kind == "propensity_score":
        items.append(f"A logistic regression on {names} gives the right propensity score.")
    return items


def estimate_matching(
    frame: pd.DataFrame, spec: DesignSpec, covariates: list[str], treatment: Treatment
) -> DesignResult:
    if not covariates:
        raise ToolArgumentError(
            "Matching needs covariates to match on; name them (e.g. 'matching on age and "
            "education')."
        )
    if treatment.kind == "continuous":
        raise ToolArgumentError(
            f"Matching needs a 0/1 or categorical treatment; '{spec.treatment}' is continuous. "
            "Use design='backdoor' for a continuous treatment."
        )
    estimand = spec.estimand or "ate"
    if treatment.kind == "binary":
        rows = as_indicator(frame, spec.treatment, treatment)
        return matched_effect(rows, spec, covariates, estimand, spec.sensitivity)
    return per_level(frame, spec, covariates, treatment, estimand, matched_effect)
