"""The terminal consoles of the CLI: stdout for answers, stderr for messages.

A closed pipe (`askwhy graphs list | head`) raises BrokenPipeError, which `main` turns into
a quiet exit 0, instead of rich's default exit 1.
"""

from __future__ import annotations

from typing import Any


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    class PipeSafeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return PipeSafeConsole(stderr=stderr)
