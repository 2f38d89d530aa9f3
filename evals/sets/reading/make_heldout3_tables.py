"""Write the four tables of the third held-out reading set (`heldout3.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout3_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
marathon_runners, call_center, apiary_hives and cold_chain. Column names are messy on
purpose (symbols such as `Bib #`, `Varroa/100`, `Ambient°C`, `DoorOpens#`, `SPOILAGE_%`,
brackets and units, dots, CamelCase, ALLCAPS, abbreviations such as `AHT_min`, `FCR`,
`CSAT`, and common words such as `Age`, `Sex`, `Course`, `Queue`, `Breed`, `Product`).
ID columns are nodes without edges. Two tables hold near-twins on purpose: call_center has
two durations (`Wait (s)`, `AHT_min`) and cold_chain two temperatures (`Ambient°C`,
`MaxTemp_C`). Seeded: every run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261221


def _lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.array([table[k] for k in keys])


def _sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-logit))


def marathon_runners(rng: np.random.Generator) -> Table:
    n = 260
    age = np.clip(rng.normal(39, 10, n), 18, 72).round()
    sex = pick(rng, ["F", "M"], n, [0.45, 0.55])
    weekly = np.clip(rng.gamma(4.0, 12.0, n) - 0.4 * (age - 39), 10, 160)
    vo2 = 58 - 0.3 * (age - 18) - 5.0 * (sex == "F") + 0.08 * weekly + rng.normal(0, 3.5, n)
    shoe = coin(rng, _sigmoid(-1.5 + 0.03 * (weekly - 40)))
    course = pick(rng, ["Flat", "Hilly"], n, [0.6, 0.4])
    temp = rng.normal(58, 9, n)
    hr = 168 - 0.6 * (vo2 - 45) + 0.35 * (temp - 58) + 5 * (course == "Hilly") + rng.normal(0, 5, n)
    cramp = coin(rng, _sigmoid(-2.0 + 0.08 * (temp - 58) + 0.06 * (hr - 165)))
    finish = np.clip(
        330
        - 3.2 * (vo2 - 45)
        - 7.0 * shoe
        + 14 * (course == "Hilly")
        + 22 * cramp
        + rng.normal(0, 14, n),
        140,
        420,
    )
    df = pd.DataFrame(
        {
            "Bib #": rng.choice(np.arange(1000, 9999), n, replace=False),
            "Age": age.astype(int),
            "Sex": sex,
            "weekly_km": weekly.round(1),
            "VO2max": vo2.round(1),
            "CarbonShoe": yes_no(shoe, "Y", "N"),
            "Course": course,
            "Temp (°F)": temp.round(0).astype(int),
            "AvgHR_bpm": hr.round(0).astype(int),
            "Cramping": yes_no(cramp),
            "FinishTime [min]": finish.round(1),
        }
    )
    edges = [
        ("Age", "weekly_km"),
        ("Age", "VO2max"),
        ("Sex", "VO2max"),
        ("weekly_km", "VO2max"),
        ("weekly_km", "CarbonShoe"),
        ("VO2max", "AvgHR_bpm"),
        ("Temp (°F)", "AvgHR_bpm"),
        ("Course", "AvgHR_bpm"),
        ("AvgHR_bpm", "Cramping"),
        ("Temp (°F)", "Cramping"),
        ("VO2max", "FinishTime [min]"),
        ("CarbonShoe", "FinishTime [min]"),
        ("Course", "FinishTime [min]"),
        ("Cramping", "FinishTime [min]"),
    ]
    return df, edges


def call_center(rng: np.random.Generator) -> Table:
    n = 280
    queue = pick(rng, ["Billing", "Tech", "Sales"], n, [0.4, 0.35, 0.25])
    agents = rng.integers(6, 25, n)
    wait = np.clip(
        rng.gamma(2.0, 30.0, n) * 14 / agents
        + _lookup({"Billing": 20.0, "Tech": 45.0, "Sales": 5.0}, queue),
        0,
        None,
    )
    tenure = np.clip(rng.gamma(2.0, 10.0, n), 0.5, 120)
    script = coin(rng, _sigmoid(0.8 - 0.05 * tenure)).astype(int)
    transfers = rng.poisson(_lookup({"Billing": 0.4, "Tech": 0.9, "Sales": 0.2}, queue))
    aht = np.clip(
        9 - 0.04 * tenure - 1.2 * script + 2.0 * transfers + rng.normal(0, 1.5, n), 1.5, None
    )
    fcr = coin(rng, _sigmoid(0.4 + 0.7 * script - 0.9 * transfers)).astype(int)
    csat = np.clip(np.round(3.0 + 1.1 * fcr - 0.012 * wait + rng.normal(0, 0.7, n)), 1, 5)
    callback = coin(rng, np.where(fcr == 1, 0.08, 0.45))
    df = pd.DataFrame(
        {
            "CallID": [f"C{i:07d}" for i in rng.choice(9000000, n, replace=False) + 1000000],
            "Queue": queue,
            "staffed.agents": agents,
            "Wait (s)": wait.round(0).astype(int),
            "agent_tenure_mo": tenure.round(1),
            "NEW_SCRIPT": script,
            "Transfers": transfers,
            "AHT_min": aht.round(2),
            "FCR": fcr,
            "CSAT": csat.astype(int),
            "Callback_48h": yes_no(callback),
        }
    )
    edges = [
        ("staffed.agents", "Wait (s)"),
        ("Queue", "Wait (s)"),
        ("Queue", "Transfers"),
        ("agent_tenure_mo", "NEW_SCRIPT"),
        ("agent_tenure_mo", "AHT_min"),
        ("NEW_SCRIPT", "AHT_min"),
        ("Transfers", "AHT_min"),
        ("NEW_SCRIPT", "FCR"),
        ("Transfers", "FCR"),
        ("Wait (s)", "CSAT"),
        ("FCR", "CSAT"),
        ("FCR", "Callback_48h"),
    ]
    return df, edges


def apiary_hives(rng: np.random.Generator) -> Table:
    n = 240
    apiary = pick(rng, ["Ridge", "Valley", "Orchard"], n, [0.35, 0.4, 0.25])
    breed = pick(rng, ["Carniolan", "Italian", "Buckfast"], n, [0.4, 0.35, 0.25])
    forage = np.clip(
        _lookup({"Ridge": 6.0, "Valley": 9.0, "Orchard": 4.0}, apiary) + rng.normal(0, 1.5, n),
        0.5,
        None,
    )
    pesticide = np.clip(
        rng.lognormal(np.log(_lookup({"Ridge": 2.0, "Valley": 4.0, "Orchard": 12.0}, apiary)), 0.5),
        0.1,
        None,
    )
    treated = coin(rng, _lookup({"Ridge": 0.3, "Valley": 0.5, "Orchard": 0.7}, apiary))
    mites = np.clip(
        _lookup({"Carniolan": 4.0, "Italian": 5.5, "Buckfast": 2.5}, breed)
        - 2.5 * treated
        + rng.gamma(2.0, 0.8, n),
        0,
        None,
    )
    queen = rng.choice(np.array([1, 2, 3, 4]), size=n, p=[0.35, 0.3, 0.2, 0.15])
    brood = np.clip(
        np.round(7 + 0.35 * forage - 0.45 * mites - 0.6 * (queen - 1) - 0.08 * pesticide
                 + rng.normal(0, 1.0, n)),
        1,
        None,
    )  # fmt: skip
    honey = np.clip(12 + 4.5 * brood + 1.8 * forage + rng.normal(0, 8, n), 0, None)
    survive = coin(rng, _sigmoid(0.5 - 0.35 * (mites - 3) + 0.04 * (honey - 50))).astype(int)
    df = pd.DataFrame(
        {
            "HiveID": [f"H-{i:03d}" for i in rng.permutation(n) + 1],
            "Apiary": apiary,
            "Breed": breed,
            "forage_km2": forage.round(1),
            "Pesticide_ppb": pesticide.round(2),
            "OXALIC_TX": yes_no(treated, "Y", "N"),
            "Varroa/100": mites.round(1),
            "Queen age (yrs)": queen,
            "brood.frames": brood.astype(int),
            "Honey (lbs)": honey.round(1),
            "WinterSurvival": survive,
        }
    )
    edges = [
        ("Apiary", "forage_km2"),
        ("Apiary", "Pesticide_ppb"),
        ("Apiary", "OXALIC_TX"),
        ("Breed", "Varroa/100"),
        ("OXALIC_TX", "Varroa/100"),
        ("Varroa/100", "brood.frames"),
        ("forage_km2", "brood.frames"),
        ("Queen age (yrs)", "brood.frames"),
        ("Pesticide_ppb", "brood.frames"),
        ("brood.frames", "Honey (lbs)"),
        ("forage_km2", "Honey (lbs)"),
        ("Varroa/100", "WinterSurvival"),
        ("Honey (lbs)", "WinterSurvival"),
    ]
    return df, edges


def cold_chain(rng: np.random.Generator) -> Table:
    n = 300
    carrier = pick(rng, ["A-Freight", "BlueLine", "Coastal"], n, [0.4, 0.35, 0.25])
    product = pick(rng, ["Dairy", "Produce", "Vaccines"], n, [0.4, 0.4, 0.2])
    distance = np.clip(rng.lognormal(np.log(350), 0.6, n), 30, 2500)
    transit = np.clip(
        distance / 48 + _lookup({"A-Freight": 2.0, "BlueLine": 0.0, "Coastal": 4.0}, carrier)
        + rng.gamma(2.0, 1.5, n),
        1,
        None,
    )  # fmt: skip
    upgrade = coin(rng, _lookup({"A-Freight": 0.25, "BlueLine": 0.6, "Coastal": 0.4}, carrier))
    doors = rng.poisson(np.clip(1 + distance / 200, 0.5, None))
    ambient = rng.normal(21, 8, n)
    max_temp = 3.5 + 0.12 * (ambient - 21) - 1.8 * upgrade + 0.5 * doors + rng.normal(0, 0.8, n)
    base = _lookup({"Dairy": 1.0, "Produce": 2.5, "Vaccines": 0.3}, product)
    spoil = np.clip(base + 0.9 * np.clip(max_temp - 4, 0, None) + 0.05 * transit
                    + rng.gamma(1.5, 0.5, n), 0, 100)  # fmt: skip
    value = _lookup({"Dairy": 80.0, "Produce": 50.0, "Vaccines": 900.0}, product)
    claim = np.clip(value * spoil + rng.normal(0, 40, n), 0, None)
    df = pd.DataFrame(
        {
            "Shipment No.": [f"SH{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "Carrier": carrier,
            "Product": product,
            "Distance (mi)": distance.round(0).astype(int),
            "TransitHrs": transit.round(1),
            "ReeferUpgrade": upgrade.astype(int),
            "DoorOpens#": doors,
            "Ambient°C": ambient.round(1),
            "MaxTemp_C": max_temp.round(1),
            "SPOILAGE_%": spoil.round(2),
            "Claim ($)": claim.round(0).astype(int),
        }
    )
    edges = [
        ("Distance (mi)", "TransitHrs"),
        ("Carrier", "TransitHrs"),
        ("Carrier", "ReeferUpgrade"),
        ("Distance (mi)", "DoorOpens#"),
        ("Ambient°C", "MaxTemp_C"),
        ("ReeferUpgrade", "MaxTemp_C"),
        ("DoorOpens#", "MaxTemp_C"),
        ("TransitHrs", "SPOILAGE_%"),
        ("MaxTemp_C", "SPOILAGE_%"),
        ("Product", "SPOILAGE_%"),
        ("SPOILAGE_%", "Claim ($)"),
        ("Product", "Claim ($)"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "marathon_runners": marathon_runners,
    "call_center": call_center,
    "apiary_hives": apiary_hives,
    "cold_chain": cold_chain,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
