"""Score question *reading*: does a planner read each question into the intended Frame?

A reading set is JSONL (evals/sets/reading/handwritten.jsonl, mutations.jsonl): `question`,
`csv`, `frame` (the intended frame, exact column names), `meta` (style or mutation) and, for
a follow-up, `previous` ({question, frame} of the question before it).

Outcomes per question:
- right: the family and every role equal. Roles: x, y, z, given, treatment, outcome,
  adjust_for, variables, treatment_values, design (an effect's design, estimand, design
  roles, subgroup, reference and matching method: each field must equal, instruments and
  subgroup values as sets, numbers within 1e-9; a label without one asks for a plain
  effect), and polarity when the label has one. Lists are
  compared as sets; x and y as a pair for the symmetric families (independence, collider,
  confounder, pairwise_direction); a graph of every column is the whole graph. A role the
  label lacks but the reading fills (a z where the question asks whether any exists, an
  adjust_for nobody named) is an extra role. A multiple-choice label also needs the same
  letters each claiming the same thing.
- refused: the reader returned family "unclear", or the planner refused.
- different: a confident reading of another frame (wrong family, or a wrong, missing or
  extra role); `wrong` lists which. A label of family "unclear" is right when refused and
  different when answered. Format and `negated` are recorded in `other`, not scored.

Two ways to read: `read_with_rules` calls the rule parser's `read` directly (no analysis;
from the CSV only the header, and for a reader that takes `facts` the levels of its text
columns, its 0/1 columns and its data dictionary's role hints) and applies the rule
planner's refusal threshold itself; and
`read_with_session` asks `Session(planner=...)` on the CSV and scores `Answer.frame`.
"""

from __future__ import annotations

import contextlib
import csv
import inspect
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from askwhy.errors import AskwhyError, DataError
from askwhy.evals.reading_score import ROLES as ROLES  # re-exported: the scored roles
from askwhy.evals.reading_score import ReadingScore, score_reading
from askwhy.frame import Claim, Frame

Reader = Callable[..., Frame]  # reader(text, columns, aliases=None, previous=None) -> Frame
DEFAULT_THRESHOLD = 0.6
FORMATS = {
    "parents": "list", "children": "list", "ancestors": "list", "descendants": "list",
    "adjustment_set": "list", "graph": "graph", "effect": "number",
}  # fmt: skip


class ReadingCase(BaseModel):
    id: str
    question: str
    csv: str  # absolute
    type: str | None = None
    frame: dict[str, Any]
    previous: dict[str, Any] | None = None  # the frame of the question before (follow-ups)
    previous_question: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


class ReadingResult(ReadingScore):
    id: str
    family: str
    mutation: str  # meta.mutation, or meta.style for the hand-written set
    template: str | None = None
    question: str
    label: dict[str, Any]
    reading: dict[str, Any] | None = None
    confidence: float | None = None
    refused_because: str | None = None
    error: str | None = None
    seconds: float = 0.0


def load_reading_set(path: str | Path) -> list[ReadingCase]:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"No reading set at {path}.")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            previous = row.pop("previous", None) or {}
            if "family" in previous:  # a bare frame
                previous = {"frame": previous}
            row["csv"] = str((path.parent / row["csv"]).resolve())
            cases.append(ReadingCase(**row, previous=previous.get("frame"),
                                     previous_question=previous.get("question")))  # fmt: skip
        except (ValueError, TypeError, KeyError) as err:
            raise DataError(f"{path}:{number}: not a reading-set line ({err}).") from None
    return cases


# ----- readers -------------------------------------------------------------------------------


