"""Load a CSV into an analysis-ready table and profile its columns."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pydantic import BaseModel, ConfigDict, Field

from askwhy.core.dictionary import ColumnType, DataDictionary, dictionary_for
from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError

ColumnKind = Literal["continuous", "discrete", "binary", "constant"]

# A numeric column with at most this many distinct integer values is treated as discrete.
MAX_DISCRETE_LEVELS = 10
# A text column with more distinct values than this is free text, not a category.
MAX_CATEGORY_LEVELS = 20
# A description of at most this many words ("the training program") is also an alias.
MAX_ALIAS_WORDS = 4
_NOT_A_NAME = re.compile(r"[,;:!?()\[\]]|\.\s")


class ColumnProfile(BaseModel):
    name: str
    kind: ColumnKind
    n_unique: int
    missing: int = 0
    categories: list[str] | None = None  # original labels when text was encoded as codes 0..k-1
    skewed: bool = False  # strongly right-skewed positive measurement
    min: float | None = None
    max: float | None = None
    declared_type: ColumnType | None = None  # the type the data dictionary gives, if any


class Dataset(BaseModel):
    """A cleaned numeric table plus what was done to get it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    frame: pd.DataFrame
    profiles: dict[str, ColumnProfile]
    fingerprint: str
    path: str | None = None
    notes: list[str] = Field(default_factory=list)
    dropped_columns: dict[str, str] = Field(default_factory=dict)  # column -> why
    dictionary: DataDictionary | None = None

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def aliases(self) -> dict[str, list[str]]:
        """Other names users may give each analysable column, from the data dictionary.

        A column's aliases, plus its description when that is a short noun phrase: at most
        MAX_ALIAS_WORDS words, without a trailing full stop and with no punctuation that
        makes it a sentence or a list (`, ; : ! ? ( ) [ ]` or ". "). So "the training program"
        for `treat` is an alias, "Whether the person took part; 1 = yes" is not. Columns with
        nothing to add are left out; {} when there is no dictionary.
        """
        if self.dictionary is None:
            return {}
        found: dict[str, list[str]] = {}
        for column, entry in self.dictionary.columns.items():
            if column not in self.frame.columns:
                continue
            names = list(entry.aliases)
            phrase = entry.description.strip().rstrip(".").strip()
            if phrase and len(phrase.split()) <= MAX_ALIAS_WORDS and not _NOT_A_NAME.search(phrase):
                names.append(phrase)
            unique = {n.lower(): n for n in reversed(names) if n.lower() != column.lower()}
            if unique:
                found[column] = list(reversed(unique.values()))
        return found

    def require(self, names: Sequence[str]) -> list[str]:
        """Check that every name is a usable column; return them unchanged."""
        for name in names:
            if name in self.frame.columns:
                continue
            if name in self.dropped_columns:
                raise ToolArgumentError(
                    f"Column '{name}' cannot be analysed: {self.dropped_columns[name]}"
                )
            raise UnknownVariableError(name, self.columns)
        return list(names)

    def kinds(self, names: Sequence[str]) -> set[ColumnKind]:
        return {self.profiles[n].kind for n in names}


