"""Whether a word found in a text stands there as a column name (askwhy.core.names).

Single letters must stand alone, and everyday words must not be in an ordinary use;
quotes always make a name.
"""

from __future__ import annotations

import re

from askwhy.core.name_words import COMMON_NAMES, LETTER_FOLLOWERS, ORDINARY_BEFORE

QUOTES = "\"'`“”‘’"
_WORD = re.compile(r"[^\W_]+")
_FOLLOWER = re.compile(r"\s+([^\W\d_]+)")
_AFTER_APOSTROPHE = re.compile(r"['’](?:s\b|[^\w])|['’]$")


def keep(
    start: int,
    end: int,
    i: int,
    column: str,
    text: str,
    ends: list[int],
    low: list[str],
    ordinary: bool,
    caps: bool,
) -> bool:
    """Whether the mention `text[start:end]` (token `i`) of `column` is kept.

    Single letters must stand alone (`letter_ok`). With `ordinary`, an everyday word
    (COMMON_NAMES) in lowercase, or capitalised only as the sentence's first word, or in a
    text all in capitals, is dropped right after a word of ORDINARY_BEFORE ("a group",
    "at the same time", "we plan"); `ends` and `low` are the tokens' ends and lowercase
    forms, `caps` says the whole text is in capitals.
    """
    if end - start == 1 and not letter_ok(text, start, end, column):
        return False
    if not ordinary or low[i] not in COMMON_NAMES or quoted(text, start, end):
        return True
    written = text[start:end]
    name_like = not written.islower() and not caps
    if name_like and not (written[1:].islower() and at_sentence_start(text, start)):
        return True  # "Time" mid-sentence, "TIME" in a mixed-case text
    if i == 0 or not text[ends[i - 1] : start].isspace():
        return True
    return low[i - 1] not in ORDINARY_BEFORE


def quoted(text: str, start: int, end: int) -> bool:
    """`text[start:end]` stands between quotes or backticks."""
    return start > 0 and end < len(text) and text[start - 1] in QUOTES and text[end] in QUOTES


def letter_ok(text: str, start: int, end: int, column: str) -> bool:
    """A one-letter mention must stand alone: not "it's", "e.g.", the article or "I want"."""
    if len(_WORD.findall(column)) != 1:
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # Apostrophes: "don't", "it's", "I'm" are words; "'X'" is quoted and "X's" possessive.
    if before in "'’" and start >= 2 and text[start - 2].isalnum():
        return False
    if after in "'’" and not _AFTER_APOSTROPHE.match(text[end : end + 2] + " "):
        return False
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return False
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return False
    letter = text[start:end]
    if letter.lower() not in ("a", "i"):
        return True
    follower = _FOLLOWER.match(text, end)
    if not follower or follower.group(1).lower() in LETTER_FOLLOWERS:
        return True
    if not follower.group(1)[0].islower():
        return True
    # "a study", "i want", "I need": an article or pronoun; "A study" only at a sentence start.
    return letter == "A" and not at_sentence_start(text, start)


def at_sentence_start(text: str, start: int) -> bool:
    """Nothing but quotes or brackets between `start` and the previous sentence's end."""
    before = text[max(0, start - 80) : start].rstrip(" \t\"'`“‘(")
    return not before or before[-1] in ".?!:\n"
