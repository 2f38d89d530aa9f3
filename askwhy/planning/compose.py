"""Turn a planner's tool results into the Answer: dispatch on the result type, never on names.

The Answer restates the frame it answered; a question about dependence gets its yes/no in
its own terms; a multiple-choice question gets the letter and the option; a refusal says
what was understood and how to ask.
"""

from __future__ import annotations

from askwhy.answer import Answer, TraceStep
from askwhy.frame import Frame
from askwhy.planning.base import Plan
from askwhy.planning.frames import frame_of_result
from askwhy.tools.results import (
    EstimateResult,
    GraphResult,
    ToolResult,
    YesNoResult,
)

MAX_MODEL_TEXT = 2000
DEPENDENCE_OPENINGS = {
    "yes": "Yes: the data show they are dependent (associated).",
    "no": "No: the data show no evidence of dependence (independence is not rejected).",
    "uncertain": "Uncertain: the data cannot tell whether they are associated.",
}
FLIP = {"yes": "no", "no": "yes", "uncertain": "uncertain"}


def compose_answer(
    question: str,
    plan: Plan,
    trace: list[TraceStep],
    planner: str,
    notes: list[str] | None = None,
) -> Answer:
    """Build the Answer from the decisive (last) result of the plan and the ones before it."""
    results = plan.results
    if plan.frame is None and results:
        plan.frame = frame_of_result(results[-1])  # a model's reading: its decisive call
    reading = plan.reading or (plan.frame.restate() if plan.frame else "")
    all_notes = [f"Read the question as: {reading}"] if reading and not plan.unclear else []
    all_notes += [*plan.notes, *(notes or [])]
    common = {
        "question": question,
        "frame": plan.frame,
        "trace": trace,
        "planner_steps": list(plan.steps),
        "planner": plan.planner or planner,
    }
    model_words = _model_words(plan.model_text)
    if plan.unclear:
        return Answer(
            kind="unclear",
            answer="unclear",
            explanation=plan.unclear + model_words,
            notes=_unique(all_notes),
            **common,
        )
    if not results:
        return Answer(
            kind="text",
            answer="no analysis was run",
            explanation="No tool was called, so there is nothing to report." + model_words,
            notes=_unique(all_notes),
            **common,
        )
    final = results[-1]
    evidence = [e for r in results for e in r.evidence]
    all_notes += [w for r in results for w in r.warnings]
    common.update(
        evidence=evidence,
        assumptions=_unique(a for e in evidence for a in e.assumptions),
        notes=_unique(all_notes),
        graph=final.graph,
    )
    explanation = _explanation(results) + model_words

    if plan.choice is not None:
        letter = plan.choice.letter
        option = plan.frame.options.get(letter, "") if plan.frame and letter else ""
        answer = f"{letter}: {option}" if letter else "uncertain"
        why = f"{plan.choice.reason} " if plan.choice.reason else ""
        return Answer(
            kind="choice", answer=answer, choice=letter, explanation=why + explanation, **common
        )
    if isinstance(final, YesNoResult):
        answer, opening = final.answer, final.opening
        if _asks_dependence(plan.frame, final):
            answer, opening = FLIP[answer], DEPENDENCE_OPENINGS[FLIP[answer]]
        word = opening.rstrip(".:").lower()
        if word and explanation.lower().startswith(word):
            opening = ""  # the explanation already opens with it ("Uncertain: ...")
        opening = f"{opening} " if opening else ""
        return Answer(kind="yes_no", answer=answer, explanation=opening + explanation, **common)
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
    return Answer(kind="text", answer=final.answer_text(), explanation=explanation, **common)


def _asks_dependence(frame: Frame | None, result: YesNoResult) -> bool:
    """A question about association answered by an independence test: say it its way."""
    return (
        frame is not None
        and frame.family == "independence"
        and frame.polarity == "dependence"
        and result.tool == "test_independence"
    )


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
