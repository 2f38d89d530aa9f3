"""What `askwhy chat` keeps between runs, in the `chat/` folder of the graph store folder:
the conversations (`conversations/<id>.jsonl`, one Answer JSON a line, appended as each
answer arrives, so a crash or a kill loses nothing) and the line history of readline
(`history`, appended line by line). With no store folder (`--no-store`) nothing is written.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

from askwhy.answer import Answer
from askwhy.errors import AskwhyError

CHAT_FOLDER = "chat"
CONVERSATIONS = "conversations"
SUFFIX = ".jsonl"
HISTORY_FILE = "history"
HISTORY_LINES = 1000
IDS_IN_ERRORS = 20
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def chat_folder(store_dir: Path | None) -> Path | None:
    """Where chat files live for this graph store folder (None: nothing is saved)."""
    return store_dir / CHAT_FOLDER if store_dir is not None else None


def conversation_ids(folder: Path) -> list[str]:
    """Saved conversations in `folder`, the most recently used last."""
    found: list[tuple[int, str]] = []
    try:
        entries = list(os.scandir(folder / CONVERSATIONS))
    except OSError:
        return []
    for entry in entries:
        stem = entry.name[: -len(SUFFIX)]
        if entry.name.endswith(SUFFIX) and _ID_PATTERN.match(stem):
            try:
                found.append((entry.stat().st_mtime_ns, stem))
            except OSError:
                continue  # removed while we looked
    return [stem for _, stem in sorted(found)]


class Conversation:
    """The answers of one chat, saved one line each as they happen. `warn` receives one
    message if saving fails; the chat goes on unsaved."""

    def __init__(
        self,
        folder: Path | None,
        conversation_id: str | None = None,
        answers: list[Answer] | None = None,
        warn: Callable[[str], None] = lambda message: None,
    ):
        self.id = conversation_id or time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)
        self.path = folder / CONVERSATIONS / f"{self.id}{SUFFIX}" if folder is not None else None
        self.answers: list[Answer] = list(answers or [])
        self.skipped = 0  # unreadable lines left out when resuming
        self._warn = warn
        self._failed = False

    @classmethod
    def resume(
        cls,
        folder: Path | None,
        conversation_id: str | None = None,
        warn: Callable[[str], None] = lambda message: None,
    ) -> Conversation:
        """The saved conversation `conversation_id`, or the latest one; new answers are added
        to the same file."""
        if folder is None:
            raise AskwhyError(
                "--resume reads the conversations saved in the graph store folder; it cannot "
                "be used with --no-store."
            )
        ids = conversation_ids(folder)
        if conversation_id is None:
            if not ids:
                raise AskwhyError(
                    f"No saved conversation in {folder / CONVERSATIONS} yet. Start one with "
                    "`askwhy chat`, then resume it with `askwhy chat --resume`."
                )
            conversation_id = ids[-1]
        elif conversation_id not in ids:
            recent = ", ".join(reversed(ids[-IDS_IN_ERRORS:])) or "none"
            raise AskwhyError(
                f"No saved conversation '{conversation_id}' in {folder / CONVERSATIONS}. "
                f"Saved ones, newest first: {recent}."
            )
        conversation = cls(folder, conversation_id, warn=warn)
        conversation._read()
        return conversation

    def add(self, answer: Answer) -> None:
        """Keep the answer and append it to the file at once (one write of one line)."""
        self.answers.append(answer)
        if self.path is None or self._failed:
            return
        line = (answer.to_json(indent=None) + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            self._failed = True
            self._warn(
                f"This conversation is not being saved ({exc.strerror or exc}: "
                f"{exc.filename or self.path}); /report still works until you leave."
            )

    def _read(self) -> None:
        assert self.path is not None
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise AskwhyError(
                f"Could not read the conversation {self.path}: {exc.strerror or exc}."
            ) from None
        for line in lines:
            if not line.strip():
                continue
            try:
                self.answers.append(Answer.model_validate_json(line))
            except ValidationError:
                self.skipped += 1  # e.g. a line cut short by a crash, or from another version


class LineHistory:
    """readline's line history, kept in `path` and appended as each line is entered. Does
    nothing where readline is missing or with no path."""

    def __init__(self, path: Path | None):
        self.path = path
        self._readline = None
        try:
            import readline
        except ImportError:
            return
        self._readline = readline
        if path is None:
            return
        try:
            if path.exists():
                readline.read_history_file(path)
                if readline.get_current_history_length() > 2 * HISTORY_LINES:
                    readline.set_history_length(HISTORY_LINES)
                    readline.write_history_file(path)  # trim the file now and then
                    readline.set_history_length(-1)
        except OSError:
            self.path = None  # unreadable: keep this session's lines in memory only

    def save_last(self) -> None:
        """Append the line just entered (readline already holds it) to the file."""
        if self._readline is None or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                self.path.touch(mode=0o600)
            self._readline.append_history_file(1, self.path)
        except OSError:
            self.path = None  # not writable: stop trying, the chat goes on

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Lines read inside (e.g. the "y" to leave or not) are not kept in the history."""
        readline = self._readline
        if readline is None:
            yield
            return
        readline.set_auto_history(False)
        try:
            yield
        finally:
            readline.set_auto_history(True)
