"""Bootstrap stability: how often each edge and each orientation comes back on resampled rows.

Resample i draws the rows with replacement from `SeedSequence([seed, i])`, so a run is the
same for a seed whether it is serial or parallel. Resamples run in processes with joblib's
loky backend (DEFAULT_JOBS at a time), in rounds: after each round the elapsed time is checked
against the budget, so a slow search stops early and says how many resamples ran. Searches so
fast that starting the worker processes would cost more run in this process.
A resample the search fails on (e.g. a column constant in that resample) is not counted.

Frequencies are keyed "a|b|kind": for "->" and "o->" a is the source; for the symmetric kinds
("--", "<->", "o-o") and for "adjacent" (any edge) a and b are sorted by name.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from askwhy.core.graph import BootstrapRun, CausalGraph
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import AskwhyError, ToolArgumentError

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
) -> Stability:
    """Run `search` (a picklable function of a DataFrame) on `resamples` bootstrap resamples
    of `data`; the share of counted resamples with each edge, orientation and adjacency.

    The first resample runs here and times the search. When the rest would take less than
    `parallel_after` seconds in this process (less than starting worker processes costs),
    they run here too; otherwise in `n_jobs` loky processes, several resamples per task."""
    if resamples < 1:
        raise ToolArgumentError(f"Bootstrap needs at least one resample, got {resamples}.")
    if n_jobs < 1:
        raise ToolArgumentError(f"n_jobs must be at least 1, got {n_jobs}.")
    started = time.perf_counter()
    tally = _Tally()
    tally.add([_one_resample(search, data, seed, 0)])
    each = time.perf_counter() - started
    rest = list(range(1, resamples))
    if n_jobs == 1 or each * len(rest) < parallel_after:
        for index in rest:
            elapsed = time.perf_counter() - started
            if elapsed + elapsed / (index or 1) > budget_seconds:
                tally.stopped = True
                break
            tally.add([_one_resample(search, data, seed, index)])
    else:
        _in_parallel(search, data, seed, rest, each, n_jobs, started, budget_seconds, tally)
    return tally.result(resamples, seed, time.perf_counter() - started)


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


def _in_parallel(
    search: Search,
    data: pd.DataFrame,
    seed: int,
    indices: list[int],
    each: float,
    n_jobs: int,
    started: float,
    budget_seconds: float,
    tally: _Tally,
) -> None:
    """The resamples `indices` in loky processes, in rounds of 2 * n_jobs tasks of several
    resamples each; the budget is checked after every round."""
    from joblib import Parallel, delayed

    per_round = 2 * n_jobs
    size = max(1, min(math.ceil(_TASK_SECONDS / max(each, 1e-6)), -(-len(indices) // per_round)))
    tasks = [indices[i : i + size] for i in range(0, len(indices), size)]
    with Parallel(n_jobs=n_jobs, backend="loky") as parallel:
        for first in range(0, len(tasks), per_round):
            batch = tasks[first : first + per_round]
            round_started = time.perf_counter()
            for found in parallel(delayed(_resample_task)(search, data, seed, t) for t in batch):
                tally.add(found)
            elapsed = time.perf_counter() - started
            last = time.perf_counter() - round_started
            if first + per_round < len(tasks) and elapsed + last > budget_seconds:
                tally.stopped = True
                return


def _resample_task(
    search: Search, data: pd.DataFrame, seed: int, indices: list[int]
) -> list[list[str] | None]:
    """Several resamples in one worker task (fewer round trips for fast searches)."""
    return [_one_resample(search, data, seed, i) for i in indices]


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
    the seed when the result depends on it, the bootstrap size, the background knowledge."""
    parameters: dict[str, Any] = {}
    if algorithm == "lingam" or bootstrap:
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
