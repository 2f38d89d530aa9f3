"""Scoring one reading against its label: the rules of askwhy.evals.reading's docstring.

`score_reading(label, frame, refused, columns)` -> ReadingScore (right / different /
refused, the roles that differ, the unscored differences).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from askwhy.frame import Frame

Outcome = Literal["right", "different", "refused"]
ROLES = ("x", "y", "z", "given", "treatment", "outcome", "adjust_for", "variables",
         "treatment_values", "design", "polarity")  # fmt: skip
SET_ROLES = {"given", "adjust_for", "variables"}
SYMMETRIC = {"independence", "collider", "confounder", "pairwise_direction"}


class ReadingScore(BaseModel):
    outcome: Outcome
    wrong: list[str] = Field(default_factory=list)  # scored roles that differ
    other: list[str] = Field(default_factory=list)  # unscored differences: format, negated


def score_reading(
    label: dict[str, Any],
    reading: Frame | None,
    refused: bool,
    columns: Sequence[str] | None = None,
) -> ReadingScore:
    """Compare one reading with the intended frame (see the module docstring)."""
    want = label.get("family")
    if want == "unclear":
        return ReadingScore(outcome="right" if refused else "different",
                            wrong=[] if refused else ["family"])  # fmt: skip
    if refused:
        return ReadingScore(outcome="refused")
    if reading is None:
        return ReadingScore(outcome="different", wrong=["frame"])
    got = reading.model_dump()
    other = _unscored(label, got)
    choices = _lettered(label.get("choice_map")), _lettered(got.get("choice_map"))
    if got["family"] != want:
        if all(choices) and _same_choices(*choices):  # the options are what is answered
            return ReadingScore(outcome="right", other=[*other, "family"])
        return ReadingScore(outcome="different", wrong=["family"], other=other)
    wanted = {k: label[k] for k in ROLES if label.get(k) not in (None, [], ())}
    found = {k: got[k] for k in ROLES if got.get(k) not in (None, [], ())}
    if "polarity" not in wanted:
        found.pop("polarity", None)
    every = bool(columns) and set(found.get("variables", [])) >= set(columns or [])
    if want in ("graph", "describe_data") and every:  # every column named = the whole table
        found.pop("variables", None)
    if want in SYMMETRIC and (found.get("x"), found.get("y")) == (wanted.get("y"), wanted.get("x")):
        found["x"], found["y"] = wanted.get("x"), wanted.get("y")
    wrong = [k for k in ROLES if k != "design" and not _same(k, wanted.get(k), found.get(k))]
    wrong += _design_wrong(wanted.get("design"), found.get("design"))
    if any(choices) and not _same_choices(*choices):
        wrong.append("choice_map")
    return ReadingScore(outcome="different" if wrong else "right", wrong=wrong, other=other)


def _same(key: str, want: Any, got: Any) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if key in SET_ROLES:
        return set(want) == set(got)
    if key == "treatment_values":
        return len(want) == len(got) and all(map(math.isclose, want, got))
    return want == got


def _design_wrong(want: dict[str, Any] | None, got: dict[str, Any] | None) -> list[str]:
    """The design fields that differ, as "design.<field>" (none when both are plain)."""
    want, got = _design_fields(want), _design_fields(got)
    return [f"design.{k}" for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]


def _design_fields(design: dict[str, Any] | None) -> dict[str, Any]:
    """A design as comparable values: no empty fields, sets for lists, rounded numbers."""
    out: dict[str, Any] = {}
    for key, value in (design or {}).items():
        if value in (None, [], {}) or (key == "estimand" and value == "ate"):
            continue  # the average treatment effect is what an effect is without one
        if key == "subgroup":
            value = {k: v for k, v in value.items() if v is not None}
            if "values" in value:
                value["values"] = frozenset(_comparable(v) for v in value["values"])
            value = tuple(sorted((k, _comparable(v)) for k, v in value.items()))
        out[key] = frozenset(value) if isinstance(value, list) else _comparable(value)
    return out


def _comparable(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return round(float(value), 9)


def _lettered(choice_map: dict[str, Any] | None) -> dict[str, Any]:
    """Options by letter, "a)" and "A." alike."""
    return {str(k).lower(): v for k, v in (choice_map or {}).items()}


def _same_choices(want: dict[str, Any], got: dict[str, Any]) -> bool:
    if set(want) != set(got):
        return False
    for letter, claim in want.items():
        have = dict(got[letter])
        if _no_relation(claim) and _no_relation(have):  # "unrelated": none or independent
            continue
        if claim.get("family") != have.get("family"):
            return False
        if claim["family"] == "none":
            continue
        pair, other = (claim.get("x"), claim.get("y")), (have.get("x"), have.get("y"))
        if pair != other and not (claim["family"] in SYMMETRIC and pair == other[::-1]):
            return False
        if claim.get("z") != have.get("z"):
            return False
        if set(claim.get("given") or []) != set(have.get("given") or []):
            return False
        if "polarity" in claim and claim["polarity"] != have.get("polarity"):
            return False
    return True


def _no_relation(claim: dict[str, Any]) -> bool:
    """An option claiming no relation at all: "none", or unconditional independence."""
    family = claim.get("family")
    plain = family == "independence" and claim.get("polarity") == "independence"
    return family == "none" or (plain and not claim.get("given"))


def _unscored(label: dict[str, Any], got: dict[str, Any]) -> list[str]:
    other = []
    if label.get("format") and label["format"] != got.get("format"):
        other.append("format")
    if bool(label.get("negated")) != bool(got.get("negated")):
        other.append("negated")
    return other
