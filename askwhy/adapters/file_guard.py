"""Paths from outside callers: checked as text, and files written without following links.

- `check_path_text`: refuse a path with a NUL byte, a lone surrogate or more than
  MAX_PATH_BYTES bytes, with a message (never an OSError or ValueError from the OS layer).
- `StagedWrites`: for a tool that writes files. `stage(target)` gives the tool a file name in
  a private folder (mode 0700, in the system's temporary directory) instead of the target;
  `commit()` then installs each written file: it opens the target's folder without following
  a link, checks again that the folder lies inside an allowed directory (so a folder swapped
  for a link after the first check is refused), creates a new file there (O_EXCL|O_NOFOLLOW,
  so never through an existing link), and moves it onto the target name with os.replace,
  which replaces a symlink or a hard link at the target instead of writing through it. A hard
  link inside an allowed directory therefore cannot carry a write to a file outside it.
  `cleanup()` removes the private folders; `restore_paths` puts the target paths back into
  the tool's payload.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from askwhy.errors import ToolArgumentError

MAX_PATH_BYTES = 4096  # PATH_MAX on Linux


def shown(path: str, limit: int = 80) -> str:
    """The path as it can appear in a message: printable, cut to `limit` characters."""
    text = path.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_path_text(path: str) -> None:
    """A path the OS can take: no NUL byte, valid Unicode, at most MAX_PATH_BYTES bytes."""
    if "\x00" in path:
        raise ToolArgumentError(
            f"The path '{shown(path)}' contains a NUL byte (\\x00), which no file name can "
            "hold; give a plain path."
        )
    try:
        size = len(path.encode("utf-8"))
    except UnicodeEncodeError:
        raise ToolArgumentError(
            f"The path '{shown(path)}' contains a lone surrogate, which is not valid Unicode; "
            "give the path as UTF-8 text."
        ) from None
    if size > MAX_PATH_BYTES:
        raise ToolArgumentError(
            f"The path is {size:,} bytes long, more than the {MAX_PATH_BYTES:,} a path may "
            f"have ('{shown(path, 40)}'); give a shorter path."
        )


def inside(path: Path, allow_dirs: Sequence[Path]) -> bool:
    return any(path.is_relative_to(directory) for directory in allow_dirs)


@dataclass
class StagedWrites:
    """Files a tool writes, staged in private folders and moved onto their targets."""

    allow_dirs: Sequence[Path]
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary, target)
    folders: list[Path] = field(default_factory=list)

    def stage(self, target: Path) -> Path:
        """A file name for the tool to write instead of `target` (resolved, allowed)."""
        if not target.parent.is_dir():
            raise ToolArgumentError(f"The folder {target.parent} does not exist; create it first.")
        if target.is_dir():
            raise ToolArgumentError(f"'{target}' is a folder; give a file name inside it.")
        folder = Path(tempfile.mkdtemp(prefix="askwhy-write-"))
        self.folders.append(folder)
        staged = folder / target.name
        self.files.append((staged, target))
        return staged

    def commit(self) -> None:
        """Install every file the tool wrote at its target (see the module doc)."""
        for staged, target in self.files:
            if staged.is_file():
                _install(staged.read_bytes(), target, self.allow_dirs)

    def cleanup(self) -> None:
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.folders.clear()

    def restore_paths(self, payload: Any) -> Any:
        """`payload` with every staged path written as its target."""
        for staged, target in self.files:
            payload = _swap_text(payload, str(staged), str(target))
        return payload


def _install(content: bytes, target: Path, allow_dirs: Sequence[Path]) -> None:
    """Write `content` as a new file in the target's folder, then rename it onto the target."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        folder = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow)
    except OSError as err:
        raise ToolArgumentError(
            f"Cannot write to '{target}': its folder is a link or cannot be opened "
            f"({err.strerror}); nothing was written."
        ) from None
    temporary = f".{target.name}.askwhy-{secrets.token_hex(6)}"
    try:
        if not inside(_real_path(folder, target.parent), allow_dirs):
            raise ToolArgumentError(
                f"The folder of '{target}' now lies outside the allowed directories (it was "
                "changed while writing); nothing was written."
            )
        try:
            existing = os.stat(target.name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            existing = None
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise ToolArgumentError(f"'{target}' is a folder; give a file name inside it.")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow
        handle = os.open(temporary, flags, 0o666, dir_fd=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target.name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise ToolArgumentError(f"Cannot write to '{target}': {err.strerror}.") from None
    finally:
        os.close(folder)


def _real_path(fd: int, fallback: Path) -> Path:
    """The path of the folder open as `fd` (Linux: /proc/self/fd), else `fallback` resolved."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return fallback.resolve()


def _swap_text(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {key: _swap_text(item, old, new) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_swap_text(item, old, new) for item in value)
    return value
