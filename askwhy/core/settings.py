"""AnalysisSettings: the one typed set of analysis choices, and its vocabularies.

CLI flags, the rule parser, the LLM and local planners' fixed arguments, the graph-cache key
and the reproduce code all read these definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from askwhy.errors import AskwhyError, validation_problems

Algorithm = Literal["pc", "fci", "ges", "lingam"]
TestName = Literal["auto", "fisherz", "chisq", "gsq", "kci"]
ResolvedTest = Literal["fisherz", "chisq", "gsq", "kci"]
Estimator = Literal["auto", "linear_regression", "dml", "propensity_score_weighting"]

ALGORITHMS: tuple[str, ...] = get_args(Algorithm)
TESTS: tuple[str, ...] = get_args(TestName)
ESTIMATORS: tuple[str, ...] = get_args(Estimator)
# Algorithms whose result depends on an independence test and a significance level.
TEST_BASED: frozenset[str] = frozenset({"pc", "fci"})


class AnalysisSettings(BaseModel):
    """How an analysis is run when the question does not say: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Algorithm = Field(default="pc", description="Causal discovery algorithm.")
    test: TestName = Field(
        default="auto", description="Independence test; auto: chosen from the column types."
    )
    alpha: float = Field(default=0.05, gt=0, lt=1, description="Significance level.")
    method: Estimator = Field(default="auto", description="Effect estimator.")
    seed: int = Field(default=0, ge=0, description="Seed for randomised methods.")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> AnalysisSettings:
        """Settings from a plain mapping (None values skipped); a clear error on bad keys."""
        given = {k: v for k, v in (values or {}).items() if v is not None}
        try:
            return cls.model_validate(given)
        except ValidationError as err:
            raise AskwhyError(
                f"Bad analysis settings: {validation_problems(err)}. Valid settings: "
                f"{', '.join(cls.model_fields)}."
            ) from None

    def updated(self, values: Mapping[str, Any] | None) -> AnalysisSettings:
        """A copy with `values` (None skipped) laid over these settings, validated."""
        given = {k: v for k, v in (values or {}).items() if v is not None}
        return self.from_mapping({**self.model_dump(), **given})

    def changed(self) -> dict[str, Any]:
        """The settings that differ from the defaults."""
        default = AnalysisSettings()
        return {k: v for k, v in self.model_dump().items() if getattr(default, k) != v}


SETTING_NAMES: tuple[str, ...] = tuple(AnalysisSettings.model_fields)
