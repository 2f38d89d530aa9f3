"""ToolResult and Evidence: what every tool returns."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Evidence(BaseModel):
    """One piece of evidence: the method, its numbers, its settings and assumptions."""

    method: str
    statistic: float | None = None
    p_value: float | None = None
    alpha: float | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    assumptions: list[str] = Field(default_factory=list)
    note: str = ""


class ToolResult(BaseModel):
    """Structured payload + one plain sentence + evidence."""

    tool: str
    summary: str
    data: dict[str, Any] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    graph_name: str | None = None
    warnings: list[str] = Field(default_factory=list)  # shown to the user as notes
