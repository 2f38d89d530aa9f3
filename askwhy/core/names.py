"""Find the dataset's column names in free text.

Every mention comes back as a `Match` at its place in the text, with `how` it was found:

- "exact": written as the column is; "spelling": up to case, spaces / underscores /
  hyphens / dots, camelCase ("web visits" for `webVisits`) or a joined word ("signups"
  for `sign_ups`); "quoted": the name in quotes or backticks.
- "alias": another name for the column from the data dictionary (`aliases=`).
- "plural": a simple plural or singular ("smokers" for `smoker`), another form of a
  word of the name ("smoking" for `SMOKER`, "churn" for `CHURNED`) or its other spelling
  ("mould" for `MOLD_TEMP_C`, "color" for `Colour`).
- "unit": the name without a unit or bracket ("ad spend" for `ad_spend_k`, "dose" for
  `dose (mg)`, "attendance" for `attendance %`), with its abbreviations written out
  ("average temperature" for `avg-temp-C`, "education" for `educ_yrs`), or its unit
  named by what it measures or in words ("rotor speed" for `rotor_rpm`, "tip in
  dollars" for `tip ($)`).
- "partial": a word or run of words that only one column's name contains ("price" for
  `Unit Price`), its initials in capitals ("BP" for `blood.pressure`), the words a word
  of it in capitals abbreviates ("range of motion" for `ROM_deg`), or its unit alone
  ("kW" for `Power [kW]`, not after a number); question words ("score", "effect",
  "average"...) are never partial names, nor a bare amount ("12 weeks" in `RTW_12wk`).
- "typo": a misspelt word of a name (askwhy.core.fuzzy: 4+ letters, the same first
  letter, one edit, two from 8 letters on, one closest column word; stricter for short
  words, and never a question word: "does" is not `dose`, "field" is not `yield`).

Tighter readings win: a column's own name beats an alias, which beats a word form, which
beats a unit or partial reading, which beats a typo. When two columns fit a phrase
equally well ("price" with `Unit Price` and `price_usd`, "soil" with `soil-moisture` and
`Soil pH`), neither is picked: the phrase is reported by `ambiguous_mentions` so that the
caller can ask. Longer mentions win an overlap, and two loose readings of one column
side by side are one mention ("VAS pain" for `Pain.VAS`). Mentions never start or end
inside a word, file names never match, identifiers (`store_id`, `Order#`, `CowTag`) and
dates (`signup_date`, `order_dt`) match only by their full name, and single-letter names
never match inside words, after an apostrophe, or as the article "a" / the pronoun "I".

Column names that are everyday words (`Time`, `Group`, `Score`, `Returns`, `Plan`, see
name_words.COMMON_NAMES) match wherever they stand, except in lowercase (or capitalised
only as a sentence's first word) right after a determiner, a quantifier or a pronoun
("at the same time", "a group of", "each score", "we plan", "it returns"). Capitalised
mid-sentence, in capitals in a mixed-case text, or quoted, they always match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from askwhy.core.file_mentions import mask_file_names
from askwhy.core.name_context import QUOTES as _QUOTES
from askwhy.core.name_context import keep, leftover_names, partial_match, quoted, spelled_out
from askwhy.core.name_index import FORM, NAME, TYPO, ColumnIndex
from askwhy.core.name_words import COMMON_NAMES
from askwhy.errors import UnknownVariableError

_WORD = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[\s_\-.]+")
# What may stand between two words of one column name in the text: "yellow fingers",
# "yellow_fingers", "yellow - fingers", "yellow.fingers" (no sentence-ending ". ").
_GAP = re.compile(r"[ \t\u00a0]+|[ \t]*[-_][ \t]*|\.")
_SPACES = re.compile(r"[ \t\u00a0]*")
_GLUE = ("_", ".")  # between two words, they make one identifier
_WORD_GAPS = frozenset({"_", "-", ".", " - "})
# Word forms and typos are looked up for this many distinct words of a text: plenty for a
# question, and a bound on the cost of a long text of unknown words.
_MAX_LOOKED_UP = 2_000
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ARTICLES = frozenset({"a", "an", "the"})
_STRICT = frozenset({"exact", "spelling", "quoted", "plural", "alias", "unit"})
_TIGHT = frozenset({"exact", "spelling", "quoted"})


@dataclass(frozen=True)
class Match:
    """One column found in a text: `text[start:end]` names `column`, found `how`.

    `how` is one of exact, spelling, quoted, alias, plural, unit, partial, typo (module
    notes); it does not take part in equality, so `Match(column, start, end, text)`
    compares as before.
    """

    column: str
    start: int
    end: int
    text: str
    how: str = field(default="exact", compare=False)

    @property
    def loose(self) -> bool:
        """Found by more than case, separators or quotes: worth telling the user."""
        return self.how not in _TIGHT


@dataclass(frozen=True)
class Ambiguity:
    """A phrase of the text that fits several columns equally well: `text[start:end]`."""

    phrase: str
    start: int
    end: int
    candidates: tuple[str, ...]
    how: str


def normalize(name: str) -> str:
    """Lowercase, with runs of spaces, underscores, hyphens and dots made one space."""
    return _SEPARATORS.sub(" ", name.lower()).strip()


def find_columns(
    text: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> list[Match]:
    """All unambiguous mentions of `columns` in `text`, in order (see the module notes)."""
    return find_mentions(text, columns, aliases)[0]


def ambiguous_mentions(
    text: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> list[Ambiguity]:
    """Phrases of `text` that fit several columns equally well, in order."""
    return find_mentions(text, columns, aliases)[1]


def find_mentions(
    text: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> tuple[list[Match], list[Ambiguity]]:
    """`find_columns` and `ambiguous_mentions` in one pass."""
    masked, _ = mask_file_names(text)
    return _scan(masked, text, _index(tuple(columns), _frozen(aliases)), ordinary=True)


def match_column(
    phrase: str,
    columns: Sequence[str],
    loose: bool = False,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> str | None:
    """The column a phrase names, or None.

    Strict: the whole phrase is one column name up to case, separators, quotes, a leading
    "the", a word form, an alias or a unit ("dose" -> `dose (mg)`). Loose also accepts
    the partial readings of `find_columns` (not typos) when they point at one column only
    ("cancer" -> `lung_cancer`, "the tar level" -> `tar`), and else a unique column whose
    words contain the phrase's words or are contained in them. Ambiguous gives None.
    """
    cleaned = _LEADING_ARTICLE.sub("", phrase.strip().strip(_QUOTES).strip())
    if not cleaned:
        return None
    if cleaned in columns:
        return cleaned
    index = _index(tuple(columns), _frozen(aliases))
    matches, ambiguous = _scan(cleaned, cleaned, index, ordinary=loose)
    words = _WORD.findall(cleaned)
    whole = [m for m in matches if len(_WORD.findall(m.text)) == len(words)]
    for m in whole:
        if m.how in _STRICT:
            return m.column
    if not loose or ambiguous:
        return None
    found = {m.column for m in matches if m.how != "typo"}
    if len(found) == 1:
        return found.pop()
    return partial_match(words, columns) if not matches else None


def leftover_readings(
    text: str,
    runs: Sequence[tuple[int, int]],
    taken: Sequence[tuple[int, int, tuple[str, ...]]],
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> list[tuple[int, int, str, str]]:
    """(start, end, column, how) for words of the `runs` that no scan took but that name one
    column more loosely (askwhy.core.name_context.leftover_names); `taken` holds the
    (start, end, columns) of the mentions and ambiguous phrases found."""
    return leftover_names(_index(tuple(columns), _frozen(aliases)), text, runs, taken)


def resolve_column(phrase: str, columns: Sequence[str]) -> str:
    """The column `phrase` names (strict first, then loose); UnknownVariableError if none."""
    column = match_column(phrase, columns) or match_column(phrase, columns, loose=True)
    if column is None:
        raise UnknownVariableError(phrase.strip().strip(_QUOTES), list(columns))
    return column


# --- the scan ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _index(columns: tuple[str, ...], aliases: tuple | None) -> ColumnIndex:
    return ColumnIndex(columns, {c: list(names) for c, names in aliases or ()})


def _frozen(aliases: Mapping[str, Sequence[str]] | None) -> tuple | None:
    if not aliases:
        return None
    return tuple(
        (c, (names,) if isinstance(names, str) else tuple(names)) for c, names in aliases.items()
    )


def _scan(
    masked: str, text: str, index: ColumnIndex, ordinary: bool
) -> tuple[list[Match], list[Ambiguity]]:
    """Candidates from every window of up to `index.longest` tokens, longest first.

    A window grows only while its key is the start of some key of the index, and each
    distinct word is looked up (and corrected) once, so the cost is linear in the text.
    """
    starts: list[int] = []
    ends: list[int] = []
    written: list[str] = []
    for t in index.token_re.finditer(masked):
        starts.append(t.start())
        ends.append(t.end())
        written.append(t.group())
    low = [w.lower() for w in written]
    lowered = masked == masked.lower()
    n = len(low)
    subs: dict[str, tuple[str, str] | None] = {}
    singles: dict[str, tuple] = {}  # token as written -> (hit, window may grow)
    prefixes, joined_prefixes = index.prefixes, index.joined_prefixes
    entries, longest, symbols = index.entries, index.longest, index.symbols
    candidates: list[tuple] = []  # (-length, tier, start, end, i, j, how, columns)
    checks: list[tuple] = []  # single letters and everyday words, to look at more closely
    for i in range(n):
        token = written[i]
        single = singles.get(token)
        if single is None:
            single = singles[token] = _single(index, low[i], token, subs)
        hit, grows = single
        if hit is None and low[i] in index.cased and i and low[i - 1] in _ARTICLES and lowered:
            hit = index.resolve((low[i],), index.cased[low[i]])  # "getting a ct"
        if hit is not None and not _glued(masked, starts, ends, i, i):
            start, end = starts[i], ends[i]
            if low[i] in index.unit_words and i > 0 and low[i - 1][-1].isdigit():
                pass  # "from 2 ppb to 10 ppb": an amount, not `Pesticide_ppb`
            elif end - start == 1 or low[i] in COMMON_NAMES:
                checks.append((start, end, i, i) + hit)
            else:
                candidates.append((start - end, hit[0], start, end, i, i, hit[1], hit[2]))
        if not grows:
            continue
        word = low[i]
        s = subs[word]
        raw, alt, fixed = (word,), (s[0] if s else word,), s is not None
        typo = fixed and s[1] == "typo"  # type: ignore[index]
        joined, spaced = word, False
        for j in range(i + 1, min(i + longest, n)):
            word = low[j]
            if word not in subs:
                subs[word] = index.substitute(word) if len(subs) < _MAX_LOOKED_UP else None
            s = subs[word]
            raw += (word,)
            if s is not None:
                fixed = True
                typo = typo or s[1] == "typo"
                alt += (s[0],)
            else:
                alt += (word,)
            joined += word
            live = raw in prefixes
            alt_live = fixed and alt in prefixes
            joined_live = joined in joined_prefixes
            if not (live or alt_live or joined_live):
                break
            gap = masked[ends[j - 1] : starts[j]]  # checked only for windows still alive
            left = masked[starts[j - 1] : ends[j - 1]]
            if gap != " " and not (
                _gap_ok(gap, low[j - 1], word, symbols) or _abbreviation_dot(gap, left)
            ):
                break
            spaced = spaced or gap.isspace()
            joined_live = joined_live and not spaced
            hit = None
            if live and raw in entries:
                hit = index.resolve(raw, masked[starts[i] : ends[j]])
            if hit is None and alt_live and alt in entries:
                hit = _corrected(index.resolve(alt, masked[starts[i] : ends[j]], True), typo)
            if hit is None and joined_live:
                cols = index.joined.get(joined, ())
                if len(cols) == 1:
                    hit = (NAME, "spelling", tuple(cols))
            if hit is not None and not _glued(masked, starts, ends, i, j):
                start, end = starts[i], ends[j]
                candidates.append((start - end, hit[0], start, end, i, j, hit[1], hit[2]))
    if checks:
        caps = masked.upper() == masked
        for start, end, i, j, tier, how, cols in checks:
            if keep(start, end, i, cols[0], masked, ends, low, ordinary, caps):
                candidates.append((start - end, tier, start, end, i, j, how, cols))
    candidates += spelled_out(index, masked, starts, ends, low)
    return _longest_first(candidates, masked, text, n)


def _glued(masked: str, starts: list[int], ends: list[int], i: int, j: int) -> bool:
    """Tokens i..j are part of a longer identifier: "cancer" in "cancer_rate" is no name."""
    if i > 0 and masked[ends[i - 1] : starts[i]] in _GLUE:
        return True
    return j + 1 < len(starts) and masked[ends[j] : starts[j + 1]] in _GLUE


def _single(index: ColumnIndex, word: str, token: str, subs: dict) -> tuple:
    """(hit, may grow) for the one-token window `token`; fills `subs[word]`."""
    if word not in subs:
        subs[word] = index.substitute(word) if len(subs) < _MAX_LOOKED_UP else None
    s = subs[word]
    live = word in index.first
    alt_live = s is not None and s[0] in index.first
    grows = live or alt_live or word in index.joined_prefixes
    hit = index.resolve((word,), token) if live else None
    if hit is None and alt_live:
        # a long misspelt word may be a partial name ("strenght"), a word form not
        typo = s[1] == "typo"
        hit = _corrected(index.resolve((s[0],), token, not typo or len(word) < 6), typo)
    if hit is None:
        cols = index.joined.get(word, ())
        if len(cols) == 1:
            hit = (NAME, "spelling", tuple(cols))
    return hit, grows


def _corrected(hit, typo: bool):
    """The tier and how of a window read with corrected words (typos, word forms)."""
    if hit is None:
        return None
    tier, how, cols = hit
    if typo:
        return TYPO, "typo", cols
    return max(tier, FORM), ("plural" if how == "spelling" else how), cols


def _gap_ok(gap: str, left: str, right: str, symbols: frozenset[str]) -> bool:
    """Whether `gap` may stand inside one name, between the tokens `left` and `right`."""
    if left in symbols or right in symbols:
        # next to a symbol: "dose (mg)", "p44/42", "SPOILAGE_%"
        return gap in _GLUE[:1] or _SPACES.fullmatch(gap) is not None
    return gap in _WORD_GAPS or _GAP.fullmatch(gap) is not None


def _abbreviation_dot(gap: str, left: str) -> bool:
    """ "Opp. ELO", "Avg. Speed": a capitalised word of 2-4 letters, its dot and one space
    ("the tip. Speed ..." ends a sentence)."""
    return gap == ". " and 2 <= len(left) <= 4 and left[:1].isupper() and left[1:].islower()


def _longest_first(candidates: list[tuple], masked: str, text: str, n_tokens: int):
    """Longest first, then the tighter reading, then the earlier; overlaps are dropped."""
    taken = bytearray(n_tokens)
    chosen = []
    candidates.sort()
    for c in candidates:
        i, j = c[4], c[5]
        if i == j:
            if taken[i]:
                continue
            taken[i] = 1
        elif any(taken[i : j + 1]):
            continue
        else:
            taken[i : j + 1] = b"\x01" * (j - i + 1)
        chosen.append(c)
    chosen.sort(key=lambda c: c[2])
    matches: list[Match] = []
    ambiguous: list[Ambiguity] = []
    last_tier = NAME
    for _, tier, start, end, _i, _j, how, cols in chosen:
        written = text[start:end]
        if len(cols) > 1:
            ambiguous.append(Ambiguity(written, start, end, cols, how))
            continue
        if tier == NAME:
            if quoted(masked, start, end):
                how = "quoted"
            elif written == cols[0]:
                how = "exact"
        last = matches[-1] if matches else None
        if (  # two loose readings of one column side by side ("VAS pain" for `Pain.VAS`)
            last and last.column == cols[0] and min(tier, last_tier) > NAME
            and _SPACES.fullmatch(masked[last.end : start])
        ):  # fmt: skip
            matches.pop()
            how = how if tier > last_tier else last.how
            start, written, tier = last.start, text[last.start : end], max(tier, last_tier)
        matches.append(Match(cols[0], start, end, written, how))
        last_tier = tier
    return matches, ambiguous
