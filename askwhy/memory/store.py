"""GraphStore: named causal graphs, cached by data and settings, persisted as one JSON file each.

With a folder, the files are the truth and several processes may share it (folder.py): a
small index answers `names`, `list` and `find` without parsing graph files, `get` reads the
graph that is on disk under that name now, and an automatic name is never given twice. A
folder that cannot be written degrades to memory: the graph is kept for this session under
its name and a StoreWarning says why (also kept for the caller: `take_warnings()`,
`last_warning`).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path

from askwhy.core.graph import CausalGraph
from askwhy.errors import AskwhyError, GraphNotFoundError, ToolArgumentError
from askwhy.memory.cache import GraphKey
from askwhy.memory.folder import GraphFolder, UnreadableGraphError
from askwhy.memory.index import IndexEntry
from askwhy.memory.locking import folder_lock

_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_NAMES_IN_ERRORS = 20
AUTO_NAME_LENGTH = 80  # automatic names; "-2", "-3", ... keep them within the 100 allowed
_BASE_WITH_COLUMNS = 48  # dataset-algorithm-test-alpha part when columns follow


class StoreWarning(UserWarning):
    """A graph was not saved, or a graph file was skipped; the answer itself is unaffected."""


def default_store_dir() -> Path:
    """Where graphs persist: $ASKWHY_HOME/graphs, else the user data dir's askwhy/graphs."""
    home = os.environ.get("ASKWHY_HOME")
    if home:
        return Path(home).expanduser() / "graphs"
    from platformdirs import user_data_dir

    return Path(user_data_dir("askwhy", appauthor=False)) / "graphs"


