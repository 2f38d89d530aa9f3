"""Checks and prepares the inputs of an effect estimate: columns, treatment values, method."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError
from askwhy.stats.checks import check_effect_scale

MIN_ROWS = 20

# Internal column names: no clash with DoWhy's own ("placebo", "w_random", ...).
T_COL, Y_COL = "treatment", "outcome"


def validate_names(
    data: pd.DataFrame, treatment: str, outcome: str, adjustment_set: Sequence[str]
) -> list[str]:
    """The adjustment set, deduplicated, once treatment, outcome and it are valid columns."""
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise DataError("The data are empty; load a CSV with at least a few rows.")
    if isinstance(adjustment_set, str):
        adjustment_set = [adjustment_set]
    columns = [str(c) for c in data.columns]
    for name in (treatment, outcome, *adjustment_set):
        if name not in data.columns:
            raise UnknownVariableError(name, columns)
    if treatment == outcome:
        raise ToolArgumentError(
            f"Treatment and outcome are both '{treatment}'; choose two different columns."
        )
    if treatment in adjustment_set:
        raise ToolArgumentError(
            f"The treatment '{treatment}' is also in the adjustment set; "
            "remove it from the adjustment set."
        )
    if outcome in adjustment_set:
        raise ToolArgumentError(
            f"The outcome '{outcome}' is in the adjustment set; remove it from the adjustment set."
        )
    return list(dict.fromkeys(adjustment_set))


def adjustment_columns(adjustment: Sequence[str]) -> list[str]:
    """Internal names of the adjustment variables: w1, w2, ..."""
    return [f"w{i}" for i in range(1, len(adjustment) + 1)]


def prepare_frame(
    data: pd.DataFrame, treatment: str, outcome: str, adjustment: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Numeric copy of the used columns under internal names, complete rows only, once every
    value is finite and of a usable scale (askwhy.stats.checks.check_effect_scale)."""
    used = [treatment, outcome, *adjustment]
    for name in used:
        column = data[name]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            raise ToolArgumentError(
                f"Column '{name}' is not numeric (type {column.dtype}); encode it as numbers "
                "(for example 0/1 indicators) or leave it out."
            )
    frame = data[used].astype(float)
    frame.columns = [T_COL, Y_COL, *adjustment_columns(adjustment)]
    notes = []
    complete = frame.dropna()
    if len(complete) < len(frame):
        notes.append(f"Dropped {len(frame) - len(complete)} rows with missing values.")
    if len(complete) < MIN_ROWS:
        raise DataError(
            f"Only {len(complete)} complete rows in {', '.join(used)}; "
            f"at least {MIN_ROWS} are needed to estimate an effect."
        )
    if complete[T_COL].nunique() < 2:
        raise DataError(
            f"The treatment '{treatment}' takes a single value; an effect needs variation in it."
        )
    check_effect_scale(complete, dict(zip(complete.columns, used, strict=True)))
    return complete.reset_index(drop=True), notes


def is_binary(column: pd.Series) -> bool:
    return set(column.unique()) == {0.0, 1.0}


def resolve_treatment_values(
    column: pd.Series,
    name: str,
    values: tuple[float, float] | None,
    binary: bool,
) -> tuple[float, float, list[str]]:
    """(t0, t1) to compare, 0 -> 1 by default, with a note for each value outside the data."""
    if values is None:
        return 0.0, 1.0, []
    if len(values) != 2:
        raise ToolArgumentError("Give treatment_values as two numbers: (from, to).")
    t0, t1 = float(values[0]), float(values[1])
    if not (math.isfinite(t0) and math.isfinite(t1)):
        raise ToolArgumentError("treatment_values must be finite numbers.")
    if t0 == t1:
        raise ToolArgumentError(
            f"Both treatment values are {t0:g}; give two different values of '{name}'."
        )
    low, high = float(column.min()), float(column.max())
    notes = [
        f"Treatment value {v:g} is outside the observed range {low:.4g}..{high:.4g} of '{name}'; "
        "the estimate extrapolates beyond the data."
        for v in (t0, t1)
        if not low <= v <= high
    ]
    return t0, t1, notes


def check_method_fits(
    method: str, binary: bool, adjustment: list[str], t0: float, t1: float
) -> None:
    """Refuse a method that cannot estimate this effect."""
    if method in ("dml", "propensity_score_weighting") and not adjustment:
        raise ToolArgumentError(
            f"{method} needs at least one adjustment variable; give an adjustment set or use "
            "method='linear_regression'."
        )
    if method == "propensity_score_weighting" and not binary:
        raise ToolArgumentError(
            "propensity_score_weighting needs a 0/1 treatment; use method='dml' or "
            "'linear_regression' for a continuous treatment."
        )
    if method in ("dml", "propensity_score_weighting") and binary and {t0, t1} != {0.0, 1.0}:
        raise ToolArgumentError(
            f"For a 0/1 treatment {method} compares 0 with 1; use treatment_values (0, 1)."
        )
