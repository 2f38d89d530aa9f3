"""Designated-variable questions and pair direction, over the equivalence class."""

from __future__ import annotations

import pytest

from askwhy.core.graph import CausalGraph
from askwhy.errors import ToolArgumentError
from askwhy.stats.roles import direction, role_of


def graph(*edges: tuple[str, str, str]) -> CausalGraph:
    nodes = list(dict.fromkeys(n for a, b, _ in edges for n in (a, b)))
    return CausalGraph.from_edge_list(nodes, list(edges))


SMOKING = graph(
    ("age", "smoking", "->"),
    ("smoking", "tar", "->"),
    ("tar", "cancer", "->"),
    ("smoking", "fingers", "->"),
)


def test_designated_confounder_checks_that_variable():
    assert role_of(SMOKING, "confounder", "smoking", "fingers", "cancer")[0] == "yes"
    # tar is a mediator, not a common cause of fingers and cancer
    assert role_of(SMOKING, "confounder", "tar", "fingers", "cancer")[0] == "no"
    assert role_of(SMOKING, "mediator", "tar", "smoking", "cancer")[0] == "yes"
    assert role_of(SMOKING, "mediator", "fingers", "smoking", "cancer")[0] == "no"


def test_collider_needs_both_arrows_into_z():
    g = graph(("a", "c", "->"), ("b", "c", "->"), ("c", "d", "->"))
    assert role_of(g, "collider", "c", "a", "b")[0] == "yes"
    assert role_of(g, "collider", "d", "a", "b")[0] == "no"


def test_undirected_chain_is_uncertain():
    # a - b - c (a CPDAG): b is a mediator in some DAGs (a->b->c), a common cause in one
    g = graph(("a", "b", "--"), ("b", "c", "--"))
    answer, reason, n_dags = role_of(g, "mediator", "b", "a", "c")
    assert answer == "uncertain" and n_dags == 3 and "not in all" in reason
    assert role_of(g, "confounder", "b", "a", "c")[0] == "uncertain"


def test_direction_over_the_class():
    assert direction(SMOKING, "smoking", "cancer")[0] == "x_to_y"
    assert direction(SMOKING, "cancer", "age")[0] == "y_to_x"
    assert direction(SMOKING, "fingers", "tar")[0] == "none"
    assert direction(graph(("a", "b", "--")), "a", "b")[0] == "uncertain"


def test_bad_roles_are_clear_errors():
    with pytest.raises(ToolArgumentError, match="three different"):
        role_of(SMOKING, "mediator", "tar", "tar", "cancer")
