"""Every key under which a column can be found in a text, for askwhy.core.names.

A key is a tuple of lowercase tokens: words (runs of letters and digits) and the symbols
the names use (`/`, `(`, `%`...); spaces, underscores, hyphens and dots only separate
words. Each key leads to entries (column, how, tier); the lowest tier wins, and two
columns on the lowest tier make the mention ambiguous.

| tier | how | example |
|---|---|---|
| 0 | exact, spelling | `webVisits` <- "web visits", `sign_ups` <- "signups" |
| 1 | alias | `treat` <- "job training" (from the data dictionary) |
| 2 | plural (any word form) | `smoker` <- "smokers", `SMOKER` <- "smoking", alias plurals |
| 3 | unit, partial | `ad_spend_k` <- "ad spend", `Unit Price` <- "price", "prices" |
| 4 | typo | `lung_cancer` <- "lung cancr" |

Tier 3 also holds abbreviations written out (`avg-temp-C` <- "average temperature") and
initials in capitals (`blood.pressure` <- "BP"); a unit or partial reading in the plural
stays on tier 3, so "units" fits both `Units Sold` and `Unit Price`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

from askwhy.core import name_words as W
from askwhy.core.fuzzy import TypoIndex

NAME, ALIAS, FORM, LOOSE, TYPO = range(5)

_WORD_CHAR = re.compile(r"[^\W_]")
_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_OPENING, _CLOSING = "([{", ")]}"
_STEM_SUFFIXES = ("ings", "ing", "ers", "er", "ed", "es", "s", "e")
_NOUN_SUFFIXES = ("ments", "ment", "ions", "ion")  # only off long stems: "station" stays
_MAX_VARIANTS = 16  # abbreviation spellings per key
_NOT_ALONE = W.GENERIC | W.UNITS  # never a partial name by itself
_NOT_AT_EDGE = W.FUNCTION | W.UNITS  # never the first or last word of a partial name
_NO_STEM = W.GENERIC | W.COMMON_NAMES
_NO_ACRONYM = W.GENERIC | W.ACRONYM_STOP


@dataclass(frozen=True)
class Entry:
    column: str
    how: str
    tier: int
    verbatim: str | None = None  # found only when the text is written exactly so ("pH", "BP")


class ColumnIndex:
    """The keys of `columns` (and their aliases), with the look-up tables the scan needs."""

    def __init__(self, columns: Sequence[str], aliases: Mapping[str, Sequence[str]]):
        names = list(columns) + [a for c in columns for a in aliases.get(c, ())]
        symbols = sorted({ch for n in names for ch in n if _is_symbol(ch)})
        self.symbols = frozenset(symbols)  # tokens of their own: "/", "(", "%"...
        extra = "|[" + re.escape("".join(symbols)) + "]" if symbols else ""
        self.token_re = re.compile(r"[^\W_]+" + extra)
        self.entries: dict[tuple[str, ...], dict[str, Entry]] = {}
        self.joined: dict[str, set[str]] = {}
        self._memo: dict[tuple, tuple[int, str, tuple[str, ...]] | None] = {}
        self._order = {c: i for i, c in enumerate(dict.fromkeys(columns))}
        # what a row is ("trip" for `TripID`): never a partial name of another column
        self._entities = {w for c in columns for w in _entity_words(self.token_re.findall(c))}
        for column in dict.fromkeys(columns):
            self._add_column(column)
        for column in dict.fromkeys(columns):
            for alias in aliases.get(column, ()):
                key = self.key(_LEADING_ARTICLE.sub("", alias.strip()))
                if any(_WORD_CHAR.match(t) for t in key):
                    self._add(key, Entry(column, "alias", ALIAS))
        self._add_forms()
        # `FCR`, `AHT_min`: a capitals-only name, found also as the words it abbreviates
        # ("first call resolution"); by length, then initials
        self.initials: dict[int, dict[str, set[str]]] = {}
        for column in dict.fromkeys(columns):
            letters = _capitals_name(self.token_re.findall(column))
            if letters:
                table = self.initials.setdefault(len(letters), {})
                table.setdefault(letters.lower(), set()).add(column)
        self.prefixes = {key[:i] for key in self.entries for i in range(1, len(key) + 1)}
        self.first = {key[0] for key in self.entries}
        self.joined_prefixes = {j[:i] for j in self.joined for i in range(1, len(j) + 1)}
        self.longest = max([len(k) for k in self.entries] + [3])
        self.vocabulary = {w for key in self.entries for w in key}
        exact_words = {
            w
            for key, found in self.entries.items()
            for w in key
            if any(e.how != "partial" and e.verbatim is None for e in found.values())
        }
        self.typos = TypoIndex(w for w in exact_words if w not in W.GENERIC)
        self.stems: dict[str, set[str]] = {}
        for key, found in self.entries.items():
            if any(e.tier in (NAME, ALIAS) for e in found.values()):
                for w in key:
                    if w.isalpha() and len(w) >= 4 and w not in _NO_STEM:
                        self.stems.setdefault(stem(w), set()).add(w)

    def key(self, name: str) -> tuple[str, ...]:
        return tuple(t.lower() for t in self.token_re.findall(name))

    def resolve(
        self, key: tuple[str, ...], verbatim: str, strict: bool = False
    ) -> tuple[int, str, tuple[str, ...]] | None:
        """(tier, how, columns) of the lowest tier for `key` as written (`verbatim`), or None.

        Several columns mean the key is ambiguous; among a column's own names the one
        written exactly as is wins ("Age" and "age"). `strict` leaves out partial names
        (for keys with a corrected word in them).
        """
        found = self.entries.get(key)
        if not found:
            return None
        memo = (key, strict)
        if memo in self._memo:
            return self._memo[memo]
        usable = [
            e
            for e in found.values()
            if (e.verbatim is None or e.verbatim == verbatim)
            and not (strict and e.how == "partial")
        ]
        result = None
        depends = any(e.verbatim is not None for e in found.values())
        if usable:
            best = min(e.tier for e in usable)
            entries = [e for e in usable if e.tier == best]
            entries.sort(key=lambda e: self._order[e.column])
            cols = tuple(e.column for e in entries)
            if len(cols) > 1 and best == NAME:
                depends = True
                same = [e for e in entries if e.column == verbatim]
                entries = same if len(same) == 1 else entries
                cols = tuple(e.column for e in entries)
            result = (best, entries[0].how, cols)
        if not depends:
            self._memo[memo] = result
        return result

    def substitute(self, word: str) -> tuple[str, str] | None:
        """A column word that `word` (not itself a column word) stands for, and how."""
        if word in self.vocabulary or word in W.GENERIC or not word.isalpha():
            return None
        if len(word) >= 5:
            same = self.stems.get(stem(word), set())
            if len(same) == 1:
                return next(iter(same)), "plural"
        fixed = self.typos.correct(word)
        return (fixed, "typo") if fixed else None

    # --- building -----------------------------------------------------------------------

    def _add(self, key: tuple[str, ...], entry: Entry) -> None:
        found = self.entries.setdefault(key, {})
        old = found.get(entry.column)
        if (
            old is None
            or entry.tier < old.tier
            or (entry.tier == old.tier and old.how == "partial" != entry.how)
        ):
            found[entry.column] = entry

    def _add_column(self, column: str) -> None:
        tokens = self.token_re.findall(column)
        base = tuple(t.lower() for t in tokens)
        if not any(_WORD_CHAR.match(t) for t in base):
            return  # "", "%", "?": found only by their exact name (match_column)
        spellings = [base]
        split = _camel_split(tokens)
        if split != base:
            spellings.append(split)
        words_only = tuple(t for t in base if _WORD_CHAR.match(t))
        if len(words_only) > 1 and words_only != base:
            spellings.append(words_only)  # "dose_mg" for `dose (mg)`, "yield t/ha"
        for key in spellings:
            self._add(key, Entry(column, "spelling", NAME))
            if len(key) > 1 or len(key[0]) > 1:
                self.joined.setdefault("".join(key), set()).add(column)
        for key in spellings:
            words = [w for w in key if _WORD_CHAR.match(w)]
            if len(words) > 1 and words[-1] in W.IDENTIFIER_ENDINGS:
                return  # `store_id`, `HiveID`, `signup_date`: only by their full name
        units = [u for u in (_drop_units(k) for k in spellings) if u and u not in spellings]
        for key in units:
            self._add(key, Entry(column, "unit", LOOSE))
        for key in {q for k in spellings for q in _quantities(k)} - set(units):
            self._add(key, Entry(column, "unit", LOOSE))
        for quantity in {q for k in spellings if _quantities(k) for q in W.UNIT_QUANTITIES[k[-1]]}:
            words = tuple(quantity.split())  # "temperature" (and "temp") alone, for `Ambient°C`
            if len(words) > 1 or words[0] not in _NOT_ALONE:
                short = [(a,) for a in _abbreviations(words[0])] if len(words) == 1 else []
                for variant in (words, *short):
                    self._add(variant, Entry(column, "partial", LOOSE))
        loose = [k for k in spellings + units if _all_words(k)]
        for key in list(loose):
            for variant in _abbreviated(key):
                self._add(variant, Entry(column, "unit", LOOSE))
                loose.append(variant)
        for key in loose:
            if not any(w in W.UNITS for w in key):
                self._add_acronym(column, key)
            for part in _parts(key):
                if not (len(part) == 1 and part[0] in self._entities):
                    self._add(part, Entry(column, "partial", LOOSE))
        for token in tokens if len(base) > 1 else ():  # "pH" for `Soil pH`, only as written
            short = len(token) == 2 and token.isalpha() and not token.islower()
            if short and token.lower() not in _NOT_ALONE:
                self._add((token.lower(),), Entry(column, "partial", LOOSE, token))

    def _add_acronym(self, column: str, key: tuple[str, ...]) -> None:
        if len(key) < 2 or not all(w.isalpha() for w in key):
            return
        letters = "".join(w[0] for w in key if w not in W.FUNCTION)
        if len(letters) >= 2 and letters not in _NO_ACRONYM:
            self._add((letters,), Entry(column, "partial", LOOSE, letters.upper()))

    def _add_forms(self) -> None:
        """Plural / singular of every key's last word (names and aliases: on tier FORM)."""
        for key, found in list(self.entries.items()):
            for entry in list(found.values()):
                if entry.verbatim is not None or entry.tier not in (NAME, ALIAS, LOOSE):
                    continue
                tier = FORM if entry.tier in (NAME, ALIAS) else LOOSE
                how = "plural" if entry.tier == NAME else entry.how
                for word in _plural_or_singular(key[-1]):
                    self._add(key[:-1] + (word,), Entry(entry.column, how, tier))


