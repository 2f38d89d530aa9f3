"""The DAGs a graph stands for: enumerating a CPDAG's class, repairing invalid PC output.

A DAG stands for itself and a CPDAG for every DAG with its skeleton and colliders. A PAG's
class (causal models with hidden variables) is not enumerated; neither is a class of more
than `limit` DAGs. Queries then fall back on the edge marks (askwhy.stats.marks).

Background knowledge (askwhy.stats.background), given or recorded in the graph's provenance,
removes the DAGs that contradict it. A statement that no DAG of the class satisfies is left
out with a note rather than emptying the class.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from askwhy.core.graph import CausalGraph, Edge
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import ToolArgumentError
from askwhy.stats.background import constraints, fit, recorded

if TYPE_CHECKING:
    import networkx as nx

YesNo = Literal["yes", "no", "uncertain"]

DEFAULT_LIMIT = 2000
_MAX_SEARCH_STEPS = 200_000
_MAX_COMPONENT_EDGES = 500


@dataclass
class ClassView:
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


def is_pag(graph: CausalGraph) -> bool:
    if graph.kind == "pag" or any(e.kind in ("o->", "o-o") for e in graph.edges):
        return True
    return graph.kind == "mixed" and any(e.kind == "<->" for e in graph.edges)


def check_pair(graph: CausalGraph, x: str, y: str) -> None:
    """The two variables of a pair query: nodes of the graph, and different."""
    graph.require(x, y)
    if x == y:
        raise ToolArgumentError(f"Pick two different variables (got '{x}' twice).")


def class_view(
    graph: CausalGraph, limit: int, knowledge: BackgroundKnowledge | None = None
) -> ClassView:
    """The graph with its DAGs enumerated when it is not a PAG and the class is small enough,
    less those that contradict `knowledge` (default: the knowledge the graph was discovered
    with, from its provenance)."""
    given = knowledge is not None
    knowledge = _usable(graph, knowledge)
    if is_pag(graph):
        notes = []
        if given and knowledge is not None:
            notes.append(
                "the background knowledge given now was not applied to the PAG's marks; "
                "discover the graph with it instead"
            )
        return ClassView(graph, "pag", None, {"mode": "pag"}, notes)
    dags, details, notes = _enumerate(graph, limit)
    if knowledge is not None:
        dags = _apply_knowledge(dags, knowledge, details, notes)
    single = dags is not None and len(dags) == 1 and not notes and graph.is_dag()
    mode: Literal["dag", "cpdag"] = "dag" if single else "cpdag"
    if dags is None:
        notes.append(
            f"the graph stands for more than {limit} DAGs, so only its definite edge marks "
            "were used"
        )
    return ClassView(graph, mode, dags, {"mode": mode, **details}, notes)


def dags_in_class(
    graph: CausalGraph, limit: int = DEFAULT_LIMIT, knowledge: BackgroundKnowledge | None = None
) -> list[nx.DiGraph] | None:
    """Every DAG the graph stands for, or None for a PAG or when there are more than `limit`.

    For a CPDAG: each acyclic orientation of the undirected edges that adds no new collider,
    searched one undirected component at a time. An invalid CPDAG (PC on real samples) is
    repaired rather than refused: edges on a directed cycle and "<->" conflicts count as
    undirected, and when no orientation avoids new colliders all acyclic ones are used.
    DAGs that contradict the background knowledge are left out (see class_view).
    """
    if is_pag(graph):
        return None
    return class_view(graph, limit, knowledge).dags


def orient_by_knowledge(
    graph: CausalGraph, knowledge: BackgroundKnowledge, limit: int = DEFAULT_LIMIT
) -> tuple[CausalGraph, int]:
    """A copy with every undirected edge that points one way in all the DAGs agreeing with
    `knowledge` directed that way, and how many edges that oriented. The graph is returned
    unchanged when it is a PAG, was repaired (not a valid CPDAG) or its class is too large."""
    view = class_view(graph, limit, knowledge)
    repaired = any(k in view.details for k in ("cycle_edges", "conflict_edges", "fallback"))
    if view.dags is None or repaired or not view.dags:
        return graph, 0
    edges, oriented = [], 0
    for e in graph.edges:
        if e.kind == "--":
            ways = {
                (a, b)
                for d in view.dags
                for a, b in ((e.source, e.target), (e.target, e.source))
                if d.has_edge(a, b)
            }
            if len(ways) == 1:
                (a, b) = ways.pop()
                edges.append(Edge(source=a, target=b, kind="->"))
                oriented += 1
                continue
        edges.append(e)
    if not oriented:
        return graph, 0
    return graph.model_copy(update={"edges": edges}), oriented


def over_class(
    view: ClassView, find: Callable[[nx.DiGraph], set[str]]
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


def _usable(
    graph: CausalGraph, knowledge: BackgroundKnowledge | None
) -> BackgroundKnowledge | None:
    """The knowledge to apply: the given one restricted to the graph's nodes, else the one
    recorded in the provenance; None when there is nothing to apply."""
    if knowledge is None:
        return recorded(graph)
    knowledge = fit(knowledge, graph.nodes)
    return None if knowledge.is_empty() else knowledge


def _apply_knowledge(
    dags: list[nx.DiGraph] | None,
    knowledge: BackgroundKnowledge,
    details: dict[str, Any],
    notes: list[str],
) -> list[nx.DiGraph] | None:
    """The DAGs that agree with every statement some DAG of the class agrees with."""
    if dags is None:
        notes.append("the background knowledge was not used here, as the class was not enumerated")
        return None
    rules, conflicts = [], []
    for rule in constraints(knowledge):
        (rules if any(rule.holds(d) for d in dags) else conflicts).append(rule)
    kept = [d for d in dags if all(rule.holds(d) for rule in rules)]
    if conflicts:
        details["knowledge_conflicts"] = [rule.text for rule in conflicts]
        notes.append(
            "no DAG the graph stands for agrees with the background knowledge that "
            f"{'; '.join(rule.text for rule in conflicts)}, so that part was left out"
        )
    if not kept:
        details["knowledge_conflicts"] = [rule.text for rule in constraints(knowledge)]
        notes.append(
            "no DAG the graph stands for agrees with all of the background knowledge at once, "
            "so it was not used"
        )
        return dags
    details["knowledge_removed"] = len(dags) - len(kept)
    if len(kept) < len(dags):
        notes.append(
            f"the background knowledge ruled out {len(dags) - len(kept)} of the {len(dags)} DAGs"
        )
    return kept


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

    if len(edges) > _MAX_COMPONENT_EDGES:
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
