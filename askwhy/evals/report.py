"""Summaries of eval results: accuracy by type and level, timing, graph and estimate errors."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from askwhy.evals.harness import EvalResult

GRAPH_METRICS = ("skeleton_f1", "oriented_f1", "shd")


def summarize(results: list[EvalResult], wall_seconds: float | None = None) -> dict[str, Any]:
    """Overall, per type, and per (type, level) figures as plain JSON-ready data."""
    by_type: dict[str, list[EvalResult]] = {}
    by_level: dict[str, list[EvalResult]] = {}
    for r in results:
        by_type.setdefault(r.type or "?", []).append(r)
        by_level.setdefault(f"{r.type or '?'} / {r.level or '-'}", []).append(r)
    summary: dict[str, Any] = {
        "overall": group_figures(results),
        "by_type": {k: group_figures(v) for k, v in sorted(by_type.items())},
        "by_type_and_level": {k: group_figures(v) for k, v in sorted(by_level.items())},
    }
    if wall_seconds is not None:
        summary["overall"]["wall_seconds"] = round(wall_seconds, 2)
        summary["overall"]["wall_seconds_per_question"] = round(
            wall_seconds / max(len(results), 1), 3
        )
    return summary


def group_figures(results: list[EvalResult]) -> dict[str, Any]:
    """n, accuracy vs expected and vs truth, errors, mean / p95 seconds, mean metrics."""
    seconds = sorted(r.seconds for r in results)
    figures: dict[str, Any] = {
        "n": len(results),
        "errors": sum(1 for r in results if r.error),
        "acc_expected": _accuracy(r.correct_expected for r in results),
        "n_expected": sum(1 for r in results if r.correct_expected is not None),
        "acc_truth": _accuracy(r.correct_truth for r in results),
        "n_truth": sum(1 for r in results if r.correct_truth is not None),
        "mean_seconds": round(sum(seconds) / len(seconds), 3) if seconds else None,
        "p95_seconds": round(_percentile(seconds, 0.95), 3) if seconds else None,
    }
    for source in ("expected", "truth"):
        for name in (*GRAPH_METRICS, "abs_error", "rel_error"):
            values = [
                getattr(r, f"metrics_{source}")[name]
                for r in results
                if name in getattr(r, f"metrics_{source}")
            ]
            if values:
                figures[f"{name}_{source}"] = round(sum(values) / len(values), 4)
    return figures


def render_table(summary: dict[str, Any], title: str = "askwhy eval") -> Any:
    """A rich Table: one row per type and level, then per type, then overall."""
    from rich.table import Table

    table = Table(title=title)
    for name in ("type / level", "n", "vs expected", "vs truth", "errors", "mean s", "p95 s"):
        table.add_column(name, justify="left" if name == "type / level" else "right")
    for key, figures in summary["by_type_and_level"].items():
        table.add_row(key, *_cells(figures))
    table.add_section()
    for key, figures in summary["by_type"].items():
        table.add_row(f"[bold]{key}[/bold]", *_cells(figures))
    table.add_section()
    table.add_row("[bold]all[/bold]", *_cells(summary["overall"]))
    return table


def write_results(results: list[EvalResult], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r.model_dump_json(exclude_none=True) for r in results]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_summary(summary: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return path


def markdown_table(summary: dict[str, Any]) -> str:
    """The per-type figures as a Markdown table (for evals/results/*.md)."""
    lines = [
        "| type | n | vs expected | vs truth | errors | mean s | p95 s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*summary["by_type"].items(), ("**all**", summary["overall"])]
    for key, figures in rows:
        lines.append(f"| {key} | " + " | ".join(_cells(figures)) + " |")
    return "\n".join(lines) + "\n"


def _cells(figures: dict[str, Any]) -> list[str]:
    return [
        str(figures["n"]),
        _percent(figures["acc_expected"], figures["n_expected"]),
        _percent(figures["acc_truth"], figures["n_truth"]),
        str(figures["errors"]),
        f"{figures['mean_seconds']:.2f}" if figures["mean_seconds"] is not None else "-",
        f"{figures['p95_seconds']:.2f}" if figures["p95_seconds"] is not None else "-",
    ]


def _percent(value: float | None, n: int) -> str:
    return "-" if value is None else f"{100 * value:.1f}% ({n})"


def _accuracy(flags: Iterable[bool | None]) -> float | None:
    scored = [f for f in flags if f is not None]
    return round(sum(scored) / len(scored), 4) if scored else None


def _percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]
