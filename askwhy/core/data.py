"""Load a CSV into an analysis-ready table, profile its columns, pick each analysis' rows.

Every row is kept: a missing value counts only against the analyses of its own column
(`Dataset.complete_rows`). Every column left out (an ID, dates, free text, a constant, all
missing) is named in the notes with the reason; reading the file safely is
askwhy.core.loading, telling what a column holds is askwhy.core.columns.

Big files (engine "duckdb", or "auto" for files of at least ENGINE_MIN_BYTES) are not read
into memory: DuckDB profiles them (askwhy.core.engine_profile), the Dataset's `frame` is a
seeded random sample of SAMPLE_ROWS rows, and `engine` is the table that tests and discovery
query for sufficient statistics over all rows (askwhy.stats.sufficient). Parquet files need
the engine's reader: small ones are read whole into memory, then prepared as a CSV would be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from askwhy.core import columns as col
from askwhy.core.columns import (
    MAX_CATEGORY_LEVELS,
    MAX_DISCRETE_LEVELS,
    ColumnKind,
    ColumnProfile,
    Scale,
    column_kind,
)
from askwhy.core.dictionary import ColumnType, DataDictionary, dictionary_for
from askwhy.core.engine import choose_engine, file_format
from askwhy.core.loading import check_regular_file, read_parquet_frame, read_table
from askwhy.core.preparation import (
    frame_fingerprint,
    leave_out_declared,
    prepared_fingerprint,
    row_labels,
    shown,
)
from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError

__all__ = [
    "MAX_CATEGORY_LEVELS",
    "MAX_DISCRETE_LEVELS",
    "MIN_ANALYSIS_ROWS",
    "ColumnKind",
    "ColumnProfile",
    "Dataset",
    "RowSelection",
    "Scale",
    "column_kind",
    "load_csv",
    "prepare_frame",
]

# An analysis needs at least this many rows complete on the columns it uses.
MIN_ANALYSIS_ROWS = 10
# A description of at most this many words ("the training program") is also an alias.
MAX_ALIAS_WORDS = 4
_NOT_A_NAME = re.compile(r"[,;:!?()\[\]]|\.\s")
LEFT_OUT = "Left out column '{}':"  # the note on a column not kept for analysis


class RowSelection(BaseModel):
    """The rows one analysis uses: those complete on its columns, and what was left out."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    frame: pd.DataFrame  # the analysed columns, complete rows only, index 0..n-1
    columns: list[str]
    total: int  # rows in the dataset
    missing: dict[str, int] = Field(default_factory=dict)  # analysed column -> missing cells
    # A big file: the engine table (askwhy.core.engine.EngineTable), the rows complete on the
    # columns in the whole file; `frame` then holds the complete rows of the seeded sample.
    source: Any = None
    complete: int | None = None

    @property
    def dropped(self) -> int:
        return self.total - (self.complete if self.complete is not None else len(self.frame))

    def note(self) -> str:
        """'' when every row is used; else how many were left out and on which columns."""
        if not self.dropped:
            return ""
        where = ", ".join(f"{c} ({n:,})" for c, n in self.missing.items())
        used = self.complete if self.complete is not None else len(self.frame)
        return (
            f"Left out {self.dropped:,} of {self.total:,} rows with a missing value in the "
            f"columns analysed (missing: {where}); the analysis used the {used:,} "
            "complete rows."
        )

    def sample_note(self) -> str:
        """'' in memory; for a big file, which analyses use all rows and which the sample."""
        if self.source is None:
            return ""
        return (
            f"The data have {self.total:,} rows, read out of core by DuckDB: Fisher-z, "
            "chi-square and G-square tests, and PC, FCI and GES with them, use statistics of "
            f"all rows; other methods use a seeded random sample ({len(self.frame):,} complete "
            "rows)."
        )

    def notes(self) -> list[str]:
        return [n for n in (self.note(), self.sample_note()) if n]


