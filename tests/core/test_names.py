"""Finding column names in free text."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from askwhy.core.names import (
    Match,
    ambiguous_mentions,
    find_columns,
    find_mentions,
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
    matches = find_columns("We saw yellow. Fingers were fine.", SMOKING)
    # Each word alone is a partial name; never one mention across the full stop.
    assert [(m.text, m.how) for m in matches] == [("yellow", "partial"), ("Fingers", "partial")]
    assert found("We saw yellow. Fingers were fine.", ["yellow_fingers", "yellow_teeth"]) == [
        "yellow_fingers"
    ]


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


# --- the cases file, the looser readings and the cost ------------------------------------

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "names_cases.jsonl").read_text().splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:48] for c in CASES])
def test_cases_file(case):
    matches, ambiguous = find_mentions(case["text"], case["columns"], case.get("aliases"))
    assert [[m.column, m.how] for m in matches] == case["expected"]
    assert [[a.phrase, list(a.candidates)] for a in ambiguous] == case.get("ambiguous", [])
    for m in matches:
        assert case["text"][m.start : m.end] == m.text


def test_match_keeps_its_constructor_and_says_when_it_is_loose():
    m = Match("tar", 3, 6, "tar")
    assert (m.how, m.loose) == ("exact", False)
    assert Match("Unit Price", 0, 5, "price", how="partial").loose
    assert not Match("tar", 0, 5, "'tar'", "quoted").loose


def test_ambiguous_phrases_are_reported_not_guessed():
    columns = ["Unit Price", "price_usd", "Units Sold"]
    assert found("Does price drive units sold?", columns) == ["Units Sold"]
    [amb] = ambiguous_mentions("Does price drive units sold?", columns)
    assert (amb.phrase, amb.start, amb.candidates) == ("price", 5, ("Unit Price", "price_usd"))
    assert match_column("price", columns, loose=True) is None
    with pytest.raises(UnknownVariableError):
        resolve_column("price", columns)


def test_a_tighter_reading_beats_a_looser_one():
    # The column's own name beats a unit reading of another column, which beats a typo.
    assert [(m.column, m.how) for m in find_columns("price", ["price", "price_usd"])] == [
        ("price", "exact")
    ]
    assert found("smoking", ["smoking", "smoker"]) == ["smoking"]
    assert found("Score rose", ["Score", "symptom_score"]) == ["Score"]


def test_typos_are_conservative():
    assert found("Is smokng bad?", SMOKING) == ["smoking"]
    assert found("Is smkng bad?", SMOKING) == []  # two letters off a 7-letter word
    assert found("Is moking bad?", SMOKING) == []  # first letter wrong
    assert found("Is the yeild up?", ["yield"]) == ["yield"]  # swapped letters
    assert found("Is the field up?", ["yield"]) == []  # a real word, first letter differs
    assert found("Is it sole?", ["sold"]) == []  # short word: substitution is another word
    assert found("Is tarr bad?", ["tar"]) == []  # never for words of 3 letters
    # Two column words one letter off: no guess.
    assert found("Is bitter worse?", ["better", "butter"]) == []
    assert found("fertilizr", ["fertilizer_kg_ha"]) == ["fertilizer_kg_ha"]


def test_typo_readings_are_loose_but_not_guessed_by_resolve():
    [m] = find_columns("lung cancr", SMOKING)
    assert (m.column, m.how, m.loose) == ("lung_cancer", "typo", True)
    assert match_column("lung cancr", SMOKING, loose=True) is None


def test_aliases_name_their_column_and_lose_to_real_names():
    aliases = {"treat": ["the training program", "job training"], "re78": ["earnings", "age"]}
    columns = ["treat", "age", "re78"]
    got = find_columns("Did job training raise earnings by age?", columns, aliases)
    assert [(m.column, m.how, m.text) for m in got] == [
        ("treat", "alias", "job training"),
        ("re78", "alias", "earnings"),
        ("age", "exact", "age"),
    ]
    assert match_column("the training program", columns, aliases=aliases) == "treat"


def test_match_column_reads_units_strictly_and_partial_names_loosely():
    assert match_column("dose", ["dose (mg)", "BMI"]) == "dose (mg)"
    assert match_column("ad spend", ["ad_spend_k"]) == "ad_spend_k"
    assert match_column("price", ["Unit Price"]) is None
    assert match_column("price", ["Unit Price"], loose=True) == "Unit Price"
    assert match_column("Time", ["Time", "Score"]) == "Time"


def test_identifier_columns_need_their_full_name():
    columns = ["store_id", "Region", "signup_date"]
    assert found("Does a store's region matter? Each signup counts.", columns) == ["Region"]
    assert found("by store id and signup date", columns) == ["store_id", "signup_date"]


def test_a_word_inside_a_longer_identifier_is_not_a_name():
    # "cancer_rate" is a name the data does not have, not `lung_cancer`.
    assert found("Are smoking and cancer_rate independent?", SMOKING) == ["smoking"]
    assert found("Is lung_cancer_rate up?", SMOKING) == []
    assert found("Are dose_mg and yield_t_ha linked?", ["dose (mg)", "Yield (t/ha)"]) == [
        "dose (mg)",
        "Yield (t/ha)",
    ]


def test_names_of_symbols_only_are_left_to_exact_look_up():
    assert found("Is 50% of a+b over x^2?", ["%", "?", "a+b", "x^2"]) == ["a+b", "x^2"]
    assert match_column("%", ["%", "a"]) == "%"


def test_single_word_in_capitals_text_is_read_as_a_lowercase_word():
    assert found("IS THERE A GROUP OF SCORE?", ["Group", "Score"]) == ["Score"]


def test_mask_file_names_matches_the_plain_pattern():
    plain = re.compile(
        r"[\w./\\:~-]*\.(?:csv|tsv|txt|json|jsonl|xlsx?|parquet|feather|dat|arff|sav|dta|pkl)"
        r"(?!\w)",
        re.IGNORECASE,
    )
    texts = [
        "a.csv.csv b.txtx c/d.json: e.JSONL, ~/f-g.xlsx.",
        "no files here",
        "x.csv.bak then data/y.tsv",
        "..csv and .csv",
    ]
    for text in texts:
        masked, names = mask_file_names(text)
        assert names == plain.findall(text)
        assert masked == plain.sub(lambda m: " " * len(m.group()), text)


TWENTY = [f"col_{i}" for i in range(12)] + SMOKING + ["Unit Price", "dose (mg)", "a_b"]


@pytest.mark.parametrize(
    "text",
    [
        "a " * 50_000,
        "_".join("a" * 50_000),
        "smoking tar " * 8_334,
        "x" * 100_000,
        "smokng lung cancr " * 5_556,
        " ".join("".join(random.Random(i).choices("aeiostnrlc", k=6)) for i in range(14_000)),
    ],
    ids=["a-space", "a-underscore", "smoking-tar", "one-word", "typos", "random-words"],
)
def test_adversarial_texts_stay_fast(text):
    # Under 0.1 s on a quiet machine (benchmarks/name_matching.py); 0.5 s leaves CI room.
    started = time.perf_counter()
    find_columns(text, TWENTY)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "text",
    ["x" * 100_000, "a.b/" * 25_000, "a.b/" * 25_000 + ".csv", "data.csv." * 10_000],
    ids=["one-word", "path-like", "one-long-file", "many-files"],
)
def test_masking_file_names_is_linear(text):
    started = time.perf_counter()
    masked, _ = mask_file_names(text)
    assert len(masked) == len(text)
    assert time.perf_counter() - started < 0.5
