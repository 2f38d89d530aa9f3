"""Write the tables of the design reading set (designs.jsonl): effect-design studies with
messy, analyst-style column names.

    python evals/sets/reading/make_design_tables.py

Writes `tables/labor_survey.csv` (an instrument, selection into a program, text columns
for subgroups and references), `tables/state_panel.csv` with its data dictionary
`tables/state_panel.columns.json` (role hints: time, group), `tables/close_elections.csv`
(a running variable) and `tables/online_courses.csv` (a three-level format, a mediator).
Seeded: every run writes the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261201


def labor_survey(rng: np.random.Generator) -> pd.DataFrame:
    n = 500
    ability = rng.normal(size=n)
    distance = rng.gamma(2.0, 10.0, size=n).round(1)
    schooling = np.clip(14 - 0.05 * distance + ability + rng.normal(size=n), 8, 20).round()
    age = rng.integers(18, 66, size=n)
    prior = np.round(np.exp(rng.normal(3.2, 0.4, size=n)), 1)
    training = (rng.random(n) < 1 / (1 + np.exp(0.05 * (age - 40) + 0.02 * (prior - 25)))) * 1
    log_wage = 1.5 + 0.08 * schooling + 0.3 * ability + 0.01 * age + rng.normal(0, 0.3, size=n)
    earnings = 1000 * (20 + 3 * training + 0.5 * schooling + 0.2 * prior) + rng.normal(0, 2e3, n)
    return pd.DataFrame(
        {
            "person_id": np.arange(1, n + 1),
            "Schooling Yrs": schooling.astype(int),
            "log_wage": log_wage.round(3),
            "dist2college_km": distance,
            "AGE": age,
            "Sex": rng.choice(["female", "male"], size=n),
            "Region": rng.choice(["North", "South", "East", "West"], size=n),
            "UNION": (rng.random(n) < 0.3).astype(int),
            "job_training": training,
            "prior_earn_k": prior,
            "Earnings USD": earnings.round(0).astype(int),
        }
    )


def state_panel(rng: np.random.Generator) -> pd.DataFrame:
    states, years = 40, np.arange(2010, 2018)
    state = np.repeat(np.arange(1, states + 1), len(years))
    year = np.tile(years, states)
    adopter = (rng.permutation(states) < states // 2).astype(int)[state - 1]
    post = (year >= 2014).astype(int)
    hike = adopter * post
    teen = 30 + rng.normal(0, 2, states)[state - 1] + 0.3 * (year - 2010) - 1.5 * hike
    wage = 9 + 0.2 * (year - 2010) + 0.8 * hike + rng.normal(0, 0.3, size=len(state))
    return pd.DataFrame(
        {
            "state_fips": state,
            "Year": year,
            "minwage_hike": hike,
            "POST": post,
            "adopter": adopter,
            "teen_emp_rate": (teen + rng.normal(0, 1, size=len(state))).round(2),
            "avg hourly wage": wage.round(2),
        }
    )


STATE_DICTIONARY = {
    "state_fips": {"description": "state", "role": "group", "type": "ordinal"},
    "Year": {"description": "calendar year", "role": "time"},
    "minwage_hike": {"description": "minimum wage raised in this state and year"},
}


def close_elections(rng: np.random.Generator) -> pd.DataFrame:
    n = 400
    margin = rng.uniform(-30, 30, size=n).round(2)
    won = (margin >= 0).astype(int)
    turnout = 55 + 0.1 * margin + 3 * won + rng.normal(0, 4, size=n)
    spend = np.exp(rng.normal(5, 0.5, size=n)) + 40 * won
    return pd.DataFrame(
        {
            "district": np.arange(1, n + 1),
            "vote_margin_pct": margin,
            "Won Seat": won,
            "next_turnout_pct": turnout.round(1),
            "campaign_spend_k": spend.round(1),
            "Incumbent": (rng.random(n) < 0.4).astype(int),
        }
    )


def online_courses(rng: np.random.Generator) -> pd.DataFrame:
    n = 450
    fmt = rng.choice(["online", "face-to-face", "hybrid"], size=n, p=[0.4, 0.35, 0.25])
    gpa = np.clip(rng.normal(3.0, 0.5, size=n), 0, 4).round(2)
    tutoring = np.clip(rng.normal(5, 2, size=n) + gpa, 0, None).round(1)
    practice = (0.6 * tutoring + rng.normal(0, 1, size=n)).round(1)
    bonus = np.select([fmt == "online", fmt == "hybrid"], [-2.0, 1.0], 0.0)
    score = 50 + 5 * gpa + 2 * practice + bonus + rng.normal(0, 5, size=n)
    return pd.DataFrame(
        {
            "student_id": np.arange(1, n + 1),
            "Course Format": fmt,
            "Gender": rng.choice(["F", "M"], size=n),
            "age_yrs": rng.integers(18, 40, size=n),
            "prior GPA": gpa,
            "tutoring_hrs": tutoring,
            "practice_hrs": practice,
            "Final Score": score.round(1),
            "passed": (score > 65).astype(int),
        }
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(SEED)
    for name, make in (
        ("labor_survey", labor_survey),
        ("state_panel", state_panel),
        ("close_elections", close_elections),
        ("online_courses", online_courses),
    ):
        make(rng).to_csv(OUT / f"{name}.csv", index=False)
    text = json.dumps(STATE_DICTIONARY, indent=2) + "\n"
    (OUT / "state_panel.columns.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