class Dataset(BaseModel):
    """A numeric table (missing values kept as NaN) plus what was done to get it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    frame: pd.DataFrame
    profiles: dict[str, ColumnProfile]
    fingerprint: str
    path: str | None = None
    notes: list[str] = Field(default_factory=list)
    dropped_columns: dict[str, str] = Field(default_factory=dict)  # column -> why
    # Left-out columns that label rows (many-level text, dates, IDs) as codes in sorted
    # (time) order: only a design's group or time column uses them (preparation.row_labels).
    row_labels: dict[str, pd.Series] = Field(default_factory=dict)
    dictionary: DataDictionary | None = None
    engine: Any = None  # a big file's askwhy.core.engine.EngineTable; `frame` is its sample

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    @property
    def n_rows(self) -> int:
        """Rows in the data (in the whole file for a big one, not only its sample)."""
        return self.engine.rows if self.engine is not None else len(self.frame)

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
                    f"Column '{name}' is in the data but was left out of the analysis: "
                    f"{self.dropped_columns[name]}"
                )
            raise UnknownVariableError(name, self.columns)
        return list(names)

    def kinds(self, names: Sequence[str]) -> set[ColumnKind]:
        return {self.profiles[n].kind for n in names}

    def unordered(self, names: Sequence[str]) -> list[str]:
        """The columns among `names` that are unordered categories with more than two levels."""
        return [n for n in dict.fromkeys(names) if self.profiles[n].unordered]

    def complete_rows(self, names: Sequence[str], what: str = "This analysis") -> RowSelection:
        """The rows complete on `names` (only those columns count); fewer than
        MIN_ANALYSIS_ROWS is an error that says which columns are missing how much."""
        names = list(dict.fromkeys(names))
        self.require(names)
        total = self.n_rows
        missing = {n: self.profiles[n].missing for n in names if self.profiles[n].missing}
        big = {"source": self.engine, "complete": total} if self.engine is not None else {}
        if not missing:
            return RowSelection(frame=self.frame[names], columns=names, total=total, **big)
        values = self.frame[names]
        frame = values[values.notna().all(axis=1).to_numpy()].reset_index(drop=True)
        if self.engine is not None:
            big["complete"] = self.engine.complete_count(names)
        selection = RowSelection(frame=frame, columns=names, total=total, missing=missing, **big)
        if (selection.complete or len(frame)) < MIN_ANALYSIS_ROWS:
            where = ", ".join(f"{c} ({n:,})" for c, n in missing.items())
            raise DataError(
                f"Only {total - selection.dropped} of {total:,} rows are complete on "
                f"{', '.join(names)} "
                f"(missing values: {where}). {what} needs at least {MIN_ANALYSIS_ROWS} "
                "complete rows (hundreds for a reliable answer); analyse columns with fewer "
                "missing values."
            )
        return selection


def load_csv(
    path: str | Path,
    name: str | None = None,
    column_names: Sequence[str] | None = None,
    columns: str | Path | Mapping[str, Any] | DataDictionary | None = None,
    engine: str = "auto",
    sample_rows: int | None = None,
) -> Dataset:
    """Read a CSV (plain or gzip) or Parquet file; `column_names` gives names for a CSV
    without a header row.

    `columns` is the data dictionary: a file (.csv, .json, .yaml) or a mapping
    {column: {description, aliases, type, role, levels}}. Without it a sidecar beside the CSV
    (`data.columns.json` etc. for `data.csv`) is used when there is one. `engine`: "pandas"
    reads the file into memory, "duckdb" leaves it on disk (see the module doc), "auto" picks
    by size (askwhy.core.engine.ENGINE_MIN_BYTES). `sample_rows`: the size of a big file's
    sample (default askwhy.core.engine.SAMPLE_ROWS).
    """
    path = Path(path)
    chosen = choose_engine(path, engine)
    if chosen == "duckdb":
        return _load_big(path, name, column_names, dictionary_for(path, columns), sample_rows)
    if file_format(path) == "parquet":
        raw, digest = read_parquet_frame(path)
        dictionary = dictionary_for(path, columns)
        return prepare_frame(raw, name or path.stem, digest, str(path), dictionary)
    raw, scan = read_table(path, column_names)
    dictionary = dictionary_for(path, columns)
    return prepare_frame(
        raw,
        name=name or path.stem,
        fingerprint=scan.digest[:16],
        path=str(path),
        dictionary=dictionary,
    )


def _load_big(
    path: Path,
    name: str | None,
    column_names: Sequence[str] | None,
    dictionary: DataDictionary | None,
    sample_rows: int | None,
) -> Dataset:
    """A big file left on disk: DuckDB's profile, a seeded sample as `frame`, the engine."""
    from askwhy.core.engine import SAMPLE_ROWS, quick_fingerprint
    from askwhy.core.engine_profile import profile_file

    check_regular_file(path)
    table, found = profile_file(path, column_names, dictionary)
    sample = table.sample(sample_rows or SAMPLE_ROWS, seed=0)
    notes = list(found.notes)
    missing = {c: p.missing for c, p in found.profiles.items() if p.missing}
    if missing:
        where = ", ".join(f"{c} ({n:,})" for c, n in missing.items())
        notes.append(
            f"Missing values in {where} of {table.rows:,} rows: each analysis uses the rows "
            "complete on the columns it analyses, and says how many it left out."
        )
    notes.append(
        f"{path.name} has {table.rows:,} rows: it is read out of core by DuckDB, not into memory "
        f"(a seeded random sample of {len(sample):,} rows serves the analyses that need rows)."
    )
    return Dataset(
        name=name or path.stem,
        frame=sample,
        profiles=found.profiles,
        fingerprint=prepared_fingerprint("engine" + quick_fingerprint(path), dictionary),
        path=str(path),
        notes=notes,
        dropped_columns=found.dropped,
        dictionary=dictionary,
        engine=table,
    )


