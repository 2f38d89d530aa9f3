"""The askwhy tools: typed arguments + a runner over the Workspace, each returning a ToolResult.

The statistics live in independence.py, discovery.py, graph_queries.py and effects.py as plain
functions of a DataFrame or a CausalGraph; this module binds them to loaded data and memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from askwhy.errors import ToolArgumentError
from askwhy.stats.discovery import Algorithm, DiscoveryTest
from askwhy.stats.independence import TestName
from askwhy.tools.registry import Tool
from askwhy.tools.results import Evidence, ToolResult
from askwhy.tools.workspace import GraphRun, Workspace


class DatasetArgs(BaseModel):
    dataset: str | None = Field(
        default=None, description="Name of a loaded dataset; default: the current one."
    )


class GraphSettings(DatasetArgs):
    graph: str | None = Field(
        default=None,
        description="Graph in memory to query; default: discover one from the data (reused "
        "when cached).",
    )
    algorithm: Algorithm = Field(default="pc", description="Discovery algorithm.")
    test: DiscoveryTest = Field(
        default="auto",
        description="Independence test for pc/fci; auto: by column types.",
    )
    alpha: float = Field(default=0.05, gt=0, lt=1, description="Significance level.")


class DescribeArgs(DatasetArgs):
    pass


class IndependenceArgs(DatasetArgs):
    x: str = Field(description="First variable (column name).")
    y: str = Field(description="Second variable (column name).")
    given: list[str] = Field(default_factory=list, description="Conditioning variables, if any.")
    test: TestName = Field(
        default="auto", description="fisherz, chisq, gsq, kci, or auto (by column types)."
    )
    alpha: float = Field(default=0.05, gt=0, lt=1, description="Significance level.")


class DiscoverArgs(DatasetArgs):
    variables: list[str] = Field(
        default_factory=list, description="Columns to include; empty means every column."
    )
    algorithm: Algorithm = Field(default="pc", description="pc, fci, ges or lingam.")
    test: DiscoveryTest = Field(default="auto", description="Independence test for pc/fci.")
    alpha: float = Field(default=0.05, gt=0, lt=1, description="Significance level for pc/fci.")
    name: str | None = Field(default=None, description="Name to store the graph under.")


class PairArgs(GraphSettings):
    x: str = Field(description="First variable (for direct_cause: the cause).")
    y: str = Field(description="Second variable (for direct_cause: the effect).")


class RelativesArgs(GraphSettings):
    x: str = Field(description="The variable whose relatives are wanted.")
    relation: Literal["parents", "children", "ancestors", "descendants"] = Field(
        description="parents = direct causes, children = direct effects, ancestors = all "
        "causes, descendants = all effects."
    )


class AdjustmentArgs(GraphSettings):
    treatment: str = Field(description="The treatment (cause) variable.")
    outcome: str = Field(description="The outcome variable.")


class EffectArgs(GraphSettings):
    treatment: str = Field(description="The treatment variable.")
    outcome: str = Field(description="The outcome variable.")
    treatment_values: tuple[float, float] | None = Field(
        default=None,
        description="[from, to]: the effect of changing the treatment from the first value to "
        "the second. Default: a one-unit change (0 -> 1 for a binary treatment).",
    )
    covariates: list[str] | None = Field(
        default=None,
        description="Confounders to adjust for. Default: an adjustment set read from the "
        "discovered causal graph.",
    )
    method: Literal["auto", "linear_regression", "dml", "propensity_score_weighting"] = Field(
        default="auto", description="Estimator."
    )


class GraphNameArgs(BaseModel):
    name: str = Field(description="Name of a graph in memory.")


class ExportArgs(GraphNameArgs):
    path: str = Field(description="File to write, ending in .json or .dot.")


class NoArgs(BaseModel):
    pass


# ---------------------------------------------------------------- runners


def describe_tool(ws: Workspace, args: DescribeArgs) -> ToolResult:
    dataset = ws.dataset(args.dataset)
    columns = [
        {
            "name": p.name,
            "kind": p.kind,
            "distinct": p.n_unique,
            "min": p.min,
            "max": p.max,
            **({"categories": p.categories} if p.categories else {}),
            **({"skewed": True} if p.skewed else {}),
        }
        for p in dataset.profiles.values()
    ]
    kinds = ", ".join(f"{p.name} ({p.kind})" for p in dataset.profiles.values())
    return ToolResult(
        tool="describe_data",
        summary=f"'{dataset.name}' has {len(dataset.frame)} rows and columns {kinds}.",
        data={
            "name": dataset.name,
            "rows": len(dataset.frame),
            "columns": columns,
            "notes": dataset.notes,
            "dropped_columns": dataset.dropped_columns,
        },
    )


def independence_tool(ws: Workspace, args: IndependenceArgs) -> ToolResult:
    from askwhy.stats.independence import independence_test

    dataset = ws.dataset(args.dataset)
    kinds = {c: dataset.profiles[c].kind for c in dataset.columns}
    result = independence_test(
        dataset.frame, args.x, args.y, args.given, test=args.test, alpha=args.alpha, kinds=kinds
    )
    skewed = [c for c in (args.x, args.y, *args.given) if dataset.profiles[c].skewed]
    warnings = []
    if skewed and result.test == "fisherz":
        warnings.append(
            f"{', '.join(skewed)} {'is' if len(skewed) == 1 else 'are'} strongly skewed; "
            "Fisher-z may be unreliable (try test 'kci' or a log transform)."
        )
    return ToolResult(
        tool="test_independence",
        summary=result.summary,
        data={"answer": "yes" if result.independent else "no", **result.model_dump()},
        evidence=[
            Evidence(
                method=result.test,
                statistic=result.statistic,
                p_value=result.p_value,
                alpha=result.alpha,
                parameters={"x": args.x, "y": args.y, "given": result.given, "rows": result.n_rows},
                assumptions=result.assumptions,
                note=result.test_reason + ".",
            )
        ],
        warnings=warnings,
    )


def discover_tool(ws: Workspace, args: DiscoverArgs) -> ToolResult:
    dataset = ws.dataset(args.dataset)
    run = ws.graph_for(
        dataset, args.variables or None, args.algorithm, args.test, args.alpha, name=args.name
    )
    return _graph_result("discover_graph", run, graph_source(run))


def direct_cause_tool(ws: Workspace, args: PairArgs) -> ToolResult:
    from askwhy.stats.graph_queries import direct_cause

    return _pair_query("direct_cause", direct_cause, ws, args)


def common_effect_tool(ws: Workspace, args: PairArgs) -> ToolResult:
    from askwhy.stats.graph_queries import collider

    return _pair_query("common_effect", collider, ws, args)


def common_cause_tool(ws: Workspace, args: PairArgs) -> ToolResult:
    from askwhy.stats.graph_queries import confounder

    return _pair_query("common_cause", confounder, ws, args)


def relatives_tool(ws: Workspace, args: RelativesArgs) -> ToolResult:
    from askwhy.stats import graph_queries

    run = _graph_for_query(ws, args, [args.x])
    query = getattr(graph_queries, args.relation)
    result = query(run.graph, args.x)
    definite, possible = list(result.definite), list(result.possible)
    words = {
        "parents": "direct causes",
        "children": "direct effects",
        "ancestors": "causes",
        "descendants": "effects",
    }[args.relation]
    summary = f"{words.capitalize()} of {args.x}: {', '.join(definite) or 'none found'}"
    if possible:
        summary += f"; possibly also {', '.join(possible)} (edge directions not identified)"
    return _graph_result(
        "relatives",
        run,
        summary + ".",
        data={
            "relation": args.relation,
            "x": args.x,
            "definite": definite,
            "possible": possible,
            "answer": ", ".join(definite) or "none",
        },
    )


def adjustment_tool(ws: Workspace, args: AdjustmentArgs) -> ToolResult:
    from askwhy.stats.graph_queries import adjustment_sets

    run = _graph_for_query(ws, args, [args.treatment, args.outcome])
    result = adjustment_sets(run.graph, args.treatment, args.outcome)
    sets = [list(s) for s in result.sets]
    if result.identified and len(sets) == 1:
        answer = ", ".join(sets[0]) or "nothing (no backdoor path)"
    elif not sets and result.outcome_may_be_parent:
        answer = "nothing: the outcome causes the treatment"
    else:
        answer = "uncertain"
    return _graph_result(
        "adjustment_set",
        run,
        result.reason,
        data={
            "answer": answer,
            "sets": sets,
            "identified": result.identified,
            "outcome_may_be_parent": result.outcome_may_be_parent,
        },
    )


def estimate_effect_tool(ws: Workspace, args: EffectArgs) -> ToolResult:
    from askwhy.stats.effects import estimate_effect

    dataset = ws.dataset(args.dataset)
    if args.treatment == args.outcome:
        raise ToolArgumentError("Treatment and outcome are the same column; name two columns.")
    run: GraphRun | None = None
    if args.covariates is not None:
        candidate_sets = [list(args.covariates)]
        reason = "adjusting for the covariates you named"
    else:
        from askwhy.stats.graph_queries import adjustment_sets

        run = _graph_for_query(ws, args, [args.treatment, args.outcome])
        found = adjustment_sets(run.graph, args.treatment, args.outcome)
        if not found.sets and not found.outcome_may_be_parent:
            raise ToolArgumentError(
                f"Cannot read an adjustment set from graph '{run.name}': {found.reason} Name the "
                "confounders to adjust for (e.g. '... controlling for A and B'), or use the PC "
                "algorithm."
            )
        candidate_sets = [list(s) for s in found.sets]
        reason = f"adjustment set read from graph '{run.name}': {found.reason}"

    estimates: list[tuple[list[str], Any]] = []
    if run is not None and found.outcome_may_be_parent:
        # In some graphs of the class the outcome causes the treatment: no effect there.
        estimates.append(([], None))
    for adjustment in candidate_sets:
        estimates.append(
            (
                adjustment,
                estimate_effect(
                    dataset.frame,
                    args.treatment,
                    args.outcome,
                    adjustment_set=adjustment,
                    treatment_values=args.treatment_values,
                    method=args.method,
                ),
            )
        )
    data = {
        "treatment": args.treatment,
        "outcome": args.outcome,
        "treatment_values": args.treatment_values,
        "adjustment_reason": reason,
        "estimates": [
            {
                "adjustment_set": adjustment,
                **(
                    result.model_dump()
                    if result is not None
                    else {
                        "value": 0.0,
                        "ci": None,
                        "summary": f"in graphs where {args.outcome} causes {args.treatment}",
                    }
                ),
            }
            for adjustment, result in estimates
        ],
    }
    real = [r for _, r in estimates if r is not None]
    evidence = [
        Evidence(
            method=f"DoWhy backdoor.{r.method}",
            parameters={
                "adjustment_set": r.adjustment_set,
                "treatment_values": r.treatment_values,
                "ci": r.ci,
                "estimand": r.estimand,
            },
            assumptions=r.assumptions,
            note=r.summary,
        )
        for r in real
    ]
    warnings = list(dict.fromkeys(w for r in real for w in r.warnings))
    if len(estimates) == 1:
        summary = real[0].summary if real else f"{args.outcome} causes {args.treatment}; effect 0."
    else:
        values = [d["value"] for d in data["estimates"]]
        summary = (
            f"Edge directions around {args.treatment} are not identified, so the effect is one of "
            f"{len(values)} values from {min(values):.3g} to {max(values):.3g}, one per possible "
            "adjustment set."
        )
    if run is not None:
        result = _graph_result("estimate_effect", run, summary, data=data, evidence=evidence)
        return result.model_copy(update={"warnings": warnings})
    return ToolResult(
        tool="estimate_effect", summary=summary, data=data, evidence=evidence, warnings=warnings
    )


def list_graphs_tool(ws: Workspace, args: NoArgs) -> ToolResult:
    entries = ws.store.list()
    names = [e["name"] if isinstance(e, dict) else str(e) for e in entries]
    return ToolResult(
        tool="list_graphs",
        summary=f"{len(names)} graphs in memory: {', '.join(names) or 'none'}.",
        data={"graphs": entries},
    )


def show_graph_tool(ws: Workspace, args: GraphNameArgs) -> ToolResult:
    graph = ws.store.get(args.name)
    return ToolResult(
        tool="show_graph",
        summary=f"Graph '{args.name}' has {len(graph.nodes)} nodes and {len(graph.edges)} edges.",
        data={"name": args.name, **graph.model_dump(mode="json")},
        graph_name=args.name,
    )


def export_graph_tool(ws: Workspace, args: ExportArgs) -> ToolResult:
    path = Path(args.path)
    if path.suffix not in (".json", ".dot"):
        raise ToolArgumentError(f"Cannot export to '{path.name}': use a .json or .dot file name.")
    ws.store.export(args.name, path)
    return ToolResult(
        tool="export_graph",
        summary=f"Wrote graph '{args.name}' to {path}.",
        data={"name": args.name, "path": str(path)},
        graph_name=args.name,
    )


# ---------------------------------------------------------------- helpers


def _graph_for_query(ws: Workspace, args: GraphSettings, needed: list[str]) -> GraphRun:
    if args.graph:
        graph = ws.store.get(args.graph)
        missing = [n for n in needed if n not in graph.nodes]
        if missing:
            raise ToolArgumentError(
                f"Graph '{args.graph}' has no node {', '.join(missing)}; its nodes are "
                f"{', '.join(graph.nodes)}."
            )
        return GraphRun(name=args.graph, graph=graph, reused=True)
    dataset = ws.dataset(args.dataset)
    return ws.graph_for(dataset, None, args.algorithm, args.test, args.alpha)


def run_summary(run: GraphRun) -> str:
    provenance = run.graph.provenance
    settings = ""
    if provenance is not None:
        parts = [provenance.algorithm.upper()]
        if provenance.test:
            parts.append(f"{provenance.test} test")
        if provenance.alpha:
            parts.append(f"alpha {provenance.alpha:g}")
        settings = " (" + ", ".join(parts) + ")"
    where = "reused from memory" if run.reused else f"discovered in {run.seconds:.2f} s"
    return (
        f"Graph '{run.name}'{settings}, {where}: {len(run.graph.nodes)} variables, "
        f"{len(run.graph.edges)} edges."
    )


def graph_source(run: GraphRun) -> str:
    """Where the graph came from and why its test was chosen, in words."""
    return run_summary(run) + (f" Test: {run.test_reason}." if run.test_reason else "")


def _graph_result(
    tool: str,
    run: GraphRun,
    summary: str,
    data: dict | None = None,
    evidence: list[Evidence] | None = None,
) -> ToolResult:
    provenance = run.graph.provenance
    discovery = Evidence(
        method=provenance.algorithm if provenance else "graph from memory",
        alpha=provenance.alpha if provenance else None,
        parameters={
            "graph": run.name,
            "test": provenance.test if provenance else None,
            "columns": provenance.columns if provenance else run.graph.nodes,
            "reused": run.reused,
        },
        assumptions=run.assumptions or _algorithm_assumptions(provenance),
        note=graph_source(run),
    )
    return ToolResult(
        tool=tool,
        summary=summary,
        data={
            **(data or {}),
            "graph": {"name": run.name, "nodes": run.graph.nodes, "edges": run.graph.edge_list()},
        },
        evidence=[*(evidence or []), discovery],
        graph_name=run.name,
    )


def _algorithm_assumptions(provenance) -> list[str]:
    from askwhy.stats.discovery import ALGORITHM_ASSUMPTIONS

    if provenance is None:
        return []
    return ALGORITHM_ASSUMPTIONS.get(provenance.algorithm, [])


def _pair_query(tool: str, query, ws: Workspace, args: PairArgs) -> ToolResult:
    if args.x == args.y:
        raise ToolArgumentError(f"Both variables are '{args.x}'. Name two different columns.")
    run = _graph_for_query(ws, args, [args.x, args.y])
    result = query(run.graph, args.x, args.y)
    return _graph_result(
        tool,
        run,
        result.reason,
        data={
            "answer": result.answer,
            "x": args.x,
            "y": args.y,
            "witnesses": list(result.witnesses),
            "n_dags": result.n_dags,
        },
    )


TOOLS: list[Tool] = [
    Tool(
        "describe_data",
        "Describe the loaded table: rows, columns and their types (continuous, discrete, "
        "binary), and what cleaning was done.",
        DescribeArgs,
        describe_tool,
    ),
    Tool(
        "test_independence",
        "Test whether two variables are statistically independent, optionally given "
        "conditioning variables. Returns the p-value; 'yes' means independence is not rejected.",
        IndependenceArgs,
        independence_tool,
    ),
    Tool(
        "discover_graph",
        "Discover the causal graph of the data (all columns or a subset) with PC, FCI, GES or "
        "LiNGAM; the graph is stored in memory under a name.",
        DiscoverArgs,
        discover_tool,
    ),
    Tool(
        "direct_cause",
        "Does x directly cause y? Answers yes/no/uncertain from the causal graph.",
        PairArgs,
        direct_cause_tool,
    ),
    Tool(
        "common_effect",
        "Is there a collider (common effect) of x and y: a node c with x -> c <- y?",
        PairArgs,
        common_effect_tool,
    ),
    Tool(
        "common_cause",
        "Is there a confounder (common cause) of x and y in the causal graph?",
        PairArgs,
        common_cause_tool,
    ),
    Tool(
        "relatives",
        "List the parents (direct causes), children (direct effects), ancestors (all causes) "
        "or descendants (all effects) of a variable in the causal graph.",
        RelativesArgs,
        relatives_tool,
    ),
    Tool(
        "adjustment_set",
        "Which variables to adjust for to estimate the causal effect of treatment on outcome.",
        AdjustmentArgs,
        adjustment_tool,
    ),
    Tool(
        "estimate_effect",
        "Estimate the average treatment effect of treatment on outcome with DoWhy (identify, "
        "estimate, refute), optionally for a change from one treatment value to another.",
        EffectArgs,
        estimate_effect_tool,
    ),
    Tool("list_graphs", "List the causal graphs in memory.", NoArgs, list_graphs_tool),
    Tool("show_graph", "Show a causal graph from memory.", GraphNameArgs, show_graph_tool),
    Tool(
        "export_graph",
        "Write a graph from memory to a .json or .dot file.",
        ExportArgs,
        export_graph_tool,
    ),
]
