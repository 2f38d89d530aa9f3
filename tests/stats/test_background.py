"""Background knowledge: names matched the way causal-learn matches them, respected by the
searches, and used in the equivalence-class reasoning (an uncertain answer becomes yes/no)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats import background, graph_queries, roles
from askwhy.stats.background import BackgroundKnowledge as K
from askwhy.stats.discovery import discover_graph
from askwhy.stats.equivalence import class_view, dags_in_class
from askwhy.testing import cases


@pytest.fixture(scope="module")
def chain() -> pd.DataFrame:
    return cases.chain().data  # A -> B -> C: PC leaves A -- B -- C


def _edges(graph: CausalGraph) -> set[tuple[str, str, str]]:
    return {tuple(e) for e in graph.edge_list()}


def _independent(n: int = 1000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(n, 3)), columns=["p", "q", "r"])


# ----- names ------------------------------------------------------------------------------


def test_causallearn_matches_the_knowledge_to_its_own_nodes_by_name(chain):
    from causallearn.search.ConstraintBased.PC import pc

    names = ["C", "A", "B"]  # not the order the knowledge names them in
    knowledge = K(forbidden=[("A", "B")], tiers=[["C"], ["A", "B"]], exogenous=["B"])
    bk = background.to_causallearn(knowledge, names)
    result = pc(chain[names].to_numpy(), 0.05, "fisherz", show_progress=False, node_names=names)
    nodes = {node.get_name(): node for node in result.G.get_nodes()}  # the search's own nodes
    assert bk.is_forbidden(nodes["A"], nodes["B"]) and not bk.is_required(nodes["A"], nodes["B"])
    assert bk.is_forbidden(nodes["A"], nodes["C"])  # later tier -> earlier tier
    assert not bk.is_forbidden(nodes["C"], nodes["A"])
    assert bk.is_forbidden(nodes["C"], nodes["B"])  # into the exogenous B
    with pytest.raises(UnknownVariableError):
        background.to_causallearn(K(exogenous=["D"]), names)


def test_names_resolve_like_column_arguments_and_patterns_expand():
    columns = ["age", "dose_t1", "dose_t2", "mood_t1", "mood_t2", "lung cancer"]
    knowledge = K(
        required=[("Dose T1", "mood_t1")],
        tiers=[["AGE"], ["*_t1"], ["*_t2"]],
        exogenous=["age"],
        forbidden=[("lung_cancer", "age")],
    )
    resolved = background.resolve(knowledge, columns)
    assert resolved.required == [("dose_t1", "mood_t1")]
    assert resolved.forbidden == [("lung cancer", "age")]
    assert resolved.tiers == [["age"], ["dose_t1", "mood_t1"], ["dose_t2", "mood_t2"]]
    # a name given as itself wins over a pattern: age first, every other column after
    assert background.resolve(K(tiers=[["age"], ["*"]]), columns).tiers[0] == ["age"]
    with pytest.raises(UnknownVariableError, match="agee"):
        background.resolve(K(exogenous=["agee"]), columns)
    with pytest.raises(ToolArgumentError, match="matches no column"):
        background.resolve(K(tiers=[["*_t3"]]), columns)


@pytest.mark.parametrize(
    ("knowledge", "message"),
    [
        (K(required=[("a", "b")], forbidden=[("a", "b")]), "both required and forbidden"),
        (K(required=[("a", "b")], exogenous=["b"]), "exogenous"),
        (K(required=[("b", "a")], tiers=[["a"], ["b"]]), "time order"),
        (K(tiers=[["a"], ["a", "b"]]), "tiers 1 and 2"),
    ],
)
def test_contradictions_are_errors(knowledge, message):
    with pytest.raises(ToolArgumentError, match=message):
        background.resolve(knowledge, ["a", "b", "c"])


def test_an_edge_needs_two_different_columns():
    with pytest.raises(ValueError, match="twice"):
        K(required=[("a", "a")])


def test_equal_knowledge_has_one_record():
    one = K(forbidden=[("b", "a"), ("a", "c")], tiers=[["y", "x"], []], exogenous=["z", "z"])
    other = K(forbidden=[("a", "c"), ("b", "a")], tiers=[["x", "y"]], exogenous=["z"])
    assert one.record() == other.record()
    assert K().is_empty() and K(tiers=[[]]).is_empty()


# ----- discovery --------------------------------------------------------------------------


def test_pc_removes_an_edge_forbidden_both_ways(chain):
    result = discover_graph(chain, knowledge=K(forbidden=[("A", "B"), ("B", "A")]))
    assert not result.graph.adjacent("A", "B") and result.graph.adjacent("B", "C")


def test_pc_orients_away_from_a_forbidden_direction(chain):
    result = discover_graph(chain, knowledge=K(forbidden=[("B", "A")]))
    assert ("A", "B", "->") in _edges(result.graph)
    # and Meek's first rule carries it on: A -> B -- C with A, C not adjacent gives B -> C
    assert ("B", "C", "->") in _edges(result.graph)


def test_pc_keeps_a_required_edge_the_data_do_not_show():
    result = discover_graph(_independent(), knowledge=K(required=[("p", "q")]))
    assert _edges(result.graph) == {("p", "q", "->")}
    assert any("p -> q was added" in note for note in result.notes)


def test_pc_orients_a_required_edge(chain):
    result = discover_graph(chain, knowledge=K(required=[("B", "C")]))
    assert ("B", "C", "->") in _edges(result.graph)
    assert ("A", "B", "--") in _edges(result.graph)  # A -> B and A <- B both still fit


def test_tiers_orient_the_chain_and_are_recorded(chain):
    result = discover_graph(chain, knowledge=K(tiers=[["A"], ["B"], ["C"]]))
    assert _edges(result.graph) == {("A", "B", "->"), ("B", "C", "->")}
    provenance = result.graph.provenance
    assert provenance.parameters["knowledge"]["tiers"] == [["A"], ["B"], ["C"]]
    assert any("time order [A] before [B] before [C]" in a for a in result.assumptions)
    # the record survives the JSON round trip the graph memory makes
    again = CausalGraph.from_json(result.graph.to_json())
    assert background.recorded(again) == K(tiers=[["A"], ["B"], ["C"]])


def test_knowledge_about_columns_left_out_is_noted(chain):
    result = discover_graph(chain, variables=["A", "B"], knowledge=K(exogenous=["A", "C"]))
    assert any("about C was not used" in note for note in result.notes)
    assert result.graph.provenance.parameters["knowledge"]["exogenous"] == ["A", "C"]


@pytest.mark.parametrize("algorithm", ["ges", "lingam"])
def test_score_and_lingam_searches_are_checked_afterwards(chain, algorithm):
    result = discover_graph(chain, algorithm=algorithm, knowledge=K(exogenous=["A"]))
    assert any("checked against it afterwards" in note for note in result.notes)
    if algorithm == "ges":  # the CPDAG's undirected edges are oriented where the class agrees
        assert _edges(result.graph) == {("A", "B", "->"), ("B", "C", "->")}


def test_a_graph_against_the_knowledge_is_noted():
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, 3000)
    b = a + rng.uniform(-1, 1, 3000)  # non-Gaussian: LiNGAM finds a -> b
    data = pd.DataFrame({"a": a, "b": b})
    result = discover_graph(data, algorithm="lingam", knowledge=K(tiers=[["b"], ["a"]]))
    assert any("goes against the time order" in note for note in result.notes)


def test_fci_takes_the_knowledge(chain):
    result = discover_graph(chain, algorithm="fci", knowledge=K(forbidden=[("A", "B"), ("B", "A")]))
    assert not result.graph.adjacent("A", "B")


# ----- the equivalence class --------------------------------------------------------------


def _cpdag(edges, parameters=None) -> CausalGraph:
    nodes = sorted({n for a, b, _ in edges for n in (a, b)})
    graph = CausalGraph.from_edge_list(nodes, edges, kind="cpdag")
    if parameters is not None:
        graph.provenance = Provenance(algorithm="pc", columns=nodes, parameters=parameters)
    return graph


CHAIN = [("A", "B", "--"), ("B", "C", "--")]


def test_knowledge_removes_dags_from_the_class():
    graph = _cpdag(CHAIN)
    assert len(dags_in_class(graph)) == 3
    only = dags_in_class(graph, knowledge=K(exogenous=["B"]))
    assert [sorted(d.edges) for d in only] == [[("B", "A"), ("B", "C")]]


def test_tiers_turn_uncertain_answers_into_yes_and_no():
    graph = _cpdag(CHAIN)
    assert graph_queries.direct_cause(graph, "A", "B").answer == "uncertain"
    tiers = K(tiers=[["A"], ["B"], ["C"]])
    found = graph_queries.direct_cause(graph, "A", "B", knowledge=tiers)
    assert (
        found.answer == "yes" and "background knowledge ruled out 2 of the 3 DAGs" in found.reason
    )
    assert graph_queries.direct_cause(graph, "B", "A", knowledge=tiers).answer == "no"
    assert roles.role_of(graph, "mediator", "B", "A", "C")[0] == "uncertain"
    assert roles.role_of(graph, "mediator", "B", "A", "C", knowledge=tiers)[0] == "yes"
    assert roles.direction(graph, "C", "A", knowledge=tiers)[0] == "y_to_x"
    assert graph_queries.parents(graph, "C", knowledge=tiers).definite == ["B"]


def test_the_recorded_knowledge_is_used_without_being_passed():
    graph = _cpdag(CHAIN, parameters={"knowledge": K(exogenous=["B"]).record()})
    assert graph_queries.confounder(graph, "A", "C").answer == "yes"  # A <- B -> C
    assert graph_queries.direct_cause(graph, "B", "C").answer == "yes"


def test_time_order_counts_paths_through_untimed_variables():
    graph = _cpdag([("X", "U", "--"), ("U", "Z", "--")])
    view = class_view(graph, 100, K(tiers=[["X"], ["Z"]]))
    # Z -> U -> X would let the later Z cause the earlier X through U
    assert all(not (d.has_edge("Z", "U") and d.has_edge("U", "X")) for d in view.dags)
    assert len(view.dags) == 2


def test_knowledge_no_dag_agrees_with_is_left_out_with_a_note():
    graph = CausalGraph.from_edge_list(["A", "B"], [("A", "B", "->")], kind="dag")
    found = graph_queries.direct_cause(graph, "A", "B", knowledge=K(forbidden=[("A", "B")]))
    assert found.answer == "yes"
    assert "agrees with the background knowledge that A -> B is forbidden" in found.reason


def test_knowledge_is_not_applied_to_a_pag_s_marks_but_says_so():
    pag = CausalGraph.from_edge_list(["A", "B"], [("A", "B", "o-o")], kind="pag")
    found = graph_queries.direct_cause(pag, "A", "B", knowledge=K(exogenous=["A"]))
    assert found.answer == "uncertain" and "not applied to the PAG" in found.reason


def test_knowledge_about_other_nodes_is_ignored_by_a_smaller_graph():
    graph = _cpdag(CHAIN)
    found = graph_queries.direct_cause(graph, "A", "B", knowledge=K(exogenous=["D"]))
    assert found.answer == "uncertain"


def test_knowledge_passed_to_a_query_is_matched_to_the_nodes():
    graph = _cpdag(CHAIN)
    tiers = K(tiers=[["a"], ["b"], ["*"]])  # case and patterns, as for column arguments
    assert graph_queries.direct_cause(graph, "B", "C", knowledge=tiers).answer == "yes"