def spelled_out(
    index: ColumnIndex, masked: str, starts: list[int], ends: list[int], low: list[str]
) -> list[tuple]:
    """Runs of words whose initials are a capitals-only name: "first call resolution" for
    `FCR` (no function words, no single letters, only spaces or hyphens between)."""
    found = []
    for size, table in index.initials.items():
        for i in range(len(low) - size + 1):
            words = low[i : i + size]
            if any(len(w) < 2 or not w.isalpha() or w in W.FUNCTION for w in words):
                continue
            cols = table.get("".join(w[0] for w in words), ())
            gaps = (masked[ends[j] : starts[j + 1]] for j in range(i, i + size - 1))
            if len(cols) == 1 and all(g in (" ", "-") for g in gaps):
                start, end = starts[i], ends[i + size - 1]
                found.append((start - end, LOOSE, start, end, i, i + size - 1, "partial", (*cols,)))
    return found


def _entity_words(tokens: Sequence[str]) -> set[str]:
    """The word before an identifier ending (`TripID`, `trip_id`: "trip", "trips")."""
    words = [w for w in _camel_split(tokens) if _WORD_CHAR.match(w)]
    if len(words) == 2 and words[-1] in ("id", "ids") and words[0].isalpha():
        return {words[0], *_plural_or_singular(words[0])}
    return set()


