"""What the edge marks alone say, for PAGs and for classes too large to enumerate.

`mode` is the graph's reading ("pag", or "cpdag"/"dag", where "<->" is a conflict between
directions rather than a hidden common cause).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from askwhy.core.graph import CausalGraph

if TYPE_CHECKING:
    import networkx as nx

_MAX_LOCAL_SIBLINGS = 12


def may_point(graph: CausalGraph, mode: str, a: str, b: str) -> bool:
    """Could a -> b hold in some model the graph stands for?"""
    e = graph.edge_between(a, b)
    if e is None:
        return False
    if e.kind == "--" or (mode != "pag" and e.kind == "<->"):
        return True
    return e.mark_at(a) != "arrow" and e.mark_at(b) != "tail"


def points(graph: CausalGraph, a: str, b: str) -> bool:
    """A definite a -> b edge."""
    e = graph.edge_between(a, b)
    return e is not None and e.is_directed(a, b)


def possible_digraph(graph: CausalGraph, mode: str) -> nx.DiGraph:
    """Every arrow that may hold in some model the graph stands for."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(graph.nodes)
    for e in graph.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if may_point(graph, mode, a, b):
                g.add_edge(a, b)
    return g


def visible(graph: CausalGraph, x: str, y: str) -> bool:
    """Simplified visibility of x -> y in a PAG: some z *-> x with z not adjacent to y."""
    return any(
        e.mark_at(x) == "arrow" and e.other(x) != y and not graph.adjacent(e.other(x), y)
        for e in graph.edges_of(x)
    )


def common_ancestors(g: nx.DiGraph, x: str, y: str) -> set[str]:
    """Nodes with a directed path to x avoiding y and one to y avoiding x."""
    import networkx as nx

    to_x = nx.ancestors(g.subgraph(n for n in g if n != y), x)
    to_y = nx.ancestors(g.subgraph(n for n in g if n != x), y)
    return (to_x & to_y) - {x, y}


def local_parent_sets(graph: CausalGraph, x: str) -> list[list[str]] | None:
    """Local IDA: definite parents plus each set of undirected neighbours that adds no collider.

    None when x has too many undirected neighbours to list every set.
    """
    fixed = graph.parents(x)
    siblings = [e.other(x) for e in graph.edges_of(x) if e.kind in ("--", "<->")]
    if len(siblings) > _MAX_LOCAL_SIBLINGS:
        return None
    sets = []
    for size in range(len(siblings) + 1):
        for chosen in itertools.combinations(siblings, size):
            pairs = itertools.chain(
                itertools.combinations(chosen, 2), itertools.product(chosen, fixed)
            )
            if all(graph.adjacent(a, b) for a, b in pairs):
                sets.append(sorted([*fixed, *chosen]))
    return sorted(sets)
