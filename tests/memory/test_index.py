"""The store's index: start-up, list and find read it instead of the graph files; it is
rebuilt when missing or out of date and survives corrupt files."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.memory import folder as folder_module
from askwhy.memory.cache import GraphKey
from askwhy.memory.index import INDEX_NAME, read_index
from askwhy.memory.store import GraphStore, StoreWarning

COLUMNS = ["smoking", "tar", "cancer"]


def graph(fingerprint: str = "fp-1", alpha: float = 0.05, name: str = "smoking") -> CausalGraph:
    return CausalGraph.from_edge_list(
        COLUMNS,
        [["smoking", "tar", "->"], ["tar", "cancer", "--"]],
        provenance=Provenance(
            dataset=fingerprint,
            dataset_name=name,
            algorithm="pc",
            test="fisherz",
            alpha=alpha,
            columns=COLUMNS,
        ),
    )


def key(fingerprint: str, alpha: float = 0.05) -> GraphKey:
    return GraphKey(
        fingerprint=fingerprint,
        algorithm="pc",
        test="fisherz",
        alpha=alpha,
        columns=tuple(sorted(COLUMNS)),
    )


def write_synthetic_store(folder, count: int) -> None:
    """`count` small graph files written as plain JSON (fast: no model per file)."""
    folder.mkdir(parents=True, exist_ok=True)
    template = json.loads(graph().to_json())
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for i in range(count):
        template["provenance"]["dataset"] = f"fp-{i}"
        template["provenance"]["dataset_name"] = f"data{i}"
        template["provenance"]["created"] = (start + timedelta(seconds=i)).isoformat()
        (folder / f"data{i}-pc-fisherz-0.05.json").write_text(json.dumps(template))


@pytest.fixture
def reads(monkeypatch):
    """Count the graph files parsed."""
    calls: list[str] = []
    real = folder_module.read_graph_file

    def counting(path):
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(folder_module, "read_graph_file", counting)
    return calls


def test_an_old_store_without_index_is_indexed_on_open(tmp_path, reads):
    write_synthetic_store(tmp_path, 3)
    store = GraphStore(tmp_path)
    assert store.names() == [f"data{i}-pc-fisherz-0.05" for i in range(3)]
    index = read_index(tmp_path)
    assert index is not None and list(index.entries) == store.names()
    row = index.entries["data1-pc-fisherz-0.05"]
    assert (row.dataset, row.algorithm, row.test, row.alpha) == ("fp-1", "pc", "fisherz", 0.05)
    assert (row.columns, row.kind, row.nodes, row.edges) == (COLUMNS, "cpdag", 3, 2)
    assert row.size == (tmp_path / "data1-pc-fisherz-0.05.json").stat().st_size

    reads.clear()
    reopened = GraphStore(tmp_path)
    assert len(reopened.list()) == 3 and reads == []  # start-up and list read only the index
    hit = reopened.find(key("fp-2"))
    assert hit is not None and hit[0] == "data2-pc-fisherz-0.05"
    assert reads == ["data2-pc-fisherz-0.05.json"]  # find reads the matching graph only


def test_files_added_or_removed_by_hand_are_noticed(tmp_path):
    store = GraphStore(tmp_path)
    kept = store.put(graph("fp-a", name="a"))
    dropped = store.put(graph("fp-b", name="b"))
    (tmp_path / f"{dropped}.json").unlink()
    (tmp_path / "by-hand.json").write_text(graph("fp-c", name="c").to_json())

    fresh = GraphStore(tmp_path)
    assert fresh.names() == [kept, "by-hand"]
    assert set(read_index(tmp_path).entries) == {kept, "by-hand"}
    # A long-lived store sees the change as well.
    assert store.names() == [kept, "by-hand"]
    assert store.find(key("fp-b")) is None and store.find(key("fp-c"))[0] == "by-hand"


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"version": 99, "graphs": []}',
        '{"version": 1}',
        '{"version": 1, "graphs": [{"bogus": 1}]}',
        '{"version": 1, "graphs": [], "skipped": {"a": [1]}}',
    ],
)
def test_a_corrupt_index_is_rebuilt(tmp_path, text):
    name = GraphStore(tmp_path).put(graph())
    (tmp_path / INDEX_NAME).write_text(text)
    assert GraphStore(tmp_path).names() == [name]
    assert list(read_index(tmp_path).entries) == [name]


def test_corrupt_graph_files_are_skipped_and_do_not_break_the_index(tmp_path, reads):
    good = GraphStore(tmp_path).put(graph())
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "wrong-shape.json").write_text('{"nodes": 3}')
    with pytest.warns(StoreWarning) as caught:
        store = GraphStore(tmp_path)
    assert sorted(reads) == ["broken.json", "wrong-shape.json"]  # each read once
    messages = sorted(str(w.message) for w in caught)
    assert "broken.json: not a causal graph: Invalid JSON" in messages[0]
    assert "wrong-shape.json: not a causal graph: Input should be a valid" in messages[1]
    assert store.names() == [good]
    index = read_index(tmp_path)
    assert list(index.entries) == [good] and set(index.skipped) == {"broken", "wrong-shape"}

    reads.clear()
    with pytest.warns(StoreWarning, match="broken.json|wrong-shape.json"):
        again = GraphStore(tmp_path)  # warned again, but not parsed again
    assert again.names() == [good] and reads == []
    assert again.put(graph()) == f"{good}-2"

    (tmp_path / "broken.json").write_text(graph("fp-fixed").to_json())  # repaired by hand
    with pytest.warns(StoreWarning, match="wrong-shape.json"):
        repaired = GraphStore(tmp_path)
    assert "broken" in repaired and "wrong-shape" not in repaired


def test_a_graph_file_that_goes_bad_after_indexing_is_skipped_by_find(tmp_path):
    store = GraphStore(tmp_path)
    older = store.put(graph())
    newer = store.put(graph())
    (tmp_path / f"{newer}.json").write_text("{truncated")
    with pytest.warns(StoreWarning, match=newer):
        hit = GraphStore(tmp_path).find(key("fp-1"))
    assert hit is not None and hit[0] == older


def test_a_read_only_folder_is_read_without_writing_an_index(tmp_path, monkeypatch):
    write_synthetic_store(tmp_path, 2)

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(folder_module, "folder_lock", refuse)
    store = GraphStore(tmp_path)
    assert len(store) == 2 and not (tmp_path / INDEX_NAME).exists()


def test_five_thousand_graphs_open_list_and_find_fast(tmp_path):
    count = 5000
    write_synthetic_store(tmp_path, count)
    started = time.perf_counter()
    GraphStore(tmp_path)  # first open: no index yet, every file is read once
    rebuild = time.perf_counter() - started

    started = time.perf_counter()
    store = GraphStore(tmp_path)
    entries = store.list()
    open_and_list = time.perf_counter() - started
    started = time.perf_counter()
    hit = store.find(key("fp-4321"))
    find = time.perf_counter() - started
    started = time.perf_counter()
    miss = store.find(key("fp-none"))
    find_miss = time.perf_counter() - started

    assert len(entries) == count and hit is not None and hit[0] == "data4321-pc-fisherz-0.05"
    assert miss is None
    print(
        f"\n{count} graphs: rebuild {rebuild:.2f} s, open+list {open_and_list * 1000:.0f} ms, "
        f"find hit {find * 1000:.1f} ms, miss {find_miss * 1000:.1f} ms"
    )
    assert open_and_list < 3.0
    assert find < 1.0 and find_miss < 1.0
