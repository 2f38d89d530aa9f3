"""Which columns a question is about, and in what role.

The columns named in a sentence are already its template's `@k` refs (sentences.py, with
mentions.py for strict and loose names). This module reads the conditioning clauses
("given Z", "controlling for W and V"), tells them from the main columns, and tops up a
sentence that names too few columns from the sentences before it, with a note. When a
question still lacks a column, it names the phrases that match no column (or several)
instead of guessing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from askwhy.errors import closest_names
from askwhy.planning.rules.context import Context, Fields, Phrase, Unreadable
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.mention_types import Unresolved
from askwhy.planning.rules.sentences import TOKEN, Sentence

_GIVEN_BAR = re.compile(r"(?<=\s)\|")  # "X ⊥ Y | Z"
_D_SEPARATION = re.compile(r"\bd-?separat")
_BY = re.compile(r"\bby\b")  # "d-separated by Z"
_CONTRACTION_ENDS = ("n't", "'s", "’s", "'re", "'ll", "'d", "'m", "'ve")
MAX_LIST_CHARS = 600  # how far a list of columns after "given" may run
_CLAUSE_GOES_ON = re.compile(  # a word that carries a clause on, not a name's next word
    r"\s+(?:through|via|because|since|though|although|but|if|unless|which|that|who|where|"
    r"when|while|is|are|was|were|has|have|had|does|do|did|can|could|would|should|will)\b",
    re.I,
)
_JOINED = re.compile(r"\s*(?:,|;|&|/|\band\b|\bor\b|\bvs\.?|\bversus\b|,\s*and\b|,\s*or\b)\s*")


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(strong, weak) conditioning markers: "given", "controlling for" / "with covariates"."""
    lex = lexicon()
    strong = re.compile(r"\b" + alternation(lex.given_markers) + r"\b")
    weak = re.compile(
        r"\b"
        + alternation(lex.weak_given_openers)
        + r"\s+(?:"
        + alternation(lex.weak_given_fillers)
        + r"\s+)*"
        + alternation(lex.weak_given_nouns)
        + r"\b"
    )
    return strong, weak


@lru_cache(maxsize=1)
def _pronoun() -> re.Pattern[str]:
    return re.compile(r"\b" + alternation(lexicon().pronouns) + r"\b")


