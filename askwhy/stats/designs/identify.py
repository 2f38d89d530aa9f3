"""Which design a graph with hidden common causes identifies: back-door, else front-door.

A graph whose edges are all directed (->) or bidirected (<->, a hidden common cause) is
handed to DoWhy's AutoIdentifier with one unobserved node per bidirected edge; its
back-door, front-door and instrumental-variable estimands say what identifies the effect.
Graphs with undecided marks (--, o->, o-o) are not read here (None): their back-door sets
come from askwhy.stats.adjustment, and without one the effect is not identified.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from askwhy.core.graph import CausalGraph


class Identification(BaseModel):
    """What identifies the effect of `treatment` on `outcome` on one graph."""

    treatment: str
    outcome: str
    backdoor: list[str] | None = None  # None: no back-door set identifies it
    frontdoor: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(default_factory=list)

    @property
    def identified(self) -> bool:
        return self.backdoor is not None or bool(self.frontdoor)


def has_hidden_causes(graph: CausalGraph) -> bool:
    """Every edge directed or bidirected, and at least one bidirected."""
    kinds = {e.kind for e in graph.edges}
    return "<->" in kinds and kinds <= {"->", "<->"}


def identify_on_graph(graph: CausalGraph, treatment: str, outcome: str) -> Identification | None:
    """DoWhy's identification on a graph with hidden common causes; None for other graphs."""
    if not has_hidden_causes(graph):
        return None
    import networkx as nx
    from dowhy.causal_identifier import EstimandType
    from dowhy.causal_identifier.auto_identifier import AutoIdentifier

    from askwhy.stats.quiet import quiet

    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    hidden = 0
    for edge in graph.edges:
        if edge.kind == "->":
            dag.add_edge(edge.source, edge.target)
            continue
        hidden += 1
        latent = f"__hidden_{hidden}"
        dag.add_edges_from([(latent, edge.source), (latent, edge.target)])
    identifier = AutoIdentifier(estimand_type=EstimandType.NONPARAMETRIC_ATE)
    with quiet():
        found = identifier.identify_effect(
            dag, action_nodes=[treatment], outcome_nodes=[outcome], observed_nodes=graph.nodes
        )
    backdoor = None
    if (found.estimands or {}).get("backdoor") is not None:  # None: nothing identified
        backdoor = sorted(found.get_backdoor_variables() or [])
    frontdoor = sorted(found.get_frontdoor_variables() or [])
    instruments = sorted(found.get_instrumental_variables() or [])
    return Identification(
        treatment=treatment,
        outcome=outcome,
        backdoor=backdoor,
        frontdoor=frontdoor if backdoor is None else [],
        instruments=instruments,
    )


def not_identified_message(
    treatment: str, outcome: str, graph_name: str, why: str, instruments: list[str]
) -> str:
    """Why the effect is not identified on the graph, and what would identify it."""
    hint = ""
    if instruments:
        hint = f" (graph '{graph_name}' suggests {', '.join(instruments)})"
    return (
        f"The effect of {treatment} on {outcome} is not identified from graph '{graph_name}': "
        f"{why} Neither a back-door set nor a front-door mediator is found in it. What would "
        f"identify it: the confounders to adjust for ('... controlling for A and B'); an "
        f"instrument ('... using Z as an instrument'){hint}; a mediator that carries the whole "
        f"effect ('... by front-door adjustment through M'); or a graph with the directions "
        "decided (PC or GES learn a CPDAG)."
    )
