"""The rule reader on effect designs: design_cases.jsonl, on tables with messy names.

Each line: `question`, `table` (below: columns plus what the data say: levels of text
columns, 0/1 columns, data-dictionary role hints), `frame` (fields the reading must have;
`design` compared as EffectDesign without its defaults, null for a plain effect), `tool`
(the tool the rule planner routes it to), or `refuse` with `message_has`; `notes_have`,
`aliases` and `style` as in cases/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askwhy.planning.rules.context import TableFacts
from askwhy.planning.rules.designs import DesignFacts
from askwhy.planning.rules.parse import read
from askwhy.planning.rules.planner import RULES_THRESHOLD, refusal_for, tool_call

CASES = Path(__file__).parent / "design_cases.jsonl"
WAGES = ["person id", "Schooling_Yrs", "log.wage", "dist_college_km", "Age", "SEX", "Region",
         "union_member", "Earnings ($)"]  # fmt: skip
WAGE_LEVELS = {"SEX": ["F", "M"], "Region": ["North", "South", "East", "West"]}
PANEL = ["State", "YEAR", "Policy On", "post_period", "treated_state", "Unemployment Rate",
         "gdp_growth"]  # fmt: skip
PANEL_BINARY = frozenset({"Policy On", "post_period", "treated_state"})
JOBS = ["worker_id", "Age", "educ_yrs", "MARRIED", "is_treated", "skills_score", "earnings_usd",
        "sex"]  # fmt: skip
JOBS_FACTS = TableFacts(
    levels={"sex": ["female", "male"]},
    binary=frozenset({"MARRIED", "is_treated"}),
    known=True,
)
TABLES: dict[str, tuple[list[str], TableFacts]] = {
    "wages": (
        WAGES,
        TableFacts(
            levels=WAGE_LEVELS,
            binary=frozenset({"union_member"}),
            roles={"dist_college_km": ["instrument"], "Schooling_Yrs": ["treatment"]},
            known=True,
        ),
    ),
    "wages_nohints": (WAGES, TableFacts(levels=WAGE_LEVELS, known=True)),
    "wages_roles": (
        WAGES,
        TableFacts(roles={"Schooling_Yrs": ["treatment"], "log.wage": ["outcome"]}, known=True),
    ),
    "panel": (
        PANEL,
        TableFacts(binary=PANEL_BINARY, roles={"YEAR": ["time"], "State": ["group"]}, known=True),
    ),
    "panel_nohints": (PANEL, TableFacts(binary=PANEL_BINARY, known=True)),
    "elections": (
        ["district_no", "Vote Margin", "won_seat", "Turnout %", "spending_k", "incumbent"],
        TableFacts(binary=frozenset({"won_seat", "incumbent"}), known=True),
    ),
    "jobs": (JOBS, JOBS_FACTS),
    "jobs_two_ages": ([*JOBS, "Age_yrs"], JOBS_FACTS),
    "courses": (
        [
            "student_id",
            "Course Format",
            "exam_score",
            "age_yrs",
            "gender",
            "StudyHours",
            "prior_gpa",
        ],  # fmt: skip
        TableFacts(
            levels={
                "Course Format": ["online", "face-to-face", "hybrid"],
                "gender": ["female", "male", "non-binary"],
            },
            known=True,
        ),
    ),
    "smoke": (["Smoking", "tar_deposit", "Lung Cancer", "Age"], TableFacts(known=True)),
    # 'state' and 'County_Name' (text with many values) are kept only as row labels
    "states": (
        ["year", "post", "adopter", "policy", "outcome"],
        DesignFacts(
            binary=frozenset({"post", "adopter", "policy"}),
            labels=frozenset({"state", "County_Name"}),
            known=True,
        ),
    ),
    "claims": (
        ["claim_no", "Urban?", "Telematics", "hard_brakes", "cost_usd"],
        TableFacts(levels={"Urban?": ["N", "Y"], "Telematics": ["no", "yes"]}, known=True),
    ),
    "scholarships": (
        ["test_score", "scholarship", "earnings"],
        TableFacts(binary=frozenset({"scholarship"}), known=True),
    ),
}


def load_cases():
    lines = CASES.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip():
            case = json.loads(line)
            yield pytest.param(case, id=f"{number}-{case['style']}")


@pytest.mark.parametrize("case", load_cases())
def test_design_case(case):
    columns, facts = TABLES[case["table"]]
    reading = read(case["question"], columns, case.get("aliases"), None, facts)
    frame = reading.frame
    message = refusal_for(reading, columns)
    if case.get("refuse"):
        assert message, f"answered {frame.restate()} ({frame.confidence}); notes: {frame.notes}"
        for text in case.get("message_has", []):
            assert text in message, message
        return
    assert not message, message
    assert frame.family == "effect" and frame.confidence >= RULES_THRESHOLD
    for key, want in case["frame"].items():
        got = getattr(frame, key)
        if key == "design":
            got = got.model_dump(exclude_defaults=True) if got is not None else None
        elif key == "treatment_values":
            got = list(got) if got is not None else None
        assert got == want, f"{key}: {got!r} != {want!r}; notes: {frame.notes}"
    for name in frame.variables_named():
        assert name in columns or name in getattr(facts, "labels", ())
    assert tool_call(frame)[0] == case["tool"]
    for text in case.get("notes_have", []):
        assert any(text in note for note in frame.notes), frame.notes


def test_the_cases_cover_every_design_estimand_and_refusal():
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
    designs = {((c.get("frame") or {}).get("design") or {}).get("design") for c in cases}
    assert {"iv", "did", "rdd", "matching", "backdoor"} <= designs
    estimands = {((c.get("frame") or {}).get("design") or {}).get("estimand") for c in cases}
    assert {"att", "atc"} <= estimands
    assert sum(1 for c in cases if c.get("refuse")) >= 10
    assert len(cases) >= 40


def test_restated_design():
    columns, facts = TABLES["jobs"]
    question = (
        "What is the ATT effect of is_treated on earnings_usd by nearest-neighbour matching "
        "on Age and educ_yrs, for women?"
    )
    frame = read(question, columns, None, None, facts).frame
    assert frame.restate() == (
        "the effect on the treated (ATT) of is_treated on earnings_usd, by nearest-neighbour "
        "matching on Age and educ_yrs, for rows where sex is female"
    )


def test_without_facts_levels_are_not_guessed():
    """Read without its data, "for women" names no subgroup (no levels to match)."""
    frame = read("What is the effect of is_treated on earnings_usd for women?", JOBS).frame
    assert frame.family == "effect" and frame.design is None
