"""GraphStore: naming, lookup, cache hits, export and persistence."""

from __future__ import annotations

import json

import pytest

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.errors import GraphNotFoundError, ToolArgumentError
from askwhy.memory.cache import GraphKey
from askwhy.memory.store import GraphStore, default_store_dir


def key(fingerprint, algorithm, test=None, alpha=None, columns=(), parameters=None):
    return GraphKey(
        fingerprint=fingerprint,
        algorithm=algorithm,
        test=test,
        alpha=alpha,
        columns=tuple(sorted(columns)),
        parameters=parameters or {},
    )


def learned(
    dataset_name: str = "smoking",
    algorithm: str = "pc",
    test: str | None = "fisherz",
    alpha: float | None = 0.05,
    columns: list[str] | None = None,
    fingerprint: str = "fp-1",
) -> CausalGraph:
    return CausalGraph.from_edge_list(
        ["smoking", "tar", "cancer"],
        [["smoking", "tar", "->"], ["tar", "cancer", "--"]],
        provenance=Provenance(
            dataset=fingerprint,
            dataset_name=dataset_name,
            algorithm=algorithm,
            test=test,
            alpha=alpha,
            columns=columns or ["smoking", "tar", "cancer"],
        ),
    )


def test_put_makes_readable_unique_names():
    store = GraphStore(None)
    assert store.put(learned()) == "smoking-pc-fisherz-0.05"
    assert store.put(learned()) == "smoking-pc-fisherz-0.05-2"
    assert store.put(learned()) == "smoking-pc-fisherz-0.05-3"
    assert store.put(learned(algorithm="lingam", test=None, alpha=None)) == "smoking-lingam"
    assert store.put(CausalGraph(nodes=["a"])) == "graph"
    assert len(store) == 5


def test_get_returns_the_graph_and_explicit_names_replace():
    store = GraphStore(None)
    first, second = learned(), learned(alpha=0.01)
    assert store.put(first, "mine") == "mine"
    assert store.get("mine") is first
    store.put(second, "mine")
    assert store.get("mine") is second
    assert store.names() == ["mine"]


def test_unknown_name_lists_the_existing_names():
    store = GraphStore(None)
    with pytest.raises(GraphNotFoundError, match="no graphs in memory yet"):
        store.get("anything")
    store.put(learned(), "first")
    store.put(learned(), "second")
    with pytest.raises(GraphNotFoundError, match="Graphs in memory: first, second"):
        store.get("third")


@pytest.mark.parametrize("name", ["../escape", "has space", "", ".hidden", "a/b"])
def test_names_must_be_safe_file_names(name):
    with pytest.raises(ToolArgumentError, match="cannot be a graph name"):
        GraphStore(None).put(learned(), name)


def test_list_gives_name_and_provenance_summary():
    store = GraphStore(None)
    store.put(learned())
    [entry] = store.list()
    assert entry["name"] == "smoking-pc-fisherz-0.05"
    assert entry["summary"] == "CPDAG by PC (fisherz, alpha 0.05) on smoking: 3 variables, 2 edges"


def test_find_reuses_a_graph_from_the_same_data_and_settings():
    store = GraphStore(None)
    name = store.put(learned())
    hit = store.find(key("fp-1", "pc", "fisherz", 0.05, ["cancer", "smoking", "tar"], {}))
    assert hit is not None and hit[0] == name
    assert store.find(key("fp-1", "PC", "fisherz", 0.05, ["smoking", "tar", "cancer"])) is not None
    # Anything different is a miss.
    assert store.find(key("fp-2", "pc", "fisherz", 0.05, ["smoking", "tar", "cancer"])) is None
    assert store.find(key("fp-1", "fci", "fisherz", 0.05, ["smoking", "tar", "cancer"])) is None
    assert store.find(key("fp-1", "pc", "kci", 0.05, ["smoking", "tar", "cancer"])) is None
    assert store.find(key("fp-1", "pc", "fisherz", 0.01, ["smoking", "tar", "cancer"])) is None
    assert store.find(key("fp-1", "pc", "fisherz", 0.05, ["smoking", "tar"])) is None
    assert (
        store.find(key("fp-1", "pc", "fisherz", 0.05, ["smoking", "tar", "cancer"], {"x": 1}))
        is None
    )


def test_find_returns_the_newest_match_and_none_test_matches_any():
    store = GraphStore(None)
    store.put(learned(algorithm="ges", test="bic", alpha=None))
    newer = store.put(learned(algorithm="ges", test="bic", alpha=None))
    hit = store.find(key("fp-1", "ges", None, None, ["smoking", "tar", "cancer"]))
    assert hit is not None and hit[0] == newer


def test_export_json_and_dot(tmp_path):
    store = GraphStore(None)
    graph = learned()
    name = store.put(graph)
    json_path = store.export(name, tmp_path / "g.json")
    assert CausalGraph.from_json(json_path.read_text()) == graph
    dot = store.export(name, tmp_path / "g.dot").read_text()
    assert '"smoking" -> "tar";' in dot and '"tar" -> "cancer" [dir="none"];' in dot
    with pytest.raises(ToolArgumentError, match=r"\.json or \.dot"):
        store.export(name, tmp_path / "g.png")
    with pytest.raises(ToolArgumentError, match="does not exist"):
        store.export(name, tmp_path / "missing" / "g.json")
    with pytest.raises(GraphNotFoundError):
        store.export("nope", tmp_path / "g.json")


def test_persist_and_reload(tmp_path):
    directory = tmp_path / "graphs"
    store = GraphStore(directory)
    first = store.put(learned())
    second = store.put(learned(dataset_name="other", fingerprint="fp-2"))
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [f"{first}.json", f"{second}.json"]
    )
    json.loads((directory / f"{first}.json").read_text())  # plain JSON on disk

    reloaded = GraphStore(directory)
    assert reloaded.names() == [first, second]
    assert reloaded.get(first) == store.get(first)
    assert (
        reloaded.find(key("fp-2", "pc", "fisherz", 0.05, ["smoking", "tar", "cancer"]))[0] == second
    )

    reloaded.remove(first)
    assert not (directory / f"{first}.json").exists()
    assert GraphStore(directory).names() == [second]
    with pytest.raises(GraphNotFoundError):
        reloaded.remove(first)


def test_reading_writes_nothing(tmp_path):
    directory = tmp_path / "never"
    store = GraphStore(directory)
    assert store.names() == [] and store.find(key("fp", "pc")) is None
    assert not directory.exists()
    memory_only = GraphStore(None)
    memory_only.put(learned())
    assert list(tmp_path.iterdir()) == []


def test_unreadable_files_are_skipped_with_a_warning(tmp_path):
    GraphStore(tmp_path).put(learned(), "good")
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.warns(UserWarning, match="broken.json"):
        store = GraphStore(tmp_path)
    assert store.names() == ["good"]


def test_default_store_dir_honours_askwhy_home(monkeypatch, tmp_path):
    monkeypatch.setenv("ASKWHY_HOME", str(tmp_path))
    assert default_store_dir() == tmp_path / "graphs"
    monkeypatch.delenv("ASKWHY_HOME")
    path = default_store_dir()
    assert path.name == "graphs" and path.parent.name == "askwhy"
