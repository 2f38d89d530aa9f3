"""Looser readings of the words no column took (askwhy.core.name_context.leftover_names,
applied by askwhy.planning.rules.mentions): word forms of short or partial name words,
full words for a capitals abbreviation, words a short name word starts, participles."""

from __future__ import annotations

import pytest

from askwhy.planning.rules.mentions import find_mentions

TEAM = ["GameNo", "Court", "AST", "BLK", "RestHrs", "Ref. Grade", "CustLoyalty", "THI", "WIN"]


def _read(text: str, columns=TEAM) -> dict[str, str]:
    mentions, _ = find_mentions(text, columns)
    return {m.text: m.column for m in mentions}


@pytest.mark.parametrize(
    "text, phrase, column",
    [
        ("Do assists raise the win chance?", "assists", "AST"),
        ("Is the court linked to blocks?", "blocks", "BLK"),
        ("Does winning depend on the court?", "winning", "WIN"),
        ("Is resting linked to assists?", "resting", "RestHrs"),
        ("Does the referee affect blocks?", "referee", "Ref. Grade"),
        ("Does customer loyalty depend on the court?", "customer loyalty", "CustLoyalty"),
        ("Is the court a cause of blocks recorded?", "blocks recorded", "BLK"),
    ],
)
def test_leftover_words_read_as_one_column(text, phrase, column):
    assert _read(text).get(phrase) == column


@pytest.mark.parametrize(
    "text, word",
    [
        ("Are things affected by this?", "things"),
        ("Is thickness linked to the court?", "thickness"),
        ("I was wondering whether the court matters?", "wondering"),
        ("Do opponent assists affect the court?", "assists"),  # another unknown word beside
        ("Is blocks differential tied to the court?", "blocks"),
        ("Does customer age depend on the court?", "customer"),  # a question word alone
    ],
)
def test_leftover_words_left_alone(text, word):
    assert word not in {p.split()[0] for p in _read(text)}
    assert "THI" not in _read(text).values() or "THI" in text


def test_a_word_two_abbreviations_fit_stays_unresolved():
    mentions, unresolved = find_mentions("Do points affect the court?", ["PTS", "PNT", "Court"])
    assert [m.column for m in mentions] == ["Court"]
    assert [u.phrase for u in unresolved] == ["points"]


def test_a_form_two_columns_share_stays_unresolved():
    mentions, _ = find_mentions("Does staffing matter?", ["staffed_am", "staffed_pm"])
    assert not mentions


def test_a_participle_before_by_is_not_absorbed():
    mentions, unresolved = find_mentions("Are blocks tallied by the coach?", TEAM)
    assert all("tallied" not in m.text for m in mentions)
    assert any("tallied" in u.phrase for u in unresolved)


def test_question_verbs_are_never_absorbed():
    mentions, _ = find_mentions("Is AST affected by the court?", TEAM)
    assert [m.text for m in mentions] == ["AST", "court"]
    mentions, _ = find_mentions("Are assists boosted?", TEAM)
    assert all(m.text != "assists boosted" for m in mentions)


def test_the_reading_is_noted():
    from askwhy.evals.reading import rules_reader

    reader, _ = rules_reader()
    frame = reader("Do assists directly affect winning?", TEAM)
    assert (frame.x, frame.y) == ("AST", "WIN")
    assert "read 'assists' as AST" in frame.notes
    assert "read 'winning' as WIN" in frame.notes


def test_a_long_text_of_leftover_words_stays_fast():
    import time

    text = " ".join(["assists", "opponent", "referee", "wondering", "tallied"] * 4000)
    t = time.perf_counter()
    find_mentions(text[:100_000], TEAM)
    assert time.perf_counter() - t < 3.0
