"""Causal discovery recovers known graphs from seeded data."""

import numpy as np
import pandas as pd
import pytest

from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats.discovery import discover_graph
from tests.stats.seeded import collider


def _edges(result):
    return {tuple(edge) for edge in result.graph.edge_list()}


def test_pc_orients_collider_and_propagates():
    result = discover_graph(collider(), algorithm="pc")
    assert _edges(result) == {("a", "c", "->"), ("b", "c", "->"), ("c", "d", "->")}
    assert result.test == "fisherz" and result.alpha == 0.05
    provenance = result.graph.provenance
    assert provenance.algorithm == "pc" and provenance.columns == ["a", "b", "c", "d"]


def test_pc_on_subset_only_uses_those_columns():
    result = discover_graph(collider(), variables=["a", "c", "d"])
    assert result.graph.nodes == ["a", "c", "d"]
    # without b there is no v-structure: the chain a - c - d stays unoriented
    assert {frozenset(e[:2]) for e in _edges(result)} == {frozenset("ac"), frozenset("cd")}
    assert all(kind == "--" for *_, kind in _edges(result))


def test_ges_finds_same_skeleton():
    result = discover_graph(collider(), algorithm="ges")
    assert {frozenset(e[:2]) for e in _edges(result)} == {
        frozenset("ac"),
        frozenset("bc"),
        frozenset("cd"),
    }
    assert result.test == "bic" and result.alpha is None


def test_lingam_orients_non_gaussian_chain():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 2000)
    y = 1.5 * x + rng.uniform(-1, 1, 2000)
    z = -1.2 * y + rng.uniform(-1, 1, 2000)
    result = discover_graph(pd.DataFrame({"x": x, "y": y, "z": z}), algorithm="lingam")
    assert ("x", "y", "->") in _edges(result) and ("y", "z", "->") in _edges(result)
    assert not any(set(e[:2]) == {"x", "z"} for e in _edges(result))


def test_fci_returns_pag_marks():
    result = discover_graph(collider(), algorithm="fci")
    assert result.graph.kind == "pag"
    kinds = {kind for *_, kind in _edges(result)}
    assert kinds <= {"->", "--", "<->", "o->", "o-o"}
    assert ("c", "d", "->") in _edges(result)


def test_discrete_data_uses_chi_square():
    rng = np.random.default_rng(2)
    a = rng.integers(0, 3, 3000)
    b = rng.integers(0, 3, 3000)
    # c copies a or b (or is noise): dependent on both, which are independent of each other
    pick = rng.random(3000)
    c = np.where(pick < 0.4, a, np.where(pick < 0.8, b, rng.integers(0, 3, 3000)))
    kinds = {"a": "discrete", "b": "discrete", "c": "discrete"}
    result = discover_graph(pd.DataFrame({"a": a, "b": b, "c": c}), kinds=kinds)
    assert result.test == "chisq"
    assert _edges(result) == {("a", "c", "->"), ("b", "c", "->")}


def test_bad_arguments():
    data = collider()
    with pytest.raises(UnknownVariableError):
        discover_graph(data, variables=["a", "zz"])
    with pytest.raises(ToolArgumentError, match="at least two"):
        discover_graph(data, variables=["a"])
    with pytest.raises(ToolArgumentError, match="Unknown algorithm"):
        discover_graph(data, algorithm="magic")


def test_copied_column_is_reported_not_crashed():
    data = collider()
    data["a_copy"] = data["a"] * 2.0
    with pytest.raises(ToolArgumentError, match="'a' and 'a_copy' are perfectly correlated"):
        discover_graph(data)
    data = collider().assign(total=lambda d: d["a"] + d["b"])
    with pytest.raises(ToolArgumentError, match="linear combinations"):
        discover_graph(data)
