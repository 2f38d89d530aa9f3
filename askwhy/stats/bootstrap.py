"""Bootstrap stability: how often each edge and each orientation comes back on resampled rows.

Resample i draws the rows with replacement from `SeedSequence([seed, i])`, so a run is the
same for a seed whether it is serial or parallel, local or on a cluster. Resamples run through
the executor of the current runtime (askwhy.core.runtime): DEFAULT_JOBS loky processes by
default, or a Dask / Ray cluster, several resamples per task; progress goes to the runtime's
callback. No task is started that the budget (or the runtime's deadline) would not leave time
for, so a slow search stops early and says how many resamples ran. Searches so fast that
starting worker processes would cost more run in this process.
A resample the search fails on (e.g. a column constant in that resample) is not counted.

Frequencies are keyed "a|b|kind": for "->" and "o->" a is the source; for the symmetric kinds
("--", "<->", "o-o") and for "adjacent" (any edge) a and b are sorted by name.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

from askwhy.core.executor import Executor, TaskProgress
from askwhy.core.graph import BootstrapRun, CausalGraph
from askwhy.core.runtime import Runtime, current
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.stats.boss_search import PENALTY as BOSS_PENALTY
from askwhy.stats.boss_search import REPAIR_ALPHA as BOSS_REPAIR
from askwhy.stats.boss_search import STARTS as BOSS_STARTS

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_RESAMPLES = 50
DEFAULT_BUDGET_SECONDS = 120.0
DEFAULT_JOBS = 2
# Starting loky workers (each imports pandas and causal-learn) costs seconds: below this much
# serial work the resamples run in this process.
PARALLEL_AFTER_SECONDS = 3.0
_TASK_SECONDS = 0.5  # aim for tasks at least this long
_SYMMETRIC = frozenset({"--", "<->", "o-o"})
_MAX_EDGES_TOLD = 5

Search = Callable[["pd.DataFrame"], CausalGraph]


class Stability(BaseModel):
    """Edge frequencies over the resamples, and how they were measured."""

    run: BootstrapRun
    frequency: dict[str, float]


def edge_key(a: str, b: str, kind: str) -> str:
    """The frequency key of an edge a kind b ("adjacent": any edge between a and b)."""
    if kind in _SYMMETRIC or kind == "adjacent":
        a, b = sorted((a, b))
    return f"{a}|{b}|{kind}"


def graph_keys(graph: CausalGraph) -> set[str]:
    """The keys one graph contributes: each edge as it is, and its adjacency."""
    keys = set()
    for e in graph.edges:
        keys.add(edge_key(e.source, e.target, e.kind))
        keys.add(edge_key(e.source, e.target, "adjacent"))
    return keys


def bootstrap_edges(
    search: Search,
    data: pd.DataFrame,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    n_jobs: int = DEFAULT_JOBS,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
    parallel_after: float = PARALLEL_AFTER_SECONDS,
    runtime: Runtime | None = None,
) -> Stability:
    """Run `search` (a picklable function of a DataFrame) on `resamples` bootstrap resamples
    of `data`; the share of counted resamples with each edge, orientation and adjacency.

    The first resample runs here and times the search. When the rest would take less than
    `parallel_after` seconds in this process (less than starting worker processes costs),
    they run here too; otherwise on the runtime's backend (default: the current one, see
    askwhy.core.runtime): `n_jobs` local processes, or the cluster, several resamples per
    task. On an existing cluster (a backend with an address) they always run there.
    The run stops at `budget_seconds` or the runtime's deadline, whichever comes first."""
    if resamples < 1:
        raise ToolArgumentError(f"Bootstrap needs at least one resample, got {resamples}.")
    if n_jobs < 1:
        raise ToolArgumentError(f"n_jobs must be at least 1, got {n_jobs}.")
    runtime = runtime or current()
    started = time.perf_counter()
    deadline = runtime.deadline_within(budget_seconds)
    tally = _Tally()
    tally.add([_one_resample(search, data, seed, 0)])
    each = time.perf_counter() - started
    rest = list(range(1, resamples))
    runtime.report(TaskProgress("resamples", 1, resamples, each))
    spec = runtime.spec
    # an existing cluster's workers are up already: no start-up cost to weigh
    warm = spec.name != "local" and spec.address is not None
    # starting workers costs about `parallel_after`: not worth it for less work, nor with
    # less time left than twice that
    left = math.inf if deadline is None else deadline - time.monotonic()
    serial = (n_jobs == 1 and spec.name == "local") or (
        not warm and min(each * len(rest), left / 2) < parallel_after
    )
    if rest:
        with nullcontext(Executor()) if serial else runtime.executor(n_jobs) as executor:
            size = 1 if serial else _task_size(each, len(rest), executor.workers)
            tasks = [rest[i : i + size] for i in range(0, len(rest), size)]

            def told(progress: TaskProgress) -> None:
                done, seconds = progress.done + 1, progress.seconds + each
                runtime.report(TaskProgress("resamples", done, resamples, seconds))

            found = executor.map(
                _resample_task,
                tasks,
                shared=_Resampling(search, data, seed),
                units=[len(t) for t in tasks],
                label="resamples",
                on_progress=told,
                deadline=deadline,
            )
        for _, keys in found.succeeded():
            tally.add(keys)
        tally.stopped = found.stopped
    return tally.result(resamples, seed, time.perf_counter() - started)


class _Resampling(NamedTuple):
    """What every resample task reads: sent to the workers once."""

    search: Search
    data: pd.DataFrame
    seed: int


