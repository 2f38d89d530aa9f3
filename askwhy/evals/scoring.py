"""Score one Answer against one label: one small function per kind of label.

- "yes" / "no" / "uncertain": exact match of the three-valued answer.
- edge list [[a, b, kind], ...]: exact match, plus skeleton and oriented precision / recall /
  F1 and the structural Hamming distance (SHD).
- {"ate": number}: correct when |prediction - ate| <= max(rtol * |ate|, atol); relative and
  absolute error reported.
- {"set": [...]}: the same set of variables (parents, ancestors, adjustment set, ...).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from askwhy.answer import Answer
from askwhy.evals.cases import Label

YES_NO = ("yes", "no", "uncertain")


class Score(BaseModel):
    """Whether a prediction matches a label, with the numbers behind it."""

    correct: bool
    metrics: dict[str, float] = Field(default_factory=dict)


class Tolerance(BaseModel):
    rtol: float = Field(default=0.05, ge=0, description="Relative error allowed for estimates.")
    atol: float = Field(default=0.0, ge=0, description="Absolute error allowed for estimates.")


def score(answer: Answer, label: Label, tolerance: Tolerance | None = None) -> Score:
    """Score `answer` against `label`, whatever the label's kind."""
    tolerance = tolerance or Tolerance()
    if isinstance(label, str):
        return score_yes_no(predicted_verdict(answer), label)
    if isinstance(label, list):
        graph = answer.graph
        edges = [list(e) for e in graph.edges] if graph is not None else []
        return score_graph(edges, label)
    if "ate" in label:
        value = answer.estimate.value if answer.estimate is not None else None
        return score_estimate(value, float(label["ate"]), tolerance)
    if "set" in label:
        return score_set(predicted_set(answer), label["set"])
    raise ValueError(f"Unknown label {label!r}: use yes/no/uncertain, an edge list, ate or set.")


# ----- what the answer says ----------------------------------------------------------------


def predicted_verdict(answer: Answer) -> str:
    """The three-valued verdict: the yes/no answer, or "uncertain" for an unidentified set
    or estimate, or the answer text otherwise."""
    if answer.kind == "estimate" and answer.estimate is not None:
        return "uncertain" if answer.estimate.value is None else answer.answer
    result = _last_result(answer)
    if "sets" in result and len(result["sets"]) != 1:
        return "uncertain"
    return answer.answer.strip().lower()


def predicted_set(answer: Answer) -> list[str] | None:
    """The set of variables an answer names (None when it names no single set)."""
    result = _last_result(answer)
    if "definite" in result:
        return list(result["definite"])
    if "sets" in result:
        return list(result["sets"][0]) if len(result["sets"]) == 1 else None
    text = answer.answer.strip()
    if text.lower() in ("none", "nothing", "") or text.lower().startswith("nothing"):
        return []
    if text.lower() in YES_NO:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _last_result(answer: Answer) -> dict[str, Any]:
    for step in reversed(answer.trace):
        if step.error is None:
            return step.result
    return {}


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
