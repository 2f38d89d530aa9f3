"""Eval cases: one question about one CSV with its labels; read from JSONL question sets.

A line of a set file is an askwhy case::

    {"id": "q1", "question": "Does smoking directly cause tar?", "csv": "smoking.csv",
     "type": "direct_cause", "level": 1, "expected": "yes", "truth": "yes"}

or a line of the public Causal Agent benchmark (question_type, interest, variables, text,
file, Q, gt), converted by askwhy.evals.causal_agent. `csv` is relative to the set file
unless absolute.

Labels: "yes" / "no" / "uncertain"; an edge list [[a, b, "->"|"--"|"<->"], ...];
{"ate": number}; {"set": [names]} for parents/children/ancestors/descendants and
adjustment sets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from askwhy.errors import DataError, validation_problems

Label = str | list[list[str]] | dict[str, Any]


class EvalCase(BaseModel):
    """One question to ask, on one CSV, with what the answer should be."""

    id: str
    question: str
    csv: str
    type: str | None = None
    level: str | None = None
    expected: Label | None = None
    truth: Label | None = None
    column_names: list[str] | None = Field(
        default=None, description="Names for a CSV without a header row."
    )
    meta: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", "level", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return None if value is None else str(value)

    def csv_path(self, base: Path) -> Path:
        path = Path(self.csv)
        return path if path.is_absolute() else base / path


def load_cases(path: str | Path) -> list[EvalCase]:
    """Read a JSONL question set (askwhy or Causal Agent lines); CSV paths made absolute."""
    from askwhy.evals.causal_agent import from_causal_agent, is_causal_agent

    path = Path(path)
    if not path.is_file():
        raise DataError(f"Question set not found: {path}. Give a .jsonl file.")
    base = path.parent.resolve()
    cases: list[EvalCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise DataError(f"{path}:{number} is not valid JSON ({err.msg}).") from None
        if not isinstance(record, dict):
            raise DataError(f"{path}:{number} must be a JSON object.")
        try:
            if is_causal_agent(record):
                case = EvalCase.model_validate(from_causal_agent(record, number))
            else:
                record.setdefault("id", str(number))
                case = EvalCase.model_validate(record)
        except ValidationError as err:
            problems = validation_problems(err)
            raise DataError(
                f"{path}:{number} is not a question line ({problems}). Each line needs "
                '"question" and "csv" (or the Causal Agent fields "Q"/"text" and "file").'
            ) from None
        cases.append(case.model_copy(update={"csv": str(case.csv_path(base))}))
    if not cases:
        raise DataError(f"{path} holds no questions.")
    return cases


def write_cases(cases: list[EvalCase], path: str | Path) -> Path:
    """Write cases as JSONL (labels and metadata included, defaults left out)."""
    path = Path(path)
    lines = [json.dumps(c.model_dump(exclude_defaults=True)) for c in cases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
