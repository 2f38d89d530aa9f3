"""Checks on what a statistical analysis gets and gives: usable values in, real numbers out.

- `usable_values`: the analysed columns as a float matrix: numeric, rows with a missing value
  left out (with a note), no infinite values, enough rows, no constant column.
- `standardized`: columns scaled to mean 0, sd 1 without overflow or underflow: each is first
  divided by its largest absolute value, so values of 1e300 or 1e-310 behave like any others.
  A column whose spread is below RELATIVE_SPREAD of its size varies only in its last digits
  and counts as constant (a relative tolerance, so no scale is "too small" by itself).
- `check_table_test`: chi-square / G-square only on columns with at most MAX_TABLE_LEVELS
  distinct values, and contingency tables of at most MAX_TABLE_CELLS cells (bounded memory).
- `check_p_value`: a NaN or infinite p-value or statistic is an error that says why, never a
  verdict.
- `check_effect_scale`: columns of an effect estimate within the range the estimators'
  float32 models can hold (EFFECT_SCALE), so no overflow turns into a wrong number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from askwhy.errors import DataError, ToolArgumentError

MIN_TEST_ROWS = 10
RELATIVE_SPREAD = 1e-12
MAX_TABLE_LEVELS = 50
MAX_TABLE_CELLS = 5_000_000  # about 40 MB per count table
EFFECT_SCALE = (1e-30, 1e30)  # spread and size of a column gradient boosting (float32) can use


def usable_values(data: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """The columns as floats, complete rows only, once every value is usable by a test."""
    columns = list(columns)
    for name in columns:
        column = data[name]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            raise ToolArgumentError(
                f"Column '{name}' is not numeric (type {column.dtype}); encode it as numbers "
                "(for example category codes) or leave it out."
            )
    values = data[columns].to_numpy(dtype=float)
    notes = []
    missing = np.isnan(values).any(axis=1)
    if missing.any():
        where = [c for i, c in enumerate(columns) if np.isnan(values[:, i]).any()]
        notes.append(
            f"Left out {int(missing.sum())} of {len(values)} rows with a missing value in "
            f"{', '.join(where)}."
        )
        values = values[~missing]
    infinite = {c: int(np.isinf(values[:, i]).sum()) for i, c in enumerate(columns)}
    infinite = {c: k for c, k in infinite.items() if k}
    if infinite:
        listed = ", ".join(f"'{c}' ({k} value{'s' if k > 1 else ''})" for c, k in infinite.items())
        raise DataError(
            f"Infinite values (inf or -inf) in {listed}, e.g. from an overflow or a division by "
            "zero when the data were made; no test can use them. Replace them with real "
            "numbers, or remove those rows (or make them missing values)."
        )
    if len(values) < MIN_TEST_ROWS:
        raise DataError(
            f"Only {len(values)} complete rows in {', '.join(columns)}; a test needs at least "
            f"{MIN_TEST_ROWS} (hundreds for a reliable answer)."
        )
    for i, name in enumerate(columns):
        if values[:, i].min() == values[:, i].max():
            raise DataError(
                f"Column '{name}' is constant (always {values[0, i]:g}) in the rows analysed, so "
                "it carries no information; leave it out."
            )
    return values, notes


def standardized(values: np.ndarray, columns: Sequence[str]) -> np.ndarray:
    """Each column scaled to mean 0 and sd 1, safely for any magnitude (see the module doc)."""
    scale = np.abs(values).max(axis=0)
    scale[scale == 0] = 1.0
    scaled = values / scale
    centred = scaled - scaled.mean(axis=0)
    spread = centred.std(axis=0)
    flat = [c for c, s in zip(columns, spread, strict=True) if not s > RELATIVE_SPREAD]
    if flat:
        raise DataError(
            f"Column{'s' if len(flat) > 1 else ''} {', '.join(repr(c) for c in flat)} "
            f"{'vary' if len(flat) > 1 else 'varies'} only in the last digits (spread below "
            f"{RELATIVE_SPREAD:g} of the values' size), so it is effectively constant and "
            "carries no information; leave it out."
        )
    return centred / spread


def correlation(standard: np.ndarray) -> np.ndarray:
    """Correlation matrix of standardized columns (no overflow, whatever the raw scale)."""
    return np.clip(standard.T @ standard / len(standard), -1.0, 1.0)


def check_table_test(
    values: np.ndarray, columns: Sequence[str], test: str, conditional: bool = True
) -> None:
    """Refuse a contingency-table test (chisq, gsq, BDeu) on columns with too many values.

    With `conditional`, columns 0 and 1 are tested given the rest, and the table that test
    fills (values of x times values of y times combinations of the rest) must fit
    MAX_TABLE_CELLS."""
    levels = [len(np.unique(values[:, i])) for i in range(values.shape[1])]
    many = [(c, k) for c, k in zip(columns, levels, strict=True) if k > MAX_TABLE_LEVELS]
    if many:
        listed = "; ".join(f"{c} has {k:,} distinct values" for c, k in many)
        raise ToolArgumentError(
            f"{test} needs discrete columns (at most {MAX_TABLE_LEVELS} distinct values each); "
            f"{listed}. Use fisherz or kci, or auto (which picks a test from the column types)."
        )
    if not conditional or values.shape[1] <= 2:
        return
    combinations = len(np.unique(values[:, 2:], axis=0))
    cells = levels[0] * levels[1] * combinations
    if cells > MAX_TABLE_CELLS:
        raise ToolArgumentError(
            f"The {test} test of {columns[0]} and {columns[1]} given {', '.join(columns[2:])} "
            f"would fill a contingency table of {cells:,} cells ({levels[0]} x {levels[1]} "
            f"values x {combinations:,} combinations of the conditioning columns), more than "
            f"the {MAX_TABLE_CELLS:,} allowed. Condition on fewer columns, or use fisherz or kci."
        )


def check_p_value(
    p_value: float, statistic: float | None, test: str, x: str, y: str, given: Sequence[str]
) -> None:
    """A NaN or infinite result is an error that says why, not a verdict."""
    bad_statistic = statistic is not None and math.isnan(statistic)
    if math.isfinite(p_value) and 0.0 <= p_value <= 1.0 and not bad_statistic:
        return
    condition = f" given {', '.join(given)}" if given else ""
    raise DataError(
        f"The {test} test of {x} and {y}{condition} gave no valid p-value (p = {p_value}), so "
        "there is no verdict. This happens when a column is (nearly) constant, an exact "
        "function of the others, or holds extreme values; check those columns, or try "
        "another test."
    )


def check_effect_scale(frame: pd.DataFrame, names: dict[str, str]) -> None:
    """Every column finite, not constant, and of a size the estimators can hold.

    `names` maps the frame's (internal) column names to the user's."""
    low, high = EFFECT_SCALE
    for column in frame.columns:
        name = names.get(column, column)
        values = frame[column].to_numpy(dtype=float)
        if not np.isfinite(values).all():
            k = int((~np.isfinite(values)).sum())
            raise DataError(
                f"Column '{name}' holds {k} infinite value{'s' if k > 1 else ''} (inf or -inf); "
                "an effect cannot be estimated from them. Replace them with real numbers, or "
                "remove those rows (or make them missing values)."
            )
        size = float(np.abs(values).max())
        spread = float(values.max() - values.min())
        if spread == 0.0:
            raise DataError(
                f"Column '{name}' is constant (always {values[0]:g}) in the rows used, so it "
                "carries no information; leave it out."
            )
        if size > high or spread < low:
            raise DataError(
                f"Column '{name}' has values of order {size:.0e} (spread {spread:.0e}), outside "
                f"the range {low:g}..{high:g} the estimators can compute with (their sums "
                "overflow or their differences vanish). Rescale it (change its units: multiply "
                "or divide it by a power of ten) and ask again."
            )
        if spread <= RELATIVE_SPREAD * size:
            raise DataError(
                f"Column '{name}' varies only in the last digits (spread below "
                f"{RELATIVE_SPREAD:g} of its size), so it is effectively constant; leave it "
                "out, or subtract its typical value first."
            )
