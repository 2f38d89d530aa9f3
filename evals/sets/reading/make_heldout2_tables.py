"""Write the four tables of the second held-out reading set (`heldout2.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout2_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
ride_trips, fishery_survey, loan_book and ab_test_log. Column names are messy on purpose
(spaces, units, dots, CamelCase, ALLCAPS, abbreviations such as `DTI`, common words such as
`Hour`, `Type`, `Region`, `Season`, `Score`, `Term`, `Date`). ID and date columns are nodes
without edges. Two tables hold near-twins on purpose: ride_trips has two ratings
(`driverRating`, `trip_rating`) and ab_test_log three time-like columns (`Date`,
`page_load (ms)`, `TimeOnPage_s`). Seeded: every run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261214


def _lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.array([table[k] for k in keys])


def ride_trips(rng: np.random.Generator) -> Table:
    n = 420
    hour = rng.integers(0, 24, n)
    raining = coin(rng, np.full(n, 0.25))
    peak = ((hour >= 7) & (hour <= 9)) | ((hour >= 17) & (hour <= 19))
    night = hour <= 4
    surge = np.clip(
        1.0 + 0.45 * peak + 0.35 * raining + 0.2 * night + rng.gamma(1.2, 0.12, n), 1.0, 3.0
    )
    eta = np.clip(4 + 2.5 * peak + 3.0 * raining + 1.5 * night + rng.gamma(2.0, 1.2, n), 1, 40)
    kind = pick(rng, ["Economy", "XL", "Premium"], n, [0.6, 0.25, 0.15])
    distance = np.clip(rng.lognormal(np.log(6), 0.6, n), 0.5, 60)
    base = _lookup({"Economy": 2.5, "XL": 4.0, "Premium": 7.0}, kind)
    per_km = _lookup({"Economy": 1.1, "XL": 1.6, "Premium": 2.6}, kind)
    fare = np.clip((base + per_km * distance) * surge + rng.normal(0, 1.5, n), 3, None)
    rating = np.clip(
        4.6 + _lookup({"Economy": 0.0, "XL": 0.05, "Premium": 0.2}, kind) + rng.normal(0, 0.15, n),
        3.5,
        5.0,
    )
    stars = np.clip(
        np.round(3.6 + 2.0 * (rating - 4.6) - 0.12 * (eta - 6) + rng.normal(0, 0.8, n)), 1, 5
    )
    tip = np.clip(0.08 * fare + 0.9 * (stars - 3) + rng.normal(0, 1.2, n), 0, None)
    df = pd.DataFrame(
        {
            "TripID": [f"T-{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "Hour": hour,
            "RAINING": yes_no(raining, "Y", "N"),
            "Type": kind,
            "distance (km)": distance.round(1),
            "SurgeMultiplier": surge.round(1),
            "ETA_min": eta.round(1),
            "Fare USD": fare.round(2),
            "driverRating": rating.round(2),
            "trip_rating": stars.astype(int),
            "tip.amount": tip.round(2),
        }
    )
    edges = [
        ("Hour", "SurgeMultiplier"),
        ("RAINING", "SurgeMultiplier"),
        ("Hour", "ETA_min"),
        ("RAINING", "ETA_min"),
        ("SurgeMultiplier", "Fare USD"),
        ("distance (km)", "Fare USD"),
        ("Type", "Fare USD"),
        ("Type", "driverRating"),
        ("ETA_min", "trip_rating"),
        ("driverRating", "trip_rating"),
        ("Fare USD", "tip.amount"),
        ("trip_rating", "tip.amount"),
    ]
    return df, edges


def fishery_survey(rng: np.random.Generator) -> Table:
    n = 360
    region = pick(rng, ["North", "Central", "South"], n, [0.35, 0.35, 0.3])
    season = pick(rng, ["Spring", "Summer", "Autumn", "Winter"], n, [0.25] * 4)
    depth = np.clip(rng.gamma(3.0, 4.0, n), 1, 60)
    temp = (
        _lookup({"Spring": 12.0, "Summer": 18.0, "Autumn": 13.0, "Winter": 7.0}, season)
        + _lookup({"North": -2.0, "Central": 0.0, "South": 2.5}, region)
        - 0.08 * depth
        + rng.normal(0, 1.0, n)
    )
    chl = np.clip(rng.lognormal(np.log(np.clip(0.5 + 0.15 * temp, 0.2, None)), 0.3), 0.05, None)
    protected = coin(rng, _lookup({"North": 0.2, "Central": 0.45, "South": 0.3}, region))
    effort = np.clip(rng.gamma(2.0, 6.0, n) * np.where(protected, 0.3, 1.0), 0, 80)
    biomass = np.clip(120 + 60 * chl - 4.0 * effort + rng.normal(0, 35, n), 5, None)
    predators = rng.poisson(np.clip(9 - 0.25 * effort, 0.3, None))
    richness = rng.poisson(np.clip(8 + 0.04 * biomass + 0.5 * predators + 0.1 * depth, 1, None))
    df = pd.DataFrame(
        {
            "SiteCode": [f"S{i:04d}" for i in rng.permutation(n) + 1],
            "Region": region,
            "Season": season,
            "DEPTH_M": depth.round(1),
            "Water Temp (C)": temp.round(1),
            "chl.a_ugL": chl.round(2),
            "Protected": yes_no(protected),
            "FishingEffort_hrs": effort.round(1),
            "predator_count": predators,
            "biomass_kg_ha": biomass.round(1),
            "SpeciesRichness": richness,
        }
    )
    edges = [
        ("Season", "Water Temp (C)"),
        ("Region", "Water Temp (C)"),
        ("DEPTH_M", "Water Temp (C)"),
        ("Water Temp (C)", "chl.a_ugL"),
        ("Region", "Protected"),
        ("Protected", "FishingEffort_hrs"),
        ("chl.a_ugL", "biomass_kg_ha"),
        ("FishingEffort_hrs", "biomass_kg_ha"),
        ("FishingEffort_hrs", "predator_count"),
        ("biomass_kg_ha", "SpeciesRichness"),
        ("predator_count", "SpeciesRichness"),
        ("DEPTH_M", "SpeciesRichness"),
    ]
    return df, edges


def loan_book(rng: np.random.Generator) -> Table:
    n = 480
    age = np.clip(rng.normal(41, 11, n), 21, 75).round()
    employment = pick(rng, ["Salaried", "Self-employed", "Contract"], n, [0.6, 0.25, 0.15])
    income = np.clip(
        _lookup({"Salaried": 48.0, "Self-employed": 55.0, "Contract": 38.0}, employment)
        + 0.9 * (age - 21)
        + rng.normal(0, 12, n),
        15,
        None,
    )
    score = np.clip(np.round(560 + 3.2 * (age - 21) + rng.normal(0, 55, n)), 300, 850)
    amount = np.clip(np.round(income * rng.uniform(0.2, 0.9, n) * 10) * 100, 1000, None)
    dti = np.clip(0.45 * (amount / 1000) / income + rng.normal(0.2, 0.06, n), 0.02, 0.95)
    term = rng.choice(np.array([36, 60]), size=n, p=[0.6, 0.4])
    secured = coin(rng, np.full(n, 0.35))
    rate = np.clip(
        24 - 0.018 * (score - 300) + 1.5 * (term == 60) - 2.0 * secured + rng.normal(0, 1.0, n),
        3,
        30,
    )
    logit = -2.0 + 0.18 * (rate - 12) + 4.0 * (dti - 0.35) - 0.004 * (score - 650)
    default = coin(rng, 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame(
        {
            "LoanID": [f"LN-{i:07d}" for i in rng.choice(9000000, n, replace=False) + 1000000],
            "applicant_age": age.astype(int),
            "EMPLOYMENT": employment,
            "Annual Income (k)": income.round(1),
            "Score": score.astype(int),
            "LoanAmt": amount.astype(int),
            "DTI": dti.round(3),
            "Term": term,
            "Secured": yes_no(secured),
            "int.rate_pct": rate.round(2),
            "DEFAULT": default,
        }
    )
    edges = [
        ("EMPLOYMENT", "Annual Income (k)"),
        ("applicant_age", "Annual Income (k)"),
        ("applicant_age", "Score"),
        ("Annual Income (k)", "LoanAmt"),
        ("Annual Income (k)", "DTI"),
        ("LoanAmt", "DTI"),
        ("Score", "int.rate_pct"),
        ("Secured", "int.rate_pct"),
        ("Term", "int.rate_pct"),
        ("int.rate_pct", "DEFAULT"),
        ("DTI", "DEFAULT"),
        ("Score", "DEFAULT"),
    ]
    return df, edges


def ab_test_log(rng: np.random.Generator) -> Table:
    n = 460
    day = rng.integers(0, 14, n)
    variant = pick(rng, ["control", "new_checkout"], n, [0.5, 0.5])
    treated = variant == "new_checkout"
    platform = pick(rng, ["iOS", "Android", "Web"], n, [0.35, 0.35, 0.3])
    new_user = coin(rng, np.full(n, 0.4))
    load = np.clip(
        _lookup({"iOS": 900.0, "Android": 1300.0, "Web": 1100.0}, platform)
        + 180 * treated
        + rng.lognormal(np.log(150), 0.6, n),
        200,
        None,
    )
    items = rng.poisson(np.clip(4 + 1.5 * treated - 1.2 * new_user, 0.5, None))
    time_on_page = np.clip(20 + 6 * items - 0.008 * (load - 1000) + rng.normal(0, 8, n), 2, None)
    logit = -2.2 + 0.22 * items - 0.0012 * (load - 1000) - 0.5 * new_user
    converted = coin(rng, 1 / (1 + np.exp(-logit)))
    basket = (
        25
        + 6 * items
        + _lookup({"iOS": 12.0, "Android": 0.0, "Web": 5.0}, platform)
        + rng.gamma(2.0, 6.0, n)
    )
    dates = pd.Timestamp("2026-10-05") + pd.to_timedelta(day, unit="D")
    df = pd.DataFrame(
        {
            "user_id": rng.choice(np.arange(100000, 999999), n, replace=False),
            "Date": dates.strftime("%Y-%m-%d"),
            "Variant": variant,
            "Platform": platform,
            "is_new_user": yes_no(new_user),
            "page_load (ms)": load.round(0).astype(int),
            "ItemsViewed": items,
            "TimeOnPage_s": time_on_page.round(1),
            "Converted": converted.astype(int),
            "Revenue.EUR": np.where(converted, basket, 0.0).round(2),
        }
    )
    edges = [
        ("Platform", "page_load (ms)"),
        ("Variant", "page_load (ms)"),
        ("Variant", "ItemsViewed"),
        ("is_new_user", "ItemsViewed"),
        ("page_load (ms)", "TimeOnPage_s"),
        ("ItemsViewed", "TimeOnPage_s"),
        ("ItemsViewed", "Converted"),
        ("page_load (ms)", "Converted"),
        ("is_new_user", "Converted"),
        ("Converted", "Revenue.EUR"),
        ("ItemsViewed", "Revenue.EUR"),
        ("Platform", "Revenue.EUR"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "ride_trips": ride_trips,
    "fishery_survey": fishery_survey,
    "loan_book": loan_book,
    "ab_test_log": ab_test_log,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
