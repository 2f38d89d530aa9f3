"""Numbers in questions: scientific notation, negative values and percentages are read, or
refused with a note, never silently dropped."""

from __future__ import annotations

import pytest

from askwhy.planning.rules.parse import read_question

COLUMNS = ["dose", "blood_pressure", "age", "weight"]


@pytest.mark.parametrize(
    ("question", "values"),
    [
        (
            "What is the effect of dose on blood pressure when dose goes from 1e3 to 2e3?",
            (1e3, 2e3),
        ),
        ("effect of dose on blood pressure from -5 to 5", (-5.0, 5.0)),
        ("effect of dose on blood pressure from 2.5E-2 to 5E-2", (0.025, 0.05)),
        ("effect of dose on blood pressure from 1,000 to 2,000", (1000.0, 2000.0)),
    ],
)
def test_treatment_values_in_any_notation(question, values):
    frame = read_question(question, COLUMNS)
    assert frame.family == "effect" and frame.treatment_values == pytest.approx(values)


def test_percentages_are_read_with_a_note():
    frame = read_question("effect of dose on blood pressure from 10% to 20%", COLUMNS)
    assert frame.treatment_values == (10.0, 20.0)
    assert any("percentages" in note for note in frame.notes)


def test_alpha_in_scientific_notation_and_out_of_range():
    assert read_question("are dose and age independent at alpha = 1e-3?", COLUMNS).settings == {
        "alpha": 0.001
    }
    frame = read_question("are dose and age independent at alpha = 1e-400?", COLUMNS)
    assert "alpha" not in frame.settings
    assert any("1e-400" in note and "not between 0 and 1" in note for note in frame.notes)
