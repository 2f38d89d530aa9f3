"""Which phrases of a text name columns, and which read like names but name none.

The mentions are those of `askwhy.core.names` (exact names, spellings, word forms, quoted
names, aliases, units, partial names, typos: each `Match` says `how`), and the phrases it
finds ambiguous ("price" with `Unit Price` and `price_usd`). The phrases left over are runs
of words that are not the question's own vocabulary (lexicon `structure_words`, so
"whats" or "DOES" are never variables): a name the data may lack ("heart rate"). The
parser names both kinds when a question needs them, instead of dropping them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from askwhy.core import names
from askwhy.planning.rules.lexicon import lexicon

STRICT = ("exact", "spelling", "plural", "quoted", "alias", "unit")
LOOSE = ("partial", "typo")

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W_]+)*|\d[\w.,]*")
_JOIN = re.compile(r"[ \t\u00a0]+|[ \t]*[-_][ \t]*|[./]")  # what may stand inside one name
_CONNECTORS = frozenset({"of", "per"})  # "hours of sleep"
_CONTRACTIONS = ("n't", "'s", "’s", "'re", "'ll", "'d", "'m", "'ve")


@dataclass(frozen=True)
class Mention:
    """`text[start:end]` names `column`; `how` says how closely (STRICT or LOOSE)."""

    column: str
    start: int
    end: int
    text: str
    how: str = "exact"

    @property
    def loose(self) -> bool:
        return self.how in LOOSE


@dataclass(frozen=True)
class Unresolved:
    """A phrase that reads like a name but names no column (`candidates` empty) or several."""

    phrase: str
    start: int
    end: int
    candidates: tuple[str, ...] = ()


def find_mentions(
    text: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> tuple[list[Mention], list[Unresolved]]:
    """Column mentions in `text`, in order, and the phrases that name no column or several."""
    mentions, ambiguous = _matches(text, list(columns), aliases or {})
    mentions = [m for m in mentions if not _article(text, m)]
    taken = [(m.start, m.end) for m in mentions] + [(u.start, u.end) for u in ambiguous]
    unknown = [Unresolved(text[a:b], a, b) for a, b in _leftover_phrases(text, taken)]
    return mentions, sorted(ambiguous + unknown, key=lambda u: u.start)


# --- the matches of askwhy.core.names ------------------------------------------------------


def _matches(
    text: str, columns: list[str], aliases: Mapping[str, Sequence[str]]
) -> tuple[list[Mention], list[Unresolved]]:
    both = getattr(names, "find_mentions", None)
    if both is not None:
        found, ambiguous = both(text, columns, aliases or None)
        unresolved = [Unresolved(a.phrase, a.start, a.end, tuple(a.candidates)) for a in ambiguous]
        return [_mention(m) for m in found], unresolved
    if aliases and _takes_aliases(names.find_columns):
        return [_mention(m) for m in names.find_columns(text, columns, aliases=aliases)], []
    return [_mention(m) for m in names.find_columns(text, columns)], []


@lru_cache(maxsize=4)
def _takes_aliases(function: Callable[..., object]) -> bool:
    return "aliases" in inspect.signature(function).parameters


def _mention(match: object) -> Mention:
    m = match
    how = getattr(m, "how", "exact")
    return Mention(m.column, m.start, m.end, m.text, how)  # type: ignore[attr-defined]


def _article(text: str, m: Mention) -> bool:
    """ "can B be a cause of A": the lowercase "a" before a noun of the question's own
    vocabulary is the article, not the column A."""
    if m.text != "a":
        return False
    before = _BEFORE_ARTICLE.search(text, 0, m.start)
    return bool(before and _NOUN_AFTER.match(text, m.end))


_BEFORE_ARTICLE = re.compile(
    r"\b(?:be|is|was|are|as|not|also|really|such|of|has|have|had|there|exists?|find|get|"
    r"form|forms|serve|serves|act|acts)\s+$"
)
_NOUN_AFTER = re.compile(
    r"\s+(?:direct\s+|common\s+|shared\s+|potential\s+|possible\s+|causal\s+|real\s+)*"
    r"(?:cause|confounder|collider|mediator|parent|child|descendant|ancestor|consequence|result|"
    r"effect|link|path|variable|driver|factor|function|source|reason|determinant)\b",
    re.I,
)


# --- the phrases left over --------------------------------------------------------------------


def _leftover_phrases(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each run of adjacent content words outside the matches."""
    runs: list[tuple[int, int]] = []
    current: list[re.Match[str]] = []
    spans = iter(sorted(taken))
    span = next(spans, None)

    def close() -> None:
        while current and current[-1].group().lower() in _CONNECTORS:
            current.pop()
        if current:
            runs.append((current[0].start(), current[-1].end()))
        current.clear()

    for word in _WORD.finditer(text):
        while span is not None and span[1] <= word.start():
            span = next(spans, None)
        lower = word.group().lower()
        inside = span is not None and span[0] < word.end()
        joined = bool(current) and _JOIN.fullmatch(text[current[-1].end() : word.start()])
        if not inside and joined and (lower in _CONNECTORS or _is_content(lower)):
            current.append(word)
            continue
        close()
        if not inside and _is_content(lower):
            current.append(word)
    close()
    return runs


def _is_content(word: str) -> bool:
    """A word that could be part of a variable's name: not question vocabulary."""
    return (
        word[:1].isalpha()
        and word.strip("'’") not in lexicon().structure_words
        and not word.endswith(_CONTRACTIONS)
    )
