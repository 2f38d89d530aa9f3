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

Tier 3 also holds abbreviations written out (`avg-temp-C` <- "average temperature"),
initials in capitals (`blood.pressure` <- "BP"), the unit named by what it measures or
said in words (`Power [kW]` <- "power output", `tip ($)` <- "tip in dollars"; see
askwhy.core.name_units) and a specific unit alone (`Power [kW]` <- "kW", when no other
column is in kW); a unit or partial reading in the plural stays on tier 3, so "units"
fits both `Units Sold` and `Unit Price`. Words in capitals that abbreviate words
(`FCR`, `ROM_deg`) are kept in `initials` for askwhy.core.name_context.spelled_out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from askwhy.core import name_units as U
from askwhy.core import name_words as W
from askwhy.core.fuzzy import TypoIndex

NAME, ALIAS, FORM, LOOSE, TYPO = range(5)

_WORD_CHAR = re.compile(r"[^\W_]")
_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_STEM_SUFFIXES = ("ings", "ing", "ers", "er", "ed", "es", "s", "e")
_NOUN_SUFFIXES = ("ments", "ment", "ions", "ion")  # only off long stems: "station" stays
_SPELLINGS = [(re.compile(p), r) for p, r in W.SPELLINGS]
_NOT_ALONE = W.GENERIC | W.UNITS | U.UNIT_WORDS  # never a partial name by itself
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
        self._units: dict[str, set[str]] = {}  # "kw": the columns in kW
        for column in dict.fromkeys(columns):
            self._add_column(column)
        self.unit_words: set[str] = set()  # found alone only when no number stands before
        for unit, cols in self._units.items():  # "kW" for `Power [kW]`: if it is the only one
            self.unit_words |= {unit, *_plural_or_singular(unit)}
            if len(cols) == 1:
                self._add((unit,), Entry(cols.pop(), "partial", LOOSE))
        for column in dict.fromkeys(columns):
            for alias in aliases.get(column, ()):
                key = self.key(_LEADING_ARTICLE.sub("", alias.strip()))
                if any(_WORD_CHAR.match(t) for t in key):
                    self._add(key, Entry(column, "alias", ALIAS))
        self._add_forms()
        # `FCR`, `AHT_min`, `Knee.ROM`: a capitals-only name or word, found also as the
        # words it abbreviates ("first call resolution", "range of motion"); by initials
        # (not when another column has it as a word: `TIP_PCT` beside `tip ($)`)
        self.initials: dict[str, set[str]] = {}
        words = {c: set(_camel_split(self.token_re.findall(c))) for c in dict.fromkeys(columns)}
        for column in words:
            for letters in _capitals(column, self.token_re.findall(column)):
                if not any(letters.lower() in ws for c, ws in words.items() if c != column):
                    self.initials.setdefault(letters.lower(), set()).add(column)
        # "ct" for `CT_scan` in a text all in lowercase, after an article ("getting a ct")
        self.cased = {
            k[0]: e.verbatim
            for k, found in self.entries.items()
            for e in found.values()
            if len(k) == 1 and len(k[0]) == 2 and e.verbatim is not None
        }
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
        self.spellings: dict[str, set[str]] = {}  # "mold" <- "mould", "color" <- "colour"
        for w in self.vocabulary:
            if w.isalpha() and len(w) >= 4:
                self.spellings.setdefault(american(w), set()).add(w)
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
        same = self.spellings.get(american(word), set()) if 4 <= len(word) <= 40 else set()
        if len(same) == 1:
            return next(iter(same)), "plural"
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
            if (len(words) > 1 and words[-1] in W.IDENTIFIER_ENDINGS) or _numbered(key):
                # `store_id`, `HiveID`, `signup_date`, `Order#`: only by their full name,
                # its abbreviations written out ("order date" for `order_dt`) or "number"
                extra = [(*words, "number")] if _numbered(key) else []
                for variant in extra + [v for k in spellings for v in U.abbreviated(k)]:
                    self._add(variant, Entry(column, "unit", LOOSE))
                return
        units = [u for u in (U.drop_units(k) for k in spellings) if u and u not in spellings]
        for key in units:
            self._add(key, Entry(column, "unit", LOOSE))
        said = {q for k in spellings for q in U.quantities(k) + U.unit_phrases(k)}
        said |= {q for k in spellings for q in U.rate_phrases(k)}
        for key in said - set(units):
            for variant in (key, *U.abbreviated(key)):  # "ambient temp" for `Ambient°C`
                self._add(variant, Entry(column, "unit", LOOSE))
        measured = {q for k in spellings if U.quantities(k) for q in U.measures(k)}
        for quantity in measured:
            words = tuple(quantity.split())  # "temperature" (and "temp") alone, for `Ambient°C`
            if len(words) > 1 or words[0] not in _NOT_ALONE | W.VAGUE_QUANTITIES:
                short = [(a,) for a in U.abbreviations(words[0])] if len(words) == 1 else []
                for variant in (words, *short):
                    self._add(variant, Entry(column, "partial", LOOSE))
        for unit in {U.unit_of(k) for k in spellings} & W.NAMING_UNITS:  # "kW", "kilometres"
            for word in (unit, *(n for n in W.UNIT_NAMES.get(unit, ()) if " " not in n)):
                self._units.setdefault(word, set()).add(column)
        loose = [k for k in spellings + units if _all_words(k)]
        for key in list(loose):
            for variant in U.abbreviated(key):
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
                for word in _plural_or_singular(key[-1]) - W.FUNCTION:  # never "this" (`THI`)
                    self._add(key[:-1] + (word,), Entry(entry.column, how, tier))


