"""estimate_effect: the average effect of a treatment on an outcome (DoWhy back-door).

When edge directions around the treatment are unknown, one estimate per possible adjustment
set (IDA-style) and no single value. An unordered categorical treatment gives one effect per
level against a reference level (the back-door design of estimate_design). When the graph
has no directed path from the treatment to the outcome, the effect is 0 by the graph's
assumption, and the answer says so (with the adjusted association as a check).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from askwhy.answer import EstimatePayload, Evidence, PossibleEffect
from askwhy.core.data import Dataset
from askwhy.core.settings import Estimator
from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.tools.args import GraphSettings
from askwhy.tools.graphs import discovery_evidence, graph_for_query, payload
from askwhy.tools.registry import Column, Role, tool
from askwhy.tools.results import EstimateResult
from askwhy.tools.workspace import GraphRun, Workspace, effect_rows

if TYPE_CHECKING:
    from askwhy.stats.effect_results import EffectResult


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
    estimate, refute), optionally for a change from one treatment value to another; a
    categorical treatment gives one effect per level against a reference level."""
    dataset = ws.dataset(args.dataset)
    if args.treatment == args.outcome:
        raise ToolArgumentError("Treatment and outcome are the same column; name two columns.")
    run: GraphRun | None = None
    reverse_possible = False
    if args.covariates is not None:
        candidate_sets = [list(args.covariates)]
        reason = "adjusting for the covariates you named"
    else:
        from askwhy.stats.designs.identify import identify_on_graph, not_identified_message
        from askwhy.stats.graph_queries import adjustment_sets

        run = graph_for_query(ws, args, [args.treatment, args.outcome])
        found = adjustment_sets(run.graph, args.treatment, args.outcome)
        candidate_sets = [list(s) for s in found.sets]
        reverse_possible = found.outcome_may_be_parent
        reason = f"adjustment set read from graph '{run.name}': {found.reason}"
        hidden = None
        if not _no_directed_path(run, args):
            hidden = identify_on_graph(run.graph, args.treatment, args.outcome)
        if hidden is not None and hidden.backdoor is not None:  # "<->": DoWhy's reading
            candidate_sets, reverse_possible = [hidden.backdoor], False
            shown = ", ".join(hidden.backdoor) or "nothing"
            reason = (
                f"adjustment set read from graph '{run.name}' with its hidden common causes "
                f"(DoWhy's identification): adjust for {shown}"
            )
        elif hidden is not None and hidden.frontdoor:
            from askwhy.tools.design_tool import frontdoor_on_graph

            return frontdoor_on_graph(ws, args, run, hidden.frontdoor)
        elif hidden is not None or not (found.sets or found.outcome_may_be_parent):
            why = found.reason
            if hidden is not None:
                why = "its hidden common causes (<->) open back-door paths no measured set blocks."
            instruments = hidden.instruments if hidden is not None else []
            raise ToolArgumentError(
                not_identified_message(args.treatment, args.outcome, run.name, why, instruments)
            )
    unordered = bool(dataset.unordered([args.treatment]))
    if run is not None and candidate_sets and _no_directed_path(run, args):
        return _no_path_effect(dataset, args, run, candidate_sets[0], unordered)
    if unordered:
        result = _level_effects(ws, args, candidate_sets, reason, run, reverse_possible)
    else:
        result = _effect(dataset, args, candidate_sets, reason, run, reverse_possible)
    if args.covariates and (warning := _adjusted_descendants(ws, args, dataset)):
        result = result.model_copy(update={"warnings": [warning, *result.warnings]})
    return result


MAX_CHECK_CELLS = 500_000  # a graph to check named covariates against is learned up to this


def _adjusted_descendants(ws: Workspace, args: EffectArgs, dataset: Dataset) -> str | None:
    """A warning when a named covariate is caused by the treatment in the learned graph (a
    mediator or another descendant): adjusting for it takes part of the effect away."""
    from askwhy.stats.graph_queries import descendants

    if dataset.n_rows * len(dataset.columns) > MAX_CHECK_CELLS:
        return None
    try:
        run = graph_for_query(ws, args, [args.treatment, args.outcome])
    except AskwhyError:
        return None
    after = [
        c for c in args.covariates or [] if c in descendants(run.graph, args.treatment).definite
    ]
    if not after:
        return None
    return (
        f"In graph '{run.name}', {', '.join(after)} {'is' if len(after) == 1 else 'are'} caused "
        f"by {args.treatment}: adjusting for {'it' if len(after) == 1 else 'them'} removes the "
        f"part of the effect that goes through {'it' if len(after) == 1 else 'them'}, so this "
        f"is not the total effect of {args.treatment} on {args.outcome}. Leave "
        f"{'it' if len(after) == 1 else 'them'} out for the total effect."
    )


