"""The runtime of one piece of work: where its tasks run, its deadline, who hears progress.

These are choices about running, not analysis settings: they never change a result or a
graph-cache key. A Session sets them around each tool call (`with using(runtime): ...`) and
the work that multiplies (bootstrap resamples) reads them with `current()`; a context
variable carries them, so each thread and each call sees its own, and nothing is shared.
Outside any session, `current()` is the local backend named by ASKWHY_BACKEND (or local).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from askwhy.core.backends import Backend, BackendSpec, parse_backend
from askwhy.core.executor import Executor, ProgressCallback, TaskProgress


@dataclass(frozen=True)
class Runtime:
    """Backend (None: the one ASKWHY_BACKEND names, made per use), deadline (a
    `time.monotonic()` value, None: none) and progress callback."""

    backend: Backend | None = None
    deadline: float | None = None
    on_progress: ProgressCallback | None = None

    @property
    def spec(self) -> BackendSpec:
        """The backend named (ASKWHY_BACKEND when none was given)."""
        return self.backend.spec if self.backend is not None else parse_backend()

    def report(self, progress: TaskProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(progress)

    def deadline_within(self, seconds: float | None, started: float | None = None) -> float | None:
        """The earlier of this deadline and `seconds` after `started` (default now)."""
        if seconds is None:
            return self.deadline
        own = (time.monotonic() if started is None else started) + seconds
        return own if self.deadline is None else min(own, self.deadline)

    @contextmanager
    def executor(self, workers: int) -> Iterator[Executor]:
        """An executor on this runtime's backend; a backend made here is closed after."""
        backend = self.backend or Backend()
        try:
            yield backend.executor(workers)
        finally:
            if self.backend is None:
                backend.close()


_CURRENT: ContextVar[Runtime | None] = ContextVar("askwhy_runtime", default=None)


def current() -> Runtime:
    """The runtime set by the innermost `using`, else the default one."""
    return _CURRENT.get() or Runtime()


@contextmanager
def using(runtime: Runtime) -> Iterator[Runtime]:
    """Make `runtime` the current one for the block (in this thread and context only)."""
    token = _CURRENT.set(runtime)
    try:
        yield runtime
    finally:
        _CURRENT.reset(token)
