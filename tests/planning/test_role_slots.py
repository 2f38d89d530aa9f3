"""A phrase that fills a role but names no column is refused, never dropped
(askwhy.planning.rules.role_slots); the same sentence with a real column still reads.

Each case is a sentence with a slot `{}`, the phrase that names no column of the table, and
the column whose name reads in its place, with the fields the reading must then have."""

from __future__ import annotations

import pytest

from askwhy.planning.rules.parse import read
from askwhy.planning.rules.planner import refusal_for

SHOP = ["store_id", "Region", "Unit Price", "DISCOUNT_PCT", "ad_spend_k", "webVisits", "Revenue"]
WARD = ["patient_id", "Age_yrs", "BMI", "SMOKER", "dose (mg)", "blood.pressure", "symptom_score"]

CASES = [
    # conditioning slots
    (SHOP, "Do DISCOUNT_PCT and Revenue still move together once {} is taken into account?",
     "tidal range", "Region", None),
    (WARD, "Within each level of {}, is BMI unrelated to symptom_score?",
     "pollen exposure", "SMOKER", None),
    (SHOP, "Effect of ad_spend_k on Revenue, with {} kept constant?",
     "mall footfall", "Region", None),
    # a path, an agent
    (WARD, "Does dose (mg) bring blood.pressure down by lowering {}?",
     "arterial stiffness", "BMI", None),
    (SHOP, "Is the gap in Revenue between regions due to {}?",
     "parking fees", "webVisits", None),
    # the common effect after "both", a role named with "as"
    (WARD, "Do SMOKER and BMI both end up raising {}?",
     "resting pulse", "blood.pressure", None),
    (SHOP, "Could ad_spend_k and DISCOUNT_PCT have {} as a shared effect?",
     "shelf space", "Revenue", None),
    # the pair of an effect
    (SHOP, "What's the impact of {} on Revenue when nothing else changes?",
     "loyalty points", "DISCOUNT_PCT", {"family": "effect", "outcome": "Revenue"}),
    (WARD, "How big is the effect of a rise in {} on symptom_score?",
     "cortisol", "dose (mg)", None),
    # lists and subgroups
    (SHOP, "Sketch the causal graph for Unit Price, webVisits plus {}.",
     "the weather", "Revenue", {"family": "graph"}),
    (WARD, "Does dose (mg) lower blood.pressure among patients with high {}?",
     "salt intake", "BMI", None),
    (WARD, "Does the benefit of dose (mg) on blood.pressure depend on {}?",
     "kidney function", "BMI", None),
    # notation and clause subjects
    (WARD, "{} -> blood.pressure <- dose (mg)?", "sodium", "BMI", None),
    (SHOP, "Tell me whether {} is a confounder of ad_spend_k and Revenue.",
     "competitor openings", "Region", {"family": "confounder", "z": "Region"}),
    (WARD, "Wasn't {} a mediator between dose (mg) and symptom_score?",
     "liver enzymes", "blood.pressure", {"family": "mediator", "z": "blood.pressure"}),
    (SHOP, "What would happen to {} if DISCOUNT_PCT went up by 5?",
     "basket size", "Revenue", None),
    (WARD, "Is BMI tied to {} at all?", "step count", "symptom_score", None),
]  # fmt: skip


def _refused(question: str, columns: list[str]) -> tuple[bool, str]:
    reading = read(question, columns)
    message = refusal_for(reading, columns) if reading.frame.family != "unclear" else "unclear"
    return bool(message), " / ".join(reading.frame.notes) or reading.frame.restate()


@pytest.mark.parametrize(("columns", "shape", "phrase", "column", "fields"), CASES)
def test_a_phrase_that_names_no_column_is_refused(columns, shape, phrase, column, fields):
    refused, why = _refused(shape.format(phrase), columns)
    assert refused, why
    reading = read(shape.format(phrase), columns)
    if reading.frame.family == "unclear":
        assert any(phrase.split()[-1] in note for note in reading.frame.notes), why


@pytest.mark.parametrize(("columns", "shape", "phrase", "column", "fields"), CASES)
def test_the_same_sentence_with_a_column_is_not_refused_for_it(
    columns, shape, phrase, column, fields
):
    question = shape.format(column)
    reading = read(question, columns)
    for key, want in (fields or {}).items():
        assert getattr(reading.frame, key) == want, reading.frame.notes
    notes = " ".join(reading.frame.notes)
    assert "is not a column" not in notes, notes


@pytest.mark.parametrize(
    "question",
    [
        "Is the correlation between DISCOUNT_PCT and Revenue just due to chance?",
        "Does DISCOUNT_PCT affect Revenue by itself?",
        "Is DISCOUNT_PCT related to Revenue due to selection bias?",
        "Do I need to adjust for stuff to get the effect of DISCOUNT_PCT on Revenue?",
        "Does DISCOUNT_PCT affect Revenue, not via webVisits or via word of mouth?",
        "Is DISCOUNT_PCT associated with Revenue in stores with missing data?",
        "Does ad_spend_k affect Revenue by next quarter?",
        "immediate causes of Revenue?",
        "Effect of DISCOUNT_PCT on Revenue adjusting for Region, by linear regression?",
        "Effect of ad_spend_k on Revenue, with Region kept constant?",
    ],
)
def test_words_that_name_no_variable_are_not_refused(question):
    reading = read(question, SHOP)
    notes = " ".join(reading.frame.notes)
    assert "is not a column" not in notes, notes
