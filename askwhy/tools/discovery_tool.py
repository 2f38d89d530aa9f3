"""discover_graph: learn a causal graph from the data and keep it in memory by name."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from askwhy.core.settings import AnalysisSettings
from askwhy.tools.args import AlgorithmSetting, AlphaSetting, DatasetArgs, TestSetting
from askwhy.tools.graphs import discovery_evidence, graph_source, payload
from askwhy.tools.registry import Columns, Role, tool
from askwhy.tools.results import GraphResult
from askwhy.tools.workspace import Workspace


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
        default=0, ge=0, description="Seed for randomised algorithms (LiNGAM)."
    )
    name: str | None = Field(default=None, description="Name to store the graph under.")


@tool("graph")
def discover_graph(ws: Workspace, args: DiscoverArgs) -> GraphResult:
    """Discover the causal graph of the data (all columns or a subset) with PC, FCI, GES or
    LiNGAM; the graph is stored in memory under a name."""
    if args.name is not None:
        from askwhy.memory.store import check_name

        check_name(args.name)
    dataset = ws.dataset(args.dataset)
    settings = AnalysisSettings(
        algorithm=args.algorithm, test=args.test, alpha=args.alpha, seed=args.seed
    )
    run = ws.graph_for(dataset, args.variables or None, settings, name=args.name)
    return GraphResult(
        tool="discover_graph",
        summary=graph_source(run),
        evidence=[discovery_evidence(run)],
        graph=payload(run.name, run.graph),
        reused=run.reused,
        seconds=run.seconds,
        warnings=list(run.warnings),
    )