class GraphStore:
    """Graphs by name. With a directory, each graph is also saved as `<name>.json` there and
    every store on the same directory, in any process, sees it; with None, graphs live in
    memory only."""

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory) if directory is not None else None
        self._folder = GraphFolder(self.directory, self._warn) if self.directory else None
        self._memory: dict[str, tuple[IndexEntry, CausalGraph]] = {}  # graphs not on disk
        self._warnings: list[str] = []
        self._unread: list[str] = []
        self._mutex = threading.RLock()
        self._refresh()

    # ----- reading ----------------------------------------------------------------------

    def __contains__(self, name: object) -> bool:
        with self._mutex:
            self._refresh()
            return name in self._memory or (self._folder is not None and name in self._on_disk)

    def __len__(self) -> int:
        with self._mutex:
            self._refresh()
            return len(self._on_disk.keys() | self._memory.keys())

    def names(self) -> list[str]:
        """Names in the order the graphs were stored."""
        with self._mutex:
            self._refresh()
            return [name for name, _ in self._items()]

    def get(self, name: str) -> CausalGraph:
        """The graph stored under `name`: for a saved graph, the version on disk now."""
        with self._mutex:
            self._refresh()
            if name in self._memory:
                return self._memory[name][1]
            if self._folder is None or name not in self._on_disk:
                raise self._not_found(name)
            try:
                return self._folder.read(name)
            except FileNotFoundError:
                raise self._not_found(name) from None
            except UnreadableGraphError as exc:
                raise GraphNotFoundError(f"No readable graph named '{name}': {exc}") from None

    def list(self) -> list[dict[str, str]]:
        """Every graph as {"name", "summary"}, the summary saying where it came from."""
        with self._mutex:
            self._refresh()
            return [{"name": name, "summary": entry.summary()} for name, entry in self._items()]

    def find(self, key: GraphKey) -> tuple[str, CausalGraph] | None:
        """The newest stored graph that answers `key` (see GraphKey), if any. Only the index
        is searched; only the matching graph is read."""
        with self._mutex:
            self._refresh()
            for name, entry in reversed(list(self._items())):
                if not key.matches(entry if entry.has_provenance else None):
                    continue
                try:
                    graph = self.get(name)
                except GraphNotFoundError:
                    continue  # removed or unreadable since the index was written
                if key.matches(graph.provenance):
                    return name, graph
            return None

    def take_warnings(self) -> list[str]:
        """Warnings since the last call (graphs not saved, files skipped), for answer notes."""
        with self._mutex:
            pending, self._unread = self._unread, []
            return pending

    @property
    def last_warning(self) -> str | None:
        return self._warnings[-1] if self._warnings else None

    # ----- writing ----------------------------------------------------------------------

    def put(
        self,
        graph: CausalGraph,
        name: str | None = None,
        dataset_columns: Sequence[str] | None = None,
    ) -> str:
        """Store `graph` and return its name.

        `dataset_columns`: the columns of the data the graph came from, so a graph over only
        some of them gets a name that says which (see auto_name).

        Without a name, one is made from the provenance (e.g. `smoking-pc-fisherz-0.05`)
        and made unique with -2, -3, ... across every process sharing the folder; an
        explicit name replaces a graph of that name. If the folder cannot be written, the
        graph is kept in memory under the returned name and a StoreWarning says why.
        """
        if name is not None:
            check_name(name)
        with self._mutex:
            reason = ""
            if self._folder is not None:
                try:
                    base = auto_name(graph, dataset_columns)
                    saved = self._folder.save(graph, name, base, self._memory)
                except OSError as exc:
                    reason = self._why_not_saved(exc)
                else:
                    self._memory.pop(saved, None)
                    return saved
            name = name or self._free_name(auto_name(graph, dataset_columns))
            self._memory.pop(name, None)
            self._memory[name] = (IndexEntry.of(name, graph, None), graph)
            if reason:
                self._warn(
                    f"Graph '{name}' was not saved ({reason}); it is kept in memory for "
                    "this session only."
                )
            return name

    def remove(self, name: str) -> None:
        with self._mutex:
            self.get(name)
            if self._memory.pop(name, None) is not None or self._folder is None:
                return
            try:
                self._folder.remove(name)
            except OSError as exc:
                raise AskwhyError(
                    f"Could not remove graph '{name}' from {self.directory}: "
                    f"{exc.strerror or exc}. Check that the folder is writable."
                ) from None

    def prune(self, older_than: timedelta | None = None, keep: int | None = None) -> list[str]:
        """Remove old graphs; return their names, oldest first. `older_than`: graphs made
        longer ago than that (by their provenance, else their file's time; a graph of unknown
        age is never too old); `keep`: all but the newest `keep`. With both, a graph goes only
        if both say so: the newest `keep` always stay. Saved graphs go under one folder lock."""
        if older_than is None and keep is None:
            raise ToolArgumentError("Say which graphs to prune: older_than, keep, or both.")
        if keep is not None and keep < 0:
            raise ToolArgumentError(f"keep must be 0 or more, got {keep}.")
        with self._mutex:
            folder = self._folder
            if folder is None or not folder.path.is_dir():
                return self._prune_now(older_than, keep)
            try:
                with folder_lock(folder.path):
                    folder.refresh(force=True, locked=True)
                    return self._prune_now(older_than, keep)
            except OSError as exc:
                raise AskwhyError(
                    f"Could not prune graphs in {self.directory}: {exc.strerror or exc}. "
                    "Check that the folder is writable."
                ) from None

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

    # ----- inside -----------------------------------------------------------------------

    @property
    def _on_disk(self) -> dict[str, IndexEntry]:
        return self._folder.entries if self._folder is not None else {}

    def _refresh(self) -> None:
        if self._folder is not None:
            self._folder.refresh()

    def _items(self) -> Iterator[tuple[str, IndexEntry]]:
        """(name, entry) in stored order: saved graphs, then those kept in memory only."""
        for name, entry in self._on_disk.items():
            if name not in self._memory:
                yield name, entry
        for name, (entry, _) in self._memory.items():
            yield name, entry

    def _prune_now(self, older_than: timedelta | None, keep: int | None) -> list[str]:
        """Pick and remove the graphs (the folder lock held, if there is a folder)."""
        items = sorted(self._items(), key=lambda item: _age_stamp(item[1]))  # oldest first
        removed = [name for name, _ in items]
        if keep is not None:
            removed = removed[: max(len(removed) - keep, 0)]
        if older_than is not None:
            cutoff = time.time() - older_than.total_seconds()
            made = {name: _age_stamp(entry) for name, entry in items}
            removed = [name for name in removed if 0 < made[name] < cutoff]
        for name in removed:
            if self._memory.pop(name, None) is None and self._folder is not None:
                self._folder.file(name).unlink(missing_ok=True)
        if removed and self._folder is not None and self._folder.path.is_dir():
            self._folder.refresh(force=True, locked=True)
        return removed

    def _free_name(self, base: str) -> str:
        taken = self._memory.keys() | (self._folder.taken() if self._folder else set())
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        return name

    def _not_found(self, name: str) -> GraphNotFoundError:
        names = [n for n, _ in self._items()]
        if not names:
            known = "There are no graphs in memory yet; learn one first (e.g. with PC)."
        else:
            shown = ", ".join(names[-_NAMES_IN_ERRORS:])
            more = len(names) - _NAMES_IN_ERRORS
            known = f"Graphs in memory: {shown}" + (f" and {more} older." if more > 0 else ".")
        return GraphNotFoundError(f"No graph named '{name}'. {known}")

    def _why_not_saved(self, exc: OSError) -> str:
        folder = self.directory
        try:
            if folder is not None and folder.exists() and not folder.is_dir():
                return f"{folder} is a file, not a folder"
        except OSError:
            pass
        if isinstance(exc, PermissionError):
            return f"no permission to write in {folder}"
        if isinstance(exc, TimeoutError):
            return str(exc)
        return f"{exc.strerror or exc}: {exc.filename or folder}"

    def _warn(self, message: str) -> None:
        if message in self._warnings:
            return
        self._warnings.append(message)
        self._unread.append(message)
        warnings.warn(message, StoreWarning, stacklevel=4)


