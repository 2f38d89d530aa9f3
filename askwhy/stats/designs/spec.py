"""What an effect question asks for: the design, the estimand, the variables in their roles.

`DesignSpec` is the typed request every design module reads; `SubgroupFilter` restricts the
rows to a subgroup (a column and its allowed values, or a column and a numeric range).
Values are given as the data show them: labels for a text or categorical column, numbers
otherwise. Nothing here is ever parsed from an expression string.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Design = Literal["auto", "backdoor", "matching", "iv", "frontdoor", "rdd", "did"]
Estimand = Literal["ate", "att", "atc"]
MatchingMethod = Literal["propensity_score", "nearest_neighbour"]
BackdoorMethod = Literal["auto", "linear_regression", "dml", "propensity_score_weighting"]

DESIGN_LABELS = {
    "backdoor": "back-door adjustment",
    "matching": "matching",
    "iv": "instrumental variables",
    "frontdoor": "front-door adjustment",
    "rdd": "regression discontinuity",
    "did": "difference-in-differences",
}


class SubgroupFilter(BaseModel):
    """Rows whose `column` is one of `values`, or lies in [`min`, `max`] (bounds inclusive)."""

    model_config = ConfigDict(extra="forbid")

    column: str = Field(description="The column that defines the subgroup.")
    values: list[str | float] | None = Field(
        default=None,
        description="Allowed values (labels for a text column), e.g. ['female'].",
    )
    min: float | None = Field(default=None, description="Lowest value kept (inclusive).")
    max: float | None = Field(default=None, description="Highest value kept (inclusive).")

    @model_validator(mode="after")
    def _one_kind(self) -> SubgroupFilter:
        ranged = self.min is not None or self.max is not None
        if self.values is not None and ranged:
            raise ValueError("give either values or a range (min/max) for a subgroup, not both")
        if self.values is None and not ranged:
            raise ValueError("a subgroup needs values or a range (min and/or max)")
        if self.values is not None and not self.values:
            raise ValueError("a subgroup's values must not be empty")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"the subgroup's min ({self.min:g}) is above its max ({self.max:g})")
        return self


class DesignSpec(BaseModel):
    """One effect question: treatment and outcome, the design and the variables it needs."""

    model_config = ConfigDict(extra="forbid")

    treatment: str
    outcome: str
    design: Design = "auto"
    estimand: Estimand | None = None  # None: the design's own (ATE for back-door)
    covariates: list[str] = Field(default_factory=list)
    treatment_values: tuple[float, float] | None = None
    reference: str | None = None  # reference level of a categorical treatment
    subgroup: SubgroupFilter | None = None
    method: BackdoorMethod = "auto"  # back-door estimator
    matching_method: MatchingMethod = "propensity_score"
    instrument: list[str] = Field(default_factory=list)
    mediator: str | None = None
    running_variable: str | None = None
    cutoff: float | None = None
    time: str | None = None
    group: str | None = None
    post: str | None = None
    post_start: float | None = None  # the first post-treatment value of `time`
    treated_group: str | None = None
    seed: int = 0
    sensitivity: bool = True  # refuters and sensitivity statistics (off only for benchmarks)

    def given(self, name: str) -> bool:
        value = getattr(self, name)
        return bool(value) if isinstance(value, list) else value is not None
