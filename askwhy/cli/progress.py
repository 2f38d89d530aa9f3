"""Progress for `askwhy ask`: a live status line, warnings before slow methods, a time limit.

`Progress` is a Session observer (`session.on_event = progress`): each tool call updates the
status ("Running discover_graph (PC, 6 columns)… 3.2 s"), long work inside it adds how far it
is ("· 37/100 resamples, about 12 s left"), and a method known to be slow on the data's size
gets a one-line warning with an estimate first. The status is drawn on
stderr and only when stdout is a terminal (never with --json or into a pipe). `run_limited`
runs the question in a worker thread and stops waiting after the time limit; before that, the
session's deadline (askwhy.cli.options) has made long work stop in time with what it has.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from rich.console import Console
from rich.text import Text

from askwhy.core.executor import TaskProgress
from askwhy.errors import AskwhyError
from askwhy.report.terminal_words import count, label
from askwhy.session import ToolEvent, ToolFinished, ToolStarted

T = TypeVar("T")
# Measured on the shipped examples (2 CPU cores): PC with KCI over 6 columns of 1,500 rows
# (KCI runs on a 500-row subsample) took 72 s, about 2 s per squared column; double ML on
# 1,500 rows with two covariates took 5 s, imports included.
KCI_SECONDS_PER_COLUMN_SQUARED = 2.0
KCI_SLOW_ROWS = 1000
DML_SECONDS = (3.0, 1 / 500)  # fixed cost, seconds per row


class Progress:
    """What is running and since when; draws nothing unless `live`."""

    def __init__(self, session: Any, console: Console, live: bool):
        self.session = session
        self.console = console
        self.live = live
        self._lock = threading.Lock()
        self._doing, self._during = "Reading the question", "the question was being read"
        self._since = time.perf_counter()
        self._detail = ""  # how far long work is: '37/100 resamples, about 12 s left'

    # ----- the observer -------------------------------------------------------------------

    def __call__(self, event: ToolEvent) -> None:
        if isinstance(event, ToolStarted):
            warning = slow_warning(self.session, event.tool, event.args)
            if warning:
                self.console.print(Text.assemble(("warning: ", "bold yellow"), warning))
            call = describe_call(self.session, event.tool, event.args)
            self.set(f"Running {call}", f"{call} was running")
        elif isinstance(event, ToolFinished):
            self.set("Putting the answer together", "the answer was being put together")
        elif isinstance(event, TaskProgress):
            with self._lock:
                self._detail = event.text()

    def set(self, doing: str, during: str) -> None:
        """`doing` for the status line, `during` for a sentence ('X was running')."""
        with self._lock:
            self._doing, self._during, self._since = doing, during, time.perf_counter()
            self._detail = ""

    def doing(self) -> tuple[str, float]:
        """What is running and for how many seconds."""
        with self._lock:
            return self._doing, time.perf_counter() - self._since

    def during(self) -> tuple[str, float]:
        with self._lock:
            during = f"{self._during} ({self._detail})" if self._detail else self._during
            return during, time.perf_counter() - self._since

    def __rich__(self) -> Text:
        doing, seconds = self.doing()
        with self._lock:
            detail = f" · {self._detail}" if self._detail else ""
        return Text(f"{doing}… {seconds:.1f} s{detail}")

    @contextmanager
    def shown(self) -> Iterator[None]:
        """The live status while the block runs (transient: it leaves no trace)."""
        if not self.live:
            yield
            return
        from rich.live import Live
        from rich.spinner import Spinner

        # No stdout/stderr redirection: the analysis swaps sys.stdout in its own thread
        # (askwhy.stats.quiet), and a redirect here would fight with it.
        with Live(
            Spinner("dots", text=self),
            console=self.console,
            transient=True,
            refresh_per_second=10,
            redirect_stdout=False,
            redirect_stderr=False,
        ):
            yield


class WorkAbandoned(AskwhyError):
    """--time-limit ran out; the work still runs in an abandoned thread, so the process must
    end without waiting for (or tearing down under) it."""


def run_limited(
    work: Callable[[], T],
    limit: float | None,
    progress: Progress,
    lost: str = "no answer was printed",
) -> T:
    """`work()` in a worker thread; after `limit` seconds stop waiting and raise a clear
    error saying what was `lost` (the thread is abandoned: a daemon, it ends with the
    process)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as err:  # handed to the waiting thread
            box["error"] = err

    worker = threading.Thread(target=target, name="askwhy-question", daemon=True)
    with progress.shown():
        worker.start()
        worker.join(limit)
    if worker.is_alive():
        during, seconds = progress.during()
        raise WorkAbandoned(
            f"Stopped waiting after {limit:g} s (--time-limit), while {during} "
            f"({seconds:.1f} s so far). The work was abandoned: {lost}. Allow more time with "
            "--time-limit SECONDS, or choose a faster method (e.g. --test fisherz, --method "
            "linear_regression)."
        )
    if "error" in box:
        raise box["error"]
    return box["result"]


