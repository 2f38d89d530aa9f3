"""Argument models shared by several tools. Every model forbids unknown fields (ToolArgs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeVar

from pydantic import Field

from askwhy.core.settings import (
    MAX_BOOTSTRAP,
    Algorithm,
    AnalysisSettings,
    BackgroundKnowledge,
    TestName,
)
from askwhy.tools.registry import Role, ToolArgs

if TYPE_CHECKING:
    from askwhy.core.data import Dataset
    from askwhy.tools.workspace import Workspace

DatasetName = Annotated[str | None, Role.dataset]
AlgorithmSetting = Annotated[Algorithm, Role.setting]
TestSetting = Annotated[TestName, Role.setting]
AlphaSetting = Annotated[float, Role.setting]
# The registry checks plain column fields; the names inside are checked by checked_knowledge.
KnowledgeSetting = Annotated[BackgroundKnowledge | None, Role.setting]
BootstrapSetting = Annotated[int, Role.setting]
KNOWLEDGE_HELP = (
    "Background knowledge by column name: required and forbidden edges [a, b] (a -> b), "
    "tiers (time order, earliest first) and exogenous columns."
)
BOOTSTRAP_HELP = "Bootstrap resamples for edge stability (e.g. 50); 0: none."


class DatasetArgs(ToolArgs):
    dataset: DatasetName = Field(
        default=None, description="Name of a loaded dataset; default: the current one."
    )


class GraphSettings(DatasetArgs):
    """A graph from memory by name, or one discovered with these settings (cached)."""

    graph: Annotated[str | None, Role.graph] = Field(
        default=None,
        description="Graph in memory to query; default: discover one from the data (reused "
        "when cached).",
    )
    algorithm: AlgorithmSetting = Field(default="pc", description="Discovery algorithm.")
    test: TestSetting = Field(
        default="auto",
        description="Independence test for pc/fci; auto: chosen from a profile of the columns.",
    )
    alpha: AlphaSetting = Field(default=0.05, gt=0, lt=1, description="Significance level.")
    knowledge: KnowledgeSetting = Field(default=None, description=KNOWLEDGE_HELP)
    bootstrap: BootstrapSetting = Field(
        default=0, ge=0, le=MAX_BOOTSTRAP, description=BOOTSTRAP_HELP
    )

    def analysis_settings(self) -> AnalysisSettings:
        return AnalysisSettings(
            algorithm=self.algorithm,
            test=self.test,
            alpha=self.alpha,
            knowledge=self.knowledge,
            bootstrap=self.bootstrap,
        )


def checked_knowledge(
    knowledge: BackgroundKnowledge | None, dataset: Dataset
) -> BackgroundKnowledge | None:
    """The knowledge with its names matched to the dataset's columns as strictly as column
    arguments are (case and separators may differ; globs like `*_t1` must match a column);
    an unknown name is an error listing the columns. None when there is nothing in it."""
    if knowledge is None or knowledge.is_empty():
        return None
    from askwhy.stats.background import resolve

    return resolve(knowledge, dataset.columns, dataset.dropped_columns)


Query = TypeVar("Query", bound=GraphSettings)


def query_knowledge(ws: Workspace, args: Query) -> tuple[Query, BackgroundKnowledge | None]:
    """The query's arguments with the knowledge's names checked (against the named graph's
    nodes, else the dataset's columns), and the knowledge to apply to a named graph from
    memory (None for a discovered graph: it carries the knowledge it was discovered with)."""
    if args.knowledge is None or args.knowledge.is_empty():
        return args.model_copy(update={"knowledge": None}), None
    if args.graph:
        from askwhy.stats.background import resolve

        knowledge = resolve(args.knowledge, ws.store.get(args.graph).nodes)
        return args.model_copy(update={"knowledge": knowledge}), knowledge
    knowledge = checked_knowledge(args.knowledge, ws.dataset(args.dataset))
    return args.model_copy(update={"knowledge": knowledge}), None
