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
from functools import lru_cache

from askwhy.core import names
from askwhy.planning.rules.leftovers import leftovers, participles
from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.mention_types import (
    MAX_RUNS,
    NAME_GAP,
    WORD,
    Mention,
    Unresolved,
)

_JOIN = re.compile(r"[ \t\u00a0]+|[ \t]*[-_][ \t]*|[./]")  # what may stand inside one name
_CONNECTORS = frozenset({"of", "per"})  # "hours of sleep"
_CONTRACTIONS = ("n't", "'s", "’s", "'re", "'ll", "'d", "'m", "'ve")


def find_mentions(
    text: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> tuple[list[Mention], list[Unresolved]]:
    """Column mentions in `text`, in order, and the phrases that name no column or several."""
    mentions, ambiguous = _matches(text, list(columns), aliases or {})
    mentions = [m for m in mentions if not _article(text, m) and not _verb(text, m)]
    taken = [(m.start, m.end) for m in mentions] + [(u.start, u.end) for u in ambiguous]
    runs = _leftover_phrases(text, taken)
    if runs and columns:
        mentions, runs = _typos(text, list(columns), mentions, runs)
        taken = [(m.start, m.end) for m in mentions] + [(u.start, u.end) for u in ambiguous]
        runs = _leftover_phrases(text, taken)
        if runs:
            mentions, ambiguous = leftovers(text, columns, aliases, mentions, ambiguous, runs)
            taken = [(m.start, m.end) for m in mentions] + [(u.start, u.end) for u in ambiguous]
            runs = _leftover_phrases(text, taken)
        if runs:
            mentions, runs = participles(text, mentions, runs)
    unknown = [Unresolved(text[a:b], a, b) for a, b in runs]
    return mentions, sorted(ambiguous + unknown, key=lambda u: u.start)


# --- typos the word-level corrector leaves ----------------------------------------------------

_MAX_RUN_WORDS = 6


def _typo_budget(length: int) -> int:
    """Edits allowed in a whole name of `length` letters (separators left out): none for
    short names, where one edit is usually another word."""
    return 0 if length < 6 else 1 if length < 10 else 2


@lru_cache(maxsize=64)
def _squeezed(columns: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """Each column's letters and digits, lowercase, and its number of words."""
    out = {}
    for c in columns:
        words = [w for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", c)]
        out[c] = ("".join(words).lower(), max(1, len(words)))
    return out


def _identifier(column: str) -> bool:
    """`Parcel ID`, `store_no`, `order_dt`: names only by their full name (askwhy.core.names),
    never by a misspelling ("parcel is" is not `Parcel ID`)."""
    from askwhy.core.name_words import IDENTIFIER_ENDINGS

    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", column)
    return len(words) > 1 and words[-1].lower() in IDENTIFIER_ENDINGS


def _widened(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[int, int]:
    """The span with the word right before and after it that no mention holds ("Test" of
    "Test Scroe" is question vocabulary too)."""
    inside = [(m.start, m.end) for m in mentions]
    before = [w for w in WORD.finditer(text, max(0, start - 40), start) if w.end() <= start]
    if before and NAME_GAP.fullmatch(text[before[-1].end() : start]):
        w = before[-1]
        if not any(a < w.end() and w.start() < b for a, b in inside):
            start = w.start()
    after = WORD.search(text, end)
    gap = text[end : after.start()] if after else ""
    free = after is not None and not any(a < after.end() and after.start() < b for a, b in inside)
    if free and len(gap) < 4 and NAME_GAP.fullmatch(gap):
        end = after.end()  # type: ignore[union-attr]
    return start, end


def _typos(
    text: str, columns: list[str], mentions: list[Mention], runs: list[tuple[int, int]]
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """A name misspelt as a whole ("Test Scroe", "prite_usd", "Line Speeed"): a run of
    unknown words (with a partial mention right before or after it) within a bounded
    edit distance of exactly one column's name, read as that column (how "typo")."""
    from askwhy.core.fuzzy import distance

    names = _squeezed(tuple(columns))
    names = {c: v for c, v in names.items() if not _identifier(c)}
    found: list[Mention] = []
    dropped: set[Mention] = set()
    for a, b in runs[:MAX_RUNS]:
        start, end = a, b
        near = [
            m
            for m in mentions
            if m.loose
            and (
                (m.end <= a and NAME_GAP.fullmatch(text[m.end : a]))
                or (m.start >= b and NAME_GAP.fullmatch(text[b : m.start]))
            )
        ]
        for m in near:
            start, end = min(start, m.start), max(end, m.end)
        start, end = _widened(text, start, end, mentions)
        words = list(WORD.finditer(text, start, end))[:_MAX_RUN_WORDS]
        best: dict[str, tuple[int, int, int]] = {}
        for i in range(len(words)):
            for j in range(i, len(words)):
                typed = "".join(w.group() for w in words[i : j + 1]).lower()
                typed = re.sub(r"[^\w]|_", "", typed)
                for column, (squeezed, _) in names.items():
                    limit = _typo_budget(min(len(typed), len(squeezed)))
                    if not limit or typed[:1] != squeezed[:1] or typed == squeezed:
                        continue
                    if abs(len(typed) - len(squeezed)) > limit:
                        continue
                    d = distance(typed, squeezed, limit)
                    if d <= limit and (column not in best or d < best[column][0]):
                        best[column] = (d, words[i].start(), words[j].end())
        if not best:
            continue
        closest = min(d for d, _, _ in best.values())
        winners = [c for c, v in best.items() if v[0] == closest]
        if len(winners) != 1:
            continue
        column = winners[0]
        _, s0, e0 = best[column]
        if any(m.column != column and m.start < e0 and s0 < m.end for m in near):
            continue
        dropped |= {m for m in near if m.start < e0 and s0 < m.end}
        found.append(Mention(column, s0, e0, text[s0:e0], "typo"))
    if not found:
        return mentions, runs
    kept = [m for m in mentions if m not in dropped]
    return sorted(kept + found, key=lambda m: m.start), runs


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


def _verb(text: str, m: Mention) -> bool:
    """ "What does Parity feed straight into?": a causal verb before "into" is the verb, not a
    column named like it (feed.intake_kg), unless the name is quoted."""
    verb = m.how != "quoted" and m.text.lower() in lexicon().verbs_into
    return verb and bool(_INTO.match(text, m.end))


_INTO = re.compile(r"\s+(?:\w+ly\s+|straight\s+|right\s+)?(?:in)?to\b", re.I)
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

    for word in WORD.finditer(text):
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
