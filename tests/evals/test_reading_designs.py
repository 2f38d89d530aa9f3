"""Scoring the design fields of an effect reading, and the design reading set
(evals/sets/reading/designs.jsonl) read by the rules with what the tables say."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from askwhy.evals.reading import load_reading_set, read_with_rules, score_reading
from askwhy.frame import EffectDesign, Frame, Subgroup
from askwhy.planning.rules.context import TableFacts

SET = Path(__file__).resolve().parents[2] / "evals" / "sets" / "reading" / "designs.jsonl"
LABEL = {
    "family": "effect",
    "treatment": "job_training",
    "outcome": "Earnings USD",
    "design": {
        "design": "iv",
        "instrument": ["z1", "z2"],
        "subgroup": {"column": "Sex", "values": ["female", "male"]},
    },
}


def effect(design: EffectDesign | None) -> Frame:
    return Frame(family="effect", treatment="job_training", outcome="Earnings USD", design=design)


def test_the_same_design_is_right_whatever_the_order_of_lists():
    design = EffectDesign(
        design="iv",
        instrument=["z2", "z1"],
        subgroup=Subgroup(column="Sex", values=["male", "female"]),
    )
    assert score_reading(LABEL, effect(design), False).outcome == "right"


def test_each_differing_design_field_is_named():
    design = EffectDesign(design="iv", instrument=["z1"], estimand="att")
    score = score_reading(LABEL, effect(design), False)
    assert score.outcome == "different"
    assert score.wrong == ["design.estimand", "design.instrument", "design.subgroup"]


def test_a_design_read_into_a_plain_effect_question_is_wrong_and_vice_versa():
    plain = {k: v for k, v in LABEL.items() if k != "design"}
    read_in = score_reading(plain, effect(EffectDesign(estimand="atc")), False)
    assert read_in.outcome == "different" and read_in.wrong == ["design.estimand"]
    assert score_reading(plain, effect(None), False).outcome == "right"
    missed = score_reading(LABEL, effect(None), False)
    assert "design.design" in missed.wrong


def test_numbers_in_a_design_compare_as_numbers():
    label = {**LABEL, "design": {"design": "rdd", "running_variable": "m", "cutoff": 0}}
    design = EffectDesign(design="rdd", running_variable="m", cutoff=0.0)
    assert score_reading(label, effect(design), False).outcome == "right"
    wrong = EffectDesign(design="rdd", running_variable="m", cutoff=0.5)
    assert score_reading(label, effect(wrong), False).wrong == ["design.cutoff"]


def test_the_set_names_real_columns_and_covers_each_design():
    cases = load_reading_set(SET)
    assert len(cases) >= 40
    designs = {(c.frame.get("design") or {}).get("design") for c in cases}
    assert {"iv", "did", "rdd", "matching", "frontdoor"} <= designs
    for case in cases:
        with open(case.csv, newline="", encoding="utf-8") as handle:
            columns = set(next(csv.reader(handle)))
        design = case.frame.get("design") or {}
        named = [*design.get("instrument", []), (design.get("subgroup") or {}).get("column")]
        named += [design.get(k) for k in ("mediator", "running_variable", "time", "group")]
        named += [design.get(k) for k in ("post", "treated_group")]
        assert {n for n in named if n} <= columns, case.id
        if case.frame["family"] != "unclear":
            Frame.model_validate(case.frame)  # every label is a valid frame


def test_the_rules_read_the_set_with_the_tables_facts():
    seen: list[TableFacts] = []

    def reader(text, columns, aliases=None, previous=None, facts=None):
        seen.append(facts)
        from askwhy.planning.rules.parse import read

        return read(text, columns, aliases, previous, facts).frame

    cases = load_reading_set(SET)
    results = read_with_rules(cases, reader=reader, threshold=0.6)
    labor = next(f for f, c in zip(seen, cases, strict=True) if c.csv.endswith("labor_survey.csv"))
    assert labor.known and labor.levels["Sex"] == ["female", "male"]
    right = [r for r in results if r.outcome == "right"]
    assert not [r for r in results if r.error]
    assert len(right) >= 0.8 * len(results), json.dumps(
        [(r.id, r.outcome, r.wrong) for r in results if r.outcome != "right"]
    )
