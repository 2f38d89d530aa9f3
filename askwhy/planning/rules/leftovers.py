"""Looser readings of the words a question leaves over once its names are matched
(askwhy.planning.rules.mentions): other forms and abbreviations of a name's words
("turnovers" for `TOV`, "winning" for `WIN`, "customer rating" for `CustRating`), and a
lone past participle after a name ("points scored"). Each is kept only when it stands
alone: no other leftover word or other column's mention beside it (a word for who the
rows are, "whether people cancel", may stand before it)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache

from askwhy.core import names
from askwhy.core.name_words import PEOPLE
from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.mention_types import (
    LOOSE,
    MAX_RUNS,
    NAME_GAP,
    WORD,
    Mention,
    Unresolved,
)


def leftovers(
    text: str,
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None,
    mentions: list[Mention],
    ambiguous: list[Unresolved],
    runs: list[tuple[int, int]],
) -> tuple[list[Mention], list[Unresolved]]:
    """Words of the runs read as a column (names.leftover_readings: "turnovers" for `TOV`,
    "winning" for `WIN`, "customer rating" for `CustRating`); a reading that takes in a
    mention or an ambiguous phrase of its own column replaces it."""
    reader = getattr(names, "leftover_readings", None)
    if reader is None:
        return mentions, ambiguous
    taken = [(m.start, m.end, (m.column,)) for m in mentions]
    taken += [(u.start, u.end, u.candidates) for u in ambiguous]
    found = reader(text, runs[:MAX_RUNS], taken, list(columns), aliases)
    if not found:
        return mentions, ambiguous
    held = sorted(taken)
    new: list[Mention] = []
    for start, end, column, how in found:
        if not _alone(text, start, end, column, runs, found, held):
            continue
        inside = [m for m in mentions if m.start < end and start < m.end]
        if any(m.column != column for m in inside):
            continue
        start = min([start] + [m.start for m in inside])
        end = max([end] + [m.end for m in inside])
        mentions = [m for m in mentions if m not in inside]
        ambiguous = [u for u in ambiguous if not (u.start < end and start < u.end)]
        new.append(Mention(column, start, end, text[start:end], how))
    out: list[Mention] = []
    for m in sorted(mentions + new, key=lambda m: m.start):
        last = out[-1] if out else None
        beside = last and NAME_GAP.fullmatch(text[last.end : m.start])  # "miles travelled"
        if beside and last.column == m.column and (last in new or m in new):
            how = last.how if last.how in LOOSE else m.how
            m = Mention(m.column, last.start, m.end, text[last.start : m.end], how)
            out.pop()
        out.append(m)
    return out, ambiguous


def _alone(
    text: str, start: int, end: int, column: str, runs: list, found: list, held: list
) -> bool:
    """No other leftover word stands right before or after a reading, unless a reading of
    its column takes it or it is a participle that follows ("points scored"), and no
    mention of another column: "opponent turnovers", "point differential" or "fish
    biomass" are no names of the data. `runs` (spans) and `held` ((start, end, columns) of
    the mentions and ambiguous phrases) are sorted."""
    for near, w in _neighbours(text, start, end):
        a, b = w.span()
        holder = _overlapping(held, a, b)
        if holder is not None and column not in holder[2]:
            return False
        if holder is not None or _overlapping(runs, a, b) is None:
            continue
        if any(c == column and s0 <= a and b <= e0 for s0, e0, c, _ in found):
            continue
        if near == "after" and _lone_participle(text, a, b):
            continue
        if near == "before" and w.group().lower() in PEOPLE:
            continue  # "whether people cancel"
        return False
    return True


def _neighbours(text: str, start: int, end: int) -> list[tuple[str, re.Match[str]]]:
    """The words right before and right after `text[start:end]` inside one name's gap."""
    out = []
    before = [w for w in WORD.finditer(text, max(0, start - 40), start) if w.end() <= start]
    if before and NAME_GAP.fullmatch(text[before[-1].end() : start]):
        out.append(("before", before[-1]))
    gap = NAME_GAP.match(text, end)
    after = WORD.match(text, gap.end()) if gap else None
    if after:
        out.append(("after", after))
    return out


def _overlapping(spans: list, a: int, b: int) -> tuple | None:
    """The item of the sorted, disjoint `spans` ((start, end, ...)) that overlaps [a, b)."""
    k = bisect_right(spans, (a, float("inf"))) - 1
    for i in (k, k + 1):
        if 0 <= i < len(spans) and spans[i][0] < b and a < spans[i][1]:
            return spans[i]
    return None


# A lone past participle right after a mention, then the sentence's end or a conjunction:
# "points scored?", "miles run and ..." ("is X affected by" is question vocabulary).
_PARTICIPLE = re.compile(r"[^\W\d_]{3,}ed|won|lost|made|spent|paid|sold|run|grown|taken")
_AFTER_PARTICIPLE = re.compile(r"\s*(?:$|[?.!,;:)]|(?:and|or|vs|versus|than)\b)", re.I)


@lru_cache(maxsize=1)
def _verb_stems() -> tuple[str, ...]:
    """The verb stems of the question families ("caus", "shap", "boost"), from the lexicon."""
    text = " ".join(lexicon().family_fragments.values())
    return tuple(sorted(set(re.findall(r"(?<![a-z\\])[a-z]{3,}", text))))


def _lone_participle(text: str, start: int, end: int) -> bool:
    """`text[start:end]` is a past participle that no question verb starts, and the
    sentence ends or goes on with a conjunction after it."""
    word = text[start:end].lower()
    return (
        _PARTICIPLE.fullmatch(word) is not None
        and _AFTER_PARTICIPLE.match(text, end) is not None
        and not word.startswith(_verb_stems())
    )


def participles(
    text: str, mentions: list[Mention], runs: list[tuple[int, int]]
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """A run of one past participle right after a mention belongs to it: "points scored"."""
    by_end = {m.end: m for m in mentions}
    kept, taken = [], {}
    for a, b in runs:
        before = a - 1
        if (
            before in by_end
            and text[before:a] == " "
            and _lone_participle(text, a, b)
            and by_end[before] not in taken
        ):
            taken[by_end[before]] = b
            continue
        kept.append((a, b))
    if not taken:
        return mentions, runs
    out = [
        Mention(m.column, m.start, taken[m], text[m.start : taken[m]], m.how) if m in taken else m
        for m in mentions
    ]
    return out, kept
