"""GraphFolder: the on-disk side of the GraphStore, safe to share between processes.

The graph files are the truth. The index (index.py) describes them so that listing and
finding read no graph file; `refresh` checks it against the folder (two stats when nothing
changed) and reads only files it does not describe. `read` returns the version on disk
now. Writers hold the folder lock (locking.py); new graphs are linked into place only under
a name no file has, so an automatic name is never given twice, not even across processes.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections import OrderedDict
from collections.abc import Callable, Container
from pathlib import Path

from askwhy.core.graph import CausalGraph
from askwhy.memory.index import (
    GRAPH_SUFFIX,
    Index,
    IndexEntry,
    index_signature,
    read_graph_file,
    read_index,
    scan_graph_files,
    write_index,
)
from askwhy.memory.locking import (
    FileSignature,
    folder_lock,
    link_new,
    remove_stale_temps,
    write_temp,
)

LOADED_GRAPHS = 64  # graphs read from disk kept parsed (least recently used dropped first)
READER_LOCK_SECONDS = 2.0  # a reader that finds the index stale waits this long to save it


class UnreadableGraphError(Exception):
    """A graph file exists but cannot be read or parsed."""


class GraphFolder:
    """One folder of `<name>.json` graph files plus their index. `warn` receives a message
    for every file that has to be skipped."""

    def __init__(self, path: Path, warn: Callable[[str], None]):
        self.path = path
        self._warn = warn
        self._disk = Index()  # what the folder holds, in stored (creation) order
        self._loaded: OrderedDict[str, tuple[FileSignature, CausalGraph]] = OrderedDict()
        self._stamp: tuple | None = None  # the folder state self._disk was read from

    @property
    def entries(self) -> dict[str, IndexEntry]:
        return self._disk.entries

    def taken(self) -> set[str]:
        """Names with a file, readable or not."""
        return self._disk.entries.keys() | self._disk.skipped.keys()

    # ----- reading ----------------------------------------------------------------------

    def refresh(self, force: bool = False, locked: bool = False) -> None:
        """Bring the view of the folder up to date. Cheap when nothing changed; otherwise the
        index is re-read and checked against a listing of the folder, and graph files it does
        not describe (added or changed by hand, no index yet) are read. A stale index is
        rewritten under the lock when the folder is writable; a read-only one is left alone."""
        stamp = self._folder_stamp()
        if stamp is None:
            self._disk, self._stamp = Index(), None
            return
        if stamp == self._stamp and not force:
            return
        on_disk = read_index(self.path)
        self._disk = self._merge(on_disk or Index(), scan_graph_files(self.path))
        for name in [n for n in self._loaded if n not in self._disk.entries]:
            del self._loaded[name]
        if on_disk is None or on_disk != self._disk:
            if locked:
                self._write_index()
                return
            try:  # check again under the lock (cheap: what was read is reused), then save
                with folder_lock(self.path, timeout=READER_LOCK_SECONDS):
                    self.refresh(force=True, locked=True)
                return
            except OSError:
                pass  # read-only: use the up-to-date view without saving it
        self._stamp = self._folder_stamp()

    def read(self, name: str) -> CausalGraph:
        """The graph in `<name>.json` now. Raises FileNotFoundError or UnreadableGraphError."""
        path = self.file(name)
        loaded = self._loaded.get(name)
        try:
            signature = FileSignature.of(os.stat(path))
            if loaded is not None and loaded[0] == signature:
                self._loaded.move_to_end(name)
                return loaded[1]
            graph, signature = read_graph_file(path)
        except FileNotFoundError:
            self._loaded.pop(name, None)
            self.refresh(force=True)
            raise
        except (OSError, ValueError) as exc:
            self._warn(f"Skipping unreadable graph file {path}: {exc}")
            raise UnreadableGraphError(f"The graph file {path} could not be read: {exc}") from exc
        self._remember(name, signature, graph)
        entry = self._disk.entries.get(name)
        if entry is None or entry.signature != signature:
            self._disk.entries[name] = IndexEntry.of(name, graph, signature)
        return graph

    def file(self, name: str) -> Path:
        return self.path / f"{name}{GRAPH_SUFFIX}"

    # ----- writing ----------------------------------------------------------------------

    def save(self, graph: CausalGraph, name: str | None, base: str, reserved: Container) -> str:
        """Write the graph and the index under the folder lock; return the name used. With
        `name`, that file is replaced; else the first of base, base-2, ... that no file has
        (nor `reserved`) is taken. Raises OSError only when nothing was saved."""
        self.path.mkdir(parents=True, exist_ok=True)
        data = graph.to_json().encode("utf-8")
        with folder_lock(self.path):
            remove_stale_temps(self.path)
            self.refresh(locked=True)
            tmp, signature = write_temp(self.path, f"{name or base}{GRAPH_SUFFIX}", data)
            try:
                if name is not None:
                    os.replace(tmp, self.file(name))
                else:
                    name = self._link_free_name(tmp, base, reserved)
            finally:
                tmp.unlink(missing_ok=True)
            # Saved: from here on nothing may fail.
            self._disk.entries.pop(name, None)
            self._disk.skipped.pop(name, None)
            self._disk.entries[name] = IndexEntry.of(name, graph, signature)
            self._remember(name, signature, graph)
            self._write_index()
        return name

    def remove(self, name: str) -> None:
        """Delete `<name>.json` and its index row. Raises OSError."""
        with folder_lock(self.path):
            self.file(name).unlink(missing_ok=True)
            self.refresh(force=True, locked=True)
        self._loaded.pop(name, None)

    # ----- inside -----------------------------------------------------------------------

    def _link_free_name(self, tmp: Path, base: str, reserved: Container) -> str:
        n = 1
        while True:
            name = base if n == 1 else f"{base}-{n}"
            if name not in reserved and link_new(tmp, self.file(name)):
                return name
            n += 1

    def _merge(self, on_disk: Index, listing: dict[str, FileSignature]) -> Index:
        merged = Index()
        for name, signature in listing.items():
            known = (on_disk.entries.get(name), self._disk.entries.get(name))
            entry = next((e for e in known if e is not None and e.signature == signature), None)
            if entry is not None:
                merged.entries[name] = entry
                continue
            skipped = on_disk.skipped.get(name) or self._disk.skipped.get(name)
            if skipped is not None and skipped[0] == signature:
                merged.skipped[name] = skipped
                self._warn(f"Skipping unreadable graph file {self.file(name)}: {skipped[1]}")
                continue
            try:
                graph, signature = read_graph_file(self.file(name))
            except FileNotFoundError:
                continue  # removed while we looked
            except (OSError, ValueError) as exc:
                merged.skipped[name] = (signature, str(exc))
                self._warn(f"Skipping unreadable graph file {self.file(name)}: {exc}")
                continue
            merged.entries[name] = IndexEntry.of(name, graph, signature)  # graph not kept
        order = sorted(merged.entries.values(), key=lambda e: (e.created, e.name))
        merged.entries = {e.name: e for e in order}
        return merged

    def _write_index(self) -> None:
        with contextlib.suppress(OSError):  # only a cache: the next writer or reader rebuilds it
            write_index(self.path, self._disk)
        self._stamp = self._folder_stamp()

    def _folder_stamp(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode):
            return None
        return st.st_mtime_ns, st.st_ino, index_signature(self.path)

    def _remember(self, name: str, signature: FileSignature, graph: CausalGraph) -> None:
        self._loaded[name] = (signature, graph)
        self._loaded.move_to_end(name)
        while len(self._loaded) > LOADED_GRAPHS:
            self._loaded.popitem(last=False)
