"""estimate_design: an effect by design and estimand, with diagnostics and sensitivity.

Designs: back-door adjustment, matching, instrumental variables, front-door, regression
discontinuity, difference-in-differences (askwhy.stats.designs); estimands ATE, ATT, ATC,
for all rows or a subgroup; a categorical treatment gives one estimate per level against a
reference. Back-door and matching without covariates read the adjustment set from the
causal graph (it must be the only one).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from askwhy.answer import EstimatePayload, Evidence
from askwhy.core.data import Dataset
from askwhy.core.settings import Estimator
from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats.designs import DesignSpec, SubgroupFilter, choose_design
from askwhy.stats.designs import estimate_design as estimate_by_design
from askwhy.stats.designs.spec import Design, Estimand, MatchingMethod
from askwhy.tools.args import GraphSettings
from askwhy.tools.graphs import discovery_evidence, graph_for_query, payload
from askwhy.tools.registry import Column, Role, tool
from askwhy.tools.results import EstimateResult
from askwhy.tools.workspace import GraphRun, Workspace


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class DesignArgs(GraphSettings):
    treatment: Column = Field(description="The treatment variable.")
    outcome: Column = Field(description="The outcome variable.")
    design: Design = Field(
        default="auto",
        description="backdoor (adjust for covariates), matching, iv (instrument), frontdoor "
        "(mediator), rdd (running_variable + cutoff) or did (time / group / post); auto: "
        "read from the arguments given.",
    )
    estimand: Estimand | None = Field(
        default=None,
        description="ate, att (effect on the treated) or atc (on the untreated); default: "
        "the design's own (ATE for back-door and matching).",
    )
    covariates: Annotated[list[str] | None, Role.columns] = Field(
        default=None,
        description="Covariates to adjust for or match on (back-door, matching; also added to "
        "iv, rdd and did). Default for back-door and matching: the adjustment set read from "
        "the causal graph.",
    )
    treatment_values: tuple[float, float] | None = Field(
        default=None,
        description="[from, to] for a continuous treatment (back-door, iv, frontdoor). "
        "Default: a one-unit change.",
    )
    method: Annotated[Estimator, Role.setting] = Field(
        default="auto", description="Back-door estimator."
    )
    subgroup: SubgroupFilter | None = Field(
        default=None,
        description="Estimate for the rows of a subgroup: {column, values} or {column, min, "
        "max}, e.g. {'column': 'sex', 'values': ['female']}.",
    )
    reference: str | None = Field(
        default=None,
        description="Reference level of a categorical treatment: one estimate per other level "
        "against it.",
    )
    matching_method: MatchingMethod = Field(
        default="propensity_score",
        description="For design='matching': on the propensity score or nearest neighbours on "
        "the covariates.",
    )
    instrument: Annotated[list[str] | None, Role.columns, BeforeValidator(_as_list)] = Field(
        default=None, description="Instrument(s) for design='iv'."
    )
    mediator: Annotated[str | None, Role.column] = Field(
        default=None, description="Mediator for design='frontdoor'."
    )
    running_variable: Annotated[str | None, Role.column] = Field(
        default=None, description="Running variable (score) for design='rdd'."
    )
    cutoff: float | None = Field(
        default=None, description="Cutoff of the running variable (rdd); default 0."
    )
    # time and group may name a column left out of other analyses because it labels rows
    # (40 state names, dates): the tool resolves them itself (_role_column), not the registry.
    time: str | None = Field(
        default=None,
        description="Period column for design='did' (may be a date or text column).",
    )
    group: str | None = Field(
        default=None,
        description="Unit / group column for design='did' (clusters); may be a text column "
        "with many values, e.g. state names.",
    )
    post: Annotated[str | None, Role.column] = Field(
        default=None, description="0/1 post-treatment-period column for design='did'."
    )
    post_start: float | None = Field(
        default=None,
        description="For design='did': the first post-treatment period; rows with time >= "
        "post_start are post (instead of a post column).",
    )
    treated_group: Annotated[str | None, Role.column] = Field(
        default=None, description="0/1 treated-group column for design='did'."
    )


class DesignEstimateResult(EstimateResult):
    """An estimate by design; a categorical treatment's answer is its per-level effects."""

    def answer_text(self) -> str:
        levels = self.estimate.levels
        if self.estimate.value is None and levels:
            each = "; ".join(f"{lv.level} {lv.value:.4g}" for lv in levels)
            return f"{each} (against {levels[0].reference})"
        return super().answer_text()


