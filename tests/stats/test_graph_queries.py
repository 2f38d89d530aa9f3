"""Graph queries: three-valued answers over the equivalence class a graph stands for."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from askwhy.core.graph import CausalGraph
from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats import graph_queries as q


def graph(edges: str, kind: str = "cpdag") -> CausalGraph:
    """'A->B B--C' style shorthand."""
    parsed = []
    for token in edges.split():
        for mark in ("<->", "o->", "o-o", "->", "--"):
            if mark in token:
                a, b = token.split(mark)
                parsed.append([a, b, mark])
                break
    nodes = sorted({n for a, b, _ in parsed for n in (a, b)})
    return CausalGraph.from_edge_list(nodes, parsed, kind=kind)


CHAIN = graph("A->B B->C", "dag")
FORK = graph("B->A B->C", "dag")
COLLIDER = graph("A->B C->B", "dag")
CHAIN_CPDAG = graph("A--B B--C")  # also the fork's CPDAG

# Seven-node DAG; its CPDAG leaves the triangle A, B, C undirected (6 DAGs).
BIG_DAG = graph("A->B A->C B->C C->D E->D D->F F->G E->G", "dag")
BIG_CPDAG = graph("A--B A--C B--C C->D E->D D->F F->G E->G")

PAG = graph("Ao->C Bo->C C->D A<->E Do-oE", "pag")


def v_structures(dag: nx.DiGraph) -> set[tuple[str, str, str]]:
    return {
        (min(a, b), c, max(a, b))
        for c in dag
        for a, b in itertools.combinations(dag.predecessors(c), 2)
        if not dag.has_edge(a, b) and not dag.has_edge(b, a)
    }


# ----- DAGs: definite answers ---------------------------------------------------------------


def test_chain_dag():
    assert q.direct_cause(CHAIN, "A", "B").answer == "yes"
    assert q.direct_cause(CHAIN, "B", "A").answer == "no"
    no_edge = q.direct_cause(CHAIN, "A", "C")
    assert no_edge.answer == "no" and "not adjacent" in no_edge.reason
    assert q.collider(CHAIN, "A", "C").answer == "no"
    assert q.confounder(CHAIN, "A", "C").answer == "no"  # B is a mediator, not a common cause
    result = q.ancestors(CHAIN, "C")
    assert result.definite == ["A", "B"] and result.possible == []
    assert result.n_dags == 1


def test_fork_dag_has_a_confounder():
    result = q.confounder(FORK, "A", "C")
    assert result.answer == "yes" and result.witnesses == ["B"]
    assert "B" in result.reason
    assert q.collider(FORK, "A", "C").answer == "no"


def test_collider_dag_has_a_common_effect_and_no_confounder():
    result = q.collider(COLLIDER, "A", "C")
    assert result.answer == "yes" and result.witnesses == ["B"]
    assert q.confounder(COLLIDER, "A", "C").answer == "no"
    assert q.children(COLLIDER, "A").definite == ["B"]


def test_confounder_paths_must_avoid_the_other_variable():
    # C -> X -> Y: C reaches Y only through X, so it is not a common cause.
    g = graph("C->X X->Y", "dag")
    assert q.confounder(g, "X", "Y").answer == "no"
    # C -> X and C -> M -> Y: a common cause through a mediator.
    g = graph("C->X C->M M->Y X->Y", "dag")
    result = q.confounder(g, "X", "Y")
    assert result.answer == "yes" and result.witnesses == ["C"]


# ----- CPDAGs: quantified over the class --------------------------------------------------


def test_chain_cpdag_stands_for_three_dags():
    dags = q.dags_in_class(CHAIN_CPDAG)
    assert len(dags) == 3
    assert {frozenset(d.edges) for d in dags} == {
        frozenset({("A", "B"), ("B", "C")}),
        frozenset({("C", "B"), ("B", "A")}),
        frozenset({("B", "A"), ("B", "C")}),
    }


def test_chain_cpdag_answers():
    direct = q.direct_cause(CHAIN_CPDAG, "A", "B")
    assert direct.answer == "uncertain" and direct.n_dags == 3
    assert "1 of the 3" in direct.reason
    assert q.direct_cause(CHAIN_CPDAG, "A", "C").answer == "no"
    assert q.collider(CHAIN_CPDAG, "A", "C").answer == "no"  # would be a new v-structure
    confounder = q.confounder(CHAIN_CPDAG, "A", "C")
    assert confounder.answer == "uncertain" and confounder.witnesses == ["B"]
    parents = q.parents(CHAIN_CPDAG, "B")
    assert parents.definite == [] and parents.possible == ["A", "C"]


def test_collider_cpdag_is_a_single_dag():
    g = graph("A->B C->B")
    assert len(q.dags_in_class(g)) == 1
    assert q.collider(g, "A", "C").answer == "yes"
    assert q.direct_cause(g, "A", "B").answer == "yes"


def test_big_cpdag_class_is_exactly_the_markov_equivalence_class():
    dags = q.dags_in_class(BIG_CPDAG)
    truth = BIG_DAG.directed_part()
    assert len(dags) == 6
    assert any(set(d.edges) == set(truth.edges) for d in dags)
    for dag in dags:
        assert nx.is_directed_acyclic_graph(dag)
        assert v_structures(dag) == v_structures(truth)
        assert {frozenset(e) for e in dag.edges} == {frozenset(e) for e in truth.edges}


def test_big_cpdag_answers():
    assert q.direct_cause(BIG_CPDAG, "C", "D").answer == "yes"
    assert q.direct_cause(BIG_CPDAG, "D", "C").answer == "no"
    assert q.direct_cause(BIG_CPDAG, "A", "B").answer == "uncertain"
    assert q.collider(BIG_CPDAG, "C", "E").witnesses == ["D"]
    assert q.collider(BIG_CPDAG, "F", "E").answer == "yes"
    common = q.confounder(BIG_CPDAG, "D", "G")
    assert common.answer == "yes" and "E" in common.witnesses
    assert q.confounder(BIG_CPDAG, "C", "E").answer == "no"
    assert q.confounder(BIG_CPDAG, "B", "C").answer == "uncertain"  # A causes both in 2 of 6
    ancestors = q.ancestors(BIG_CPDAG, "D")
    assert ancestors.definite == ["C", "E"] and ancestors.possible == ["A", "B"]
    descendants = q.descendants(BIG_CPDAG, "C")
    assert descendants.definite == ["D", "F", "G"] and descendants.possible == ["A", "B"]


def test_adjustment_sets_identified_and_not():
    fixed = q.adjustment_sets(BIG_CPDAG, "D", "G")
    assert fixed.identified and fixed.sets == [["C", "E"]]
    assert "Adjust for C and E" in fixed.reason
    open_ = q.adjustment_sets(BIG_CPDAG, "C", "D")
    assert not open_.identified
    assert open_.sets == [[], ["A"], ["A", "B"], ["B"]]
    assert q.possible_parent_sets(BIG_CPDAG, "C").sets == open_.sets


def test_adjustment_sets_flag_when_the_outcome_may_be_a_parent():
    result = q.adjustment_sets(CHAIN_CPDAG, "B", "C")
    assert result.outcome_may_be_parent
    assert result.sets == [[], ["A"]]
    assert q.adjustment_sets(CHAIN, "B", "C").sets == [["A"]]


# ----- invalid PC output: no crash, an answer with its reason -----------------------------


def test_directed_cycle_is_relaxed_not_fatal():
    g = graph("A->B B->C C->A C->D")
    outside = q.direct_cause(g, "C", "D")
    assert outside.answer == "yes"
    assert "cycle" in outside.reason
    on_cycle = q.direct_cause(g, "A", "B")
    assert on_cycle.answer == "uncertain"
    assert sorted(on_cycle.details["cycle_edges"]) == [["A", "B"], ["B", "C"], ["C", "A"]]
    assert all(nx.is_directed_acyclic_graph(d) for d in q.dags_in_class(g))
    assert q.parents(g, "D").definite == ["C"]


def test_unorientable_undirected_edge_falls_back_to_acyclic_orientations():
    # Either direction of B -- C makes a new collider with A -> B or D -> C.
    g = graph("A->B D->C B--C")
    result = q.direct_cause(g, "B", "C")
    assert result.answer == "uncertain"
    assert result.details["fallback"] == "acyclic_orientations"
    assert "not a valid CPDAG" in result.reason
    assert q.confounder(g, "A", "D").answer == "no"


def test_conflict_edges_from_pc_count_as_undirected():
    g = graph("A->B C<->B D->C")
    result = q.direct_cause(g, "B", "C")
    assert result.answer == "uncertain"
    assert result.details["conflict_edges"] == [["C", "B"]]
    assert "<->" in result.reason


# ----- classes too large to enumerate -----------------------------------------------------


def test_local_rules_when_the_class_is_too_large():
    assert q.dags_in_class(CHAIN_CPDAG, limit=2) is None
    direct = q.direct_cause(CHAIN_CPDAG, "A", "B", limit=2)
    assert direct.answer == "uncertain" and direct.n_dags is None
    assert "more than 2 DAGs" in direct.reason
    assert q.direct_cause(CHAIN_CPDAG, "A", "C", limit=2).answer == "no"
    assert q.direct_cause(BIG_CPDAG, "C", "D", limit=2).answer == "yes"
    assert q.collider(BIG_CPDAG, "C", "E", limit=2).answer == "yes"
    assert q.confounder(BIG_CPDAG, "D", "G", limit=2).answer == "yes"
    assert q.confounder(BIG_CPDAG, "C", "E", limit=2).answer == "no"
    assert q.confounder(CHAIN_CPDAG, "A", "C", limit=2).answer == "uncertain"
    # Local IDA gives the same parent sets as enumeration.
    for g, x in ((CHAIN_CPDAG, "B"), (BIG_CPDAG, "C"), (BIG_CPDAG, "D")):
        assert q.possible_parent_sets(g, x, limit=2).sets == q.possible_parent_sets(g, x).sets


def test_a_large_clique_is_not_enumerated():
    nodes = [f"V{i}" for i in range(8)]
    g = CausalGraph.from_edge_list(
        nodes, [[a, b, "--"] for a, b in itertools.combinations(nodes, 2)]
    )
    assert q.dags_in_class(g) is None  # 8! orderings
    assert q.direct_cause(g, "V0", "V1").answer == "uncertain"


# ----- PAGs: conservative rules from the marks ------------------------------------------------


def test_pag_direct_cause():
    assert q.direct_cause(PAG, "A", "B").answer == "no"  # not adjacent
    arrow_at_x = q.direct_cause(PAG, "C", "A")
    assert arrow_at_x.answer == "no" and "arrowhead at C" in arrow_at_x.reason
    assert q.direct_cause(PAG, "A", "C").answer == "uncertain"  # circle at A
    visible = q.direct_cause(PAG, "C", "D")
    assert visible.answer == "yes" and "visible" in visible.reason
    assert q.direct_cause(PAG, "A", "E").answer == "no"  # A <-> E
    assert all(r.n_dags is None for r in (visible, arrow_at_x))


def test_pag_invisible_directed_edge_is_uncertain():
    g = graph("A->B", "pag")
    assert q.direct_cause(g, "A", "B").answer == "uncertain"


def test_pag_confounder_and_collider():
    hidden = q.confounder(PAG, "A", "E")
    assert hidden.answer == "yes" and "hidden common cause" in hidden.reason
    assert q.confounder(PAG, "A", "B").answer == "uncertain"
    assert q.confounder(graph("A->B Co-oD", "pag"), "A", "C").answer == "no"
    assert q.collider(PAG, "A", "B").answer == "uncertain"  # A o-> C could be A <-> C
    assert q.collider(graph("A->C B->C", "pag"), "A", "B").answer == "yes"
    assert q.collider(PAG, "A", "E").answer == "no"


def test_pag_sets_and_adjustment():
    parents = q.parents(PAG, "C")
    assert parents.definite == [] and parents.possible == ["A", "B"]
    assert q.ancestors(PAG, "D").definite == ["C"]
    result = q.adjustment_sets(PAG, "C", "D")
    assert not result.identified and result.sets == []
    assert "PAG" in result.reason


# ----- errors and output ------------------------------------------------------------------------


def test_unknown_names_and_same_variable():
    with pytest.raises(UnknownVariableError, match="Did you mean: A"):
        q.direct_cause(CHAIN, "a", "B")
    with pytest.raises(UnknownVariableError):
        q.parents(CHAIN, "Z")
    with pytest.raises(ToolArgumentError, match="two different"):
        q.confounder(CHAIN, "A", "A")


def test_results_are_json_ready():
    for result in (
        q.confounder(BIG_CPDAG, "B", "C"),
        q.direct_cause(graph("A->B B->C C->A"), "A", "B"),
        q.parents(PAG, "C"),
        q.adjustment_sets(BIG_CPDAG, "C", "D"),
    ):
        assert result.model_validate_json(result.model_dump_json()) == result
