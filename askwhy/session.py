"""Session: datasets, graph memory, the planner and the trace of one conversation."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from askwhy.answer import Answer, TraceStep
from askwhy.core.data import Dataset, prepare_frame
from askwhy.memory.store import GraphStore, default_store_dir
from askwhy.tools.registry import ToolRegistry, default_registry
from askwhy.tools.results import ToolResult
from askwhy.tools.workspace import Workspace


class Planner(Protocol):
    """Turns a question into tool calls on the session and returns the Answer."""

    name: str

    def answer(self, question: str, session: Session) -> Answer: ...


class Session:
    """One conversation: load data, ask questions, keep graphs in memory by name.

    >>> s = Session(); s.load("examples/smoking.csv")          # doctest: +SKIP
    >>> s.ask("Does smoking directly cause tar?").answer        # doctest: +SKIP
    'yes'
    """

    def __init__(
        self,
        planner: Planner | str = "rules",
        store: GraphStore | None = None,
        store_dir: str | Path | None = None,
        persist: bool = True,
        registry: ToolRegistry | None = None,
        defaults: dict[str, Any] | None = None,
        planner_options: dict[str, Any] | None = None,
    ):
        if store is None:
            directory = Path(store_dir) if store_dir else (default_store_dir() if persist else None)
            store = GraphStore(directory)
        self.workspace = Workspace(store)
        self.registry = registry or default_registry()
        if isinstance(planner, str):
            planner = make_planner(planner, **(planner_options or {}))
        self.planner = planner
        # Analysis settings used when a question does not name them: algorithm, test, alpha.
        self.defaults: dict[str, Any] = {k: v for k, v in (defaults or {}).items() if v is not None}
        self.history: list[Answer] = []
        self._trace: list[TraceStep] = []

    @property
    def store(self) -> GraphStore:
        return self.workspace.store

    @property
    def datasets(self) -> dict[str, Dataset]:
        return self.workspace.datasets

    def load(self, path: str | Path, name: str | None = None, **options: Any) -> Dataset:
        """Load a CSV; it becomes the current dataset."""
        return self.workspace.load(path, name=name, **options)

    def add_frame(self, frame: pd.DataFrame, name: str = "data") -> Dataset:
        """Use an in-memory DataFrame as a dataset."""
        return self.workspace.add(prepare_frame(frame, name=name))

    def dataset(self, name: str | None = None) -> Dataset:
        return self.workspace.dataset(name)

    def call(self, tool: str, **args: Any) -> ToolResult:
        """Run one tool by name with validated arguments; recorded in the trace."""
        step = TraceStep(tool=tool, args=args)
        self._trace.append(step)
        started = time.perf_counter()
        try:
            result, _ = self.registry.call(tool, args, self.workspace)
        except Exception as err:
            step.error = str(err)
            step.seconds = time.perf_counter() - started
            raise
        step.seconds = time.perf_counter() - started
        step.summary = result.summary
        step.result = {k: v for k, v in result.data.items() if k != "graph"}
        if result.graph_name:
            step.result["graph_name"] = result.graph_name
        return result

    def take_trace(self) -> list[TraceStep]:
        """The steps since the last call of this method (one question's trace)."""
        trace, self._trace = self._trace, []
        return trace

    def ask(self, question: str, dataset: str | None = None) -> Answer:
        """Answer a plain-language question about the current (or named) dataset."""
        if dataset is not None:
            self.workspace.current = self.workspace.dataset(dataset).name
        self.take_trace()
        started = time.perf_counter()
        answer = self.planner.answer(question, self)
        answer.seconds = time.perf_counter() - started
        self.history.append(answer)
        return answer


def make_planner(name: str, **options: Any) -> Planner:
    """A planner by name: 'rules' (offline, default), 'llm', 'local' (in-process model) or
    'auto' (rules when confident, else the LLM or the local model).

    `options` for llm/auto: model, base_url, api_key, config_path, timeout, max_retries,
    max_steps, temperature, threshold, fallback (see askwhy.planning.llm.config); for local and
    auto: model_path, threads.
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
