"""Argument models shared by several tools. Every model forbids unknown fields (ToolArgs)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from askwhy.core.settings import Algorithm, AnalysisSettings, TestName
from askwhy.tools.registry import Role, ToolArgs

DatasetName = Annotated[str | None, Role.dataset]
AlgorithmSetting = Annotated[Algorithm, Role.setting]
TestSetting = Annotated[TestName, Role.setting]
AlphaSetting = Annotated[float, Role.setting]


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
        default="auto", description="Independence test for pc/fci; auto: by column types."
    )
    alpha: AlphaSetting = Field(default=0.05, gt=0, lt=1, description="Significance level.")

    def analysis_settings(self) -> AnalysisSettings:
        return AnalysisSettings(algorithm=self.algorithm, test=self.test, alpha=self.alpha)
