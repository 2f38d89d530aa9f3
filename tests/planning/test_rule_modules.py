"""The rule parser's parts: sentences, families, variables, settings; and bounded patterns."""

from __future__ import annotations

import random
import time

import pytest

from askwhy.frame import Frame
from askwhy.planning.rules import parse, settings_text
from askwhy.planning.rules.context import Draft
from askwhy.planning.rules.families import family_rules, is_asking, pick_question, rule_for
from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.sentences import split_sentences
from askwhy.planning.rules.settings_text import named_settings, read_settings
from askwhy.planning.rules.variables import conditioning, main_columns, read_list

SMOKING = ["age", "smoking", "yellow_fingers", "tar", "lung_cancer"]
XYZW = ["X", "Y", "Z", "W"]


def test_templates_hide_column_names():
    (sentence,) = split_sentences("Does Smoking cause lung cancer?", SMOKING)
    assert sentence.text == "does @0 cause @1 ?"
    assert sentence.refs == ("smoking", "lung_cancer")
    assert sentence.col("1") == "lung_cancer"


def test_sentences_split_on_stops_but_not_abbreviations_or_lists():
    text = "We measured e.g. tar. Columns:\n- age\n- tar\nIs tar a cause of age?"
    sentences = split_sentences(text, SMOKING)
    assert [s.raw for s in sentences] == [
        "We measured e.g. tar.",
        "Columns:\n- age\n- tar",
        "Is tar a cause of age?",
    ]


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("What should I adjust for to estimate the effect of X on Y?", "adjustment_set"),
        ("Is there a common effect of X and Y?", "collider"),
        ("What is the effect of X on Y if X goes from 0 to 1?", "effect"),
        ("Does X directly cause Y?", "direct"),
        ("Is there a confounder of X and Y?", "confounder"),
        ("Are X and Y independent given Z?", "independence"),
        ("Draw the causal graph.", "graph"),
        ("What causes Y?", "cause"),
        ("Is Z a mediator between X and Y?", "mediator"),
        ("Which is more likely: X causes Y, or Y causes X?", "pairwise_direction"),
        ("Describe the data.", "describe_data"),
    ],
)
def test_the_first_matching_rule_gives_the_family(text, family):
    (sentence,) = split_sentences(text, XYZW)
    rule = rule_for(sentence)
    assert rule is not None and rule.family == family


def test_rules_keep_the_data_files_priority_order():
    families = [rule.family for rule in family_rules()]
    expected = [t.family for t in lexicon().family_rules for _ in t.patterns]
    assert families == expected
    assert families[0] == "describe_data" and families[-1] == "cause"


def test_a_side_remark_is_the_question_only_when_nothing_else_is():
    sentences = split_sentences("Use GES. Are X and Y independent?", XYZW)
    assert pick_question(sentences, Draft())[:2] == (1, "independence")
    draft = Draft()
    assert pick_question(split_sentences("Use GES.", XYZW), draft)[:2] == (0, "graph")
    assert is_asking(split_sentences("Please tell me: is X a cause of Y", XYZW)[0])
    assert not is_asking(split_sentences("X is measured daily.", XYZW)[0])


def test_conditioning_clauses_are_told_from_the_main_columns():
    (sentence,) = split_sentences("Are X and Y independent, holding Z and W fixed?", XYZW)
    cond = conditioning(sentence)
    assert cond.given == ["Z", "W"]
    assert main_columns(sentence, cond) == ["X", "Y"]


def test_read_list_returns_refs_unknown_phrases_and_the_end():
    text = "given @0, heart rate and @1 fixed. then"
    refs, phrases, end = read_list(text, len("given"))
    assert (refs, phrases) == ([0, 1], ["heart rate"])
    assert text[:end] == "given @0, heart rate and @1"


def test_named_settings_is_importable_from_parse():
    assert parse.named_settings is settings_text.named_settings
    assert named_settings("Use FCI with a KCI test at alpha 0.01, estimated with DML.") == {
        "algorithm": "fci",
        "test": "kci",
        "method": "dml",
        "alpha": 0.01,
    }


def test_the_first_of_several_named_values_wins_with_a_note():
    draft = Draft()
    assert read_settings("Run GES, or maybe PC.", draft) == {"algorithm": "ges"}
    assert draft.notes == ["several algorithms named (ges, pc); using ges"]
    assert draft.confidence() == 0.85


def test_patterns_stay_fast_on_long_adversarial_text():
    """No pattern backtracks catastrophically: long word soup parses in well under a second."""
    rng = random.Random(3)
    vocab = "what which does the effect of on from to given and directly cause causes "
    vocab += "common shared adjust for should we 1 -2.5 0.05 alpha , ( ) { } -> | ? "
    vocab += "is are estimate how much if when variables other than except these five"
    words = vocab.split() + ["tar", "lung cancer", "yellow fingers", "age"]
    texts = [" ".join(rng.choice(words) for _ in range(1500)) for _ in range(3)]
    texts += ["what " * 1500 + "causes tar", "directly " * 1500, "effect of tar " * 500]
    for text in texts:
        started = time.perf_counter()
        assert isinstance(parse.read_question(text, SMOKING), Frame)
        assert time.perf_counter() - started < 1.5, text[:60]


