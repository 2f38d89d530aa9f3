"""The offline rule planner: parse the question, run the matching tool, hand back the plan."""

from __future__ import annotations

from typing import Any

from askwhy.core.settings import AnalysisSettings
from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.rules.parse import ParsedQuestion, parse_question
from askwhy.tools.registry import ToolRegistry

PAIR_TOOLS = {
    "direct_cause": "direct_cause",
    "collider": "common_effect",
    "confounder": "common_cause",
}
RELATIVES = ("parents", "children", "ancestors", "descendants")


class RulePlanner:
    """Deterministic and offline: no LLM, no network."""

    name = "rules"

    def plan(self, question: str, context: PlannerContext) -> Plan:
        parsed = parse_question(question, context.dataset().columns)
        return self.plan_parsed(parsed, context)

    def plan_parsed(self, parsed: ParsedQuestion, context: PlannerContext) -> Plan:
        """Run the one tool call that answers an already parsed question."""
        tool, args = plan(parsed, context.settings, context.registry)
        result = context.call(tool, **args)
        reading = describe(parsed)
        reading += "" if reading.endswith("?") else "."
        return Plan(results=[result], planner=self.name, reading=reading, notes=list(parsed.notes))


def plan(
    parsed: ParsedQuestion,
    settings: AnalysisSettings | None = None,
    registry: ToolRegistry | None = None,
) -> tuple[str, dict[str, Any]]:
    """The one tool call that answers a parsed question.

    Settings named in the question override `settings`; a tool gets only the settings it
    declares (so no call carries an argument its tool does not take).
    """
    if registry is None:
        from askwhy.tools.catalog import default_registry

        registry = default_registry()
    chosen = (settings or AnalysisSettings()).updated(
        {
            "algorithm": parsed.algorithm,
            "test": parsed.test,
            "alpha": parsed.alpha,
            "method": parsed.method,
        }
    )
    tool, args = _call(parsed)
    accepted = registry.get(tool).setting_fields
    return tool, {**args, **{k: v for k, v in chosen.model_dump().items() if k in accepted}}


def _call(parsed: ParsedQuestion) -> tuple[str, dict[str, Any]]:
    kind = parsed.type
    if kind == "independence":
        return "test_independence", {"x": parsed.x, "y": parsed.y, "given": parsed.given}
    if kind in PAIR_TOOLS:
        return PAIR_TOOLS[kind], {"x": parsed.x, "y": parsed.y}
    if kind == "graph":
        return "discover_graph", {"variables": parsed.variables}
    if kind in RELATIVES:
        return "relatives", {"x": parsed.x, "relation": kind}
    if kind == "adjustment_set":
        return "adjustment_set", {"treatment": parsed.x, "outcome": parsed.y}
    if kind == "effect":
        args = {
            "treatment": parsed.x,
            "outcome": parsed.y,
            "treatment_values": parsed.treatment_values,
            "covariates": parsed.given or None,
        }
        return "estimate_effect", {k: v for k, v in args.items() if v is not None}
    raise ValueError(f"unhandled question type {kind}")


def describe(parsed: ParsedQuestion) -> str:
    """How the question was understood, in words."""
    given = f" given {', '.join(parsed.given)}" if parsed.given else ""
    kind = parsed.type
    if kind == "independence":
        return f"are {parsed.x} and {parsed.y} independent{given}?"
    if kind == "direct_cause":
        return f"does {parsed.x} directly cause {parsed.y}?"
    if kind == "collider":
        return f"is there a common effect (collider) of {parsed.x} and {parsed.y}?"
    if kind == "confounder":
        return f"is there a common cause (confounder) of {parsed.x} and {parsed.y}?"
    if kind == "graph":
        return f"the causal graph of {', '.join(parsed.variables) or 'all columns'}"
    if kind in RELATIVES:
        return f"the {kind} of {parsed.x}"
    if kind == "adjustment_set":
        return f"what to adjust for to estimate the effect of {parsed.x} on {parsed.y}"
    values = ""
    if parsed.treatment_values:
        values = f" when {parsed.x} changes from {parsed.treatment_values[0]:g} to "
        values += f"{parsed.treatment_values[1]:g}"
    adjust = f", adjusting for {', '.join(parsed.given)}" if parsed.given else ""
    return f"the average effect of {parsed.x} on {parsed.y}{values}{adjust}"