def _capitals_name(tokens: Sequence[str]) -> str | None:
    """The letters of a name that is one word of 3-5 capitals (and maybe a unit)."""
    words = [t for t in tokens if _WORD_CHAR.match(t)]
    while len(words) > 1 and words[-1].lower() in W.UNITS:
        words.pop()
    if len(words) != 1 or not (3 <= len(words[0]) <= 5):
        return None
    word = words[0]
    if not (word.isalpha() and word.isupper()) or word.lower() in _NO_ACRONYM:
        return None
    return word


def _camel_split(tokens: Sequence[str]) -> tuple[str, ...]:
    """The tokens with each camelCase word split ("FinishTime [min]" -> finish time [ min ]);
    a word splits only into parts of 2+ characters ("VO2max", "pH" stay whole)."""
    out: list[str] = []
    for token in tokens:
        parts = _CAMEL_PART.findall(token) if _WORD_CHAR.match(token) else []
        if len(parts) > 1 and "".join(parts) == token and all(len(p) > 1 for p in parts):
            out.extend(p.lower() for p in parts)
        else:
            out.append(token.lower())
    return tuple(out)


def _is_symbol(ch: str) -> bool:
    return not (_WORD_CHAR.match(ch) or ch.isspace() or ch in "_-.")


def _all_words(key: tuple[str, ...]) -> bool:
    return all(_WORD_CHAR.match(t) for t in key)


