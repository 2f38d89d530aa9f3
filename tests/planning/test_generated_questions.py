"""The rule reader on the generated eval questions (evals/sets/*.jsonl): every one is read
into its family and roles, confidently enough for the rule planner to answer it."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

from askwhy.planning.rules.parse import read_question
from askwhy.planning.rules.planner import RULES_THRESHOLD

SETS = Path(__file__).resolve().parents[2] / "evals" / "sets"


@cache
def _columns(csv_path: str) -> list[str]:
    with (SETS / csv_path).open(newline="") as handle:
        return next(csv.reader(handle))


def _cases() -> list[dict]:
    path = SETS / "all.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.skipif(not _cases(), reason="no generated question set")
def test_every_generated_question_is_read_into_its_family_and_roles():
    wrong = []
    for case in _cases():
        frame = read_question(case["question"], _columns(case["csv"]))
        meta = case["meta"]
        if frame.family in ("effect", "adjustment_set"):
            roles = (frame.treatment, frame.outcome)
        else:
            roles = (frame.x, frame.y)
        want = (meta.get("x"), meta.get("y"))
        ok = frame.family == case["type"] and all(
            w is None or w == g for w, g in zip(want, roles, strict=True)
        )
        if case["type"] == "independence":
            ok = ok and set(frame.given) == set(meta.get("given", []))
        if case["type"] == "graph" and meta.get("variables"):
            ok = ok and set(frame.variables) == set(meta["variables"])
        if not ok or frame.confidence < RULES_THRESHOLD:
            wrong.append((case["id"], frame.family, roles, frame.confidence))
    assert wrong == []
