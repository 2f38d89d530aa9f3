"""A model's closing words, checked against what was done: a summary that claims an action no
tool call shows ("I exported the graph" with no export_graph call, "I ran rm_rf.") is dropped,
with a note saying so. If a model makes up an action, the rest of its summary is not to be
trusted either; the answer itself always comes from the tool results.

Deliberately small and bounded: the text is cut to MAX_CLOSING_CHARS first, every pattern is
linear, and a verb negated or hedged by the words just before it ("was not saved", "can be
run") is not a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_CLOSING_CHARS = 4000  # the most of a closing text read (the explanation shows 2,000)
MAX_SENTENCES = 100
DROPPED_NOTE = "The model's summary was dropped: it claimed actions that were not taken ({})."

WRITE = re.compile(r"\b(?:exported|wrote|written|overwrote|overwritten)\b", re.IGNORECASE)
STORE = re.compile(r"\b(?:saved|stored)\b", re.IGNORECASE)
DELETE = re.compile(r"\b(?:deleted|erased|wiped|purged)\b|\brm\s+-", re.IGNORECASE)
RUN = re.compile(r"\b(?:ran|executed|(?:have|has|had|I've|we've)\s+run)\b", re.IGNORECASE)
ANALYSE = re.compile(
    r"\b(?:tested|computed|calculated|estimated|analy[sz]ed|fitted)\b",
    re.IGNORECASE,
)
# A negation or a hedge among the few words before the verb: "was not saved", "can be run".
HEDGE = re.compile(
    r"\b(?:not|never|no|nothing|cannot|can|could|may|might|would|should|will|shall|if)\b"
    r"|n't\b",
    re.IGNORECASE,
)
HEDGE_WINDOW = 4  # words
CODE_WORDS = re.compile(
    r"\b(?:shell|command|script|code|sql|python|bash|terminal|subprocess|program|eval|exec)\b",
    re.IGNORECASE,
)
IDENTIFIER = re.compile(r"`([^`\n]{1,80})`|\b([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Done:
    """What the trace shows was done, as far as a claim can be checked against it."""

    ran: bool = False  # at least one tool ran
    wrote_files: bool = False  # a tool that writes files ran
    stored_graph: bool = False  # a tool stored a graph in memory
    names: frozenset[str] = frozenset()  # what "I ran X" may name: tools run, columns, graphs

    @classmethod
    def of(
        cls, tools: Iterable[str], writers: Iterable[str], graphs: Iterable[str], columns=()
    ) -> Done:
        """From the tools that ran, those of them that write files, the graphs they stored
        and the data's columns."""
        tools, graphs = list(tools), list(graphs)
        names = frozenset(n.lower() for n in [*tools, *graphs, *columns])
        return cls(bool(tools), bool(list(writers)), bool(graphs), names)


def unsupported_claims(text: str, done: Done) -> list[str]:
    """The actions (verbs, as written) that `text` claims and `done` does not show."""
    sentences = SENTENCE_END.split(text[:MAX_CLOSING_CHARS])[:MAX_SENTENCES]
    return [verb for sentence in sentences for verb in _unbacked(sentence, done)]


def _unbacked(sentence: str, done: Done) -> list[str]:
    checks = [
        (DELETE, False),  # no tool deletes anything
        (WRITE, done.wrote_files),
        (STORE, done.wrote_files or done.stored_graph),
        (RUN, done.ran and _names_known(sentence, done)),
        (ANALYSE, done.ran),
    ]
    return [
        match.group(0)
        for pattern, backed in checks
        if not backed
        for match in pattern.finditer(sentence)
        if not _hedged(sentence, match.start())
    ]


def _hedged(sentence: str, at: int) -> bool:
    """A negation or a hedge among the few words before position `at`."""
    before = " ".join(sentence[:at].split()[-HEDGE_WINDOW:])
    return bool(HEDGE.search(before))


def _names_known(sentence: str, done: Done) -> bool:
    """No code words, and every identifier named is a tool that ran, a column or a graph."""
    if CODE_WORDS.search(sentence):
        return False
    named = (a or b for a, b in IDENTIFIER.findall(sentence))
    return all(name.strip().lower() in done.names for name in named)


def checked_summary(text: str, done: Done) -> tuple[str, str]:
    """(the closing text to show, a note): the text capped at MAX_CLOSING_CHARS, or "" and a
    note when it claims an action that was not taken."""
    text = text.strip()[:MAX_CLOSING_CHARS]
    claims = unsupported_claims(text, done)
    if not claims:
        return text, ""
    verbs = ", ".join(dict.fromkeys(" ".join(c.lower().split()) for c in claims))
    return "", DROPPED_NOTE.format(verbs)