def rules_reader() -> tuple[Reader, str]:
    """The rule planner's reading: `read` plus the planner's own refusal decision, so a
    question the planner would refuse scores as refused."""
    from askwhy.planning.rules.parse import read
    from askwhy.planning.rules.planner import refusal_for

    def reader(
        text: str,
        columns: Sequence[str],
        aliases: Any = None,
        previous: Frame | None = None,
        facts: Any = None,
    ) -> Frame:
        reading = read(text, columns, aliases, previous, facts)
        if reading.frame.family != "unclear" and refusal_for(reading, columns):
            return Frame(family="unclear", confidence=0.0, notes=list(reading.frame.notes))
        return reading.frame

    return reader, "askwhy.planning.rules: read + refusal_for"


def rule_threshold() -> tuple[float, str]:
    """The rule planner's refusal threshold, if it exposes one as a constant; else 0.6."""
    from askwhy.planning.rules import planner

    for name in ["RULES_THRESHOLD", *sorted(vars(planner))]:
        value = getattr(planner, name, None)
        if name.isupper() and "THRESHOLD" in name and isinstance(value, int | float):
            return float(value), f"askwhy.planning.rules.planner.{name}"
    return DEFAULT_THRESHOLD, "default: the rule planner exposes no threshold constant"


def as_frame(label: dict[str, Any] | None) -> Frame | None:
    """A label (frame dict) as a Frame, dropping what a Claim cannot hold."""
    if not label:
        return None
    fields = dict(label)
    fields["choice_map"] = {
        k: {f: v for f, v in c.items() if f in Claim.model_fields}
        for k, c in (label.get("choice_map") or {}).items()
    }
    return Frame.model_validate(fields)


