"""CausalGraph: nodes and edges with endpoint marks (DAG, CPDAG or PAG) plus provenance.

Conversions: causal-learn GeneralGraph and LiNGAM matrices in; networkx, DOT and JSON both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from askwhy.errors import UnknownVariableError

if TYPE_CHECKING:
    import networkx as nx

EdgeKind = Literal["->", "--", "<->", "o->", "o-o"]
GraphKind = Literal["dag", "cpdag", "pag", "mixed"]

# The one wording of each edge kind: a short verb for sentences, a legend line for reports.
EDGE_VERBS: dict[str, str] = {
    "->": "causes",
    "--": "is linked to (direction unknown)",
    "<->": "shares a hidden cause with",
    "o->": "probably causes",
    "o-o": "is linked to (marks unknown)",
}
EDGE_MEANINGS: dict[str, str] = {
    "->": "directed: the first variable causes the second",
    "--": "undirected: linked, the data cannot tell the direction",
    "<->": "bidirected: a hidden common cause of both",
    "o->": "partially directed: the second is not a cause of the first; the first may cause it",
    "o-o": "linked, neither mark decided",
}
Mark = Literal["tail", "arrow", "circle"]

# Mark at the source end, mark at the target end.
EDGE_MARKS: dict[str, tuple[Mark, Mark]] = {
    "->": ("tail", "arrow"),
    "--": ("tail", "tail"),
    "<->": ("arrow", "arrow"),
    "o->": ("circle", "arrow"),
    "o-o": ("circle", "circle"),
}

# causal-learn endpoint codes: graph[i, j] is the mark at node i on the edge i - j.
_CL_MARKS: dict[int, Mark] = {-1: "tail", 1: "arrow", 2: "circle"}

# DOT attributes that draw each kind, written as source -> target.
_DOT_ATTRS = {
    "->": "",
    "--": ' [dir="none"]',
    "<->": ' [dir="both"]',
    "o->": ' [dir="both", arrowtail="odot", arrowhead="normal"]',
    "o-o": ' [dir="both", arrowtail="odot", arrowhead="odot"]',
}


class Edge(BaseModel):
    """One edge. For "o->" the circle is at `source`; "->" means source causes target."""

    source: str
    target: str
    kind: EdgeKind

    def as_list(self) -> list[str]:
        return [self.source, self.target, self.kind]

    def mark_at(self, node: str) -> Mark:
        """The endpoint mark at `node` (one of the edge's two ends)."""
        source_mark, target_mark = EDGE_MARKS[self.kind]
        if node == self.source:
            return source_mark
        if node == self.target:
            return target_mark
        raise ValueError(
            f"'{node}' is not an end of the edge {self.source} {self.kind} {self.target}."
        )

    def other(self, node: str) -> str:
        """The end that is not `node`."""
        return self.target if node == self.source else self.source

    def is_directed(self, source: str, target: str) -> bool:
        """True for a definite source -> target edge."""
        return self.kind == "->" and self.source == source and self.target == target


class BootstrapRun(BaseModel):
    """How a graph's edge frequencies were measured: resamples asked for and done (a time
    budget may stop early; a resample the search fails on is not counted), seconds, seed."""

    requested: int = Field(ge=0)
    resamples: int = Field(ge=0)
    failed: int = 0
    seconds: float = 0.0
    seed: int = 0
    stopped_early: bool = False


class Provenance(BaseModel):
    """Where a graph came from, enough to recompute it."""

    dataset: str = ""  # dataset fingerprint
    dataset_name: str = ""
    algorithm: str = ""
    test: str | None = None
    alpha: float | None = None
    columns: list[str] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    created: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    bootstrap: BootstrapRun | None = None  # when edge_frequency was measured


def _make_edge(a: str, b: str, mark_a: Mark, mark_b: Mark) -> Edge:
    """The Edge with mark `mark_a` at a and `mark_b` at b, flipping ends when needed."""
    for kind, (source_mark, target_mark) in EDGE_MARKS.items():
        if (mark_a, mark_b) == (source_mark, target_mark):
            return Edge(source=a, target=b, kind=kind)
        if (mark_b, mark_a) == (source_mark, target_mark):
            return Edge(source=b, target=a, kind=kind)
    # Tail-circle ("--o") has no kind of its own: keep only what is certain, "o-o".
    return Edge(source=a, target=b, kind="o-o")


class CausalGraph(BaseModel):
    """Nodes and marked edges; `kind` says whether it stands for a DAG, a CPDAG or a PAG."""

    nodes: list[str]
    edges: list[Edge] = Field(default_factory=list)
    kind: GraphKind = "cpdag"
    provenance: Provenance | None = None
    # Bootstrap stability (askwhy.stats.bootstrap): "a|b|kind" -> share of resamples with that
    # edge ("->", "o->": a is the source; "--", "<->", "o-o" and "adjacent": a < b by name).
    edge_frequency: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict)

    @field_validator("edges", mode="before")
    @classmethod
    def _edges_from_lists(cls, value: Any) -> Any:
        """Accept the Answer JSON form [[a, b, kind], ...] as well as edge objects."""
        if isinstance(value, list):
            return [
                {"source": e[0], "target": e[1], "kind": e[2]}
                if isinstance(e, list | tuple) and len(e) == 3
                else e
                for e in value
            ]
        return value

    @model_validator(mode="after")
    def _check_structure(self) -> CausalGraph:
        known = set(self.nodes)
        if len(known) != len(self.nodes):
            repeated = sorted({n for n in self.nodes if self.nodes.count(n) > 1})
            raise ValueError(f"Node names must be unique; repeated: {', '.join(repeated)}.")
        pairs: set[frozenset[str]] = set()
        for e in self.edges:
            for end in (e.source, e.target):
                if end not in known:
                    raise ValueError(
                        f"Edge {e.source} {e.kind} {e.target} uses '{end}', which is not a node."
                    )
            if e.source == e.target:
                raise ValueError(f"Edge {e.source} {e.kind} {e.target} joins a node to itself.")
            pair = frozenset((e.source, e.target))
            if pair in pairs:
                raise ValueError(f"More than one edge between {e.source} and {e.target}.")
            pairs.add(pair)
        return self

    # ----- construction -----------------------------------------------------------------

    @classmethod
    def from_edge_list(
        cls,
        nodes: Sequence[str],
        edges: Iterable[Sequence[str]],
        kind: GraphKind = "cpdag",
        provenance: Provenance | None = None,
    ) -> CausalGraph:
        """Build from [[a, b, kind], ...]; raises ValueError on unknown nodes or repeated pairs."""
        edge_models = [Edge(source=a, target=b, kind=k) for a, b, k in edges]
        return cls(nodes=list(nodes), edges=edge_models, kind=kind, provenance=provenance)

    @classmethod
    def from_causallearn(
        cls,
        general_graph: Any,
        names: Sequence[str] | None = None,
        kind: GraphKind = "cpdag",
    ) -> CausalGraph:
        """From a causal-learn GeneralGraph (PC `cg.G`, FCI's graph, GES `Record['G']`).

        causal-learn stores the mark at node i of edge i - j in `graph[i, j]`: -1 tail,
        1 arrow, 2 circle, so `graph[i, j] == -1 and graph[j, i] == 1` is i -> j. Pass
        `names` to label the nodes (causal-learn defaults to X1..Xn).
        """
        import numpy as np

        matrix = np.asarray(general_graph.graph)
        n = matrix.shape[0]
        if names is None:
            names = [node.get_name() for node in general_graph.get_nodes()]
        names = list(names)
        if len(names) != n:
            raise ValueError(f"Got {len(names)} names for a graph with {n} nodes.")
        edges: list[Edge] = []
        for i in range(n):
            for j in range(i + 1, n):
                code_i, code_j = int(matrix[i, j]), int(matrix[j, i])
                if code_i == 0 and code_j == 0:
                    continue
                if code_i in _CL_MARKS and code_j in _CL_MARKS:
                    edges.append(
                        _make_edge(names[i], names[j], _CL_MARKS[code_i], _CL_MARKS[code_j])
                    )
                else:
                    # Codes 4/5 pack two edges into one pair; keep only "adjacent, marks unknown".
                    unknown = "o-o" if kind == "pag" else "--"
                    edges.append(Edge(source=names[i], target=names[j], kind=unknown))
        return cls(nodes=names, edges=edges, kind=kind)

    @classmethod
    def from_lingam_matrix(
        cls, matrix: Any, names: Sequence[str], threshold: float = 0.0
    ) -> CausalGraph:
        """From a LiNGAM adjacency matrix B, where `B[i, j] != 0` means names[j] -> names[i]."""
        import numpy as np

        b = np.asarray(matrix, dtype=float)
        names = list(names)
        if b.shape != (len(names), len(names)):
            raise ValueError(f"Matrix of shape {b.shape} does not fit {len(names)} names.")
        edges = [
            Edge(source=names[j], target=names[i], kind="->")
            for i in range(len(names))
            for j in range(len(names))
            if i != j and abs(b[i, j]) > threshold
        ]
        return cls(nodes=names, edges=edges, kind="dag")

    @classmethod
    def from_networkx(cls, g: nx.Graph, kind: GraphKind | None = None) -> CausalGraph:
        """From networkx: a DiGraph is a DAG unless its edges carry another `kind`;
        an undirected Graph gives "--" edges."""
        nodes = [str(n) for n in g.nodes]
        if g.is_directed():
            edges = [
                Edge(source=str(a), target=str(b), kind=data.get("kind", "->"))
                for a, b, data in g.edges(data=True)
            ]
        else:
            edges = [Edge(source=str(a), target=str(b), kind="--") for a, b in g.edges]
        if kind is None:
            kind = g.graph.get("kind") or ("dag" if all(e.kind == "->" for e in edges) else "cpdag")
        return cls(nodes=nodes, edges=edges, kind=kind)

    @classmethod
    def from_json(cls, text: str) -> CausalGraph:
        return cls.model_validate_json(text)

    # ----- export -----------------------------------------------------------------------

    def edge_list(self) -> list[list[str]]:
        """Edges as [[a, b, kind], ...], the Answer JSON form."""
        return [e.as_list() for e in self.edges]

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_networkx(self) -> nx.DiGraph:
        """A DiGraph with every edge once as source -> target and its `kind` as an attribute.

        For a DAG this is the causal graph itself; for other kinds read `kind` before
        trusting a direction ("--", "o-o" and "<->" are not causal arrows).
        """
        import networkx as nx

        g = nx.DiGraph(kind=self.kind)
        g.add_nodes_from(self.nodes)
        for e in self.edges:
            g.add_edge(e.source, e.target, kind=e.kind)
        return g

    def to_dot(self, name: str = "causal_graph") -> str:
        """Graphviz DOT text: "--" drawn without arrows, "<->" both ways, circles as odot."""
        lines = [f"digraph {_dot_id(name)} {{"]
        lines += [f"  {_dot_id(n)};" for n in self.nodes]
        lines += [
            f"  {_dot_id(e.source)} -> {_dot_id(e.target)}{_DOT_ATTRS[e.kind]};" for e in self.edges
        ]
        lines.append("}")
        return "\n".join(lines) + "\n"

    # ----- structure --------------------------------------------------------------------

    def require(self, *names: str) -> None:
        """Raise UnknownVariableError for a name that is not a node."""
        for name in names:
            if name not in self.nodes:
                raise UnknownVariableError(name, self.nodes)

    def edge_between(self, a: str, b: str) -> Edge | None:
        """The edge joining a and b in either direction, or None."""
        for e in self.edges:
            if (e.source == a and e.target == b) or (e.source == b and e.target == a):
                return e
        return None

    def adjacent(self, a: str, b: str) -> bool:
        return self.edge_between(a, b) is not None

    def edges_of(self, x: str) -> list[Edge]:
        self.require(x)
        return [e for e in self.edges if x in (e.source, e.target)]

    def adjacencies(self, x: str) -> list[str]:
        """Every node joined to x by an edge of any kind."""
        return [e.other(x) for e in self.edges_of(x)]

    def parents(self, x: str) -> list[str]:
        """Nodes p with a definite p -> x edge."""
        return [e.source for e in self.edges_of(x) if e.is_directed(e.source, x)]

    def children(self, x: str) -> list[str]:
        """Nodes c with a definite x -> c edge."""
        return [e.target for e in self.edges_of(x) if e.is_directed(x, e.target)]

    def neighbors(self, x: str) -> list[str]:
        """Nodes joined to x by an undirected "--" edge (tails at both ends)."""
        return [e.other(x) for e in self.edges_of(x) if e.kind == "--"]

    def directed_part(self) -> nx.DiGraph:
        """A DiGraph of all nodes and only the definite "->" edges."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.nodes)
        g.add_edges_from((e.source, e.target) for e in self.edges if e.kind == "->")
        return g

    def is_dag(self) -> bool:
        """Every edge is "->" and there is no directed cycle."""
        import networkx as nx

        return all(e.kind == "->" for e in self.edges) and nx.is_directed_acyclic_graph(
            self.directed_part()
        )


def _dot_id(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
