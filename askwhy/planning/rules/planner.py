"""The offline rule planner: read the question into a Frame, run the tools that answer it,
hand back the plan; below its confidence threshold it runs no tool and says why.

Frame -> tool calls (a tool gets only the settings it declares; settings the question
names override the session's):

    independence        test_independence(x, y, given)   (compose says it in the
                        question's own terms when it asks about dependence)
    direct_cause        direct_cause(x, y)
    collider            common_effect(x, y[, z])
    confounder          common_cause(x, y[, z])
    mediator            mediator(x, y[, z])
    parents ...         relatives(x, relation)
    ancestors, yes/no   relatives(x, "ancestors"), then: is y among them?
    adjustment_set      adjustment_set(treatment, outcome); with a proposed set (yes/no):
                        is it among the sets found?
    effect              estimate_effect(treatment, outcome, treatment_values, covariates);
                        with a design, estimand, subgroup or reference: estimate_design(...)
    graph               discover_graph(variables)
    pairwise_direction  pairwise_direction(x, y)
    describe_data       describe_data([variables])
    format "choice"     the options' claims, each with its tool (choosing.py)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from askwhy.core.settings import AnalysisSettings
from askwhy.frame import RELATIVE_FAMILIES, EffectDesign, Frame
from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.rules.choosing import choose
from askwhy.planning.rules.designs import table_facts
from askwhy.planning.rules.parse import Reading, read
from askwhy.planning.rules.refusal import refusal, understood_as
from askwhy.tools.registry import ToolRegistry
from askwhy.tools.results import DirectionResult, SetResult, ToolResult, YesNoResult

# Below this confidence the rule planner answers nothing and says why. Read from the
# generated eval questions (all read at 0.95) and the hand-written cases in tests/planning/
# cases: every right reading there scores 0.65 or more, and the readings that are guesses
# (a column taken from another sentence when several would fit, a third variable named
# without its role, an option that cannot be read) fall to 0.55 or less.
RULES_THRESHOLD = 0.6
PAIR_TOOLS = {
    "direct_cause": "direct_cause",
    "collider": "common_effect",
    "confounder": "common_cause",
    "mediator": "mediator",
}


class ToolUnavailable(Exception):
    """The frame needs a tool (or an argument) this registry does not have."""


class RulePlanner:
    """Deterministic and offline: no LLM, no network."""

    name = "rules"

    def __init__(self, threshold: float = RULES_THRESHOLD):
        self.threshold = threshold

    def plan(self, question: str, context: PlannerContext) -> Plan:
        dataset = context.dataset()
        aliases, facts = dataset_aliases(dataset), table_facts(dataset)
        reading = read(question, dataset.columns, aliases, previous_frame(context), facts)
        return self.plan_reading(reading, context)

    def plan_frame(self, frame: Frame, context: PlannerContext) -> Plan:
        """Plan an already read frame (the auto planner reads once)."""
        return self.plan_reading(Reading(frame), context)

    def plan_reading(self, reading: Reading, context: PlannerContext) -> Plan:
        frame = reading.frame
        columns = context.dataset().columns
        if frame.family == "unclear":
            reason = reading.reason or (frame.notes[0] if frame.notes else "")
            return self._refuse(
                frame, refusal(frame, reading.partial, reason, columns, reading.phrases)
            )
        if frame.confidence < self.threshold:
            doubts = "; ".join(frame.notes) or "the wording is unusual"
            reason = (
                f"I am not sure I read it right (confidence {frame.confidence:.2f}, below "
                f"{self.threshold:.2f}): {doubts}."
            )
            return self._refuse(frame, refusal(frame, None, reason, columns))
        try:
            return self._answer(frame, context)
        except ToolUnavailable as err:
            return self._refuse(frame, f"I read this as: {understood_as(frame)}\nBut {err}")

    def _refuse(self, frame: Frame, message: str) -> Plan:
        return Plan(frame=frame, unclear=message, planner=self.name, notes=list(frame.notes))

    def _answer(self, frame: Frame, context: PlannerContext) -> Plan:
        def run(tool: str, args: dict[str, Any]) -> ToolResult:
            name, full = call_for(tool, args, frame, context.settings, context.registry)
            return context.call(name, **full)

        notes = list(frame.notes)
        if frame.format == "choice":
            results, choice = choose(frame, run)
            return Plan(results, self.name, understood_as(frame), frame, choice, notes=notes)
        tool, args = tool_call(frame, context.registry)
        if tool == "describe_data" and frame.variables and "variables" not in args:
            notes.append("described the whole table (the tool takes no column list)")
        results = [run(tool, args)]
        results += derived(frame, results[-1])
        return Plan(
            results=results,
            planner=self.name,
            reading=understood_as(frame),
            frame=frame,
            notes=notes,
        )


def refusal_for(
    reading: Reading, columns: Sequence[str], threshold: float = RULES_THRESHOLD
) -> str:
    """The refusal message for a reading the planner must not act on ("" when it may)."""
    frame = reading.frame
    if frame.family == "unclear":
        reason = reading.reason or (frame.notes[0] if frame.notes else "")
        return refusal(frame, reading.partial, reason, columns, reading.phrases)
    if frame.confidence < threshold:
        doubts = "; ".join(frame.notes) or "the wording is unusual"
        reason = (
            f"I am not sure I read it right (confidence {frame.confidence:.2f}, below "
            f"{threshold:.2f}): {doubts}."
        )
        return refusal(frame, None, reason, columns)
    return ""


def previous_frame(context: PlannerContext) -> Frame | None:
    """The frame of the previous answer in this chat, if any."""
    history = getattr(context, "history", None) or []
    return getattr(history[-1], "frame", None) if history else None


def dataset_aliases(dataset: Any) -> Mapping[str, Sequence[str]] | None:
    """The dataset's column aliases (from its data dictionary), if it has any."""
    aliases = getattr(dataset, "aliases", None)
    return aliases() if callable(aliases) else aliases


