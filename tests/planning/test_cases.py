"""The rule reader on hand-written cases: one JSONL file per family under cases/.

Each line: `question`, the table (`table`: a name below, or `columns`), `frame` (the
fields the reading must have: exact column names; lists in order, `treatment_values` as a
list, `choice_map` per letter), and optionally `previous` (the question before it in a
chat), `aliases`, `refuse` (the planner must refuse: family "unclear" or a confidence below
its threshold), `message_has` (strings the refusal message must contain), `notes_have`
(strings some note must contain) and `style` (what the case is about; "regression" for the
failures the issue lists).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askwhy.planning.rules.parse import read, read_question
from askwhy.planning.rules.planner import RULES_THRESHOLD, refusal_for

CASES = Path(__file__).parent / "cases"
TABLES = {
    "smoking": ["age", "smoking", "yellow_fingers", "tar", "lung_cancer"],
    "ads": ["ad_spend", "site_visits", "signups", "season", "price"],
    "dose": ["dose", "blood_pressure", "age", "weight"],
    "xyzw": ["X", "Y", "Z", "W"],
    "abcd": ["A", "B", "C", "D"],
    "letters": ["a", "b", "c", "d", "e"],
    "retail": [
        "store_id", "week_start", "Region", "Unit Price", "DISCOUNT_PCT", "ad_spend_k",
        "webVisits", "Units Sold", "Returns", "Revenue",
    ],
    "clinic": [
        "patient_id", "Age_yrs", "BMI", "SMOKER", "Group", "dose (mg)", "blood.pressure",
        "follow-up-weeks", "symptom_score",
    ],
    "crops": [
        "plot_no", "rainfall_mm", "IRRIGATED", "soil-moisture", "Soil pH", "fertilizer_kg_ha",
        "Nitrogen", "pest-index", "Yield (t/ha)",
    ],
    "jobs": [
        "worker_id", "signup_date", "Age", "educ_yrs", "MARRIED", "is_treated", "skills_score",
        "earnings_usd",
    ],
    "students": [
        "student_id", "parent_income_k", "TUTORING", "StudyHours", "sleep.hours",
        "attendance %", "class size", "Score",
    ],
    "saas": [
        "customer_id", "signup_date", "Plan", "seats", "marketingEmails", "sessions_per_wk",
        "Time", "Support Tickets", "NPS", "CHURNED",
    ],
    "phospho": ["Raf", "Mek", "PLCg", "PIP2", "PIP3", "p44/42", "Akt", "PKA", "PKC", "P38", "Jnk"],
    "prices": ["Unit Price", "price_index", "Units Sold", "Returns"],
}  # fmt: skip
LIST_FIELDS = ("given", "adjust_for", "variables")


def load_cases():
    for path in sorted(CASES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(json.loads(line), id=f"{path.stem}-{number}")


def columns_of(case: dict) -> list[str]:
    return TABLES[case["table"]] if "table" in case else case["columns"]


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    columns = columns_of(case)
    aliases = case.get("aliases")
    previous = read_question(case["previous"], columns, aliases) if "previous" in case else None
    reading = read(case["question"], columns, aliases, previous)
    frame = reading.frame
    for key, want in case["frame"].items():
        got = getattr(frame, key)
        if key == "treatment_values":
            got = list(got) if got is not None else None
        elif key == "choice_map":
            got = {k: c.model_dump(exclude_defaults=True) for k, c in got.items()}
            want = {k: {"x": None, "y": None, **c} for k, c in want.items()}
            got = {k: {"x": None, "y": None, **c} for k, c in got.items()}
        assert got == want, f"{key}: {got!r} != {want!r}; notes: {frame.notes}"
    for name in frame.variables_named():
        assert name in columns
    message = refusal_for(reading, columns)
    if case.get("refuse"):
        assert message, f"answered {frame.restate()} ({frame.confidence}); notes: {frame.notes}"
        for text in case.get("message_has", []):
            assert text in message, message
    else:
        assert not message, message
        assert frame.confidence >= RULES_THRESHOLD
    for text in case.get("notes_have", []):
        assert any(text in note for note in frame.notes), frame.notes


def test_every_family_has_its_cases_file():
    families = {
        "independence", "direct_cause", "collider", "confounder", "mediator", "parents",
        "children", "ancestors", "descendants", "adjustment_set", "graph", "effect",
        "pairwise_direction", "describe_data",
    }  # fmt: skip
    files = {path.stem for path in CASES.glob("*.jsonl")}
    assert families <= files
    assert {"choice", "unclear", "followup"} <= files
    for path in CASES.glob("*.jsonl"):
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert len(cases) >= 8, path.name
