"""Front-door adjustment through a mediator (DoWhy `frontdoor.two_stage_regression`).

The graph is treatment -> mediator -> outcome with an unobserved common cause of treatment
and outcome; DoWhy identifies the front-door estimand and estimates it with two linear
regressions (mediator on treatment, outcome on mediator and treatment), their product being
the effect. The standard error and CI are DoWhy's bootstrap (BOOTSTRAP resamples); the
refuter is DoWhy's data-subset refuter (its placebo refuter does not re-estimate the
front-door model: the placebo effect equals the estimate).
"""

from __future__ import annotations

import pandas as pd

from askwhy.answer import Diagnostic
from askwhy.errors import ToolArgumentError
from askwhy.stats.designs.frame import Treatment
from askwhy.stats.designs.results import DesignResult, effect_of, finite, fmt
from askwhy.stats.designs.sensitivity import refutation_statement
from askwhy.stats.designs.spec import DesignSpec
from askwhy.stats.effect_inputs import T_COL, Y_COL

BOOTSTRAP = 100
SIMULATIONS = 10
M_COL = "mediator"


def estimate_frontdoor(
    frame: pd.DataFrame, spec: DesignSpec, covariates: list[str], treatment: Treatment
) -> DesignResult:
    import networkx as nx
    import statsmodels.api as sm
    from dowhy import CausalModel

    from askwhy.stats.designs.results import se_from_ci
    from askwhy.stats.effect_estimation import confidence_interval, seeded_global_numpy
    from askwhy.stats.quiet import quiet
    from askwhy.stats.refutation import refute

    mediator = spec.mediator
    if mediator in (spec.treatment, spec.outcome):
        raise ToolArgumentError(
            f"The mediator '{mediator}' is the treatment or the outcome; name the column that "
            "carries the treatment's effect to the outcome."
        )
    if covariates:
        raise ToolArgumentError(
            "Front-door adjustment here takes no covariates; leave them out, or use "
            "design='backdoor' to adjust for them."
        )
    if treatment.kind == "categorical":
        raise ToolArgumentError(
            "Front-door adjustment takes a 0/1 or continuous treatment, not a categorical one."
        )
    binary = treatment.kind == "binary"
    t0, t1 = (0.0, 1.0) if binary or spec.treatment_values is None else spec.treatment_values
    graph = nx.DiGraph([(T_COL, M_COL), (M_COL, Y_COL), ("U", T_COL), ("U", Y_COL)])
    data = frame[[spec.treatment, mediator, spec.outcome]].copy()  # U is not in the data
    data.columns = [T_COL, M_COL, Y_COL]
    with quiet(), seeded_global_numpy(spec.seed):
        model = CausalModel(data=data, treatment=T_COL, outcome=Y_COL, graph=graph)
        estimand = model.identify_effect(proceed_when_unidentifiable=True)
        if not estimand.get_frontdoor_variables():
            raise ToolArgumentError(
                f"DoWhy finds no front-door path through '{mediator}'; check the mediator."
            )
        estimate = model.estimate_effect(
            estimand,
            method_name="frontdoor.two_stage_regression",
            control_value=t0,
            treatment_value=t1,
            confidence_intervals=True,
            method_params={"num_simulations": BOOTSTRAP},
        )
        value = float(estimate.value)
        ci = confidence_interval(estimate)
        refutations = []
        if spec.sensitivity:
            fitted = {"estimand": estimand, "estimate": estimate}
            refutations = [
                refute(
                    "data_subset_refuter",
                    data,
                    fitted,
                    value,
                    ci,
                    SIMULATIONS,
                    spec.seed,
                    spec.treatment,
                )
            ]
    first = sm.OLS(data[M_COL], sm.add_constant(data[[T_COL]])).fit(cov_type="HC1")
    result = DesignResult(
        design="frontdoor",
        design_reason="",
        estimand="ate",
        treatment=spec.treatment,
        outcome=spec.outcome,
        effect_of=effect_of(spec.treatment, spec.treatment_values, binary),
        value=value,
        se=se_from_ci(ci),
        ci=ci,
        n_rows=len(data),
        method=f"DoWhy two-stage regression, bootstrap CI ({BOOTSTRAP} resamples)",
        treatment_values=(t0, t1),
        refutations=refutations,
        assumptions=frontdoor_assumptions(spec.treatment, mediator, spec.outcome),
    )
    a = float(first.params[T_COL])
    t_stat = finite(first.tvalues[T_COL])
    result.diagnostics.append(
        Diagnostic(
            name="treatment -> mediator",
            value=round(a, 4),
            note=f"t = {fmt(t_stat)}; a weak link makes the front-door estimate imprecise",
        )
    )
    if t_stat is not None and abs(t_stat) < 2:
        result.warnings.append(
            f"'{spec.treatment}' barely moves '{mediator}' (t = {t_stat:.1f}), so the "
            "front-door estimate is imprecise."
        )
    result.sensitivity = (
        refutation_statement(refutations)
        + " The estimate rests on the mediator carrying the whole effect and on no "
        "confounding of mediator and outcome; neither can be tested from these data."
    ).strip()
    result.parameters = {"treatment_to_mediator": a}
    return result


def frontdoor_assumptions(treatment: str, mediator: str, outcome: str) -> list[str]:
    return [
        f"'{treatment}' affects '{outcome}' only through '{mediator}'.",
        f"Nothing unmeasured causes both '{treatment}' and '{mediator}'.",
        f"Every back-door path from '{mediator}' to '{outcome}' goes through '{treatment}' "
        f"(given '{treatment}', nothing unmeasured confounds '{mediator}' and '{outcome}').",
        "Both stages are linear, with the same effect for every row.",
    ]
