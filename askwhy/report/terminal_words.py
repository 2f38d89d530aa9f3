"""Words for the terminal view: numbers for people, method names, and the short forms of an
Answer's evidence, assumptions and notes.

Everything here returns plain strings; askwhy.report.terminal puts them into rich Text
objects (never into markup), so names with brackets print as written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from askwhy.answer import Answer, Evidence, GraphPayload

LABELS = {
    "fisherz": "Fisher-z",
    "chisq": "chi-square",
    "gsq": "G-square",
    "kci": "KCI",
    "pc": "PC",
    "fci": "FCI",
    "ges": "GES",
    "grasp": "GRaSP",
    "boss": "BOSS",
    "lingam": "LiNGAM",
    "linear_regression": "linear regression",
    "dml": "double ML",
    "propensity_score_weighting": "propensity score weighting",
    "propensity_score": "propensity score",
    "backdoor": "back-door",
    "frontdoor": "front-door",
    "iv": "IV",
    "rdd": "RDD",
    "did": "DiD",
}
# What an edge says, without the names around it and without nested brackets.
EDGE_WORDS = {
    "->": "causes",
    "--": "linked, direction unknown",
    "<->": "hidden common cause",
    "o->": "probably causes",
    "o-o": "linked, both ends unknown",
}
# Assumption sentences -> a few words, for the one-line digest; "" drops a sentence that
# explains rather than assumes. The first match wins; anything else keeps its first clause.
ASSUMPTION_WORDS: tuple[tuple[str, str], ...] = (
    (r"can orient only some edges", ""),
    (r"circle marks", "hidden common causes allowed"),
    (r"^No unmeasured confounding", "no unmeasured confounding"),
    (r"causal sufficiency|no hidden common causes", "no hidden common causes"),
    (r"linear relations and Gaussian", "linear relations with Gaussian-like noise"),
    (r"non-Gaussian noise", "linear relations with non-Gaussian noise"),
    (r"BIC for continuous", "a linear-Gaussian or BDeu score"),
    (r"kernel test", "no distributional form"),
    (r"random subsample", "a random subsample of the rows"),
    (r"enough rows in every cell", "enough rows per table cell"),
    (r"independent draws", "independent rows"),
    (r"no mediators or colliders|^None of .* is caused by", "no mediators adjusted for"),
    (r"have no common causes \(no adjustment", "no confounding"),
    (r"^Overlap", "overlap"),
    (r"propensity score\)", "a correct propensity model"),
    (
        r"is linear in|[Bb]oth stages are linear|close to linear|linear in the covariates",
        "a linear model",
    ),
    (r"varies linearly|is the same for every row and linear", "a linear effect"),
    (r"switches exactly", "a sharp cutoff"),
    (r"would change smoothly", "no other jump at the cutoff"),
    (r"cannot place themselves", "no sorting around the cutoff"),
    (r"for units near the cutoff", "an effect near the cutoff only"),
    (r"composition does not change", "stable groups"),
    (r"Matched rows are comparable", "balance after matching"),
    (r"only through '[^']*'\.$", "the mediator carries the whole effect"),
    (r"^Nothing unmeasured causes both", "no hidden treatment-mediator cause"),
    (r"^Every back-door path from", "no hidden mediator-outcome cause"),
    (r"no feedback loops and faithfulness", "no feedback loops, faithfulness"),
)
LABELLED = re.compile(r"^([A-Z][A-Za-z -]{2,30}?)(?: \([^)]*\))?: ")
ROUTINE_NOTES = ("Read the question as:", "Encoded ")
MODEL_MARK = "\n\nModel's summary: "


# ----- numbers and names ------------------------------------------------------------------


def number(value: float | None) -> str:
    """Three significant digits, thousands separators from 1,000 up; '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool) or not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        digits = 3 - int(math.floor(math.log10(abs(value)))) - 1
        return f"{round(value, digits):,.0f}"
    return f"{value:.3g}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 edge', '6 edges', '1,500 rows'."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def names(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def label(raw: str | None) -> str:
    """A method's name for people: 'fisherz' -> 'Fisher-z', 'DoWhy backdoor.dml' ->
    'DoWhy back-door, double ML'."""
    if not raw:
        return ""
    head, dot, tail = raw.strip().rpartition(".")
    if dot and head and tail:
        return f"{label(head)}, {label(tail)}"
    words = [LABELS.get(w.lower(), w.replace("_", " ")) for w in raw.split()]
    return " ".join(words)


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


# ----- the parts of an answer -------------------------------------------------------------


def model_words(answer: Answer) -> str:
    """A model's closing summary, if the explanation carries one."""
    _, mark, words = answer.explanation.partition(MODEL_MARK)
    return words.strip() if mark else ""


def main_sentence(answer: Answer) -> str:
    """The explanation without what other lines show: the graph's provenance (the Graph
    line) and the summaries of tests (the Evidence line), and without a model's summary."""
    text = answer.explanation.partition(MODEL_MARK)[0]
    shown = [e.note for e in answer.evidence if e.kind == "discovery" and e.note]
    shown += [s.summary for s in answer.trace if s.result.get("p_value") is not None and s.summary]
    for piece in sorted(set(shown), key=len, reverse=True):
        trimmed = text.replace(piece, "")
        if trimmed.strip():
            text = trimmed
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(lines).strip()


def test_line(items: Sequence[Evidence]) -> str:
    """'Fisher-z p = 0.219 ≥ α 0.05, 1,500 rows' for the first test, and how many more."""
    first = items[0]
    parts = [label(first.method)]
    if first.p_value is not None:
        p = f"p = {number(first.p_value)}"
        if first.alpha is not None:
            sign = "≥" if first.p_value >= first.alpha else "<"
            p += f" {sign} α {number(first.alpha)}"
        parts.append(p)
    text = " ".join(parts)
    rows = first.parameters.get("rows")
    if isinstance(rows, int):
        text += f", {count(rows, 'row')}"
        left = first.parameters.get("rows_left_out")
        if isinstance(left, int) and left > 0:
            text += f", {left:,} left out for missing values"
    if len(items) > 1:
        text += f"; {count(len(items) - 1, 'more test')}"
    return text


def graph_line(evidence: Evidence | None, graph: GraphPayload | None) -> str:
    """'smoking-pc-fisherz-0.05 (PC, Fisher-z, α 0.05): 6 variables, 6 edges.'"""
    params = evidence.parameters if evidence is not None else {}
    name = params.get("graph") or (graph.name if graph is not None else None) or "unnamed"
    text = str(name)
    if evidence is not None and evidence.method != "graph from memory":
        how = [label(evidence.method)]
        if params.get("test"):
            how.append(label(str(params["test"])))
        if evidence.alpha is not None:
            how.append(f"α {number(evidence.alpha)}")
        text += f" ({', '.join(how)})"
    if graph is not None:
        text += f": {count(len(graph.nodes), 'variable')}, {count(len(graph.edges), 'edge')}"
    return text + "."


def test_reason(evidence: Evidence) -> str:
    """Why the discovery's test was chosen ('' when its note does not say)."""
    return evidence.note.partition("Test: ")[2].strip()


def edges_line(graph: GraphPayload) -> str:
    """Every edge once, in symbols, then what the symbols other than -> mean."""
    if not graph.edges:
        return "no edges: the variables look mutually independent."
    text = ", ".join(f"{a} {kind} {b}" for a, b, kind in graph.edges)
    kinds = dict.fromkeys(kind for _, _, kind in graph.edges if kind != "->")
    legend = "; ".join(f"{kind} {EDGE_WORDS.get(kind, kind)}" for kind in kinds)
    return text + (f". {legend}" if legend else "")


def assumption_digest(assumptions: Iterable[str]) -> str:
    """Each assumption in a few words, once: 'no hidden common causes, faithfulness, ...'."""
    short: list[str] = []
    for sentence in assumptions:
        short += _short_assumption(sentence.strip())
    return ", ".join(dict.fromkeys(s for s in short if s))


def _short_assumption(sentence: str) -> list[str]:
    if "feedback loops" in sentence and "faithfulness" in sentence:
        start = ["no hidden common causes"] if "causal sufficiency" in sentence else []
        return [*start, "no feedback loops", "faithfulness"]
    for pattern, words in ASSUMPTION_WORDS:
        if re.search(pattern, sentence):
            return [words]
    labelled = LABELLED.match(sentence)
    if labelled:
        return [labelled.group(1).strip().lower()]
    clause = re.split(r"[:;(]|, ", sentence, maxsplit=1)[0].strip().rstrip(".")
    words = clause.split()
    clause = " ".join(words[:7]) + ("…" if len(words) > 7 else "")
    return [clause[:1].lower() + clause[1:]]


# Notes that change what the number means come first in the short view, before how names
# were read: an estimate outside the data's range, a covariate the treatment causes.
_WARNING_WORDS = ("outside the observed range", "not the total effect", "extrapolat", "Warning")


def short_notes(answer: Answer, sentence: str) -> list[str]:
    """The notes that matter in the short view: not the restated reading, not routine
    encodings, nothing the answer already says; warnings about the result first."""
    notes = [
        note
        for note in answer.notes
        if not note.startswith(ROUTINE_NOTES)
        and note.strip() not in answer.explanation
        and note.strip() not in sentence
    ]
    return sorted(notes, key=lambda note: not any(w in note for w in _WARNING_WORDS))


def not_saved(answer: Answer) -> bool:
    return any("was not saved" in note for note in answer.notes)