def _subgroup(spec: SubgroupFilter | None, columns: list[str]) -> SubgroupFilter | None:
    """The subgroup with its column matched to the data's (case and separators may differ)."""
    if spec is None:
        return None
    from askwhy.core.names import match_column

    column = spec.column if spec.column in columns else match_column(spec.column, columns)
    if column is None:
        raise UnknownVariableError(spec.column, columns)
    return spec.model_copy(update={"column": column})


def _role_column(dataset: Dataset, name: str | None, role: str) -> tuple[str | None, str | None]:
    """A time or group column: an analysed column, else one kept only as row labels (text
    with many values, dates); (its name, a note when it is row labels)."""
    from askwhy.core.names import match_column

    if name is None:
        return None, None
    for names in (dataset.columns, list(dataset.row_labels)):
        found = name if name in names else match_column(name, names)
        if found is not None and found in dataset.row_labels:
            n = int(dataset.row_labels[found].nunique())
            return found, (
                f"'{found}' is left out of other analyses, but its {n:,} values serve here as "
                f"the {role} labels."
            )
        if found is not None:
            return found, None
    dataset.require([name])  # the reason it was left out, or the columns there are
    return name, None


def _graph_adjustment(ws: Workspace, args: DesignArgs) -> tuple[list[str], str, GraphRun]:
    """The one adjustment set the discovered (or named) graph implies."""
    from askwhy.stats.graph_queries import adjustment_sets

    run = graph_for_query(ws, args, [args.treatment, args.outcome])
    found = adjustment_sets(run.graph, args.treatment, args.outcome)
    if len(found.sets) != 1 or found.outcome_may_be_parent:
        why = found.reason if not found.sets else "the graph allows several adjustment sets."
        raise ToolArgumentError(
            f"Cannot read one adjustment set from graph '{run.name}': {why} Name the "
            "covariates to adjust for (e.g. '... controlling for A and B')."
        )
    return list(found.sets[0]), f"adjustment set read from graph '{run.name}': {found.reason}", run


@tool("estimate")
def estimate_design(ws: Workspace, args: DesignArgs) -> EstimateResult:
    """Estimate the effect of treatment on outcome by a named design -- back-door
    adjustment, matching (propensity score or nearest neighbour), instrumental variables,
    front-door through a mediator, regression discontinuity at a cutoff, or
    difference-in-differences over periods -- for the ATE, ATT or ATC, optionally in a
    subgroup or per level of a categorical treatment, with the design's diagnostics and a
    sensitivity statement."""
    dataset = ws.dataset(args.dataset)
    if args.instrument and args.treatment in args.instrument:
        raise ToolArgumentError(
            f"The instrument '{args.treatment}' is the treatment itself; an instrument is a "
            "different column that moves the treatment and reaches the outcome only through it."
        )
    spec = DesignSpec(
        treatment=args.treatment,
        outcome=args.outcome,
        design=args.design,
        estimand=args.estimand,
        covariates=list(args.covariates or []),
        treatment_values=args.treatment_values,
        reference=args.reference,
        subgroup=_subgroup(args.subgroup, dataset.columns),
        method=args.method,
        matching_method=args.matching_method,
        instrument=list(args.instrument or []),
        mediator=args.mediator,
        running_variable=args.running_variable,
        cutoff=args.cutoff,
        time=args.time,
        group=args.group,
        post=args.post,
        post_start=args.post_start,
        treated_group=args.treated_group,
    )
    time, time_note = _role_column(dataset, args.time, "time")
    group, group_note = _role_column(dataset, args.group, "group")
    spec = spec.model_copy(update={"time": time, "group": group})
    frame = dataset.frame
    labels = [c for c in (time, group) if c is not None and c in dataset.row_labels]
    if labels:
        frame = frame.assign(**{c: dataset.row_labels[c] for c in labels})
    design, _ = choose_design(spec)
    run: GraphRun | None = None
    reason = "adjusting for the covariates you named" if args.covariates else ""
    if args.covariates is None and design in ("backdoor", "matching"):
        covariates, reason, run = _graph_adjustment(ws, args)
        spec = spec.model_copy(update={"covariates": covariates})
    categories = {c: p.categories for c, p in dataset.profiles.items() if p.categories}
    result = estimate_by_design(frame, spec, categories)
    result.warnings += [n for n in (time_note, group_note) if n]
    estimate = EstimatePayload(
        value=result.value,
        ci=result.ci,
        treatment=result.treatment,
        outcome=result.outcome,
        treatment_values=result.treatment_values,
        adjustment_set=result.adjustment_set,
        method=result.method,
        refutations=result.refutations,
        design=result.design,
        estimand=result.estimand,
        se=result.se,
        n_rows=result.n_rows,
        subgroup=result.subgroup,
        diagnostics=result.diagnostics,
        sensitivity=result.sensitivity or None,
        levels=result.levels,
    )
    evidence = [
        Evidence(
            kind="estimate",
            method=f"{result.design}: {result.method}",
            parameters={
                "design": result.design,
                "estimand": result.estimand,
                "adjustment_set": result.adjustment_set,
                "se": result.se,
                "ci": result.ci,
                "n_rows": result.n_rows,
                **{k: v for k, v in result.parameters.items() if k != "bandwidth_estimates"},
            },
            assumptions=result.assumptions,
            note=result.summary,
        )
    ]
    if run is not None:
        evidence.append(discovery_evidence(run))
    return DesignEstimateResult(
        tool="estimate_design",
        summary=result.summary,
        estimate=estimate,
        adjustment_reason=reason or result.design_reason,
        evidence=evidence,
        graph=payload(run.name, run.graph) if run is not None else None,
        warnings=result.warnings,
    )


