"""Where independent tasks run: this process, local processes, or an existing cluster.

A backend is named by `--backend` or the environment variable ASKWHY_BACKEND:

    local                     joblib's loky worker processes on this machine (the default)
    dask                      a Dask LocalCluster started on 127.0.0.1 for this process
    dask://HOST:PORT          the Dask distributed scheduler at that address (tcp)
    ray / ray://HOST:PORT     Ray: a local instance, or an existing cluster (Ray Client)

ASKWHY_BACKEND_ADDRESS gives the address separately. The choice is about where work runs,
never what it computes: results are the same on every backend, and it is no analysis setting
(graph-cache keys do not hold it). Connecting waits at most CONNECT_TIMEOUT seconds, so an
unreachable address is a clear error, never a hang. Dask and Ray are optional extras
(`pip install "askwhy[dask]"` / `"askwhy[ray]"`), imported only when used; the workers must
be able to import askwhy (and read the CSVs, for evaluation runs).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from askwhy.core.executor import Executor
from askwhy.errors import AskwhyError

BACKENDS = ("local", "dask", "ray")
ENV_BACKEND = "ASKWHY_BACKEND"
ENV_ADDRESS = "ASKWHY_BACKEND_ADDRESS"
CONNECT_TIMEOUT = 10.0
_EXTRAS = {"dask": "dask", "ray": "ray"}
# the thread pools of numerical libraries (the variables joblib.Parallel sets for its workers)
THREAD_LIMITS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


class BackendError(AskwhyError):
    """A backend that is unknown, not installed, or cannot be reached."""


@dataclass(frozen=True)
class BackendSpec:
    """A backend by name, with the address of an existing cluster (None: start one here)."""

    name: str = "local"
    address: str | None = None

    def describe(self) -> str:
        return f"{self.name} at {self.address}" if self.address else self.name


def parse_backend(
    text: str | None = None,
    address: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> BackendSpec:
    """The backend `text` names ('local', 'dask', 'dask://127.0.0.1:8786', 'ray', ...);
    without it ASKWHY_BACKEND, else local. `address` (else ASKWHY_BACKEND_ADDRESS) is the
    cluster's address when the name carries none."""
    env = os.environ if environ is None else environ
    given = (text if text is not None else env.get(ENV_BACKEND, "")).strip() or "local"
    name, sep, rest = given.partition("://")
    name = name.lower()
    if name not in BACKENDS:
        raise BackendError(
            f"Unknown backend '{given}'. Use local, dask or ray, optionally with a cluster "
            "address: dask://HOST:PORT or ray://HOST:PORT (also via ASKWHY_BACKEND)."
        )
    found = rest.strip() if sep else (address or env.get(ENV_ADDRESS, "")).strip()
    if name == "local":
        if found:
            raise BackendError(
                f"The local backend takes no address (got '{found}'); use dask://{found} or "
                f"ray://{found} for a cluster."
            )
        return BackendSpec("local")
    if sep and not found:
        raise BackendError(
            f"Backend '{given}' has no address after '://'; e.g. {name}://HOST:PORT."
        )
    if name == "ray" and sep:  # Ray Client addresses keep their scheme: ray://HOST:PORT
        found = f"ray://{found}"
    return BackendSpec(name, found or None)