def _entity_words(tokens: Sequence[str]) -> set[str]:
    """What a row is, from an identifier (`TripID`, `trip_id`, `CowTag`, `Order#`: "trip")."""
    split = _camel_split(tokens)
    words = [w for w in split if _WORD_CHAR.match(w)]
    ends = len(words) == 2 and words[-1] in W.ENTITY_ENDINGS
    if (ends or _numbered(split)) and words[0].isalpha():
        return {words[0], *_plural_or_singular(words[0])}
    return set()


_NAME_TOKEN = re.compile(r"[^\W_]+|#")


def identifier_like(column: str) -> bool:
    """`SurveyID`, `Date`, `order_dt`, `BookingRef`: the name ends in an identifier or date
    word (name_words.IDENTIFIER_ENDINGS), so it labels rows rather than measures them."""
    words = [w for w in _camel_split(_NAME_TOKEN.findall(column)) if w != "#"]
    return bool(words) and words[-1] in W.IDENTIFIER_ENDINGS


def row_words(columns: Sequence[str]) -> set[str]:
    """What a row is, from the ID columns: "patient", "patients" for `patient_id`."""
    return {w for c in columns for w in _entity_words(_NAME_TOKEN.findall(c))}


def _numbered(key: Sequence[str]) -> bool:
    """`Order#`, `Bib #`: one singular word numbered, an identifier (not `DoorOpens#`)."""
    return len(key) == 2 and key[1] == "#" and key[0].isalpha() and not key[0].endswith("s")


def _capitals(column: str, tokens: Sequence[str]) -> list[str]:
    """Words of 3-5 capitals that abbreviate words: the whole name (`FCR`, `AHT_min`), or
    a word of a name that is not all in capitals (`ROM_deg`, `Pain.VAS`, not `TIP_PCT`)."""
    words = [t for t in tokens if _WORD_CHAR.match(t)]
    while len(words) > 1 and words[-1].lower() in W.UNITS:
        words.pop()
    if len(words) > 1 and column.upper() == column:
        return []
    return [
        w
        for w in words
        if 3 <= len(w) <= 5 and w.isalpha() and w.isupper()
        and w.lower() not in _NO_ACRONYM | W.UNITS
    ]  # fmt: skip


def _camel_split(tokens: Sequence[str]) -> tuple[str, ...]:
    """The tokens with each camelCase word split ("FinishTime [min]" -> finish time [ min ]);
    a word splits only into parts of 2+ characters ("VO2max", "pH" stay whole), but for a
    lowercase letter before a word of 3+ ("eBike": e bike)."""
    out: list[str] = []
    for token in tokens:
        parts = _CAMEL_PART.findall(token) if _WORD_CHAR.match(token) else []
        prefix = bool(parts) and len(parts[0]) == 1 and parts[0].islower()  # "eBike"
        rest = parts[1:] if prefix else parts
        wide = bool(rest) and all(len(p) > 1 for p in rest) and not (prefix and len(rest[0]) < 3)
        if len(parts) > 1 and "".join(parts) == token and wide:
            out.extend(p.lower() for p in parts)
        else:
            out.append(token.lower())
    return tuple(out)


def _is_symbol(ch: str) -> bool:
    return not (_WORD_CHAR.match(ch) or ch.isspace() or ch in "_-.")


def _all_words(key: tuple[str, ...]) -> bool:
    return all(_WORD_CHAR.match(t) for t in key)


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
                and not all(w.isdigit() or w in W.UNITS | W.TIME_WORDS for w in part)
            ):
                yield part  # never a bare amount of time: "12 weeks" in `RTW_12wk`


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


def american(word: str) -> str:
    """`word` in American spelling (name_words.SPELLINGS): "mould" -> "mold"."""
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def stem(word: str) -> str:
    """A crude stem shared by a word's family: smoker, smoking, smokes -> "smok"."""
    for suffix in _NOUN_SUFFIXES + _STEM_SUFFIXES:
        shortest = 5 if suffix in _NOUN_SUFFIXES else 4
        if suffix == "s" and word.endswith("ss"):
            break  # "floss", "loss": no plural to take off
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouslz":
        word = word[:-1]  # "planned" -> "plann" -> "plan"
    return word
