"""GraphStore: named causal graphs, cached by data and settings, persisted as one JSON file each."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from pydantic import ValidationError

from askwhy.core.files import atomic_write_text
from askwhy.core.graph import CausalGraph
from askwhy.errors import GraphNotFoundError, ToolArgumentError
from askwhy.memory.cache import GraphKey

_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def default_store_dir() -> Path:
    """Where graphs persist: $ASKWHY_HOME/graphs, else the user data dir's askwhy/graphs."""
    home = os.environ.get("ASKWHY_HOME")
    if home:
        return Path(home).expanduser() / "graphs"
    from platformdirs import user_data_dir

    return Path(user_data_dir("askwhy", appauthor=False)) / "graphs"


class GraphStore:
    """Graphs by name. With a directory, each graph is also saved as `<name>.json` there and
    a new store on the same directory loads them; with None, graphs live in memory only."""

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory) if directory is not None else None
        self._graphs: dict[str, CausalGraph] = {}
        if self.directory is not None and self.directory.is_dir():
            self._load()

    def _load(self) -> None:
        assert self.directory is not None
        loaded: list[tuple[str, CausalGraph]] = []
        for path in sorted(self.directory.glob("*.json")):
            try:
                graph = CausalGraph.from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, ValidationError) as exc:
                warnings.warn(f"Skipping unreadable graph file {path}: {exc}", stacklevel=2)
                continue
            loaded.append((path.stem, graph))
        loaded.sort(key=lambda item: _created(item[1]))
        self._graphs = dict(loaded)

    # ----- reading ----------------------------------------------------------------------

    def __contains__(self, name: object) -> bool:
        return name in self._graphs

    def __len__(self) -> int:
        return len(self._graphs)

    def names(self) -> list[str]:
        """Names in the order the graphs were stored."""
        return list(self._graphs)

    def get(self, name: str) -> CausalGraph:
        if name not in self._graphs:
            if self._graphs:
                known = f"Graphs in memory: {', '.join(self._graphs)}."
            else:
                known = "There are no graphs in memory yet; learn one first (e.g. with PC)."
            raise GraphNotFoundError(f"No graph named '{name}'. {known}")
        return self._graphs[name]

    def list(self) -> list[dict[str, str]]:
        """Every graph as {"name", "summary"}, the summary saying where it came from."""
        return [
            {"name": name, "summary": describe_provenance(graph)}
            for name, graph in self._graphs.items()
        ]

    def find(self, key: GraphKey) -> tuple[str, CausalGraph] | None:
        """The newest stored graph that answers `key` (see GraphKey), if any."""
        for name, graph in reversed(self._graphs.items()):
            if key.matches(graph.provenance):
                return name, graph
        return None

    # ----- writing ----------------------------------------------------------------------

    def put(self, graph: CausalGraph, name: str | None = None) -> str:
        """Store `graph` and return its name.

        Without a name, one is made from the provenance (e.g. `smoking-pc-fisherz-0.05`)
        and made unique with -2, -3, ...; an explicit name replaces a graph of that name.
        """
        if name is None:
            name = self._unique(auto_name(graph))
        else:
            check_name(name)
        self._graphs.pop(name, None)
        self._graphs[name] = graph
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.directory / f"{name}.json", graph.to_json())
        return name

    def remove(self, name: str) -> None:
        self.get(name)
        del self._graphs[name]
        if self.directory is not None:
            (self.directory / f"{name}.json").unlink(missing_ok=True)

    def export(self, name: str, path: Path | str) -> Path:
        """Write the graph to `path` as JSON (.json) or Graphviz DOT (.dot, .gv)."""
        graph = self.get(name)
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            text = graph.to_json()
        elif suffix in (".dot", ".gv"):
            text = graph.to_dot(name)
        else:
            raise ToolArgumentError(
                f"Cannot export to '{path.name}': use a file name ending in .json or .dot."
            )
        if not path.parent.is_dir():
            raise ToolArgumentError(f"The folder {path.parent} does not exist; create it first.")
        path.write_text(text, encoding="utf-8")
        return path

    def _unique(self, base: str) -> str:
        name, n = base, 1
        while name in self._graphs:
            n += 1
            name = f"{base}-{n}"
        return name


def auto_name(graph: CausalGraph) -> str:
    """A readable name from the provenance: dataset-algorithm-test-alpha."""
    p = graph.provenance
    parts = ["graph"] if p is None else [p.dataset_name or "graph", p.algorithm, p.test or ""]
    if p is not None and p.alpha is not None:
        parts.append(f"{p.alpha:g}")
    slug = "-".join(_slug(part) for part in parts if _slug(part))
    return slug[:80].rstrip("-._") or "graph"


def check_name(name: str) -> None:
    """Names double as file names: letters, digits, '.', '_' and '-', up to 100 characters."""
    if not _NAME_PATTERN.match(name):
        raise ToolArgumentError(
            f"'{name}' cannot be a graph name: use letters, digits, '-', '_' or '.', "
            "starting with a letter or digit (e.g. 'smoking-pc')."
        )


def describe_provenance(graph: CausalGraph) -> str:
    """E.g. "CPDAG by PC (fisherz, alpha 0.05) on smoking: 4 variables, 3 edges"."""
    p = graph.provenance
    size = f"{len(graph.nodes)} variables, {len(graph.edges)} edges"
    if p is None or not p.algorithm:
        return f"{graph.kind.upper()}: {size}"
    settings = ", ".join(
        s for s in (p.test or "", f"alpha {p.alpha:g}" if p.alpha is not None else "") if s
    )
    method = f"{p.algorithm.upper()} ({settings})" if settings else p.algorithm.upper()
    source = f" on {p.dataset_name}" if p.dataset_name else ""
    return f"{graph.kind.upper()} by {method}{source}: {size}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")


def _created(graph: CausalGraph) -> float:
    return graph.provenance.created.timestamp() if graph.provenance else 0.0
