"""Write the tables of the reading set: realistic CSVs with messy, analyst-style column
names, each drawn from a known causal graph, with that graph beside it.

    python evals/sets/reading/make_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, askwhy's graph form, readable with
`askwhy.evals.synthetic.read_true_graph`). ID and date columns are nodes without edges.
Seeded: every run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.evals import synthetic
from askwhy.evals.synthetic.tables import pick, write_tables

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20240611


def _dates(rng: np.random.Generator, n: int, start: str, days: int) -> list[str]:
    base = np.datetime64(start)
    offsets = np.sort(rng.integers(0, days, n))
    return [str(base + np.timedelta64(int(d), "D")) for d in offsets]


def retail_weekly(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 600
    region = pick(rng, ["North", "South", "East", "West"], n, [0.3, 0.25, 0.25, 0.2])
    price_base = {"North": 24.0, "South": 19.5, "East": 22.0, "West": 27.0}
    ad_base = {"North": 6.0, "South": 3.5, "East": 4.5, "West": 8.0}
    price = np.array([price_base[r] for r in region]) + rng.normal(0, 2.5, n)
    ad = np.clip(np.array([ad_base[r] for r in region]) + rng.gamma(2.0, 1.2, n), 0.2, None)
    discount = rng.choice([0, 5, 10, 15, 20], size=n, p=[0.4, 0.2, 0.2, 0.12, 0.08])
    visits = np.round(np.clip(800 + 140 * ad + rng.normal(0, 220, n), 50, None))
    units = np.round(
        np.clip(420 - 9.5 * price + 0.11 * visits + 6.0 * discount + rng.normal(0, 35, n), 5, None)
    )
    returns = rng.poisson(np.clip(0.03 * units + 0.9 * discount / 5, 0.1, None))
    revenue = price * (1 - discount / 100) * units + rng.normal(0, 150, n)
    df = pd.DataFrame(
        {
            "store_id": [f"ST-{i:04d}" for i in rng.permutation(n) + 1],
            "week_start": _dates(rng, n, "2023-01-02", 364),
            "Region": region,
            "Unit Price": price.round(2),
            "DISCOUNT_PCT": discount,
            "ad_spend_k": ad.round(2),
            "webVisits": visits.astype(int),
            "Units Sold": units.astype(int),
            "Returns": returns,
            "Revenue": revenue.round(2),
        }
    )
    edges = [
        ("Region", "Unit Price"),
        ("Region", "ad_spend_k"),
        ("ad_spend_k", "webVisits"),
        ("webVisits", "Units Sold"),
        ("Unit Price", "Units Sold"),
        ("DISCOUNT_PCT", "Units Sold"),
        ("Units Sold", "Returns"),
        ("DISCOUNT_PCT", "Returns"),
        ("Unit Price", "Revenue"),
        ("DISCOUNT_PCT", "Revenue"),
        ("Units Sold", "Revenue"),
    ]
    return df, edges


def clinic_bp(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 500
    age = rng.integers(25, 81, n)
    bmi = 21 + 0.08 * (age - 25) + rng.gamma(3.0, 1.4, n)
    smoker = (rng.random(n) < 0.22).astype(int)
    group = pick(rng, ["A", "B", "C"], n, [0.4, 0.35, 0.25])
    site_dose = {"A": 0.0, "B": 10.0, "C": 20.0}
    raw_dose = 2.0 * bmi + np.array([site_dose[g] for g in group]) + rng.normal(0, 8, n)
    dose = np.clip(5 * np.round(raw_dose / 5), 0, 150)
    bp = 92 + 0.45 * age + 0.9 * bmi + 7.5 * smoker - 0.22 * dose + rng.normal(0, 7, n)
    site_weeks = {"A": 8, "B": 12, "C": 16}
    weeks = np.array([site_weeks[g] for g in group]) + rng.integers(-2, 3, n)
    symptom = 0.35 * (bp - 120) + 6 * smoker - 0.6 * weeks + 30 + rng.normal(0, 4, n)
    df = pd.DataFrame(
        {
            "patient_id": rng.permutation(n) + 10001,
            "Age_yrs": age,
            "BMI": bmi.round(1),
            "SMOKER": smoker,
            "Group": group,
            "dose (mg)": dose.astype(int),
            "blood.pressure": bp.round(0).astype(int),
            "follow-up-weeks": weeks,
            "symptom_score": np.clip(symptom, 0, None).round(1),
        }
    )
    edges = [
        ("Age_yrs", "BMI"),
        ("Age_yrs", "blood.pressure"),
        ("BMI", "dose (mg)"),
        ("Group", "dose (mg)"),
        ("BMI", "blood.pressure"),
        ("SMOKER", "blood.pressure"),
        ("dose (mg)", "blood.pressure"),
        ("blood.pressure", "symptom_score"),
        ("SMOKER", "symptom_score"),
        ("Group", "follow-up-weeks"),
        ("follow-up-weeks", "symptom_score"),
    ]
    return df, edges


def phospho_flow(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Protein signalling in the style of Sachs et al. (2005): a linear SEM on the log
    scale (askwhy.evals.synthetic.LinearSEM), exponentiated to positive intensities."""
    edges = [
        ("PIP3", "PLCg"),
        ("PIP3", "PIP2"),
        ("PLCg", "PIP2"),
        ("PIP2", "PKC"),
        ("PKC", "PKA"),
        ("PKC", "Raf"),
        ("PKC", "Mek"),
        ("PKC", "P38"),
        ("PKC", "Jnk"),
        ("PKA", "Raf"),
        ("PKA", "Mek"),
        ("PKA", "p44/42"),
        ("PKA", "Akt"),
        ("PKA", "P38"),
        ("PKA", "Jnk"),
        ("Raf", "Mek"),
        ("Mek", "p44/42"),
        ("p44/42", "Akt"),
        ("PIP3", "Akt"),
    ]
    order = ["Raf", "Mek", "PLCg", "PIP2", "PIP3", "p44/42", "Akt", "PKA", "PKC", "P38", "Jnk"]
    dag = nx.DiGraph()
    dag.add_nodes_from(order)
    dag.add_edges_from(edges)
    sem = synthetic.random_linear_sem(dag, rng=rng, weight_range=(0.4, 0.9), random_sign=False)
    logs = sem.sample(700, rng=rng)
    scale = {"Raf": 4.0, "Mek": 3.2, "PLCg": 2.6, "PIP2": 4.3, "PIP3": 3.1, "p44/42": 2.9,
             "Akt": 3.4, "PKA": 6.2, "PKC": 2.4, "P38": 3.5, "Jnk": 2.8}  # fmt: skip
    df = pd.DataFrame({c: np.exp(scale[c] + 0.6 * logs[c]).round(2) for c in order})
    return df, edges


