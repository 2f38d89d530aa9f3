"""Several processes storing into one folder: no graph lost, none overwritten, none served
under a name that holds another graph."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.errors import GraphNotFoundError
from askwhy.memory.index import read_index
from askwhy.memory.store import GraphStore

WRITERS = 4
GRAPHS_EACH = 50


def numbered(writer: int, number: int) -> CausalGraph:
    """Same provenance for every writer (so all want the same automatic name), different
    content (so a file shows which writer's graph it holds)."""
    return CausalGraph.from_edge_list(
        ["smoking", "tar", "cancer"],
        [["smoking", "tar", "->"], ["tar", "cancer", "->" if number % 2 else "--"]],
        provenance=Provenance(
            dataset="fp-shared",
            dataset_name="smoking",
            algorithm="pc",
            test="fisherz",
            alpha=0.05,
            columns=["smoking", "tar", "cancer"],
            parameters={"writer": writer, "number": number},
        ),
    )


def _write_many(directory: str, writer: int, barrier, results) -> None:
    store = GraphStore(directory)  # opened before the others write: its view goes stale
    barrier.wait()
    told = []
    for number in range(GRAPHS_EACH):
        graph = numbered(writer, number)
        told.append((store.put(graph), graph.to_json()))
    results.put(told)


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def test_four_processes_store_two_hundred_distinct_graphs(tmp_path):
    directory = tmp_path / "graphs"
    ctx = _context()
    barrier, results = ctx.Barrier(WRITERS), ctx.Queue()
    started = time.perf_counter()
    workers = [
        ctx.Process(target=_write_many, args=(str(directory), w, barrier, results))
        for w in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    told = [pair for _ in workers for pair in results.get(timeout=60)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert time.perf_counter() - started < 30

    names = [name for name, _ in told]
    assert len(told) == WRITERS * GRAPHS_EACH
    assert len(set(names)) == len(names), "a name was given twice"
    files = {p.stem for p in directory.glob("*.json") if not p.name.startswith(".")}
    assert files == set(names)
    for name, text in told:
        on_disk = CausalGraph.from_json((directory / f"{name}.json").read_text())
        assert on_disk == CausalGraph.from_json(text), f"{name} holds another writer's graph"
    assert not list(directory.glob(".*.tmp"))

    index = read_index(directory)
    assert index is not None and set(index.entries) == set(names)
    fresh = GraphStore(directory)
    assert len(fresh) == len(names)
    name, text = told[-1]
    assert fresh.get(name) == CausalGraph.from_json(text)


def test_a_long_lived_store_neither_overwrites_nor_serves_another_process_graph(tmp_path):
    session = GraphStore(tmp_path)  # e.g. a chat session, opened first
    cli = GraphStore(tmp_path)  # e.g. `askwhy ask` run meanwhile in another shell
    theirs, mine = numbered(1, 0), numbered(0, 1)

    their_name = cli.put(theirs)
    my_name = session.put(mine)
    assert their_name == "smoking-pc-fisherz-0.05" and my_name == "smoking-pc-fisherz-0.05-2"
    assert session.get(their_name) == theirs and session.get(my_name) is mine
    assert GraphStore(tmp_path).get(their_name) == theirs
    assert session.names() == [their_name, my_name]

    # An explicit name replaces on purpose, and every store then serves the new graph.
    replacement = numbered(2, 2)
    cli.put(replacement, my_name)
    assert session.get(my_name) == replacement
    assert GraphStore(tmp_path).get(my_name) == replacement


def test_a_graph_file_changed_by_hand_is_read_again(tmp_path):
    store = GraphStore(tmp_path)
    original = numbered(0, 0)
    name = store.put(original)
    assert store.get(name) is original
    edited = numbered(3, 1)
    (tmp_path / f"{name}.json").write_text(edited.to_json())  # in place, same inode
    assert store.get(name) == edited
    assert store.list()[0]["name"] == name


def test_a_graph_removed_by_another_process_is_no_longer_served(tmp_path):
    session, other = GraphStore(tmp_path), GraphStore(tmp_path)
    name = session.put(numbered(0, 0))
    assert session.get(name) is not None
    other.remove(name)
    assert name not in session and session.names() == []
    with pytest.raises(GraphNotFoundError, match="no graphs in memory yet"):
        session.get(name)