def frontdoor_on_graph(ws: Workspace, args: Any, run: GraphRun, mediators: list[str]):
    """The plain effect question on a graph with no back-door set but a front-door mediator:
    the front-door design, saying why it was chosen."""
    if len(mediators) > 1:
        raise ToolArgumentError(
            f"Graph '{run.name}' has no back-door adjustment set for the effect of "
            f"{args.treatment} on {args.outcome}; front-door adjustment would go through "
            f"{', '.join(mediators)} together, and askwhy's front-door design takes one mediator."
        )
    design_args = DesignArgs(
        dataset=args.dataset,
        treatment=args.treatment,
        outcome=args.outcome,
        design="frontdoor",
        mediator=mediators[0],
        treatment_values=args.treatment_values,
    )
    result = estimate_design.run(ws, design_args)
    why = (
        f"because graph '{run.name}' has no back-door adjustment set (hidden common causes of "
        f"{args.treatment} and {args.outcome}) and {mediators[0]} meets the front-door "
        "criterion (DoWhy's identification)"
    )
    asked = "because the front-door adjustment design was asked for"
    summary = result.summary.replace(asked, why)
    evidence = [e.model_copy(update={"note": summary}) for e in result.evidence]
    return result.model_copy(
        update={
            "tool": "estimate_effect",
            "summary": summary,
            "adjustment_reason": why,
            "evidence": [*evidence, discovery_evidence(run)],
            "graph": payload(run.name, run.graph),
        }
    )


def backdoor_checks(dataset: Dataset, args: Any, effect: Any) -> dict:
    """SE, rows, overlap and balance (0/1 treatment) and the sensitivity statement of one
    back-door estimate, as EstimatePayload fields."""
    from askwhy.stats.designs.balance import (
        balance_diagnostics,
        overlap_diagnostic,
        propensity_scores,
        smd,
    )
    from askwhy.stats.designs.results import se_from_ci
    from askwhy.stats.designs.sensitivity import linear_robustness, refutation_statement
    from askwhy.tools.workspace import effect_rows

    rows, columns, _ = effect_rows(dataset, args.treatment, args.outcome, effect.adjustment_set)
    diagnostics = []
    binary = set(rows[args.treatment].unique()) == {0.0, 1.0}
    if binary and columns:
        scores = propensity_scores(rows, args.treatment, columns)
        overlap, _ = overlap_diagnostic(scores, rows[args.treatment].to_numpy() == 1)
        diagnostics = [overlap, *balance_diagnostics(smd(rows, args.treatment, columns))]
    parts = [refutation_statement(list(effect.refutations))]
    parts.append(linear_robustness(rows, args.treatment, args.outcome, columns))
    return {
        "design": "backdoor",
        "estimand": "ate",
        "se": se_from_ci(effect.ci),
        "n_rows": effect.n_rows,
        "diagnostics": diagnostics,
        "sensitivity": " ".join(p for p in parts if p),
    }
