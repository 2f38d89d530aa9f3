"""Sessions ready for a test: over a shipped example CSV, a DataFrame, or a synthetic case.

    session = example_session("smoking")                         # examples/smoking.csv
    session = synthetic_session("collider", n_samples=500)       # A -> B <- C, seeded
    session = frame_session(df, planner=ScriptedPlanner(...))

Every session keeps its graphs in memory only (nothing is written to ASKWHY_HOME) unless
`store_dir` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from askwhy.errors import AskwhyError

if TYPE_CHECKING:
    import pandas as pd

    from askwhy.planning.base import Planner
    from askwhy.session import Session

EXAMPLES = ("smoking", "marketing", "dose", "survey")
SYNTHETIC_CASES = ("chain", "fork", "collider", "confounded_pair", "seven_node")


def examples_dir() -> Path:
    """The repository's examples/ folder (present in a source checkout, not in a wheel)."""
    folder = Path(__file__).resolve().parents[2] / "examples"
    if not folder.is_dir():
        raise AskwhyError(
            f"No examples folder at {folder}: the example CSVs ship with the source checkout. "
            "Use synthetic_session() or frame_session() instead."
        )
    return folder


def new_session(planner: Planner | str = "rules", **options: Any) -> Session:
    """A Session whose graph memory is in memory only (unless `store_dir` is given)."""
    from askwhy.session import Session

    if "store" not in options and "store_dir" not in options:
        options.setdefault("persist", False)
    return Session(planner=planner, **options)


def example_session(
    name: str = "smoking", planner: Planner | str = "rules", **options: Any
) -> Session:
    """A Session with examples/NAME.csv loaded (smoking, marketing, dose, survey)."""
    path = examples_dir() / f"{name}.csv"
    if not path.is_file():
        raise AskwhyError(f"No example '{name}'. Examples: {', '.join(EXAMPLES)}.")
    session = new_session(planner, **options)
    session.load(path)
    return session


def frame_session(
    frame: pd.DataFrame, name: str = "data", planner: Planner | str = "rules", **options: Any
) -> Session:
    """A Session over an in-memory DataFrame."""
    session = new_session(planner, **options)
    session.add_frame(frame, name=name)
    return session


def synthetic_session(
    case: str = "chain",
    n_samples: int = 1000,
    seed: int = 0,
    planner: Planner | str = "rules",
    **options: Any,
) -> Session:
    """A Session over one of the standard synthetic cases (askwhy.testing.cases), by name:
    chain (A -> B -> C), fork, collider, confounded_pair (X <- Z -> Y) or seven_node."""
    from askwhy.testing import cases

    if case not in SYNTHETIC_CASES:
        raise AskwhyError(f"No synthetic case '{case}'. Cases: {', '.join(SYNTHETIC_CASES)}.")
    make: Callable[..., Any] = getattr(cases, case)
    return frame_session(make(n_samples, seed).data, name=case, planner=planner, **options)


__all__ = [
    "examples_dir",
    "example_session",
    "frame_session",
    "new_session",
    "synthetic_session",
]