def prepare_frame(
    raw: pd.DataFrame,
    name: str = "data",
    fingerprint: str | None = None,
    path: str | None = None,
    dictionary: DataDictionary | None = None,
) -> Dataset:
    """Clean a DataFrame for analysis: numbers, category codes, columns left out with reasons.

    Rows with missing values are kept (each analysis picks its complete rows). Types declared
    in `dictionary` are honoured: `id` and `time` columns are left out (with a note naming
    them), `categorical` columns become category codes even when they hold numbers,
    `ordinal` text follows its `levels`, `continuous` columns are profiled as continuous, and
    a `binary` column must hold two values; a declared type also keeps a column that looks
    like an ID or dates. Every profile records its declared type.
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
    declared: dict[str, ColumnType] = {}
    original = frame
    if dictionary is not None:
        dictionary.check_columns(list(frame.columns), f"the data '{name}'")
        declared = {c: e.type for c, e in dictionary.columns.items() if e.type is not None}
        frame = leave_out_declared(frame, dictionary, dropped, notes)
        if frame.shape[1] == 0:
            raise DataError(
                f"The data dictionary declares every column of '{name}' an ID or time column, "
                "so nothing is left to analyse. Correct the declared types."
            )

    cleaned: dict[str, pd.Series] = {}
    categories: dict[str, list[str]] = {}
    scales: dict[str, Scale] = {}
    nul_cells: dict[str, int] = {}
    for column in frame.columns:
        entry = dictionary.entry(column) if dictionary is not None else None
        kept = col.clean_column(
            frame[column], column, declared.get(column), entry.levels if entry else None, notes
        )
        if isinstance(kept, str):
            dropped[column] = kept
            notes.append(f"{LEFT_OUT.format(column)} {kept}")
            continue
        series, labels, scale, nul = kept
        cleaned[column] = series
        scales[column] = scale
        if labels is not None:
            categories[column] = labels
        if nul:
            nul_cells[column] = nul

    profiles: dict[str, ColumnProfile] = {}
    for column, series in list(cleaned.items()):
        found = col.profile(series, categories.get(column), scales[column], declared.get(column))
        if found.kind == "constant":
            value = series.dropna().iloc[0]
            dropped[column] = (
                f"it is constant (always {shown(value, categories.get(column))}), so it carries "
                "no information about causes."
            )
            notes.append(f"Left out constant column '{column}'.")
            del cleaned[column]
            continue
        profiles[column] = found

    if not cleaned:
        raise DataError(
            f"No usable columns in '{name}': "
            + "; ".join(f"'{c}': {why}" for c, why in dropped.items())
            + " askwhy needs numeric or categorical columns."
        )
    if nul_cells:
        where = ", ".join(f"{c} ({n:,})" for c, n in nul_cells.items())
        notes.append(
            f"{sum(nul_cells.values()):,} cells held NUL bytes (in {where}); they are treated "
            "as missing values."
        )
    missing = {c: p.missing for c, p in profiles.items() if p.missing}
    if missing:
        where = ", ".join(f"{c} ({n:,})" for c, n in missing.items())
        notes.append(
            f"Missing values in {where} of {len(frame):,} rows: each analysis uses the rows "
            "complete on the columns it analyses, and says how many it left out."
        )
    table = pd.DataFrame(cleaned, index=range(len(frame)))
    if fingerprint is None:
        fingerprint = frame_fingerprint(table)
    return Dataset(
        name=name,
        frame=table,
        profiles=profiles,
        fingerprint=prepared_fingerprint(fingerprint, dictionary),
        path=path,
        notes=notes,
        dropped_columns=dropped,
        row_labels=row_labels(original, dropped),
        dictionary=dictionary,
    )
