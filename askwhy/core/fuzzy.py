"""Typo look-up for column words: a conservative, bounded-cost spelling corrector.

A word of the text is read as a misspelt column word only when all of these hold:
- both words are alphabetic and at least 4 letters long (never for short words);
- they start with the same letter (people rarely get the first letter wrong, and this is
  what keeps "field" from reading as `yield`);
- their edit distance (insert, delete, substitute, swap two neighbours) is at most 1
  when the shorter word has 4-7 letters, at most 2 from 8 letters on;
- short words allow less, because a small change to one is usually another real word
  ("sold" / "sole", "plan" / "plane", "send" / "spend"): a typed word of 4 letters
  only as two swapped neighbours ("cuase"), of 5 letters also with one letter left out
  ("cancr", "yeild");
- two edits need the same first two letters and at least one added or dropped letter:
  two substitutions in a long word are usually another word ("sections" / "sessions",
  "percentile" / "percentage");
- exactly one column word is closest.

Candidates come from a deletion index (the "symmetric delete" method), so a look-up costs
a few dictionary probes, not a comparison with every column word.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_LETTERS = 4
MAX_LETTERS = 40  # longer "words" are noise (a pasted hash, a run of letters): no look-up


def budget(length: int) -> int:
    """The largest edit distance allowed for a word of `length` letters."""
    if length < MIN_LETTERS:
        return 0
    return 1 if length <= 7 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of `a` and `b`, or `limit + 1` once it exceeds it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletions(word: str, depth: int) -> set[str]:
    """`word` with up to `depth` letters taken out (the word itself included)."""
    out = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1 :] for w in layer if len(w) > 2 for i in range(len(w))}
        out |= layer
    return out


class TypoIndex:
    """Column words by their deletion variants, for `correct`."""

    def __init__(self, words: Iterable[str]):
        self.by_deletion: dict[str, set[str]] = {}
        self.shapes: set[tuple[str, int]] = set()  # (first letter, length) of every word
        self.shapes2: set[tuple[str, int]] = set()  # (first two letters, length)
        for word in set(words):
            if not (word.isalpha() and MIN_LETTERS <= len(word) <= MAX_LETTERS):
                continue
            for variant in _deletions(word, budget(len(word))):
                self.by_deletion.setdefault(variant, set()).add(word)
            self.shapes.add((word[0], len(word)))
            self.shapes2.add((word[:2], len(word)))

    def correct(self, word: str) -> str | None:
        """The one column word `word` is a typo of, or None.

        One edit is looked for first; two only for long words that could be two edits
        from a column word of the same first two letters and another length.
        """
        n = len(word)
        if not (MIN_LETTERS <= n <= MAX_LETTERS and word.isalpha()):
            return None
        if not any((word[0], n + d) in self.shapes for d in (-1, 0, 1, -2, 2)):
            return None
        best = self._closest(word, _deletions(word, 1))
        two = budget(n) == 2 and (best is None or best[1] == 2)
        if two and any((word[:2], n + d) in self.shapes2 for d in (-2, -1, 1, 2)):
            best = self._closest(word, _deletions(word, 2))
        return best[0] if best is not None else None

    def _closest(self, word: str, variants: set[str]) -> tuple[str, int] | None:
        """(the one closest plausible column word, its distance) among `variants`' hits."""
        best: dict[str, int] = {}
        for variant in variants:
            for other in self.by_deletion.get(variant, ()):
                if other in best or other == word or other[0] != word[0]:
                    continue
                limit = budget(min(len(word), len(other)))
                d = distance(word, other, limit)
                if d <= limit and _plausible(word, other, d):
                    best[other] = d
        if not best:
            return None
        closest = min(best.values())
        winners = [w for w, d in best.items() if d == closest]
        return (winners[0], closest) if len(winners) == 1 else None


def _plausible(typed: str, meant: str, d: int) -> bool:
    """Whether an edit distance of `d` between the words reads as a typo (module notes)."""
    if d == 2:
        return typed[:2] == meant[:2] and len(typed) != len(meant)
    if len(typed) == 4:
        return len(meant) == 4 and _dropped_or_swapped(typed, meant)
    if len(typed) == 5 or len(meant) <= 5:
        return _dropped_or_swapped(typed, meant)
    return True


def _dropped_or_swapped(typed: str, meant: str) -> bool:
    """`typed` is `meant` with one letter left out, or with two neighbours swapped."""
    if len(typed) == len(meant) - 1:
        return any(meant[:i] + meant[i + 1 :] == typed for i in range(len(meant)))
    if len(typed) == len(meant):
        diff = [i for i in range(len(typed)) if typed[i] != meant[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == meant[diff[1]]
            and typed[diff[1]] == meant[diff[0]]
        )
    return False
