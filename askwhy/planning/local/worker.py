"""Run a local-model backend in a worker process, so a native crash cannot kill askwhy.

llama.cpp is C++: a build compiled for CPU features the machine cannot run dies with SIGILL,
a damaged model file or a llama.cpp bug with SIGSEGV or abort(). In-process, that ends the
whole `askwhy` process without a word. `WorkerBackend` wraps any picklable `Backend` (the
`LlamaBackend` in normal use, test doubles in tests), starts it in a child Python process on
the first reply and keeps it there, with the model loaded, for the next questions:

    backend = WorkerBackend(LlamaBackend(path, settings), timeout=120)
    backend.complete(messages, schema, max_tokens)   # -> Completion, as in-process
    backend.close()                                  # also at exit and when collected

The child runs planning.local.worker_process and speaks JSON lines over its stdin and stdout
(a plain subprocess, not multiprocessing: nothing of the caller's main script is re-run in
it). When it dies, the reply becomes a `LocalModelError` that names the signal and what to do
about it; when no reply comes within `timeout` seconds the child is stopped (SIGTERM, then
SIGKILL) and the error says so. Either way the next reply starts a fresh child, and askwhy
itself, with its other planners, goes on working.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import IO, Any, NoReturn

from askwhy.planning.local.backend import (
    LLAMA_PACKAGE,
    Backend,
    Completion,
    LocalModelError,
    llama_version,
)

START_TIMEOUT = 60.0  # seconds for the worker to start and receive its backend
STOP_GRACE = 2.0  # seconds a worker has to exit after "stop", then after SIGTERM
USE_RULES = "askwhy itself is fine: --planner rules answers without the model."
PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])  # the folder holding askwhy/
BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from askwhy.planning.local.worker_process import main; main()"
)
# Windows reports a crash as an NTSTATUS exit code, not a signal.
WINDOWS_CRASHES = {0xC000001D: "SIGILL", 0xC0000005: "SIGSEGV", 0xC0000409: "SIGABRT"}


def portable_build_command() -> str:
    """The pip command that rebuilds llama-cpp-python without -march=native."""
    version = llama_version()
    pinned = f"{LLAMA_PACKAGE}=={version}" if version else LLAMA_PACKAGE
    return f'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --force-reinstall --no-cache-dir {pinned}'


def _signal_advice() -> dict[str, tuple[str, str]]:
    """Per signal name: what it means and what to do."""
    return {
        "SIGILL": (
            "illegal instruction",
            f"rebuild llama-cpp-python for a portable CPU with {portable_build_command()} "
            "(llama.cpp was compiled for CPU features this machine cannot run, common on "
            "virtual machines whose CPU reports features it cannot use; on a CPU without AVX2 "
            "also add -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF to CMAKE_ARGS)",
        ),
        "SIGSEGV": (
            "segmentation fault",
            "llama.cpp crashed; check that the model file is a GGUF model this "
            "llama-cpp-python supports (--model-path), or reinstall it",
        ),
        "SIGBUS": (
            "bus error",
            "the model file was changed or truncated while it was in use; reinstall it or "
            "pass another --model-path",
        ),
        "SIGABRT": (
            "aborted",
            "llama.cpp stopped on a failed internal check (its message, if any, is printed "
            "above); try another model file or llama-cpp-python version",
        ),
        "SIGFPE": ("arithmetic error", "llama.cpp crashed; try another llama-cpp-python build"),
        "SIGKILL": (
            "killed",
            "often the out-of-memory killer: free memory (the bundled model needs about 1 GB) "
            "or use a smaller --model-path",
        ),
    }


def _signal_name(returncode: int | None) -> str | None:
    if returncode is None:
        return None
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return WINDOWS_CRASHES.get(returncode & 0xFFFFFFFF)


def death_message(returncode: int | None, during: str) -> str:
    """What to tell the user when the worker process ended (`during` what it was doing)."""
    name = _signal_name(returncode)
    if name is not None:
        meaning, advice = _signal_advice().get(name, ("a native crash", "llama.cpp crashed"))
        return (
            f"The local model process died with {name} ({meaning}) {during}: {advice}. {USE_RULES}"
        )
    code = "an unknown status" if returncode is None else f"exit code {returncode}"
    return (
        f"The local model process ended with {code} {during} (any message it printed is "
        f"above). {USE_RULES}"
    )


def _read_replies(stream: IO[str], replies: queue.Queue) -> None:
    """The reader thread: each reply line into `replies`, then None when the pipe closes."""
    try:
        for line in stream:
            with contextlib.suppress(ValueError):
                replies.put(json.loads(line))
    except (OSError, ValueError):
        pass
    finally:
        replies.put(None)
        with contextlib.suppress(OSError, ValueError):
            stream.close()  # here, not by the stopper: closing it under a read would block


def _separate_session() -> dict[str, Any]:
    """Popen options that keep the terminal's Ctrl-C from reaching the worker directly."""
    if os.name == "posix":
        return {"start_new_session": True}
    return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}


