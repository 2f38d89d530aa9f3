"""Workspace: the loaded datasets and the graph memory that tools work on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from askwhy.core.data import Dataset, load_csv
from askwhy.core.dictionary import DataDictionary
from askwhy.core.graph import CausalGraph
from askwhy.core.settings import TEST_BASED, AnalysisSettings
from askwhy.errors import AskwhyError
from askwhy.memory.cache import GraphKey
from askwhy.memory.store import GraphStore


class GraphRun(BaseModel):
    """A graph fetched for a question: from memory, or discovered now."""

    name: str
    graph: CausalGraph
    reused: bool
    seconds: float = 0.0
    test_reason: str = ""
    assumptions: list[str] = []


class Workspace:
    """Datasets by name plus the GraphStore. Tools read and write only through this."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.datasets: dict[str, Dataset] = {}
        self.current: str | None = None

    def load(
        self,
        path: str | Path,
        name: str | None = None,
        columns: str | Path | Mapping[str, Any] | DataDictionary | None = None,
        **options,
    ) -> Dataset:
        """Load a CSV with its data dictionary (`columns`, else a sidecar file, else none)."""
        dataset = load_csv(path, name=name, columns=columns, **options)
        return self.add(dataset)

    def add(self, dataset: Dataset) -> Dataset:
        self.datasets[dataset.name] = dataset
        self.current = dataset.name
        return dataset

    def dataset(self, name: str | None = None) -> Dataset:
        if name is None:
            if self.current is None:
                raise AskwhyError(
                    "No data loaded. Load a CSV first (askwhy ask --data FILE, or Session.load)."
                )
            return self.datasets[self.current]
        if name in self.datasets:
            return self.datasets[name]
        stem = Path(name).stem
        if stem in self.datasets:
            return self.datasets[stem]
        known = ", ".join(self.datasets) or "none"
        raise AskwhyError(f"No dataset named '{name}'. Loaded datasets: {known}.")

    def graph_for(
        self,
        dataset: Dataset,
        variables: Sequence[str] | None,
        settings: AnalysisSettings,
        name: str | None = None,
    ) -> GraphRun:
        """The discovered graph for these data and settings, reused from memory when cached.

        With `name`, a cached graph is stored under that name too (the user asked for it).
        """
        from askwhy.stats.discovery import discover_graph
        from askwhy.stats.independence import choose_test

        columns = list(variables) if variables else dataset.columns
        kinds = {c: dataset.profiles[c].kind for c in columns}
        resolved = settings.test
        if settings.test == "auto" and settings.algorithm in TEST_BASED:
            resolved = choose_test(set(kinds.values()), len(dataset.frame))[0]
        key = GraphKey.for_discovery(dataset.fingerprint, columns, settings, resolved)
        cached = self.store.find(key)
        if cached is not None:
            cached_name, graph = cached
            if name is not None and name != cached_name:
                cached_name = self.store.put(graph, name)
            return GraphRun(name=cached_name, graph=graph, reused=True)
        result = discover_graph(
            dataset.frame,
            columns,
            algorithm=settings.algorithm,
            test=settings.test,
            alpha=settings.alpha,
            kinds=kinds,
            seed=settings.seed,
            dataset_name=dataset.name,
            fingerprint=dataset.fingerprint,
        )
        stored_name = self.store.put(result.graph, name)
        return GraphRun(
            name=stored_name,
            graph=result.graph,
            reused=False,
            seconds=result.seconds,
            test_reason=result.test_reason,
            assumptions=result.assumptions,
        )
