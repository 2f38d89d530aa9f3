"""Follow-ups that narrow or test the previous question: a subgroup after an effect, a
proposed set after an adjustment-set question, and role replacements that need a hint."""

from __future__ import annotations

from askwhy.planning.rules.context import TableFacts
from askwhy.planning.rules.parse import read

JOBS = ["worker_id", "Age", "educ_yrs", "MARRIED", "is_treated", "sex", "earnings_usd"]
FACTS = TableFacts(
    levels={"sex": ["female", "male"]}, binary=frozenset({"MARRIED", "is_treated"}), known=True
)


def _after(question: str, follow_up: str):
    previous = read(question, JOBS, None, None, FACTS).frame
    return read(follow_up, JOBS, None, previous, FACTS).frame


def test_a_subgroup_follow_up_keeps_the_effect_and_narrows_it():
    effect = "What is the effect of is_treated on earnings_usd?"
    frame = _after(effect, "only for women?")
    assert (frame.family, frame.treatment, frame.outcome) == (
        "effect",
        "is_treated",
        "earnings_usd",
    )
    assert frame.design.subgroup.column == "sex"
    assert frame.design.subgroup.values == ["female"]
    frame = _after(effect, "and among married workers?")
    assert frame.design.subgroup.column == "MARRIED"


def test_a_proposed_set_follow_up_asks_whether_that_set_is_enough():
    frame = _after(
        "What should I adjust for to estimate the effect of is_treated on earnings_usd?",
        "And would Age on its own do?",
    )
    assert frame.family == "adjustment_set" and frame.format == "yes_no"
    assert (frame.treatment, frame.outcome, frame.adjust_for) == (
        "is_treated",
        "earnings_usd",
        ["Age"],
    )


def test_a_bare_what_about_names_both_readings_instead_of_guessing():
    frame = _after("Does educ_yrs directly cause earnings_usd?", "what about Age?")
    assert frame.family == "unclear"
    message = " ".join(frame.notes)
    assert "Does Age directly cause earnings_usd?" in message
    assert "Does educ_yrs directly cause Age?" in message


def test_a_hinted_what_about_still_replaces_its_role():
    frame = _after("What is the effect of educ_yrs on earnings_usd?", "what about on Age?")
    assert (frame.treatment, frame.outcome) == ("educ_yrs", "Age")