def tool_call(frame: Frame, registry: ToolRegistry | None = None) -> tuple[str, dict[str, Any]]:
    """The tool and arguments (without settings) that answer a frame."""
    f = frame
    if f.family == "independence":
        return "test_independence", {"x": f.x, "y": f.y, "given": list(f.given)}
    if f.family in PAIR_TOOLS:
        args = {"x": f.x, "y": f.y}
        if f.family != "direct_cause" and f.z:
            args["z"] = f.z
        return PAIR_TOOLS[f.family], args
    yes_no_cause = f.family == "ancestors" and f.y and f.format == "yes_no"
    if yes_no_cause and _takes(registry, "pairwise_direction", "x"):
        # "does y cause x?": the graph's direction over the class, and when the graph cannot
        # orient the pair, the pairwise methods (two-column data included)
        return "pairwise_direction", {"x": f.y, "y": f.x}
    if f.family in RELATIVE_FAMILIES:
        return "relatives", {"x": f.x, "relation": f.family}
    if f.family == "adjustment_set":
        args = {"treatment": f.treatment, "outcome": f.outcome}
        if f.adjust_for and _takes(registry, "adjustment_set", "proposed"):
            args["proposed"] = list(f.adjust_for)
        return "adjustment_set", args
    if f.family == "effect":
        args = {
            "treatment": f.treatment,
            "outcome": f.outcome,
            "treatment_values": f.treatment_values,
            "covariates": list(f.adjust_for) or None,
        }
        if f.design is not None:  # a design, estimand, subgroup or reference was named
            args.update(design_arguments(f.design))
            return "estimate_design", {k: v for k, v in args.items() if v not in (None, [])}
        return "estimate_effect", {k: v for k, v in args.items() if v is not None}
    if f.family == "graph":
        return "discover_graph", {"variables": list(f.variables)}
    if f.family == "pairwise_direction":
        return "pairwise_direction", {"x": f.x, "y": f.y}
    if f.family == "describe_data":
        if _takes(registry, "describe_data", "variables"):
            return "describe_data", {"variables": list(f.variables)}
        return "describe_data", {}
    raise ValueError(f"no tool answers a {f.family} frame")


def design_arguments(design: EffectDesign) -> dict[str, Any]:
    """estimate_design's arguments for a frame's design (None: left to the tool)."""
    args = design.model_dump(exclude={"subgroup"}, exclude_none=True)
    if design.subgroup is not None:
        args["subgroup"] = design.subgroup.model_dump(exclude_none=True)
    return args