def _effect(
    dataset: Dataset,
    args: EffectArgs,
    candidate_sets: list[list[str]],
    reason: str,
    run: GraphRun | None,
    reverse_possible: bool,
) -> EstimateResult:
    from askwhy.tools.design_tool import backdoor_checks

    estimates, row_warnings = [], []
    for adjustment in candidate_sets:
        effect, notes = _estimate(dataset, args, adjustment)
        estimates.append(effect)
        row_warnings += notes
    possible = [
        PossibleEffect(adjustment_set=e.adjustment_set, value=e.value, ci=e.ci) for e in estimates
    ]
    if reverse_possible:
        # In some graphs of the class the outcome causes the treatment: no effect there.
        note = f"in graphs where {args.outcome} causes {args.treatment}"
        possible.insert(0, PossibleEffect(adjustment_set=[], value=0.0, note=note))
    single = estimates[0] if len(possible) == 1 and estimates else None
    checks = backdoor_checks(dataset, args, single) if single is not None else {}
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
        **checks,
    )
    if single is not None:
        summary = single.summary
        summary += f" Design: back-door adjustment, {reason}; the estimand is the ATE (no other "
        summary += "was asked for)."
    elif reverse_only:
        summary = f"{args.outcome} causes {args.treatment}; effect 0."
    else:
        values = [p.value for p in possible]
        summary = (
            f"Edge directions around {args.treatment} are not identified, so the effect is one of "
            f"{len(values)} values from {min(values):.3g} to {max(values):.3g}, one per possible "
            "adjustment set."
        )
    evidence = [_evidence(e) for e in estimates]
    if run is not None:
        evidence.append(discovery_evidence(run))
    return EstimateResult(
        tool="estimate_effect",
        summary=summary,
        estimate=value_payload,
        adjustment_reason=reason,
        evidence=evidence,
        graph=payload(run.name, run.graph) if run is not None else None,
        warnings=_unique(
            [
                *row_warnings,
                *(run.warnings if run is not None else []),
                *(w for e in estimates for w in e.warnings),
            ]
        ),
    )


def _estimate(
    dataset: Dataset, args: EffectArgs, adjustment: list[str]
) -> tuple[EffectResult, list[str]]:
    """The back-door estimate for one adjustment set, and the row notes."""
    from askwhy.stats.effects import estimate_effect as estimate

    # rows complete on these columns; unordered categorical covariates as 0/1 indicators
    rows, columns, notes = effect_rows(dataset, args.treatment, args.outcome, adjustment)
    effect = estimate(
        rows,
        args.treatment,
        args.outcome,
        adjustment_set=columns,
        treatment_values=args.treatment_values,
        method=args.method,
        treatment_labels=dataset.profiles[args.treatment].categories,
    )
    return effect.model_copy(update={"adjustment_set": list(adjustment)}), notes