@dataclass
class Conditioning:
    """The columns of a sentence's conditioning clauses, and where those clauses are."""

    given: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # phrases that match no column

    def covers(self, pos: int) -> bool:
        """Whether `pos` is inside a conditioning clause (the spans are in order)."""
        i = bisect.bisect_right(self.spans, (pos, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def conditioning(sentence: Sentence, text: str | None = None) -> Conditioning:
    """Columns named after "given", "controlling for", "holding ... fixed", etc."""
    text = sentence.text if text is None else text
    cond = Conditioning()
    strong, weak = _markers()
    markers = [*strong.finditer(text), *weak.finditer(text)]
    markers += _GIVEN_BAR.finditer(text)
    if _D_SEPARATION.search(text):
        markers += _BY.finditer(text)
    for marker in sorted(markers, key=lambda m: m.start()):
        if cond.covers(marker.start()):
            continue
        refs, phrases, end = read_list(text, marker.end())
        if not refs and not phrases:
            continue
        cond.spans.append((marker.start(), end))
        for k in refs:
            if sentence.col(k) not in cond.given:
                cond.given.append(sentence.col(k))
        cond.unknown += phrases
    return cond


def read_list(text: str, pos: int) -> tuple[list[int], list[str], int]:
    """Read "Z, W and V" from `pos`: column refs, unmatched phrases and the end position."""
    lex = lexicon()
    tokens = _Tokens(text, pos)
    i = 0
    while tokens.has(i) and tokens[i][0] in lex.list_filler:
        i += 1
    refs: list[int] = []
    phrases: list[str] = []
    end = pos
    while tokens.has(i):
        words: list[str] = []
        j = i
        while tokens.has(j) and _is_content(tokens[j][0]):
            words.append(tokens[j][0])
            j += 1
        if tokens.has(j) and tokens[j][0].startswith("@"):
            refs.append(int(tokens[j][0][1:]))
            j += 1
        elif words:
            phrases.append(" ".join(words))
        else:
            break
        end = tokens[j - 1][2]
        while tokens.has(j) and tokens[j][0] in lex.list_tail:
            j += 1
        k = j
        while tokens.has(k) and tokens[k][0] in lex.list_separators:
            k += 1
        if k == j or not tokens.has(k):
            break
        i = k
    return refs, phrases, end


class _Tokens:
    """The tokens of `text` from `pos`, read only as far as they are looked at."""

    def __init__(self, text: str, pos: int):
        self._found = TOKEN.finditer(text, pos, min(len(text), pos + MAX_LIST_CHARS))
        self._seen: list[tuple[str, int, int]] = []

    def has(self, i: int) -> bool:
        while len(self._seen) <= i:
            m = next(self._found, None)
            if m is None:
                return False
            self._seen.append((m.group(), m.start(), m.end()))
        return True

    def __getitem__(self, i: int) -> tuple[str, int, int]:
        self.has(i)
        return self._seen[i]


def main_columns(sentence: Sentence, cond: Conditioning, text: str | None = None) -> list[str]:
    """Distinct columns mentioned outside the conditioning clauses, in order."""
    text = sentence.text if text is None else text
    out: list[str] = []
    for m in re.finditer(r"@(\d+)", text):
        column = sentence.col(m.group(1))
        if not cond.covers(m.start()) and column not in out:
            out.append(column)
    return out


def refs_in(sentence: Sentence, text: str) -> list[str]:
    """Distinct columns of the template `text` (a part of the sentence's), in order."""
    return list(dict.fromkeys(sentence.col(k) for k in re.findall(r"@(\d+)", text)))


def require(
    ctx: Context,
    have: list[str],
    need: int,
    what: str,
    roles: tuple[str, ...] = ("x", "y"),
    exclude: tuple[str, ...] = (),
) -> list[str]:
    """`have` topped up to `need` columns from earlier sentences (never one of `exclude`,
    and not when the sentence names a phrase that is no column), or Unreadable naming the
    phrases that match no column (or several)."""
    if len(have) >= need:
        return have
    phrases = slot_phrases(ctx)  # a named phrase that is no column: never replaced by a guess
    look_back = ctx.look_back and not phrases
    found = _from_context(ctx, list(have), need, exclude) if look_back else list(have)
    if len(found) >= need:
        return found
    partial: Fields = {"family": ctx.family, **dict(zip(roles, found, strict=False))}
    if phrases and need == 2 == len(roles) and len(found) == 1 and _unknown_first(ctx, found[0]):
        partial = {"family": ctx.family, roles[1]: found[0]}  # "Does <unknown> cause Y?"
    if phrases:
        raise Unreadable(unknown_reason(phrases, ctx.columns), partial, phrases)
    raise Unreadable(
        f"This looks like a question about {what}, but I could not find which columns it is "
        f"about (it needs {need}; it names {len(found) or 'none'}).",
        partial,
    )


def _unknown_first(ctx: Context, column: str) -> bool:
    """The sentence names a phrase that is no column before it names `column`."""
    starts = [m.start for m in ctx.sentence.mentions if m.column == column]
    unknown = [u.start for u in ctx.sentence.unresolved]
    return bool(starts and unknown) and min(unknown) < min(starts)


def unknown_reason(phrases: dict[str, Phrase], columns: list[str]) -> str:
    """ "'heart rate' is not a column (closest: ...)" / "'price' could be any of A, B"."""
    parts = []
    for phrase, found in phrases.items():
        names = ", ".join(found.columns)
        if found.ambiguous:
            parts.append(f"'{phrase}' could be any of {names}")
        else:
            close = f" (closest: {names})" if names else ""
            parts.append(f"'{phrase}' is not a column of the data{close}")
    return "; ".join(parts) + "."


def _closest(phrase: str, columns: list[str]) -> Phrase:
    return Phrase(tuple(closest_names(phrase, columns)), False)


def slot_phrases(ctx: Context) -> dict[str, Phrase]:
    """Phrases of the asking sentence that read like names but name no column (with the
    closest columns) or several (with all of them): ambiguous ones first."""
    unresolved = list(ctx.sentence.unresolved)
    ambiguous = {u.phrase: Phrase(u.candidates, True) for u in unresolved if u.candidates}
    unknown = {
        u.phrase: _closest(u.phrase, ctx.columns)
        for u in unresolved
        if not u.candidates and _reads_like_name(u.phrase)
    }
    return {**ambiguous, **unknown}


def as_written(ctx: Context, phrases: list[str]) -> dict[str, Phrase]:
    """Phrases read from the (lowercase) template, as the question wrote them, each with
    its candidate or closest columns."""
    known = slot_phrases(ctx)
    written = {u.phrase.lower(): u.phrase for u in ctx.sentence.unresolved}
    out: dict[str, Phrase] = {}
    for phrase in phrases:
        raw = written.get(phrase, phrase)
        out[raw] = known.get(raw, _closest(phrase, ctx.columns))
    return out


def ambiguous_phrases(sentence: Sentence) -> dict[str, Phrase]:
    return {u.phrase: Phrase(u.candidates, True) for u in sentence.unresolved if u.candidates}


def joined_unknowns(ctx: Context) -> dict[str, Phrase]:
    """Unknown phrases listed with a column ("smoking and asbestos", "X, Q"): a variable the
    question names that the data lacks, never to be dropped silently."""
    s = ctx.sentence
    out: dict[str, Phrase] = {}
    for u in s.unresolved:
        if u.candidates or not _reads_like_name(u.phrase):
            continue
        if any(_listed_together(s, u, m.start, m.end) for m in s.mentions):
            out[u.phrase] = _closest(u.phrase, ctx.columns)
    return out


def _listed_together(s: Sentence, u: Unresolved, start: int, end: int) -> bool:
    if end <= u.start:
        gap = s.between(end, u.start)
        after = s.between(u.end, u.end + 40)
        if gap.strip() == "," and _CLAUSE_GOES_ON.match(after):
            return False  # "on Revenue, even through intermediaries": a clause, no list
    elif u.end <= start:
        gap = s.between(u.end, start)
    else:
        return False
    return bool(_JOINED.fullmatch(gap))


def _reads_like_name(phrase: str) -> bool:
    """A short run of words that neither starts nor ends with question vocabulary."""
    words = [w.lower() for w in phrase.split()]
    structure = lexicon().structure_words
    return 0 < len(words) <= 5 and words[0] not in structure and words[-1] not in structure


def has_pronoun(text: str) -> bool:
    return bool(_pronoun().search(text))


def _from_context(
    ctx: Context, found: list[str], need: int, exclude: tuple[str, ...] = ()
) -> list[str]:
    """Take the missing columns from the nearest earlier sentences that name some, noted
    once; picking among more columns than are missing costs more."""
    taken: list[tuple[str, str]] = []  # (column, the sentence it came from)
    guessed = False
    for sentence in reversed(ctx.sentences[: ctx.index]):
        extra = [c for c in sentence.refs if c not in found and c not in exclude]
        if not extra:
            continue
        missing = need - len(found)
        guessed = guessed or len(extra) > missing
        taken += [(c, sentence.raw) for c in extra[:missing]]
        found += extra[:missing]
        if len(found) >= need:
            break
    if taken:
        sources = dict.fromkeys(raw for _, raw in taken)
        where = "; ".join(f"'{raw}'" for raw in sources)
        penalty = 0.2 + (0.2 if guessed else 0.0) + (0.1 if len(sources) > 1 else 0.0)
        names = ", ".join(c for c, _ in taken)
        ctx.draft.note(f"took {names} from the earlier sentence {where}", penalty)
    return found


def _is_content(token: str) -> bool:
    """A word that could be part of a variable's name: not question vocabulary."""
    word = token.strip("'’")
    return (
        bool(word)
        and word[0].isalpha()
        and not token.startswith("@")
        and word not in lexicon().structure_words
        and not word.endswith(_CONTRACTION_ENDS)
    )
