"""Whether a word found in a text stands there as a column name (askwhy.core.names).

Single letters must stand alone, and everyday words must not be in an ordinary use;
quotes always make a name. Also the runs of words that spell out a name in capitals.
"""

from __future__ import annotations

import re

from askwhy.core import name_words as W
from askwhy.core.name_index import LOOSE
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


_NOT_SPELLED = W.GENERIC - W.SPELLED_GENERIC - W.FUNCTION
_GLUE = ("_", ".")
_MAX_INNER = 2  # function words inside a spelled-out run: "return to work", "length of stay"


def spelled_out(index, masked: str, starts: list[int], ends: list[int], low: list[str]):
    """Runs of words whose initials are a word in capitals of one column's name: "first
    call resolution" for `FCR`, "range of motion" for `ROM_deg`, "days in milk" for `DIM`.

    A run starts and ends on a word of 2+ letters that is no function word, with up to two
    prepositions or conjunctions (SPELLED_FUNCTION) inside it counted ("range of motion")
    or skipped ("rate of perceived exertion"), only spaces or hyphens between, no part of
    a longer identifier ("int" in "int.rate_pct"), no word of a causal question ("directly
    influence Mastitis" is no `DIM`), and no word that alone is another column's name.
    """
    found: list[tuple] = []
    if not index.initials:
        return found
    longest = max(map(len, index.initials))
    for i in range(len(low)):
        if not _spelled_word(low[i], edge=True):
            continue
        every, content = low[i][0], low[i][0]
        if i > 0 and masked[ends[i - 1] : starts[i]] in _GLUE:
            continue
        for j in range(i + 1, min(len(low), i + longest + _MAX_INNER)):
            gap = masked[ends[j - 1] : starts[j]]
            word = low[j]
            if gap not in (" ", "-") or not _spelled_word(word, edge=False):
                break
            if j + 1 < len(low) and masked[ends[j] : starts[j + 1]] in _GLUE:
                break  # "int" in "int.rate_pct" is no word of its own
            every += word[0]
            if word in W.FUNCTION:
                if len(every) - len(content) > _MAX_INNER:
                    break
                continue
            content += word[0]
            for letters in dict.fromkeys((every, content)):
                cols = index.initials.get(letters, ())
                if len(cols) == 1 and not _names_another(index, low[i : j + 1], cols):
                    start, end = starts[i], ends[j]
                    found.append((start - end, LOOSE, start, end, i, j, "partial", (*cols,)))
                    break
    return found


def _spelled_word(word: str, edge: bool) -> bool:
    if not word.isalpha() or word in _NOT_SPELLED:
        return False
    if word in W.FUNCTION:
        return not edge and word in W.SPELLED_FUNCTION
    return len(word) >= 2


def _names_another(index, words: list[str], cols) -> bool:
    """Whether a word of the run is alone another column's name, alias or its word form."""
    for word in words:
        for entry in index.entries.get((word,), {}).values():
            if entry.column not in cols and entry.tier < LOOSE and entry.verbatim is None:
                return True
    return False
