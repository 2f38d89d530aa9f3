"""What one column holds: numbers, numbers with a few bad cells, categories, an ID or dates.

- Mixed columns: text in which at least MIN_NUMERIC_SHARE of the present cells parse as
  numbers is numeric; the other cells become missing values (counted in a note).
- IDs: integers (or text) that are all different, in a column whose name reads like an ID
  (`id`, `*_id`, `customerId`, `patient_no`, `row`, `Unnamed: 0`). Both are required, so
  `year`, `age` or `week` numbers are never taken for IDs.
- Dates: text in which at least MIN_DATE_SHARE of the values parse as dates, or a text column
  named like one (`date`, `*_date`, `timestamp`, `week_start`).
- Categories: text labels become codes 0..k-1 for the statistics; they are `categorical`
  (unordered) unless the data dictionary declares the column `ordinal` (in its `levels`
  order, or by the number each label starts with, such as `18-34`, `35-54`, `55+`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pydantic import BaseModel

from askwhy.core.dictionary import ColumnType
from askwhy.errors import DataError

ColumnKind = Literal["continuous", "discrete", "binary", "constant"]
# How values compare: numbers, ordered levels, or unordered categories (never numbers).
Scale = Literal["numeric", "ordinal", "categorical"]

# A numeric column with at most this many distinct integer values is treated as discrete.
MAX_DISCRETE_LEVELS = 10
# A text column with more distinct values than this is free text, not a category.
MAX_CATEGORY_LEVELS = 20
MIN_NUMERIC_SHARE = 0.95
MIN_DATE_SHARE = 0.95
DATE_SAMPLE = 200  # distinct values tried as dates (parsing mixed formats is slow)

# the last word of an ID's name (`customer_id`, `patient_no`), the first of a row number's
ID_WORDS = frozenset({"id", "ids", "pid", "uid", "uuid", "guid", "no", "nr", "num", "number"})
ROW_WORDS = frozenset({"row", "rownum", "rowid", "serial", "unnamed"})
INDEX_NAMES = frozenset({"index", "idx", "row_index", "row_number"})
DATE_WORDS = frozenset({"date", "dates", "datetime", "timestamp"})
_PERIOD_START = re.compile(r"^(day|week|month|quarter|year|period)_?(start|end|begin|beginning)$")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_HINT = re.compile(
    rf"\d{{4}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|{_MONTH}\s*\d|\d\s*{_MONTH}"
    r"|\d{1,2}:\d{2}",
    re.IGNORECASE,
)
_LEADING_NUMBER = re.compile(r"^\s*[<>]?\s*(\d+(?:\.\d+)?)")


class ColumnProfile(BaseModel):
    name: str
    kind: ColumnKind
    n_unique: int
    missing: int = 0
    categories: list[str] | None = None  # labels of the codes 0..k-1 when text was encoded
    scale: Scale = "numeric"  # categorical: unordered, its codes are labels, not numbers
    skewed: bool = False  # strongly right-skewed positive measurement
    min: float | None = None
    max: float | None = None
    declared_type: ColumnType | None = None  # the type the data dictionary gives, if any

    @property
    def unordered(self) -> bool:
        """An unordered category with more than two levels: its codes must not be numbers."""
        return self.scale == "categorical" and self.n_unique > 2


def name_words(name: str) -> list[str]:
    """`customerId` -> [customer, id]; `patient_no` -> [patient, no]; `ID` -> [id]."""
    return [w.lower() for w in _WORDS.findall(name)]


def id_like_name(name: str) -> bool:
    words = name_words(name)
    return bool(words) and (
        words[-1] in ID_WORDS or words[0] in ROW_WORDS or "_".join(words) in INDEX_NAMES
    )


def date_like_name(name: str) -> bool:
    words = name_words(name)
    return bool(DATE_WORDS.intersection(words)) or bool(_PERIOD_START.match("_".join(words)))


def blank_nul_cells(series: pd.Series) -> tuple[pd.Series, int]:
    """Text cells holding a NUL byte become missing; how many there were."""
    text = series.astype("str")
    has_nul = text.str.contains("\0", regex=False).fillna(False).astype(bool) & series.notna()
    count = int(has_nul.sum())
    return (series.where(~has_nul), count) if count else (series, 0)


def parse_numbers(series: pd.Series) -> tuple[pd.Series, int, list[str]]:
    """The column as numbers, how many present cells did not parse, and a few of them."""
    numeric = pd.to_numeric(series, errors="coerce")
    bad = series.notna() & numeric.isna()
    count = int(bad.sum())
    examples = [str(v) for v in dict.fromkeys(series[bad].head(50))][:3] if count else []
    return numeric.astype(float), count, examples


def mostly_numbers(present: int, bad: int) -> bool:
    return present > 0 and (present - bad) >= MIN_NUMERIC_SHARE * present


def is_numeric_id(values: pd.Series, name: str) -> bool:
    """Whole numbers, all different, in a column named like an ID."""
    present = values.dropna()
    return (
        len(present) >= 2
        and id_like_name(name)
        and bool(np.all(np.mod(present.to_numpy(dtype=float), 1) == 0))
        and present.is_unique
    )


def is_text_id(values: pd.Series, name: str) -> bool:
    present = values.dropna()
    return len(present) >= 2 and id_like_name(name) and present.is_unique


def looks_like_dates(values: pd.Series) -> bool:
    """At least MIN_DATE_SHARE of the distinct values (a sample) parse as dates.

    Only values that look like dates (a 4-digit year with a separator, d/m/y, a month name
    next to a number, or hh:mm) are parsed at all, so `18-34` or `1-2` stay categories."""
    distinct = pd.Series(values.dropna().astype(str).unique()[:DATE_SAMPLE])
    if distinct.empty:
        return False
    hinted = distinct.str.contains(_DATE_HINT)
    if hinted.mean() < MIN_DATE_SHARE:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(distinct, errors="coerce", format="ISO8601")
        if parsed.notna().mean() < MIN_DATE_SHARE:
            parsed = pd.to_datetime(distinct, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() >= MIN_DATE_SHARE)


def order_levels(
    labels: Sequence[str],
    column: str,
    declared: ColumnType | None,
    levels: Sequence[str] | None,
) -> tuple[list[str], Scale, str]:
    """The labels in code order, the scale, and why an `ordinal` column's order could not be
    used ('' when it could). Unordered labels are sorted; ordinal ones follow `levels`, else
    the number each label starts with."""
    labels = list(labels)
    if declared != "ordinal":
        return sorted(labels), "categorical", ""
    if levels:
        unknown = [label for label in labels if label not in levels]
        if unknown:
            raise DataError(
                f"Column '{column}' holds {', '.join(repr(u) for u in unknown[:5])}, which the "
                f"data dictionary's levels for it ({', '.join(levels)}) do not list. Add them "
                "to `levels`, or correct the values."
            )
        return list(levels), "ordinal", ""
    starts = [_leading_number(label) for label in labels]
    if None not in starts and len(set(starts)) == len(labels):
        return [label for _, label in sorted(zip(starts, labels, strict=True))], "ordinal", ""
    return (
        sorted(labels),
        "categorical",
        "The data dictionary declares it ordinal but gives no order for its levels: add its "
        "`levels`, lowest first, to use their order.",
    )


def _leading_number(label: str) -> float | None:
    match = _LEADING_NUMBER.match(label)
    return float(match.group(1)) if match else None


def clean_column(
    series: pd.Series,
    column: str,
    declared: ColumnType | None,
    levels: list[str] | None,
    notes: list[str],
) -> tuple[pd.Series, list[str] | None, Scale, int] | str:
    """(float column, category labels or None, scale, NUL cells), or why it is left out."""
    series = series.reset_index(drop=True)
    nul, numeric_share = 0, 0.0
    if series.isna().all():
        return "every value is missing."
    if pd.api.types.is_bool_dtype(series):
        series = series.astype(float)
    elif not pd.api.types.is_numeric_dtype(series):
        series, nul = blank_nul_cells(series)
        numeric, bad, examples = parse_numbers(series)
        present = int(series.notna().sum())
        if present == 0:
            return "every value is missing (or held NUL bytes)."
        numeric_share = (present - bad) / present
        if bad == 0 or (declared != "categorical" and mostly_numbers(present, bad)):
            if bad:
                shown = ", ".join(repr(e) for e in examples)
                notes.append(
                    f"Column '{column}' is numeric but {bad:,} of {present:,} cells are not "
                    f"numbers (e.g. {shown}); they are treated as missing values."
                )
            series = numeric
    text = not pd.api.types.is_numeric_dtype(series)
    check_declared(series, column, declared)
    if declared is None and text and (date_like_name(column) or looks_like_dates(series)):
        return "it holds dates or times, which label rows rather than measure causes."
    if declared is None and (is_text_id if text else is_numeric_id)(series, column):
        return (
            "it looks like an ID column (every value differs and the name says so); IDs label rows."
        )
    scale: Scale = "ordinal" if declared == "ordinal" else "numeric"
    if not text and declared != "categorical":
        return series.astype(float), None, scale, nul
    keyed = series.astype(str).where(series.notna()) if text else series
    present = keyed.dropna()
    found = present.unique()
    if len(found) > MAX_CATEGORY_LEVELS:
        every = " (every value differs: names or free text?)" if present.is_unique else ""
        if text:
            share = numeric_share
            mixed = f" (only {share:.0%} of its cells are numbers)" if share >= 0.5 else ""
            return (
                f"it holds text with {len(found):,} distinct values{every}{mixed}, too many to "
                f"treat as categories. Encode it as numbers, or merge its values into at most "
                f"{MAX_CATEGORY_LEVELS} categories."
            )
        return (
            f"the data dictionary declares it categorical, but it has {len(found):,} distinct "
            "values, too many to treat as categories. Merge levels, or declare it ordinal or "
            "continuous."
        )
    why = ""
    if text:
        labels, scale, why = order_levels([str(v) for v in found], column, declared, levels)
        names = labels
    else:
        labels = sorted(found)
        names = [f"{label:g}" for label in labels]
        scale = "categorical"
    codes = {label: float(code) for code, label in enumerate(labels)}
    shown = ", ".join(f"{label}={code}" for code, label in enumerate(names[:6]))
    what = "text column" if text else "categorical column"
    if scale == "ordinal":
        notes.append(f"Encoded ordinal column '{column}' in its order ({shown}).")
    elif len(found) <= 2:
        notes.append(f"Encoded {what} '{column}' as 0/1 ({shown}).")
    else:
        more = ", ..." if len(names) > 6 else ""
        notes.append(
            f"Encoded {what} '{column}' as unordered categories ({shown}{more}); tests and "
            f"effects treat them as categories, never as numbers. {why}".strip()
        )
    return keyed.map(codes).astype(float), names, scale, nul


def check_declared(series: pd.Series, column: str, declared: ColumnType | None) -> None:
    """A clear error when the values contradict the declared type."""
    numeric = pd.api.types.is_numeric_dtype(series)
    if declared == "continuous" and not numeric:
        example = next(v for v in series.dropna() if pd.isna(pd.to_numeric(v, errors="coerce")))
        raise DataError(
            f"Column '{column}' is declared continuous in the data dictionary but holds text "
            f"(e.g. {str(example)!r}). Fix the values, or declare it categorical, ordinal or time."
        )
    if declared == "binary":
        levels = series.dropna().unique()
        if len(levels) != 2:
            shown = ", ".join(str(v) for v in sorted(levels, key=str)[:6])
            raise DataError(
                f"Column '{column}' is declared binary in the data dictionary but has "
                f"{len(levels)} distinct values ({shown}). Declare it categorical or ordinal."
            )


def column_kind(values: ArrayLike, categorical: bool = False) -> ColumnKind:
    """The profile kind of a numeric column: constant, binary, discrete or continuous.

    Discrete means categorical, or at most MAX_DISCRETE_LEVELS distinct integer values.
    Missing values (NaN) are ignored.
    """
    array = np.asarray(values, dtype=float)
    levels = np.unique(array[~np.isnan(array)])
    if len(levels) <= 1:
        return "constant"
    if len(levels) == 2:
        return "binary"
    if categorical or (len(levels) <= MAX_DISCRETE_LEVELS and np.all(np.mod(levels, 1) == 0)):
        return "discrete"
    return "continuous"


def profile(
    series: pd.Series,
    categories: list[str] | None,
    scale: Scale,
    declared: ColumnType | None = None,
) -> ColumnProfile:
    """The profile of a numeric (or encoded) column, read from its present values."""
    all_values = series.to_numpy(dtype=float)
    values = all_values[~np.isnan(all_values)]
    kind = column_kind(values, categorical=categories is not None)
    if declared == "continuous" and kind != "constant":
        kind = "continuous"
    skewed = False
    if kind == "continuous" and values.min() > 0:
        centred = values - values.mean()
        sd = centred.std()
        skewed = bool(sd > 0 and (centred**3).mean() / sd**3 > 2.0)
    return ColumnProfile(
        name=str(series.name),
        kind=kind,
        n_unique=int(len(np.unique(values))),
        missing=int(len(all_values) - len(values)),
        categories=categories,
        scale=scale,
        skewed=skewed,
        min=float(values.min()) if len(values) else None,
        max=float(values.max()) if len(values) else None,
        declared_type=declared,
    )
