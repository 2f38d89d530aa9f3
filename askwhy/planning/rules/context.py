"""What the parser's steps share: the notes and confidence of a reading, the question in
its text, and the message for a question that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from askwhy.errors import UnclearQuestionError
from askwhy.planning.rules.sentences import Sentence

Fields = dict[str, Any]  # ParsedQuestion fields, as a family's builder fills them


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
        return round(min(0.95, max(0.05, 0.95 - self.penalty)), 2)


@dataclass
class Context:
    """The question sentence (`sentences[index]`) among the others, and the table's columns."""

    sentences: list[Sentence]
    index: int
    columns: list[str]
    draft: Draft

    @property
    def sentence(self) -> Sentence:
        return self.sentences[self.index]

    def note_ignored(self, extra: list[str], what: str) -> None:
        """Say that the columns `extra` are named but play no part in answering `what`."""
        if extra:
            self.draft.note(f"ignored {', '.join(extra)}: answering {what}", 0.1)


_EXAMPLES = (
    ("independence", "Are {a} and {b} independent given {c}?"),
    ("direct cause", "Does {a} directly cause {b}?"),
    ("collider (common effect)", "Do {a} and {b} share a common effect?"),
    ("confounder (common cause)", "Is there a confounder of {a} and {b}?"),
    ("causal graph", "Draw the causal graph of {a}, {b} and {c}."),
    ("effect", "What is the effect of {a} on {b} if {a} goes from 0 to 1?"),
    ("parents / children", "What directly causes {b}? / What does {a} directly affect?"),
    ("ancestors / descendants", "What causes {b}? / What are the effects of {a}?"),
    ("adjustment set", "What should I adjust for to estimate the effect of {a} on {b}?"),
)


def unclear(columns: list[str], reason: str) -> UnclearQuestionError:
    """The error for an unreadable question: the reason, then examples of what is understood."""
    names = (list(columns) + ["X", "Y", "Z"])[:3] if len(columns) >= 3 else ["X", "Y", "Z"]
    a, b, c = names
    lines = [f"{reason} askwhy understands these kinds of question:"]
    lines += [f"  - {kind}: {example.format(a=a, b=b, c=c)}" for kind, example in _EXAMPLES]
    if columns:
        lines.append(f"Name the variables as columns of the data: {', '.join(columns)}.")
    return UnclearQuestionError("\n".join(lines))
