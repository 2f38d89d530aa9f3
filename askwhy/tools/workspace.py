"""Workspace: the loaded datasets and the graph memory that tools work on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from askwhy.core.data import Dataset, load_csv
from askwhy.core.graph import CausalGraph
from askwhy.errors import AskwhyError
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

    def load(self, path: str | Path, name: str | None = None, **options) -> Dataset:
        dataset = load_csv(path, name=name, **options)
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
        variables: Sequence[str] | None = None,
        algorithm: str = "pc",
        test: str = "auto",
        alpha: float = 0.05,
        name: str | None = None,
    ) -> GraphRun:
        """The discovered graph for these data and settings, reused from memory when cached."""
        from askwhy.stats.discovery import discover_graph

        columns = list(variables) if variables else dataset.columns
        kinds = {c: dataset.profiles[c].kind for c in columns}
        resolved_test = test
        if test == "auto" and algorithm in ("pc", "fci"):
            from askwhy.stats.independence import choose_test

            resolved_test = choose_test(set(kinds.values()), len(dataset.frame))[0]
        lookup_test = resolved_test if algorithm in ("pc", "fci") else None
        lookup_alpha = alpha if algorithm in ("pc", "fci") else None
        parameters = {"seed": 0} if algorithm == "lingam" else {}
        cached = self.store.find(
            dataset.fingerprint, algorithm, lookup_test, lookup_alpha, columns, parameters
        )
        if cached is not None:
            cached_name, graph = cached
            return GraphRun(name=cached_name, graph=graph, reused=True)
        result = discover_graph(
            dataset.frame,
            columns,
            algorithm=algorithm,
            test=test,
            alpha=alpha,
            kinds=kinds,
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
