"""Difference-in-differences: 2x2 and two-way fixed effects (linearmodels), pre-trends check.

Roles: `treatment` is 0/1; `group` the units (state, firm), `time` the period, `post` a 0/1
post-period column (or `post_start`: the first post period, time >= post_start),
`treated_group` a 0/1 column marking the treated group. The treatment is
read as "treated in this period" when it varies within a group; when it is constant within
each group (or equals `treated_group`) it marks the treated group, and the treated periods
come from `post` (or, with exactly two periods, the later one).
The effect is the coefficient of treated-in-period in a regression with group and period
effects absorbed (linearmodels AbsorbingLS; with no group or no time column the group
indicator or the post indicator enters instead), standard errors clustered by group when
there are at least MIN_CLUSTERS groups, heteroskedasticity-robust otherwise.
Pre-trends: with at least two pre-treatment periods, leads (treated group x each earlier
pre-period, the last pre-period the reference) are added and tested jointly zero (Wald).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from askwhy.answer import Diagnostic
from askwhy.errors import DataError, ToolArgumentError
from askwhy.stats.designs.frame import Treatment
from askwhy.stats.designs.results import DesignResult, effect_of, finite, fmt, normal_ci
from askwhy.stats.designs.spec import DesignSpec

MIN_CLUSTERS = 10
MAX_LEADS = 10


def _zero_one(frame: pd.DataFrame, name: str, role: str) -> np.ndarray:
    values = set(np.unique(frame[name]))
    if not values <= {0.0, 1.0} or len(values) < 2:
        shown = ", ".join(f"{v:g}" for v in sorted(values)[:6])
        raise ToolArgumentError(
            f"The {role} column '{name}' must be 0/1 with both values present; it holds {shown}."
        )
    return frame[name].to_numpy()


def roles(frame: pd.DataFrame, spec: DesignSpec, treatment: Treatment) -> dict:
    """Treated-group (G), post (P) and treated-in-period (D) indicators, checked."""
    if spec.time is None and spec.post is None:
        raise ToolArgumentError(
            "Difference-in-differences needs two periods: name the time column (time=...) or a "
            "0/1 post-period column (post=...)."
        )
    if treatment.kind != "binary":
        raise ToolArgumentError(
            f"Difference-in-differences needs a 0/1 treatment; '{spec.treatment}' is "
            f"{treatment.kind}."
        )
    periods = None
    if spec.time is not None:
        periods = sorted(frame[spec.time].unique())
        if len(periods) < 2:
            raise DataError(
                f"'{spec.time}' takes the single value {periods[0]:g}; difference-in-differences "
                "needs at least two periods (before and after)."
            )
    d_given = (frame[spec.treatment].to_numpy() == treatment.codes[1]).astype(float)
    post = _zero_one(frame, spec.post, "post") if spec.post is not None else None
    if spec.post_start is not None:
        post = _post_from_start(frame, spec, periods)
    if post is None and periods is not None and len(periods) == 2:
        post = (frame[spec.time].to_numpy() == periods[1]).astype(float)
    no_groups = spec.group is None and spec.treated_group is None
    if no_groups and post is not None and d_given[post == 0].sum() == 0:
        raise ToolArgumentError(
            f"'{spec.treatment}' is 1 only in post-treatment periods, so it cannot also mark "
            "the treated group; name the group column (group=...) or a 0/1 treated-group "
            "column (treated_group=...)."
        )
    if spec.treated_group is not None:
        g = _zero_one(frame, spec.treated_group, "treated_group")
    elif spec.group is not None:
        g = pd.Series(d_given).groupby(frame[spec.group].to_numpy()).transform("max").to_numpy()
    else:
        g = d_given
    constant = spec.group is not None and bool(
        (pd.Series(d_given).groupby(frame[spec.group].to_numpy()).nunique() <= 1).all()
    )
    marks_group = np.array_equal(d_given, g) and (constant or spec.group is None)
    if marks_group:
        if post is None:
            raise ToolArgumentError(
                f"'{spec.treatment}' is the same in every period of a group, so it marks the "
                "treated group; name the post-treatment periods (post=...) or give a treatment "
                "that is 1 only in treated periods."
            )
        d = g * post
    else:
        d = d_given
    if np.any((d == 1) & (g == 0)):
        raise ToolArgumentError(
            f"Some rows are treated ('{spec.treatment}' = 1) outside the treated group; check "
            "treated_group."
        )
    if d.min() == d.max():
        raise DataError("No variation in treated-in-period rows: every row is treated or none.")
    return {"g": g, "post": post, "d": d, "periods": periods}


def _post_from_start(frame: pd.DataFrame, spec: DesignSpec, periods: list | None) -> np.ndarray:
    """Post = 1 where the time column is at least `post_start`; both sides must be present."""
    if spec.time is None or periods is None:
        raise ToolArgumentError(
            f"A post period that starts at {spec.post_start:g} needs the time column it refers "
            "to; name it (time=...)."
        )
    if spec.post is not None:
        raise ToolArgumentError(
            "Give the post period either as a 0/1 column (post=...) or as the first post "
            "period (post_start=...), not both."
        )
    post = (frame[spec.time].to_numpy() >= spec.post_start).astype(float)
    if post.min() == post.max():
        side = "after" if post.min() == 0 else "before"
        raise DataError(
            f"No periods of '{spec.time}' {side} {spec.post_start:g} (observed "
            f"{periods[0]:g} to {periods[-1]:g}); the post period must start within the data."
        )
    return post


def _fit(frame, spec, covariates, r, leads: pd.DataFrame | None = None):
    from linearmodels.iv import IV2SLS, AbsorbingLS

    exog = pd.DataFrame({"treated_in_period": r["d"]})
    absorb = {}
    if spec.group is not None:
        absorb["group"] = pd.Categorical(frame[spec.group])
    else:
        exog["treated_group"] = r["g"]
    if spec.time is not None:
        absorb["time"] = pd.Categorical(frame[spec.time])
    else:
        exog["post"] = r["post"]
    for i, c in enumerate(covariates, start=1):
        exog[f"c{i}"] = frame[c].to_numpy()
    if leads is not None:
        exog = pd.concat([exog, leads], axis=1)
    groups = frame[spec.group].nunique() if spec.group is not None else 0
    clustered = groups >= MIN_CLUSTERS
    cov: dict = {"cov_type": "robust"}
    if clustered:  # only with a group column: a 2x2 without one has robust errors
        cov = {"cov_type": "clustered", "clusters": pd.Categorical(frame[spec.group]).codes}
    y = frame[spec.outcome].reset_index(drop=True)
    if not absorb:
        exog.insert(0, "const", 1.0)
        return IV2SLS(y, exog, None, None).fit(**cov), clustered, groups
    return AbsorbingLS(y, exog, absorb=pd.DataFrame(absorb)).fit(**cov), clustered, groups


def _leads(frame: pd.DataFrame, spec: DesignSpec, r: dict) -> tuple[pd.DataFrame | None, int]:
    """Lead indicators (treated group x pre-period k <= -2) and the number of pre-periods."""
    if r["periods"] is None:
        return None, 1
    rank = pd.Series(frame[spec.time].to_numpy()).map({p: i for i, p in enumerate(r["periods"])})
    rank = rank.to_numpy()
    unit = frame[spec.group].to_numpy() if spec.group is not None else np.zeros(len(frame))
    first = pd.Series(np.where(r["d"] == 1, rank, np.inf)).groupby(unit).transform("min")
    if spec.group is None:
        first[:] = rank[r["d"] == 1].min()
    event = np.where((r["g"] == 1) & np.isfinite(first), rank - first.to_numpy(), np.nan)
    pre = sorted({int(e) for e in event[~np.isnan(event)] if e < 0})
    if len(pre) < 2:
        return None, len(pre)
    columns = {}
    for k in [k for k in pre if k <= -2][-MAX_LEADS:]:
        columns[f"lead_{-k}"] = (event == k).astype(float)
    oldest = min(int(c.split("_")[1]) for c in columns)
    columns[f"lead_{oldest}"] = ((event <= -oldest) & ~np.isnan(event)).astype(float)
    return pd.DataFrame(columns), len(pre)


def estimate_did(
    frame: pd.DataFrame, spec: DesignSpec, covariates: list[str], treatment: Treatment
) -> DesignResult:
    r = roles(frame, spec, treatment)
    fit, clustered, groups = _fit(frame, spec, covariates, r)
    value = float(fit.params["treated_in_period"])
    se = float(fit.std_errors["treated_in_period"])
    n_periods = len(r["periods"]) if r["periods"] is not None else 2
    two_by_two = n_periods == 2
    kind = "2x2 difference-in-differences" if two_by_two else "two-way fixed effects"
    errors = f"SE clustered by {spec.group} ({groups} groups)" if clustered else "robust SE"
    result = DesignResult(
        design="did",
        design_reason="",
        estimand="att",
        treatment=spec.treatment,
        outcome=spec.outcome,
        effect_of=effect_of(spec.treatment, None, binary=True),
        value=value,
        se=se,
        ci=normal_ci(value, se),
        n_rows=int(fit.nobs),
        method=f"{kind} (linearmodels), {errors}",
        adjustment_set=covariates,
        treatment_values=(0.0, 1.0),
        assumptions=did_assumptions(spec, two_by_two),
    )
    if spec.group is not None and not clustered:
        result.warnings.append(
            f"Only {groups} groups in '{spec.group}': too few to cluster standard errors, so "
            "heteroskedasticity-robust ones are reported; they ignore correlation within groups."
        )
    leads, n_pre = _leads(frame, spec, r)
    if leads is None:
        note = f"{n_pre} pre-treatment period: parallel trends cannot be checked"
        result.diagnostics.append(Diagnostic(name="pre-trends", value=None, note=note))
        result.sensitivity = (
            "Parallel trends cannot be checked with a single pre-treatment period; the estimate "
            "absorbs any difference in the groups' trends."
        )
    else:
        test_fit, _, _ = _fit(frame, spec, covariates, r, leads)
        names = list(dict.fromkeys(leads.columns))
        wald = test_fit.wald_test(formula=" = ".join(names) + " = 0")
        p = finite(wald.pval)
        parallel = p is None or p >= 0.05
        verdict = "no evidence against parallel trends" if parallel else "pre-trends differ"
        note = (
            f"{n_pre} pre-treatment periods; joint Wald test that the treated group's earlier "
            f"pre-period differences are zero: statistic {fmt(finite(wald.stat))}, p = {fmt(p)}: "
            f"{verdict}"
        )
        shown = None if p is None else round(p, 4)
        result.diagnostics.append(Diagnostic(name="pre-trends", value=shown, note=note))
        if not parallel:
            result.warnings.append(
                f"Pre-trends differ (p = {fmt(p)}): before the treatment the treated group "
                "already moved differently, so parallel trends are doubtful."
            )
        result.sensitivity = f"Pre-trends check: {verdict} (p = {fmt(p)})."
    first = _adoption_periods(frame, spec, r)
    if first > 1:
        result.warnings.append(
            f"Treatment starts in {first} different periods (staggered adoption): two-way fixed "
            "effects can be biased when the effect changes over time (Goodman-Bacon 2021)."
        )
    result.parameters = {"periods": n_periods, "clustered": clustered, "groups": groups}
    return result


def _adoption_periods(frame: pd.DataFrame, spec: DesignSpec, r: dict) -> int:
    if spec.group is None or spec.time is None:
        return 1
    treated = pd.DataFrame({"unit": frame[spec.group], "time": frame[spec.time], "d": r["d"]})
    starts = treated[treated["d"] == 1].groupby("unit")["time"].min()
    return int(starts.nunique())


def did_assumptions(spec: DesignSpec, two_by_two: bool) -> list[str]:
    group = f"'{spec.group}'" if spec.group else "the treated and untreated groups"
    items = [
        f"Parallel trends: without the treatment, '{spec.outcome}' would have changed by the "
        f"same amount in treated and untreated {group}.",
        "No anticipation: the treatment has no effect before it starts.",
        "The groups' composition does not change because of the treatment.",
    ]
    if not two_by_two:
        items.append("The effect is the same in every treated period (two-way fixed effects).")
    return items
