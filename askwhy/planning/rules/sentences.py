"""A question split into sentences, each with a template that hides the column names.

The template is the sentence in lowercase with every column mention replaced by `@<k>`
(the k-th distinct column of the sentence), so the parser's patterns never have to know
the column names: "Does Smoking cause lung cancer?" -> "does @0 cause @1?". Loosely read
names (mentions.py: "price" for `Unit Price`) are mentions too, at their place in the
sentence, so that roles always follow the sentence's order; the sentence keeps how each
column was named and the phrases that named no column or several. "the @0" is written
"@0"; a sentence that starts with "i.e." / "that is" continues the one before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.mention_types import STRICT, Mention, Unresolved
from askwhy.planning.rules.mentions import find_mentions

V = r"@\d+"  # a column mention in a template
REF = re.compile(r"@(\d+)")
# a number as written: "-2.5", "1,000", ".5", "1e3", "2.5E-2"
NUM = r"[-−]?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
TOKEN = re.compile(r"@\d+|" + NUM + r"%?|[^\W\d_][\w'’]*(?:-[^\W_]+)*|\S")

_SENTENCE_END = re.compile(r"[.?!]+[\"'”’)\]]*(?=\s)|\n")
_BULLET = re.compile(r"[-*•]|\d+[.)]\s")
_CONTINUES = re.compile(r"(?i:i\.?\s?e\.?|that\s+is|in\s+other\s+words|meaning)(?=[\s,:])")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(@\d+) (['’]s)\b")  # "@0 's" -> "@0's"
_ARTICLE = re.compile(r"\bthe (@\d+)")  # "what does the @0 affect" -> "what does @0 affect"


@dataclass(frozen=True)
class Sentence:
    raw: str
    text: str  # lowercase template: column mentions replaced by "@k"
    refs: tuple[str, ...]  # the column behind each "@k", in order of first mention
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
    unresolved: tuple[Unresolved, ...] = field(default=(), compare=False)
    offset: int = 0  # where `raw` starts in the text (mention positions are in the text)

    def between(self, start: int, end: int) -> str:
        """The raw text between two positions of the text."""
        return self.raw[max(0, start - self.offset) : max(0, end - self.offset)]

    def col(self, ref: str | int) -> str:
        return self.refs[int(ref)]

    def how(self, column: str) -> str:
        """How closely the sentence names `column`: its closest mention's `how`."""
        hows = [m.how for m in self.mentions if m.column == column]
        strict = [h for h in hows if h in STRICT]
        return (strict or hows or ["exact"])[0]

    def phrase(self, column: str) -> str:
        """The words that name `column` in the sentence, as written."""
        return next((m.text for m in self.mentions if m.column == column), column)

    def loose(self, column: str) -> bool:
        return self.how(column) not in STRICT

    def ref_positions(self) -> list[tuple[int, int]]:
        """(position in the template, k) of every column mention."""
        return [(m.start(), int(m.group(1))) for m in REF.finditer(self.text)]


