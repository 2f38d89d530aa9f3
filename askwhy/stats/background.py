"""Background knowledge by column name: checking it, handing it to causal-learn, testing DAGs.

The typed model is `BackgroundKnowledge` (askwhy.core.settings, re-exported here, so analysis
settings can hold it): required and forbidden direct edges, tiers (time order: a variable in a
later tier cannot cause one in an earlier tier, directly or through others) and exogenous
variables (nothing in the data causes them).

causal-learn matches background knowledge to the graph's nodes by name (GraphNode equality is
name equality), so the search must be run with `node_names` equal to the names used here.
Tiers there forbid only direct edges from a later to an earlier tier; in the equivalence-class
reasoning (askwhy.stats.equivalence) a DAG is kept only if no later-tier variable has a
directed path to an earlier-tier one, which is what time order means.
"""

from __future__ import annotations

import fnmatch
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from askwhy.core.graph import CausalGraph
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import ToolArgumentError, UnknownVariableError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BackgroundKnowledge",
    "Constraint",
    "add_required_edges",
    "constraints",
    "describe",
    "fit",
    "for_columns",
    "recorded",
    "resolve",
    "restrict",
    "to_causallearn",
    "violations",
]

_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class Constraint:
    """One statement of the knowledge, with the test a DAG must pass."""

    text: str
    holds: Callable[[nx.DiGraph], bool]


# ----- names ------------------------------------------------------------------------------


def resolve(
    knowledge: BackgroundKnowledge,
    columns: Sequence[str],
    dropped: Mapping[str, str] | None = None,
) -> BackgroundKnowledge:
    """The knowledge with every name a real column: exact, up to case and separators, or a
    glob pattern (`*_t1`) that matches at least one column. Unknown names are errors that
    list the columns; contradictions (a required edge that is also forbidden, into an
    exogenous variable, or against the time order; a variable in two tiers) are errors too."""
    columns = list(columns)

    def names(name: str) -> list[str]:
        return _expand(name, columns, dropped or {})

    required = _pairs(knowledge.required, names)
    forbidden = _pairs(knowledge.forbidden, names)
    tiers = _tiers(knowledge.tiers, names)
    exogenous = [n for entry in knowledge.exogenous for n in names(entry)]
    resolved = BackgroundKnowledge(
        required=required, forbidden=forbidden, tiers=tiers, exogenous=exogenous
    ).canonical()
    _check_consistent(resolved)
    return resolved


def _tiers(tiers: list[list[str]], names: Callable[[str], list[str]]) -> list[list[str]]:
    """Tiers of column names. A name given as itself wins over a pattern that also matches
    it, so `[["age"], ["*"]]` means age first, everything else after."""
    explicit = {
        n for tier in tiers for entry in tier if not _GLOB & set(entry) for n in names(entry)
    }
    found = []
    for tier in tiers:
        members = []
        for entry in tier:
            expanded = names(entry)
            members += (
                expanded if not _GLOB & set(entry) else [n for n in expanded if n not in explicit]
            )
        found.append(list(dict.fromkeys(members)))
    return found


def restrict(
    knowledge: BackgroundKnowledge, columns: Iterable[str]
) -> tuple[BackgroundKnowledge, list[str]]:
    """Only the statements about `columns` (a discovery on a subset); the names left out."""
    keep = set(columns)
    named = _named(knowledge)
    left_out = sorted(named - keep)
    if not left_out:
        return knowledge, []
    restricted = BackgroundKnowledge(
        required=[p for p in knowledge.required if set(p) <= keep],
        forbidden=[p for p in knowledge.forbidden if set(p) <= keep],
        tiers=[[n for n in tier if n in keep] for tier in knowledge.tiers],
        exogenous=[n for n in knowledge.exogenous if n in keep],
    ).canonical()
    return restricted, left_out


def for_columns(
    given: BackgroundKnowledge | None,
    known_columns: Sequence[str],
    columns: Sequence[str],
    notes: list[str],
) -> BackgroundKnowledge | None:
    """The knowledge resolved against `known_columns` (the data's), restricted to the
    analysed `columns` (what is left out goes into `notes`); None when nothing is left."""
    if given is None:
        return None
    known, left_out = restrict(resolve(given, known_columns), columns)
    if left_out:
        notes.append(
            f"Background knowledge about {', '.join(left_out)} was not used: not among the "
            "analysed columns."
        )
    return None if known.is_empty() else known


