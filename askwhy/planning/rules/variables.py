"""Which columns a question is about, and in what role.

The columns named in a sentence are already its template's `@k` refs (sentences.py, using
askwhy.core.names). This module reads the conditioning clauses ("given Z", "controlling
for W and V"), tells them from the main columns, and tops up a sentence that names too
few columns: from a loose match of its leftover words, or from the sentences before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from askwhy.core.names import match_column
from askwhy.errors import UnknownVariableError
from askwhy.planning.rules.context import Context, unclear
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.sentences import TOKEN, Sentence

_GIVEN_BAR = re.compile(r"(?<=\s)\|")  # "X ⊥ Y | Z"
_D_SEPARATION = re.compile(r"\bd-?separat")
_BY = re.compile(r"\bby\b")  # "d-separated by Z"
_CONTRACTION_ENDS = ("n't", "'s", "’s", "'re", "'ll", "'d", "'m", "'ve")


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
        return any(a <= pos < b for a, b in self.spans)


def conditioning(sentence: Sentence, ctx: Context) -> Conditioning:
    """Columns named after "given", "controlling for", "holding ... fixed", etc."""
    cond = Conditioning()
    strong, weak = _markers()
    markers = [*strong.finditer(sentence.text), *weak.finditer(sentence.text)]
    markers += _GIVEN_BAR.finditer(sentence.text)
    if _D_SEPARATION.search(sentence.text):
        markers += _BY.finditer(sentence.text)
    for marker in sorted(markers, key=lambda m: m.start()):
        if cond.covers(marker.start()):
            continue
        refs, phrases, end = read_list(sentence.text, marker.end())
        if not refs and not phrases:
            continue
        cond.spans.append((marker.start(), end))
        for k in refs:
            if sentence.col(k) not in cond.given:
                cond.given.append(sentence.col(k))
        for phrase in phrases:
            column = _loose_column(phrase, ctx)
            if column is None:
                cond.unknown.append(phrase)
            elif column not in cond.given:
                cond.given.append(column)
    return cond


def read_list(text: str, pos: int) -> tuple[list[int], list[str], int]:
    """Read "Z, W and V" from `pos`: column refs, unmatched phrases and the end position."""
    lex = lexicon()
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, pos)]
    i = 0
    while i < len(tokens) and tokens[i][0] in lex.list_filler:
        i += 1
    refs: list[int] = []
    phrases: list[str] = []
    end = pos
    while i < len(tokens):
        words: list[str] = []
        j = i
        while j < len(tokens) and _is_content(tokens[j][0]):
            words.append(tokens[j][0])
            j += 1
        if j < len(tokens) and tokens[j][0].startswith("@"):
            refs.append(int(tokens[j][0][1:]))
            j += 1
        elif words:
            phrases.append(" ".join(words))
        else:
            break
        end = tokens[j - 1][2]
        while j < len(tokens) and tokens[j][0] in lex.list_tail:
            j += 1
        k = j
        while k < len(tokens) and tokens[k][0] in lex.list_separators:
            k += 1
        if k == j or k >= len(tokens):
            break
        i = k
    return refs, phrases, end


def main_columns(sentence: Sentence, cond: Conditioning) -> list[str]:
    """Distinct columns mentioned outside the conditioning clauses, in order."""
    out: list[str] = []
    for pos, k in sentence.ref_positions():
        column = sentence.col(k)
        if not cond.covers(pos) and column not in out:
            out.append(column)
    return out


def require(ctx: Context, have: list[str], need: int, what: str) -> list[str]:
    """`have` topped up to `need` columns, or an error naming what is missing."""
    if len(have) >= need:
        return have
    found = list(have)
    pronoun = bool(_pronoun().search(ctx.sentence.text))
    steps = [_from_phrases, _from_context] if not pronoun else [_from_context, _from_phrases]
    for step in steps:
        found = step(ctx, found, need)
        if len(found) >= need:
            return found
    unknown = [p for p in _slot_phrases(ctx.sentence) if not match_column(p, ctx.columns, True)]
    if unknown:
        raise UnknownVariableError(unknown[0], ctx.columns)
    raise unclear(
        ctx.columns,
        f"This looks like a question about {what}, but I could not find which columns it is about "
        f"(it needs {need}).",
    )


def _from_phrases(ctx: Context, found: list[str], need: int) -> list[str]:
    """Loosely match the sentence's leftover words ("cancer" -> `lung_cancer`)."""
    found = list(found)
    for phrase in _slot_phrases(ctx.sentence):
        column = match_column(phrase, ctx.columns, loose=True)
        if column is not None and column not in found:
            ctx.draft.note(f"read '{phrase}' as the column {column}", 0.1)
            found.append(column)
            if len(found) >= need:
                break
    return found


def _from_context(ctx: Context, found: list[str], need: int) -> list[str]:
    """Take the missing columns from the nearest earlier sentences that name some."""
    found = list(found)
    for sentence in reversed(ctx.sentences[: ctx.index]):
        extra = [c for c in sentence.refs if c not in found]
        if not extra:
            continue
        missing = need - len(found)
        taken = extra[:missing]
        ctx.draft.note(
            f"took {', '.join(taken)} from the earlier sentence '{sentence.raw}'",
            0.25 if len(extra) == missing else 0.4,
        )
        found += taken
        if len(found) >= need:
            break
    return found


def _loose_column(phrase: str, ctx: Context) -> str | None:
    column = match_column(phrase, ctx.columns, loose=True)
    if column is not None:
        ctx.draft.note(f"read '{phrase}' as the column {column}", 0.1)
    return column


def _slot_phrases(sentence: Sentence) -> list[str]:
    """Runs of words that are not question vocabulary: where an unknown name would be."""
    runs: list[str] = []
    current: list[str] = []
    for m in TOKEN.finditer(sentence.text):
        if _is_content(m.group()):
            current.append(m.group())
            continue
        if current:
            runs.append(" ".join(current))
        current = []
    if current:
        runs.append(" ".join(current))
    return runs


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