def auto_name(graph: CausalGraph, dataset_columns: Sequence[str] | None = None) -> str:
    """A readable name from the provenance: dataset-algorithm-test-alpha, e.g.
    `smoking-pc-fisherz-0.05`. When `dataset_columns` are given and the graph is over only
    some of them, the columns follow, sorted: `smoking-pc-fisherz-0.05-3vars-age-smoking-tar`;
    past AUTO_NAME_LENGTH characters as many columns as fit, then a hash of them all. At most
    AUTO_NAME_LENGTH characters, so that -2, -3, ... still make a valid name."""
    p = graph.provenance
    parts = ["graph"] if p is None else [p.dataset_name or "graph", p.algorithm, p.test or ""]
    if p is not None and p.alpha is not None:
        parts.append(f"{p.alpha:g}")
    slug = "-".join(_slug(part) for part in parts if _slug(part))
    base = slug[:AUTO_NAME_LENGTH].rstrip("-._") or "graph"
    columns = sorted(set(p.columns or graph.nodes)) if p is not None else []
    if not dataset_columns or not columns or set(columns) == set(dataset_columns):
        return base
    head = f"{base[:_BASE_WITH_COLUMNS].rstrip('-._')}-{len(columns)}vars"
    slugs = [s for s in (_column_slug(c) for c in columns) if s]
    full = "-".join([head, *slugs])
    if len(full) <= AUTO_NAME_LENGTH and len(slugs) == len(columns):
        return full
    digest = hashlib.sha256("\0".join(columns).encode("utf-8")).hexdigest()[:8]
    shown: list[str] = []
    for column in slugs:
        if len("-".join([head, *shown, column, digest])) > AUTO_NAME_LENGTH:
            break
        shown.append(column)
    return "-".join([head, *shown, digest])


def check_name(name: str) -> None:
    """Names double as file names: letters, digits, '.', '_' and '-', up to 100 characters."""
    if not _NAME_PATTERN.match(name):
        raise ToolArgumentError(
            f"'{name}' cannot be a graph name: use letters, digits, '-', '_' or '.', "
            "starting with a letter or digit (e.g. 'smoking-pc')."
        )


def describe_provenance(graph: CausalGraph) -> str:
    """E.g. "CPDAG by PC (fisherz, alpha 0.05) on smoking: 4 variables, 3 edges"."""
    return IndexEntry.of("", graph, None).summary()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")


def _column_slug(column: str) -> str:
    """A column in a graph name: '-' separates columns, so runs of other characters become
    '_' (lung cancer -> lung_cancer)."""
    return re.sub(r"[^a-z0-9.]+", "_", column.lower()).strip("_.")


def _age_stamp(entry: IndexEntry) -> float:
    """When the graph was made (POSIX seconds): its provenance, else its file; 0 unknown."""
    return entry.created or entry.mtime_ns / 1e9