def read_with_rules(
    cases: list[ReadingCase],
    reader: Reader | None = None,
    threshold: float | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[ReadingResult]:
    """Read every question with `reader` (default: the rule parser); below `threshold`
    (default: the rule planner's) a reading counts as a refusal, as in the planner."""
    reader = reader or rules_reader()[0]
    threshold = rule_threshold()[0] if threshold is None else threshold
    headers: dict[str, list[str]] = {}
    facts: dict[str, Any] = {}
    wants_facts = "facts" in inspect.signature(reader).parameters
    results = []
    for case in cases:
        if case.csv not in headers:
            headers[case.csv] = _header(case.csv)
            facts[case.csv] = _facts(case.csv) if wants_facts else None
        columns = headers[case.csv]
        started = time.perf_counter()
        frame, error, because = None, None, None
        extra = {"facts": facts[case.csv]} if wants_facts else {}
        try:
            previous = as_frame(case.previous)
            frame = reader(case.question, columns, aliases=None, previous=previous, **extra)
        except AskwhyError as err:
            because = str(err).splitlines()[0]
        except Exception as err:  # a reader bug: recorded, counted as no reading
            error = f"{type(err).__name__}: {err}"
        if frame is not None and frame.family == "unclear":
            because = (frame.notes or ["unclear"])[0]
        elif frame is not None and frame.confidence < threshold:
            because = f"confidence {frame.confidence:.2f} < {threshold:g}"
        refused = because is not None or frame is None
        results.append(_result(case, frame, refused, columns, because, error, started))
        if on_done:
            on_done(1)
    return results


def read_with_session(
    cases: list[ReadingCase],
    planner: Any = "rules",
    planner_options: dict[str, Any] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[ReadingResult]:
    """Ask every question in a fresh Session on its CSV (a follow-up after its first
    question) and score `Answer.frame`; an Answer of kind "unclear" is a refusal."""
    from askwhy.memory.store import GraphStore
    from askwhy.session import Session, make_planner

    if isinstance(planner, str):
        planner = make_planner(planner, **(planner_options or {}))
    stores: dict[str, GraphStore] = {}
    results = []
    for case in cases:
        store = stores.setdefault(case.csv, GraphStore(None))
        started = time.perf_counter()
        frame, error, because, columns = None, None, None, None
        try:
            session = Session(planner=planner, store=store)
            columns = list(session.load(case.csv).columns)
            if case.previous_question:
                with contextlib.suppress(AskwhyError):
                    session.ask(case.previous_question)
            answer = session.ask(case.question)
            frame = answer.frame
            if answer.kind == "unclear" or (frame is not None and frame.family == "unclear"):
                because = (answer.explanation or "unclear").splitlines()[0]
        except AskwhyError as err:
            because = str(err).splitlines()[0]
        except Exception as err:
            error = f"{type(err).__name__}: {err}"
        refused = because is not None or error is not None
        results.append(_result(case, frame, refused, columns, because, error, started))
        if on_done:
            on_done(1)
    return results


def _facts(path: str) -> Any:
    """What the rule reader may know of a table beyond its header (TableFacts); empty
    when the table cannot be loaded (its questions are then read from the header alone)."""
    from askwhy.core.data import load_csv
    from askwhy.planning.rules.context import TableFacts
    from askwhy.planning.rules.designs import table_facts

    try:
        return table_facts(load_csv(path))
    except AskwhyError:
        return TableFacts()


def _header(path: str) -> list[str]:
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return next(csv.reader(handle))
    except (OSError, StopIteration) as err:
        raise DataError(f"Cannot read the header of {path}: {err!r}") from None


def _result(case, frame, refused, columns, because, error, started) -> ReadingResult:
    score = score_reading(case.frame, frame, refused, columns)
    reading = frame.model_dump(mode="json", exclude_defaults=True) if frame else None
    if reading is not None:
        reading = {"family": frame.family, **reading, "confidence": frame.confidence}
    return ReadingResult(
        id=case.id, family=case.frame.get("family", "?"),
        mutation=case.meta.get("mutation") or case.meta.get("style") or "-",
        template=case.meta.get("template"), question=case.question, label=case.frame,
        reading=reading, **score.model_dump(), confidence=frame.confidence if frame else None,
        refused_because=because if refused else None, error=error,
        seconds=round(time.perf_counter() - started, 4),
    )  # fmt: skip


# ----- summaries -----------------------------------------------------------------------------


def figures(results: Sequence[ReadingResult]) -> dict[str, Any]:
    """n, right / different / refused in % of n, and right % of the answered ones."""
    counts = Counter(r.outcome for r in results)
    n = len(results)
    answered = counts["right"] + counts["different"]

    def pct(k: int, total: int = n) -> float | None:
        return round(100 * k / total, 1) if total else None

    return {
        "n": n, "right": pct(counts["right"]), "different": pct(counts["different"]),
        "refused": pct(counts["refused"]), "right_of_answered": pct(counts["right"], answered),
        "errors": sum(1 for r in results if r.error),
    }  # fmt: skip


def summarize_readings(results: Sequence[ReadingResult], **settings: Any) -> dict[str, Any]:
    def grouped(key: Callable[[ReadingResult], str | None]) -> dict[str, Any]:
        groups: dict[str, list[ReadingResult]] = {}
        for r in results:
            groups.setdefault(key(r) or "-", []).append(r)
        return {k: figures(v) for k, v in sorted(groups.items())}

    wrong = Counter(role for r in results if r.outcome == "different" for role in r.wrong)
    return {
        "overall": figures(results),
        "by_family": grouped(lambda r: r.family),
        "by_mutation": grouped(lambda r: r.mutation),
        "by_template": grouped(lambda r: r.template),
        "wrong_roles": dict(wrong.most_common()),
        "settings": settings,
    }


def worst_different(results: Sequence[ReadingResult], n: int = 10) -> list[ReadingResult]:
    """Confident wrong readings, wrong family first, at most two per family."""
    different = [r for r in results if r.outcome == "different"]
    different.sort(key=lambda r: ("family" not in r.wrong, -(r.confidence or 0), r.id))
    picked: list[ReadingResult] = []
    per_family: Counter[str] = Counter()
    for r in different:
        if len(picked) >= n:
            break
        if per_family[r.family] < 2:
            picked.append(r)
            per_family[r.family] += 1
    return picked


def write_readings(results: Sequence[ReadingResult], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r.model_dump_json(exclude_none=True) for r in results]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