class _Tally:
    """Edge-key counts over the resamples counted so far."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.done = self.failed = 0
        self.stopped = False

    def add(self, found: Iterable[list[str] | None]) -> None:
        for keys in found:
            if keys is None:
                self.failed += 1
            else:
                self.done += 1
                self.counts.update(keys)

    def result(self, requested: int, seed: int, seconds: float) -> Stability:
        done = self.done
        frequency = (
            {key: round(n / done, 6) for key, n in sorted(self.counts.items())} if done else {}
        )
        run = BootstrapRun(
            requested=requested,
            resamples=done,
            failed=self.failed,
            seconds=round(seconds, 3),
            seed=seed,
            stopped_early=self.stopped,
        )
        return Stability(run=run, frequency=frequency)


def _task_size(each: float, count: int, workers: int) -> int:
    """Resamples per task: tasks of at least _TASK_SECONDS, but two rounds of work for every
    worker when there is enough."""
    return max(1, min(math.ceil(_TASK_SECONDS / max(each, 1e-6)), -(-count // (2 * workers))))


def _resample_task(shared: _Resampling, indices: list[int]) -> list[list[str] | None]:
    """Several resamples in one worker task (fewer round trips for fast searches)."""
    return [_one_resample(shared.search, shared.data, shared.seed, i) for i in indices]


def _one_resample(search: Search, data: pd.DataFrame, seed: int, index: int) -> list[str] | None:
    """The edge keys of the graph found on resample `index`, or None if the search fails."""
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
    rows = rng.integers(0, len(data), size=len(data))
    sample = data.iloc[rows].reset_index(drop=True)
    try:
        graph = search(sample)
    except (AskwhyError, ValueError, ArithmeticError, np.linalg.LinAlgError):
        return None
    return sorted(graph_keys(graph))


def run_parameters(
    algorithm: str, seed: int, bootstrap: int, knowledge: BackgroundKnowledge | None
) -> dict[str, Any]:
    """The parameters a discovery run records in its provenance (and its cache key holds):
    PC's collider rule, BOSS's penalty, starts and repair level, the seed when the result
    depends on it, the bootstrap size, the background knowledge."""
    parameters: dict[str, Any] = {}
    if algorithm == "pc":  # the collider rule (askwhy.stats.pc_search): older graphs differ
        parameters["colliders"] = "maxp"
    if algorithm == "boss":  # askwhy.stats.boss_search: seeded restarts, BIC penalty
        parameters.update(penalty=BOSS_PENALTY, starts=BOSS_STARTS, repair=BOSS_REPAIR)
    if algorithm in ("lingam", "boss") or bootstrap:
        parameters["seed"] = seed
    if bootstrap:
        parameters["bootstrap"] = bootstrap
    if knowledge is not None and not knowledge.is_empty():
        parameters["knowledge"] = knowledge.record()
    return parameters


# ----- in words ---------------------------------------------------------------------------


def run_text(run: BootstrapRun) -> str:
    """E.g. "50 resamples in 12.3 s", with what the budget or failures left out."""
    text = f"{run.resamples} resample{'' if run.resamples == 1 else 's'} in {run.seconds:.1f} s"
    extra = []
    if run.stopped_early:
        ran = run.resamples + run.failed
        extra.append(f"the time budget stopped it after {ran} of the {run.requested} asked for")
    if run.failed:
        extra.append(f"{run.failed} more failed and were not counted")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def stability_note(
    graph: CausalGraph,
    nodes: Sequence[str],
    directed: tuple[str, str] | None = None,
) -> str:
    """How often the edges among `nodes` came back in the bootstrap, in one sentence; "" when
    the graph was not bootstrapped. `directed` (x, y): say how often x -> y itself came back,
    even when the graph has no such edge."""
    provenance = graph.provenance
    run = provenance.bootstrap if provenance is not None else None
    if run is None or run.resamples == 0:
        return ""
    n = run.resamples
    freq = graph.edge_frequency

    def times(key: str) -> int:
        return round(freq.get(key, 0.0) * n)

    parts: list[str] = []
    told: set[frozenset[str]] = set()
    if directed is not None:
        x, y = directed
        part = f"the edge {x} -> {y} appears in {times(edge_key(x, y, '->'))} of {n} resamples"
        reverse = times(edge_key(y, x, "->"))
        adjacent = times(edge_key(x, y, "adjacent"))
        extra = [f"{y} -> {x} in {reverse}"] if reverse else []
        extra.append(f"{x} and {y} are linked in {adjacent}")
        parts.append(f"{part} ({', '.join(extra)})")
        told.add(frozenset(directed))
    chosen = set(nodes)
    for e in graph.edges:
        pair = frozenset((e.source, e.target))
        if pair in told or not pair <= chosen or len(parts) >= _MAX_EDGES_TOLD:
            continue
        told.add(pair)
        shown, k = f"{e.source} {e.kind} {e.target}", times(edge_key(e.source, e.target, e.kind))
        parts.append(
            f"{shown} in {k}" if parts else f"the edge {shown} appears in {k} of {n} resamples"
        )
    if not parts:
        return ""
    return f"Bootstrap ({run_text(run)}): {'; '.join(parts)}."


def stable_share(graph: CausalGraph) -> str:
    """ "; 3 of the 4 edges appear in at least 80% of them"."""
    if not graph.edges:
        return ""
    stable = sum(
        graph.edge_frequency.get(edge_key(e.source, e.target, e.kind), 0.0) >= 0.8
        for e in graph.edges
    )
    return f"; {stable} of the {len(graph.edges)} edges appear in at least 80% of them"
