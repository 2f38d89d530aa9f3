"""Backdoor adjustment IDA-style: the parent sets a treatment has across its class.

Each distinct parent set of x in the DAGs of the class is a valid backdoor set for the
effect of x; when the class is too large to enumerate, the sets are read locally from the
edges at x (askwhy.stats.marks).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from askwhy.core.graph import CausalGraph
from askwhy.stats.equivalence import DEFAULT_LIMIT, check_pair, class_view
from askwhy.stats.marks import local_parent_sets
from askwhy.stats.query_wording import across, adjustment_sentence, parent_sets_sentence


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


def possible_parent_sets(
    graph: CausalGraph, x: str, limit: int = DEFAULT_LIMIT
) -> ParentSetsResult:
    """The distinct sets of parents x has across the class, each a backdoor set for x's effects."""
    graph.require(x)
    view = class_view(graph, limit)
    if view.mode == "pag":
        reason = (
            f"The parents of {x} are not identified from a PAG, because hidden common causes "
            "may be present; learn a CPDAG (PC or GES) to get backdoor sets."
        )
        return ParentSetsResult(
            node=x, sets=[], identified=False, reason=reason, details=view.details
        )
    if view.dags is not None:
        distinct = {frozenset(d.predecessors(x)) for d in view.dags}
        sets = sorted(sorted(s) for s in distinct)
        how, details = across(len(view.dags)), view.details
    else:
        local = local_parent_sets(graph, x)
        details = {**view.details, "method": "local"}
        if local is None:
            reason = view.finish(
                f"The parents of {x} are not identified: it has too many undirected edges "
                "to list every possible parent set."
            )
            return ParentSetsResult(
                node=x, sets=[], identified=False, reason=reason, details=details
            )
        sets, how = local, "from the edges at " + x
    return ParentSetsResult(
        node=x,
        sets=sets,
        identified=len(sets) == 1,
        reason=view.finish(parent_sets_sentence(x, sets, how)),
        n_dags=view.n_dags,
        details=details,
    )


def adjustment_sets(
    graph: CausalGraph, x: str, y: str, limit: int = DEFAULT_LIMIT
) -> AdjustmentSetsResult:
    """Backdoor sets for the effect of x on y: x's parents in each DAG of the class (IDA).

    When y is a parent of x in some DAG, x has no effect on y there (`outcome_may_be_parent`).
    """
    check_pair(graph, x, y)
    found = possible_parent_sets(graph, x, limit)
    with_y = [s for s in found.sets if y in s]
    sets = [s for s in found.sets if y not in s]
    identified = found.identified and not with_y
    if found.sets:
        reason = adjustment_sentence(x, y, sets, identified, bool(with_y), found.n_dags)
    else:
        reason = found.reason
    return AdjustmentSetsResult(
        treatment=x,
        outcome=y,
        sets=sets,
        identified=identified,
        outcome_may_be_parent=bool(with_y),
        reason=reason,
        n_dags=found.n_dags,
        details={**found.details, "parent_sets": found.sets},
    )
