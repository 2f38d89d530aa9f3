"""The profile of a big file, computed by DuckDB: column types, missing counts, levels.

Two aggregate passes over the file (askwhy.core.engine says why DuckDB): the first counts
rows, present cells, approximate distinct values, and min / max / mean / skewness of numeric
columns; the second lists the exact levels of the columns with few distinct values. The rules
follow the in-memory path (askwhy.core.columns) for what big files hold:

- numbers and booleans are numeric; text in which at least MIN_NUMERIC_SHARE of the present
  cells are numbers is numeric (the other cells become missing values, with a note);
- other text with at most MAX_CATEGORY_LEVELS distinct values is a category (codes in sorted
  label order, or a declared ordinal order); more is left out as free text;
- dates and times, IDs (whole numbers or text, all different, in a column named like an ID),
  constant and all-missing columns are left out, each with its reason;
- the data dictionary's declared types are honoured as in askwhy.core.data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from askwhy.core.columns import (
    MAX_CATEGORY_LEVELS,
    MAX_DISCRETE_LEVELS,
    MIN_NUMERIC_SHARE,
    ColumnProfile,
    Scale,
    id_like_name,
    order_levels,
)
from askwhy.core.dictionary import ColumnType, DataDictionary
from askwhy.core.engine import (
    EngineColumn,
    EngineTable,
    file_format,
    open_connection,
    read_problem,
    read_source,
)
from askwhy.errors import DataError

_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT")
_NUMERIC += ("UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL")
_TIME = ("DATE", "TIME", "TIMESTAMP", "INTERVAL")
# Exact levels are listed for columns with at most this many distinct values (approximate).
_FEW = 2 * MAX_CATEGORY_LEVELS + 10


class EngineProfile:
    """What the profile passes found: the table to query, profiles, left-out columns, notes."""

    def __init__(self) -> None:
        self.columns: list[EngineColumn] = []
        self.profiles: dict[str, ColumnProfile] = {}
        self.dropped: dict[str, str] = {}
        self.notes: list[str] = []
        self.means: dict[str, float] = {}
        self.rows = 0


def profile_file(
    path: Path,
    column_names: Sequence[str] | None = None,
    dictionary: DataDictionary | None = None,
    memory_limit: str | None = None,
) -> tuple[EngineTable, EngineProfile]:
    """Profile the file with DuckDB; return the table of its analysable columns and the
    profile. Every problem is a DataError."""
    import duckdb

    fmt = file_format(path)
    connection = open_connection(**({"memory_limit": memory_limit} if memory_limit else {}))
    relation = read_source(connection, path, fmt, column_names)
    names = [str(n) for n in relation.columns]
    types = [str(t).upper() for t in relation.types]
    _check_names(path, names)
    if dictionary is not None:
        dictionary.check_columns(names, f"the data '{path.stem}'")
    renamed = relation.select(
        *[duckdb.ColumnExpression(n).alias(f"r{i}") for i, n in enumerate(names)]
    )
    connection.register("raw", renamed)
    found = EngineProfile()
    declared = _declared(dictionary)
    try:
        first = _first_pass(connection, types)
        found.rows = int(first["rows"])
        levels = _levels(connection, names, types, first, declared)
    except duckdb.Error as err:
        raise DataError(read_problem(path, fmt, err)) from None
    finally:
        connection.close()
    if found.rows == 0:
        raise DataError(f"{path} has no data rows. Give a file with data.")
    for i, (name, kind) in enumerate(zip(names, types, strict=True)):
        entry = dictionary.entry(name) if dictionary is not None else None
        _column(found, i, name, kind, first, levels.get(i), declared.get(name), entry)
    if not found.columns:
        raise DataError(
            f"No usable columns in '{path.stem}': "
            + "; ".join(f"'{c}': {why}" for c, why in found.dropped.items())
            + " askwhy needs numeric or categorical columns."
        )
    table = EngineTable(
        path=str(path),
        fmt=fmt,
        columns=found.columns,
        rows=found.rows,
        header_names=tuple(column_names) if column_names is not None else None,
        means=dict(found.means),
        missing={c: p.missing for c, p in found.profiles.items()},
        **({"memory_limit": memory_limit} if memory_limit else {}),
    )
    return table, found


def _check_names(path: Path, names: list[str]) -> None:
    seen: set[str] = set()
    twice = [n for n in names if n in seen or seen.add(n)]
    if twice:
        raise DataError(
            f"Column names appear twice in {path}: {', '.join(dict.fromkeys(twice))}. Rename "
            "them so every column has its own name."
        )


def _declared(dictionary: DataDictionary | None) -> dict[str, ColumnType]:
    if dictionary is None:
        return {}
    return {c: e.type for c, e in dictionary.columns.items() if e.type is not None}


def _first_pass(connection: Any, types: list[str]) -> dict[str, Any]:
    parts = ["count(*)"]
    keys = ["rows"]
    for i, kind in enumerate(types):
        col = f"nullif(r{i}, 'NaN'::DOUBLE)" if _is_float(kind) else f"r{i}"  # NaN: missing
        parts += [f"count({col})", f"approx_count_distinct({col})"]
        keys += [f"present{i}", f"distinct{i}"]
        if _is_numeric(kind):
            value = f"{col}::DOUBLE"  # NaN already NULL
            parts += [
                f"min({value})",
                f"max({value})",
                f"avg({value})",
                f"skewness({value})",
                f"bool_and({value} = round({value}))",
            ]
            keys += [f"min{i}", f"max{i}", f"mean{i}", f"skew{i}", f"whole{i}"]
        elif kind == "VARCHAR":
            value = f"nullif(try_cast({col} AS DOUBLE), 'NaN'::DOUBLE)"
            parts += [
                f"count({value})",
                f"min({value})",
                f"max({value})",
                f"avg({value})",
                f"skewness({value})",
                f"bool_and({value} = round({value}))",
            ]
            keys += [f"numbers{i}", f"min{i}", f"max{i}", f"mean{i}", f"skew{i}", f"whole{i}"]
    row = connection.execute(f"SELECT {', '.join(parts)} FROM raw").fetchone()
    return dict(zip(keys, row, strict=True))


def _levels(
    connection: Any,
    names: list[str],
    types: list[str],
    first: dict[str, Any],
    declared: dict[str, ColumnType],
) -> dict[int, list[Any] | int]:
    """Exact levels of the columns with few distinct values; exact distinct counts of
    ID-like columns (an ID is all different, which the approximate count cannot tell)."""
    parts, which = [], []
    for i, kind in enumerate(types):
        if declared.get(names[i]) in ("id", "time") or _is_time(kind):
            continue
        col = f"r{i}::VARCHAR" if kind == "VARCHAR" else f"nullif(r{i}::DOUBLE, 'NaN'::DOUBLE)"
        if not (_is_numeric(kind) or kind in ("VARCHAR", "BOOLEAN")):
            continue
        if first[f"distinct{i}"] <= _FEW:
            parts.append(f"list(DISTINCT {col}) FILTER (WHERE {col} IS NOT NULL)")
            which.append((i, "levels"))
        elif id_like_name(names[i]):
            parts.append(f"count(DISTINCT {col})")
            which.append((i, "count"))
    if not parts:
        return {}
    row = connection.execute(f"SELECT {', '.join(parts)} FROM raw").fetchone()
    return {
        i: (sorted(v) if what == "levels" else int(v))
        for (i, what), v in zip(which, row, strict=True)
    }


def _column(
    found: EngineProfile,
    i: int,
    name: str,
    kind: str,
    first: dict[str, Any],
    levels: list[Any] | int | None,
    declared: ColumnType | None,
    entry: Any,
) -> None:
    """Profile one column into `found`: kept (with how to read it) or left out (why)."""
    present = int(first[f"present{i}"])

    def drop(why: str, note: str | None = None) -> None:
        found.dropped[name] = why
        found.notes.append(note or f"Left out column '{name}': {why}")

    if declared in ("id", "time"):
        label = "an ID" if declared == "id" else "a time"
        return drop(f"the data dictionary declares it {label} column; it labels rows.")
    if present == 0:
        return drop("every value is missing.")
    if _is_time(kind):
        return drop("it holds dates or times, which label rows rather than measure causes.")
    known = isinstance(levels, list)
    distinct = len(levels) if known else int(levels if levels else first[f"distinct{i}"])
    if declared is None and id_like_name(name) and isinstance(levels, int) and distinct == present:
        return drop(
            "it looks like an ID column (every value differs and the name says so); IDs label rows."
        )
    numbers = present if (_is_numeric(kind) or kind == "BOOLEAN") else first.get(f"numbers{i}", 0)
    numeric = numbers == present or (
        declared != "categorical" and numbers >= MIN_NUMERIC_SHARE * present and numbers > 0
    )
    if kind not in ("VARCHAR", "BOOLEAN") and not _is_numeric(kind):
        return drop(f"its values are of type {kind}, not numbers or categories.")
    categories: list[str] | None = None
    scale: Scale = "ordinal" if declared == "ordinal" else "numeric"
    if kind == "BOOLEAN":
        column = EngineColumn(name, name, "boolean")
        low, high, mean, skew = 0.0, 1.0, None, None
    elif numeric and declared != "categorical":
        bad = present - numbers
        if bad:
            found.notes.append(
                f"Column '{name}' is numeric but {bad:,} of {present:,} cells are not numbers; "
                "they are treated as missing values."
            )
        cast = "number" if _is_numeric(kind) else "try_number"
        column = EngineColumn(name, name, cast)  # type: ignore[arg-type]
        low, high = first[f"min{i}"], first[f"max{i}"]
        mean, skew = first[f"mean{i}"], first[f"skew{i}"]
        present = numbers
    else:
        if not known or distinct > MAX_CATEGORY_LEVELS:
            return drop(
                f"it holds {'text' if kind == 'VARCHAR' else 'values'} with {distinct:,} "
                f"distinct values, too many to treat as categories. Encode it as numbers, or "
                f"merge its values into at most {MAX_CATEGORY_LEVELS} categories."
            )
        values = list(levels)  # type: ignore[arg-type]
        if kind == "VARCHAR":
            ordered, scale, _ = order_levels(
                [str(v) for v in values], name, declared, entry.levels if entry else None
            )
            labels: tuple[Any, ...] = tuple(ordered)
            categories = list(ordered)
        else:
            labels = tuple(float(v) for v in values)
            categories = [f"{v:g}" for v in labels]
            scale = "categorical"
        column = EngineColumn(name, name, "codes", labels)
        low, high, mean, skew = 0.0, float(len(labels) - 1), None, None
        found.notes.append(
            f"Encoded column '{name}' as {'ordered' if scale == 'ordinal' else 'unordered'} "
            f"categories ({', '.join(f'{lab}={c}' for c, lab in enumerate(categories[:6]))})."
        )
    if distinct <= 1:
        return drop(
            "it is constant, so it carries no information about causes.",
            f"Left out constant column '{name}'.",
        )
    whole = bool(first.get(f"whole{i}", True)) if column.cast != "codes" else True
    if distinct == 2:
        profile_kind = "binary"
    elif categories is not None or (whole and distinct <= MAX_DISCRETE_LEVELS):
        profile_kind = "discrete"
    else:
        profile_kind = "continuous"
    if declared == "continuous":
        profile_kind = "continuous"
    if declared == "binary" and distinct != 2:
        raise DataError(
            f"Column '{name}' is declared binary in the data dictionary but has {distinct} "
            "distinct values. Declare it categorical or ordinal."
        )
    skewed = bool(profile_kind == "continuous" and low > 0 and skew is not None and skew > 2.0)
    found.columns.append(column)
    found.means[name] = float(mean) if mean is not None else (low + high) / 2
    found.profiles[name] = ColumnProfile(
        name=name,
        kind=profile_kind,  # type: ignore[arg-type]
        n_unique=distinct,
        missing=found.rows - present,
        categories=categories,
        scale=scale,
        skewed=skewed,
        min=float(low),
        max=float(high),
        declared_type=declared,
    )


def _is_numeric(kind: str) -> bool:
    return kind.split("(")[0] in _NUMERIC


def _is_float(kind: str) -> bool:
    return kind in ("FLOAT", "DOUBLE", "REAL")


def _is_time(kind: str) -> bool:
    return kind.split(" ")[0] in _TIME or kind.startswith("TIMESTAMP")
