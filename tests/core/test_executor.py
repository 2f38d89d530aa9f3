"""The executor: results in input order on every engine, progress, a deadline that stops
cleanly, errors kept or raised; backend names parsed strictly, unreachable clusters refused
fast."""

from __future__ import annotations

import socket
import time

import pytest

from askwhy.core.backends import Backend, BackendError, BackendSpec, LocalExecutor, parse_backend
from askwhy.core.executor import Executor, TaskProgress
from askwhy.core.runtime import Runtime, current, using


def _square(x: int) -> int:
    return x * x


def _late_first(x: int) -> int:
    time.sleep(0.3 if x == 0 else 0.01)  # the first task finishes last
    return -x


def _plus(shared: int, x: int) -> int:
    return shared + x


def _fails_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three is refused")
    return x


def _slow(x: int) -> int:
    time.sleep(0.05)
    return x


def test_serial_results_come_in_order_with_progress():
    seen: list[TaskProgress] = []
    found = Executor().map(
        _square, [3, 1, 2], units=[2, 1, 1], label="resamples", on_progress=seen.append
    )
    assert found.results == [9, 1, 4] and found.ran == 3 and not found.stopped
    assert [p.done for p in seen] == [2, 3, 4] and all(p.total == 4 for p in seen)
    assert seen[0].text().startswith("2/4 resamples") and seen[-1].text() == "4/4 resamples"
    assert seen[-1].eta == 0 and TaskProgress("tasks", 0, 5, 1.0).eta is None
    assert TaskProgress("tasks", 1, 5, 10.0).text() == "1/5 tasks, about 40 s left"


def test_local_processes_keep_input_order_and_send_shared_values():
    executor = LocalExecutor(2)
    found = executor.map(_late_first, list(range(6)))
    assert found.results == [0, -1, -2, -3, -4, -5] and found.backend == "local"
    assert executor.map(_plus, [1, 2, 3], shared=10).results == [11, 12, 13]


def test_errors_are_kept_or_raised():
    found = Executor().map(_fails_on_three, [1, 3, 5], on_error="keep")
    assert found.results == [1, None, 5] and found.succeeded() == [(0, 1), (2, 5)]
    assert found.errors == {1: "ValueError: three is refused"}
    with pytest.raises(ValueError, match="three"):
        Executor().map(_fails_on_three, [1, 3, 5])


def test_a_deadline_stops_submitting_and_keeps_what_ran():
    found = Executor().map(_slow, list(range(100)), deadline=time.monotonic() + 0.3)
    assert found.stopped and 2 <= found.ran < 100
    assert found.results[: found.ran] == list(range(found.ran))
    assert all(r is None for r in found.results[found.ran :])
    assert found.seconds < 1.0  # no task started that would end past the deadline (+ slack)
    passed = Executor().map(_square, [1, 2], deadline=time.monotonic() - 1)
    assert passed.stopped and passed.ran == 0


@pytest.mark.parametrize(
    ("text", "address", "env", "spec"),
    [
        (None, None, {}, BackendSpec("local")),
        ("DASK", None, {}, BackendSpec("dask")),
        ("dask://127.0.0.1:8786", None, {}, BackendSpec("dask", "127.0.0.1:8786")),
        ("dask", "10.0.0.5:8786", {}, BackendSpec("dask", "10.0.0.5:8786")),
        (None, None, {"ASKWHY_BACKEND": "ray"}, BackendSpec("ray")),
        ("ray://h:10001", None, {}, BackendSpec("ray", "ray://h:10001")),
        (
            None,
            None,
            {"ASKWHY_BACKEND": "dask", "ASKWHY_BACKEND_ADDRESS": "h:1"},
            BackendSpec("dask", "h:1"),
        ),
        ("local", None, {"ASKWHY_BACKEND": "dask://h:1"}, BackendSpec("local")),
    ],
)
def test_backend_names_and_addresses(text, address, env, spec):
    assert parse_backend(text, address, environ=env) == spec


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("spark", "Unknown backend 'spark'. Use local, dask or ray"),
        ("dask://", "has no address"),
        ("local://h:1", "The local backend takes no address"),
    ],
)
def test_bad_backends_are_clear_errors(text, message):
    with pytest.raises(BackendError, match=message):
        parse_backend(text, environ={})


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_cluster_is_refused_fast():
    port = _closed_port()
    started = time.perf_counter()
    with pytest.raises(BackendError, match=f"No Dask scheduler answers at tcp://127.0.0.1:{port}"):
        Backend(f"dask://127.0.0.1:{port}").executor(2)
    with pytest.raises(BackendError, match="needs HOST:PORT"):
        Backend("dask://nowhere").executor(2)
    assert time.perf_counter() - started < 5


def test_a_missing_engine_says_what_to_install():
    try:
        import ray  # noqa: F401
    except ImportError:
        with pytest.raises(BackendError, match=r'pip install "askwhy\[ray\]"'):
            Backend("ray").executor(2)
    else:
        pytest.skip("ray is installed here")


def test_the_runtime_is_scoped_to_the_block():
    assert current().deadline is None and current().spec == parse_backend()
    outer = Runtime(deadline=time.monotonic() + 100)
    with using(outer):
        assert current() is outer
        with using(Runtime(deadline=1.0)):
            assert current().deadline == 1.0
        assert current() is outer
        assert outer.deadline_within(1.0) < outer.deadline
        assert outer.deadline_within(1000.0) == outer.deadline
    assert current().deadline is None
    with Runtime().executor(1) as serial:
        assert type(serial) is Executor


class _FakeRay:
    """Ray's surface that askwhy uses (init, remote(...).remote(...).future(), put), run here."""

    def __init__(self):
        self.inits: list[dict] = []
        self.put_count = 0

    def init(self, **options):
        self.inits.append(options)

    def shutdown(self):
        self.inits.append({"shutdown": True})

    def cluster_resources(self):
        return {"CPU": 3.0}

    def put(self, value):
        self.put_count += 1
        return value

    def remote(self, fn):
        class Remote:
            @staticmethod
            def remote(*args):
                class Ref:
                    @staticmethod
                    def future():
                        return Executor()._submit(fn, *args)

                return Ref()

        return Remote()


def test_the_ray_adapter_connects_once_and_puts_shared_values_once(monkeypatch):
    import sys

    fake = _FakeRay()
    monkeypatch.setitem(sys.modules, "ray", fake)
    backend = Backend("ray")
    executor = backend.executor(2)
    assert executor.workers == 3 and executor.name == "ray"
    assert executor.map(_plus, [1, 2, 3], shared=10).results == [11, 12, 13]
    assert backend.executor(2) is not None and len(fake.inits) == 1  # connected once
    assert fake.put_count == 1 and fake.inits[0]["num_cpus"] == 2
    backend.close()
    assert fake.inits[-1] == {"shutdown": True}
    port = _closed_port()
    with pytest.raises(BackendError, match=f"No Ray cluster answers at ray://127.0.0.1:{port}"):
        Backend(f"ray://127.0.0.1:{port}").executor(2)


def test_something_that_is_no_dask_scheduler_is_refused_within_the_deadline(monkeypatch):
    import socket
    import threading

    from askwhy.core import backends

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    accepted: list[socket.socket] = []

    def accept_and_stay_silent() -> None:
        for _ in range(4):
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_and_stay_silent, daemon=True).start()
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", 1.0)
    port = server.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(BackendError, match="not a Dask scheduler"):
        Backend(f"dask://127.0.0.1:{port}").executor(2)
    assert time.monotonic() - started < 5
    server.close()
