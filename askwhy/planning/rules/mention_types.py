"""The mention types of askwhy.planning.rules.mentions and what its helpers share."""

from __future__ import annotations

import re
from dataclasses import dataclass

STRICT = ("exact", "spelling", "plural", "quoted", "alias", "unit")
LOOSE = ("partial", "typo")

WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W_]+)*|\d[\w.,]*")


@dataclass(frozen=True)
class Mention:
    """`text[start:end]` names `column`; `how` says how closely (STRICT or LOOSE)."""

    column: str
    start: int
    end: int
    text: str
    how: str = "exact"

    @property
    def loose(self) -> bool:
        return self.how in LOOSE


@dataclass(frozen=True)
class Unresolved:
    """A phrase that reads like a name but names no column (`candidates` empty) or several."""

    phrase: str
    start: int
    end: int
    candidates: tuple[str, ...] = ()


MAX_RUNS = 40  # runs of unknown words looked at: plenty for a question, bounded for a text

NAME_GAP = re.compile(r"[ \t]*[-_ ][ \t]*|[ \t]+")