def job_training(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 450
    age = rng.integers(18, 56, n)
    educ = np.clip(np.round(rng.normal(11.5, 2.2, n)), 6, 18).astype(int)
    married = (rng.random(n) < 1 / (1 + np.exp(-(age - 32) / 6))).astype(int)
    p_treat = 1 / (1 + np.exp(-(1.2 - 0.05 * (age - 30) - 0.18 * (educ - 11))))
    treated = (rng.random(n) < p_treat).astype(int)
    skills = 48 + 9 * treated + 2.2 * (educ - 11) + rng.normal(0, 8, n)
    earn = (4200 + 95 * (age - 18) + 620 * (educ - 11) + 1300 * married + 900 * treated
            + 55 * (skills - 48) + rng.normal(0, 2600, n))  # fmt: skip
    df = pd.DataFrame(
        {
            "worker_id": [f"W{i:05d}" for i in rng.permutation(n) + 1],
            "signup_date": _dates(rng, n, "2019-03-01", 540),
            "Age": age,
            "educ_yrs": educ,
            "MARRIED": married,
            "is_treated": treated,
            "skills_score": skills.round(1),
            "earnings_usd": np.clip(earn, 0, None).round(0).astype(int),
        }
    )
    edges = [
        ("Age", "is_treated"),
        ("educ_yrs", "is_treated"),
        ("Age", "MARRIED"),
        ("Age", "earnings_usd"),
        ("educ_yrs", "earnings_usd"),
        ("MARRIED", "earnings_usd"),
        ("is_treated", "skills_score"),
        ("educ_yrs", "skills_score"),
        ("skills_score", "earnings_usd"),
        ("is_treated", "earnings_usd"),
    ]
    return df, edges


def saas_customers(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 800
    plan = pick(rng, ["Free", "Pro", "Team"], n, [0.5, 0.32, 0.18])
    plan_code = np.array([{"Free": 0, "Pro": 1, "Team": 2}[p] for p in plan])
    seats = np.where(plan_code == 2, rng.integers(3, 40, n), np.where(plan_code == 1, 1, 1))
    emails = rng.poisson(4, n)
    sessions = np.round(np.clip(2 + 0.7 * emails + rng.gamma(2.0, 1.5, n), 0, None), 1)
    minutes = np.clip(14 * sessions + rng.normal(0, 25, n), 0, None)
    tickets = rng.poisson(0.4 + 0.5 * plan_code + 0.05 * seats)
    nps = np.clip(np.round(7.5 - 0.8 * tickets + 0.6 * plan_code + rng.normal(0, 1.5, n)), 0, 10)
    logit = 0.8 - 0.35 * (nps - 7) - 0.25 * sessions - 0.004 * minutes
    churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame(
        {
            "customer_id": rng.permutation(n) + 500_000,
            "signup_date": _dates(rng, n, "2022-06-01", 400),
            "Plan": plan,
            "seats": seats,
            "marketingEmails": emails,
            "sessions_per_wk": sessions,
            "Time": minutes.round(0).astype(int),
            "Support Tickets": tickets,
            "NPS": nps.astype(int),
            "CHURNED": churned,
        }
    )
    edges = [
        ("Plan", "seats"),
        ("Plan", "Support Tickets"),
        ("seats", "Support Tickets"),
        ("marketingEmails", "sessions_per_wk"),
        ("sessions_per_wk", "Time"),
        ("Support Tickets", "NPS"),
        ("Plan", "NPS"),
        ("NPS", "CHURNED"),
        ("sessions_per_wk", "CHURNED"),
        ("Time", "CHURNED"),
    ]
    return df, edges


def crop_trials(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 400
    rain = rng.gamma(6.0, 70.0, n)
    irrigated = pick(rng, ["yes", "no"], n, [0.45, 0.55])
    moisture = np.clip(8 + 0.035 * rain + 9 * (irrigated == "yes") + rng.normal(0, 3, n), 2, 60)
    ph = rng.normal(6.4, 0.6, n)
    fert = rng.choice([0, 40, 80, 120, 160], size=n)
    nitrogen = 12 + 0.18 * fert - 4.0 * np.abs(ph - 6.5) + rng.normal(0, 4, n)
    pests = np.clip(1.5 + 0.006 * rain + rng.normal(0, 0.9, n), 0, None)
    crop_yield = 2.2 + 0.06 * nitrogen + 0.07 * moisture - 0.35 * pests + rng.normal(0, 0.5, n)
    df = pd.DataFrame(
        {
            "plot_no": np.arange(1, n + 1),
            "rainfall_mm": rain.round(0).astype(int),
            "IRRIGATED": irrigated,
            "soil-moisture": moisture.round(1),
            "Soil pH": ph.round(2),
            "fertilizer_kg_ha": fert,
            "Nitrogen": np.clip(nitrogen, 0, None).round(1),
            "pest-index": pests.round(2),
            "Yield (t/ha)": np.clip(crop_yield, 0.2, None).round(2),
        }
    )
    edges = [
        ("rainfall_mm", "soil-moisture"),
        ("IRRIGATED", "soil-moisture"),
        ("rainfall_mm", "pest-index"),
        ("Soil pH", "Nitrogen"),
        ("fertilizer_kg_ha", "Nitrogen"),
        ("Nitrogen", "Yield (t/ha)"),
        ("soil-moisture", "Yield (t/ha)"),
        ("pest-index", "Yield (t/ha)"),
    ]
    return df, edges


def student_outcomes(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 550
    income = rng.lognormal(np.log(55), 0.5, n)
    tutoring = (rng.random(n) < 1 / (1 + np.exp(-(income - 60) / 20))).astype(int)
    class_size = np.clip(np.round(31 - 0.06 * income + rng.normal(0, 3, n)), 14, 38).astype(int)
    study = np.clip(4 + 3.0 * tutoring + rng.gamma(2.0, 1.5, n), 0, None)
    sleep = np.clip(8.2 - 0.12 * study + rng.normal(0, 0.7, n), 4, 11)
    attendance = np.clip(82 + 2.5 * (sleep - 7) + rng.normal(0, 6, n), 40, 100)
    score = (35 + 2.2 * study + 4.0 * tutoring + 1.5 * (sleep - 7) + 0.35 * attendance
             - 0.4 * class_size + rng.normal(0, 6, n))  # fmt: skip
    df = pd.DataFrame(
        {
            "student_id": [f"stu_{i}" for i in rng.permutation(n) + 1],
            "parent_income_k": income.round(1),
            "TUTORING": tutoring,
            "StudyHours": study.round(1),
            "sleep.hours": sleep.round(1),
            "attendance %": attendance.round(1),
            "class size": class_size,
            "Score": np.clip(score, 0, 100).round(0).astype(int),
        }
    )
    edges = [
        ("parent_income_k", "TUTORING"),
        ("parent_income_k", "class size"),
        ("TUTORING", "StudyHours"),
        ("TUTORING", "Score"),
        ("StudyHours", "Score"),
        ("StudyHours", "sleep.hours"),
        ("sleep.hours", "attendance %"),
        ("sleep.hours", "Score"),
        ("attendance %", "Score"),
        ("class size", "Score"),
    ]
    return df, edges


def weather_stations(rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    n = 350
    altitude = rng.gamma(2.0, 450.0, n)
    latitude = rng.uniform(44.0, 55.0, n)
    temp = 27.5 - 0.0065 * altitude - 0.38 * latitude + rng.normal(0, 1.1, n)
    precip = 620 + 0.45 * altitude + rng.normal(0, 120, n)
    snow_rate = np.exp(np.clip(3.3 - 0.28 * temp + 0.0008 * (precip - 800), -3, 5.5))
    snow = np.minimum(rng.poisson(snow_rate), 365)
    df = pd.DataFrame(
        {
            "station": [f"STN{i:03d}" for i in range(1, n + 1)],
            "Altitude (m)": altitude.round(0).astype(int),
            "Latitude": latitude.round(3),
            "avg-temp-C": temp.round(1),
            "Precip_mm": precip.round(0).astype(int),
            "SNOW DAYS": snow,
        }
    )
    edges = [
        ("Altitude (m)", "avg-temp-C"),
        ("Latitude", "avg-temp-C"),
        ("Altitude (m)", "Precip_mm"),
        ("avg-temp-C", "SNOW DAYS"),
        ("Precip_mm", "SNOW DAYS"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], tuple[pd.DataFrame, list[tuple[str, str]]]]] = {
    "retail_weekly": retail_weekly,
    "clinic_bp": clinic_bp,
    "phospho_flow": phospho_flow,
    "job_training": job_training,
    "saas_customers": saas_customers,
    "crop_trials": crop_trials,
    "student_outcomes": student_outcomes,
    "weather_stations": weather_stations,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
