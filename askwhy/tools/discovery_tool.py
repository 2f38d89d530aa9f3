"""discover_graph: learn a causal graph from the data and keep it in memory by name."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from askwhy.answer import Evidence
from askwhy.core.settings import MAX_BOOTSTRAP, AnalysisSettings, BackgroundKnowledge
from askwhy.tools.args import (
    BOOTSTRAP_HELP,
    KNOWLEDGE_HELP,
    AlgorithmSetting,
    AlphaSetting,
    BootstrapSetting,
    DatasetArgs,
    KnowledgeSetting,
    TestSetting,
    checked_knowledge,
)
from askwhy.tools.graphs import discovery_evidence, graph_source, payload
from askwhy.tools.registry import Columns, Role, tool
from askwhy.tools.results import GraphResult
from askwhy.tools.workspace import GraphRun, Workspace


class DiscoverArgs(DatasetArgs):
    variables: Columns = Field(
        default_factory=list, description="Columns to include; empty means every column."
    )
    algorithm: AlgorithmSetting = Field(default="pc", description="pc, fci, ges or lingam.")
    test: TestSetting = Field(default="auto", description="Independence test for pc/fci.")
    alpha: AlphaSetting = Field(
        default=0.05, gt=0, lt=1, description="Significance level for pc/fci."
    )
    seed: Annotated[int, Role.setting] = Field(
        default=0, ge=0, description="Seed for randomised algorithms (LiNGAM) and resampling."
    )
    knowledge: KnowledgeSetting = Field(default=None, description=KNOWLEDGE_HELP)
    bootstrap: BootstrapSetting = Field(
        default=0, ge=0, le=MAX_BOOTSTRAP, description=BOOTSTRAP_HELP
    )
    name: str | None = Field(default=None, description="Name to store the graph under.")


@tool("graph")
def discover_graph(ws: Workspace, args: DiscoverArgs) -> GraphResult:
    """Discover the causal graph of the data (all columns or a subset) with PC, FCI, GES or
    LiNGAM, optionally with background knowledge (required / forbidden edges, time order)
    and bootstrap edge stability; the graph is stored in memory under a name."""
    if args.name is not None:
        from askwhy.memory.store import check_name

        check_name(args.name)
    dataset = ws.dataset(args.dataset)
    knowledge = checked_knowledge(args.knowledge, dataset)
    warnings: list[str] = []
    if knowledge is not None and args.variables:
        from askwhy.stats.background import restrict

        knowledge, left_out = restrict(knowledge, args.variables)
        if left_out:
            warnings.append(
                f"Background knowledge about {', '.join(left_out)} was not used: not among "
                "the chosen variables."
            )
    settings = AnalysisSettings(
        algorithm=args.algorithm,
        test=args.test,
        alpha=args.alpha,
        seed=args.seed,
        knowledge=knowledge if knowledge is not None and not knowledge.is_empty() else None,
        bootstrap=args.bootstrap,
    )
    run = ws.graph_for(dataset, args.variables or None, settings, name=args.name)
    return GraphResult(
        tool="discover_graph",
        summary=graph_source(run) + bootstrap_summary(run),
        evidence=[graph_evidence(run)],
        graph=payload(run.name, run.graph),
        reused=run.reused,
        seconds=run.seconds,
        warnings=[*warnings, *run.warnings],
    )


def bootstrap_summary(run: GraphRun) -> str:
    """ " Bootstrap: 50 resamples in 12.3 s; 4 of the 5 edges appear in at least 80% of them."
    ("" without a bootstrap)."""
    from askwhy.stats.bootstrap import run_text, stable_share

    provenance = run.graph.provenance
    if provenance is None or provenance.bootstrap is None:
        return ""
    when = " (when the graph was discovered)" if run.reused else ""
    return f" Bootstrap{when}: {run_text(provenance.bootstrap)}{stable_share(run.graph)}."


def graph_evidence(run: GraphRun, applied: BackgroundKnowledge | None = None) -> Evidence:
    """The discovery evidence, with the background knowledge among the assumptions (the
    graph's own, also for a graph reused from memory, or `applied` to it now) and the
    bootstrap run among the parameters."""
    from askwhy.stats.background import describe, recorded

    evidence = discovery_evidence(run)
    knowledge = applied or recorded(run.graph)
    extra = [a for a in describe(knowledge) if a not in evidence.assumptions] if knowledge else []
    provenance = run.graph.provenance
    parameters = dict(evidence.parameters)
    if provenance is not None and provenance.bootstrap is not None:
        parameters["bootstrap"] = provenance.bootstrap.model_dump(mode="json")
    if knowledge is not None:
        parameters["knowledge"] = knowledge.model_dump(mode="json")
    return evidence.model_copy(
        update={"assumptions": [*evidence.assumptions, *extra], "parameters": parameters}
    )
