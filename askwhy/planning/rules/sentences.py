"""A question split into sentences, each with a template that hides the column names.

The template is the sentence in lowercase with every column mention replaced by `@<k>`
(the k-th distinct column of the sentence), so the parser's patterns never have to know
the column names: "Does Smoking cause lung cancer?" -> "does @0 cause @1?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from askwhy.core.names import find_columns
from askwhy.planning.rules.lexicon import lexicon

V = r"@\d+"  # a column mention in a template
REF = re.compile(r"@(\d+)")
NUM = r"[-−]?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"  # a number as written: "-2.5", "1,000", ".5"
TOKEN = re.compile(r"@\d+|" + NUM + r"%?|[^\W\d_][\w'’]*(?:-[^\W_]+)*|\S")

_SENTENCE_END = re.compile(r"[.?!]+[\"'”’)\]]*(?=\s)|\n")
_BULLET = re.compile(r"[-*•]|\d+[.)]\s")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(@\d+) (['’]s)\b")  # "@0 's" -> "@0's"


@dataclass(frozen=True)
class Sentence:
    raw: str
    text: str  # lowercase template: column mentions replaced by "@k"
    refs: tuple[str, ...]  # the column behind each "@k", in order of first mention

    def col(self, ref: str | int) -> str:
        return self.refs[int(ref)]

    def ref_positions(self) -> list[tuple[int, int]]:
        """(position in the template, k) of every column mention."""
        return [(m.start(), int(m.group(1))) for m in REF.finditer(self.text)]


def split_sentences(text: str, columns: list[str]) -> list[Sentence]:
    """The non-empty sentences of `text`, with their templates."""
    matches = find_columns(text, columns)
    out = []
    for start, end in _sentence_spans(text):
        inside = [m for m in matches if start <= m.start and m.end <= end]
        refs = tuple(dict.fromkeys(m.column for m in inside))
        parts, pos = [], start
        for m in inside:
            parts.append(text[pos : m.start].replace("@", " ").lower())
            parts.append(f" @{refs.index(m.column)} ")
            pos = m.end
        parts.append(text[pos:end].replace("@", " ").lower())
        template = _SPACES.sub(" ", "".join(parts)).strip()
        template = _POSSESSIVE.sub(r"\1\2", template)
        raw = text[start:end].strip()
        if raw:
            out.append(Sentence(raw=raw, text=template, refs=refs))
    return out


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split on . ? ! and line breaks, but keep "e.g.", lists after ":" and bullets together."""
    abbreviations = lexicon().abbreviations
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip()
        if m.group() == "\n":
            after = text[m.end() :].lstrip()
            if not before or before[-1] in ":,;(" or _BULLET.match(after):
                continue
        elif m.group().startswith("."):
            last = before.split()[-1].lower().lstrip("(") if before.split() else ""
            if last in abbreviations:
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def number(text: str) -> float:
    """A number matched by NUM as a float: "−1,000.5" -> -1000.5."""
    return float(text.replace("−", "-").replace(",", ""))
