"""What the parser's steps share: the notes and confidence of a reading, the question in
its text, and how a step says that it cannot read the question (`Unreadable`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from askwhy.planning.rules.sentences import Sentence

Fields = dict[str, Any]  # Frame fields, as a family's builder fills them
_REF = re.compile(r"@(\d+)")
_LISTED = re.compile(
    r"\s*(?:,|&|/|\band\b|\bor\b|,\s*(?:and|or)\b)\s*(?:(?:by|of|on|from|to|with|for|in)\s+)?"
    r"(?:the\s+)?"
)
_FOR_GROUP = re.compile(  # "for women", "among cows on pasture": whom it is about
    r"\b(?:for|among|amongst|of|within)\s+(?:the\s+|all\s+|those\s+)?"
    r"(?:\w+\s+(?:on|with|in|from|at|under)\s+(?:the\s+)?)?$",
    re.I,
)
# a second question in the same sentence: "does X cause Y, and does Z cause W?"
_SECOND_CLAUSE = re.compile(
    r"(?:,|\band\b|\bor\b|\bbut\b|\balso\b)\s+(?:also\s+)?(?:does|do|did|is|are|was|were|can|"
    r"could|would|will|what|which|how|whether)\b[^?]*@\d+"
)
MAX_CONFIDENCE = 0.95


class Phrase(NamedTuple):
    """What a named phrase that is no single column could be: every column it fits
    (`ambiguous`), or the columns whose names are closest to it (it fits none)."""

    columns: tuple[str, ...] = ()
    ambiguous: bool = False


class Unreadable(Exception):
    """The rules cannot read the question: why, the best partial reading (Frame fields, if
    any), and the phrases that name no column or several."""

    def __init__(
        self,
        reason: str,
        partial: Fields | None = None,
        phrases: dict[str, Phrase] | None = None,
    ):
        super().__init__(reason)
        self.reason = reason
        self.partial = partial
        self.phrases = dict(phrases or {})


@dataclass
class Draft:
    """Notes on what was assumed or ignored; each assumption lowers the confidence."""

    notes: list[str] = field(default_factory=list)
    penalty: float = 0.0

    def note(self, message: str, penalty: float = 0.0) -> None:
        if message not in self.notes:
            self.notes.append(message)
            self.penalty += penalty

    def confidence(self) -> float:
        return round(min(MAX_CONFIDENCE, max(0.05, MAX_CONFIDENCE - self.penalty)), 2)


@dataclass(frozen=True)
class TableFacts:
    """What the data say beyond the column names, for reading effect designs: the labels of
    each text column, the 0/1 columns, and the data dictionary's role hints. `known` is False
    when the question is read without its data."""

    levels: Mapping[str, Sequence[str]] = field(default_factory=dict)
    binary: frozenset[str] = frozenset()
    roles: Mapping[str, Sequence[str]] = field(default_factory=dict)
    known: bool = False


@dataclass
class Context:
    """The question sentence (`sentences[index]`) among the others, and the table's columns.

    `text` is the asking sentence's template with elaborations ("i.e. ...") removed: what
    the family and the roles are read from.
    """

    sentences: list[Sentence]
    index: int
    columns: list[str]
    draft: Draft
    family: str = ""
    text: str = ""
    look_back: bool = True  # may take a missing column from an earlier sentence
    facts: TableFacts = field(default_factory=TableFacts)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.sentence.text

    @property
    def sentence(self) -> Sentence:
        return self.sentences[self.index]

    @property
    def refs(self) -> list[str]:
        """The columns named in `text` (the question without its elaborations), in order."""
        return list(dict.fromkeys(self.sentence.col(k) for k in _REF.findall(self.text)))

    def col(self, ref: str | int) -> str:
        return self.sentence.col(ref)

    def note_ignored(self, extra: list[str], what: str) -> None:
        """Say that the columns `extra` are named but play no part in answering `what`. A
        column listed with another ("P38 and Jnk", "by A or by B"), or named in a second
        question of the sentence ("..., and does Z cause W?"), was meant to be part of the
        question: answering without it would be a guess."""
        if not extra:
            return
        listed = [c for c in extra if self.listed_with_others(c) or self.names_a_group(c)]
        penalty = 0.4 if listed or _SECOND_CLAUSE.search(self.text) else 0.1
        self.draft.note(f"ignored {', '.join(extra)}: answering {what}", penalty)

    def names_a_group(self, column: str) -> bool:
        """The column names whom the question is about: "... of smokers", "for women"."""
        s = self.sentence
        return any(
            _FOR_GROUP.search(s.between(max(s.offset, m.start - 30), m.start))
            for m in s.mentions
            if m.column == column
        )

    def listed_with_others(self, column: str) -> bool:
        """The column is in a list with another column: "A and B", "A, B", "A or B"."""
        s = self.sentence
        own = [m for m in s.mentions if m.column == column]
        others = [m for m in s.mentions if m.column != column]
        for a in own:
            for b in others:
                gap = s.between(b.end, a.start) if b.end <= a.start else s.between(a.end, b.start)
                if _LISTED.fullmatch(gap):
                    return True
        return False
