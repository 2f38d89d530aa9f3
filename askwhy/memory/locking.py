"""Cross-process safety for the graph store's folder: one writer at a time, files that appear
whole or not at all, names that two processes can never both take, and no temp-file litter.

Writers hold an exclusive `flock` on `<folder>/.lock` while they pick a name, write a graph
and update the index; readers take no lock (every file is replaced atomically, so a reader
sees the old version or the new one). A new graph is written to a temp file and then
hard-linked to its name, which fails if the name exists, so even a writer that skips the
lock cannot overwrite a graph stored under an automatic name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

try:  # POSIX; elsewhere writers rely on the exclusive create alone
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60.0


class FileSignature(NamedTuple):
    """What tells one version of a file from another without reading it."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileSignature:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the folder's write lock. Raises OSError if the lock file cannot be opened (the
    folder is read-only or missing) and TimeoutError (an OSError) if another writer holds the
    lock for longer than `timeout` seconds."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            f"another askwhy process has held {folder / LOCK_NAME} "
                            f"for over {timeout:g} s"
                        ) from None
                    time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_temp(folder: Path, stem: str, data: bytes) -> tuple[Path, FileSignature]:
    """Write `data` to a fresh hidden temp file in `folder`; return its path and signature
    (the signature the file keeps once linked or renamed to its real name)."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{stem}-", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            signature = FileSignature.of(os.fstat(handle.fileno()))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp), signature


def link_new(tmp: Path, target: Path) -> bool:
    """Give the complete file `tmp` the name `target` only if no file has that name yet.
    Returns False if the name is taken. `tmp` is left in place (the caller removes it)."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system: reserve the name, then rename over it
        pass
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    os.replace(tmp, target)
    return True


def remove_stale_temps(folder: Path, max_age: float = STALE_TEMP_SECONDS) -> list[str]:
    """Delete temp files left by writers that were killed mid-write (older than `max_age`
    seconds). Returns the names removed."""
    removed: list[str] = []
    cutoff = time.time() - max_age
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue  # gone already, or not ours to delete
    return removed