class LocalExecutor(Executor):
    """joblib's loky processes on this machine (reused between runs, as joblib does), each
    with its share of the cores for BLAS / OpenMP threads, as joblib.Parallel sets them:
    without the limit, two processes of two spinning BLAS threads each on two cores run
    small matrix work several times slower."""

    name = "local"
    per_worker = 2

    def __init__(self, workers: int):
        self.workers = max(1, workers)

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        from joblib import cpu_count
        from joblib.externals.loky import get_reusable_executor

        share = str(max(cpu_count() // self.workers, 1))
        env = {name: os.environ.get(name, share) for name in THREAD_LIMITS}
        return get_reusable_executor(max_workers=self.workers, env=env).submit(fn, *args)


class DaskExecutor(Executor):
    """Tasks on a Dask distributed cluster; a shared value is scattered to the workers once."""

    name = "dask"
    per_worker = 2

    def __init__(self, client: Any):
        self._client = client
        self._pool = client.get_executor(pure=False)
        self.workers = max(1, sum(client.nthreads().values()))

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        return self._pool.submit(fn, *args)

    def _share(self, value: Any) -> Any:
        return self._client.scatter([value], broadcast=True, hash=False)[0]


class RayExecutor(Executor):
    """Tasks on Ray; a shared value is put in Ray's object store once."""

    name = "ray"
    per_worker = 2

    def __init__(self, ray: Any):
        self._ray = ray
        self._remote: dict[int, Any] = {}
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        remote = self._remote.get(id(fn))
        if remote is None:
            remote = self._remote[id(fn)] = self._ray.remote(fn)
        return remote.remote(*args).future()

    def _share(self, value: Any) -> Any:
        return self._ray.put(value)


class Backend:
    """One backend for a session: connects on first use, keeps the connection, `close()`s
    it (and any cluster it started)."""

    def __init__(self, spec: BackendSpec | str | None = None):
        self.spec = spec if isinstance(spec, BackendSpec) else parse_backend(spec)
        self._client: Any = None
        self._cluster: Any = None
        self._ray: Any = None

    @property
    def distributed(self) -> bool:
        return self.spec.name != "local"

    def executor(self, workers: int) -> Executor:
        """Where to run: `workers` local processes (1: this process) for the local backend,
        else the cluster, with as many tasks at a time as it has worker threads."""
        if self.spec.name == "dask":
            return DaskExecutor(self._dask(workers))
        if self.spec.name == "ray":
            return RayExecutor(self._ray_module(workers))
        return LocalExecutor(workers) if workers > 1 else Executor()

    def close(self) -> None:
        for thing in (self._client, self._cluster):
            if thing is not None:
                thing.close()
        self._client = self._cluster = None
        if self._ray is not None:
            self._ray.shutdown()
            self._ray = None

    def _dask(self, workers: int) -> Any:
        if self._client is not None:
            return self._client
        distributed = _require("dask", "distributed")
        address = self.spec.address
        if address is None:
            import logging

            self._cluster = distributed.LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = distributed.Client(self._cluster, set_as_default=False)
            return self._client
        address = address if "://" in address else f"tcp://{address}"
        _check_reachable(address, "Dask scheduler", "dask scheduler --host 127.0.0.1")
        self._client = _dask_client(distributed, address)
        return self._client

    def _ray_module(self, workers: int) -> Any:
        if self._ray is not None:
            return self._ray
        ray = _require("ray", "ray")
        address = self.spec.address
        if address and address != "auto":
            _check_reachable(address, "Ray cluster", "ray start --head")
        options: dict[str, Any] = {"ignore_reinit_error": True, "log_to_driver": False}
        if address:
            options["address"] = address
        else:
            options.update(num_cpus=max(1, workers), include_dashboard=False)
        try:
            ray.init(**options)
        except (ConnectionError, OSError, RuntimeError, TimeoutError) as err:
            raise BackendError(f"Could not start or reach Ray ({err}).") from None
        self._ray = ray
        return ray


def _require(name: str, module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise BackendError(
            f"The {name} backend needs {name}, which is not installed: "
            f'pip install "askwhy[{_EXTRAS[name]}]" (or use --backend local).'
        ) from None


def _check_reachable(address: str, what: str, start: str) -> None:
    """A TCP connection to the address's host and port within CONNECT_TIMEOUT, or a clear
    error (so that a wrong address never leaves the client retrying for minutes)."""
    rest = address.split("://", 1)[-1].rsplit("/", 1)[0]
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise BackendError(f"The {what} address '{address}' needs HOST:PORT, e.g. 127.0.0.1:8786.")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as err:
        raise BackendError(
            f"No {what} answers at {address} ({err.strerror or err}). Start one (e.g. "
            f"`{start}`), fix the address (--backend or {ENV_BACKEND}), or use --backend local."
        ) from None


def _dask_client(distributed: Any, address: str) -> Any:
    """A Client of the Dask scheduler at `address` that has answered a question about its
    workers, within 2 x CONNECT_TIMEOUT; else BackendError. Something else listening there
    (a web server, another protocol) can make the handshake hang or read nonsense: the
    connection is made in a daemon thread and given up on at the deadline."""
    import threading

    done: dict[str, Any] = {}

    def connect() -> None:
        try:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            client.scheduler_info()  # a real scheduler answers this at once
            done["client"] = client
        except BaseException as err:  # noqa: BLE001 - MemoryError from a garbage length too
            done["error"] = err

    thread = threading.Thread(target=connect, name="askwhy-dask-connect", daemon=True)
    thread.start()
    thread.join(2 * CONNECT_TIMEOUT)
    if "client" in done:
        return done["client"]
    why = f"{type(done['error']).__name__}" if "error" in done else "no answer"
    raise BackendError(
        f"Could not connect to a Dask scheduler at {address} within {2 * CONNECT_TIMEOUT:g} s "
        f"({why}); something answers there, but not a Dask scheduler. Check the address "
        "(a scheduler listens on port 8786 by default), or use --backend local."
    )
