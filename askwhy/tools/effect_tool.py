"""estimate_effect: the average effect of a treatment on an outcome (DoWhy back-door).

When edge directions around the treatment are unknown, one estimate per possible adjustment
set (IDA-style) and no single value.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from askwhy.answer import EstimatePayload, Evidence, PossibleEffect
from askwhy.core.settings import Estimator
from askwhy.errors import ToolArgumentError
from askwhy.tools.args import GraphSettings
from askwhy.tools.graphs import discovery_evidence, graph_for_query, payload
from askwhy.tools.registry import Column, Role, tool
from askwhy.tools.results import EstimateResult
from askwhy.tools.workspace import GraphRun, Workspace, effect_rows


class EffectArgs(GraphSettings):
    treatment: Column = Field(description="The treatment variable.")
    outcome: Column = Field(description="The outcome variable.")
    treatment_values: tuple[float, float] | None = Field(
        default=None,
        description="[from, to]: the effect of changing the treatment from the first value to "
        "the second. Default: a one-unit change (0 -> 1 for a binary treatment).",
    )
    covariates: Annotated[list[str] | None, Role.columns] = Field(
        default=None,
        description="Confounders to adjust for. Default: an adjustment set read from the "
        "discovered causal graph.",
    )
    method: Annotated[Estimator, Role.setting] = Field(default="auto", description="Estimator.")


@tool("estimate")
def estimate_effect(ws: Workspace, args: EffectArgs) -> EstimateResult:
    """Estimate the average treatment effect of treatment on outcome with DoWhy (identify,
    estimate, refute), optionally for a change from one treatment value to another."""
    from askwhy.stats.effects import estimate_effect as estimate

    dataset = ws.dataset(args.dataset)
    if args.treatment == args.outcome:
        raise ToolArgumentError("Treatment and outcome are the same column; name two columns.")
    run: GraphRun | None = None
    reverse_possible = False
    if args.covariates is not None:
        candidate_sets = [list(args.covariates)]
        reason = "adjusting for the covariates you named"
    else:
        from askwhy.stats.graph_queries import adjustment_sets

        run = graph_for_query(ws, args, [args.treatment, args.outcome])
        found = adjustment_sets(run.graph, args.treatment, args.outcome)
        if not found.sets and not found.outcome_may_be_parent:
            raise ToolArgumentError(
                f"Cannot read an adjustment set from graph '{run.name}': {found.reason} Name the "
                "confounders to adjust for (e.g. '... controlling for A and B'), or use the PC "
                "algorithm."
            )
        candidate_sets = [list(s) for s in found.sets]
        reverse_possible = found.outcome_may_be_parent
        reason = f"adjustment set read from graph '{run.name}': {found.reason}"

    estimates, row_warnings = [], []
    for adjustment in candidate_sets:
        # rows complete on these columns; unordered categorical covariates as 0/1 indicators
        rows, columns, notes = effect_rows(dataset, args.treatment, args.outcome, adjustment)
        effect = estimate(
            rows,
            args.treatment,
            args.outcome,
            adjustment_set=columns,
            treatment_values=args.treatment_values,
            method=args.method,
        )
        estimates.append(effect.model_copy(update={"adjustment_set": list(adjustment)}))
        row_warnings += notes
    possible = [
        PossibleEffect(adjustment_set=e.adjustment_set, value=e.value, ci=e.ci) for e in estimates
    ]
    if reverse_possible:
        # In some graphs of the class the outcome causes the treatment: no effect there.
        note = f"in graphs where {args.outcome} causes {args.treatment}"
        possible.insert(0, PossibleEffect(adjustment_set=[], value=0.0, note=note))
    single = estimates[0] if len(possible) == 1 and estimates else None
    reverse_only = not estimates  # every graph of the class has the outcome cause it
    value_payload = EstimatePayload(
        value=single.value if single else (0.0 if reverse_only else None),
        ci=single.ci if single else None,
        treatment=args.treatment,
        outcome=args.outcome,
        treatment_values=args.treatment_values,
        adjustment_set=single.adjustment_set if single else [],
        method=(estimates[0].method if estimates else "none"),
        refutations=list(single.refutations) if single else [],
        possible_effects=[] if single or reverse_only else possible,
    )
    if single is not None:
        summary = single.summary
    elif reverse_only:
        summary = f"{args.outcome} causes {args.treatment}; effect 0."
    else:
        values = [p.value for p in possible]
        summary = (
            f"Edge directions around {args.treatment} are not identified, so the effect is one of "
            f"{len(values)} values from {min(values):.3g} to {max(values):.3g}, one per possible "
            "adjustment set."
        )
    evidence = [
        Evidence(
            kind="estimate",
            method=f"DoWhy backdoor.{e.method}",
            parameters={
                "adjustment_set": e.adjustment_set,
                "treatment_values": e.treatment_values,
                "ci": e.ci,
                "estimand": e.estimand,
            },
            assumptions=e.assumptions,
            note=e.summary,
        )
        for e in estimates
    ]
    if run is not None:
        evidence.append(discovery_evidence(run))
    return EstimateResult(
        tool="estimate_effect",
        summary=summary,
        estimate=value_payload,
        adjustment_reason=reason,
        evidence=evidence,
        graph=payload(run.name, run.graph) if run is not None else None,
        warnings=list(
            dict.fromkeys(
                [
                    *row_warnings,
                    *(run.warnings if run is not None else []),
                    *(w for e in estimates for w in e.warnings),
                ]
            )
        ),
    )
