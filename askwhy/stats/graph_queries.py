"""Graph queries quantified over the equivalence class a graph stands for.

A DAG stands for itself; a CPDAG for every DAG with its skeleton and colliders; a PAG for
causal models with hidden variables. Yes/no answers are "yes" when the property holds in
every DAG of the class, "no" when in none and "uncertain" otherwise. CPDAG classes are
enumerated when small; otherwise, and for PAGs, conservative rules on the edge marks decide.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from askwhy.core.graph import CausalGraph
from askwhy.errors import ToolArgumentError

if TYPE_CHECKING:
    import networkx as nx

YesNo = Literal["yes", "no", "uncertain"]
Relation = Literal["parents", "children", "ancestors", "descendants"]

DEFAULT_LIMIT = 2000
_MAX_SEARCH_STEPS = 200_000
_MAX_LOCAL_SIBLINGS = 12


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


class ParentSetsResult(BaseModel):
    """The distinct parent sets a node has across the class (the sets IDA adjusts for)."""

    node: str
    sets: list[list[str]]
    identified: bool
    reason: str
    n_dags: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class AdjustmentSetsResult(BaseModel):
    """Backdoor adjustment sets for the effect of treatment on outcome, one per parent set."""

    treatment: str
    outcome: str
    sets: list[list[str]]
    identified: bool
    outcome_may_be_parent: bool = False
    reason: str
    n_dags: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)


# ----- the equivalence class --------------------------------------------------------------


@dataclass
class _View:
    """A graph plus the DAGs it stands for (None when not enumerated) and why."""

    graph: CausalGraph
    mode: Literal["dag", "cpdag", "pag"]
    dags: list[nx.DiGraph] | None
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def n_dags(self) -> int | None:
        return None if self.dags is None else len(self.dags)

    def finish(self, sentence: str) -> str:
        """Add the caveats (invalid graph, fallbacks) to a one-sentence reason."""
        if not self.notes:
            return sentence
        return f"{sentence.rstrip('.')} ({'; '.join(self.notes)})."


def _is_pag(graph: CausalGraph) -> bool:
    if graph.kind == "pag" or any(e.kind in ("o->", "o-o") for e in graph.edges):
        return True
    return graph.kind == "mixed" and any(e.kind == "<->" for e in graph.edges)


def _view(graph: CausalGraph, limit: int) -> _View:
    if _is_pag(graph):
        return _View(graph, "pag", None, {"mode": "pag"})
    dags, details, notes = _enumerate(graph, limit)
    single = dags is not None and len(dags) == 1 and not notes and graph.is_dag()
    mode: Literal["dag", "cpdag"] = "dag" if single else "cpdag"
    if dags is None:
        notes.append(
            f"the graph stands for more than {limit} DAGs, so only its definite edge marks "
            "were used"
        )
    return _View(graph, mode, dags, {"mode": mode, **details}, notes)


def dags_in_class(graph: CausalGraph, limit: int = DEFAULT_LIMIT) -> list[nx.DiGraph] | None:
    """Every DAG the graph stands for, or None for a PAG or when there are more than `limit`.

    For a CPDAG: each acyclic orientation of the undirected edges that adds no new collider,
    searched one undirected component at a time. An invalid CPDAG (PC on real samples) is
    repaired rather than refused: edges on a directed cycle and "<->" conflicts count as
    undirected, and when no orientation avoids new colliders all acyclic ones are used.
    """
    if _is_pag(graph):
        return None
    return _enumerate(graph, limit)[0]


def _enumerate(
    graph: CausalGraph, limit: int
) -> tuple[list[nx.DiGraph] | None, dict[str, Any], list[str]]:
    import networkx as nx

    details: dict[str, Any] = {}
    notes: list[str] = []
    directed = [(e.source, e.target) for e in graph.edges if e.kind == "->"]
    undirected = [(e.source, e.target) for e in graph.edges if e.kind != "->"]
    conflicts = [[e.source, e.target] for e in graph.edges if e.kind == "<->"]
    if conflicts:
        details["conflict_edges"] = conflicts
        notes.append(
            "its <-> edges, where the algorithm found conflicting directions, were "
            "treated as undirected"
        )
    fixed = nx.DiGraph(directed)
    cycle_edges = sorted(
        edge
        for component in nx.strongly_connected_components(fixed)
        if len(component) > 1
        for edge in fixed.subgraph(component).edges
    )
    if cycle_edges:
        details["cycle_edges"] = [list(edge) for edge in cycle_edges]
        directed = [edge for edge in directed if edge not in cycle_edges]
        undirected += cycle_edges
        notes.append(
            "it is not a valid CPDAG: it has a directed cycle, so the edges on the cycle were "
            "treated as undirected"
        )
    skeleton = {frozenset(edge) for edge in itertools.chain(directed, undirected)}
    dags = _orientations(graph.nodes, directed, undirected, skeleton, limit, no_new_colliders=True)
    if dags == []:
        details["fallback"] = "acyclic_orientations"
        notes.append(
            "it is not a valid CPDAG: no orientation of its undirected edges avoids new "
            "colliders, so every acyclic orientation was considered"
        )
        dags = _orientations(
            graph.nodes, directed, undirected, skeleton, limit, no_new_colliders=False
        )
    if not dags:  # search budget exhausted
        dags = None
    details["too_large"] = dags is None
    return dags, details, notes


def _orientations(
    nodes: list[str],
    directed: Iterable[tuple[str, str]],
    undirected: list[tuple[str, str]],
    skeleton: set[frozenset[str]],
    limit: int,
    no_new_colliders: bool,
) -> list[nx.DiGraph] | None:
    """DAGs keeping `directed` and orienting `undirected`; None when more than `limit`."""
    import networkx as nx

    base = nx.DiGraph()
    base.add_nodes_from(nodes)
    base.add_edges_from(directed)
    loose = nx.Graph(undirected)
    parts: list[list[list[tuple[str, str]]]] = []
    for component in nx.connected_components(loose):
        sub = loose.subgraph(component)
        found = _orient_component(_search_order(sub), base, skeleton, limit, no_new_colliders)
        if found is None:
            return None
        parts.append(found)
    if math.prod(len(p) for p in parts) > limit:
        return None
    dags = []
    for combination in itertools.product(*parts):
        dag = base.copy()
        for oriented in combination:
            dag.add_edges_from(oriented)
        if nx.is_directed_acyclic_graph(dag):  # cycles across components (invalid input)
            dags.append(dag)
    return dags


def _search_order(component: nx.Graph) -> list[tuple[str, str]]:
    """Edges in breadth-first order, so each choice is checked against its neighbours soon."""
    import networkx as nx

    start = min(component.nodes)
    order = {start: 0}
    for _, node in nx.bfs_edges(component, start):
        order[node] = len(order)
    return sorted(
        component.edges,
        key=lambda e: (max(order[e[0]], order[e[1]]), min(order[e[0]], order[e[1]])),
    )


def _orient_component(
    edges: list[tuple[str, str]],
    base: nx.DiGraph,
    skeleton: set[frozenset[str]],
    limit: int,
    no_new_colliders: bool,
) -> list[list[tuple[str, str]]] | None:
    """Backtracking over one undirected component; None when too many or too long a search."""
    import networkx as nx

    if len(edges) > 500:
        return None
    g = base.copy()
    found: list[list[tuple[str, str]]] = []
    chosen: list[tuple[str, str]] = []
    steps = 0

    def allowed(u: str, v: str) -> bool:
        if no_new_colliders and any(
            p != u and frozenset((p, u)) not in skeleton for p in g.predecessors(v)
        ):
            return False
        return not nx.has_path(g, v, u)

    def visit(k: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > _MAX_SEARCH_STEPS:
            return False
        if k == len(edges):
            found.append(list(chosen))
            return len(found) <= limit
        a, b = edges[k]
        for u, v in ((a, b), (b, a)):
            if allowed(u, v):
                g.add_edge(u, v)
                chosen.append((u, v))
                keep_going = visit(k + 1)
                g.remove_edge(u, v)
                chosen.pop()
                if not keep_going:
                    return False
        return True

    return found if visit(0) else None


# ----- reading edge marks (PAGs and classes too large to enumerate) -----------------------


def _may_point(graph: CausalGraph, mode: str, a: str, b: str) -> bool:
    """Could a -> b hold in some model the graph stands for?"""
    e = graph.edge_between(a, b)
    if e is None:
        return False
    if e.kind == "--" or (mode != "pag" and e.kind == "<->"):
        return True
    return e.mark_at(a) != "arrow" and e.mark_at(b) != "tail"


def _points(graph: CausalGraph, a: str, b: str) -> bool:
    """A definite a -> b edge."""
    e = graph.edge_between(a, b)
    return e is not None and e.is_directed(a, b)


def _possible_digraph(graph: CausalGraph, mode: str) -> nx.DiGraph:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(graph.nodes)
    for e in graph.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if _may_point(graph, mode, a, b):
                g.add_edge(a, b)
    return g


def _visible(graph: CausalGraph, x: str, y: str) -> bool:
    """Simplified visibility of x -> y in a PAG: some z *-> x with z not adjacent to y."""
    return any(
        e.mark_at(x) == "arrow" and e.other(x) != y and not graph.adjacent(e.other(x), y)
        for e in graph.edges_of(x)
    )


def _common_ancestors(g: nx.DiGraph, x: str, y: str) -> set[str]:
    """Nodes with a directed path to x avoiding y and one to y avoiding x."""
    import networkx as nx

    to_x = nx.ancestors(g.subgraph(n for n in g if n != y), x)
    to_y = nx.ancestors(g.subgraph(n for n in g if n != x), y)
    return (to_x & to_y) - {x, y}


# ----- helpers for answers ----------------------------------------------------------------


def _check_pair(graph: CausalGraph, x: str, y: str) -> None:
    graph.require(x, y)
    if x == y:
        raise ToolArgumentError(f"Pick two different variables (got '{x}' twice).")


def _names(items: Iterable[str], joiner: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def _scope(view: _View, count: int) -> str:
    """ " in all 3 DAGs the graph stands for", or "" for a plain DAG."""
    n = view.n_dags or 0
    if view.mode == "dag":
        return ""
    if n == 1:
        return " in the only DAG the graph stands for"
    if count == n:
        return f" in all {n} DAGs the graph stands for"
    if count == 0:
        return f" in any of the {n} DAGs the graph stands for"
    return f" in {count} of the {n} DAGs the graph stands for"


def _across(n: int) -> str:
    return (
        "in the only DAG the graph stands for"
        if n == 1
        else f"across the {n} DAGs the graph stands for"
    )


def _rule(view: _View) -> str:
    return "in the PAG" if view.mode == "pag" else "from the definite edge marks"


def _scope_of(found: ParentSetsResult) -> str:
    n = found.n_dags
    return f" in all {n} DAGs the graph stands for" if n and n > 1 else ""


def _class_sentence(
    answer: YesNo, x: str, y: str, noun: str, scope: str, in_all: list[str], in_some: list[str]
) -> str:
    """E.g. "Yes: A and C have a common cause (B) in all 3 DAGs the graph stands for."."""
    if answer == "yes":
        who = _names(in_all) if in_all else f"one of {_names(in_some, 'or')}"
        return f"Yes: {x} and {y} have a common {noun} ({who}){scope}."
    if answer == "no":
        return f"No: {x} and {y} have no common {noun}{scope}."
    return (
        f"Uncertain: {x} and {y} have a common {noun} ({_names(in_all + in_some, 'or')}) "
        f"only{scope}, because some edge directions are not determined."
    )


def _over_class(
    view: _View, find: Callable[[nx.DiGraph], set[str]]
) -> tuple[YesNo, int, list[str], list[str]]:
    """Answer, DAG count where `find` is non-empty, witnesses in all DAGs, in only some."""
    assert view.dags is not None
    counts: Counter[str] = Counter()
    holds = 0
    for dag in view.dags:
        found = find(dag)
        holds += bool(found)
        counts.update(found)
    n = len(view.dags)
    answer: YesNo = "yes" if holds == n else "no" if holds == 0 else "uncertain"
    in_all = sorted(w for w, c in counts.items() if c == n)
    in_some = sorted(w for w, c in counts.items() if c < n)
    return answer, holds, in_all, in_some


def _result(
    view: _View, answer: YesNo, sentence: str, witnesses: list[str], **extra: Any
) -> QueryResult:
    return QueryResult(
        answer=answer,
        reason=view.finish(sentence),
        witnesses=witnesses,
        n_dags=view.n_dags,
        details={**view.details, **extra},
    )


# ----- yes/no queries ---------------------------------------------------------------------


def direct_cause(graph: CausalGraph, x: str, y: str, limit: int = DEFAULT_LIMIT) -> QueryResult:
    """Is x a direct cause of y (an edge x -> y)?"""
    _check_pair(graph, x, y)
    view = _view(graph, limit)
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
        answer, k, _, _ = _over_class(view, lambda d: {witness[0]} if d.has_edge(x, y) else set())
        scope = _scope(view, k)
        if answer == "yes":
            return _result(view, "yes", f"Yes: the edge is {x} -> {y}{scope}.", witness)
        if answer == "no":
            scope = _scope(view, len(view.dags))
            return _result(view, "no", f"No: the edge points {y} -> {x}{scope}.", [])
        return _result(
            view,
            "uncertain",
            f"Uncertain: the direction between {x} and {y} is not determined; {x} -> {y}{scope}.",
            witness,
        )
    rule = _rule(view)
    if edge.mark_at(x) == "arrow":
        return _result(
            view,
            "no",
            f"No: {rule}, the arrowhead at {x} on the edge {edge.source} {edge.kind} "
            f"{edge.target} means {x} does not cause {y}.",
            [],
            rule="arrowhead at x",
        )
    if edge.is_directed(x, y):
        if view.mode != "pag":
            return _result(view, "yes", f"Yes: the edge {x} -> {y} is directed {rule}.", witness)
        if _visible(graph, x, y):
            return _result(
                view,
                "yes",
                f"Yes: {rule}, {x} -> {y} is a visible edge, so {x} directly causes {y} "
                "with no hidden common cause.",
                witness,
                rule="visible directed edge",
            )
        return _result(
            view,
            "uncertain",
            f"Uncertain: {rule}, {x} -> {y} says {x} causes {y}, but the edge is not visible, "
            f"so a hidden common cause may also link them.",
            witness,
            rule="invisible directed edge",
        )
    return _result(
        view,
        "uncertain",
        f"Uncertain: {rule}, the edge {edge.source} {edge.kind} {edge.target} leaves the "
        f"direction between {x} and {y} open.",
        [],
        rule="undetermined mark",
    )


def collider(graph: CausalGraph, x: str, y: str, limit: int = DEFAULT_LIMIT) -> QueryResult:
    """Do x and y have a common effect (a node c with x -> c <- y)?"""
    _check_pair(graph, x, y)
    view = _view(graph, limit)
    if view.dags is not None:

        def find(d: nx.DiGraph) -> set[str]:
            return (set(d.successors(x)) & set(d.successors(y))) - {x, y}

        answer, k, in_all, in_some = _over_class(view, find)
        sentence = _class_sentence(answer, x, y, "effect", _scope(view, k), in_all, in_some)
        return _result(
            view, answer, sentence, in_all + in_some, in_all_dags=in_all, in_some_dags=in_some
        )

    rule = _rule(view)
    others = [n for n in graph.nodes if n not in (x, y)]
    definite = [c for c in others if _points(graph, x, c) and _points(graph, y, c)]
    possible = [
        c
        for c in others
        if _may_point(graph, view.mode, x, c) and _may_point(graph, view.mode, y, c)
    ]
    if definite:
        return _result(
            view, "yes", f"Yes: {rule}, {x} -> {definite[0]} <- {y}, a common effect.", definite
        )
    if not possible:
        return _result(
            view, "no", f"No: {rule}, no node can have arrows from both {x} and {y}.", []
        )
    return _result(
        view,
        "uncertain",
        f"Uncertain: {rule}, {_names(possible)} may have arrows from both {x} and {y}, but the "
        "marks do not settle it.",
        possible,
    )


def confounder(graph: CausalGraph, x: str, y: str, limit: int = DEFAULT_LIMIT) -> QueryResult:
    """Do x and y have a common cause (paths c -> ... -> x avoiding y, c -> ... -> y avoiding x)?"""
    import networkx as nx

    _check_pair(graph, x, y)
    view = _view(graph, limit)
    if view.dags is not None:
        answer, k, in_all, in_some = _over_class(view, lambda d: _common_ancestors(d, x, y))
        sentence = _class_sentence(answer, x, y, "cause", _scope(view, k), in_all, in_some)
        return _result(
            view, answer, sentence, in_all + in_some, in_all_dags=in_all, in_some_dags=in_some
        )

    rule = _rule(view)
    edge = graph.edge_between(x, y)
    if view.mode == "pag" and edge is not None and edge.kind == "<->":
        return _result(
            view,
            "yes",
            f"Yes: {rule}, {x} <-> {y} means a hidden common cause of {x} and {y}.",
            [],
            hidden_common_cause=True,
        )
    definite = sorted(_common_ancestors(graph.directed_part(), x, y))
    if definite:
        return _result(
            view,
            "yes",
            f"Yes: {rule}, {_names(definite)} has directed paths to both {x} and {y}.",
            definite,
        )
    if view.mode == "pag":
        linked = nx.has_path(graph.to_networkx().to_undirected(as_view=True), x, y)
        if not linked:
            return _result(
                view,
                "no",
                f"No: {rule}, {x} and {y} are not connected, so nothing causes both.",
                [],
            )
        return _result(
            view,
            "uncertain",
            f"Uncertain: {rule}, no measured common cause is certain, but a hidden or possible "
            f"common cause of {x} and {y} cannot be ruled out.",
            [],
        )
    possible = sorted(_common_ancestors(_possible_digraph(graph, view.mode), x, y))
    if not possible:
        return _result(view, "no", f"No: {rule}, nothing can cause both {x} and {y}.", [])
    return _result(
        view,
        "uncertain",
        f"Uncertain: {rule}, {_names(possible)} may cause both {x} and {y}, depending on edge "
        "directions that are not determined.",
        possible,
    )


# ----- set queries ------------------------------------------------------------------------


def _set_query(graph: CausalGraph, x: str, relation: Relation, limit: int) -> SetQueryResult:
    import networkx as nx

    graph.require(x)
    view = _view(graph, limit)
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
        how = "in the DAG" if view.mode == "dag" else _across(len(found))
    else:
        definite = get(graph.directed_part())
        possible = get(_possible_digraph(graph, view.mode)) - definite
        how = "from the PAG marks" if view.mode == "pag" else "from the definite edge marks"
    sure, maybe = _names(sorted(definite)), _names(sorted(possible))
    if sure and maybe:
        members = f"are {sure} for certain, and possibly {maybe}"
    elif sure:
        members = f"are {sure}"
    elif maybe:
        members = f"are not certain: possibly {maybe}"
    else:
        members = "are none"
    sentence = f"{how[0].upper()}{how[1:]}, the {relation} of {x} {members}."
    return SetQueryResult(
        node=x,
        relation=relation,
        definite=sorted(definite),
        possible=sorted(possible),
        reason=view.finish(sentence),
        n_dags=view.n_dags,
        details=view.details,
    )


def parents(graph: CausalGraph, x: str, limit: int = DEFAULT_LIMIT) -> SetQueryResult:
    """Direct causes of x."""
    return _set_query(graph, x, "parents", limit)


def children(graph: CausalGraph, x: str, limit: int = DEFAULT_LIMIT) -> SetQueryResult:
    """Direct effects of x."""
    return _set_query(graph, x, "children", limit)


def ancestors(graph: CausalGraph, x: str, limit: int = DEFAULT_LIMIT) -> SetQueryResult:
    """Everything with a directed path into x."""
    return _set_query(graph, x, "ancestors", limit)


def descendants(graph: CausalGraph, x: str, limit: int = DEFAULT_LIMIT) -> SetQueryResult:
    """Everything x has a directed path to."""
    return _set_query(graph, x, "descendants", limit)


# ----- adjustment (IDA-style) -------------------------------------------------------------


def possible_parent_sets(
    graph: CausalGraph, x: str, limit: int = DEFAULT_LIMIT
) -> ParentSetsResult:
    """The distinct sets of parents x has across the class, each a backdoor set for x's effects."""
    graph.require(x)
    view = _view(graph, limit)
    if view.mode == "pag":
        return ParentSetsResult(
            node=x,
            sets=[],
            identified=False,
            reason=f"The parents of {x} are not identified from a PAG, because hidden common "
            "causes may be present; learn a CPDAG (PC or GES) to get backdoor sets.",
            details=view.details,
        )
    if view.dags is not None:
        distinct = {frozenset(d.predecessors(x)) for d in view.dags}
        sets = sorted(sorted(s) for s in distinct)
        how = _across(len(view.dags))
        details = view.details
    else:
        local = _local_parent_sets(graph, x)
        if local is None:
            return ParentSetsResult(
                node=x,
                sets=[],
                identified=False,
                reason=view.finish(
                    f"The parents of {x} are not identified: it has too many undirected edges "
                    "to list every possible parent set."
                ),
                details={**view.details, "method": "local"},
            )
        sets, how, details = local, "from the edges at " + x, {**view.details, "method": "local"}
    identified = len(sets) == 1
    if identified:
        sentence = f"The parents of {x} are the same {how}: {_names(sets[0]) or 'none'}."
    else:
        sentence = f"{x} has {len(sets)} possible parent sets {how}."
    return ParentSetsResult(
        node=x,
        sets=sets,
        identified=identified,
        reason=view.finish(sentence),
        n_dags=view.n_dags,
        details=details,
    )


