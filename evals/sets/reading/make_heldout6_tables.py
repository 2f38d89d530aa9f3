"""Write the four tables of the sixth held-out reading set (`heldout6.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout6_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
hotel_bookings, er_triage, solar_homes and coffee_roast. Column names are messy on purpose
(symbols such as `Nights#`, `Cancelled?`, `Shading?`, `SpO2 %`, `Export%`, `weight.loss%`,
`Gen_kWh/yr`, brackets and units such as `ADR (€)`, `Wait (min)`, `Charge temp (°C)`, dots,
camelCase, ALLCAPS such as `DEPOSIT`, `ESI`, `INVERTER`, `AGTRON`, abbreviations such as
`LeadTime_d`, `LOS_h`, and common words such as `Season`, `Room`, `Region`, `Battery`,
`Origin`). ID and date columns are nodes without edges. One near-twin pair on purpose:
er_triage has two lengths of stay, `LOS_h` (hours in the emergency department) and `LOS_d`
(days on the ward after admission). Seeded: every run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261203


def _lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.array([table[k] for k in keys])


def _sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-logit))


def _dates(rng: np.random.Generator, start: str, days: int, n: int) -> list[str]:
    offsets = np.sort(rng.integers(0, days, n))
    base = pd.Timestamp(start)
    return [(base + pd.Timedelta(days=int(d))).strftime("%Y-%m-%d") for d in offsets]


def hotel_bookings(rng: np.random.Generator) -> Table:
    n = 600
    season = pick(rng, ["Low", "Shoulder", "Peak"], n, [0.3, 0.35, 0.35])
    room = pick(rng, ["Standard", "Deluxe", "Suite"], n, [0.6, 0.3, 0.1])
    lead = np.clip(
        rng.gamma(2.0, 18.0, n) + _lookup({"Low": 0.0, "Shoulder": 15.0, "Peak": 45.0}, season),
        0,
        365,
    ).round()
    nights = 1 + rng.poisson(_lookup({"Low": 1.2, "Shoulder": 2.0, "Peak": 3.5}, season))
    adr = (
        _lookup({"Low": 85.0, "Shoulder": 110.0, "Peak": 160.0}, season)
        + _lookup({"Standard": 0.0, "Deluxe": 45.0, "Suite": 140.0}, room)
        + rng.normal(0, 15, n)
    )
    deposit = coin(rng, _sigmoid(-2.0 + 0.035 * lead))
    cancel = coin(rng, _sigmoid(-1.6 + 0.012 * lead - 1.4 * deposit + 0.006 * (adr - 130)))
    review = np.clip(
        7.4
        + _lookup({"Standard": 0.0, "Deluxe": 0.5, "Suite": 1.0}, room)
        - 0.008 * (adr - 130)
        + 0.12 * nights
        + rng.normal(0, 0.8, n),
        1,
        10,
    )
    df = pd.DataFrame(
        {
            "BookingRef": [f"BK{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "Arrival Date": _dates(rng, "2025-01-01", 365, n),
            "Season": season,
            "LeadTime_d": lead.astype(int),
            "Room": room,
            "Nights#": nights,
            "ADR (€)": adr.round(2),
            "DEPOSIT": yes_no(deposit, "Y", "N"),
            "Cancelled?": cancel.astype(int),
            "review.score": review.round(1),
        }
    )
    edges = [
        ("Season", "LeadTime_d"),
        ("Season", "ADR (€)"),
        ("Season", "Nights#"),
        ("Room", "ADR (€)"),
        ("LeadTime_d", "DEPOSIT"),
        ("LeadTime_d", "Cancelled?"),
        ("DEPOSIT", "Cancelled?"),
        ("ADR (€)", "Cancelled?"),
        ("Room", "review.score"),
        ("ADR (€)", "review.score"),
        ("Nights#", "review.score"),
    ]
    return df, edges


def er_triage(rng: np.random.Generator) -> Table:
    n = 500
    age = np.clip(rng.normal(52, 21, n), 16, 98).round()
    mode = pick(rng, ["Walk-in", "Ambulance", "Referral"], n, [0.55, 0.3, 0.15])
    noise = rng.normal(0, 1.8, n) - rng.gamma(1.0, 0.8, n)
    spo2 = np.clip(98.5 - 0.05 * (age - 50) + noise, 80, 100)
    acuity = (
        3.6
        - 0.015 * (age - 50)
        - 0.18 * (96 - spo2)
        + _lookup({"Walk-in": 0.4, "Ambulance": -0.9, "Referral": 0.0}, mode)
        + rng.normal(0, 0.7, n)
    )
    esi = np.clip(np.round(acuity), 1, 5).astype(int)
    wait = np.clip(rng.gamma(2.0, 6.0, n) * esi + rng.normal(0, 4, n), 0, None)
    ct = coin(rng, _sigmoid(1.8 - 0.9 * (esi - 1)))
    los_h = np.clip(1.5 + 0.02 * wait + 2.2 * ct + rng.gamma(2.0, 0.8, n), 0.5, None)
    admitted = coin(rng, _sigmoid(0.6 - 0.9 * (esi - 2.5) + 0.03 * (age - 50)))
    los_d = np.where(admitted, 1 + rng.poisson(3.0 + 0.04 * np.clip(age - 40, 0, None)), 0)
    df = pd.DataFrame(
        {
            "visit_no": rng.choice(np.arange(20000, 99999), n, replace=False),
            "AGE": age.astype(int),
            "Arrival Mode": mode,
            "SpO2 %": spo2.round(0).astype(int),
            "ESI": esi,
            "Wait (min)": wait.round(0).astype(int),
            "CT_scan": yes_no(ct, "Y", "N"),
            "ADMITTED": admitted.astype(int),
            "LOS_h": los_h.round(1),
            "LOS_d": los_d,
        }
    )
    edges = [
        ("AGE", "SpO2 %"),
        ("AGE", "ESI"),
        ("SpO2 %", "ESI"),
        ("Arrival Mode", "ESI"),
        ("ESI", "Wait (min)"),
        ("ESI", "CT_scan"),
        ("CT_scan", "LOS_h"),
        ("Wait (min)", "LOS_h"),
        ("ESI", "ADMITTED"),
        ("AGE", "ADMITTED"),
        ("ADMITTED", "LOS_d"),
    ]
    return df, edges


def solar_homes(rng: np.random.Generator) -> Table:
    n = 450
    region = pick(rng, ["North", "Central", "South"], n, [0.3, 0.4, 0.3])
    area = np.clip(
        _lookup({"North": 22.0, "Central": 26.0, "South": 32.0}, region) + rng.normal(0, 6, n),
        8,
        None,
    )
    shade = coin(rng, np.full(n, 0.3))
    inverter = np.where(coin(rng, np.where(shade, 0.7, 0.25)), "Micro", "String")
    sun = {"North": 950.0, "Central": 1150.0, "South": 1450.0}
    irr = _lookup(sun, region) + rng.normal(0, 60, n)
    battery = coin(rng, _lookup({"North": 0.45, "Central": 0.3, "South": 0.2}, region))
    gen = np.clip(
        0.17 * area * irr * 0.8
        * np.where(shade, 0.75, 1.0)
        * np.where(inverter == "Micro", 1.06, 1.0)
        + rng.normal(0, 300, n),
        500,
        None,
    )  # fmt: skip
    export = np.clip(25 + 0.004 * (gen - 4000) - 22 * battery + rng.normal(0, 6, n), 0, 95)
    df = pd.DataFrame(
        {
            "HomeID": [f"SH-{i:04d}" for i in rng.permutation(n) + 1],
            "InstallDate": _dates(rng, "2019-03-01", 1800, n),
            "Region": region,
            "panelArea_m2": area.round(1),
            "Shading?": yes_no(shade, "Y", "N"),
            "irradiance kWh/m2": irr.round(0).astype(int),
            "INVERTER": inverter,
            "Battery": battery.astype(int),
            "Gen_kWh/yr": gen.round(0).astype(int),
            "Export%": export.round(1),
        }
    )
    edges = [
        ("Region", "irradiance kWh/m2"),
        ("Region", "panelArea_m2"),
        ("Region", "Battery"),
        ("Shading?", "INVERTER"),
        ("Shading?", "Gen_kWh/yr"),
        ("INVERTER", "Gen_kWh/yr"),
        ("irradiance kWh/m2", "Gen_kWh/yr"),
        ("panelArea_m2", "Gen_kWh/yr"),
        ("Gen_kWh/yr", "Export%"),
        ("Battery", "Export%"),
    ]
    return df, edges


def coffee_roast(rng: np.random.Generator) -> Table:
    n = 400
    origin = pick(rng, ["Ethiopia", "Colombia", "Brazil", "Sumatra"], n, [0.3, 0.3, 0.25, 0.15])
    decaf = coin(rng, np.full(n, 0.2))
    moisture = (
        _lookup({"Ethiopia": 10.5, "Colombia": 11.0, "Brazil": 10.0, "Sumatra": 12.5}, origin)
        + 0.8 * decaf
        + rng.normal(0, 0.5, n)
    )
    charge = rng.normal(200, 8, n)
    dev = np.clip(
        90 + 9.0 * (moisture - 11) - 1.1 * (charge - 200) + rng.normal(0, 12, n), 30, None
    )
    agtron = 65 - 0.18 * (dev - 90) - 0.35 * (charge - 200) + rng.normal(0, 4, n)
    loss = 12.5 + 0.03 * (dev - 90) + 0.45 * (moisture - 11) + rng.normal(0, 0.6, n)
    cup = np.clip(
        83
        + _lookup({"Ethiopia": 2.0, "Colombia": 1.0, "Brazil": 0.0, "Sumatra": 0.5}, origin)
        - 1.5 * decaf
        - 0.004 * (agtron - 62) ** 2
        + rng.normal(0, 1.0, n),
        70,
        95,
    )
    df = pd.DataFrame(
        {
            "Batch": rng.choice(np.arange(1000, 9999), n, replace=False),
            "RoastDate": _dates(rng, "2025-06-01", 200, n),
            "Origin": origin,
            "DECAF": yes_no(decaf, "Y", "N"),
            "moisture %": moisture.round(1),
            "Charge temp (°C)": charge.round(0).astype(int),
            "DevTime_s": dev.round(0).astype(int),
            "AGTRON": agtron.round(0).astype(int),
            "weight.loss%": loss.round(1),
            "CupScore": cup.round(2),
        }
    )
    edges = [
        ("Origin", "moisture %"),
        ("DECAF", "moisture %"),
        ("moisture %", "DevTime_s"),
        ("Charge temp (°C)", "DevTime_s"),
        ("Charge temp (°C)", "AGTRON"),
        ("DevTime_s", "AGTRON"),
        ("DevTime_s", "weight.loss%"),
        ("moisture %", "weight.loss%"),
        ("AGTRON", "CupScore"),
        ("Origin", "CupScore"),
        ("DECAF", "CupScore"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "hotel_bookings": hotel_bookings,
    "er_triage": er_triage,
    "solar_homes": solar_homes,
    "coffee_roast": coffee_roast,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
