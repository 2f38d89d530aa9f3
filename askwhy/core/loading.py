"""Reading a CSV file safely: a regular file, a sane header, bounded lines, clear errors.

Before pandas sees the file, one pass over its bytes computes the fingerprint, counts NUL
bytes and refuses a line longer than MAX_LINE_BYTES; the header (and the first data row) are
read with the csv module, so duplicate names are caught as written (pandas would rename the
second `a` to `a.1`), a header of more than MAX_COLUMNS names is refused, and a first data row
with more fields than the header is refused before pandas turns the extra fields into an
index (with 500,000 fields that takes minutes). Then pandas' C reader parses the file and
stops at the first line with too many fields, which the error names.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from askwhy.errors import DataError

MAX_COLUMNS = 10_000
MAX_LINE_BYTES = 4 << 20  # 4 MB
_BLOCK = 1 << 20
_PANDAS_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class FileScan:
    """What one pass over the bytes found: the content digest and the NUL bytes."""

    digest: str
    nul_bytes: int


def read_table(
    path: Path, column_names: Sequence[str] | None = None
) -> tuple[pd.DataFrame, FileScan]:
    """The file as a DataFrame of raw values, and its scan; every problem is a DataError."""
    check_regular_file(path)
    scan = scan_file(path)
    _check_header(path, column_names)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DtypeWarning: mixed columns are sorted out later
            compression = "gzip" if is_gzip(path) else None
            if column_names is not None:
                raw = pd.read_csv(
                    path,
                    header=None,
                    names=list(column_names),
                    engine="c",
                    on_bad_lines="error",
                    compression=compression,
                )
            else:
                raw = pd.read_csv(path, engine="c", on_bad_lines="error", compression=compression)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path} is empty. Give a CSV with a header row and data rows.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError) as err:
        raise DataError(_unreadable(path, err)) from None
    return raw, scan


def read_parquet_frame(path: Path) -> tuple[pd.DataFrame, str]:
    """A Parquet file small enough for memory, read whole by DuckDB (askwhy.core.engine), and
    the fingerprint of its bytes; every problem is a DataError."""
    import duckdb

    from askwhy.core.engine import open_connection, read_problem, read_source

    check_regular_file(path)
    digest = hashlib.sha256()
    try:
        with open_bytes(path) as handle:
            for block in iter(lambda: handle.read(_BLOCK), b""):
                digest.update(block)
    except OSError as err:
        raise DataError(f"Cannot read {path} ({err.strerror}).") from None
    connection = open_connection(keep_order=True)
    try:
        frame = read_source(connection, path, "parquet").df()
    except duckdb.Error as err:
        raise DataError(read_problem(path, "parquet", err)) from None
    finally:
        connection.close()
    return frame, digest.hexdigest()[:16]


def check_regular_file(path: Path) -> None:
    """Refuse at once anything but an existing regular file (a FIFO or device would block)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise DataError(f"File not found: {path}. Give the path to a CSV file.") from None
    except OSError as err:
        raise DataError(
            f"Cannot read {path} ({err.strerror}). Give the path to a CSV file."
        ) from None
    if stat.S_ISDIR(mode):
        raise DataError(f"{path} is a folder. Give the path to a CSV file.")
    if not stat.S_ISREG(mode):
        what = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
        raise DataError(
            f"{path} is {what}, not a regular file. Save the data to a CSV file and give its path."
        )


def is_gzip(path: Path) -> bool:
    """The file starts with the gzip magic bytes (whatever its name)."""
    try:
        with path.open("rb") as handle:
            return handle.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (`data.csv.gz`)."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def scan_file(path: Path) -> FileScan:
    """Digest and NUL count of the bytes; a line over MAX_LINE_BYTES is an error naming it.

    Lines inside one block are shorter than the block, so only a line that spans blocks can
    be too long: the run of bytes since the last line break is carried from block to block."""
    digest = hashlib.sha256()
    nul_bytes = 0
    run = 0  # bytes since the last line break
    lines = 0  # line breaks seen before the current block
    eol = b""  # \n, or \r for a file with old Mac line ends (read from the first block)
    try:
        with open_bytes(path) as handle:
            for block in iter(lambda: handle.read(_BLOCK), b""):
                digest.update(block)
                nul_bytes += block.count(b"\0")
                eol = eol or (b"\r" if b"\n" not in block and b"\r" in block else b"\n")
                first = block.find(eol)
                run += len(block) if first < 0 else first
                if run > MAX_LINE_BYTES:
                    raise DataError(
                        f"Line {lines + 1} of {path} is longer than {MAX_LINE_BYTES >> 20} MB; "
                        "that is not a table askwhy can read. Check that the file is a CSV "
                        "with one row per line."
                    )
                if first >= 0:
                    lines += block.count(eol)
                    run = len(block) - block.rfind(eol) - 1
    except OSError as err:
        raise DataError(f"Cannot read {path} ({err.strerror}).") from None
    return FileScan(digest=digest.hexdigest(), nul_bytes=nul_bytes)


def _check_header(path: Path, column_names: Sequence[str] | None) -> None:
    """The header's names (or `column_names`) must be unique and not too many, and the first
    data row must have no more fields than the header."""
    try:
        with io.TextIOWrapper(open_bytes(path), encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            first = next(reader, None)
            second = next(reader, None) if column_names is None else first
    except UnicodeDecodeError:
        raise DataError(
            f"Could not read {path} as CSV (it is not UTF-8 text). Check that it is a "
            "comma-separated text file with a header row."
        ) from None
    except csv.Error:
        return  # e.g. a huge quoted field: pandas says what is wrong
    if first is None:
        raise DataError(f"{path} is empty. Give a CSV with a header row and data rows.")
    header = [str(n).strip() for n in (column_names if column_names is not None else first)]
    if len(header) > MAX_COLUMNS:
        raise DataError(
            f"{path} has {len(header):,} columns, more than the {MAX_COLUMNS:,} askwhy reads. "
            "Keep the columns you want to analyse."
        )
    seen: set[str] = set()
    twice = [n for n in header if n and (n in seen or seen.add(n))]
    if twice:
        raise DataError(
            f"Column names appear twice in the header of {path}: "
            f"{', '.join(dict.fromkeys(twice))}. Rename them so every column has its own name."
        )
    if second is not None and len(second) > len(header):
        line = 1 if column_names is not None else 2
        raise DataError(
            f"Line {line} of {path} has {len(second):,} fields but the header has "
            f"{len(header):,}. Check the delimiters (a trailing comma, or a value with commas "
            "that needs quotes)."
        )


def _unreadable(path: Path, err: Exception) -> str:
    text = str(err)
    fields = _PANDAS_FIELDS.search(text)
    if fields:
        expected, line, saw = (int(g) for g in fields.groups())
        return (
            f"Could not read {path} as CSV: line {line} has {saw:,} fields but the header has "
            f"{expected:,}. Check the delimiters on that line (a value with commas needs quotes)."
        )
    if isinstance(err, UnicodeDecodeError):
        first_line = "it is not UTF-8 text"
    else:
        first_line = text.splitlines()[0] if text else type(err).__name__
    return (
        f"Could not read {path} as CSV ({first_line}). "
        "Check that it is a comma-separated text file with a header row."
    )
