"""AnalysisSettings: the one typed set of analysis choices, and its vocabularies.

CLI flags, the rule parser, the LLM and local planners' fixed arguments, the graph-cache key
and the reproduce code all read these definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from askwhy.errors import AskwhyError, validation_problems

Algorithm = Literal["pc", "fci", "ges", "boss", "lingam", "auto"]
# Every test the profile can choose (askwhy.stats.test_choice) can also be forced by name.
TestName = Literal["auto", "fisherz", "rank_fisherz", "chisq", "gsq", "dg", "rcot", "kci"]
ResolvedTest = Literal["fisherz", "rank_fisherz", "chisq", "gsq", "dg", "rcot", "kci"]
Estimator = Literal["auto", "linear_regression", "dml", "propensity_score_weighting"]

ALGORITHMS: tuple[str, ...] = get_args(Algorithm)
TESTS: tuple[str, ...] = get_args(TestName)
ESTIMATORS: tuple[str, ...] = get_args(Estimator)
# Algorithms whose result depends on an independence test and a significance level.
TEST_BASED: frozenset[str] = frozenset({"pc", "fci"})
MAX_BOOTSTRAP = 1000


class BackgroundKnowledge(BaseModel):
    """What the user knows about the causal structure, by column name.

    `required` / `forbidden`: direct edges a -> b that must / must not be there. `tiers`: time
    order, earliest first; a variable in a later tier cannot cause one in an earlier tier.
    `exogenous`: variables nothing in the data causes. A name may be a glob pattern
    (`*_t1`). Discovery (askwhy.stats.discovery) and the equivalence-class reasoning
    (askwhy.stats.equivalence) apply it; askwhy.stats.background does the work.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    required: list[tuple[str, str]] = Field(
        default_factory=list, description="Edges [a, b] meaning a directly causes b."
    )
    forbidden: list[tuple[str, str]] = Field(
        default_factory=list, description="Edges [a, b] that cannot be there (a -> b)."
    )
    tiers: list[list[str]] = Field(
        default_factory=list,
        description="Time order, earliest first: later tiers cannot cause earlier ones.",
    )
    exogenous: list[str] = Field(
        default_factory=list, description="Variables not caused by anything in the data."
    )

    @field_validator("required", "forbidden")
    @classmethod
    def _distinct_ends(cls, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for a, b in pairs:
            if not a.strip() or not b.strip():
                raise ValueError("an edge needs two column names")
            if a == b:
                raise ValueError(f"an edge joins two different columns (got '{a}' twice)")
        return pairs

    def is_empty(self) -> bool:
        return not (self.required or self.forbidden or self.exogenous or any(self.tiers))

    def canonical(self) -> BackgroundKnowledge:
        """The same knowledge in one order (sorted, no repeats, no empty tiers), so equal
        knowledge gives an equal graph-cache key."""
        tiers = [sorted(set(t)) for t in self.tiers if t]
        return BackgroundKnowledge(
            required=sorted(set(self.required)),
            forbidden=sorted(set(self.forbidden)),
            tiers=tiers,
            exogenous=sorted(set(self.exogenous)),
        )

    def record(self) -> dict[str, Any]:
        """The canonical JSON form kept in a graph's provenance (and its cache key)."""
        return self.canonical().model_dump(mode="json")


class AnalysisSettings(BaseModel):
    """How an analysis is run when the question does not say: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Algorithm = Field(
        default="auto",
        description="Causal discovery algorithm; auto: chosen from a profile of the analysed "
        "columns (askwhy.stats.method_choice).",
    )
    test: TestName = Field(
        default="auto",
        description="Independence test; auto: chosen from a profile of the analysed columns.",
    )
    alpha: float = Field(default=0.05, gt=0, lt=1, description="Significance level.")
    method: Estimator = Field(default="auto", description="Effect estimator.")
    seed: int = Field(default=0, ge=0, description="Seed for randomised methods.")
    bootstrap: int = Field(
        default=0,
        ge=0,
        le=MAX_BOOTSTRAP,
        description="Bootstrap resamples for edge stability; 0: none.",
    )
    knowledge: BackgroundKnowledge | None = Field(
        default=None, description="Background knowledge: required/forbidden edges, tiers."
    )

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
