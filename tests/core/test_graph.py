"""CausalGraph: validation, structure helpers and conversions."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from askwhy.core.graph import CausalGraph, Edge, Provenance
from askwhy.errors import UnknownVariableError


def pag() -> CausalGraph:
    return CausalGraph.from_edge_list(
        ["A", "B", "C", "D", "E"],
        [
            ["A", "C", "o->"],
            ["B", "C", "o->"],
            ["C", "D", "->"],
            ["A", "E", "<->"],
            ["D", "E", "o-o"],
        ],
        kind="pag",
    )


def cpdag() -> CausalGraph:
    return CausalGraph.from_edge_list(
        ["A", "B", "C", "D"], [["A", "B", "--"], ["B", "C", "->"], ["D", "C", "->"]]
    )


# ----- validation and structure -----------------------------------------------------------


def test_edge_list_round_trip():
    edges = [["A", "B", "--"], ["B", "C", "->"], ["D", "C", "->"]]
    g = CausalGraph.from_edge_list(["A", "B", "C", "D"], edges, kind="cpdag")
    assert g.edge_list() == edges
    assert g.kind == "cpdag"


@pytest.mark.parametrize(
    "nodes, edges, message",
    [
        (["A", "B"], [["A", "X", "->"]], "'X', which is not a node"),
        (["A", "B"], [["A", "B", "->"], ["B", "A", "--"]], "More than one edge"),
        (["A", "B"], [["A", "A", "->"]], "itself"),
        (["A", "A"], [], "unique"),
    ],
)
def test_invalid_graphs_raise_value_error(nodes, edges, message):
    with pytest.raises(ValueError, match=message):
        CausalGraph.from_edge_list(nodes, edges)


def test_unknown_edge_kind_is_rejected():
    with pytest.raises(ValueError):
        CausalGraph.from_edge_list(["A", "B"], [["A", "B", "=>"]])


def test_edge_between_works_in_either_direction():
    g = cpdag()
    assert g.edge_between("C", "B") == Edge(source="B", target="C", kind="->")
    assert g.adjacent("B", "A") and g.adjacent("A", "B")
    assert g.edge_between("A", "C") is None
    assert not g.adjacent("A", "D")


def test_parents_children_neighbors_by_mark():
    g = cpdag()
    assert sorted(g.parents("C")) == ["B", "D"]
    assert g.children("B") == ["C"]
    assert g.neighbors("B") == ["A"]
    assert g.parents("B") == []  # A -- B is not a parent
    p = pag()
    assert p.parents("C") == []  # o-> is not a definite parent
    assert p.children("C") == ["D"]
    assert sorted(p.adjacencies("C")) == ["A", "B", "D"]


def test_unknown_node_names_suggest_close_ones():
    with pytest.raises(UnknownVariableError, match="Did you mean: B"):
        cpdag().parents("b")


def test_edge_marks():
    e = Edge(source="A", target="C", kind="o->")
    assert e.mark_at("A") == "circle"
    assert e.mark_at("C") == "arrow"
    assert e.other("A") == "C"


def test_is_dag_and_directed_part():
    dag = CausalGraph.from_edge_list(list("ABC"), [["A", "B", "->"], ["B", "C", "->"]], kind="dag")
    assert dag.is_dag()
    assert not cpdag().is_dag()
    cycle = CausalGraph.from_edge_list(
        list("ABC"), [["A", "B", "->"], ["B", "C", "->"], ["C", "A", "->"]]
    )
    assert not cycle.is_dag()
    part = cpdag().directed_part()
    assert set(part.nodes) == {"A", "B", "C", "D"}
    assert set(part.edges) == {("B", "C"), ("D", "C")}


# ----- JSON, networkx, DOT ------------------------------------------------------------------


def test_json_round_trip_keeps_marks_and_provenance():
    g = pag()
    g.provenance = Provenance(
        dataset="abc123", dataset_name="smoking", algorithm="fci", test="fisherz", alpha=0.01
    )
    back = CausalGraph.from_json(g.to_json())
    assert back == g
    assert back.provenance.created == g.provenance.created


def test_json_accepts_the_answer_edge_list_form():
    text = '{"nodes": ["A", "B"], "edges": [["A", "B", "->"]], "kind": "dag"}'
    assert CausalGraph.from_json(text).edges == [Edge(source="A", target="B", kind="->")]


def test_networkx_round_trip_for_a_dag():
    g = nx.DiGraph([("A", "B"), ("B", "C")])
    g.add_node("D")
    graph = CausalGraph.from_networkx(g)
    assert graph.kind == "dag"
    assert graph.nodes == ["A", "B", "C", "D"]
    out = graph.to_networkx()
    assert isinstance(out, nx.DiGraph)
    assert set(out.edges) == {("A", "B"), ("B", "C")}
    assert nx.is_directed_acyclic_graph(out)


def test_networkx_round_trip_keeps_edge_kinds():
    g = pag()
    out = g.to_networkx()
    assert out.edges["A", "E"]["kind"] == "<->"
    back = CausalGraph.from_networkx(out)
    assert back.kind == "pag" and back.nodes == g.nodes
    assert sorted(back.edge_list()) == sorted(g.edge_list())


def test_undirected_networkx_graph_gives_undirected_edges():
    graph = CausalGraph.from_networkx(nx.Graph([("A", "B")]))
    assert graph.edge_list() == [["A", "B", "--"]]


def test_dot_has_every_node_and_edge_with_the_right_style():
    g = pag()
    g.edges.append(Edge(source="B", target="D", kind="--"))
    dot = g.to_dot("my graph")
    assert dot.startswith('digraph "my graph" {') and dot.rstrip().endswith("}")
    for node in g.nodes:
        assert f'"{node}";' in dot
    for e in g.edges:
        assert f'"{e.source}" -> "{e.target}"' in dot
    assert '"B" -> "D" [dir="none"]' in dot
    assert '"A" -> "E" [dir="both"]' in dot
    assert '"A" -> "C" [dir="both", arrowtail="odot", arrowhead="normal"]' in dot
    assert '"D" -> "E" [dir="both", arrowtail="odot", arrowhead="odot"]' in dot


def test_dot_quotes_awkward_names():
    g = CausalGraph.from_edge_list(['say "hi"', "b"], [['say "hi"', "b", "->"]])
    assert '"say \\"hi\\"" -> "b"' in g.to_dot()


# ----- causal-learn and LiNGAM ------------------------------------------------------------


def test_from_causallearn_on_a_hand_built_general_graph():
    from causallearn.graph.Edge import Edge as ClEdge
    from causallearn.graph.Endpoint import Endpoint
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode

    nodes = [GraphNode(f"X{i + 1}") for i in range(5)]
    gg = GeneralGraph(nodes)
    gg.add_directed_edge(nodes[0], nodes[1])  # X1 -> X2
    gg.add_edge(ClEdge(nodes[2], nodes[1], Endpoint.CIRCLE, Endpoint.ARROW))  # X3 o-> X2
    gg.add_edge(ClEdge(nodes[2], nodes[3], Endpoint.TAIL, Endpoint.TAIL))  # X3 -- X4
    gg.add_edge(ClEdge(nodes[0], nodes[3], Endpoint.ARROW, Endpoint.ARROW))  # X1 <-> X4
    gg.add_edge(ClEdge(nodes[4], nodes[3], Endpoint.CIRCLE, Endpoint.CIRCLE))  # X5 o-o X4
    gg.add_directed_edge(nodes[4], nodes[0])  # X5 -> X1, stored with the higher index first

    names = ["a", "b", "c", "d", "e"]
    graph = CausalGraph.from_causallearn(gg, names, kind="pag")
    assert graph.nodes == names
    assert {tuple(e) for e in graph.edge_list()} == {
        ("a", "b", "->"),
        ("c", "b", "o->"),
        ("c", "d", "--"),
        ("a", "d", "<->"),
        ("d", "e", "o-o"),
        ("e", "a", "->"),
    }
    # Without names the causal-learn node names are used.
    assert CausalGraph.from_causallearn(gg).nodes == ["X1", "X2", "X3", "X4", "X5"]


def test_from_causallearn_rejects_a_wrong_number_of_names():
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode

    gg = GeneralGraph([GraphNode("X1"), GraphNode("X2")])
    with pytest.raises(ValueError, match="3 names"):
        CausalGraph.from_causallearn(gg, ["a", "b", "c"])


def test_from_causallearn_on_a_real_pc_run_finds_the_collider():
    from causallearn.search.ConstraintBased.PC import pc

    rng = np.random.default_rng(7)
    a = rng.normal(size=2000)
    b = rng.normal(size=2000)
    c = a + b + 0.5 * rng.normal(size=2000)
    data = np.column_stack([a, c, b])  # column order deliberately not A, B, C
    names = ["A", "C", "B"]
    result = pc(data, 0.05, "fisherz", show_progress=False, node_names=names)
    graph = CausalGraph.from_causallearn(result.G, names, kind="cpdag")
    assert sorted(map(tuple, graph.edge_list())) == [("A", "C", "->"), ("B", "C", "->")]


def test_from_lingam_matrix_reads_rows_as_effects():
    b = np.array([[0.0, 0.0, 0.0], [1.5, 0.0, 0.0], [0.0, -0.8, 0.0]])  # x1 = 1.5 x0; x2 = -0.8 x1
    graph = CausalGraph.from_lingam_matrix(b, ["x0", "x1", "x2"])
    assert graph.kind == "dag"
    assert sorted(map(tuple, graph.edge_list())) == [("x0", "x1", "->"), ("x1", "x2", "->")]
    assert graph.is_dag()


def test_from_lingam_matrix_checks_the_shape():
    with pytest.raises(ValueError, match="does not fit"):
        CausalGraph.from_lingam_matrix(np.zeros((2, 2)), ["a", "b", "c"])