def _local_parent_sets(graph: CausalGraph, x: str) -> list[list[str]] | None:
    """Local IDA: definite parents plus each set of undirected neighbours that adds no collider."""
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


def adjustment_sets(
    graph: CausalGraph, x: str, y: str, limit: int = DEFAULT_LIMIT
) -> AdjustmentSetsResult:
    """Backdoor sets for the effect of x on y: x's parents in each DAG of the class (IDA).

    When y is a parent of x in some DAG, x has no effect on y there (`outcome_may_be_parent`).
    """
    _check_pair(graph, x, y)
    found = possible_parent_sets(graph, x, limit)
    with_y = [s for s in found.sets if y in s]
    sets = [s for s in found.sets if y not in s]
    identified = found.identified and not with_y
    if not found.sets:
        sentence = found.reason
    elif not sets:
        sentence = (
            f"{y} is a parent of {x}{_scope_of(found)}, so {x} has no effect on {y} and there "
            "is nothing to adjust for."
        )
    elif identified:
        sentence = (
            f"Adjust for {_names(sets[0]) or 'nothing'}: the parents of {x} are identified, "
            f"so they block every backdoor path from {x} to {y}."
        )
    else:
        listed = "; ".join("{" + ", ".join(s) + "}" for s in sets) or "none"
        sentence = (
            f"The parents of {x} are not identified, so the backdoor set depends on edge "
            f"directions; estimate the effect with each of {len(sets)} sets ({listed}) and report "
            "the range"
        )
        if with_y:
            sentence += f"; where {y} is a parent of {x}, {x} has no effect on {y}"
        sentence += "."
    return AdjustmentSetsResult(
        treatment=x,
        outcome=y,
        sets=sets,
        identified=identified,
        outcome_may_be_parent=bool(with_y),
        reason=sentence,
        n_dags=found.n_dags,
        details={**found.details, "parent_sets": found.sets},
    )
