"""Misspelt question words: "colider" -> "collider", "parnets" -> "parents".

The family triggers are patterns over the words of a question, so one typo in "confounder"
or "descendants" made a question unreadable, and the misspelt word was even taken for an
unknown column name. Two steps, both on the question's text before anything else reads it:

- `known_misspellings`: the short typos listed in spelling.json (`misspellings`) are no
  words, so they are replaced in every question, and so are typos of the words that decide
  a question's family (`family_words`: "adjustmnet set" must not read as an effect);
- `correct_text`: for a question that cannot be read as written, every other word that is
  no vocabulary word, no listed real word (`never`), no structure word and no column word
  (nor a typo of one) is corrected to the one vocabulary word it is a plausible typo of,
  by the same conservative rule as column names (askwhy.core.fuzzy); the reading is tried
  again on that text.

Every correction is returned, so the reading can say what it assumed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from askwhy.core.fuzzy import TypoIndex, distance
from askwhy.planning.rules.lexicon import lexicon

Fixes = tuple[tuple[str, str], ...]
_WORD = re.compile(r"(?<![\w@'’.-])[A-Za-z]+(?![\w'’]|[.-]\w)")
_COLUMN_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


@dataclass(frozen=True)
class Speller:
    vocabulary: frozenset[str]
    never: frozenset[str]
    misspellings: dict[str, str]
    index: TypoIndex
    family_index: TypoIndex  # the words that decide a question's family

    def always(self, word: str) -> str | None:
        """The correction made in every question: a listed misspelling, or a typo of a
        word that decides the family ("adjustmnet", "confouder")."""
        if word in self.misspellings:
            return self.misspellings[word]
        if word in self.vocabulary or word in self.never or word in lexicon().structure_words:
            return None
        meant = self.family_index.correct(word)  # one edit only: "medications" stays
        return meant if meant is not None and distance(word, meant, 1) <= 1 else None

    def correct(self, word: str) -> str | None:
        """The vocabulary word `word` (lowercase) was meant to be, or None."""
        if word in self.vocabulary or word in self.never:
            return None
        if word in self.misspellings:
            return self.misspellings[word]
        if word in lexicon().structure_words:
            return None
        return self.index.correct(word)


@lru_cache(maxsize=1)
def speller() -> Speller:
    text = resources.files(__package__).joinpath("spelling.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    vocabulary = frozenset(raw["vocabulary"])
    return Speller(
        vocabulary,
        frozenset(raw["never"]),
        dict(raw["misspellings"]),
        TypoIndex(vocabulary),
        TypoIndex(raw["family_words"]),
    )


def known_misspellings(text: str, columns: Sequence[str]) -> tuple[str, Fixes]:
    """(the text with its listed misspellings and typos of family words replaced, the
    (typed, meant) pairs)."""
    return _replace(text, columns, speller().always)


def correct_text(text: str, columns: Sequence[str]) -> tuple[str, Fixes]:
    """(the text with every plausible misspelling of a question word corrected, the pairs)."""
    return _replace(text, columns, speller().correct)


def _replace(
    text: str, columns: Sequence[str], correct: Callable[[str], str | None]
) -> tuple[str, Fixes]:
    words = _column_words(tuple(columns))
    fixes: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        typed = m.group()
        word = typed.lower()
        if word in words[0] or words[1].correct(word) is not None:
            return typed  # a column's word, or a typo of one: the column look-up's business
        meant = correct(word)
        if meant is None or meant == word:
            return typed
        fixes.append((typed, meant))
        return meant.upper() if typed.isupper() and len(typed) > 1 else meant

    return _WORD.sub(fix, text), tuple(dict.fromkeys(fixes))


@lru_cache(maxsize=8)
def _column_words(columns: tuple[str, ...]) -> tuple[frozenset[str], TypoIndex]:
    words = frozenset(w.lower() for c in columns for w in _COLUMN_WORD.findall(c))
    return words, TypoIndex(words)
