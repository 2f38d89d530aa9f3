"""Bootstrap stability: frequencies in [0, 1], one result per seed whether serial or parallel,
a time budget that stops early and says so, and graphs cached with B in the key."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from askwhy.core.graph import CausalGraph
from askwhy.core.settings import AnalysisSettings
from askwhy.errors import DataError
from askwhy.memory.cache import GraphKey, discovery_parameters
from askwhy.memory.store import GraphStore
from askwhy.session import Session
from askwhy.stats import discovery
from askwhy.stats.bootstrap import (
    bootstrap_edges,
    edge_key,
    graph_keys,
    run_text,
    stability_note,
)
from askwhy.stats.discovery import discover_graph
from askwhy.testing import cases
from askwhy.tools.workspace import Workspace


@pytest.fixture(scope="module")
def chain() -> pd.DataFrame:
    return cases.chain(400, seed=3).data  # A -> B -> C


def _search():
    return partial(discovery._search_graph, algorithm="pc", test="fisherz", alpha=0.05)


def test_keys_name_each_edge_and_its_adjacency():
    graph = CausalGraph.from_edge_list(
        ["a", "b", "c"], [("b", "a", "->"), ("c", "b", "--")], kind="cpdag"
    )
    assert graph_keys(graph) == {"b|a|->", "a|b|adjacent", "b|c|--", "b|c|adjacent"}
    assert edge_key("z", "y", "<->") == "y|z|<->" and edge_key("z", "y", "o->") == "z|y|o->"


def test_frequencies_are_shares_of_the_resamples(chain):
    result = discover_graph(chain, bootstrap=12)
    graph = result.graph
    run = graph.provenance.bootstrap
    assert run.requested == 12 and run.resamples + run.failed == 12 and not run.stopped_early
    assert graph.edge_frequency and all(0 <= f <= 1 for f in graph.edge_frequency.values())
    for e in graph.edges:  # the graph's own adjacencies come back in most resamples
        assert graph.edge_frequency[edge_key(e.source, e.target, "adjacent")] > 0.5
    # an orientation is never more frequent than its adjacency
    for key, share in graph.edge_frequency.items():
        a, b, kind = key.split("|")
        assert share <= graph.edge_frequency[edge_key(a, b, "adjacent")] + 1e-9
    assert "Bootstrap: 12 resamples in" in result.summary
    assert graph.provenance.parameters == {"colliders": "maxp", "seed": 0, "bootstrap": 12}


def test_one_result_per_seed(chain):
    first = bootstrap_edges(_search(), chain, 10, seed=7, n_jobs=1)
    again = bootstrap_edges(_search(), chain, 10, seed=7, n_jobs=1)
    assert first.frequency == again.frequency and first.run.seed == 7


def test_parallel_equals_serial(chain):
    serial = bootstrap_edges(_search(), chain, 8, seed=1, n_jobs=1)
    parallel = bootstrap_edges(_search(), chain, 8, seed=1, n_jobs=2, parallel_after=0)
    assert parallel.frequency == serial.frequency
    assert parallel.run.resamples == serial.run.resamples == 8


def _fails_on_small_means(data: pd.DataFrame) -> CausalGraph:
    if data["A"].mean() < 0:
        raise DataError("this resample is refused")
    return discovery._search_graph(data, algorithm="pc", test="fisherz", alpha=0.05)


def test_failed_resamples_are_not_counted(chain):
    found = bootstrap_edges(_fails_on_small_means, chain, 10, seed=0, n_jobs=1)
    assert found.run.failed > 0 and found.run.resamples + found.run.failed == 10
    assert "failed and were not counted" in run_text(found.run)


def test_the_time_budget_stops_early_and_says_so(chain):
    found = bootstrap_edges(_search(), chain, 50, n_jobs=1, budget_seconds=0.0)
    assert found.run.stopped_early and found.run.resamples < 50
    assert "the time budget stopped it" in run_text(found.run)


def test_the_answer_says_how_sure_it_is(chain):
    graph = discover_graph(chain, bootstrap=10).graph
    note = stability_note(graph, ["A", "B"], directed=("A", "B"))
    assert note.startswith("Bootstrap (10 resamples in ")
    assert "the edge A -> B appears in " in note and " of 10 resamples" in note
    assert stability_note(discover_graph(chain).graph, ["A", "B"]) == ""


def test_frequencies_survive_the_graph_memory(chain, tmp_path):
    graph = discover_graph(chain, bootstrap=6, fingerprint="f").graph
    name = GraphStore(tmp_path).put(graph)
    again = GraphStore(tmp_path).get(name)
    assert again.edge_frequency == graph.edge_frequency
    assert again.provenance.bootstrap == graph.provenance.bootstrap


def test_the_cache_key_holds_the_bootstrap_size(chain):
    pc = AnalysisSettings(algorithm="pc", bootstrap=20)
    key = GraphKey.for_discovery("f", ["A", "B", "C"], pc, "fisherz")
    assert key.parameters == {"colliders": "maxp", "seed": 0, "bootstrap": 20}
    assert discovery_parameters(AnalysisSettings(algorithm="pc")) == {"colliders": "maxp"}
    workspace = Workspace(GraphStore(None))
    dataset = Session(persist=False).add_frame(chain, name="chain")
    first = workspace.graph_for(dataset, None, AnalysisSettings(bootstrap=5))
    assert not first.reused and first.graph.provenance.bootstrap.requested == 5
    assert workspace.graph_for(dataset, None, AnalysisSettings(bootstrap=5)).reused
    assert not workspace.graph_for(dataset, None, AnalysisSettings(bootstrap=6)).reused
    plain = workspace.graph_for(dataset, None, AnalysisSettings())
    assert not plain.reused and plain.graph.provenance.bootstrap is None
    assert workspace.graph_for(dataset, None, AnalysisSettings(bootstrap=5)).name == first.name
