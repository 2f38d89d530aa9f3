"""A scripted planner: runs given tool calls through the context and returns the Plan.

    planner = ScriptedPlanner(call("direct_cause", x="tar", y="lung_cancer"))
    session = Session(planner=planner, persist=False)
    session.load("examples/smoking.csv")
    answer = session.ask("anything")          # the Answer composed from that tool's result

Calls go through `context.call`, so the registry validates them and the Session records
them in `Answer.trace`, exactly as for a real planner. Give `calls` as a function
`(question, context) -> list of calls` to choose them per question (or to raise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from askwhy.answer import PlannerStep
from askwhy.planning.base import Plan, PlannerContext


@dataclass(frozen=True)
class ToolCall:
    """One call the planner will make: a tool name and its arguments."""

    tool: str
    args: dict[str, Any] = field(default_factory=dict)


def call(tool: str, /, **args: Any) -> ToolCall:
    """ToolCall(tool, args), written like the call itself."""
    return ToolCall(tool, args)


CallsFor = Callable[[str, PlannerContext], Sequence[ToolCall]]


class ScriptedPlanner:
    """Makes the same calls for every question (or those `calls(question, context)` gives);
    the last call's result is the decisive one unless `decisive` names an index."""

    def __init__(
        self,
        *calls: ToolCall | CallsFor,
        name: str = "scripted",
        reading: str = "",
        notes: Sequence[str] = (),
        steps: Sequence[PlannerStep] = (),
        model_text: str = "",
        decisive: int | None = None,
    ):
        if len(calls) == 1 and callable(calls[0]) and not isinstance(calls[0], ToolCall):
            self._calls_for: CallsFor = calls[0]
        else:
            fixed = [c for c in calls if isinstance(c, ToolCall)]
            if len(fixed) != len(calls):
                raise TypeError("ScriptedPlanner takes ToolCalls, or one function of them.")
            self._calls_for = lambda question, context: fixed
        self.name = name
        self.reading = reading
        self.notes = list(notes)
        self.steps = list(steps)
        self.model_text = model_text
        self.decisive = decisive
        self.questions: list[str] = []

    def plan(self, question: str, context: PlannerContext) -> Plan:
        self.questions.append(question)
        results = [context.call(c.tool, **c.args) for c in self._calls_for(question, context)]
        if self.decisive is not None and results:
            chosen = results.pop(self.decisive)
            results.append(chosen)
        return Plan(
            results=results,
            planner=self.name,
            reading=self.reading,
            notes=list(self.notes),
            steps=list(self.steps),
            model_text=self.model_text,
        )


__all__ = ["ScriptedPlanner", "ToolCall", "call"]
