"""The planner contract: a planner reads a question and runs tool calls through a narrow
context; the Session records the tool trace and composes the Answer once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from askwhy.answer import Answer, PlannerStep
from askwhy.core.settings import AnalysisSettings
from askwhy.frame import Frame
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from askwhy.core.data import Dataset
    from askwhy.tools.registry import ToolRegistry


class PlannerContext(Protocol):
    """What a planner may use: the data, the settings, the tools, the earlier answers."""

    @property
    def settings(self) -> AnalysisSettings: ...

    @property
    def registry(self) -> ToolRegistry: ...

    @property
    def history(self) -> Sequence[Answer]: ...

    def dataset(self, name: str | None = None) -> Dataset: ...

    def graph_names(self) -> list[str]: ...

    def call(self, tool: str, **args: Any) -> ToolResult:
        """Validate and run one tool; the Session records it in the trace."""
        ...


@dataclass
class Choice:
    """The option a multiple-choice question gets: its letter (None: undecided) and why."""

    letter: str | None
    reason: str = ""


@dataclass
class Plan:
    """What a planner hands back: the results to answer from (decisive one last), how it read
    the question, notes, and its own steps (routing, model calls), kept apart from tools."""

    results: list[ToolResult] = field(default_factory=list)
    planner: str = ""
    reading: str = ""  # how the question was read, in words (default: frame.restate())
    frame: Frame | None = None
    choice: Choice | None = None  # for a multiple-choice frame
    unclear: str = ""  # set when the planner refuses: why, and a rephrasing that would work
    notes: list[str] = field(default_factory=list)
    steps: list[PlannerStep] = field(default_factory=list)
    model_text: str = ""  # a model's closing words, shown as its summary


class Planner(Protocol):
    """Turns a question into tool calls on the context."""

    name: str

    def plan(self, question: str, context: PlannerContext) -> Plan: ...
