"""Finding column names in free text."""

from __future__ import annotations

import pytest

from askwhy.core.names import (
    find_columns,
    mask_file_names,
    match_column,
    normalize,
    resolve_column,
)
from askwhy.errors import UnknownVariableError

SMOKING = ["age", "smoking", "yellow_fingers", "tar", "lung_cancer"]


def found(text: str, columns: list[str]) -> list[str]:
    return [m.column for m in find_columns(text, columns)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Yellow_Fingers", "yellow fingers"),
        ("blood.pressure", "blood pressure"),
        ("ad-spend", "ad spend"),
        ("  Lung  Cancer ", "lung cancer"),
        ("site__visits", "site visits"),
    ],
)
def test_normalize_makes_separators_and_case_interchangeable(name, expected):
    assert normalize(name) == expected


@pytest.mark.parametrize(
    "text",
    [
        "yellow fingers",
        "Yellow Fingers",
        "yellow_fingers",
        "YELLOW-FINGERS",
        "yellow.fingers",
        "`yellow fingers`",
        "'yellow_fingers'",
    ],
)
def test_multi_word_names_with_any_separator_or_case(text):
    assert found(f"Do {text} matter?", SMOKING) == ["yellow_fingers"]


def test_matches_carry_positions_in_the_text():
    text = "Is tar linked to Lung Cancer?"
    matches = find_columns(text, SMOKING)
    assert [(m.column, text[m.start : m.end]) for m in matches] == [
        ("tar", "tar"),
        ("lung_cancer", "Lung Cancer"),
    ]
    assert matches[1].text == "Lung Cancer"


def test_longest_name_wins_an_overlap():
    assert found("Does lung cancer follow cancer?", ["cancer", "lung_cancer"]) == [
        "lung_cancer",
        "cancer",
    ]


def test_names_do_not_match_inside_words():
    assert found("The stars were average and the tarmac agency", SMOKING) == []


def test_sentence_end_does_not_join_two_words_into_one_name():
    assert found("We saw yellow. Fingers were fine.", SMOKING) == []


def test_simple_plural_and_singular_when_unambiguous():
    assert found("Are smokers older?", ["smoker", "age"]) == ["smoker"]
    assert found("Do site visit counts matter?", ["site_visits"]) == ["site_visits"]
    assert found("What about each signup?", ["signups"]) == ["signups"]
    # "classes" could be `class` or `classe`: no guess.
    assert found("Two classes", ["class", "classe"]) == []


def test_exact_name_beats_a_plural_of_another_column():
    assert found("smoker and smokers", ["smoker", "smokers"]) == ["smoker", "smokers"]


def test_camel_case_joined_and_bracketed_names():
    assert found("blood pressure", ["BloodPressure"]) == ["BloodPressure"]
    assert found("sign-ups", ["signups"]) == ["signups"]
    assert found("signups", ["sign_ups"]) == ["sign_ups"]
    assert found("weight matters", ["weight (kg)"]) == ["weight (kg)"]
    # Words separated by spaces never glue into a one-word column.
    assert found("it is not able to", ["notable"]) == []


def test_single_letters_stand_alone_only():
    letters = ["X", "Y", "Z", "W", "a", "s", "e", "g"]
    assert found("Is X independent of Y?", letters) == ["X", "Y"]
    assert found("xylophone and Wax", letters) == []
    assert found("it's X's turn", letters) == ["X"]
    assert found("e.g. this", letters) == []
    assert found("Is 'Z' related to \"W\"?", letters) == ["Z", "W"]
    assert found("Is there a confounder of a and Y?", letters) == ["a", "Y"]


def test_article_and_pronoun_are_not_variables():
    abc = ["A", "B", "I"]
    assert found("A study of A and B.", abc) == ["A", "B"]
    assert found("A and B are independent.", abc) == ["A", "B"]
    assert found("Should I adjust for B?", abc) == ["B"]
    assert found("Does I cause B?", abc) == ["I", "B"]


def test_file_names_never_match_a_column():
    masked, names = mask_file_names("Load data/smoking.csv and ads.TSV please")
    assert names == ["data/smoking.csv", "ads.TSV"]
    assert len(masked) == len("Load data/smoking.csv and ads.TSV please")
    assert found("In smoking.csv, is smoking independent of tar?", SMOKING) == ["smoking", "tar"]


def test_match_column_strict_and_loose():
    assert match_column("Lung Cancer", SMOKING) == "lung_cancer"
    assert match_column("the tar", SMOKING) == "tar"
    assert match_column("cancer", SMOKING) is None
    assert match_column("cancer", SMOKING, loose=True) == "lung_cancer"
    assert match_column("tar level", SMOKING, loose=True) == "tar"
    assert match_column("cancer", ["lung_cancer", "skin_cancer"], loose=True) is None


def test_resolve_column_returns_exact_column_name():
    assert resolve_column("YELLOW FINGERS", SMOKING) == "yellow_fingers"
    assert resolve_column("ages", SMOKING) == "age"
    assert resolve_column("cancer", SMOKING) == "lung_cancer"


def test_resolve_column_unknown_lists_closest_columns():
    with pytest.raises(UnknownVariableError) as info:
        resolve_column("lung cancr", SMOKING)
    assert info.value.name == "lung cancr"
    assert "lung_cancer" in info.value.suggestions
    assert "Columns in the data" in str(info.value)


def test_resolve_column_does_not_guess_between_two_columns():
    with pytest.raises(UnknownVariableError):
        resolve_column("cancer", ["lung_cancer", "skin_cancer"])