def test_a_name_misspelt_as_a_whole_is_read_as_a_typo_within_bounds():
    from askwhy.planning.rules.mentions import find_mentions

    columns = ["Test Score", "price_usd", "Line Speed", "unitsSold", "Age"]
    found, _ = find_mentions("Does Line Speeed affect Test Scroe or prite_usd?", columns)
    assert [(m.column, m.text, m.how) for m in found] == [
        ("Line Speed", "Line Speeed", "typo"),
        ("Test Score", "Test Scroe", "typo"),
        ("price_usd", "prite_usd", "typo"),
    ]
    # short names allow no edit; two columns equally close give no reading
    assert not [m for m in find_mentions("Does Agr matter?", columns)[0] if m.how == "typo"]
    found, unknown = find_mentions("compare unitsSolt", ["unitsSold", "unitsSole"])
    assert not found and [u.phrase for u in unknown] == ["compare unitsSolt"]


def test_typo_recovery_stays_fast_on_a_long_text_of_unknown_words():
    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(300)]
    text = ", ".join(rng.choice(words) for _ in range(1500)) + "?"
    columns = [f"{w}_{v}" for w, v in zip(words[:60], words[60:120], strict=True)]
    started = time.perf_counter()
    assert isinstance(parse.read_question(text, columns), Frame)
    assert time.perf_counter() - started < 1.5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ATE(tar -> lung cancer)", "the average effect of tar on lung cancer"),
        ("ACE(X, Y) given Z", "the average effect of X on Y given Z"),
        ("an(tar)?", "ancestors of tar?"),
        ("pa(Y) and de(X)", "parents of Y and descendants of X"),
        ("Is an (old) record here?", "Is an (old) record here?"),
    ],
)
def test_effect_and_relative_notation_is_written_in_words(text, words):
    from askwhy.planning.rules.notation import normalise

    assert normalise(text) == words


def test_a_mark_inside_a_column_name_does_not_end_the_sentence():
    columns = ["Infected?", "Herd", "Yield"]
    (sentence,) = split_sentences("Is Infected? a mediator between Herd and Yield?", columns)
    assert sentence.text == "is @0 a mediator between @1 and @2 ?"
    # the name's mark is also the sentence's end: kept in the template, and it still splits
    first, second = split_sentences("Does Herd affect Infected? Answer yes or no.", columns)
    assert first.text == "does @0 affect @1 ?" and second.text == "answer yes or no."


@pytest.mark.parametrize(
    ("text", "x", "y"),
    [
        ("Consider tar. Does it directly cause lung cancer?", "tar", "lung_cancer"),
        ("Consider tar. Does lung cancer directly cause it?", "lung_cancer", "tar"),
    ],
)
def test_a_pronoun_takes_its_antecedents_place_in_the_roles(text, x, y):
    frame = parse.read_question(text, SMOKING)
    assert (frame.family, frame.x, frame.y) == ("direct_cause", x, y)
    assert any(note.startswith("read 'it' as tar") for note in frame.notes)


@pytest.mark.parametrize(
    "text",
    [
        "Does it affect lung cancer?",  # nobody named "it"
        "Is lung cancer caused by it?",
        "Look at age and tar. Does it affect lung cancer?",  # two candidates
    ],
)
def test_a_pronoun_with_no_single_antecedent_is_refused(text):
    frame = parse.read_question(text, SMOKING)
    assert frame.family == "unclear" and "'it'" in frame.notes[0]


def test_a_pronoun_taken_up_in_its_own_sentence_is_left_alone():
    assert parse.read_question("Lung cancer: what affects it?", SMOKING).family == "ancestors"
    frame = parse.read_question("Is it true that tar causes lung cancer?", SMOKING)
    assert (frame.family, frame.x, frame.y) == ("ancestors", "lung_cancer", "tar")
    assert parse.read_question("Describe the data, all of it.", SMOKING).family == "describe_data"
    assert parse.read_question("Draw the causal graph of it all.", SMOKING).family == "graph"


@pytest.mark.parametrize(
    "unit",
    [
        "does tar cause high age, or ",
        "Is it ",
        "Infected? a ",
        "how many tar do ",
        "with tar compared with ",
        "age drops per year of ",
        "from 1 to 2 ",
    ],
)
def test_new_patterns_stay_fast_on_repeated_units(unit):
    text = (unit * (9_990 // len(unit) + 1))[:9_990]
    started = time.perf_counter()
    assert isinstance(parse.read_question(text, [*SMOKING, "Infected?"]), Frame)
    assert time.perf_counter() - started < 1.0, unit