def split_sentences(
    text: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> list[Sentence]:
    """The non-empty sentences of `text`, with their templates."""
    matches, unresolved = find_mentions(text, columns, aliases)
    starts = [m.start for m in matches]
    unknown_starts = [u.start for u in unresolved]
    out = []
    for start, end in _sentence_spans(text, matches):
        window = matches[bisect_left(starts, start) : bisect_left(starts, end)]
        inside = [m for m in window if m.end <= end]
        window_u = unresolved[bisect_left(unknown_starts, start) : bisect_left(unknown_starts, end)]
        unknown = tuple(u for u in window_u if u.end <= end)
        refs = tuple(dict.fromkeys(m.column for m in inside))
        parts, pos = [], start
        for m in inside:
            parts.append(text[pos : m.start].replace("@", " ").lower())
            parts.append(f" @{refs.index(m.column)} {_closing(text, m, end)}")
            pos = m.end
        parts.append(text[pos:end].replace("@", " ").lower())
        template = _SPACES.sub(" ", "".join(parts)).strip()
        template = _ARTICLE.sub(r"\1", _POSSESSIVE.sub(r"\1\2", template))
        template = embedded_which(resolve_fronted(template))
        raw = text[start:end].strip()
        if raw:
            offset = start + len(text[start:end]) - len(text[start:end].lstrip())
            out.append(Sentence(raw, template, refs, tuple(inside), unknown, offset))
    return out


# "For @0, is @1 one of its direct causes?", "@0: does @1 affect it?": a column set before
# the question (a topic) and taken up by a pronoun; expletive "it" ("is it true that") is not.
_FRONTED = re.compile(
    r"^(?:(?:for|regarding|about|as\s+for|as\s+to|concerning|re)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,5}?"
    r"@(\d+)(?:\s+[\w-]+){0,3}?\s*(?:,|:|—|–|\s-)\s+"
)
_TAKEN_UP = re.compile(
    r"\b(?:its\b|it\b(?!['’]s|\s+(?:true|the\s+case|possible|likely|plausible|fair|reasonable|"
    r"correct|right|so|clear|that)\b)|that(?=\s+(?:a|an|the|one)\b))"
)


def resolve_fronted(template: str) -> str:
    """The template with a fronted column put where its pronoun stands ("for @0, is @1 one
    of its causes?" -> "is @1 one of @0's causes?"); unchanged when nothing takes it up."""
    m = _FRONTED.match(template)
    if m is None or template.count("@") < 2:
        return template
    ref, rest = f"@{m.group(1)}", template[m.end() :]
    if REF.search(template[: m.start(1) - 1]) or ref in rest.split():
        return template
    pronoun = _TAKEN_UP.search(rest)
    if pronoun is None:
        return template
    said = ref + "'s" if pronoun.group() == "its" else ref
    return rest[: pronoun.start()] + said + rest[pronoun.end() :]


# "Is @0 affected by which @1 the batch ran on?": in a yes/no question, "which @1" after a
# preposition names the column itself (an embedded question), not a list to give.
YES_NO_START = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|might|may)\b"
)
_EMBEDDED_WHICH = re.compile(r"\b(by|on|with|of|to|in|from)\s+(?:which|what)\s+(?=@\d+\b)")


def embedded_which(template: str) -> str:
    """ "is @0 affected by which @1 ..." -> "is @0 affected by the @1 ..." (yes/no only)."""
    if not YES_NO_START.match(template):
        return template
    return _EMBEDDED_WHICH.sub(lambda m: m.group(1) + " the ", template)


def _closing(text: str, m: Mention, end: int) -> str:
    """The "?" or "!" a name ends with ("Mastitis?") when it also ends the sentence: the
    sentence's own mark, kept in the template."""
    last = m.text[-1:]
    return last if last in "?!" and not text[m.end : end].strip() else ""


def _inside_name(text: str, m: re.Match[str], names: Sequence[Mention], ends: list[int]) -> bool:
    """The mark is part of a column's name: inside it ("Opp. ELO"), or at its end when the
    sentence goes on in lowercase ("Is Mastitis? a mediator ...")."""
    i = bisect_left(ends, m.end())
    inside = i < len(names) and names[i].start < m.start() and m.end() <= names[i].end
    if inside and m.end() < names[i].end:  # the name goes on after the mark: "Opp. ELO"
        return True
    return inside and bool(_GOES_ON.match(text, m.end()))


# the question goes on after a name ending in a mark: a lowercase word, a comma, notation
_GOES_ON = re.compile(r"[ \t]+[a-z@]|[ \t]*(?:[,;|⟂⊥]|_\|\||->|→|<-|←)")


def _sentence_spans(text: str, names: Sequence[Mention] = ()) -> list[tuple[int, int]]:
    """Split on . ? ! and line breaks, but keep "e.g.", lists after ":", bullets and names
    with a mark in them ("Mastitis?") together."""
    abbreviations = lexicon().abbreviations
    ends = [n.end for n in names]
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip()
        after = text[m.end() : m.end() + 40].lstrip()
        if _CONTINUES.match(after):  # "...? i.e. is Z a mediator ...": the same question
            continue
        if m.group() != "\n" and _inside_name(text, m, names, ends):
            continue
        if m.group() == "\n":
            if not before or before[-1] in ":,;(" or _BULLET.match(after):
                continue
        elif m.group().startswith("."):
            last = before.split()[-1].lower().lstrip("(") if before.split() else ""
            if last in abbreviations and (last != "no" or after[:1].isdigit()):  # "No. 5"
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def number(text: str) -> float:
    """A number matched by NUM as a float: "−1,000.5" -> -1000.5."""
    return float(text.replace("−", "-").replace(",", ""))
