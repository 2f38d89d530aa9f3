"""Answer: the one result type every planner returns and every front end renders."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

AnswerKind = Literal["yes_no", "graph", "estimate", "text"]
YesNo = Literal["yes", "no", "uncertain"]


class GraphPayload(BaseModel):
    name: str | None = None
    nodes: list[str]
    edges: list[tuple[str, str, str]]


class RefutationPayload(BaseModel):
    method: str
    new_effect: float | None = None
    p_value: float | None = None
    passed: bool | None = None
    summary: str = ""


class PossibleEffect(BaseModel):
    adjustment_set: list[str]
    value: float
    ci: tuple[float, float] | None = None
    note: str = ""


class EstimatePayload(BaseModel):
    value: float | None
    ci: tuple[float, float] | None = None
    treatment: str
    outcome: str
    treatment_values: tuple[float, float] | None = None
    adjustment_set: list[str] = Field(default_factory=list)
    method: str
    refutations: list[RefutationPayload] = Field(default_factory=list)
    # IDA-style: when edge directions are unknown, one estimate per possible adjustment set.
    possible_effects: list[PossibleEffect] = Field(default_factory=list)


class TraceStep(BaseModel):
    tool: str
    args: dict[str, Any]
    summary: str = ""
    result: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


class Answer(BaseModel):
    question: str
    kind: AnswerKind
    answer: str  # yes/no/uncertain for yes_no; a short phrase otherwise
    graph: GraphPayload | None = None
    estimate: EstimatePayload | None = None
    explanation: str
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    trace: list[TraceStep] = Field(default_factory=list)
    planner: str
    seconds: float = 0.0

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)