def _drop_units(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """`key` without brackets, trailing symbols, unit words and "per X" at its end."""
    out: list[str] = []
    depth = 0
    for token in key:
        if token in _OPENING:
            depth += 1
        elif token in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(token)
    while out and not _WORD_CHAR.match(out[0]):
        out.pop(0)
    while len(out) > 1:
        if not _WORD_CHAR.match(out[-1]) or out[-1] in W.UNITS:
            out.pop()
        elif len(out) > 2 and out[-2] == "per":
            del out[-2:]
        else:
            break
    while out and not _WORD_CHAR.match(out[-1]):
        out.pop()
    letters = sum(len(w) for w in out if w.isalnum())
    if letters < 3 or all(w in W.GENERIC or not w.isalnum() for w in out):
        return None
    return tuple(out)


def _quantities(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with its final unit named by what it measures: ("commute", "distance")."""
    if len(key) < 2 or key[-1] not in W.UNIT_QUANTITIES:
        return []
    base = _drop_units(key)
    if not base or base[-1] in W.GENERIC:
        return []
    return [(*base, *word.split()) for word in W.UNIT_QUANTITIES[key[-1]] if word not in base]


def _abbreviated(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with abbreviations written out, or full words abbreviated ("avg temp")."""
    options = [[(w,)] + [tuple(a.split()) for a in _abbreviations(w)] for w in key]
    out = []
    for choice in product(*options):
        variant = tuple(w for part in choice for w in part)
        if variant != key:
            out.append(variant)
        if len(out) >= _MAX_VARIANTS:
            break
    return out


def _abbreviations(word: str) -> list[str]:
    out = list(W.ABBREVIATIONS.get(word, ()))
    out += [short for short, longs in W.ABBREVIATIONS.items() if word in longs]
    return out


def _parts(key: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    """Proper runs of `key`'s words that can name it alone: "price" in `Unit Price`."""
    n = len(key)
    for i in range(n):
        for j in range(i + 1, n + 1):
            if j - i == n:
                continue
            part = key[i:j]
            if len(part) == 1:
                w = part[0]
                if w.isalpha() and len(w) >= 3 and w not in _NOT_ALONE:
                    yield part
            elif (
                part[0] not in _NOT_AT_EDGE
                and part[-1] not in _NOT_AT_EDGE
                and any(w.isalpha() and len(w) >= 3 for w in part)
            ):
                yield part


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


def stem(word: str) -> str:
    """A crude stem shared by a word's family: smoker, smoking, smokes -> "smok"."""
    for suffix in _NOUN_SUFFIXES + _STEM_SUFFIXES:
        shortest = 5 if suffix in _NOUN_SUFFIXES else 4
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouslz":
        word = word[:-1]  # "planned" -> "plann" -> "plan"
    return word
