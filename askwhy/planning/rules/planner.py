"""The offline rule planner: parse the question, call the matching tool, compose the Answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from askwhy.answer import Answer
from askwhy.planning.compose import compose_answer
from askwhy.planning.rules.parse import ParsedQuestion, parse_question

if TYPE_CHECKING:
    from askwhy.session import Session

PAIR_TOOLS = {
    "direct_cause": "direct_cause",
    "collider": "common_effect",
    "confounder": "common_cause",
}
RELATIVES = ("parents", "children", "ancestors", "descendants")


class RulePlanner:
    """Deterministic and offline: no LLM, no network."""

    name = "rules"

    def answer(self, question: str, session: Session) -> Answer:
        dataset = session.dataset()
        parsed = parse_question(question, dataset.columns)
        tool, args = plan(parsed, session.defaults)
        results = [session.call(tool, **args)]
        reading = describe(parsed)
        reading += "" if reading.endswith("?") else "."
        notes = [f"Read the question as: {reading}", *parsed.notes, *dataset.notes]
        return compose_answer(
            question, results, session.take_trace(), planner=self.name, notes=notes
        )


def plan(
    parsed: ParsedQuestion, defaults: dict[str, Any] | None = None
) -> tuple[str, dict[str, Any]]:
    """The one tool call that answers a parsed question; `defaults` fill unnamed settings."""
    settings: dict[str, Any] = dict(defaults or {})
    if parsed.algorithm:
        settings["algorithm"] = parsed.algorithm
    if parsed.test:
        settings["test"] = parsed.test
    if parsed.alpha:
        settings["alpha"] = parsed.alpha
    if parsed.method:
        settings["method"] = parsed.method

    kind = parsed.type
    if kind == "independence":
        args = {"x": parsed.x, "y": parsed.y, "given": parsed.given}
        args.update({k: v for k, v in settings.items() if k != "algorithm"})
        return "test_independence", args
    if kind in PAIR_TOOLS:
        return PAIR_TOOLS[kind], {"x": parsed.x, "y": parsed.y, **settings}
    if kind == "graph":
        return "discover_graph", {"variables": parsed.variables, **settings}
    if kind in RELATIVES:
        return "relatives", {"x": parsed.x, "relation": kind, **settings}
    if kind == "adjustment_set":
        return "adjustment_set", {"treatment": parsed.x, "outcome": parsed.y, **settings}
    if kind == "effect":
        args = {
            "treatment": parsed.x,
            "outcome": parsed.y,
            "treatment_values": parsed.treatment_values,
            "covariates": parsed.given or None,
        }
        return "estimate_effect", {**args, **settings}
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
