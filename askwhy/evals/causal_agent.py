"""Read lines of the public "Causal Agent" benchmark (Han et al., 2024) as eval cases.

Its lines carry question_type, interest, variables, text, file, Q and gt; the CSV files
have no header row, so the columns are named from `variables` in order. `gt` is the
answer the benchmark's reference analysis of the data gives, so it becomes `expected`.
Graph questions (CAUSALKG, PARTIAL_CG) point `gt` at a graph file in the benchmark's own
format; they are asked but left unscored (the file name is kept in `meta`).
"""

from __future__ import annotations

from typing import Any

# Benchmark question types -> askwhy question types.
TYPE_MAP = {
    "IT": "independence",
    "CIT": "independence",
    "MULTCIT": "independence",
    "CAUSE": "direct_cause",
    "Has-Collider": "collider",
    "Has-Confounder": "confounder",
    "CAUSALKG": "graph",
    "PARTIAL_CG": "graph",
    "ATE": "effect",
}
REQUIRED = ("question_type", "file", "gt")


def is_causal_agent(record: dict[str, Any]) -> bool:
    """True for a line in the Causal Agent benchmark's format."""
    return all(key in record for key in REQUIRED) and ("Q" in record or "text" in record)


def from_causal_agent(record: dict[str, Any], number: int, field: str = "text") -> dict[str, Any]:
    """EvalCase fields from one benchmark line; `field` picks the scenario text or the bare Q."""
    question = record.get(field) or record.get("text") or record.get("Q") or ""
    kind = str(record["question_type"])
    gt = record["gt"]
    expected: Any = None
    meta: dict[str, Any] = {"source": "causal_agent", "question_type": kind}
    if kind == "ATE" and isinstance(gt, (int, float)):
        expected = {"ate": float(gt)}
        if "T0" in record and "T1" in record:
            meta["treatment_values"] = [record["T0"], record["T1"]]
    elif isinstance(gt, str) and gt.lower() in ("yes", "no", "uncertain"):
        expected = gt.lower()
    else:
        meta["gt"] = gt
    if "interest" in record:
        meta["interest"] = record["interest"]
    variables = record.get("variables")
    return {
        "id": str(record.get("id", f"ca-{number}")),
        "question": question,
        "csv": str(record["file"]),
        "type": TYPE_MAP.get(kind, kind),
        "level": str(record["node num"]) if "node num" in record else None,
        "expected": expected,
        "column_names": [str(v) for v in variables] if variables else None,
        "meta": meta,
    }