def call_for(
    tool: str,
    args: dict[str, Any],
    frame: Frame,
    settings: AnalysisSettings | None = None,
    registry: ToolRegistry | None = None,
) -> tuple[str, dict[str, Any]]:
    """The call with the settings the tool declares (the question's over the session's);
    ToolUnavailable when the registry lacks the tool, an argument, or a required one."""
    if registry is None:
        from askwhy.tools.catalog import default_registry

        registry = default_registry()
    if tool not in registry:
        raise ToolUnavailable(f"answering it needs the tool '{tool}', which is not available.")
    declared = registry.get(tool)
    fields = declared.args_model.model_fields
    unknown = [a for a in args if a not in fields]
    if unknown:
        raise ToolUnavailable(
            f"the tool '{tool}' cannot take {', '.join(unknown)} yet, so I cannot answer "
            "exactly what was asked."
        )
    missing = [n for n, f in fields.items() if f.is_required() and n not in args and n != "dataset"]
    if missing:
        raise ToolUnavailable(
            f"the tool '{tool}' needs {', '.join(missing)}; name it in the question."
        )
    chosen = (settings or AnalysisSettings()).updated(dict(frame.settings))
    values = chosen.model_dump()
    return tool, {**args, **{k: values[k] for k in declared.setting_fields if k in values}}


def _takes(registry: ToolRegistry | None, tool: str, argument: str) -> bool:
    if registry is None or tool not in registry:
        return False
    return argument in registry.get(tool).argument_names


def derived(frame: Frame, result: ToolResult) -> list[ToolResult]:
    """The yes/no answer a set result implies for a yes/no frame (is y a cause of x? is the
    proposed set an adjustment set?)."""
    if isinstance(result, DirectionResult) and frame.family == "ancestors" and frame.y:
        return [_causes(frame, result)] if frame.format == "yes_no" else []
    if not isinstance(result, SetResult) or frame.format != "yes_no":
        return []
    if frame.family == "ancestors" and frame.y:
        return [_is_ancestor(frame, result)]
    if frame.family == "adjustment_set" and frame.adjust_for:
        return [_is_adjustment_set(frame, result)]
    return []


def _is_ancestor(frame: Frame, result: SetResult) -> YesNoResult:
    cause, effect = frame.y, frame.x
    listed = ", ".join(result.members) or "none"
    if cause in result.members:
        answer, text = "yes", f"{cause} is a cause of {effect}: it is among its causes ({listed})."
    elif cause in result.possible:
        answer = "uncertain"
        text = (
            f"{cause} may be a cause of {effect}: the graph does not orient the edges between them."
        )
    else:
        answer, text = "no", f"{cause} is not among the causes of {effect} ({listed})."
    return YesNoResult(
        tool="relatives",
        summary=text,
        answer=answer,
        opening=f"{answer.capitalize()}.",
        x=cause,
        y=effect,
        graph=result.graph,
    )


def _causes(frame: Frame, result: DirectionResult) -> YesNoResult:
    """Is y a cause (direct or not) of x, read from the direction of the pair y -> x."""
    cause, effect = frame.y, frame.x
    answer = {"x_to_y": "yes", "y_to_x": "no", "none": "no"}.get(result.direction, "uncertain")
    summary = {
        "yes": f"So {cause} causes {effect} (directly or through other variables).",
        "no": f"So {cause} does not cause {effect}.",
        "uncertain": f"So whether {cause} causes {effect} is not decided by these data.",
    }[answer]
    return YesNoResult(
        tool="pairwise_direction",
        summary=summary,
        answer=answer,
        opening=f"{answer.capitalize()}.",
        x=cause,
        y=effect,
        graph=result.graph,
        evidence=[],
    )


def _is_adjustment_set(frame: Frame, result: SetResult) -> YesNoResult:
    proposed = sorted(frame.adjust_for)
    sets = [sorted(s) for s in (result.alternatives or [result.members])]
    shown = "; ".join("{" + ", ".join(s) + "}" for s in sets) or "none"
    if result.identified and proposed in sets:
        answer = "yes"
        text = f"{{{', '.join(proposed)}}} is an adjustment set the graph gives ({shown})."
    else:
        answer = "uncertain"
        text = (
            f"the graph gives {shown} as adjustment sets; whether {{{', '.join(proposed)}}} "
            "also blocks every back-door path is not checked."
        )
    return YesNoResult(
        tool="adjustment_set",
        summary=text[:1].upper() + text[1:],
        answer=answer,
        opening=f"{answer.capitalize()}.",
        x=frame.treatment,
        y=frame.outcome,
        graph=result.graph,
    )