def recorded(graph: CausalGraph) -> BackgroundKnowledge | None:
    """The knowledge a graph was discovered with (its provenance), resolved to its nodes;
    statements about names that are not nodes are left out. None when nothing is left."""
    provenance = graph.provenance
    raw = provenance.parameters.get("knowledge") if provenance is not None else None
    if not raw:
        return None
    try:
        knowledge = BackgroundKnowledge.model_validate(raw)
    except ValueError:
        return None
    fitted = fit(knowledge, graph.nodes)
    return None if fitted.is_empty() else fitted


def fit(knowledge: BackgroundKnowledge, nodes: Sequence[str]) -> BackgroundKnowledge:
    """The knowledge resolved to a graph's nodes, leaving out the statements about other
    names (a graph on a subset of the columns) instead of refusing them."""
    try:
        return resolve(knowledge, nodes)
    except (ToolArgumentError, UnknownVariableError):
        return _each_statement(knowledge, nodes)


def _each_statement(knowledge: BackgroundKnowledge, nodes: Sequence[str]) -> BackgroundKnowledge:
    """The statements whose names are all nodes (tiers: the names that are)."""
    columns = list(nodes)

    def names(entry: str) -> list[str]:
        try:
            return _expand(entry, columns, {})
        except (ToolArgumentError, UnknownVariableError):
            return []

    def pairs(given: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(a, b) for x, y in given for a in names(x) for b in names(y) if a != b]

    try:
        return resolve(
            BackgroundKnowledge(
                required=pairs(knowledge.required),
                forbidden=pairs(knowledge.forbidden),
                tiers=_tiers(knowledge.tiers, names),
                exogenous=[n for entry in knowledge.exogenous for n in names(entry)],
            ),
            columns,
        )
    except (ToolArgumentError, UnknownVariableError):
        return BackgroundKnowledge()


def _expand(name: str, columns: list[str], dropped: Mapping[str, str]) -> list[str]:
    from askwhy.core.names import match_column

    if name in columns:
        return [name]
    if _GLOB & set(name):
        found = fnmatch.filter(columns, name)
        if not found:
            raise ToolArgumentError(
                f"The pattern '{name}' in the background knowledge matches no column. "
                f"Columns: {', '.join(columns)}."
            )
        return found
    if name in dropped:
        raise ToolArgumentError(
            f"Column '{name}' in the background knowledge was left out of the analysis: "
            f"{dropped[name]}"
        )
    column = match_column(name, columns)
    if column is None:
        raise UnknownVariableError(name, columns)
    return [column]


def _pairs(
    pairs: Iterable[tuple[str, str]], names: Callable[[str], list[str]]
) -> list[tuple[str, str]]:
    return [(a, b) for x, y in pairs for a, b in itertools.product(names(x), names(y)) if a != b]


def _named(knowledge: BackgroundKnowledge) -> set[str]:
    found = {n for pair in (*knowledge.required, *knowledge.forbidden) for n in pair}
    found.update(n for tier in knowledge.tiers for n in tier)
    found.update(knowledge.exogenous)
    return found


def _tier_of(knowledge: BackgroundKnowledge) -> dict[str, int]:
    return {n: i for i, tier in enumerate(knowledge.tiers) for n in tier}


def _check_consistent(knowledge: BackgroundKnowledge) -> None:
    seen: dict[str, int] = {}
    for i, tier in enumerate(knowledge.tiers):
        for n in tier:
            if n in seen and seen[n] != i:
                raise ToolArgumentError(
                    f"'{n}' is in tiers {seen[n] + 1} and {i + 1}; put each variable in one tier."
                )
            seen[n] = i
    both = sorted(set(knowledge.required) & set(knowledge.forbidden))
    if both:
        a, b = both[0]
        raise ToolArgumentError(f"The edge {a} -> {b} is both required and forbidden.")
    exogenous = set(knowledge.exogenous)
    for a, b in knowledge.required:
        if b in exogenous:
            raise ToolArgumentError(
                f"The edge {a} -> {b} is required, but {b} is exogenous (caused by nothing)."
            )
        if a in seen and b in seen and seen[a] > seen[b]:
            raise ToolArgumentError(
                f"The edge {a} -> {b} is required, but {a} comes after {b} in the time order."
            )


# ----- causal-learn -----------------------------------------------------------------------


