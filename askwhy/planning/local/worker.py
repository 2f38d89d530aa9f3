"""Run a local-model backend in a worker process, so a native crash cannot kill askwhy.

llama.cpp is C++: a build compiled for CPU features the machine cannot run dies with SIGILL,
a damaged model file or a llama.cpp bug with SIGSEGV or abort(). In-process, that ends the
whole `askwhy` process without a word. `WorkerBackend` wraps any picklable `Backend` (the
`LlamaBackend` in normal use, test doubles in tests), starts it in a `spawn`ed process on the
first reply and keeps it there, with the model loaded, for the next questions:

    backend = WorkerBackend(LlamaBackend(path, settings), timeout=120)
    backend.complete(messages, schema, max_tokens)   # -> Completion, as in-process
    backend.close()                                  # also at exit and when collected

Requests and replies go over a multiprocessing pipe (a socket, so whatever llama.cpp prints
cannot corrupt them). When the process dies, the reply becomes a `LocalModelError` that names
the signal and what to do about it; when no reply comes within `timeout` seconds the process
is stopped (SIGTERM, then SIGKILL) and the error says so. Either way the next reply starts a
fresh process, and askwhy itself, with its other planners, goes on working.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import signal
import threading
import time
import weakref
from multiprocessing.connection import Connection, wait
from typing import Any, NoReturn

from askwhy.errors import AskwhyError
from askwhy.planning.local.backend import (
    LLAMA_PACKAGE,
    Backend,
    Completion,
    LocalModelError,
    llama_version,
)

START_TIMEOUT = 60.0  # seconds for the worker to start and unpickle its backend
STOP_GRACE = 2.0  # seconds a worker has to exit after "stop", then after SIGTERM
USE_RULES = "askwhy itself is fine: --planner rules answers without the model."


def portable_build_command() -> str:
    """The pip command that rebuilds llama-cpp-python without -march=native."""
    version = llama_version()
    pinned = f"{LLAMA_PACKAGE}=={version}" if version else LLAMA_PACKAGE
    return f'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --force-reinstall --no-cache-dir {pinned}'


def _signal_advice() -> dict[str, tuple[str, str]]:
    """Per signal name: what it means and what to do (signals this platform has)."""
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


def death_message(exitcode: int | None, during: str) -> str:
    """What to tell the user when the worker process ended (`during` what it was doing)."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        meaning, advice = _signal_advice().get(name, ("a native crash", "llama.cpp crashed"))
        return (
            f"The local model process died with {name} ({meaning}) {during}: {advice}. " + USE_RULES
        )
    code = "an unknown status" if exitcode is None else f"exit code {exitcode}"
    return (
        f"The local model process ended with {code} {during} (any message it printed is "
        f"above). {USE_RULES}"
    )


