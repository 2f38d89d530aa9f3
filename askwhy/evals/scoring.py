"""Score one Answer against one label: one small function per kind of label.

- "yes" / "no" / "uncertain": exact match of the three-valued answer.
- edge list [[a, b, kind], ...]: exact match, plus skeleton and oriented precision / recall /
  F1 and the structural Hamming distance (SHD).
- {"ate": number}: correct when |prediction - ate| <= max(rtol * |ate|, atol); relative and
  absolute error reported.
- {"set": [...]}: the same set of variables (parents, ancestors, adjustment set, ...).

Verdicts, sets and estimates are read from the decisive tool call of the trace (the last
successful call of a tool that is not a context tool), typed again by the tool's answer
kind; planner steps (model calls, routing) live apart in `Answer.planner_steps`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field, ValidationError

from askwhy.answer import Answer, TraceStep
from askwhy.evals.cases import Label
from askwhy.tools.catalog import default_registry
from askwhy.tools.registry import ToolRegistry
from askwhy.tools.results import (
    EstimateResult,
    GraphResult,
    SetResult,
    TextResult,
    ToolResult,
    YesNoResult,
)

YES_NO = ("yes", "no", "uncertain")
RESULT_TYPES: dict[str, type[ToolResult]] = {
    "yes_no": YesNoResult,
    "set": SetResult,
    "graph": GraphResult,
    "estimate": EstimateResult,
    "text": TextResult,
}


class Score(BaseModel):
    """Whether a prediction matches a label, with the numbers behind it."""

    correct: bool
    metrics: dict[str, float] = Field(default_factory=dict)


class Tolerance(BaseModel):
    rtol: float = Field(default=0.05, ge=0, description="Relative error allowed for estimates.")
    atol: float = Field(default=0.0, ge=0, description="Absolute error allowed for estimates.")


def score(
    answer: Answer,
    label: Label,
    tolerance: Tolerance | None = None,
    registry: ToolRegistry | None = None,
) -> Score:
    """Score `answer` against `label`, whatever the label's kind. `registry` (default: all
    askwhy tools) tells which trace steps only gathered context."""
    tolerance = tolerance or Tolerance()
    registry = registry or default_registry()
    if isinstance(label, str):
        return score_yes_no(predicted_verdict(answer, registry), label)
    if isinstance(label, list):
        graph = answer.graph
        edges = [list(e) for e in graph.edges] if graph is not None else []
        return score_graph(edges, label)
    if "ate" in label:
        return score_estimate(predicted_value(answer, registry), float(label["ate"]), tolerance)
    if "set" in label:
        return score_set(predicted_set(answer, registry), label["set"])
    raise ValueError(f"Unknown label {label!r}: use yes/no/uncertain, an edge list, ate or set.")


# ----- what the answer says ----------------------------------------------------------------


def decisive_step(answer: Answer, registry: ToolRegistry | None = None) -> TraceStep | None:
    """The trace step the answer rests on: the last call without an error to a tool that is
    not a context tool (describe_data, list_graphs: `Tool.context`). Steps of tools the
    registry does not know (older recorded planner steps such as "llm") are skipped."""
    registry = registry or default_registry()
    for step in reversed(answer.trace):
        if step.error is None and step.tool in registry and not registry.get(step.tool).context:
            return step
    return None


def decisive_result(answer: Answer, registry: ToolRegistry | None = None) -> ToolResult | None:
    """The decisive step read back into its typed result (by the tool's answer kind)."""
    registry = registry or default_registry()
    step = decisive_step(answer, registry)
    if step is None:
        return None
    kind = RESULT_TYPES.get(registry.get(step.tool).answer, TextResult)
    try:
        return kind.model_validate({**step.result, "tool": step.tool, "summary": step.summary})
    except ValidationError:
        return None


def predicted_verdict(answer: Answer, registry: ToolRegistry | None = None) -> str:
    """The three-valued verdict: the decisive yes/no result's answer, "uncertain" for a set
    with several candidates or an unidentified estimate, else the answer text."""
    if answer.estimate is not None and answer.kind == "estimate":
        return "uncertain" if answer.estimate.value is None else answer.answer
    result = decisive_result(answer, registry)
    if isinstance(result, YesNoResult):
        return result.answer
    if isinstance(result, SetResult) and len(result.alternatives) > 1:
        return "uncertain"
    if isinstance(result, EstimateResult) and result.estimate.value is None:
        return "uncertain"
    return answer.answer.strip().lower()


def predicted_set(answer: Answer, registry: ToolRegistry | None = None) -> list[str] | None:
    """The set of variables an answer names (None when it names no single set)."""
    result = decisive_result(answer, registry)
    if isinstance(result, SetResult):
        if result.alternatives:
            return list(result.alternatives[0]) if len(result.alternatives) == 1 else None
        return list(result.members)
    text = answer.answer.strip()
    if text.lower() in ("none", "nothing", "") or text.lower().startswith("nothing"):
        return []
    if text.lower() in YES_NO:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def predicted_value(answer: Answer, registry: ToolRegistry | None = None) -> float | None:
    """The effect estimate: the Answer's, else the decisive estimate result's."""
    if answer.estimate is not None:
        return answer.estimate.value
    result = decisive_result(answer, registry)
    return result.estimate.value if isinstance(result, EstimateResult) else None


# ----- scorers ---------------------------------------------------------------------------


def score_yes_no(predicted: str, label: str) -> Score:
    return Score(correct=predicted.strip().lower() == label.strip().lower())


def score_set(predicted: Sequence[str] | None, label: Sequence[str]) -> Score:
    if predicted is None:
        return Score(correct=False)
    return Score(correct=set(predicted) == set(label))


def score_estimate(value: float | None, target: float, tolerance: Tolerance) -> Score:
    if value is None or not math.isfinite(value):
        return Score(correct=False)
    abs_error = abs(value - target)
    rel_error = abs_error / abs(target) if target != 0 else math.inf
    allowed = max(tolerance.rtol * abs(target), tolerance.atol)
    metrics = {"abs_error": abs_error}
    if math.isfinite(rel_error):
        metrics["rel_error"] = rel_error
    return Score(correct=abs_error <= allowed, metrics=metrics)


def score_graph(predicted: Iterable[Sequence[str]], label: Iterable[Sequence[str]]) -> Score:
    """Exact match, skeleton / oriented precision, recall and F1, and SHD."""
    pred, true = _edge_map(predicted), _edge_map(label)
    pred_skeleton, true_skeleton = set(pred), set(true)
    pred_directed, true_directed = _directed(pred), _directed(true)
    metrics: dict[str, float] = {}
    metrics.update(_prf("skeleton", pred_skeleton, true_skeleton))
    metrics.update(_prf("oriented", pred_directed, true_directed))
    metrics["shd"] = float(
        len(pred_skeleton ^ true_skeleton)
        + sum(1 for pair in pred_skeleton & true_skeleton if pred[pair] != true[pair])
    )
    return Score(correct=pred == true, metrics=metrics)


def _edge_map(edges: Iterable[Sequence[str]]) -> dict[frozenset[str], tuple[str, str, str]]:
    """Each adjacent pair -> its edge in a canonical orientation (a -> b, or sorted ends)."""
    mapped = {}
    for a, b, kind in edges:
        a, b, kind = str(a), str(b), str(kind)
        if kind == "<-":
            a, b, kind = b, a, "->"
        if kind in ("--", "<->", "o-o") and b < a:
            a, b = b, a
        mapped[frozenset((a, b))] = (a, b, kind)
    return mapped


def _directed(edges: dict[frozenset[str], tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, b, kind in edges.values() if kind == "->"}


def _prf(prefix: str, predicted: set, true: set) -> dict[str, float]:
    hits = len(predicted & true)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {f"{prefix}_precision": precision, f"{prefix}_recall": recall, f"{prefix}_f1": f1}
