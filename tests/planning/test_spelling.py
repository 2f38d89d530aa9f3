"""Typos of question words: the words that decide a question's family are corrected in
every question, at one edit only, and real words near them are left alone."""

from askwhy.planning.rules.spelling import known_misspellings

COLUMNS = ["stay_id", "num_meds", "los_days", "ward"]


def test_a_typo_of_a_family_word_is_corrected_even_when_the_rest_reads():
    text, fixes = known_misspellings("a valid adjustmnet set for num_meds on los_days", COLUMNS)
    assert "adjustment set" in text and ("adjustmnet", "adjustment") in fixes


def test_real_words_two_edits_away_stay_as_written():
    question = "do more medications make the stay longer"
    text, fixes = known_misspellings(question, COLUMNS)
    assert text == question and fixes == ()


def test_column_words_are_never_respelt():
    text, _ = known_misspellings("is wardd independent of num_meds", ["wardd", "num_meds"])
    assert "wardd" in text
