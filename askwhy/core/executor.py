"""Running independent tasks in order: `Executor.map`, with progress and a deadline.

An Executor runs `fn(item)` (or `fn(shared, item)`) for every item on some engine and hands
the results back in input order, whatever order they finished in, so a run gives the same
results serially and in parallel. The engines themselves are elsewhere (this process here;
joblib's loky processes, Dask distributed and Ray in askwhy.core.backends): an engine only
submits one task and returns a `concurrent.futures.Future`.

`map` keeps at most `window` tasks in flight, reports progress (units done / total, ETA) to a
callback after each task, and honours a deadline (a `time.monotonic()` value): it stops
submitting when the next task would not finish in time (the mean task time so far says how
long one takes), lets the tasks in flight finish, and returns what it has with `stopped=True`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

R = TypeVar("R")
ProgressCallback = Callable[["TaskProgress"], None]


@dataclass(frozen=True)
class TaskProgress:
    """How far a run is: `done` of `total` units (tasks, resamples, questions)."""

    label: str
    done: int
    total: int
    seconds: float

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far; None before anything is done."""
        if self.done <= 0:
            return None
        return self.seconds / self.done * max(self.total - self.done, 0)

    def text(self) -> str:
        """E.g. '37/100 resamples, about 12 s left'."""
        words = f"{self.done}/{self.total} {self.label}"
        eta = self.eta
        if eta is not None and self.done < self.total:
            words += f", about {eta:.0f} s left" if eta >= 1 else ", under a second left"
        return words


@dataclass
class MapResult(Generic[R]):
    """The tasks' results in input order; None where a task failed or was never run."""

    results: list[R | None]
    total: int
    ran: int = 0
    errors: dict[int, str] = field(default_factory=dict)
    stopped: bool = False  # the deadline stopped it before every task ran
    seconds: float = 0.0
    backend: str = "serial"

    def succeeded(self) -> list[tuple[int, R]]:
        """(index, result) of the tasks that ran and returned, in input order."""
        return [
            (i, r) for i, r in enumerate(self.results) if r is not None and i not in self.errors
        ]


class Executor:
    """Runs tasks; subclasses say how one task is submitted (`_submit`) and how a value all
    tasks read is sent once (`_share`)."""

    name = "serial"
    workers = 1
    per_worker = 1  # tasks in flight per worker: engines that run elsewhere keep two each

    @property
    def window(self) -> int:
        """Tasks in flight at a time (two per worker: none waits for a round trip)."""
        return self.per_worker * self.workers

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as err:  # handed to the caller through the future
            future.set_exception(err)
        return future

    def _share(self, value: Any) -> Any:
        return value

    def map(
        self,
        fn: Callable[..., R],
        items: Sequence[Any],
        *,
        shared: Any = None,
        units: Sequence[int] | None = None,
        label: str = "tasks",
        on_progress: ProgressCallback | None = None,
        deadline: float | None = None,
        on_error: Literal["raise", "keep"] = "raise",
    ) -> MapResult[R]:
        """`fn(item)` for every item (`fn(shared, item)` when `shared` is given: it is sent
        to the workers once), results in input order. `units[i]`: how much item i counts in
        the progress (default 1). `on_error` "keep": a task that raises is recorded in
        `errors` and the run goes on; "raise": the error is raised (tasks in flight are
        cancelled)."""
        total = len(items)
        weights = list(units) if units is not None else [1] * total
        started = time.monotonic()
        out: MapResult[R] = MapResult(results=[None] * total, total=total, backend=self.name)
        handle = (True, self._share(shared)) if shared is not None else (False, None)
        pending: dict[Future, int] = {}
        durations: list[float] = []
        done_units, next_index = 0, 0
        try:
            while True:
                while next_index < total and len(pending) < self.window and not out.stopped:
                    if not _in_time(deadline, durations):
                        out.stopped = True
                        break
                    future = self._submit(_timed, fn, handle[0], handle[1], items[next_index])
                    pending[future] = next_index
                    next_index += 1
                if not pending:
                    break
                finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=pending.__getitem__):
                    index = pending.pop(future)
                    out.ran += 1
                    done_units += weights[index]
                    try:
                        value, seconds = future.result()
                    except Exception as err:
                        if on_error == "raise":
                            raise
                        out.errors[index] = f"{type(err).__name__}: {err}"
                        continue
                    out.results[index] = value
                    durations.append(seconds)
                if on_progress is not None:
                    elapsed = time.monotonic() - started
                    on_progress(TaskProgress(label, done_units, sum(weights), elapsed))
        finally:
            for future in pending:
                future.cancel()
        out.seconds = time.monotonic() - started
        return out


def _in_time(deadline: float | None, durations: list[float]) -> bool:
    """Whether a task started now would end before the deadline (the mean task so far)."""
    if deadline is None:
        return True
    mean = sum(durations) / len(durations) if durations else 0.0
    return time.monotonic() + mean <= deadline


def _timed(fn: Callable[..., Any], has_shared: bool, shared: Any, item: Any) -> tuple[Any, float]:
    """One task and the seconds it took where it ran (module level: workers unpickle it)."""
    started = time.perf_counter()
    value = fn(shared, item) if has_shared else fn(item)
    return value, time.perf_counter() - started
