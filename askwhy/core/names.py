"""Find the dataset's column names in free text.

Case, spaces, underscores, hyphens and dots are interchangeable ("yellow fingers" finds
`yellow_fingers`), a simple plural or singular finds a column when only one column fits
("smokers" finds `smoker`), and single-letter names never match inside words, after an
apostrophe, or as the article "a" / the pronoun "I".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from askwhy.errors import UnknownVariableError


def _words(text: str) -> list[str]:
    return text.split()


_WORD = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[\s_\-.]+")
# What may stand between two words of one column name in the text: "yellow fingers",
# "yellow_fingers", "yellow - fingers", "yellow.fingers" (no sentence-ending ". ").
_GAP = re.compile(r"[ \t\u00a0]+|[ \t]*[-_][ \t]*|\.")
_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_BRACKETED = re.compile(r"\s*[(\[{][^)\]}]*[)\]}]")
_FILE_NAME = re.compile(
    r"[\w./\\:~-]*\.(?:csv|tsv|txt|json|jsonl|xlsx?|parquet|feather|dat|arff|sav|dta|pkl)(?!\w)",
    re.IGNORECASE,
)
# Words after which a lone "a" / "I" is a variable name, not the article or the pronoun.
_LETTER_FOLLOWERS = frozenset(
    _words(
        """
        and or nor is are was were has have causes cause caused directly affects affect drives
        influences given on to of vs versus independent conditional conditionally
        """
    )
)
_QUOTES = "\"'`“”‘’"
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """One column found in a text: `text[start:end]` names `column`."""

    column: str
    start: int
    end: int
    text: str


def normalize(name: str) -> str:
    """Lowercase, with runs of spaces, underscores, hyphens and dots made one space."""
    return _SEPARATORS.sub(" ", name.lower()).strip()


def mask_file_names(text: str) -> tuple[str, list[str]]:
    """Blank out file names ("smoking.csv", "data/x.tsv") so they never match a column.

    Returns the text with each file name replaced by spaces (same length, so offsets
    stay valid) and the file names found.
    """
    found = [m.group() for m in _FILE_NAME.finditer(text)]
    masked = _FILE_NAME.sub(lambda m: " " * len(m.group()), text)
    return masked, found


def find_columns(text: str, columns: Sequence[str]) -> list[Match]:
    """All mentions of `columns` in `text`, in order; the longest mention wins an overlap."""
    index = _ColumnIndex(columns)
    masked, _ = mask_file_names(text)
    words = list(_WORD.finditer(masked))
    candidates: list[Match] = []
    for i in range(len(words)):
        key: tuple[str, ...] = ()
        spaced = False  # any plain space inside the window
        for j in range(i, min(i + index.longest, len(words))):
            if j > i:
                gap = masked[words[j - 1].end() : words[j].start()]
                if not _GAP.fullmatch(gap):
                    break
                spaced = spaced or gap.isspace()
            key += (words[j].group().lower(),)
            start, end = words[i].start(), words[j].end()
            column = index.lookup(key, joined_by_space=spaced, verbatim=masked[start:end])
            if column is not None and _letter_ok(masked, start, end, column):
                candidates.append(Match(column, start, end, text[start:end]))
    return _longest_first(candidates)


def match_column(phrase: str, columns: Sequence[str], loose: bool = False) -> str | None:
    """The column a phrase names, or None.

    Strict: the whole phrase is one column name (up to case, separators, a simple plural,
    quotes and a leading "the"). Loose also accepts a unique partial match in either
    direction by whole words: "cancer" -> `lung_cancer`, "the tar level" -> `tar`.
    """
    cleaned = _LEADING_ARTICLE.sub("", phrase.strip().strip(_QUOTES).strip())
    if not cleaned:
        return None
    if cleaned in columns:
        return cleaned
    words = _WORD.findall(cleaned)
    for m in find_columns(cleaned, columns):
        if len(_WORD.findall(m.text)) == len(words):
            return m.column
    if not loose:
        return None
    return _partial_match(words, columns)


def resolve_column(phrase: str, columns: Sequence[str]) -> str:
    """The column `phrase` names (strict first, then loose); UnknownVariableError if none."""
    column = match_column(phrase, columns) or match_column(phrase, columns, loose=True)
    if column is None:
        raise UnknownVariableError(phrase.strip().strip(_QUOTES), list(columns))
    return column


# --- internals -------------------------------------------------------------------------


class _ColumnIndex:
    """Word-tuple and joined-word keys for every column, exact forms before plural forms."""

    def __init__(self, columns: Sequence[str]):
        self.exact: dict[tuple[str, ...], list[str]] = {}
        self.inflected: dict[tuple[str, ...], set[str]] = {}
        for column in columns:
            for key in _spellings(column):
                self.exact.setdefault(key, [])
                if column not in self.exact[key]:
                    self.exact[key].append(column)
        for column in columns:
            for key in _spellings(column):
                for other in _inflections(key):
                    if other not in self.exact:
                        self.inflected.setdefault(other, set()).add(column)
        self.joined: dict[str, set[str]] = {}
        for key, cols in self.exact.items():
            self.joined.setdefault("".join(key), set()).update(cols)
        self.longest = max([len(k) for k in self.exact] + [3])

    def lookup(self, key: tuple[str, ...], joined_by_space: bool, verbatim: str) -> str | None:
        if key in self.exact:
            return _pick(self.exact[key], verbatim)
        if len(self.inflected.get(key, ())) == 1:
            return next(iter(self.inflected[key]))
        # "signups" for `sign_ups`, "sign-ups" for `signups`: only without spaces, so that
        # ordinary phrases ("not able") never glue into a column ("notable").
        if not joined_by_space:
            cols = self.joined.get("".join(key), set())
            if len(cols) == 1:
                return next(iter(cols))
        return None


def _spellings(column: str) -> list[tuple[str, ...]]:
    """Word tuples that name `column`: as written, camelCase split, without a bracketed unit."""
    keys = [tuple(w.lower() for w in _WORD.findall(column))]
    parts = [p for w in _WORD.findall(column) for p in _CAMEL_PART.findall(w)]
    if len(parts) > len(keys[0]) and all(len(p) > 1 for p in parts):
        keys.append(tuple(p.lower() for p in parts))
    unbracketed = _BRACKETED.sub("", column)
    if unbracketed.strip() and unbracketed != column:
        keys.append(tuple(w.lower() for w in _WORD.findall(unbracketed)))
    return [k for k in dict.fromkeys(keys) if k]


def _inflections(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The key with its last word made plural or singular ("smoker" <-> "smokers")."""
    return {key[:-1] + (w,) for w in _plural_or_singular(key[-1])}


