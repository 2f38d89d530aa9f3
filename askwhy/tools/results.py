"""What tools return: one result type per answer kind, each with typed evidence.

The composer dispatches on these types (never on tool names); front ends read `payload()`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from askwhy.answer import EstimatePayload, Evidence, GraphPayload, YesNo

__all__ = [
    "Evidence",
    "DirectionResult",
    "EstimateResult",
    "GraphResult",
    "SetResult",
    "TextResult",
    "ToolResult",
    "YesNoResult",
]


class ToolResult(BaseModel):
    """Common part: the tool, one plain sentence, evidence, the graph used, warnings."""

    tool: str
    summary: str
    evidence: list[Evidence] = Field(default_factory=list)
    graph: GraphPayload | None = None  # the graph the tool used or produced
    warnings: list[str] = Field(default_factory=list)  # shown to the user as notes

    @property
    def graph_name(self) -> str | None:
        return self.graph.name if self.graph is not None else None

    def answer_text(self) -> str:
        """The short answer, in words."""
        return self.summary

    def facts(self) -> dict[str, Any]:
        """The result's own fields (no evidence, graph or summary): what the trace keeps."""
        common = set(ToolResult.model_fields)
        return self.model_dump(mode="json", exclude=common)

    def payload(self) -> dict[str, Any]:
        """JSON-ready view for callers (MCP, LangChain): summary first, then the rest."""
        data = self.model_dump(mode="json", exclude={"tool"})
        return {"summary": data.pop("summary"), "kind": self.kind, **data}

    @property
    def kind(self) -> str:
        return "text"


class YesNoResult(ToolResult):
    """yes / no / uncertain, with the opening sentence in the question's own terms."""

    answer: YesNo
    opening: str = ""  # e.g. "Yes: the data show no evidence of dependence."
    x: str | None = None
    y: str | None = None
    z: str | None = None  # a designated third variable (is z a confounder of x and y?)
    given: list[str] = Field(default_factory=list)
    p_value: float | None = None  # for a statistical test
    witnesses: list[str] = Field(default_factory=list)
    n_dags: int | None = None

    @property
    def kind(self) -> str:
        return "yes_no"

    def answer_text(self) -> str:
        return self.answer


class SetResult(ToolResult):
    """A set of variables (parents, ancestors, an adjustment set), definite and possible."""

    relation: str
    variable: str | None = None
    other: str | None = None  # the second variable (the outcome of an adjustment set)
    members: list[str] = Field(default_factory=list)
    possible: list[str] = Field(default_factory=list)
    alternatives: list[list[str]] = Field(default_factory=list)  # e.g. candidate adjustment sets
    identified: bool = True
    text: str = ""  # the short answer when it is not a plain list

    @property
    def kind(self) -> str:
        return "set"

    def answer_text(self) -> str:
        return self.text or ", ".join(self.members) or "none"


class DirectionResult(ToolResult):
    """Which of two variables causes the other: x_to_y, y_to_x, none, or uncertain."""

    x: str
    y: str
    direction: Literal["x_to_y", "y_to_x", "none", "uncertain"]
    n_dags: int | None = None

    @property
    def kind(self) -> str:
        return "direction"

    def answer_text(self) -> str:
        return {
            "x_to_y": f"{self.x} causes {self.y}",
            "y_to_x": f"{self.y} causes {self.x}",
            "none": "neither causes the other",
            "uncertain": "uncertain",
        }[self.direction]


class GraphResult(ToolResult):
    """A causal graph (discovered now, reused from memory, or shown)."""

    reused: bool = False
    seconds: float = 0.0

    @property
    def kind(self) -> str:
        return "graph"

    def answer_text(self) -> str:
        if self.graph is None or not self.graph.edges:
            return "no edges: the variables look mutually independent"
        return "; ".join(f"{a} {kind} {b}" for a, b, kind in self.graph.edges)


class EstimateResult(ToolResult):
    """An effect estimate, or the set of possible effects when directions are unknown."""

    estimate: EstimatePayload
    adjustment_reason: str = ""

    @property
    def kind(self) -> str:
        return "estimate"

    def answer_text(self) -> str:
        value = self.estimate.value
        return "uncertain" if value is None else f"{value:.4g}"


class TextResult(ToolResult):
    """Anything else: a data description, a list of graphs, a file written."""

    text: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    format: Literal["text", "table"] = "text"

    def answer_text(self) -> str:
        return self.text or self.summary
