"""Bootstrap on a Dask cluster started here on 127.0.0.1: the same frequencies as serially,
the tasks really ran on the cluster, the backend leaves the graph-cache key alone, and a
deadline stops the resamples cleanly with what they found, said in the answer."""

from __future__ import annotations

import logging
import time
from functools import partial

import pandas as pd
import pytest

from askwhy.core.backends import Backend
from askwhy.core.runtime import Runtime
from askwhy.memory.store import GraphStore
from askwhy.session import Session
from askwhy.stats import discovery
from askwhy.stats.bootstrap import bootstrap_edges
from askwhy.testing import cases

distributed = pytest.importorskip(
    "distributed", reason='the Dask backend tests need dask[distributed] (pip install -e ".[dev]")'
)


@pytest.fixture(scope="module")
def cluster():
    """One worker with two threads in this process, reached over tcp on 127.0.0.1."""
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def chain() -> pd.DataFrame:
    return cases.chain(400, seed=3).data  # A -> B -> C


def _search():
    return partial(discovery._search_graph, algorithm="pc", test="fisherz", alpha=0.05)


def _ran_on(cluster) -> int:
    """How many tasks of the executor's the scheduler has seen."""
    prefix = cluster.scheduler.task_prefixes.get("timed")  # askwhy.core.executor._timed
    return 0 if prefix is None else prefix.state_counts["memory"]


def test_dask_equals_serial(cluster, chain):
    serial = bootstrap_edges(_search(), chain, 12, seed=4, n_jobs=1)
    backend = Backend(f"dask://{cluster.scheduler_address.removeprefix('tcp://')}")
    seen = []
    before = _ran_on(cluster)
    try:
        runtime = Runtime(backend=backend, on_progress=seen.append)
        on_dask = bootstrap_edges(_search(), chain, 12, seed=4, runtime=runtime)
    finally:
        backend.close()
    assert _ran_on(cluster) > before  # an existing cluster is used even for fast searches
    assert on_dask.frequency == serial.frequency
    assert on_dask.run.resamples == serial.run.resamples == 12 and not on_dask.run.stopped_early
    assert seen[-1].done == seen[-1].total == 12 and seen[-1].label == "resamples"
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_a_session_on_dask_answers_like_a_local_one_and_shares_its_cache(cluster, chain):
    store = GraphStore(None)
    backend = Backend(f"dask://{cluster.scheduler_address}")
    on_dask = Session(store=store, backend=backend)
    on_dask.add_frame(chain, name="chain")
    before = _ran_on(cluster)
    first = on_dask.call("discover_graph", bootstrap=10)
    on_dask.close()
    assert _ran_on(cluster) > before
    local = Session(persist=False, backend="local")
    local.add_frame(chain, name="chain")
    alone = local.call("discover_graph", bootstrap=10)
    frequency = store.get(first.graph_name).edge_frequency
    assert frequency and frequency == local.store.get(alone.graph_name).edge_frequency
    shared = Session(store=store, backend="local")
    shared.add_frame(chain, name="chain")
    again = shared.call("discover_graph", bootstrap=10)  # the same key: the backend is not in it
    assert again.graph_name == first.graph_name and "reused" in again.summary.lower()


def test_a_deadline_stops_the_resamples_and_the_answer_says_so():
    session = Session(persist=False, defaults={"bootstrap": 1000}, backend="local")
    session.add_frame(cases.seven_node().data, name="seven")
    session.deadline = time.monotonic() + 0.3
    answer = session.ask("Draw the causal graph")
    graph = session.store.get(answer.graph.name)
    run = graph.provenance.bootstrap
    assert run.stopped_early and 1 <= run.resamples < 1000
    told = " ".join([answer.explanation, *answer.notes, *(s.summary for s in answer.trace)])
    assert "the time budget stopped it after" in told and "of the 1000 asked for" in told


def test_a_bootstrap_cut_short_is_not_reused_as_a_complete_one():
    session = Session(persist=False, defaults={"bootstrap": 60}, backend="local")
    session.add_frame(cases.seven_node().data, name="seven")
    session.deadline = time.monotonic() + 0.01  # the first resample runs, then the budget ends
    first = session.ask("Draw the causal graph")
    assert session.store.get(first.graph.name).provenance.bootstrap.stopped_early
    session.deadline = None
    again = session.call("discover_graph", bootstrap=60)
    run = session.store.get(again.graph_name).provenance.bootstrap
    assert "reused" not in again.summary.lower()
    assert not run.stopped_early and run.resamples + run.failed == 60