def _plural_or_singular(word: str) -> set[str]:
    if len(word) < 3 or not word.isalpha():
        return set()
    if word.endswith("ies") and len(word) > 4:
        return {word[:-3] + "y", word[:-1]}
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return {word[:-2], word[:-1]}
    if word.endswith("ss"):
        return {word + "es"}
    if word.endswith("s"):
        return {word[:-1]}
    if word.endswith("y") and word[-2] not in "aeiou":
        return {word[:-1] + "ies"}
    if word.endswith(("x", "z", "ch", "sh")):
        return {word + "es"}
    return {word + "s"}


def _pick(candidates: list[str], verbatim: str) -> str | None:
    """One column for a key; when several share it ("Age", "age"), the one written as is."""
    if len(candidates) == 1:
        return candidates[0]
    same = [c for c in candidates if c == verbatim]
    return same[0] if len(same) == 1 else None


def _letter_ok(text: str, start: int, end: int, column: str) -> bool:
    """A one-letter mention must stand alone: not "it's", "e.g.", the article or "I want"."""
    if end - start != 1 or len(_WORD.findall(column)) != 1:
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # Apostrophes: "don't", "it's", "I'm" are words; "'X'" is quoted and "X's" possessive.
    if before in "'’" and start >= 2 and text[start - 2].isalnum():
        return False
    if after in "'’" and not re.match(r"['’](?:s\b|[^\w])|['’]$", text[end : end + 2] + " "):
        return False
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return False
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return False
    letter = text[start:end]
    if letter.lower() not in ("a", "i"):
        return True
    follower = re.match(r"\s+([^\W\d_]+)", text[end:])
    if not follower or follower.group(1).lower() in _LETTER_FOLLOWERS:
        return True
    if not follower.group(1)[0].islower():
        return True
    # "a study", "i want", "I need": an article or pronoun; "A study" only at a sentence start.
    return letter == "A" and not _at_sentence_start(text, start)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'`“‘(")
    return not before or before[-1] in ".?!:\n"


def _longest_first(candidates: list[Match]) -> list[Match]:
    chosen: list[Match] = []
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _partial_match(words: list[str], columns: Sequence[str]) -> str | None:
    """A unique column whose words contain the phrase's words, or are contained in them."""
    phrase = {_singular(w.lower()) for w in words if len(w) > 2}
    if not phrase:
        return None
    by_column = {c: {_singular(w.lower()) for w in _WORD.findall(c)} for c in columns}
    wider = [c for c, ws in by_column.items() if phrase <= ws]
    if len(wider) == 1:
        return wider[0]
    narrower = [c for c, ws in by_column.items() if ws and ws <= phrase]
    if len(narrower) == 1:
        return narrower[0]
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
