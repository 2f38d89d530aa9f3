"""Rule-based question parser: a plain-language causal question -> ParsedQuestion.

Deterministic and offline. The steps, each in its own module of this package:

1. Blank out file names, find column mentions and split the text into sentences, each
   with a lowercase template in which column mentions are `@<k>` (sentences.py).
2. Pick the question sentence and its family: the last sentence whose family is
   recognised, preferring real questions and imperatives ("Determine whether ...") to
   statements of background (families.py, with the triggers in lexicon.json).
3. The family's builder reads the roles (x, y, given, variables, treatment values),
   filling a missing variable from a loose name match or the previous sentence, always
   with a note and a lower confidence (pairs.py, relatives.py, effects.py, graphs.py,
   with variables.py for the columns and their roles).
4. Settings named anywhere in the text: algorithm, independence test, alpha, estimator
   (settings_text.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from askwhy.core.names import mask_file_names
from askwhy.planning.rules.context import Context, Draft, Fields, unclear
from askwhy.planning.rules.effects import build_adjustment, build_effect
from askwhy.planning.rules.families import pick_question
from askwhy.planning.rules.graphs import build_graph
from askwhy.planning.rules.pairs import build_independence, pair_builder
from askwhy.planning.rules.relatives import build_cause, build_direct
from askwhy.planning.rules.sentences import split_sentences
from askwhy.planning.rules.settings_text import named_settings, read_settings

__all__ = [
    "Algorithm",
    "Method",
    "ParsedQuestion",
    "QuestionType",
    "TestName",
    "named_settings",
    "parse_question",
]

QuestionType = Literal[
    "independence",
    "direct_cause",
    "collider",
    "confounder",
    "graph",
    "effect",
    "parents",
    "children",
    "ancestors",
    "descendants",
    "adjustment_set",
]
Algorithm = Literal["pc", "fci", "ges", "lingam"]
TestName = Literal["fisherz", "chisq", "gsq", "kci"]
Method = Literal["linear_regression", "dml", "propensity_score_weighting"]


class ParsedQuestion(BaseModel):
    """What a question asks, with every variable an exact column name."""

    type: QuestionType
    x: str | None = None  # first variable; treatment; or the node for parents/children/...
    y: str | None = None  # second variable; outcome for effect/adjustment_set
    # independence: conditioning set; effect: named covariates; adjustment_set: a proposed set
    given: list[str] = Field(default_factory=list)
    variables: list[str] = Field(default_factory=list)  # graph: columns to use (empty = all)
    treatment_values: tuple[float, float] | None = None  # effect: (from, to)
    algorithm: Algorithm | None = None
    test: TestName | None = None
    alpha: float | None = None
    method: Method | None = None
    confidence: float = Field(ge=0.0, le=1.0)  # below 0.5: do not trust
    notes: list[str] = Field(default_factory=list)  # what was assumed or ignored


# The builder of each family that families.py recognises.
BUILDERS: dict[str, Callable[[Context], Fields]] = {
    "independence": build_independence,
    "collider": pair_builder("collider"),
    "confounder": pair_builder("confounder"),
    "direct": build_direct,
    "cause": build_cause,
    "effect": build_effect,
    "adjustment_set": build_adjustment,
    "graph": build_graph,
}


def parse_question(text: str, columns: Sequence[str]) -> ParsedQuestion:
    """Read a causal question about a table with these `columns`.

    Raises UnclearQuestionError when the kind of question cannot be told, and
    UnknownVariableError when a variable it names matches no column.
    """
    cols = list(dict.fromkeys(columns))
    draft = Draft()
    masked, files = mask_file_names(text or "")
    for name in files:
        draft.note(f"ignored '{name}' (the file name)")
    sentences = split_sentences(masked, cols)
    picked = pick_question(sentences, draft)
    if picked is None:
        reason = "The question is empty." if not sentences else "I could not tell what is asked."
        raise unclear(cols, reason)
    index, family = picked
    fields = BUILDERS[family](Context(sentences, index, cols, draft))
    if fields.get("x") is not None and fields.get("x") == fields.get("y"):
        raise unclear(cols, f"The question names {fields['x']} twice; name two different columns.")
    fields.update(read_settings(masked, draft))
    return ParsedQuestion(**fields, confidence=draft.confidence(), notes=draft.notes)
