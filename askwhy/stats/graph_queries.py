"""Graph queries quantified over the equivalence class a graph stands for.

Yes/no answers are "yes" when the property holds in every DAG of the class, "no" when in
none and "uncertain" otherwise. Enumerated classes (askwhy.stats.equivalence) are checked
DAG by DAG; PAGs and classes too large to enumerate are read from the edge marks
(askwhy.stats.marks). Adjustment sets come from askwhy.stats.adjustment and are re-exported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from askwhy.core.graph import CausalGraph
from askwhy.core.settings import BackgroundKnowledge
from askwhy.stats.adjustment import (
    AdjustmentSetsResult,
    ParentSetsResult,
    adjustment_sets,
    possible_parent_sets,
)
from askwhy.stats.equivalence import (
    DEFAULT_LIMIT,
    ClassView,
    YesNo,
    check_pair,
    class_view,
    dags_in_class,
    over_class,
)
from askwhy.stats.marks import common_ancestors, may_point, points, possible_digraph, visible
from askwhy.stats.query_wording import class_sentence, names, relation_sentence, rule, scope

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_LIMIT",
    "AdjustmentSetsResult",
    "ParentSetsResult",
    "QueryResult",
    "Relation",
    "SetQueryResult",
    "YesNo",
    "adjustment_sets",
    "ancestors",
    "children",
    "collider",
    "confounder",
    "dags_in_class",
    "descendants",
    "direct_cause",
    "parents",
    "possible_parent_sets",
]

Relation = Literal["parents", "children", "ancestors", "descendants"]


class QueryResult(BaseModel):
    """A three-valued answer with one plain sentence of reason."""

    answer: YesNo
    reason: str
    witnesses: list[str] = Field(default_factory=list)
    n_dags: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class SetQueryResult(BaseModel):
    """Members of a relation: in every DAG of the class (definite) or only in some (possible)."""

    node: str
    relation: Relation
    definite: list[str]
    possible: list[str]
    reason: str
    n_dags: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)


def _result(
    view: ClassView, answer: YesNo, sentence: str, witnesses: list[str], **extra: Any
) -> QueryResult:
    return QueryResult(
        answer=answer,
        reason=view.finish(sentence),
        witnesses=witnesses,
        n_dags=view.n_dags,
        details={**view.details, **extra},
    )


# ----- yes/no queries ---------------------------------------------------------------------


def direct_cause(
    graph: CausalGraph,
    x: str,
    y: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> QueryResult:
    """Is x a direct cause of y (an edge x -> y)?"""
    check_pair(graph, x, y)
    view = class_view(graph, limit, knowledge)
    edge = graph.edge_between(x, y)
    if edge is None:
        return _result(
            view,
            "no",
            f"No: {x} and {y} are not adjacent, so {x} is not a direct cause of {y}.",
            [],
        )
    witness = [f"{x} -> {y}"]
    if view.dags is not None:
        answer, k, _, _ = over_class(view, lambda d: {witness[0]} if d.has_edge(x, y) else set())
        where = scope(view, k)
        if answer == "yes":
            return _result(view, "yes", f"Yes: the edge is {x} -> {y}{where}.", witness)
        if answer == "no":
            where = scope(view, len(view.dags))
            return _result(view, "no", f"No: the edge points {y} -> {x}{where}.", [])
        return _result(
            view,
            "uncertain",
            f"Uncertain: the direction between {x} and {y} is not determined; {x} -> {y}{where}.",
            witness,
        )
    source = rule(view)
    if edge.mark_at(x) == "arrow":
        return _result(
            view,
            "no",
            f"No: {source}, the arrowhead at {x} on the edge {edge.source} {edge.kind} "
            f"{edge.target} means {x} does not cause {y}.",
            [],
            rule="arrowhead at x",
        )
    if edge.is_directed(x, y):
        if view.mode != "pag":
            return _result(view, "yes", f"Yes: the edge {x} -> {y} is directed {source}.", witness)
        if visible(graph, x, y):
            return _result(
                view,
                "yes",
                f"Yes: {source}, {x} -> {y} is a visible edge, so {x} directly causes {y} "
                "with no hidden common cause.",
                witness,
                rule="visible directed edge",
            )
        return _result(
            view,
            "uncertain",
            f"Uncertain: {source}, {x} -> {y} says {x} causes {y}, but the edge is not visible, "
            f"so a hidden common cause may also link them.",
            witness,
            rule="invisible directed edge",
        )
    return _result(
        view,
        "uncertain",
        f"Uncertain: {source}, the edge {edge.source} {edge.kind} {edge.target} leaves the "
        f"direction between {x} and {y} open.",
        [],
        rule="undetermined mark",
    )


def collider(
    graph: CausalGraph,
    x: str,
    y: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> QueryResult:
    """Do x and y have a common effect (a node c with x -> c <- y)?"""
    check_pair(graph, x, y)
    view = class_view(graph, limit, knowledge)
    if view.dags is not None:

        def find(d: nx.DiGraph) -> set[str]:
            return (set(d.successors(x)) & set(d.successors(y))) - {x, y}

        answer, k, in_all, in_some = over_class(view, find)
        sentence = class_sentence(answer, x, y, "effect", scope(view, k), in_all, in_some)
        return _result(
            view, answer, sentence, in_all + in_some, in_all_dags=in_all, in_some_dags=in_some
        )

    source = rule(view)
    others = [n for n in graph.nodes if n not in (x, y)]
    definite = [c for c in others if points(graph, x, c) and points(graph, y, c)]
    possible = [
        c for c in others if may_point(graph, view.mode, x, c) and may_point(graph, view.mode, y, c)
    ]
    if definite:
        return _result(
            view, "yes", f"Yes: {source}, {x} -> {definite[0]} <- {y}, a common effect.", definite
        )
    if not possible:
        return _result(
            view, "no", f"No: {source}, no node can have arrows from both {x} and {y}.", []
        )
    return _result(
        view,
        "uncertain",
        f"Uncertain: {source}, {names(possible)} may have arrows from both {x} and {y}, but the "
        "marks do not settle it.",
        possible,
    )


def confounder(
    graph: CausalGraph,
    x: str,
    y: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> QueryResult:
    """Do x and y have a common cause (paths c -> ... -> x avoiding y, c -> ... -> y avoiding x)?"""
    import networkx as nx

    check_pair(graph, x, y)
    view = class_view(graph, limit, knowledge)
    if view.dags is not None:
        answer, k, in_all, in_some = over_class(view, lambda d: common_ancestors(d, x, y))
        sentence = class_sentence(answer, x, y, "cause", scope(view, k), in_all, in_some)
        return _result(
            view, answer, sentence, in_all + in_some, in_all_dags=in_all, in_some_dags=in_some
        )

    source = rule(view)
    edge = graph.edge_between(x, y)
    if view.mode == "pag" and edge is not None and edge.kind == "<->":
        return _result(
            view,
            "yes",
            f"Yes: {source}, {x} <-> {y} means a hidden common cause of {x} and {y}.",
            [],
            hidden_common_cause=True,
        )
    definite = sorted(common_ancestors(graph.directed_part(), x, y))
    if definite:
        return _result(
            view,
            "yes",
            f"Yes: {source}, {names(definite)} has directed paths to both {x} and {y}.",
            definite,
        )
    if view.mode == "pag":
        linked = nx.has_path(graph.to_networkx().to_undirected(as_view=True), x, y)
        if not linked:
            return _result(
                view,
                "no",
                f"No: {source}, {x} and {y} are not connected, so nothing causes both.",
                [],
            )
        return _result(
            view,
            "uncertain",
            f"Uncertain: {source}, no measured common cause is certain, but a hidden or possible "
            f"common cause of {x} and {y} cannot be ruled out.",
            [],
        )
    possible = sorted(common_ancestors(possible_digraph(graph, view.mode), x, y))
    if not possible:
        return _result(view, "no", f"No: {source}, nothing can cause both {x} and {y}.", [])
    return _result(
        view,
        "uncertain",
        f"Uncertain: {source}, {names(possible)} may cause both {x} and {y}, depending on edge "
        "directions that are not determined.",
        possible,
    )


# ----- set queries ------------------------------------------------------------------------


def _set_query(
    graph: CausalGraph,
    x: str,
    relation: Relation,
    limit: int,
    knowledge: BackgroundKnowledge | None = None,
) -> SetQueryResult:
    import networkx as nx

    graph.require(x)
    view = class_view(graph, limit, knowledge)
    in_dag: dict[str, Callable[[nx.DiGraph], set[str]]] = {
        "parents": lambda g: set(g.predecessors(x)),
        "children": lambda g: set(g.successors(x)),
        "ancestors": lambda g: nx.ancestors(g, x),
        "descendants": lambda g: nx.descendants(g, x),
    }
    get = in_dag[relation]
    if view.dags is not None:
        found = [get(d) for d in view.dags]
        definite = set.intersection(*found) if found else set()
        possible = set.union(*found) - definite if found else set()
    else:
        definite = get(graph.directed_part())
        possible = get(possible_digraph(graph, view.mode)) - definite
    return SetQueryResult(
        node=x,
        relation=relation,
        definite=sorted(definite),
        possible=sorted(possible),
        reason=view.finish(relation_sentence(view, relation, x, definite, possible)),
        n_dags=view.n_dags,
        details=view.details,
    )


def parents(
    graph: CausalGraph,
    x: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> SetQueryResult:
    """Direct causes of x."""
    return _set_query(graph, x, "parents", limit, knowledge)


def children(
    graph: CausalGraph,
    x: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> SetQueryResult:
    """Direct effects of x."""
    return _set_query(graph, x, "children", limit, knowledge)


def ancestors(
    graph: CausalGraph,
    x: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> SetQueryResult:
    """Everything with a directed path into x."""
    return _set_query(graph, x, "ancestors", limit, knowledge)


def descendants(
    graph: CausalGraph,
    x: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> SetQueryResult:
    """Everything x has a directed path to."""
    return _set_query(graph, x, "descendants", limit, knowledge)
