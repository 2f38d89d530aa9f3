"""The store's index: one small row per graph file, so that opening a store, listing it and
finding a cached graph never parse the graph files themselves.

The index is a cache of facts read from the graph files, never the source of truth: each
row carries the signature (size, mtime, inode) of the file it was read from, and a row whose
file is gone or changed is dropped or re-read. It is a single JSON file, `.index.json`,
replaced atomically (temp file + rename) by writers holding the folder lock. JSON rather
than SQLite: readers need no lock and always see a whole version, it works unchanged in a
read-only folder and on network file systems where SQLite's locking is unreliable, it reads
like the graph files beside it, and at 5,000 graphs it loads in tens of milliseconds.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from askwhy.core.files import atomic_write_text
from askwhy.core.graph import CausalGraph
from askwhy.memory.locking import FileSignature

INDEX_NAME = ".index.json"
INDEX_VERSION = 1
GRAPH_SUFFIX = ".json"
_FILE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")  # the graph-name pattern


@dataclass
class IndexEntry:
    """What the store knows about one graph without reading its file. The provenance fields
    keep Provenance's names, so a GraphKey can match an entry directly."""

    name: str
    has_provenance: bool = False
    created: float = 0.0  # POSIX timestamp; 0 without provenance
    dataset: str = ""  # dataset fingerprint
    dataset_name: str = ""
    algorithm: str = ""
    test: str | None = None
    alpha: float | None = None
    columns: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    kind: str = "cpdag"
    nodes: int = 0
    edges: int = 0
    size: int = 0
    mtime_ns: int = 0
    inode: int = 0

    @classmethod
    def of(cls, name: str, graph: CausalGraph, signature: FileSignature | None) -> IndexEntry:
        p = graph.provenance
        entry = cls(name=name, kind=graph.kind, nodes=len(graph.nodes), edges=len(graph.edges))
        if p is not None:
            entry.has_provenance = True
            entry.created = p.created.timestamp()
            entry.dataset, entry.dataset_name, entry.algorithm = (
                p.dataset,
                p.dataset_name,
                p.algorithm,
            )
            entry.test, entry.alpha = p.test, p.alpha
            entry.columns, entry.parameters = list(p.columns), dict(p.parameters)
        if signature is not None:
            entry.size, entry.mtime_ns, entry.inode = signature
        return entry

    @property
    def signature(self) -> FileSignature:
        return FileSignature(self.size, self.mtime_ns, self.inode)

    def summary(self) -> str:
        """E.g. "CPDAG by PC (fisherz, alpha 0.05) on smoking: 4 variables, 3 edges"."""
        size = f"{self.nodes} variables, {self.edges} edges"
        if not self.has_provenance or not self.algorithm:
            return f"{self.kind.upper()}: {size}"
        alpha = f"alpha {self.alpha:g}" if self.alpha is not None else ""
        settings = ", ".join(s for s in (self.test or "", alpha) if s)
        method = f"{self.algorithm.upper()} ({settings})" if settings else self.algorithm.upper()
        source = f" on {self.dataset_name}" if self.dataset_name else ""
        return f"{self.kind.upper()} by {method}{source}: {size}"


_FIELDS = {f.name for f in fields(IndexEntry)}


@dataclass
class Index:
    """The rows for readable graph files, and the signatures of files that could not be read
    (so they are not parsed again until they change)."""

    entries: dict[str, IndexEntry] = field(default_factory=dict)
    skipped: dict[str, tuple[FileSignature, str]] = field(default_factory=dict)  # and why


def read_index(folder: Path) -> Index | None:
    """The index on disk, or None when it is missing, unreadable or of another version."""
    try:
        raw = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
        if raw.get("version") != INDEX_VERSION:
            return None
        entries = {}
        for row in raw["graphs"]:
            try:
                entry = IndexEntry(**row)
            except TypeError:  # a field this version does not know
                entry = IndexEntry(**{k: v for k, v in row.items() if k in _FIELDS})
            entries[entry.name] = entry
        skipped = {
            name: (FileSignature(*row[:3]), str(row[3]))
            for name, row in raw.get("skipped", {}).items()
        }
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return Index(entries, skipped)


def write_index(folder: Path, index: Index) -> None:
    """Replace the index atomically (call with the folder lock held). One row a line."""
    rows = ",\n".join(json.dumps(vars(e), separators=(",", ":")) for e in index.entries.values())
    skipped = json.dumps({name: [*sig, why] for name, (sig, why) in index.skipped.items()})
    text = f'{{"version": {INDEX_VERSION},\n"skipped": {skipped},\n"graphs": [\n{rows}\n]}}\n'
    atomic_write_text(folder / INDEX_NAME, text)


def index_signature(folder: Path) -> FileSignature | None:
    try:
        return FileSignature.of(os.stat(folder / INDEX_NAME))
    except OSError:
        return None


def scan_graph_files(folder: Path) -> dict[str, FileSignature]:
    """Every `<name>.json` graph file in `folder` with its signature (no file is opened)."""
    found: dict[str, FileSignature] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        stem = entry.name[: -len(GRAPH_SUFFIX)]
        if not entry.name.endswith(GRAPH_SUFFIX) or not _FILE_STEM.match(stem):
            continue
        try:
            found[stem] = FileSignature.of(entry.stat())
        except OSError:
            continue  # removed while we looked
    return found


def read_graph_file(path: Path) -> tuple[CausalGraph, FileSignature]:
    """Parse one graph file; the signature is taken from the same open file, so it belongs to
    the version that was read. Raises OSError, or ValueError with a one-line reason."""
    with open(path, "rb") as handle:
        signature = FileSignature.of(os.fstat(handle.fileno()))
        data = handle.read()
    try:
        return CausalGraph.from_json(data.decode("utf-8")), signature
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem.get("loc", ()))
        reason = f"not a causal graph: {problem['msg']}" + (f" ({where})" if where else "")
        raise ValueError(reason) from None
    except UnicodeDecodeError:
        raise ValueError("not a causal graph: the file is not UTF-8 text") from None
