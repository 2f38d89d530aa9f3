"""GraphStore: naming, lookup, cache hits, export and persistence."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.errors import GraphNotFoundError, ToolArgumentError
from askwhy.memory.cache import GraphKey
from askwhy.memory.store import GraphStore, StoreWarning, default_store_dir


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


def test_unknown_name_in_a_large_store_lists_only_the_newest_names():
    store = GraphStore(None)
    for i in range(25):
        store.put(learned(), f"g{i}")
    with pytest.raises(GraphNotFoundError, match=r"Graphs in memory: g5, g6, .*g24 and 5 older"):
        store.get("nope")


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
    graph_files = [p.name for p in directory.iterdir() if not p.name.startswith(".")]
    assert sorted(graph_files) == sorted([f"{first}.json", f"{second}.json"])
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


# ----- a folder that cannot be written -------------------------------------------------------


def test_a_file_where_the_folder_should_be_keeps_graphs_in_memory(tmp_path):
    blocked = tmp_path / "graphs"
    blocked.write_text("not a folder")
    store = GraphStore(blocked)
    graph = learned()
    with pytest.warns(StoreWarning, match="is a file, not a folder"):
        name = store.put(graph)
    assert name == "smoking-pc-fisherz-0.05"
    assert store.get(name) is graph and name in store and len(store) == 1
    assert store.find(key("fp-1", "pc", "fisherz", 0.05, ["smoking", "tar", "cancer"])) == (
        name,
        graph,
    )
    [warning] = store.take_warnings()
    assert f"Graph '{name}' was not saved" in warning and "kept in memory" in warning
    assert store.take_warnings() == [] and store.last_warning == warning
    with pytest.warns(StoreWarning):
        assert store.put(learned()) == "smoking-pc-fisherz-0.05-2"
    assert blocked.read_text() == "not a folder"


def test_a_folder_without_write_permission_keeps_graphs_in_memory(tmp_path, monkeypatch):
    folder = tmp_path / "graphs"
    GraphStore(folder).put(learned(), "saved")
    store = GraphStore(folder)

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(folder / ".lock"))

    monkeypatch.setattr("askwhy.memory.folder.folder_lock", refuse)
    with pytest.warns(StoreWarning, match="no permission to write in"):
        name = store.put(learned())
    assert store.names() == ["saved", name] and store.get(name).provenance is not None
    assert sorted(p.name for p in folder.glob("[!.]*.json")) == ["saved.json"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_folder_keeps_graphs_in_memory(tmp_path):
    folder = tmp_path / "graphs"
    GraphStore(folder).put(learned(), "saved")
    folder.chmod(0o555)
    try:
        store = GraphStore(folder)
        with pytest.warns(StoreWarning, match="not saved"):
            name = store.put(learned())
        assert store.names() == ["saved", name]
    finally:
        folder.chmod(0o755)


def test_discovery_on_an_unwritable_folder_still_returns_its_graph(tmp_path):
    from askwhy.core.settings import AnalysisSettings
    from askwhy.tools.workspace import Workspace

    blocked = tmp_path / "graphs"
    blocked.write_text("")
    workspace = Workspace(GraphStore(blocked))
    dataset = workspace.load(Path(__file__).resolve().parents[2] / "examples" / "smoking.csv")
    with pytest.warns(StoreWarning):
        run = workspace.graph_for(dataset, None, AnalysisSettings())
    assert run.graph.edges and workspace.store.get(run.name) is run.graph
    again = workspace.graph_for(dataset, None, AnalysisSettings())
    assert again.reused and again.name == run.name
    assert "not saved" in workspace.store.take_warnings()[0]


# ----- temp files ----------------------------------------------------------------------------


def test_temp_files_of_killed_writers_are_removed_on_write(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    old = tmp_path / ".smoking-pc.json-abc123.tmp"
    fresh = tmp_path / ".smoking-pc.json-def456.tmp"
    old.write_text("{half")
    fresh.write_text("{half")
    two_minutes_ago = time.time() - 120
    os.utime(old, (two_minutes_ago, two_minutes_ago))
    store = GraphStore(tmp_path)
    assert store.names() == []  # temp files are never graphs
    store.put(learned())
    assert not old.exists() and fresh.exists()  # a live writer's file is left alone


# ----- prune ---------------------------------------------------------------------------------


def made_days_ago(days: float, **kwargs) -> CausalGraph:
    from datetime import datetime, timedelta, timezone

    graph = learned(**kwargs)
    graph.provenance.created = datetime.now(timezone.utc) - timedelta(days=days)
    return graph


@pytest.mark.parametrize("directory", [None, "graphs"])
def test_prune_keeps_the_newest_n(tmp_path, directory):
    store = GraphStore(tmp_path / directory if directory else None)
    for days, name in [(3, "c"), (1, "a"), (9, "old"), (2, "b")]:
        store.put(made_days_ago(days), name)
    assert store.prune(keep=2) == ["old", "c"]  # oldest first
    assert sorted(store.names()) == ["a", "b"]
    assert store.prune(keep=2) == []
    assert store.prune(keep=0) == ["b", "a"] and len(store) == 0


def test_prune_older_than_and_both_together(tmp_path):
    from datetime import timedelta

    store = GraphStore(tmp_path)
    for days, name in [(40, "ancient"), (35, "old"), (10, "recent"), (0, "new")]:
        store.put(made_days_ago(days), name)
    store.put(CausalGraph(nodes=["a"]), "no-provenance")  # its age is its file's: now
    # Both: only graphs that both choose go; the newest `keep` always stay.
    assert store.prune(older_than=timedelta(days=30), keep=5) == []
    assert store.prune(older_than=timedelta(days=30), keep=4) == ["ancient"]
    assert store.prune(older_than=timedelta(days=7)) == ["old", "recent"]
    assert sorted(GraphStore(tmp_path).names()) == ["new", "no-provenance"]  # gone from disk
    assert sorted(p.name for p in tmp_path.glob("[!.]*.json")) == ["new.json", "no-provenance.json"]


def test_prune_needs_a_rule_and_a_sane_keep():
    store = GraphStore(None)
    store.put(learned())
    with pytest.raises(ToolArgumentError, match="older_than, keep"):
        store.prune()
    with pytest.raises(ToolArgumentError, match="0 or more"):
        store.prune(keep=-1)
    assert len(store) == 1


def test_prune_on_a_folder_not_made_yet_writes_nothing(tmp_path):
    store = GraphStore(tmp_path / "never")
    assert store.prune(keep=0) == []
    assert not (tmp_path / "never").exists()


def test_prune_sees_graphs_another_process_saved(tmp_path):
    mine, theirs = GraphStore(tmp_path), GraphStore(tmp_path)
    mine.put(made_days_ago(5), "five")
    theirs.put(made_days_ago(1), "one")
    theirs.put(made_days_ago(3), "three")
    assert mine.prune(keep=1) == ["five", "three"]
    assert theirs.names() == ["one"]


# ----- automatic names say which columns -----------------------------------------------------


SMOKING = ["age", "stress", "smoking", "yellow_fingers", "tar", "lung_cancer"]


def test_auto_name_of_a_graph_over_all_columns_is_plain():
    from askwhy.memory.store import auto_name

    graph = learned(columns=list(reversed(SMOKING)))
    assert auto_name(graph, SMOKING) == "smoking-pc-fisherz-0.05"
    assert auto_name(graph) == "smoking-pc-fisherz-0.05"  # without the dataset's columns


def test_auto_name_of_a_subset_lists_its_columns_sorted():
    from askwhy.memory.store import auto_name

    graph = learned(columns=["tar", "smoking", "age"])
    assert auto_name(graph, SMOKING) == "smoking-pc-fisherz-0.05-3vars-age-smoking-tar"
    other = learned(columns=["lung_cancer", "yellow_fingers"])
    assert auto_name(other, SMOKING) == "smoking-pc-fisherz-0.05-2vars-lung_cancer-yellow_fingers"


def test_auto_name_of_many_or_odd_columns_is_capped_and_hashed():
    from askwhy.memory.store import AUTO_NAME_LENGTH, auto_name, check_name

    wide = [f"a rather long column name number {i}" for i in range(40)]
    first = auto_name(learned(dataset_name="survey " * 12, columns=wide[:30]), wide)
    second = auto_name(learned(dataset_name="survey " * 12, columns=wide[:31]), wide)
    for name in (first, second):
        assert len(name) <= AUTO_NAME_LENGTH
        check_name(name)
        check_name(f"{name}-99")  # room for the suffix that makes it unique
    assert first != second and "-30vars-" in first and "-31vars-" in second
    odd = auto_name(learned(columns=["é?", "x y", "tar"]), [*SMOKING, "é?", "x y"])
    check_name(odd)
    assert odd.startswith("smoking-pc-fisherz-0.05-3vars-") and "x_y" in odd
