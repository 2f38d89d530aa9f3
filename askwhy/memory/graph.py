"""CausalGraph: nodes and edges with endpoint marks (DAG, CPDAG or PAG) plus provenance."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field

EdgeKind = Literal["->", "--", "<->", "o->", "o-o"]
GraphKind = Literal["dag", "cpdag", "pag", "mixed"]


class Edge(BaseModel):
    """One edge. For "o->" the circle is at `source`; "->" means source causes target."""

    source: str
    target: str
    kind: EdgeKind

    def as_list(self) -> list[str]:
        return [self.source, self.target, self.kind]


class Provenance(BaseModel):
    """Where a graph came from, enough to recompute it."""

    dataset: str = ""  # dataset fingerprint
    dataset_name: str = ""
    algorithm: str = ""
    test: str | None = None
    alpha: float | None = None
    columns: list[str] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    created: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))


class CausalGraph(BaseModel):
    nodes: list[str]
    edges: list[Edge] = Field(default_factory=list)
    kind: GraphKind = "cpdag"
    provenance: Provenance | None = None

    def edge_list(self) -> list[list[str]]:
        """Edges as [[a, b, kind], ...], the Answer JSON form."""
        return [e.as_list() for e in self.edges]
