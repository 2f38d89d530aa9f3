"""describe_data: what the loaded table holds."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from askwhy.core.data import ColumnProfile
from askwhy.core.dictionary import ColumnEntry
from askwhy.tools.args import DatasetArgs
from askwhy.tools.registry import Columns, tool
from askwhy.tools.results import TextResult
from askwhy.tools.workspace import Workspace


class DescribeArgs(DatasetArgs):
    variables: Columns = Field(
        default_factory=list, description="Columns to describe; empty means every column."
    )


@tool("text", context=True)
def describe_data(ws: Workspace, args: DescribeArgs) -> TextResult:
    """Describe the loaded table: rows, columns and their types (continuous, discrete,
    binary; unordered categories and ordinal levels), missing values, the columns left out
    and why, and what cleaning was done."""
    dataset = ws.dataset(args.dataset)
    entries = dataset.dictionary.columns if dataset.dictionary else {}
    wanted = set(args.variables)
    columns = [
        {
            "name": p.name,
            "kind": p.kind,
            **({"scale": p.scale} if p.scale != "numeric" else {}),
            "distinct": p.n_unique,
            **({"missing": p.missing} if p.missing else {}),
            "min": p.min,
            "max": p.max,
            **({"categories": p.categories} if p.categories else {}),
            **({"skewed": True} if p.skewed else {}),
            **_dictionary_fields(entries.get(p.name)),
        }
        for p in dataset.profiles.values()
        if not wanted or p.name in wanted
    ]
    shown = [p for p in dataset.profiles.values() if not wanted or p.name in wanted]
    kinds = ", ".join(f"{p.name} ({_kind(p)})" for p in shown)
    summary = f"'{dataset.name}' has {dataset.n_rows} rows and columns {kinds}."
    if dataset.dropped_columns:
        summary += f" Left out: {', '.join(dataset.dropped_columns)} (see the notes)."
    return TextResult(
        tool="describe_data",
        summary=summary,
        text=f"{dataset.n_rows} rows, {len(columns)} columns",
        details={
            "name": dataset.name,
            "rows": dataset.n_rows,
            "columns": columns,
            "notes": dataset.notes,
            "dropped_columns": dataset.dropped_columns,
        },
        format="table",
    )


def _kind(profile: ColumnProfile) -> str:
    if profile.scale == "categorical" and profile.kind != "binary":
        return "categorical"
    return f"{profile.kind}, ordinal" if profile.scale == "ordinal" else profile.kind


def _dictionary_fields(entry: ColumnEntry | None) -> dict[str, Any]:
    """What the data dictionary says about a column, leaving out empty fields."""
    if entry is None:
        return {}
    fields: dict[str, Any] = {
        "declared_type": entry.type,
        "description": entry.description,
        "aliases": entry.aliases,
        "role": entry.role,
        "levels": entry.levels,
    }
    return {key: value for key, value in fields.items() if value}
