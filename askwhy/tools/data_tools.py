"""describe_data: what the loaded table holds."""

from __future__ import annotations

from askwhy.tools.args import DatasetArgs
from askwhy.tools.registry import tool
from askwhy.tools.results import TextResult
from askwhy.tools.workspace import Workspace


class DescribeArgs(DatasetArgs):
    pass


@tool("text", context=True)
def describe_data(ws: Workspace, args: DescribeArgs) -> TextResult:
    """Describe the loaded table: rows, columns and their types (continuous, discrete,
    binary), and what cleaning was done."""
    dataset = ws.dataset(args.dataset)
    columns = [
        {
            "name": p.name,
            "kind": p.kind,
            "distinct": p.n_unique,
            "min": p.min,
            "max": p.max,
            **({"categories": p.categories} if p.categories else {}),
            **({"skewed": True} if p.skewed else {}),
        }
        for p in dataset.profiles.values()
    ]
    kinds = ", ".join(f"{p.name} ({p.kind})" for p in dataset.profiles.values())
    summary = f"'{dataset.name}' has {len(dataset.frame)} rows and columns {kinds}."
    return TextResult(
        tool="describe_data",
        summary=summary,
        text=f"{len(dataset.frame)} rows, {len(columns)} columns",
        details={
            "name": dataset.name,
            "rows": len(dataset.frame),
            "columns": columns,
            "notes": dataset.notes,
            "dropped_columns": dataset.dropped_columns,
        },
        format="table",
    )
