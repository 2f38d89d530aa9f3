"""The result of a design-based estimate, and its sentences.

Every estimate carries its value, standard error, CI, rows used, the design's assumptions in
plain words, diagnostics and a sensitivity statement. Numbers are shown to three significant
digits (thousands separated), so a small effect never reads as a bare 0.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, Field

from askwhy.answer import Diagnostic, LevelEstimate, Refutation
from askwhy.stats.designs.spec import DESIGN_LABELS

Z95 = 1.959963984540054

ESTIMAND_LABELS = {
    "ate": "average treatment effect (ATE)",
    "att": "average effect on the treated (ATT)",
    "atc": "average effect on the untreated (ATC)",
    "late": "local average treatment effect for compliers (LATE)",
    "cutoff": "effect at the cutoff",
}


class DesignResult(BaseModel):
    """One effect estimate under a named design and estimand."""

    design: str  # backdoor, matching, iv, frontdoor, rdd, did
    design_reason: str
    estimand: str  # ate, att, atc, late, cutoff
    estimand_reason: str = ""
    treatment: str
    outcome: str
    effect_of: str  # what `value` measures, e.g. "setting 'T' to 1 instead of 0"
    value: float | None
    se: float | None = None
    ci: tuple[float, float] | None = None
    n_rows: int
    method: str  # the estimator, e.g. "2SLS (linearmodels IV2SLS)"
    adjustment_set: list[str] = Field(default_factory=list)
    treatment_values: tuple[float, float] | None = None
    assumptions: list[str] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    sensitivity: str = ""
    refutations: list[Refutation] = Field(default_factory=list)
    levels: list[LevelEstimate] = Field(default_factory=list)
    subgroup: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    summary: str = ""

    @property
    def estimand_label(self) -> str:
        return ESTIMAND_LABELS.get(self.estimand, self.estimand)


def fmt(x: float | None) -> str:
    """Three significant digits; thousands separated; never '0' for a non-zero number."""
    if x is None or not math.isfinite(x):
        return "n/a"
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def normal_ci(value: float, se: float | None) -> tuple[float, float] | None:
    if se is None or not math.isfinite(se):
        return None
    return value - Z95 * se, value + Z95 * se


def se_from_ci(ci: tuple[float, float] | None) -> float | None:
    """The standard error a normal 95% CI implies."""
    if ci is None:
        return None
    return (ci[1] - ci[0]) / (2 * Z95)


def finite(x: Any) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def effect_of(treatment: str, values: tuple[float, float] | None, binary: bool) -> str:
    if binary or values is None:
        if binary:
            return f"setting '{treatment}' to 1 instead of 0"
        return f"a one-unit increase in '{treatment}'"
    return f"moving '{treatment}' from {values[0]:g} to {values[1]:g}"


def interval_text(value: float | None, se: float | None, ci: tuple[float, float] | None) -> str:
    parts = []
    if ci is not None:
        parts.append(f"95% CI {fmt(ci[0])} to {fmt(ci[1])}")
    if se is not None:
        parts.append(f"SE {fmt(se)}")
    return "; ".join(parts) if parts else "no confidence interval available"


def summary(result: DesignResult) -> str:
    """The estimand and the number with its uncertainty, then the design, why, and how."""
    label = result.estimand_label
    where = f" for the rows where {result.subgroup}" if result.subgroup else ""
    if result.levels and result.value is None:
        ref = result.levels[0].reference
        each = "; ".join(
            f"'{lv.level}' {fmt(lv.value)} ({interval_text(lv.value, lv.se, lv.ci)})"
            for lv in result.levels
        )
        body = (
            f"{label[0].upper()}{label[1:]} of each level of '{result.treatment}' against "
            f"'{ref}' on '{result.outcome}'{where}: {each}."
        )
    else:
        body = (
            f"{label[0].upper()}{label[1:]}{where}: {result.effect_of} changes "
            f"'{result.outcome}' by {fmt(result.value)} "
            f"({interval_text(result.value, result.se, result.ci)}; {result.n_rows:,} rows)"
        )
        if result.ci is not None and result.ci[0] <= 0 <= result.ci[1]:
            body += "; the interval contains zero, so no effect is also consistent with the data"
        body += "."
    design = DESIGN_LABELS.get(result.design, result.design)
    how = f" Design: {design}, {result.design_reason}; estimated by {result.method}."
    reason = f" {result.estimand_reason}" if result.estimand_reason else ""
    return body + how + reason
