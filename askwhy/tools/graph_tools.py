"""Questions about a causal graph: direct cause, collider, confounder, relatives, adjustment.

Yes/no answers are quantified over the equivalence class the graph stands for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import Field

from askwhy.errors import ToolArgumentError
from askwhy.tools.args import GraphSettings
from askwhy.tools.graphs import discovery_evidence, graph_for_query, payload
from askwhy.tools.registry import Column, Role, tool
from askwhy.tools.results import DirectionResult, SetResult, YesNoResult
from askwhy.tools.workspace import Workspace

RELATION_WORDS = {
    "parents": "direct causes",
    "children": "direct effects",
    "ancestors": "causes",
    "descendants": "effects",
}


class PairArgs(GraphSettings):
    x: Column = Field(description="First variable (for direct_cause: the cause).")
    y: Column = Field(description="Second variable (for direct_cause: the effect).")


class RoleArgs(PairArgs):
    z: Annotated[str | None, Role.column] = Field(
        default=None,
        description="A designated third variable to check; default: is there any such variable.",
    )


class MediatorArgs(PairArgs):
    x: Column = Field(description="The cause at the start of the path.")
    y: Column = Field(description="The effect at the end of the path.")
    z: Column = Field(description="The variable that may lie on a causal path from x to y.")


class RelativesArgs(GraphSettings):
    x: Column = Field(description="The variable whose relatives are wanted.")
    relation: Literal["parents", "children", "ancestors", "descendants"] = Field(
        description="parents = direct causes, children = direct effects, ancestors = all "
        "causes, descendants = all effects."
    )


class AdjustmentArgs(GraphSettings):
    treatment: Column = Field(description="The treatment (cause) variable.")
    outcome: Column = Field(description="The outcome variable.")


@tool("yes_no")
def direct_cause(ws: Workspace, args: PairArgs) -> YesNoResult:
    """Does x directly cause y? Answers yes/no/uncertain from the causal graph."""
    from askwhy.stats import graph_queries

    return _pair_query("direct_cause", graph_queries.direct_cause, ws, args)


@tool("yes_no")
def common_effect(ws: Workspace, args: RoleArgs) -> YesNoResult:
    """Is there a collider (common effect) of x and y: a node c with x -> c <- y? With z:
    is z such a common effect?"""
    from askwhy.stats import graph_queries

    if args.z is not None:
        return _role_query("common_effect", "collider", ws, args, args.z)
    return _pair_query("common_effect", graph_queries.collider, ws, args)


@tool("yes_no")
def common_cause(ws: Workspace, args: RoleArgs) -> YesNoResult:
    """Is there a confounder (common cause) of x and y in the causal graph? With z: is z a
    common cause of both?"""
    from askwhy.stats import graph_queries

    if args.z is not None:
        return _role_query("common_cause", "confounder", ws, args, args.z)
    return _pair_query("common_cause", graph_queries.confounder, ws, args)


@tool("yes_no")
def mediator(ws: Workspace, args: MediatorArgs) -> YesNoResult:
    """Is z a mediator of x and y: on a directed causal path x -> ... -> z -> ... -> y?"""
    return _role_query("mediator", "mediator", ws, args, args.z)


@tool("text")
def pairwise_direction(ws: Workspace, args: PairArgs) -> DirectionResult:
    """Which is more likely: x causes y, y causes x, or neither? Read from the causal graph;
    where the graph leaves it open (always with two columns), from the pair's own data by
    methods that go beyond independences (LiNGAM, additive-noise models, RECI, IGCI), which
    must agree; 'uncertain' when the data do not identify the direction."""
    from askwhy.errors import AskwhyError
    from askwhy.stats.graph_queries import confounder
    from askwhy.stats.pairwise import orient_pair
    from askwhy.stats.roles import direction

    if args.x == args.y:
        raise ToolArgumentError(f"Both variables are '{args.x}'. Name two different columns.")
    run = graph_for_query(ws, args, [args.x, args.y])
    found, reason, n_dags = direction(run.graph, args.x, args.y)
    evidence, warnings = [discovery_evidence(run)], list(run.warnings)
    try:  # the graph may come from memory with no dataset (or another one) loaded
        dataset = ws.dataset(args.dataset)
        usable = {args.x, args.y} <= set(dataset.columns)
    except AskwhyError:
        usable = False
    if found == "uncertain" and usable:
        common = confounder(run.graph, args.x, args.y)
        unordered = dataset.unordered([args.x, args.y])
        if unordered:
            reason += (
                f" The pairwise methods were not run: {', '.join(unordered)} is an unordered "
                "category, whose codes are not numbers."
            )
        elif common.answer != "no":
            shown = ", ".join(common.witnesses[:3]) or "another variable"
            reason += (
                f" The pairwise methods were not run: {shown} may be a common cause of "
                f"{args.x} and {args.y} in the graph, and they assume there is none."
            )
        else:
            rows = dataset.complete_rows([args.x, args.y], "Reading a direction")
            pair = orient_pair(
                rows.frame[args.x].to_numpy(),
                rows.frame[args.y].to_numpy(),
                args.x,
                args.y,
                seed=args.analysis_settings().seed,
            )
            found = pair.direction
            where = "A graph over two columns cannot orient their edge"
            if len(run.graph.nodes) > 2:
                where = "The causal graph leaves it open; this is read from the two columns alone"
            reason = f"{pair.reason} ({where}.)"
            evidence += pair.evidence()
            warnings += [note for note in rows.notes() if note not in warnings]
    return DirectionResult(
        tool="pairwise_direction",
        summary=reason,
        x=args.x,
        y=args.y,
        direction=found,
        n_dags=n_dags,
        evidence=evidence,
        graph=payload(run.name, run.graph),
        warnings=warnings,
    )


@tool("set")
def relatives(ws: Workspace, args: RelativesArgs) -> SetResult:
    """List the parents (direct causes), children (direct effects), ancestors (all causes)
    or descendants (all effects) of a variable in the causal graph."""
    from askwhy.stats import graph_queries

    run = graph_for_query(ws, args, [args.x])
    query = getattr(graph_queries, args.relation)
    result = query(run.graph, args.x)
    definite, possible = list(result.definite), list(result.possible)
    words = RELATION_WORDS[args.relation]
    summary = f"{words.capitalize()} of {args.x}: {', '.join(definite) or 'none found'}"
    if possible:
        summary += f"; possibly also {', '.join(possible)} (edge directions not identified)"
    return SetResult(
        tool="relatives",
        summary=summary + ".",
        relation=args.relation,
        variable=args.x,
        members=definite,
        possible=possible,
        identified=not possible,
        evidence=[discovery_evidence(run)],
        graph=payload(run.name, run.graph),
        warnings=list(run.warnings),
    )


@tool("set")
def adjustment_set(ws: Workspace, args: AdjustmentArgs) -> SetResult:
    """Which variables to adjust for to estimate the causal effect of treatment on outcome."""
    from askwhy.stats.graph_queries import adjustment_sets

    run = graph_for_query(ws, args, [args.treatment, args.outcome])
    result = adjustment_sets(run.graph, args.treatment, args.outcome)
    sets = [list(s) for s in result.sets]
    if result.identified and len(sets) == 1:
        text = ", ".join(sets[0]) or "nothing (no backdoor path)"
    elif not sets and result.outcome_may_be_parent:
        text = "nothing: the outcome causes the treatment"
    else:
        text = "uncertain"
    return SetResult(
        tool="adjustment_set",
        summary=result.reason,
        relation="adjustment_set",
        variable=args.treatment,
        other=args.outcome,
        members=sets[0] if result.identified and len(sets) == 1 else [],
        alternatives=sets,
        identified=result.identified,
        text=text,
        evidence=[discovery_evidence(run)],
        graph=payload(run.name, run.graph),
        warnings=list(run.warnings),
    )


def _role_query(name: str, role: Any, ws: Workspace, args: PairArgs, z: str) -> YesNoResult:
    from askwhy.stats.bootstrap import stability_note
    from askwhy.stats.roles import role_of
    from askwhy.tools.args import query_knowledge
    from askwhy.tools.discovery_tool import graph_evidence

    if len({args.x, args.y, z}) < 3:
        raise ToolArgumentError(f"Name three different columns (got {args.x}, {args.y}, {z}).")
    args, knowledge = query_knowledge(ws, args)
    run = graph_for_query(ws, args, [args.x, args.y, z])
    answer, reason, n_dags = role_of(run.graph, role, z, args.x, args.y, knowledge=knowledge)
    stability = stability_note(run.graph, [args.x, args.y, z])
    return YesNoResult(
        tool=name,
        summary=" ".join(part for part in (reason, stability) if part),
        answer=answer,
        x=args.x,
        y=args.y,
        z=z,
        witnesses=[z] if answer != "no" else [],
        n_dags=n_dags,
        evidence=[graph_evidence(run, knowledge)],
        graph=payload(run.name, run.graph),
        warnings=list(run.warnings),
    )


def _pair_query(name: str, query: Callable[..., Any], ws: Workspace, args: PairArgs) -> YesNoResult:
    from askwhy.stats.bootstrap import stability_note
    from askwhy.tools.args import query_knowledge
    from askwhy.tools.discovery_tool import graph_evidence

    if args.x == args.y:
        raise ToolArgumentError(f"Both variables are '{args.x}'. Name two different columns.")
    args, knowledge = query_knowledge(ws, args)
    run = graph_for_query(ws, args, [args.x, args.y])
    result = query(run.graph, args.x, args.y, knowledge=knowledge)
    # the witnesses of a common cause / effect are nodes; a direct cause's is the edge itself
    nodes = [args.x, args.y, *(w for w in result.witnesses[:3] if w in run.graph.nodes)]
    directed = (args.x, args.y) if name == "direct_cause" else None
    stability = stability_note(run.graph, nodes, directed)
    return YesNoResult(
        tool=name,
        summary=" ".join(part for part in (result.reason, stability) if part),
        answer=result.answer,
        x=args.x,
        y=args.y,
        witnesses=list(result.witnesses),
        n_dags=result.n_dags,
        evidence=[graph_evidence(run, knowledge)],
        graph=payload(run.name, run.graph),
        warnings=list(run.warnings),
    )