def _shutdown(process: subprocess.Popen, polite: bool = True) -> None:
    """Stop a worker: ask it to stop (when `polite`: it is idle), then SIGTERM, then SIGKILL."""
    if polite and process.poll() is None:
        with contextlib.suppress(OSError, ValueError):
            process.stdin.write(json.dumps({"kind": "stop"}) + "\n")  # type: ignore[union-attr]
            process.stdin.flush()  # type: ignore[union-attr]
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_GRACE)
    for stop in (process.terminate, process.kill):
        if process.poll() is not None:
            break
        with contextlib.suppress(OSError):
            stop()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_GRACE)
    with contextlib.suppress(OSError, ValueError):
        if process.stdin is not None:
            process.stdin.close()


class WorkerBackend:
    """A `Backend` that runs another (picklable) backend in its own process.

    One request at a time (a lock); the process and its loaded model are kept between
    replies and restarted after a crash or a timeout."""

    def __init__(
        self, backend: Backend, timeout: float = 120.0, start_timeout: float | None = None
    ):
        self.backend = backend
        self.name = backend.name
        self.timeout = timeout
        # starting takes well under a second; allow the larger of the reply time and a minute
        self.start_timeout = start_timeout if start_timeout else max(START_TIMEOUT, timeout)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._process: subprocess.Popen | None = None
        self._replies: queue.Queue = queue.Queue()
        self._finalizer: weakref.finalize | None = None

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion:
        with self._lock:
            self._start()
            request_id = next(self._ids)
            request = {"kind": "complete", "id": request_id, "messages": list(messages)}
            self._send(
                {**request, "schema": schema, "max_tokens": max_tokens},
                "before it received the question",
            )
            payload = self._receive(request_id, self.timeout, "while writing a reply")
        return Completion.model_validate(payload)

    # ----- lifetime -------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs, else None."""
        return self._process.pid if self.alive and self._process is not None else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the worker now (it is otherwise started by the first reply)."""
        with self._lock:
            self._start()

    def close(self) -> None:
        """Stop the worker (it is also stopped at exit and when this object is collected)."""
        if self._finalizer is not None:
            self._finalizer()
        self._process, self._finalizer = None, None

    def __enter__(self) -> WorkerBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _kill(self) -> None:
        """Stop a busy worker without asking it first: SIGTERM, then SIGKILL."""
        if self._finalizer is not None and self._finalizer.detach() and self._process:
            _shutdown(self._process, polite=False)
        self.close()

    # ----- the pipes ------------------------------------------------------------------------

    def _start(self) -> None:
        if self.alive:
            return
        self.close()
        try:
            packed = base64.b64encode(pickle.dumps(self.backend)).decode("ascii")
        except Exception as err:
            raise LocalModelError(
                f"Could not start the local model process: its backend cannot be sent to it "
                f"({type(err).__name__}: {err})."
            ) from None
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", BOOTSTRAP, PACKAGE_ROOT],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                encoding="utf-8",
                **_separate_session(),
            )
        except OSError as err:
            raise LocalModelError(f"Could not start the local model process: {err}.") from None
        self._process, self._replies = process, queue.Queue()
        self._finalizer = weakref.finalize(self, _shutdown, process)
        threading.Thread(
            target=_read_replies, args=(process.stdout, self._replies), daemon=True
        ).start()
        path = [str(entry) for entry in sys.path]  # so the worker imports what we import
        self._send({"kind": "start", "path": path, "backend": packed}, "while starting")
        self._receive(0, self.start_timeout, "while starting")

    def _send(self, message: dict[str, Any], during: str) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(message) + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError):
            self._fail_dead(during)

    def _receive(self, request_id: int, timeout: float, during: str) -> Any:
        """The payload of the reply to `request_id`; LocalModelError on death, an error in
        the worker or no reply within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    reply = self._replies.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    self._kill()
                    raise LocalModelError(
                        f"The local model gave no reply within {timeout:g} s {during}; its "
                        "process was stopped. Allow more time with ASKWHY_LOCAL_TIMEOUT="
                        f"SECONDS, or use a smaller model (--model-path). {USE_RULES}"
                    ) from None
                if reply is None:
                    self._fail_dead(during)  # its stdout closed: the process has ended
                if not isinstance(reply, dict) or reply.get("id") != request_id:
                    continue  # a stale reply (cannot happen with one request at a time)
                if reply.get("kind") == "error":
                    if request_id == 0:  # it could not start: nothing to keep
                        self._kill()
                    raise LocalModelError(str(reply.get("payload")))
                return reply.get("payload")
        except BaseException as err:  # Ctrl-C while waiting: never leave a busy worker behind
            if not isinstance(err, LocalModelError):
                self._kill()
            raise

    def _fail_dead(self, during: str) -> NoReturn:
        process = self._process
        returncode = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                returncode = process.wait(STOP_GRACE)
        self.close()
        raise LocalModelError(death_message(returncode, during))
