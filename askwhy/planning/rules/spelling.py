"""Misspelt question words: "colider" -> "collider", "parnets" -> "parents".

The family triggers are patterns over the words of a question, so one typo in "confounder"
or "descendants" used to make a question unreadable. Before a sentence's template is read,
each word that is not a column mention is checked against spelling.json: a listed short
misspelling is replaced, and any other word that is no vocabulary word, no listed real word
(`never`) and no structure word is corrected to the one vocabulary word it is a plausible
typo of, by the same conservative rule as column names (askwhy.core.fuzzy). Every
correction is kept, so the reading can say what it assumed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from askwhy.core.fuzzy import TypoIndex
from askwhy.planning.rules.lexicon import lexicon

_WORD = re.compile(r"(?<![@\w])[a-z]+(?![\w@])")


@dataclass(frozen=True)
class Speller:
    vocabulary: frozenset[str]
    never: frozenset[str]
    misspellings: dict[str, str]
    index: TypoIndex

    def correct(self, word: str) -> str | None:
        """The word `word` was meant to be, or None when it stands as written."""
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
        vocabulary, frozenset(raw["never"]), dict(raw["misspellings"]), TypoIndex(vocabulary)
    )


Fixes = tuple[tuple[str, str], ...]


def known_misspellings(template: str) -> tuple[str, Fixes]:
    """(the template with its listed misspellings replaced, the (typed, meant) pairs): safe
    for every sentence, as a listed misspelling is no word."""
    return _replace(template, speller().misspellings.get)


def correct_template(template: str) -> tuple[str, Fixes]:
    """(the template with every plausible misspelling corrected, the (typed, meant) pairs):
    for a sentence no family rule reads as written."""
    return _replace(template, speller().correct)


def _replace(template: str, correct) -> tuple[str, Fixes]:
    fixes: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        meant = correct(word)
        if meant is None or meant == word:
            return word
        fixes.append((word, meant))
        return meant

    return _WORD.sub(fix, template), tuple(dict.fromkeys(fixes))
