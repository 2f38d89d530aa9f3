"""Write the four tables of the fifth held-out reading set (`heldout5.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout5_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` for parcel_routes (last-mile
delivery), wetland_nests (bird survey), plant_energy (factory electricity) and
hoops_games (basketball box scores). Column names are messy on purpose (`Parcel ID`,
`STOPS/route`, `Rain?`, `Delay (min)`, `Water depth [cm]`, `InvertDensity (/m²)`, `Cover%`,
`Nests#`, `OutsideTemp °C`, `Air.Pressure [psi]`, `kWh/unit`, `Opp. ELO`, `3PA%`, `TOV`,
common words such as `Hub`, `Habitat`, `Line`, `Venue`, `Pace`, `WIN`). ID and date columns
are nodes without edges. plant_energy holds a near-twin pair on purpose: `kWh_shift` and
`kWh/unit` (both "energy" / "kWh"). Seeded: every run writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261202


def _lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.array([table[k] for k in keys])


def _sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-logit))


def _dates(rng: np.random.Generator, start: str, days: int, n: int) -> list[str]:
    base = np.datetime64(start)
    offsets = np.sort(rng.integers(0, days, n))
    return [str(base + int(d)) for d in offsets]


def parcel_routes(rng: np.random.Generator) -> Table:
    n = 420
    hub = pick(rng, ["North", "East", "South", "West"], n, [0.3, 0.25, 0.25, 0.2])
    dist = np.clip(
        _lookup({"North": 38.0, "East": 22.0, "South": 30.0, "West": 55.0}, hub)
        + rng.normal(0, 8, n),
        3,
        None,
    )
    stops = rng.poisson(_lookup({"North": 90.0, "East": 130.0, "South": 105.0, "West": 70.0}, hub))
    exper = np.clip(rng.gamma(2.0, 2.5, n), 0.2, 30)
    rain = coin(rng, np.full(n, 0.3))
    weight = np.clip(rng.lognormal(np.log(2.5), 0.8, n), 0.1, 40)
    delay = np.clip(
        0.6 * dist + 0.25 * stops + 18 * rain - 2.2 * exper + rng.normal(0, 12, n) - 20, 0, None
    )
    damaged = coin(rng, _sigmoid(-3.2 + 0.08 * weight + 0.9 * rain))
    rating = np.clip(np.round(4.6 - 0.025 * delay - 1.4 * damaged + rng.normal(0, 0.6, n)), 1, 5)
    df = pd.DataFrame(
        {
            "Parcel ID": [f"PX-{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "ScanDate": _dates(rng, "2026-03-01", 120, n),
            "Hub": hub,
            "weight.kg": weight.round(2),
            "Dist_km": dist.round(1),
            "STOPS/route": stops,
            "DriverExp (yrs)": exper.round(1),
            "Rain?": yes_no(rain),
            "Delay (min)": delay.round(0).astype(int),
            "DAMAGED": damaged.astype(int),
            "CustRating": rating.astype(int),
        }
    )
    edges = [
        ("Hub", "Dist_km"),
        ("Hub", "STOPS/route"),
        ("Dist_km", "Delay (min)"),
        ("STOPS/route", "Delay (min)"),
        ("Rain?", "Delay (min)"),
        ("DriverExp (yrs)", "Delay (min)"),
        ("weight.kg", "DAMAGED"),
        ("Rain?", "DAMAGED"),
        ("Delay (min)", "CustRating"),
        ("DAMAGED", "CustRating"),
    ]
    return df, edges


def wetland_nests(rng: np.random.Generator) -> Table:
    n = 360
    habitat = pick(rng, ["Marsh", "Reedbed", "OpenWater", "Mudflat"], n, [0.3, 0.3, 0.2, 0.2])
    depth = np.clip(
        _lookup({"Marsh": 25.0, "Reedbed": 35.0, "OpenWater": 80.0, "Mudflat": 8.0}, habitat)
        + rng.normal(0, 7, n),
        0,
        None,
    )
    ph = _lookup({"Marsh": 6.6, "Reedbed": 7.0, "OpenWater": 7.6, "Mudflat": 7.9}, habitat)
    ph = ph + rng.normal(0, 0.3, n)
    nitrate = np.clip(rng.lognormal(np.log(1.8), 0.6, n), 0.05, None)
    cover = np.clip(
        _lookup({"Marsh": 55.0, "Reedbed": 75.0, "OpenWater": 15.0, "Mudflat": 10.0}, habitat)
        + rng.normal(0, 10, n),
        0,
        100,
    )
    invert = np.clip(
        300 + 60 * nitrate - 90 * np.abs(ph - 7.0) - 1.5 * depth + rng.normal(0, 40, n), 5, None
    )
    predator = coin(rng, _sigmoid(0.8 - 0.04 * cover))
    nests = rng.poisson(np.clip(1 + 0.08 * cover, 0.2, None))
    fledge = rng.poisson(np.clip(0.6 * nests + 0.006 * invert - 1.2 * predator, 0.05, None))
    df = pd.DataFrame(
        {
            "SurveyID": [f"WS{i:04d}" for i in rng.permutation(n) + 1],
            "Date": _dates(rng, "2025-04-01", 150, n),
            "Habitat": habitat,
            "Water depth [cm]": depth.round(1),
            "pH": ph.round(2),
            "Nitrate_mgL": nitrate.round(2),
            "Cover%": cover.round(0).astype(int),
            "InvertDensity (/m²)": invert.round(0).astype(int),
            "PREDATOR_SIGHTED": yes_no(predator, "Y", "N"),
            "Nests#": nests,
            "Fledglings": fledge,
        }
    )
    edges = [
        ("Habitat", "Water depth [cm]"),
        ("Habitat", "pH"),
        ("Habitat", "Cover%"),
        ("Nitrate_mgL", "InvertDensity (/m²)"),
        ("pH", "InvertDensity (/m²)"),
        ("Water depth [cm]", "InvertDensity (/m²)"),
        ("Cover%", "PREDATOR_SIGHTED"),
        ("Cover%", "Nests#"),
        ("InvertDensity (/m²)", "Fledglings"),
        ("Nests#", "Fledglings"),
        ("PREDATOR_SIGHTED", "Fledglings"),
    ]
    return df, edges


def plant_energy(rng: np.random.Generator) -> Table:
    n = 480
    line = pick(rng, ["L1", "L2", "L3"], n, [0.4, 0.35, 0.25])
    outside = rng.normal(14, 9, n)
    through = np.clip(
        _lookup({"L1": 220.0, "L2": 180.0, "L3": 260.0}, line) + rng.normal(0, 25, n), 60, None
    )
    vfd = coin(rng, _lookup({"L1": 0.2, "L2": 0.5, "L3": 0.75}, line)).astype(int)
    leak = coin(rng, np.full(n, 0.22))
    psi = rng.normal(100, 6, n)
    kwh = np.clip(
        2400
        + 9.5 * through
        + 22 * np.abs(outside - 16)
        + 14 * (psi - 100)
        + 420 * leak
        - 380 * vfd
        + rng.normal(0, 160, n),
        500,
        None,
    )
    per_unit = kwh / (through * 8)
    scrap = np.clip(1.2 + 0.012 * (through - 200) + 0.09 * np.abs(psi - 100)
                    + rng.gamma(1.5, 0.4, n), 0, 100)  # fmt: skip
    df = pd.DataFrame(
        {
            "Batch#": rng.choice(np.arange(10000, 99999), n, replace=False),
            "ShiftDate": _dates(rng, "2026-01-05", 300, n),
            "Line": line,
            "OutsideTemp °C": outside.round(1),
            "Throughput (units/h)": through.round(0).astype(int),
            "Air.Pressure [psi]": psi.round(1),
            "LEAK": yes_no(leak, "Y", "N"),
            "VFD_retrofit": vfd,
            "kWh_shift": kwh.round(0).astype(int),
            "kWh/unit": per_unit.round(3),
            "Scrap%": scrap.round(2),
        }
    )
    edges = [
        ("Line", "Throughput (units/h)"),
        ("Line", "VFD_retrofit"),
        ("OutsideTemp °C", "kWh_shift"),
        ("Throughput (units/h)", "kWh_shift"),
        ("Air.Pressure [psi]", "kWh_shift"),
        ("LEAK", "kWh_shift"),
        ("VFD_retrofit", "kWh_shift"),
        ("kWh_shift", "kWh/unit"),
        ("Throughput (units/h)", "kWh/unit"),
        ("Air.Pressure [psi]", "Scrap%"),
        ("Throughput (units/h)", "Scrap%"),
    ]
    return df, edges


def hoops_games(rng: np.random.Generator) -> Table:
    n = 320
    venue = pick(rng, ["Home", "Away", "Neutral"], n, [0.45, 0.45, 0.1])
    travel = np.clip(
        _lookup({"Home": 0.0, "Away": 900.0, "Neutral": 600.0}, venue) * rng.gamma(2.0, 0.5, n),
        0,
        None,
    )
    rest = rng.choice(np.array([0, 1, 2, 3, 4]), size=n, p=[0.15, 0.4, 0.25, 0.12, 0.08])
    opp = rng.normal(1500, 90, n)
    out = coin(rng, np.full(n, 0.18))
    pace = 99 + 1.2 * rest - 0.002 * travel - 0.02 * (opp - 1500) + rng.normal(0, 2.5, n)
    tov = np.clip(rng.poisson(np.clip(13 + 0.015 * (opp - 1500) + 2.5 * out, 1, None)), 0, None)
    three = np.clip(rng.normal(38, 5, n), 20, 60)
    pts = 1.05 * pace + 0.45 * (three - 38) - 1.1 * tov + rng.normal(0, 8, n) + 12
    home_edge = _lookup({"Home": 0.4, "Away": -0.3, "Neutral": 0.0}, venue)
    win = coin(rng, _sigmoid(0.09 * (pts - 108) - 0.006 * (opp - 1500) + home_edge))
    df = pd.DataFrame(
        {
            "GameID": [f"G{i:05d}" for i in rng.permutation(n) + 20001],
            "GameDate": _dates(rng, "2025-10-20", 170, n),
            "Venue": venue,
            "Opp. ELO": opp.round(0).astype(int),
            "RestDays": rest,
            "TRAVEL_MI": travel.round(0).astype(int),
            "StarterOut?": yes_no(out),
            "Pace": pace.round(1),
            "3PA%": three.round(1),
            "TOV": tov,
            "PTS": pts.round(0).astype(int),
            "WIN": win.astype(int),
        }
    )
    edges = [
        ("Venue", "TRAVEL_MI"),
        ("RestDays", "Pace"),
        ("TRAVEL_MI", "Pace"),
        ("Opp. ELO", "Pace"),
        ("Opp. ELO", "TOV"),
        ("StarterOut?", "TOV"),
        ("Pace", "PTS"),
        ("3PA%", "PTS"),
        ("TOV", "PTS"),
        ("PTS", "WIN"),
        ("Opp. ELO", "WIN"),
        ("Venue", "WIN"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "parcel_routes": parcel_routes,
    "wetland_nests": wetland_nests,
    "plant_energy": plant_energy,
    "hoops_games": hoops_games,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
