"""The queue every scripted double replies from, and the error when it runs dry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class ScriptExhausted(AssertionError):
    """The code under test asked a scripted double for more replies than were queued."""


class Script(Generic[T]):
    """Replies in order; `next()` says how many there were when asked for one too many."""

    def __init__(self, what: str, replies: Iterable[T] = ()):
        self.what = what
        self.replies: list[T] = list(replies)
        self.used = 0

    def __len__(self) -> int:
        return len(self.replies)

    def next(self) -> T:
        if not self.replies:
            raise ScriptExhausted(
                f"The {self.what} was asked for reply {self.used + 1} but its script had only "
                f"{self.used}."
            )
        self.used += 1
        return self.replies.pop(0)
