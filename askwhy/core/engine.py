"""Out-of-core tables: DuckDB reads large CSV, gzip CSV and Parquet files in streaming passes.

Why DuckDB (and not Polars' lazy scans or hand-written chunking): every statistic askwhy
needs from a big file is a SQL aggregate (the profile, the sums of a covariance matrix,
group-by counts), and DuckDB computes one over CSV, gzip CSV or Parquet in one streaming,
multi-threaded pass with bounded memory (`SET memory_limit`, spilling to disk beyond it),
with no chunking code here. askwhy.core.engine_profile profiles the file; this module holds
the EngineTable that later analyses query.

Safety: the path reaches DuckDB through its reader functions, never inside SQL text; columns
are renamed to internal names (c0, c1, ...) through DuckDB's expression API, so no column
name or value is ever written into SQL; values (label lists, shifts, seeds) are bound
parameters.

Missing values (NULL, an empty CSV cell, or NaN): every statistic uses the rows complete on
the columns it analyses (listwise over those columns only), as the in-memory path does
(Dataset.complete_rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from askwhy.errors import DataError

Engine = Literal["auto", "pandas", "duckdb"]
ENGINES: tuple[str, ...] = ("auto", "pandas", "duckdb")
# With engine "auto", a file at least this large (bytes on disk) is read by DuckDB out of core.
ENGINE_MIN_BYTES = 256 << 20
# Analyses that need rows (kernel tests, LiNGAM, effects) use a seeded sample of this many.
SAMPLE_ROWS = 100_000
MEMORY_LIMIT = "1GB"  # DuckDB's own budget; it spills to a temporary folder beyond it
PARQUET_SUFFIXES = (".parquet", ".pq")
_FINGERPRINT_BLOCK = 1 << 20


def file_format(path: Path) -> Literal["csv", "parquet"]:
    """'parquet' for .parquet / .pq files, 'csv' otherwise (gzip CSV included)."""
    return "parquet" if path.suffix.lower() in PARQUET_SUFFIXES else "csv"


def choose_engine(path: Path, engine: str) -> Literal["pandas", "duckdb"]:
    """The engine for this file: as asked, or by size for "auto"."""
    if engine not in ENGINES:
        raise DataError(f"Unknown engine '{engine}'. Use one of: {', '.join(ENGINES)}.")
    if engine != "auto":
        return engine  # type: ignore[return-value]
    try:
        size = path.stat().st_size
    except OSError:
        return "pandas"  # the pandas path says what is wrong with the file
    return "duckdb" if size >= ENGINE_MIN_BYTES else "pandas"


def quick_fingerprint(path: Path) -> str:
    """A fingerprint of a big file without reading all of it: its size, modification time and
    first and last megabyte (hashing gigabytes would take longer than the analysis)."""
    try:
        info = path.stat()
        digest = hashlib.sha256(f"{info.st_size}:{info.st_mtime_ns}".encode())
        with path.open("rb") as handle:
            digest.update(handle.read(_FINGERPRINT_BLOCK))
            if info.st_size > 2 * _FINGERPRINT_BLOCK:
                handle.seek(-_FINGERPRINT_BLOCK, 2)
                digest.update(handle.read(_FINGERPRINT_BLOCK))
    except OSError as err:
        raise DataError(f"Cannot read {path} ({err.strerror}).") from None
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class EngineColumn:
    """How one analysed column is read: a number, or text / numbers coded by `labels`."""

    name: str  # the user's column name
    source: str  # the column's name in the file
    cast: Literal["number", "try_number", "codes", "boolean"]
    labels: tuple[Any, ...] = ()  # for "codes": the value of code 0, 1, ...


@dataclass
class EngineTable:
    """A file DuckDB reads on demand, and the analysable columns in it.

    Holds no rows: each method runs one query. The DuckDB connection is opened on first use
    and never pickled (a worker process opens its own)."""

    path: str
    fmt: Literal["csv", "parquet"]
    columns: list[EngineColumn]
    rows: int
    header_names: tuple[str, ...] | None = None  # names for a CSV without a header row
    means: dict[str, float] = field(default_factory=dict)  # near the means: shifts for sums
    missing: dict[str, int] = field(default_factory=dict)  # missing cells per column
    memory_limit: str = MEMORY_LIMIT
    threads: int | None = None
    _connection: Any = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_connection"] = None
        return state

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def describe(self) -> str:
        return f"{self.rows:,} rows of {Path(self.path).name}, read by DuckDB out of core"

    # ----- queries -----------------------------------------------------------------------

    def sample(self, size: int = SAMPLE_ROWS, seed: int = 0) -> Any:
        """A seeded random sample of `size` rows (all rows when there are fewer), as a
        pandas DataFrame of the analysed columns, in the order of the rows' hash.

        The rows with the smallest hash(seed, row) are kept: one pass, bounded memory (a
        top-k heap, fed only the rows under a cut that keeps about 3x `size`), and the same
        sample whatever the number of threads."""
        internal = self._internal(self.names)
        order = f"hash(?::BIGINT, {', '.join(internal)})"
        share = 3.0 * size / max(self.rows, 1)  # a cheap first cut keeps ~3x the rows needed
        if share < 0.5:
            cut = f"SELECT * FROM src WHERE {order} < ?::UBIGINT"
            sql = f"SELECT * FROM ({cut}) ORDER BY {order} LIMIT ?"
            values = self._run(sql, [seed, int(share * 2.0**64), seed, size]).fetchnumpy()
            if len(values[internal[0]]) == min(size, self.rows):
                return _frame(values, self.names, internal)
        sql = f"SELECT {', '.join(internal)} FROM src ORDER BY {order} LIMIT ?"
        return _frame(self._run(sql, [seed, size]).fetchnumpy(), self.names, internal)

    def complete_count(self, names: Sequence[str]) -> int:
        """Rows with no missing value in `names`."""
        sql = f"SELECT count(*) FROM src WHERE {self._complete(names)}"
        return int(self._run(sql).fetchone()[0])

    def moments(self, names: Sequence[str], shift: Sequence[float]) -> tuple[int, np.ndarray, Any]:
        """(rows complete on `names`, their means, their covariance matrix (divided by n)) in
        one pass. Sums are taken of values minus `shift` (near the means, e.g. the profile's)
        so that large means do not cancel the digits of small spreads."""
        internal = self._internal(names)
        k = len(internal)
        centred = [f"({c} - ?::DOUBLE)" for c in internal]
        products = [(i, j) for i in range(k) for j in range(i, k)]
        inner = ", ".join(f"{c} AS d{i}" for i, c in enumerate(centred))
        sql = (
            f"SELECT count(*), {', '.join(f'sum(d{i})' for i in range(k))}, "
            f"{', '.join(f'sum(d{i} * d{j})' for i, j in products)} "
            f"FROM (SELECT {inner} FROM src WHERE {self._complete(names)})"
        )
        row = self._run(sql, [float(s) for s in shift]).fetchone()
        n = int(row[0])
        if n == 0:
            return 0, np.full(k, np.nan), np.full((k, k), np.nan)
        sums = np.array(row[1 : 1 + k], dtype=float)
        cross = np.empty((k, k))
        for (i, j), value in zip(products, row[1 + k :], strict=True):
            cross[i, j] = cross[j, i] = value
        mean_shifted = sums / n
        cov = cross / n - np.outer(mean_shifted, mean_shifted)
        return n, mean_shifted + np.asarray(shift, dtype=float), cov

    def counts(
        self, names: Sequence[str], complete_on: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Group-by counts over the rows complete on `complete_on` (default: `names`): the
        distinct value combinations (one row each, as floats) and their counts."""
        internal = self._internal(names)
        listed = ", ".join(internal)
        where = self._complete(complete_on if complete_on is not None else names)
        sql = (
            f"SELECT {listed}, count(*) AS n FROM src WHERE {where} "
            f"GROUP BY {listed} ORDER BY {listed}"
        )
        values = self._run(sql).fetchnumpy()
        combos = np.column_stack([_floats(values[c]) for c in internal]) if internal else None
        return combos, np.asarray(values["n"], dtype=np.int64)

    # ----- plumbing ----------------------------------------------------------------------

    def _internal(self, names: Sequence[str]) -> list[str]:
        index = {c.name: i for i, c in enumerate(self.columns)}
        missing = [n for n in names if n not in index]
        if missing:
            from askwhy.errors import UnknownVariableError

            raise UnknownVariableError(missing[0], self.names)
        return [f"c{index[n]}" for n in names]

    def _complete(self, names: Sequence[str]) -> str:
        """The SQL condition for rows complete on `names`: only columns with missing values
        (the profile counted them; NaN reads as missing) need a test."""
        internal = self._internal([n for n in names if self.missing.get(n, 1)])
        return " AND ".join(f"{c} IS NOT NULL" for c in internal) or "true"

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        import duckdb

        connection = self._connect()
        try:
            return connection.execute(sql, list(params))
        except duckdb.Error as err:
            raise DataError(read_problem(Path(self.path), self.fmt, err)) from None

    def _connect(self) -> Any:
        if self._connection is None:
            connection = open_connection(self.memory_limit, self.threads)
            relation = read_source(connection, Path(self.path), self.fmt, self.header_names)
            expressions = [column_expression(c, f"c{i}") for i, c in enumerate(self.columns)]
            connection.register("src", relation.select(*expressions))
            self._connection = connection
        return self._connection


def open_connection(
    memory_limit: str = MEMORY_LIMIT, threads: int | None = None, keep_order: bool = False
) -> Any:
    """An in-memory DuckDB connection with a memory budget; `keep_order` keeps the file's row
    order in results (statistics do not need it, and it costs memory)."""
    import duckdb

    config: dict[str, Any] = {
        "memory_limit": memory_limit,
        "preserve_insertion_order": keep_order,
    }
    if threads:
        config["threads"] = threads
    connection = duckdb.connect(config=config)
    connection.execute("SET enable_progress_bar = false")  # askwhy's output (and --json) stay clean
    return connection


def read_source(
    connection: Any, path: Path, fmt: str, header_names: Sequence[str] | None = None
) -> Any:
    """The file as a DuckDB relation (lazy: nothing is read yet but the header / schema)."""
    import duckdb

    try:
        if fmt == "parquet":
            return connection.read_parquet(str(path))
        if header_names is not None:
            return connection.read_csv(str(path), header=False, names=list(header_names))
        return connection.read_csv(str(path), header=True)
    except duckdb.Error as err:
        raise DataError(read_problem(path, fmt, err)) from None


def column_expression(column: EngineColumn, alias: str) -> Any:
    """The analysed value of one column as a DOUBLE (NULL when missing), named `alias`."""
    import duckdb

    source = duckdb.ColumnExpression(column.source)
    double = duckdb.sqltype("DOUBLE")
    if column.cast == "codes":
        return _codes(source, column.labels).alias(alias)
    if column.cast == "boolean":  # 0/1 (a cast to DOUBLE is pushed into the CSV reader)
        return _codes(source, (False, True)).alias(alias)
    if column.cast == "number":
        value = source.cast(double)
    else:
        value = source.cast(duckdb.sqltype("VARCHAR")).try_cast(double)
    nan = duckdb.ConstantExpression("NaN").cast(double)
    return duckdb.FunctionExpression("nullif", value, nan).alias(alias)  # NaN is missing


def _codes(source: Any, labels: Sequence[Any]) -> Any:
    """Code of each value: its position in `labels` (0-based), NULL when absent."""
    import duckdb

    value = duckdb.ConstantExpression(None).cast(duckdb.sqltype("DOUBLE"))
    for code in range(len(labels) - 1, -1, -1):
        match = source == duckdb.ConstantExpression(labels[code])
        coded = duckdb.ConstantExpression(float(code))
        value = duckdb.CaseExpression(match, coded).otherwise(value)
    return value


def read_problem(path: Path, fmt: str, err: Exception) -> str:
    """What went wrong reading the file, and what to do."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    what = "a Parquet file" if fmt == "parquet" else "CSV (plain or gzip)"
    return (
        f"Could not read {path} as {what} ({first}). Check that the file is complete and in "
        "that format."
    )


def _frame(values: dict[str, Any], names: list[str], internal: list[str]) -> Any:
    import pandas as pd

    return pd.DataFrame({n: _floats(values[c]) for n, c in zip(names, internal, strict=True)})


def _floats(values: Any) -> np.ndarray:
    """A DuckDB result column as floats, NULL as NaN."""
    if np.ma.isMaskedArray(values):
        return np.ma.filled(values.astype(float), np.nan)
    return np.asarray(values, dtype=float)