def to_causallearn(knowledge: BackgroundKnowledge, names: Sequence[str]) -> Any:
    """causal-learn's BackgroundKnowledge for a search run with `node_names=names`.

    Nodes are GraphNode(name): causal-learn compares nodes by name, so these match the nodes
    the search builds from `node_names`. Exogenous variables become forbidden edges into them.
    """
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.PCUtils.BackgroundKnowledge import (
        BackgroundKnowledge as CausalLearnKnowledge,
    )

    names = list(names)
    unknown = sorted(_named(knowledge) - set(names))
    if unknown:
        raise UnknownVariableError(unknown[0], names)
    node = {n: GraphNode(n) for n in names}
    bk = CausalLearnKnowledge()
    for a, b in knowledge.required:
        bk.add_required_by_node(node[a], node[b])
    for a, b in knowledge.forbidden:
        bk.add_forbidden_by_node(node[a], node[b])
    for x in knowledge.exogenous:
        for other in names:
            if other != x:
                bk.add_forbidden_by_node(node[other], node[x])
    for i, tier in enumerate(knowledge.tiers):
        for n in tier:
            bk.add_node_to_tier(node[n], i)
    return bk


# ----- DAGs and graphs --------------------------------------------------------------------


def constraints(knowledge: BackgroundKnowledge) -> list[Constraint]:
    """Each statement as a test of a DAG (tiers: no directed path from later to earlier)."""
    import networkx as nx

    found: list[Constraint] = []
    for a, b in knowledge.required:
        found.append(Constraint(f"{a} -> {b} is required", lambda d, a=a, b=b: d.has_edge(a, b)))
    for a, b in knowledge.forbidden:
        found.append(
            Constraint(f"{a} -> {b} is forbidden", lambda d, a=a, b=b: not d.has_edge(a, b))
        )
    for x in knowledge.exogenous:
        found.append(Constraint(f"{x} is caused by nothing", lambda d, x=x: d.in_degree(x) == 0))
    for i, later in enumerate(knowledge.tiers):
        earlier = {n for tier in knowledge.tiers[:i] for n in tier}
        if not earlier:
            continue
        for n in later:
            found.append(
                Constraint(
                    f"{n} comes after {', '.join(sorted(earlier))}",
                    lambda d, n=n, earlier=earlier: not (nx.descendants(d, n) & earlier),
                )
            )
    return found


def violations(knowledge: BackgroundKnowledge, graph: CausalGraph) -> list[str]:
    """Statements a discovered graph's definite marks contradict, in words."""
    found: list[str] = []
    tier = _tier_of(knowledge)
    for a, b in knowledge.required:
        edge = graph.edge_between(a, b)
        if edge is None:
            found.append(f"the required edge {a} -> {b} is missing")
        elif edge.mark_at(a) == "arrow":  # b -> a, a <-> b or b o-> a: a does not cause b
            found.append(f"the required edge {a} -> {b} is {edge.source} {edge.kind} {edge.target}")
    for edge in graph.edges:
        if edge.kind != "->":
            continue
        a, b = edge.source, edge.target
        if (a, b) in knowledge.forbidden:
            found.append(f"the forbidden edge {a} -> {b} is there")
        if b in knowledge.exogenous:
            found.append(f"{a} -> {b} points into {b}, which is caused by nothing")
        if a in tier and b in tier and tier[a] > tier[b]:
            found.append(f"{a} -> {b} goes against the time order")
    return found


def add_required_edges(graph: CausalGraph, knowledge: BackgroundKnowledge) -> list[str]:
    """Add each required edge the search left out (the data alone did not link its ends);
    return the notes saying so. The graph is changed in place."""
    from askwhy.core.graph import Edge

    notes = []
    for a, b in knowledge.required:
        if graph.edge_between(a, b) is None:
            graph.edges.append(Edge(source=a, target=b, kind="->"))
            notes.append(
                f"The data alone did not link {a} and {b}; the edge {a} -> {b} was added "
                "because the background knowledge requires it."
            )
    return notes


def describe(knowledge: BackgroundKnowledge) -> list[str]:
    """The knowledge as assumption lines for an answer."""
    parts = [f"{a} directly causes {b}" for a, b in knowledge.required]
    parts += [f"{a} does not directly cause {b}" for a, b in knowledge.forbidden]
    parts += [f"{x} is caused by nothing in the data" for x in knowledge.exogenous]
    tiers = [t for t in knowledge.tiers if t]
    if len(tiers) > 1:
        order = " before ".join(f"[{', '.join(t)}]" for t in tiers)
        parts.append(f"time order {order} (later variables cannot cause earlier ones)")
    if not parts:
        return []
    return [
        "Background knowledge, taken as true and not tested against the data: "
        + "; ".join(parts)
        + "."
    ]
