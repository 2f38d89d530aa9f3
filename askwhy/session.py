"""Session: datasets, graph memory, analysis settings, the planner, the question loop."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from askwhy.answer import Answer, TraceStep
from askwhy.core.backends import Backend
from askwhy.core.data import LEFT_OUT, Dataset, prepare_frame
from askwhy.core.executor import TaskProgress
from askwhy.core.runtime import Runtime, using
from askwhy.core.settings import AnalysisSettings
from askwhy.memory.store import GraphStore, default_store_dir
from askwhy.planning.base import Planner
from askwhy.planning.compose import compose_answer
from askwhy.tools.catalog import default_registry
from askwhy.tools.registry import ToolRegistry
from askwhy.tools.results import ToolResult
from askwhy.tools.workspace import Workspace


@dataclass(frozen=True)
class ToolStarted:
    """Sent to `on_event` before a tool runs: its name and the arguments as given."""

    tool: str
    args: dict[str, Any]


@dataclass(frozen=True)
class ToolFinished:
    """Sent to `on_event` after a tool ran (or failed, with `error`): name and seconds."""

    tool: str
    seconds: float
    error: str | None = None


# TaskProgress: how far long work inside a tool is (bootstrap resamples done / total, ETA)
ToolEvent = ToolStarted | ToolFinished | TaskProgress


class Session:
    """One conversation: load data, ask questions, keep graphs in memory by name.

    >>> s = Session(); s.load("examples/smoking.csv")          # doctest: +SKIP
    >>> s.ask("Does smoking directly cause tar?").answer        # doctest: +SKIP
    'yes'

    `settings` (or the older `defaults` mapping) are the analysis settings used when a
    question does not name its own; unknown keys are an error. `on_event`, if given, is
    called with a ToolStarted / ToolFinished event around every tool call (progress display)
    and with TaskProgress during long work; it runs in the thread that calls the tool.
    `backend` (a Backend, or its name: local, dask, ray, dask://HOST:PORT; default
    ASKWHY_BACKEND, else local) is where work that multiplies runs; `deadline` (a
    `time.monotonic()` value, None: none) is when it stops starting more. Neither changes a
    result's meaning or a graph-cache key.
    """

    def __init__(
        self,
        planner: Planner | str = "rules",
        store: GraphStore | None = None,
        store_dir: str | Path | None = None,
        persist: bool = True,
        registry: ToolRegistry | None = None,
        settings: AnalysisSettings | Mapping[str, Any] | None = None,
        defaults: Mapping[str, Any] | None = None,
        planner_options: dict[str, Any] | None = None,
        on_event: Callable[[ToolEvent], None] | None = None,
        backend: Backend | str | None = None,
    ):
        self.on_event = on_event
        self.backend = backend if isinstance(backend, Backend) else Backend(backend)
        self.deadline: float | None = None
        if store is None:
            # --no-store wins over a store folder: nothing is written
            directory = (Path(store_dir) if store_dir else default_store_dir()) if persist else None
            store = GraphStore(directory)
        self.workspace = Workspace(store)
        self._registry = registry or default_registry()
        if not isinstance(settings, AnalysisSettings):
            settings = AnalysisSettings.from_mapping({**(defaults or {}), **(settings or {})})
        self._settings = settings
        if isinstance(planner, str):
            planner = make_planner(planner, **(planner_options or {}))
        self.planner = planner
        self._history: list[Answer] = []
        self._trace: list[TraceStep] = []
        self._asking = False

    # ----- the context a planner sees ------------------------------------------------------

    @property
    def settings(self) -> AnalysisSettings:
        return self._settings

    @settings.setter
    def settings(self, value: AnalysisSettings | Mapping[str, Any]) -> None:
        if not isinstance(value, AnalysisSettings):
            value = AnalysisSettings.from_mapping(value)
        self._settings = value

    @property
    def defaults(self) -> dict[str, Any]:
        """The settings that differ from askwhy's defaults (what a user chose)."""
        return self._settings.changed()

    @property
    def registry(self) -> ToolRegistry:
        return self._registry

    @property
    def history(self) -> Sequence[Answer]:
        return tuple(self._history)

    @property
    def store(self) -> GraphStore:
        return self.workspace.store

    @property
    def datasets(self) -> dict[str, Dataset]:
        return self.workspace.datasets

    def dataset(self, name: str | None = None) -> Dataset:
        return self.workspace.dataset(name)

    def graph_names(self) -> list[str]:
        return self.store.names()

    def load(
        self,
        path: str | Path,
        name: str | None = None,
        columns: str | Path | Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Dataset:
        """Load a CSV; it becomes the current dataset. `columns` is its data dictionary (a
        file, or a mapping {column: {description, aliases, type, role}}); without it a sidecar
        such as `data.columns.json` beside `data.csv` is used."""
        return self.workspace.load(path, name=name, columns=columns, **options)

    def add_frame(self, frame: pd.DataFrame, name: str = "data") -> Dataset:
        """Use an in-memory DataFrame as a dataset."""
        return self.workspace.add(prepare_frame(frame, name=name))

    def call(self, tool: str, /, **args: Any) -> ToolResult:
        """Run one tool by name with strictly validated arguments.

        During `ask` the call is recorded in the question's trace; outside it nothing is kept.
        """
        step = TraceStep(tool=tool, args=dict(args))
        if self._asking:
            self._trace.append(step)
        if self.on_event is not None:
            self.on_event(ToolStarted(tool, dict(args)))
        started = time.perf_counter()
        runtime = Runtime(self.backend, self.deadline, self._progress)
        try:
            with using(runtime):
                result, parsed, _ = self._registry.timed_call(tool, args, self.workspace)
        except Exception as err:
            step.error = str(err)
            step.seconds = time.perf_counter() - started
            if self.on_event is not None:
                self.on_event(ToolFinished(tool, step.seconds, step.error))
            raise
        step.seconds = time.perf_counter() - started
        if self.on_event is not None:
            self.on_event(ToolFinished(tool, step.seconds))
        step.args = parsed.model_dump(mode="json", exclude_unset=True)
        step.summary = result.summary
        step.result = result.facts()
        if result.graph_name:
            step.result["graph_name"] = result.graph_name
        return result

    def _progress(self, progress: TaskProgress) -> None:
        if self.on_event is not None:
            self.on_event(progress)

    def close(self) -> None:
        """Let go of the backend's connection (and any cluster it started)."""
        self.backend.close()

    # ----- the question loop ---------------------------------------------------------------

    def ask(self, question: str, dataset: str | None = None) -> Answer:
        """Answer a plain-language question about the current (or named) dataset."""
        if dataset is not None:
            self.workspace.current = self.workspace.dataset(dataset).name
        self._trace, self._asking = [], True
        started = time.perf_counter()
        try:
            plan = self.planner.plan(question, self)
        finally:
            trace, self._trace, self._asking = self._trace, [], False
        notes = list(self.dataset().notes) if self.workspace.current else []
        used = {v for step in trace for v in step.args.values() if isinstance(v, str)}
        # a column left out of the table but used in a design role (a text `state` group)
        notes = [n for n in notes if not any(n.startswith(LEFT_OUT.format(c)) for c in used)]
        answer = compose_answer(
            question, plan, trace, planner=getattr(self.planner, "name", "planner"), notes=notes
        )
        answer.seconds = time.perf_counter() - started
        self._history.append(answer)
        return answer


def make_planner(name: str, **options: Any) -> Planner:
    """A planner by name: 'rules' (offline, default), 'llm', 'local' (in-process model) or
    'auto' (rules when confident, else the LLM or the local model).

    `options` for llm/auto: model, base_url, api_key, config_path, timeout, max_retries,
    max_steps, temperature, threshold, fallback (see askwhy.planning.llm.config); for local
    and auto: model_path, threads.
    """
    if name == "rules":
        from askwhy.planning.rules.planner import RulePlanner

        return RulePlanner()
    if name in ("llm", "auto"):
        from askwhy.planning.auto import make_model_planner

        return make_model_planner(name, **options)
    if name == "local":
        from askwhy.planning.local.planner import make_local_planner

        return make_local_planner(
            model_path=options.get("model_path"), threads=options.get("threads")
        )
    from askwhy.errors import AskwhyError

    raise AskwhyError(f"Unknown planner '{name}'. Available: rules, llm, auto, local.")