# ----- what a call does, and whether it is slow -------------------------------------------


def describe_call(session: Any, tool: str, args: dict[str, Any]) -> str:
    """'discover_graph (PC, 6 columns)', 'test_independence (KCI, 1,500 rows)'."""
    fields = _fields(session, tool)
    rows, columns = _shape(session, args)
    details = []
    if _discovers(fields, args):
        algorithm, test = _setting(session, args, "algorithm"), _setting(session, args, "test")
        algorithm = "pc" if algorithm == "auto" and test != "auto" else algorithm  # auto's pick
        details.append(label(algorithm))
        if algorithm in ("pc", "fci") and test != "auto":
            details.append(label(test))
        if columns:
            variables = args.get("variables")
            width = len(variables) if isinstance(variables, list) and variables else columns
            details.append(count(width, "column"))
    names = ("method",) if _discovers(fields, args) else ("test", "method")
    for name in names:
        if name in fields and _setting(session, args, name) != "auto":
            details.append(label(_setting(session, args, name)))
    if rows and not _discovers(fields, args):
        details.append(count(rows, "row"))
    return f"{tool} ({', '.join(details)})" if details else tool


def slow_warning(session: Any, tool: str, args: dict[str, Any]) -> str:
    """A one-line warning with a time estimate before a method known to be slow, else ''."""
    fields = _fields(session, tool)
    rows, columns = _shape(session, args)
    test = _setting(session, args, "test") if "test" in fields else ""
    if _discovers(fields, args) and test == "kci" and rows > KCI_SLOW_ROWS:
        algorithm = _setting(session, args, "algorithm")
        algorithm = "pc" if algorithm == "auto" else algorithm  # auto picks PC for a named test
        variables = args.get("variables")
        width = len(variables) if isinstance(variables, list) and variables else columns
        if algorithm in ("pc", "fci") and not _cached(session, args, algorithm):
            estimate = KCI_SECONDS_PER_COLUMN_SQUARED * width**2
            return (
                f"KCI-based {label(algorithm)} discovery on {count(rows, 'row')} and "
                f"{count(width, 'column')} is slow: expect roughly {_span(estimate)}. "
                "--test fisherz takes about a second."
            )
    elif test == "kci" and rows > KCI_SLOW_ROWS:
        from askwhy.stats.independence import KCI_MAX_ROWS

        return (
            f"KCI on {count(rows, 'row')} runs on a random subsample of {KCI_MAX_ROWS:,} rows "
            "(its cost grows with the cube of the rows): expect a few seconds per test."
        )
    if "method" in fields and _setting(session, args, "method") == "dml":
        fixed, per_row = DML_SECONDS
        estimate = fixed + per_row * rows
        return (
            f"Double ML on {count(rows, 'row')} fits flexible models several times: expect "
            f"roughly {_span(estimate)}. --method linear_regression takes under a second."
        )
    return ""


def _fields(session: Any, tool: str) -> set[str]:
    registry = session.registry
    return set(registry.get(tool).argument_names) if tool in registry else set()


def _discovers(fields: set[str], args: dict[str, Any]) -> bool:
    """The call finds a graph from the data (not one named from memory)."""
    return "algorithm" in fields and not args.get("graph")


def _setting(session: Any, args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if value in (None, ""):
        value = getattr(session.settings, name, "")
    return str(value)


def _shape(session: Any, args: dict[str, Any]) -> tuple[int, int]:
    """Rows and columns of the dataset the call reads (0, 0 when there is none)."""
    try:
        dataset = session.dataset(args.get("dataset"))
    except Exception:  # no data loaded: nothing to estimate from
        return 0, 0
    return dataset.n_rows, len(dataset.columns)


def _cached(session: Any, args: dict[str, Any], algorithm: str) -> bool:
    """Whether a graph for these settings is already in memory (then nothing is slow)."""
    try:
        from askwhy.core.settings import AnalysisSettings
        from askwhy.memory.cache import GraphKey

        dataset = session.dataset(args.get("dataset"))
        variables = args.get("variables") or dataset.columns
        alpha = args.get("alpha") or session.settings.alpha
        settings = AnalysisSettings(algorithm=algorithm, test="kci", alpha=alpha)
        key = GraphKey.for_discovery(dataset.fingerprint, variables, settings, "kci")
        return session.store.find(key) is not None
    except Exception:  # a guess only: when unsure, warn
        return False


def _span(seconds: float) -> str:
    """A range around an estimate, in words: '36 s to 2 min'."""
    return f"{_duration(seconds / 2)} to {_duration(seconds * 2)}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"
