"""Answer: the one result type every planner returns and every front end renders.

Evidence and Refutation are defined here too, once: tools produce them, the Answer carries
them, reports render them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from askwhy.frame import Frame

AnswerKind = Literal["yes_no", "choice", "graph", "estimate", "text", "unclear"]
YesNo = Literal["yes", "no", "uncertain"]
EvidenceKind = Literal["test", "discovery", "estimate", "graph"]


class Evidence(BaseModel):
    """One piece of evidence: what kind, the method, its numbers, settings and assumptions."""

    kind: EvidenceKind
    method: str
    statistic: float | None = None
    p_value: float | None = None
    alpha: float | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    assumptions: list[str] = Field(default_factory=list)
    note: str = ""


class Refutation(BaseModel):
    """One robustness check of an effect estimate (placebo treatment, random common cause)."""

    method: str
    new_effect: float | None = None
    p_value: float | None = None
    passed: bool | None = None
    num_simulations: int = 0
    summary: str = ""


class GraphPayload(BaseModel):
    name: str | None = None
    nodes: list[str]
    edges: list[tuple[str, str, str]]


class PossibleEffect(BaseModel):
    adjustment_set: list[str]
    value: float
    ci: tuple[float, float] | None = None
    note: str = ""


class Diagnostic(BaseModel):
    """One check of an estimate's design: overlap, balance, first-stage F, bandwidth, ..."""

    name: str
    value: float | str | None = None
    note: str = ""


class LevelEstimate(BaseModel):
    """The effect of one level of a categorical treatment against the reference level."""

    level: str
    reference: str
    value: float
    se: float | None = None
    ci: tuple[float, float] | None = None
    n_rows: int | None = None


class EstimatePayload(BaseModel):
    value: float | None
    ci: tuple[float, float] | None = None
    treatment: str
    outcome: str
    treatment_values: tuple[float, float] | None = None
    adjustment_set: list[str] = Field(default_factory=list)
    method: str
    refutations: list[Refutation] = Field(default_factory=list)
    # IDA-style: when edge directions are unknown, one estimate per possible adjustment set.
    possible_effects: list[PossibleEffect] = Field(default_factory=list)
    # Designs and estimands (the estimate_design tool; None from estimate_effect).
    design: str | None = None  # backdoor, matching, iv, frontdoor, rdd, did
    estimand: str | None = None  # ate, att, atc, late (compliers), cutoff (at the cutoff)
    se: float | None = None
    n_rows: int | None = None
    subgroup: str | None = None  # e.g. "sex is female (812 of 2,000 rows)"
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    sensitivity: str | None = None
    levels: list[LevelEstimate] = Field(default_factory=list)  # categorical treatment


class TraceStep(BaseModel):
    """One real tool call: the tool, its validated arguments, what it returned."""

    tool: str
    args: dict[str, Any]
    summary: str = ""
    result: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


class PlannerStep(BaseModel):
    """A planner's own step (routing, model calls, tokens), kept apart from the tool trace."""

    planner: str
    summary: str
    details: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0


class Answer(BaseModel):
    question: str
    kind: AnswerKind
    answer: str  # yes/no/uncertain for yes_no; "B: ..." for choice; "unclear"; a phrase otherwise
    choice: str | None = None  # the option letter for a multiple-choice question
    frame: Frame | None = None  # how the question was read
    graph: GraphPayload | None = None
    estimate: EstimatePayload | None = None
    explanation: str
    evidence: list[Evidence] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    trace: list[TraceStep] = Field(default_factory=list)
    planner_steps: list[PlannerStep] = Field(default_factory=list)
    planner: str
    seconds: float = 0.0

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, exclude_none=False)
