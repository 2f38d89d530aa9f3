"""Helpers of askwhy.core.data: declared ID / time columns, and the dataset fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from askwhy.core.dictionary import DataDictionary

# Mixed into every fingerprint: graphs cached under another way of preparing rows differ.
PREPARATION = "rows-per-analysis-1"


def leave_out_declared(
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


def shown(value: float, labels: list[str] | None) -> str:
    return labels[int(value)] if labels is not None else f"{value:g}"


def prepared_fingerprint(fingerprint: str, dictionary: DataDictionary | None) -> str:
    """The content fingerprint with how the rows were prepared and the declared types (they
    change what is analysed, so graphs are not shared with a load without them)."""
    entries = dictionary.columns.items() if dictionary is not None else ()
    declared = {c: [e.type, e.levels] for c, e in entries if e.type}
    text = fingerprint + PREPARATION + json.dumps(declared, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def frame_fingerprint(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256(",".join(frame.columns).encode())
    digest.update(np.ascontiguousarray(frame.to_numpy(dtype=float)).tobytes())
    return digest.hexdigest()[:16]


def row_labels(frame: pd.DataFrame, dropped: Mapping[str, str]) -> dict[str, pd.Series]:
    """The left-out columns with at least two values, as codes 0..k-1 in sorted order (numbers
    by value, dates by time, text alphabetically; NaN where missing): a design may use them
    as its group or time column, nothing else does."""
    found: dict[str, pd.Series] = {}
    for column in dropped:
        if column not in frame.columns:
            continue
        series = frame[column].reset_index(drop=True)
        present = series.dropna()
        if present.nunique() < 2:
            continue
        keys: pd.Series = series
        if not pd.api.types.is_numeric_dtype(series):
            keys = series.astype(str).where(series.notna())
            times = pd.to_datetime(present.astype(str), errors="coerce", format="mixed")
            if times.notna().all():
                keys = pd.to_datetime(keys, errors="coerce", format="mixed")
        codes, _ = pd.factorize(keys, sort=True)
        found[column] = pd.Series(codes, dtype=float).where(codes >= 0)
    return found