def load_csv(
    path: str | Path,
    name: str | None = None,
    column_names: Sequence[str] | None = None,
    columns: str | Path | Mapping[str, Any] | DataDictionary | None = None,
) -> Dataset:
    """Read a CSV file; `column_names` gives names for a file without a header row.

    `columns` is the data dictionary: a file (.csv, .json, .yaml) or a mapping
    {column: {description, aliases, type, role}}. Without it a sidecar beside the CSV
    (`data.columns.json` etc. for `data.csv`) is used when there is one.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"File not found: {path}. Give the path to a CSV file.")
    if path.is_dir():
        raise DataError(f"{path} is a folder. Give the path to a CSV file.")
    try:
        if column_names is not None:
            raw = pd.read_csv(path, header=None, names=list(column_names))
        else:
            raw = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path} is empty. Give a CSV with a header row and data rows.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise DataError(
            f"Could not read {path} as CSV ({first_line}). "
            "Check that it is a comma-separated text file with a header row."
        ) from None
    dictionary = dictionary_for(path, columns)
    return prepare_frame(
        raw,
        name=name or path.stem,
        fingerprint=_fingerprint(path),
        path=str(path),
        dictionary=dictionary,
    )


def prepare_frame(
    raw: pd.DataFrame,
    name: str = "data",
    fingerprint: str | None = None,
    path: str | None = None,
    dictionary: DataDictionary | None = None,
) -> Dataset:
    """Clean a DataFrame for analysis: encode categories, drop missing rows, profile columns.

    Types declared in `dictionary` are honoured: `id` and `time` columns are left out (with
    a note naming them), `categorical` columns become category codes even when they hold
    numbers, `continuous` columns are profiled as continuous, and a `binary` column must
    hold two values. Every profile records its declared type.
    """
    if raw.shape[0] == 0 or raw.shape[1] == 0:
        raise DataError(f"The table '{name}' has no data rows. Give a CSV with data.")
    frame = raw.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    duplicated = frame.columns[frame.columns.duplicated()].tolist()
    if duplicated:
        raise DataError(f"Column names appear twice: {', '.join(duplicated)}. Rename them.")

    notes: list[str] = []
    dropped: dict[str, str] = {}
    categories: dict[str, list[str]] = {}
    declared: dict[str, ColumnType] = {}
    if dictionary is not None:
        dictionary.check_columns(list(frame.columns), f"the data '{name}'")
        declared = {c: e.type for c, e in dictionary.columns.items() if e.type is not None}
        frame = _leave_out_declared(frame, dictionary, dropped, notes)
        if frame.shape[1] == 0:
            raise DataError(
                f"The data dictionary declares every column of '{name}' an ID or time column, "
                "so nothing is left to analyse. Correct the declared types."
            )
    missing_by_column = {c: int(frame[c].isna().sum()) for c in frame.columns}

    for column in list(frame.columns):
        series = frame[column]
        declared_type = declared.get(column)
        if pd.api.types.is_bool_dtype(series):
            series = frame[column] = series.astype(float)
        elif not pd.api.types.is_numeric_dtype(series):
            numeric = pd.to_numeric(series, errors="coerce")
            if numeric.notna().sum() == series.notna().sum():
                series = frame[column] = numeric
        _check_declared(series, column, declared_type)
        text = not pd.api.types.is_numeric_dtype(series)
        if not text and declared_type != "categorical":
            continue
        keyed = series.astype(str).where(series.notna()) if text else series
        labels = sorted(keyed.dropna().unique())
        if len(labels) > MAX_CATEGORY_LEVELS:
            dropped[column] = (
                f"it holds text with {len(labels)} distinct values, too many to treat as "
                "categories. Encode it as numbers or drop it."
                if text
                else f"the data dictionary declares it categorical, but it has {len(labels)} "
                "distinct values, too many to treat as categories. Merge levels, or declare "
                "it ordinal or continuous."
            )
            frame = frame.drop(columns=column)
            continue
        names = [str(label) if text else f"{label:g}" for label in labels]
        codes = {label: code for code, label in enumerate(labels)}
        frame[column] = keyed.map(codes)
        categories[column] = names
        shown = ", ".join(f"{label}={code}" for code, label in enumerate(names[:6]))
        what = "text column" if text else "categorical column"
        notes.append(f"Encoded {what} '{column}' as category codes ({shown}).")

    if frame.shape[1] == 0:
        raise DataError(
            f"No usable columns in '{name}': every column holds free text. "
            "askwhy needs numeric or categorical columns."
        )
    n_before = len(frame)
    frame = frame.dropna()
    n_dropped = n_before - len(frame)
    if n_dropped:
        worst = ", ".join(f"{c} ({n})" for c, n in missing_by_column.items() if n)
        notes.append(
            f"Dropped {n_dropped} of {n_before} rows with missing values (missing per column: "
            f"{worst})."
        )
    if len(frame) < 10:
        raise DataError(
            f"Only {len(frame)} complete rows in '{name}' after dropping missing values; "
            "causal analysis needs many more (hundreds at least)."
        )
    frame = frame.astype(float).reset_index(drop=True)

    profiles: dict[str, ColumnProfile] = {}
    for column in list(frame.columns):
        profile = _profile(
            frame[column],
            missing_by_column.get(column, 0),
            categories.get(column),
            declared.get(column),
        )
        if profile.kind == "constant":
            value = frame[column].iloc[0]
            dropped[column] = (
                f"it is constant (always {value:g}), so it carries no information about causes."
            )
            notes.append(f"Left out constant column '{column}'.")
            frame = frame.drop(columns=column)
            continue
        profiles[column] = profile

    if frame.shape[1] == 0:
        raise DataError(f"Every column of '{name}' is constant; there is nothing to analyse.")
    if fingerprint is None:
        fingerprint = _frame_fingerprint(frame)
    if declared:
        # declared types change what is analysed, so graphs must not be shared with a load
        # of the same file without them
        digest = hashlib.sha256((fingerprint + json.dumps(declared, sort_keys=True)).encode())
        fingerprint = digest.hexdigest()[:16]
    return Dataset(
        name=name,
        frame=frame,
        profiles=profiles,
        fingerprint=fingerprint,
        path=path,
        notes=notes,
        dropped_columns=dropped,
        dictionary=dictionary,
    )


def _leave_out_declared(
    frame: pd.DataFrame, dictionary: DataDictionary, dropped: dict[str, str], notes: list[str]
) -> pd.DataFrame:
    """Drop the columns the dictionary declares `id` or `time`, saying why."""
    ids, times = dictionary.declared("id"), dictionary.declared("time")
    for column in ids:
        dropped[column] = "the data dictionary declares it an ID column; IDs label rows."
    for column in times:
        dropped[column] = "the data dictionary declares it a time column (dates label rows)."
    parts = [
        f"{label} column{'s' if len(group) > 1 else ''} " + ", ".join(f"'{c}'" for c in group)
        for label, group in (("ID", ids), ("time", times))
        if group
    ]
    if parts:
        notes.append(
            f"Left out {' and '.join(parts)}: the data dictionary declares them, and they label "
            "rows rather than measure causes."
        )
    return frame.drop(columns=ids + times)


def _check_declared(series: pd.Series, column: str, declared: ColumnType | None) -> None:
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
    """
    levels = np.unique(np.asarray(values, dtype=float))
    if len(levels) <= 1:
        return "constant"
    if len(levels) == 2:
        return "binary"
    if categorical or (len(levels) <= MAX_DISCRETE_LEVELS and np.all(np.mod(levels, 1) == 0)):
        return "discrete"
    return "continuous"


def _profile(
    series: pd.Series,
    missing: int,
    categories: list[str] | None,
    declared: ColumnType | None = None,
) -> ColumnProfile:
    values = series.to_numpy()
    n_unique = int(len(np.unique(values)))
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
        n_unique=n_unique,
        missing=missing,
        categories=categories,
        skewed=skewed,
        min=float(values.min()),
        max=float(values.max()),
        declared_type=declared,
    )


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _frame_fingerprint(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256(",".join(frame.columns).encode())
    digest.update(np.ascontiguousarray(frame.to_numpy()).tobytes())
    return digest.hexdigest()[:16]