def serve(conn: Connection, backend: Backend) -> None:
    """The worker's loop: answer ("complete", id, messages, schema, max_tokens) requests with
    ("ok", id, completion) or ("error", id, message) until "stop" or the pipe closes."""
    with contextlib.suppress(ValueError, OSError):  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn.send(("ready", 0, None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request[0] != "complete":
            return
        _, request_id, messages, schema, max_tokens = request
        try:
            completion = backend.complete(messages, schema, max_tokens)
            reply: tuple[str, int, Any] = ("ok", request_id, completion.model_dump())
        except AskwhyError as err:
            reply = ("error", request_id, str(err))
        except Exception as err:  # a Python error in the backend: the worker stays up
            reply = ("error", request_id, f"the local model failed: {type(err).__name__}: {err}")
        conn.send(reply)


def _shutdown(process: Any, conn: Connection, polite: bool = True) -> None:
    """Stop a worker: ask it to stop (when `polite`: it is idle), then SIGTERM, then SIGKILL;
    close the pipe."""
    try:
        if polite and process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                conn.send(("stop",))
            process.join(STOP_GRACE)
        if process.is_alive():
            process.terminate()
            process.join(STOP_GRACE)
        if process.is_alive():
            process.kill()
            process.join(STOP_GRACE)
    finally:
        conn.close()
        with contextlib.suppress(ValueError):  # still running: leave it to the OS
            process.close()


class WorkerBackend:
    """A `Backend` that runs another (picklable) backend in its own process.

    One request at a time (a lock); the process and its loaded model are kept between
    replies and restarted after a crash or a timeout."""

    def __init__(
        self, backend: Backend, timeout: float = 120.0, start_timeout: float = START_TIMEOUT
    ):
        self.backend = backend
        self.name = backend.name
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._process: Any = None
        self._conn: Connection | None = None
        self._finalizer: weakref.finalize | None = None

    # ----- the Backend protocol -----------------------------------------------------------

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> Completion:
        with self._lock:
            self._start()
            request_id = next(self._ids)
            self._send(("complete", request_id, list(messages), schema, max_tokens))
            payload = self._receive(request_id, self.timeout, "while writing a reply")
        return Completion.model_validate(payload)

    # ----- lifetime -------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs, else None."""
        return self._process.pid if self.alive else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the worker now (it is otherwise started by the first reply)."""
        with self._lock:
            self._start()

    def close(self) -> None:
        """Stop the worker (it is also stopped at exit and when this object is collected)."""
        if self._finalizer is not None:
            self._finalizer()
        self._process, self._conn, self._finalizer = None, None, None

    def _kill(self) -> None:
        """Stop a busy worker without asking it first: SIGTERM, then SIGKILL."""
        if self._finalizer is not None and self._finalizer.detach():
            _shutdown(self._process, self._conn, polite=False)
        self.close()

    def __enter__(self) -> WorkerBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- the pipe -------------------------------------------------------------------------

    def _start(self) -> None:
        if self.alive:
            return
        self.close()
        context = multiprocessing.get_context("spawn")  # no fork: no copied threads or locks
        parent, child = context.Pipe(duplex=True)
        process = context.Process(
            target=serve, args=(child, self.backend), name="askwhy-local-model", daemon=True
        )
        try:
            process.start()
        except Exception as err:  # e.g. the backend cannot be pickled
            parent.close()
            raise LocalModelError(f"Could not start the local model process: {err}.") from None
        finally:
            child.close()  # only the worker holds it now, so its death closes the pipe
        self._process, self._conn = process, parent
        self._finalizer = weakref.finalize(self, _shutdown, process, parent)
        self._receive(0, self.start_timeout, "while starting")

    def _send(self, message: tuple) -> None:
        assert self._conn is not None
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            self._fail_dead("before it received the question")

    def _receive(self, request_id: int, timeout: float, during: str) -> Any:
        """The payload of the reply to `request_id`; LocalModelError on death, an error in
        the worker or no reply within `timeout` seconds."""
        assert self._conn is not None and self._process is not None
        deadline = time.monotonic() + timeout
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._kill()
                    raise LocalModelError(
                        f"The local model gave no reply within {timeout:g} s {during}; its "
                        "process was stopped. Allow more time with ASKWHY_LOCAL_TIMEOUT="
                        f"SECONDS, or use a smaller model (--model-path). {USE_RULES}"
                    )
                ready = wait([self._conn, self._process.sentinel], remaining)
                if self._conn not in ready:
                    if ready:  # only the sentinel: the process has ended
                        self._fail_dead(during)
                    continue
                try:
                    kind, reply_id, payload = self._conn.recv()
                except (EOFError, OSError):
                    self._fail_dead(during)  # the pipe closed: the process has ended
                if reply_id != request_id:
                    continue  # a stale reply (cannot happen with one request at a time)
                if kind == "error":
                    raise LocalModelError(payload)
                return payload
        except BaseException as err:  # Ctrl-C while waiting: never leave a busy worker behind
            if not isinstance(err, LocalModelError):
                self._kill()
            raise

    def _fail_dead(self, during: str) -> NoReturn:
        process = self._process
        process.join(STOP_GRACE)
        exitcode = process.exitcode
        self.close()
        raise LocalModelError(death_message(exitcode, during))
