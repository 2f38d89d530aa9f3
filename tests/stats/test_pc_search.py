"""PC with the MaxP collider rule, and its deterministic test budget."""

from __future__ import annotations

import numpy as np
import pandas as pd

from askwhy.core.graph import CausalGraph
from askwhy.stats import pc_search
from askwhy.stats.checks import standardized
from askwhy.stats.discovery import discover_graph
from askwhy.testing import cases


def _values(frame: pd.DataFrame) -> np.ndarray:
    return standardized(frame.to_numpy(float), list(frame.columns))


def test_maxp_orients_a_collider_and_leaves_a_chain_open():
    collider = cases.collider(2000, seed=1).data  # A -> B <- C
    found, rule = pc_search.run_pc(_values(collider), ["A", "B", "C"], "fisherz", 0.05)
    graph = CausalGraph.from_causallearn(found.G, ["A", "B", "C"], kind="cpdag")
    assert rule == "maxp"
    assert sorted(graph.edge_list()) == [["A", "B", "->"], ["C", "B", "->"]]
    chain = cases.chain(2000, seed=1).data  # A -> B -> C: no collider, nothing oriented
    found, rule = pc_search.run_pc(_values(chain), ["A", "B", "C"], "fisherz", 0.05)
    graph = CausalGraph.from_causallearn(found.G, ["A", "B", "C"], kind="cpdag")
    assert rule == "maxp" and {kind for _, _, kind in graph.edge_list()} == {"--"}


def test_the_budget_counts_subsets_of_both_neighbourhoods_and_falls_back(monkeypatch):
    from causallearn.utils.cit import CIT
    from causallearn.utils.PCUtils import SkeletonDiscovery

    values = _values(cases.collider(2000, seed=1).data)
    skeleton = SkeletonDiscovery.skeleton_discovery(
        values, 0.05, CIT(values, "fisherz"), True, show_progress=False
    )
    assert pc_search.maxp_tests(skeleton) == 2 + 2  # the pair (A, C): subsets of {B} twice
    monkeypatch.setattr(pc_search, "MAXP_TESTS_FAST", 3)
    found, rule = pc_search.run_pc(values, ["A", "B", "C"], "fisherz", 0.05)
    assert rule == "sepset"  # too many tests: PC's usual rule, same collider here
    graph = CausalGraph.from_causallearn(found.G, ["A", "B", "C"], kind="cpdag")
    assert sorted(graph.edge_list()) == [["A", "B", "->"], ["C", "B", "->"]]


def test_discovery_uses_it_with_askwhys_own_tests():
    data = cases.collider(600, seed=2).data
    graph = discover_graph(data, algorithm="pc", test="rank_fisherz").graph
    assert sorted(graph.edge_list()) == [["A", "B", "->"], ["C", "B", "->"]]
