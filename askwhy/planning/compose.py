"""Turn a planner's tool results into the Answer: dispatch on the result type, never on names."""

from __future__ import annotations

from askwhy.answer import Answer, PlannerStep, TraceStep
from askwhy.planning.base import Plan
from askwhy.tools.results import (
    EstimateResult,
    GraphResult,
    SetResult,
    ToolResult,
    YesNoResult,
)

MAX_MODEL_TEXT = 2000


def compose_answer(
    question: str,
    plan: Plan,
    trace: list[TraceStep],
    planner: str,
    notes: list[str] | None = None,
) -> Answer:
    """Build the Answer from the decisive (last) result of the plan and the ones before it."""
    results = plan.results
    all_notes = [*([f"Read the question as: {plan.reading}"] if plan.reading else [])]
    all_notes += [*plan.notes, *(notes or [])]
    steps: list[PlannerStep] = list(plan.steps)
    model_words = _model_words(plan.model_text)
    if not results:
        return Answer(
            question=question,
            kind="text",
            answer="no analysis was run",
            explanation="No tool was called, so there is nothing to report." + model_words,
            notes=_unique(all_notes),
            trace=trace,
            planner_steps=steps,
            planner=plan.planner or planner,
        )
    final = results[-1]
    evidence = [e for r in results for e in r.evidence]
    assumptions = _unique(a for e in evidence for a in e.assumptions)
    all_notes += [w for r in results for w in r.warnings]
    common = {
        "question": question,
        "evidence": evidence,
        "assumptions": assumptions,
        "notes": _unique(all_notes),
        "trace": trace,
        "planner_steps": steps,
        "planner": plan.planner or planner,
        "graph": final.graph,
    }
    explanation = _explanation(results) + model_words

    if isinstance(final, YesNoResult):
        opening = f"{final.opening} " if final.opening else ""
        return Answer(
            kind="yes_no", answer=final.answer, explanation=opening + explanation, **common
        )
    if isinstance(final, EstimateResult):
        return Answer(
            kind="estimate",
            answer=final.answer_text(),
            estimate=final.estimate,
            explanation=explanation,
            **common,
        )
    if isinstance(final, GraphResult) and final.graph is not None:
        return Answer(kind="graph", answer=final.answer_text(), explanation=explanation, **common)
    if isinstance(final, SetResult):
        return Answer(kind="text", answer=final.answer_text(), explanation=explanation, **common)
    return Answer(kind="text", answer=final.answer_text(), explanation=explanation, **common)


def _explanation(results: list[ToolResult]) -> str:
    """What each tool found, then where its graph came from (memory or a fresh discovery)."""
    summaries = [r.summary for r in results]
    sources = [
        e.note
        for r in results
        for e in r.evidence
        if e.kind == "discovery" and e.note and not any(e.note.startswith(s) for s in summaries)
    ]
    return " ".join([*summaries, *_unique(sources)])


def _model_words(text: str) -> str:
    """A model's closing words, capped, as a paragraph of the explanation ('' if none)."""
    text = text.strip()
    if not text:
        return ""
    if len(text) > MAX_MODEL_TEXT:
        text = text[:MAX_MODEL_TEXT] + " [cut]"
    return f"\n\nModel's summary: {text}"


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
