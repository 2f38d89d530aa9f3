"""Questions about a designated variable or a pair's direction, over the equivalence class.

- is_confounder(z, x, y): z has a directed path to x avoiding y and one to y avoiding x.
- is_collider(z, x, y): x -> z <- y.
- is_mediator(z, x, y): z lies on a directed path x -> ... -> z -> ... -> y.
- direction(x, y): x causes y (x is an ancestor of y), y causes x, or neither.

"yes" when it holds in every DAG of the class, "no" in none, "uncertain" otherwise; PAGs and
classes too large to enumerate are read from the definite marks (yes) and the possible
orientations (no when even those rule it out).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from askwhy.core.graph import CausalGraph
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import ToolArgumentError
from askwhy.stats.equivalence import DEFAULT_LIMIT, YesNo, class_view
from askwhy.stats.marks import common_ancestors, possible_digraph
from askwhy.stats.query_wording import rule, scope

if TYPE_CHECKING:
    import networkx as nx

Role = Literal["confounder", "collider", "mediator"]
Direction = Literal["x_to_y", "y_to_x", "none", "uncertain"]
ROLE_WORDS = {
    "confounder": "a common cause (confounder) of {x} and {y}",
    "collider": "a common effect (collider) of {x} and {y}",
    "mediator": "a mediator between {x} and {y} (on a causal path {x} -> {z} -> {y})",
}


def _holds(role: Role, z: str, x: str, y: str) -> Callable[[nx.DiGraph], bool]:
    import networkx as nx

    def confounder(d: nx.DiGraph) -> bool:
        return z in common_ancestors(d, x, y)

    def collider(d: nx.DiGraph) -> bool:
        return d.has_edge(x, z) and d.has_edge(y, z)

    def mediator(d: nx.DiGraph) -> bool:
        return z in nx.descendants(d, x) and y in nx.descendants(d, z)

    return {"confounder": confounder, "collider": collider, "mediator": mediator}[role]


def role_of(
    graph: CausalGraph,
    role: Role,
    z: str,
    x: str,
    y: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> tuple[YesNo, str, int | None]:
    """Is z a `role` of x and y? The answer, one sentence of reason, and the DAG count."""
    graph.require(x, y, z)
    if len({x, y, z}) < 3:
        raise ToolArgumentError(f"Name three different variables (got {x}, {y} and {z}).")
    claim = f"{z} is " + ROLE_WORDS[role].format(x=x, y=y, z=z)
    view = class_view(graph, limit, knowledge)
    holds = _holds(role, z, x, y)
    if view.dags is not None:
        count = sum(holds(d) for d in view.dags)
        answer = _three_valued(count, len(view.dags))
        return answer, view.finish(_sentence(answer, claim, scope(view, count))), view.n_dags
    definite = holds(graph.directed_part())
    possible = holds(possible_digraph(graph, view.mode))
    answer = "yes" if definite else "uncertain" if possible else "no"
    where = f" {rule(view)}"
    return answer, view.finish(_sentence(answer, claim, where)), None


def direction(
    graph: CausalGraph,
    x: str,
    y: str,
    limit: int = DEFAULT_LIMIT,
    knowledge: BackgroundKnowledge | None = None,
) -> tuple[Direction, str, int | None]:
    """Which of x and y causes the other (directly or not), over the class."""
    import networkx as nx

    graph.require(x, y)
    if x == y:
        raise ToolArgumentError(f"Pick two different variables (got '{x}' twice).")
    view = class_view(graph, limit, knowledge)
    if view.dags is not None:
        found = {_direction_in(d, x, y) for d in view.dags}
        n = len(view.dags)
    else:
        definite = _direction_in(graph.directed_part(), x, y)
        loose = possible_digraph(graph, view.mode)
        x_may = nx.has_path(loose, x, y)
        y_may = nx.has_path(loose, y, x)
        found = {definite} if definite != "none" or not (x_may or y_may) else {"none", "x_to_y"}
        n = None
    if len(found) > 1:
        across = f" across the {n} DAGs it stands for" if n else f" {rule(view)}"
        sentence = (
            f"Uncertain: the graph does not decide whether {x} causes {y}, {y} causes {x}, or "
            f"neither{across}; these data do not identify the edge directions."
        )
        return "uncertain", view.finish(sentence), n
    (only,) = found
    where = scope(view, len(view.dags)) if view.dags is not None else f" {rule(view)}"
    sentence = {
        "x_to_y": f"{x} causes {y} (a directed path {x} -> ... -> {y}){where}.",
        "y_to_x": f"{y} causes {x} (a directed path {y} -> ... -> {x}){where}.",
        "none": f"Neither causes the other: no directed path links {x} and {y}{where}.",
    }[only]
    return only, view.finish(sentence), n


def _direction_in(d: nx.DiGraph, x: str, y: str) -> Direction:
    import networkx as nx

    if nx.has_path(d, x, y):
        return "x_to_y"
    if nx.has_path(d, y, x):
        return "y_to_x"
    return "none"


def _three_valued(count: int, n: int) -> YesNo:
    return "yes" if count == n else "no" if count == 0 else "uncertain"


def _sentence(answer: YesNo, claim: str, where: str) -> str:
    if answer == "yes":
        return f"Yes: {claim}{where}."
    if answer == "no":
        return f"No: {claim.replace(' is ', ' is not ', 1)}{where}."
    if not where.strip().startswith("in "):
        where = f" in some of the causal graphs consistent with the data ({where.strip()})"
    return f"Uncertain: {claim}{where}, not in all of them."


__all__ = ["Direction", "Role", "direction", "role_of"]
