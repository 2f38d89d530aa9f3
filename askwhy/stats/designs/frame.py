"""The rows and columns an effect is estimated on: the subgroup, complete rows, the treatment.

Text and categorical columns arrive as category codes 0..k-1 with their labels in
`categories` (as askwhy.core.data encodes them); a subgroup or a reference level is given by
label, and unordered categories are never used as numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError
from askwhy.stats.designs.spec import SubgroupFilter

MIN_ROWS = 20
TreatmentKind = Literal["binary", "categorical", "continuous"]


@dataclass
class Treatment:
    """How the treatment column is read: its kind and, for levels, their labels and codes."""

    kind: TreatmentKind
    labels: list[str] = field(default_factory=list)  # level labels, reference first
    codes: list[float] = field(default_factory=list)  # the codes of `labels`, same order
    note: str = ""

    @property
    def reference(self) -> str:
        return self.labels[0]


def check_columns(data: pd.DataFrame, names: Sequence[str | None]) -> None:
    columns = [str(c) for c in data.columns]
    for name in names:
        if name is not None and name not in data.columns:
            raise UnknownVariableError(name, columns)


def _label_of(value: float, labels: list[str] | None) -> str:
    if labels is not None and float(value).is_integer() and 0 <= value < len(labels):
        return labels[int(value)]
    return f"{value:g}"


def _codes_for(
    spec: SubgroupFilter, column: pd.Series, labels: list[str] | None
) -> tuple[list[float], list[str]]:
    """The column values the subgroup's `values` stand for, and their labels."""
    present = sorted(float(v) for v in column.dropna().unique())
    shown = [_label_of(v, labels) for v in present]
    codes, names = [], []
    for value in spec.values or []:
        text = f"{value:g}" if isinstance(value, float) else str(value).strip()
        code: float | None = None
        if labels is not None:
            by_label = {label.lower(): i for i, label in enumerate(labels)}
            if text.lower() in by_label:
                code = float(by_label[text.lower()])
        if code is None and labels is None:
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = math.nan
            if number in present:
                code = number
        if code is None or code not in present:
            listing = ", ".join(shown[:20]) + (" ..." if len(shown) > 20 else "")
            raise ToolArgumentError(
                f"'{text}' is not a value of '{spec.column}'. Its values: {listing}."
            )
        codes.append(code)
        names.append(_label_of(code, labels))
    return codes, names


def select_subgroup(
    data: pd.DataFrame,
    subgroup: SubgroupFilter | None,
    categories: Mapping[str, list[str]],
) -> tuple[pd.DataFrame, str | None]:
    """The rows of the subgroup and a description of it ("sex is female: 812 of 2,000 rows")."""
    if subgroup is None:
        return data, None
    check_columns(data, [subgroup.column])
    column = data[subgroup.column]
    labels = categories.get(subgroup.column)
    if subgroup.values is not None:
        codes, names = _codes_for(subgroup, column, labels)
        keep = column.isin(codes)
        what = f"{subgroup.column} is {' or '.join(names)}"
    else:
        if labels is not None:
            raise ToolArgumentError(
                f"'{subgroup.column}' holds categories ({', '.join(labels[:8])}); give the "
                "subgroup as values, not as a range."
            )
        low = -np.inf if subgroup.min is None else subgroup.min
        high = np.inf if subgroup.max is None else subgroup.max
        keep = (column >= low) & (column <= high)
        if subgroup.min is not None and subgroup.max is not None:
            what = f"{subgroup.column} is between {subgroup.min:g} and {subgroup.max:g}"
        elif subgroup.min is not None:
            what = f"{subgroup.column} is at least {subgroup.min:g}"
        else:
            what = f"{subgroup.column} is at most {subgroup.max:g}"
    kept = data.loc[keep.to_numpy()].reset_index(drop=True)
    if kept.empty:
        raise DataError(
            f"No rows where {what} (observed range {column.min():g} to {column.max():g}); "
            "widen the subgroup."
        )
    return kept, f"{what} ({len(kept):,} of {len(data):,} rows)"


def complete_rows(
    data: pd.DataFrame, columns: Sequence[str], categories: Mapping[str, list[str]]
) -> tuple[pd.DataFrame, list[str]]:
    """Numeric copy of `columns` (deduplicated), rows with a missing or infinite value dropped."""
    used = list(dict.fromkeys(columns))
    for name in used:
        series = data[name]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            raise ToolArgumentError(
                f"Column '{name}' is not numeric (type {series.dtype}); encode it as numbers or "
                "load the data through askwhy so text becomes categories."
            )
    frame = data[used].astype(float).replace([np.inf, -np.inf], np.nan)
    complete = frame.dropna().reset_index(drop=True)
    notes = []
    if len(complete) < len(frame):
        notes.append(f"Dropped {len(frame) - len(complete):,} rows with missing values.")
    if len(complete) < MIN_ROWS:
        raise DataError(
            f"Only {len(complete)} complete rows in {', '.join(used)}; at least {MIN_ROWS} "
            "are needed to estimate an effect."
        )
    return complete, notes


def expand_covariates(
    frame: pd.DataFrame, covariates: Sequence[str], categories: Mapping[str, list[str]]
) -> tuple[pd.DataFrame, list[str]]:
    """Categorical covariates with more than two levels as 0/1 indicators (first level left
    out), so no unordered category is used as a number; the covariate names to adjust for."""
    names: list[str] = []
    for name in covariates:
        labels = categories.get(name)
        present = sorted(frame[name].unique())
        if labels is None or len(present) <= 2:
            names.append(name)
            continue
        for code in present[1:]:
            dummy = f"{name}={_label_of(code, labels)}"
            frame[dummy] = (frame[name] == code).astype(float)
            names.append(dummy)
    return frame, names


def read_treatment(
    column: pd.Series, name: str, labels: list[str] | None, reference: str | None
) -> Treatment:
    """Binary (0/1, or two labels), categorical (levels vs a reference) or continuous."""
    values = sorted(float(v) for v in column.unique())
    if len(values) < 2:
        raise DataError(f"The treatment '{name}' takes a single value; an effect needs variation.")
    if labels is None and reference is None:
        if values == [0.0, 1.0]:
            return Treatment("binary", ["0", "1"], [0.0, 1.0])
        return Treatment("continuous")
    names = [_label_of(v, labels) for v in values]
    ref_index = 0
    if reference is not None:
        lowered = [n.lower() for n in names]
        if str(reference).strip().lower() not in lowered:
            raise ToolArgumentError(
                f"The reference '{reference}' is not a level of '{name}'. Its levels: "
                f"{', '.join(names)}."
            )
        ref_index = lowered.index(str(reference).strip().lower())
    if len(values) > 12:
        raise ToolArgumentError(
            f"'{name}' has {len(values)} levels, too many for one estimate per level; "
            "merge levels or treat it as continuous (no reference)."
        )
    order = [ref_index] + [i for i in range(len(values)) if i != ref_index]
    note = "" if reference is not None else f"Reference level: '{names[0]}' (the first)."
    kind: TreatmentKind = "binary" if len(values) == 2 else "categorical"
    return Treatment(kind, [names[i] for i in order], [values[i] for i in order], note)


def as_indicator(frame: pd.DataFrame, name: str, treatment: Treatment) -> pd.DataFrame:
    """Rows at the reference or the other level of a two-level treatment, coded 0/1."""
    control, treated = treatment.codes[0], treatment.codes[1]
    rows = frame[frame[name].isin([control, treated])].copy()
    rows[name] = (rows[name] == treated).astype(float)
    return rows.reset_index(drop=True)