def _evidence(e: EffectResult) -> Evidence:
    return Evidence(
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


def _no_directed_path(run: GraphRun, args: EffectArgs) -> bool:
    """No graph of the class has a directed path from the treatment to the outcome."""
    from askwhy.stats.graph_queries import descendants

    found = descendants(run.graph, args.treatment)
    return args.outcome not in (*found.definite, *found.possible)


def _no_path_effect(
    dataset: Dataset, args: EffectArgs, run: GraphRun, adjustment: list[str], unordered: bool
) -> EstimateResult:
    """Effect 0 by the graph (no directed path), with the adjusted association as a check."""
    claim = (
        f"Graph '{run.name}' has no directed path from {args.treatment} to {args.outcome} (in "
        f"any graph of its class), so under it {args.treatment} has no effect on "
        f"{args.outcome}: the effect is 0 by the graph's assumption, not an estimate."
    )
    warnings = list(run.warnings)
    evidence = []
    if not unordered:
        check, notes = _estimate(dataset, args, adjustment)
        warnings += notes
        evidence.append(_evidence(check))
        if check.ci is not None and not check.ci[0] <= 0 <= check.ci[1]:
            warnings.append(
                f"Yet adjusting for {', '.join(adjustment) or 'nothing'}, {args.outcome} still "
                f"moves with {args.treatment} ({check.value:.3g}, 95% CI {check.ci[0]:.3g} to "
                f"{check.ci[1]:.3g}): the graph may miss an edge (a weak one, or a nonlinear "
                "one); try a higher alpha or another test, or name the covariates to adjust for."
            )
        else:
            claim += f" The data agree: {check.summary[0].lower()}{check.summary[1:]}"
    evidence.append(discovery_evidence(run))
    return EstimateResult(
        tool="estimate_effect",
        summary=claim,
        estimate=EstimatePayload(
            value=0.0,
            treatment=args.treatment,
            outcome=args.outcome,
            treatment_values=args.treatment_values,
            method="none",
        ),
        adjustment_reason=f"graph '{run.name}' has no directed path from {args.treatment} "
        f"to {args.outcome}",
        evidence=evidence,
        graph=payload(run.name, run.graph),
        warnings=_unique(warnings),
    )


def _level_effects(
    ws: Workspace,
    args: EffectArgs,
    candidate_sets: list[list[str]],
    reason: str,
    run: GraphRun | None,
    reverse_possible: bool,
) -> EstimateResult:
    """An unordered categorical treatment: each level against the reference (the first
    level), by the back-door design of estimate_design, once per possible adjustment set."""
    from askwhy.tools.design_tool import DesignArgs, DesignEstimateResult
    from askwhy.tools.design_tool import estimate_design as design_tool

    if args.treatment_values is not None:
        raise ToolArgumentError(
            f"'{args.treatment}' is an unordered category, so treatment values (numbers) mean "
            "nothing for it; ask for the effect of each level against a reference level "
            f'(e.g. "effect of {args.treatment} on {args.outcome} compared with ...").'
        )
    results = [
        design_tool.run(
            ws,
            DesignArgs(
                dataset=args.dataset,
                treatment=args.treatment,
                outcome=args.outcome,
                covariates=adjustment,
                method=args.method,
            ),
        )
        for adjustment in candidate_sets
    ]
    if len(results) == 1 and not reverse_possible:
        summary, estimate = results[0].summary, results[0].estimate
    else:
        possible = [
            PossibleEffect(
                adjustment_set=r.estimate.adjustment_set,
                value=lv.value,
                ci=lv.ci,
                note=f"{lv.level} against {lv.reference}",
            )
            for r in results
            for lv in r.estimate.levels
        ]
        if reverse_possible:
            note = f"in graphs where {args.outcome} causes {args.treatment}"
            possible.insert(0, PossibleEffect(adjustment_set=[], value=0.0, note=note))
        ranges = _level_ranges(possible)
        summary = (
            f"Edge directions around {args.treatment} are not identified, so each level's "
            f"effect on {args.outcome} is one of several values, one per possible adjustment "
            f"set: {ranges}."
            if results
            else f"{args.outcome} causes {args.treatment}; effect 0."
        )
        estimate = EstimatePayload(
            value=None if results else 0.0,
            treatment=args.treatment,
            outcome=args.outcome,
            method=results[0].estimate.method if results else "none",
            possible_effects=possible if results else [],
        )
    evidence = [e for r in results for e in r.evidence]
    if run is not None:
        evidence.append(discovery_evidence(run))
    return DesignEstimateResult(
        tool="estimate_effect",
        summary=summary,
        estimate=estimate,
        adjustment_reason=reason,
        evidence=evidence,
        graph=payload(run.name, run.graph) if run is not None else None,
        warnings=_unique(
            [
                *(run.warnings if run is not None else []),
                *(w for r in results for w in r.warnings),
            ]
        ),
    )


def _level_ranges(possible: list[PossibleEffect]) -> str:
    """E.g. "low against high -0.6 to -0.5; middle against high -0.2", per level."""
    by_level: dict[str, list[float]] = {}
    for p in possible:
        by_level.setdefault(p.note, []).append(p.value)
    spans = {note: (f"{min(v):.3g}", f"{max(v):.3g}") for note, v in by_level.items()}
    return "; ".join(
        f"{note} {low}" + (f" to {high}" if high != low else "")
        for note, (low, high) in spans.items()
    )


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
