"""Write the four tables of the eighth held-out reading set (`heldout8.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout8_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
water_mains, auto_claims, library_branches and kitchen_tickets. Column names are messy in
new ways: hyphens and hashes in IDs (`SEG-ID`, `Claim#`, `TKT`), a superscript unit
(`leak (m³/d)`), a question mark (`Urban?`), a slash rate (`HardBrakes/100km`,
`OpenHrs/wk`), a dollar sign (`Estimate $`), thousands in brackets (`Pop (000s)`), mixed
case in one name (`Pressure PEAK [psi]`), everyday words (`Material`, `Items`, `Visits`,
`Shift`) and text columns (`Relined` yes/no, `Telematics` enrolled/not enrolled, `Severity`
Minor/Moderate/Severe, `ExpoRota` on/off). Near-twins on purpose: water_mains has
`Pressure avg [psi]` and `Pressure PEAK [psi]`, auto_claims `FRAUD_SCORE` and `fraud_flag`,
library_branches `Checkouts` and `Checkouts (kids)` (and `Branch` beside `Pilot branch`).
The designs each table supports: water_mains a regression discontinuity (pipes laid before
1965 were relined), auto_claims matching (telematics enrolment), library_branches a
difference-in-differences panel (24 branches by 24 months, fines dropped at pilot branches
from month 13), kitchen_tickets an instrument (the expediter rota). ID and date columns are
nodes without edges. Seeded: every run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261208


def _lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.array([table[k] for k in keys])


def _sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-logit))


def water_mains(rng: np.random.Generator) -> Table:
    n = 520
    year = rng.integers(1928, 2016, n)
    era = np.clip((year - 1928) / 87, 0, 1)
    material = np.array(
        [
            rng.choice(["CastIron", "DuctileIron", "PVC"], p=[0.8 - 0.7 * e, 0.15, 0.05 + 0.7 * e])
            for e in era
        ]
    )
    relined = coin(rng, np.where(year < 1965, 0.93, 0.04))
    ph = np.clip(rng.normal(6.8, 0.7, n), 4.5, 8.8)
    elevation = rng.uniform(5, 140, n)
    corrosion = np.clip(
        _lookup({"CastIron": 5.0, "DuctileIron": 3.5, "PVC": 0.5}, material)
        + 0.9 * (7 - ph)
        + 0.03 * (2016 - year)
        - 2.2 * relined
        + rng.normal(0, 0.8, n),
        0,
        10,
    )
    p_avg = 95 - 0.35 * elevation + rng.normal(0, 6, n)
    p_peak = p_avg * 1.15 + rng.gamma(3.0, 4.0, n)
    breaks = rng.poisson(
        np.exp(
            -1.4
            + 0.28 * corrosion
            + 0.012 * (p_peak - 100)
            + _lookup({"CastIron": 0.3, "DuctileIron": 0.0, "PVC": -0.2}, material)
        )
    )
    leak = np.clip(0.8 * breaks + 0.02 * (p_avg - 60) + rng.gamma(2.0, 0.3, n), 0, None)
    df = pd.DataFrame(
        {
            "SEG-ID": [f"WM-{i:05d}" for i in rng.choice(90000, n, replace=False) + 10000],
            "Material": material,
            "InstallYear": year,
            "Relined": yes_no(relined),
            "soil pH": ph.round(2),
            "Elevation_m": elevation.round(1),
            "Corrosion idx": corrosion.round(2),
            "Pressure avg [psi]": p_avg.round(1),
            "Pressure PEAK [psi]": p_peak.round(1),
            "Breaks/5yr": breaks,
            "leak (m³/d)": leak.round(2),
        }
    )
    edges = [
        ("InstallYear", "Material"),
        ("InstallYear", "Relined"),
        ("InstallYear", "Corrosion idx"),
        ("Material", "Corrosion idx"),
        ("soil pH", "Corrosion idx"),
        ("Relined", "Corrosion idx"),
        ("Elevation_m", "Pressure avg [psi]"),
        ("Pressure avg [psi]", "Pressure PEAK [psi]"),
        ("Material", "Breaks/5yr"),
        ("Corrosion idx", "Breaks/5yr"),
        ("Pressure PEAK [psi]", "Breaks/5yr"),
        ("Breaks/5yr", "leak (m³/d)"),
        ("Pressure avg [psi]", "leak (m³/d)"),
    ]
    return df, edges


def auto_claims(rng: np.random.Generator) -> Table:
    n = 640
    age = np.clip(rng.normal(44, 14, n), 18, 85).round()
    urban = coin(rng, np.full(n, 0.55))
    veh = pick(rng, ["Sedan", "SUV", "Pickup", "Van"], n, [0.4, 0.3, 0.2, 0.1])
    tele = coin(rng, _sigmoid(0.6 - 0.05 * (age - 44) + 0.5 * urban))
    brakes = np.clip(
        3.0 - 0.04 * (age - 44) + 1.2 * urban - 1.1 * tele + rng.gamma(2.0, 0.6, n), 0.1, None
    )
    latent = 0.45 * brakes + _lookup({"Sedan": 0.0, "SUV": 0.3, "Pickup": 0.5, "Van": 0.2}, veh)
    latent = latent + rng.logistic(0, 0.6, n)
    severity = np.where(latent < 1.6, "Minor", np.where(latent < 2.8, "Moderate", "Severe"))
    base = _lookup({"Minor": 1800.0, "Moderate": 5200.0, "Severe": 14000.0}, severity)
    estimate = base * _lookup({"Sedan": 1.0, "SUV": 1.25, "Pickup": 1.15, "Van": 1.1}, veh)
    estimate = estimate * rng.lognormal(0, 0.3, n)
    score = np.clip(
        20 + 6.0 * np.log(estimate / 1000) - 0.25 * (age - 44) - 8 * tele + rng.normal(0, 8, n),
        0,
        100,
    )
    flag = coin(rng, _sigmoid((score - 33) / 4))
    start = np.datetime64("2025-01-01")
    filed = start + rng.integers(0, 365, n).astype("timedelta64[D]")
    df = pd.DataFrame(
        {
            "Claim#": rng.choice(np.arange(100000, 999999), n, replace=False),
            "FiledOn": pd.to_datetime(filed).strftime("%d/%m/%Y"),
            "drv_age_yrs": age.astype(int),
            "VEH_CLASS": veh,
            "Urban?": yes_no(urban, "Y", "N"),
            "Telematics": yes_no(tele, "enrolled", "not enrolled"),
            "HardBrakes/100km": brakes.round(2),
            "Severity": severity,
            "Estimate $": estimate.round(0).astype(int),
            "FRAUD_SCORE": score.round(1),
            "fraud_flag": yes_no(flag),
        }
    )
    edges = [
        ("drv_age_yrs", "Telematics"),
        ("Urban?", "Telematics"),
        ("drv_age_yrs", "HardBrakes/100km"),
        ("Urban?", "HardBrakes/100km"),
        ("Telematics", "HardBrakes/100km"),
        ("HardBrakes/100km", "Severity"),
        ("VEH_CLASS", "Severity"),
        ("Severity", "Estimate $"),
        ("VEH_CLASS", "Estimate $"),
        ("Estimate $", "FRAUD_SCORE"),
        ("drv_age_yrs", "FRAUD_SCORE"),
        ("Telematics", "FRAUD_SCORE"),
        ("FRAUD_SCORE", "fraud_flag"),
    ]
    return df, edges


def library_branches(rng: np.random.Generator) -> Table:
    branches, months = 24, 24
    pop_b = np.clip(rng.lognormal(np.log(30), 0.5, branches), 6, 150)
    pilot_b = coin(rng, _sigmoid(-0.4 + 0.04 * (pop_b - 30)))
    hours_b = np.clip(np.round(30 + 0.25 * pop_b + rng.normal(0, 4, branches)), 20, 72)
    branch = np.repeat([f"BR-{i:02d}" for i in range(1, branches + 1)], months)
    month = np.tile(np.arange(1, months + 1), branches)
    pop = np.repeat(pop_b, months)
    pilot = np.repeat(pilot_b, months)
    hours = np.repeat(hours_b, months)
    n = branches * months
    post = month >= 13
    free = pilot & post
    visits = np.clip(
        200 + 38 * pop + 22 * hours + 9 * month + 420 * free + rng.normal(0, 260, n), 50, None
    )
    checkouts = np.clip(0.55 * visits + rng.normal(0, 120, n), 10, None)
    kids = np.clip(0.12 * visits + 140 * free + rng.normal(0, 40, n), 0, None)
    overdue = np.clip(6 + 7.5 * free + 0.0012 * checkouts + rng.normal(0, 1.6, n), 0, 100)
    df = pd.DataFrame(
        {
            "Branch": branch,
            "Month": month,
            "Pop (000s)": pop.round(1),
            "Pilot branch": yes_no(pilot),
            "after_Jan": post.astype(int),
            "FINE-FREE": free.astype(int),
            "OpenHrs/wk": hours.astype(int),
            "Visits": visits.round(0).astype(int),
            "Checkouts": checkouts.round(0).astype(int),
            "Checkouts (kids)": kids.round(0).astype(int),
            "overdue %": overdue.round(1),
        }
    )
    edges = [
        ("Pop (000s)", "Pilot branch"),
        ("Pop (000s)", "OpenHrs/wk"),
        ("Month", "after_Jan"),
        ("Pilot branch", "FINE-FREE"),
        ("after_Jan", "FINE-FREE"),
        ("Pop (000s)", "Visits"),
        ("OpenHrs/wk", "Visits"),
        ("FINE-FREE", "Visits"),
        ("Month", "Visits"),
        ("Visits", "Checkouts"),
        ("Visits", "Checkouts (kids)"),
        ("FINE-FREE", "Checkouts (kids)"),
        ("FINE-FREE", "overdue %"),
        ("Checkouts", "overdue %"),
    ]
    return df, edges


def kitchen_tickets(rng: np.random.Generator) -> Table:
    n = 700
    shift = pick(rng, ["Lunch", "Dinner", "Late"], n, [0.35, 0.5, 0.15])
    party = np.clip(
        rng.poisson(_lookup({"Lunch": 1.2, "Dinner": 2.2, "Late": 1.0}, shift)) + 1, 1, 12
    )
    cooks = np.clip(
        np.round(
            _lookup({"Lunch": 3.0, "Dinner": 5.0, "Late": 2.0}, shift) + rng.normal(0, 0.7, n)
        ),
        1,
        8,
    )
    queue = rng.poisson(_lookup({"Lunch": 6.0, "Dinner": 11.0, "Late": 3.0}, shift))
    items = np.clip(rng.poisson(1.4 * party), 1, None)
    rota = coin(rng, np.full(n, 0.5))
    expo = coin(rng, _sigmoid(-1.2 + 2.8 * rota - 0.12 * (queue - 8)))
    ticket = np.clip(
        6 + 1.1 * items + 0.6 * queue - 1.3 * cooks + 1.0 * expo + rng.gamma(2.0, 1.2, n), 3, None
    )
    remake = coin(rng, _sigmoid(-2.4 + 0.12 * items - 1.1 * expo))
    tip = np.clip(
        19 - 0.25 * (ticket - 15) - 4.0 * remake - 0.2 * party + rng.normal(0, 3, n), 0, 40
    )
    df = pd.DataFrame(
        {
            "TKT": [f"T{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "Shift": shift,
            "PartySize": party,
            "cooks on line": cooks.astype(int),
            "Open tickets": queue,
            "Items": items,
            "ExpoRota": yes_no(rota, "on", "off"),
            "expo_check": yes_no(expo, "Y", "N"),
            "TicketTime(min)": ticket.round(1),
            "REMAKE": yes_no(remake),
            "tip%": tip.round(1),
        }
    )
    edges = [
        ("Shift", "PartySize"),
        ("Shift", "cooks on line"),
        ("Shift", "Open tickets"),
        ("PartySize", "Items"),
        ("ExpoRota", "expo_check"),
        ("Open tickets", "expo_check"),
        ("Items", "TicketTime(min)"),
        ("Open tickets", "TicketTime(min)"),
        ("cooks on line", "TicketTime(min)"),
        ("expo_check", "TicketTime(min)"),
        ("Items", "REMAKE"),
        ("expo_check", "REMAKE"),
        ("TicketTime(min)", "tip%"),
        ("REMAKE", "tip%"),
        ("PartySize", "tip%"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "water_mains": water_mains,
    "auto_claims": auto_claims,
    "library_branches": library_branches,
    "kitchen_tickets": kitchen_tickets,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
