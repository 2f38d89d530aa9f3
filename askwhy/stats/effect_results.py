"""Effect results (EffectResult; Refutation is the one in askwhy.answer) and their sentences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from askwhy.answer import Refutation

LABELS = {
    "linear_regression": "linear regression",
    "dml": "double ML (EconML LinearDML)",
    "propensity_score_weighting": "propensity score weighting",
}


class EffectResult(BaseModel):
    """An average treatment effect with its CI, assumptions and refutations."""

    treatment: str
    outcome: str
    adjustment_set: list[str]
    value: float
    ci: tuple[float, float] | None = None
    ci_contains_zero: bool | None = None
    treatment_values: tuple[float, float] | None = None
    effect_of: str  # what `value` measures, e.g. "moving dose from 10 to 20"
    method: str
    method_reason: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    estimand: str
    refutations: list[Refutation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    n_rows: int
    seconds: float
    assumptions: list[str] = Field(default_factory=list)
    summary: str


def fmt(x: float) -> str:
    return f"{x:.3g}"


def effect_of(
    treatment: str,
    values: tuple[float, float] | None,
    binary: bool,
    labels: Sequence[str] | None = None,
) -> str:
    """What the estimate measures, e.g. "moving 'dose' from 10 to 20"; with `labels` (the
    levels of a coded category, in code order) in the levels' words, never "one unit"."""
    if labels:
        return _levels_effect(treatment, values, list(labels))
    if values is None:
        return f"a one-unit increase in '{treatment}'"
    t0, t1 = values
    if binary and {t0, t1} == {0.0, 1.0}:
        return f"setting '{treatment}' to {t1:g} instead of {t0:g}"
    return f"moving '{treatment}' from {t0:g} to {t1:g}"


def _levels_effect(treatment: str, values: tuple[float, float] | None, labels: list[str]) -> str:
    def label(code: float) -> str:
        index = int(code)
        return f"'{labels[index]}'" if index == code and 0 <= index < len(labels) else f"{code:g}"

    if values is None:
        if len(labels) == 2:
            return f"setting '{treatment}' to {label(1)} instead of {label(0)}"
        return f"moving '{treatment}' up one level (as from {label(0)} to {label(1)})"
    t0, t1 = values
    if len(labels) == 2 and {t0, t1} == {0.0, 1.0}:
        return f"setting '{treatment}' to {label(t1)} instead of {label(t0)}"
    return f"moving '{treatment}' from {label(t0)} to {label(t1)}"


def estimand_text(treatment: str, outcome: str, adjustment: list[str]) -> str:
    given = f" | {', '.join(adjustment)}" if adjustment else ""
    rule = "back-door adjustment" if adjustment else "no back-door paths"
    return f"{rule}: d/d[{treatment}] E[{outcome}{given}]"


def assumptions(
    method: str, treatment: str, outcome: str, adjustment: list[str], binary: bool
) -> list[str]:
    """The assumptions the estimate rests on, one sentence each."""
    if adjustment:
        names = ", ".join(adjustment)
        items = [
            f"No unmeasured confounding: {names} block every back-door path "
            f"from '{treatment}' to '{outcome}'.",
            f"None of {names} is caused by '{treatment}' (no mediators or colliders adjusted for).",
            "Overlap (positivity): every treatment level compared occurs across the range "
            "of the adjustment variables.",
        ]
    else:
        items = [f"'{treatment}' and '{outcome}' have no common causes (no adjustment was made)."]
    if method == "linear_regression":
        covariates = " and the adjustment variables" if adjustment else ""
        items.append(
            f"'{outcome}' is linear in '{treatment}'{covariates}, "
            "with the same effect for every row."
        )
    elif method == "dml":
        items.append(
            f"The effect of '{treatment}' is the same for every row and linear in '{treatment}'; "
            "gradient boosting captures how both depend on the adjustment variables."
        )
    else:
        items.append(
            f"A logistic regression on the adjustment variables gives the right probability "
            f"of '{treatment}' = 1 (propensity score)."
        )
    items.append("Rows are independent draws from one population.")
    return items


def summary(
    measured: str,
    outcome: str,
    value: float,
    ci: tuple[float, float] | None,
    method: str,
    adjustment: list[str],
) -> str:
    """One sentence: the effect, its CI and how it was estimated."""
    adjusted = f"adjusting for {', '.join(adjustment)}" if adjustment else "without adjustment"
    text = f"{measured[0].upper()}{measured[1:]} changes '{outcome}' by {fmt(value)} on average"
    if ci is None:
        text += " (no confidence interval available)"
    else:
        text += f" (95% CI {fmt(ci[0])} to {fmt(ci[1])})"
        if ci[0] <= 0 <= ci[1]:
            text += "; the interval contains zero, so no effect is also consistent with the data"
    return f"{text}; estimated by {LABELS[method]} {adjusted}."
