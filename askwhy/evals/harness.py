"""Run a question set through a planner and score every answer.

Each question gets a fresh Session (no conversation memory carried over); the questions of
one CSV share one in-memory GraphStore, so a graph discovered for one question is reused by
the next question on the same data and settings. With jobs > 1 (or a Dask / Ray backend) the
CSVs are spread over workers through askwhy's executor; results come back in input order and
equal the serial ones. An error in one question is recorded on its result and never stops
the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from askwhy.evals.cases import EvalCase
from askwhy.evals.scoring import Score, Tolerance, score

if TYPE_CHECKING:
    from askwhy.core.backends import Backend


class EvalSettings(BaseModel):
    """How to run a set: the planner, analysis defaults and scoring tolerance."""

    planner: str = "rules"
    defaults: dict[str, Any] = Field(
        default_factory=dict, description="Session defaults: algorithm, test, alpha, method."
    )
    tolerance: Tolerance = Field(default_factory=Tolerance)


class EvalResult(BaseModel):
    """One question's outcome: the Answer as JSON, whether it matched each label, timing."""

    id: str
    type: str | None = None
    level: str | None = None
    prediction: dict[str, Any] | None = None
    correct_expected: bool | None = None
    correct_truth: bool | None = None
    metrics_expected: dict[str, float] = Field(default_factory=dict)
    metrics_truth: dict[str, float] = Field(default_factory=dict)
    seconds: float
    error: str | None = None


def run_eval(
    cases: list[EvalCase],
    settings: EvalSettings | None = None,
    jobs: int = 1,
    on_done: Callable[[int], None] | None = None,
    planner: Any = None,
    backend: Backend | str | None = None,
    deadline: float | None = None,
) -> list[EvalResult]:
    """Ask every case and score it; `on_done(n)` is called as n more questions finish.

    The CSVs' groups of questions run through one executor (askwhy.core.executor): in this
    process for jobs=1 on the local backend, else `jobs` local processes, or the Dask / Ray
    cluster `backend` names (default: ASKWHY_BACKEND, else local). `deadline` (a
    `time.monotonic()` value): no group is started that would not finish in time; the
    questions that did not run are left out of the results (the rest keep input order).
    `planner` (a Planner: `.plan(question, context) -> Plan`) replaces the named planner of
    `settings`; it runs in this process, so it implies jobs=1 on the local backend.
    """
    from askwhy.core.backends import Backend
    from askwhy.core.executor import Executor, TaskProgress

    settings = settings or EvalSettings()
    groups = [[(i, cases[i]) for i in indices] for indices in _group_by_csv(cases)]
    owned = not isinstance(backend, Backend)
    chosen = Backend(backend) if owned else backend
    local = planner is not None or (jobs <= 1 and not chosen.distributed)
    told = [0]

    def progress(p: TaskProgress) -> None:
        if on_done is not None and p.done > told[0]:
            on_done(p.done - told[0])
            told[0] = p.done

    try:
        executor = Executor() if local else chosen.executor(jobs)
        found = executor.map(
            _run_items,
            groups,
            shared=(settings, planner),
            units=[len(g) for g in groups],
            label="questions",
            on_progress=progress,
            deadline=deadline,
            on_error="keep",
        )
    finally:
        if owned:
            chosen.close()
    results: dict[int, EvalResult] = {}
    for index, group in enumerate(groups):
        if index in found.errors:  # a worker died: record it on each question
            for i, case in group:
                results[i] = _failed(case, f"worker failed: {found.errors[index]}", 0.0)
        for i, result in found.results[index] or []:
            results[i] = result
    return [results[i] for i in range(len(cases)) if i in results]


def _run_items(
    shared: tuple[EvalSettings, Any], items: list[tuple[int, EvalCase]]
) -> list[tuple[int, EvalResult]]:
    settings, planner = shared
    return run_group(items, settings, planner)


def run_group(
    items: list[tuple[int, EvalCase]], settings: EvalSettings, planner: Any = None
) -> list[tuple[int, EvalResult]]:
    """Run the questions of one CSV with one shared graph cache (runs in a worker)."""
    from askwhy.memory.store import GraphStore
    from askwhy.session import make_planner

    store = GraphStore(None)
    if planner is None:
        planner = make_planner(settings.planner)
    return [(index, run_case(case, settings, store, planner)) for index, case in items]


def run_case(case: EvalCase, settings: EvalSettings, store: Any, planner: Any) -> EvalResult:
    """Ask one question in a fresh Session and score the Answer against its labels."""
    from askwhy.session import Session

    started = time.perf_counter()
    try:
        session = Session(planner=planner, store=store, defaults=settings.defaults)
        session.load(case.csv, column_names=case.column_names)
        answer = session.ask(case.question)
    except Exception as err:
        return _failed(case, f"{type(err).__name__}: {err}", time.perf_counter() - started)
    seconds = time.perf_counter() - started
    expected = _score(answer, case.expected, settings.tolerance, session.registry)
    truth = _score(answer, case.truth, settings.tolerance, session.registry)
    return EvalResult(
        id=case.id,
        type=case.type,
        level=case.level,
        prediction=answer.model_dump(mode="json"),
        correct_expected=expected.correct if expected else None,
        correct_truth=truth.correct if truth else None,
        metrics_expected=expected.metrics if expected else {},
        metrics_truth=truth.metrics if truth else {},
        seconds=seconds,
    )


def _score(answer: Any, label: Any, tolerance: Tolerance, registry: Any) -> Score | None:
    if label is None:
        return None
    try:
        return score(answer, label, tolerance, registry)
    except (ValueError, TypeError, KeyError):
        return Score(correct=False)


def _failed(case: EvalCase, message: str, seconds: float) -> EvalResult:
    """A question that raised: wrong against every label it has."""
    return EvalResult(
        id=case.id,
        type=case.type,
        level=case.level,
        correct_expected=False if case.expected is not None else None,
        correct_truth=False if case.truth is not None else None,
        seconds=seconds,
        error=message,
    )


def _group_by_csv(cases: list[EvalCase]) -> list[list[int]]:
    groups: dict[tuple[str, tuple[str, ...] | None], list[int]] = {}
    for index, case in enumerate(cases):
        key = (case.csv, tuple(case.column_names) if case.column_names else None)
        groups.setdefault(key, []).append(index)
    return list(groups.values())
