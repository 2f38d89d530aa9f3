"""The Frame a tool result answers: how any planner's reading is restated and scored.

The rule planner reads a Frame first and runs it; a model planner's reading is the Frame of
its decisive tool call, so every Answer restates what it answered.
"""

from __future__ import annotations

from typing import get_args

from askwhy.frame import RELATIVE_FAMILIES, DesignName, EffectDesign, Frame
from askwhy.tools.results import (
    DirectionResult,
    EstimateResult,
    GraphResult,
    SetResult,
    TextResult,
    ToolResult,
    YesNoResult,
)

YES_NO_FAMILIES = {
    "test_independence": "independence",
    "direct_cause": "direct_cause",
    "common_cause": "confounder",
    "common_effect": "collider",
    "mediator": "mediator",
}


def frame_of_result(result: ToolResult) -> Frame | None:
    """The question `result` answers, as a Frame; None for tools that answer no question."""
    if isinstance(result, YesNoResult) and result.tool in YES_NO_FAMILIES:
        family = YES_NO_FAMILIES[result.tool]
        extra = {"polarity": "independence"} if family == "independence" else {}
        return Frame(family=family, x=result.x, y=result.y, z=result.z, given=result.given, **extra)
    if isinstance(result, DirectionResult):
        return Frame(family="pairwise_direction", x=result.x, y=result.y, format="text")
    if isinstance(result, SetResult):
        if result.relation in RELATIVE_FAMILIES:
            return Frame(family=result.relation, x=result.variable, format="list")
        if result.relation == "adjustment_set":
            return Frame(
                family="adjustment_set",
                treatment=result.variable,
                outcome=result.other,
                format="list",
            )
        return None
    if isinstance(result, EstimateResult):
        estimate = result.estimate
        named = result.adjustment_reason.startswith("adjusting for the covariates you named")
        return Frame(
            family="effect",
            treatment=estimate.treatment,
            outcome=estimate.outcome,
            treatment_values=estimate.treatment_values,
            adjust_for=estimate.adjustment_set if named else [],
            design=_design(result) if result.tool == "estimate_design" else None,
            format="number",
        )
    if isinstance(result, GraphResult) and result.tool == "discover_graph" and result.graph:
        return Frame(family="graph", variables=list(result.graph.nodes), format="graph")
    if isinstance(result, TextResult) and result.tool == "describe_data":
        return Frame(family="describe_data", format="text")
    return None


def _design(result: EstimateResult) -> EffectDesign:
    """The design an estimate_design result answers: its design, estimand (the ones a frame
    names: ATE, ATT, ATC) and reference level; the roles and subgroup are in its evidence."""
    estimate = result.estimate
    estimand = estimate.estimand if estimate.estimand in ("ate", "att", "atc") else None
    reference = estimate.levels[0].reference if estimate.levels else None
    design = estimate.design if estimate.design in get_args(DesignName) else None
    return EffectDesign(design=design, estimand=estimand, reference=reference)
