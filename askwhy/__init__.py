"""askwhy: ask causal questions of tabular data in plain language.

from askwhy import Session
s = Session()
s.load("examples/smoking.csv")
print(s.ask("Does smoking directly cause tar?").answer)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from askwhy.answer import Answer
    from askwhy.session import Session

__all__ = ["Answer", "Session", "ask", "default_registry"]


def ask(question: str, data: str, **session_options: Any) -> Answer:
    """One-shot: load `data` (a CSV path) and answer `question`."""
    from askwhy.session import Session

    session = Session(**session_options)
    session.load(data)
    return session.ask(question)


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import askwhy` stays fast.
    if name == "Session":
        from askwhy.session import Session

        return Session
    if name == "Answer":
        from askwhy.answer import Answer

        return Answer
    if name == "default_registry":
        from askwhy.tools.catalog import default_registry

        return default_registry
    raise AttributeError(f"module 'askwhy' has no attribute {name!r}")
