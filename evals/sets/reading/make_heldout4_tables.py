"""Write the four tables of the fourth held-out reading set (`heldout4.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout4_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
knee_rehab, wind_turbines, food_delivery and dairy_herd. Every table has an ID column and a
date column (nodes without edges), a text category with 3-5 levels and a yes/no column.
Column names are messy on purpose: symbols (`PT sessions#`, `Order#`, `TIP_PCT`, `Fat %`,
`Pitch °`, `GearboxTemp°C`, `Milk_L/d`), brackets and units (`BMI (kg/m²)`,
`QuadStrength [Nm]`, `Power [kW]`, `tip ($)`), dots and hyphens (`Pain.VAS`, `log.date`,
`Downtime-hrs`, `feed.intake_kg`), ALLCAPS (`AGE`, `ICING`, `RAIN`, `PASTURE`),
abbreviations (`ROM_deg`, `RTW_12wk`, `DIM`, `THI`, `SCC (x1000/mL)`) and common words
(`Protocol`, `Site`, `Cuisine`, `Stars`, `Breed`, `Parity`). One near-twin pair on purpose:
food_delivery has `TIP_PCT` and `tip ($)`, so "the tip" alone is ambiguous there. Seeded:
every run writes the same bytes.
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


def _dates(rng: np.random.Generator, n: int, start: str, days: int) -> list[str]:
    offsets = rng.integers(0, days, n)
    return [str(d) for d in np.datetime64(start) + offsets]


def knee_rehab(rng: np.random.Generator) -> Table:
    n = 420
    age = np.clip(rng.normal(62, 9, n), 35, 88).round()
    bmi = np.clip(rng.normal(29, 4.5, n), 18, 48)
    protocol = pick(rng, ["Standard", "Accelerated", "Home-based"], n, [0.45, 0.3, 0.25])
    sessions = rng.poisson(_lookup({"Standard": 12.0, "Accelerated": 18.0, "Home-based": 6.0},
                                   protocol))  # fmt: skip
    swell_p = _sigmoid(-1.2 + 0.09 * (bmi - 29) + _lookup(
        {"Standard": 0.0, "Accelerated": 0.7, "Home-based": -0.2}, protocol))  # fmt: skip
    swelling = coin(rng, swell_p)
    pain = np.clip(3.0 + 2.2 * swelling + rng.normal(0, 1.4, n), 0, 10)
    rom = np.clip(
        118 - 0.45 * (age - 62) + 0.9 * sessions - 9.0 * swelling + rng.normal(0, 7, n), 60, 145
    )
    quad = np.clip(95 - 0.8 * (age - 62) + 1.6 * sessions + rng.normal(0, 12, n), 25, None)
    rtw = coin(
        rng, _sigmoid(0.3 - 0.35 * (pain - 4) + 0.05 * (rom - 115) + 0.02 * (quad - 110))
    ).astype(int)
    df = pd.DataFrame(
        {
            "PatientNo": [f"KR-{i:04d}" for i in rng.permutation(n) + 1],
            "surgery_date": _dates(rng, n, "2024-01-01", 540),
            "AGE": age.astype(int),
            "BMI (kg/m²)": bmi.round(1),
            "Protocol": protocol,
            "PT sessions#": sessions,
            "Swelling": yes_no(swelling),
            "Pain.VAS": pain.round(1),
            "ROM_deg": rom.round(0).astype(int),
            "QuadStrength [Nm]": quad.round(1),
            "RTW_12wk": rtw,
        }
    )
    edges = [
        ("AGE", "QuadStrength [Nm]"),
        ("AGE", "ROM_deg"),
        ("BMI (kg/m²)", "Swelling"),
        ("Protocol", "PT sessions#"),
        ("Protocol", "Swelling"),
        ("PT sessions#", "ROM_deg"),
        ("PT sessions#", "QuadStrength [Nm]"),
        ("Swelling", "Pain.VAS"),
        ("Swelling", "ROM_deg"),
        ("Pain.VAS", "RTW_12wk"),
        ("ROM_deg", "RTW_12wk"),
        ("QuadStrength [Nm]", "RTW_12wk"),
    ]
    return df, edges


def wind_turbines(rng: np.random.Generator) -> Table:
    n = 480
    site = pick(rng, ["Coastal", "Ridge", "Plains", "Offshore"], n, [0.3, 0.25, 0.25, 0.2])
    wind = np.clip(
        _lookup({"Coastal": 7.5, "Ridge": 8.5, "Plains": 6.0, "Offshore": 9.5}, site)
        + rng.normal(0, 2.0, n),
        0.5,
        None,
    )
    density = _lookup({"Coastal": 1.23, "Ridge": 1.12, "Plains": 1.20, "Offshore": 1.25}, site)
    density = density + rng.normal(0, 0.02, n)
    icing = coin(rng, _lookup({"Coastal": 0.05, "Ridge": 0.3, "Plains": 0.12, "Offshore": 0.08},
                              site))  # fmt: skip
    pitch = np.clip(2.0 + 1.8 * np.clip(wind - 8, 0, None) + rng.normal(0, 1.0, n), 0, 30)
    rpm = np.clip(4 + 1.4 * wind - 0.25 * pitch - 2.5 * icing + rng.normal(0, 0.8, n), 0, None)
    gear = 45 + 1.6 * rpm + rng.normal(0, 3.0, n)
    downtime = np.clip(rng.gamma(1.2, 0.8, n) + 3.0 * icing + 0.15 * np.clip(gear - 60, 0, None),
                       0, 24)  # fmt: skip
    power = np.clip(
        (95 * rpm + 900 * (density - 1.2)) * (24 - downtime) / 24 + rng.normal(0, 60, n), 0, None
    )
    df = pd.DataFrame(
        {
            "LogNo": np.arange(1, n + 1) * 7 + 10000,
            "log.date": _dates(rng, n, "2025-01-01", 365),
            "Site": site,
            "WindSpeed (m/s)": wind.round(2),
            "AirDensity_kg/m3": density.round(3),
            "ICING": yes_no(icing, "Y", "N"),
            "Pitch °": pitch.round(1),
            "rotor_rpm": rpm.round(2),
            "GearboxTemp°C": gear.round(1),
            "Downtime-hrs": downtime.round(2),
            "Power [kW]": power.round(0).astype(int),
        }
    )
    edges = [
        ("Site", "WindSpeed (m/s)"),
        ("Site", "AirDensity_kg/m3"),
        ("Site", "ICING"),
        ("WindSpeed (m/s)", "Pitch °"),
        ("WindSpeed (m/s)", "rotor_rpm"),
        ("ICING", "rotor_rpm"),
        ("Pitch °", "rotor_rpm"),
        ("rotor_rpm", "GearboxTemp°C"),
        ("rotor_rpm", "Power [kW]"),
        ("AirDensity_kg/m3", "Power [kW]"),
        ("ICING", "Downtime-hrs"),
        ("GearboxTemp°C", "Downtime-hrs"),
        ("Downtime-hrs", "Power [kW]"),
    ]
    return df, edges


def food_delivery(rng: np.random.Generator) -> Table:
    n = 520
    cuisine = pick(rng, ["Pizza", "Sushi", "Burgers", "Thai", "Indian"], n,
                   [0.3, 0.15, 0.25, 0.15, 0.15])  # fmt: skip
    rain = coin(rng, np.full(n, 0.25))
    dist = np.clip(rng.gamma(2.5, 1.6, n), 0.3, 18)
    exp = np.clip(rng.gamma(2.0, 9.0, n), 0.5, 96)
    load = rng.poisson(
        _lookup({"Pizza": 4.0, "Sushi": 2.5, "Burgers": 3.5, "Thai": 2.0, "Indian": 3.0}, cuisine)
        + 2.5 * rain
    )
    basket = np.clip(
        _lookup({"Pizza": 28.0, "Sushi": 46.0, "Burgers": 24.0, "Thai": 32.0, "Indian": 35.0},
                cuisine) + rng.normal(0, 8, n),
        8,
        None,
    )  # fmt: skip
    minutes = np.clip(
        14 + 3.2 * dist + 6 * rain - 0.12 * exp + 2.4 * load + rng.normal(0, 5, n), 8, None
    )
    stars = np.clip(np.round(5.6 - 0.045 * minutes + rng.normal(0, 0.7, n)), 1, 5).astype(int)
    tip_pct = np.clip(17 - 0.18 * (minutes - 35) + 3.0 * rain + rng.normal(0, 4, n), 0, 40)
    tip = np.clip(basket * tip_pct / 100 + rng.normal(0, 0.4, n), 0, None)
    df = pd.DataFrame(
        {
            "Order#": rng.choice(np.arange(200000, 999999), n, replace=False),
            "order_dt": _dates(rng, n, "2025-03-01", 120),
            "Cuisine": cuisine,
            "Dist (km)": dist.round(2),
            "RAIN": yes_no(rain),
            "courier_exp_mo": exp.round(0).astype(int),
            "kitchen_load": load,
            "Delivery Time (min)": minutes.round(0).astype(int),
            "basket ($)": basket.round(2),
            "TIP_PCT": tip_pct.round(1),
            "tip ($)": tip.round(2),
            "Stars": stars,
        }
    )
    edges = [
        ("Cuisine", "basket ($)"),
        ("Cuisine", "kitchen_load"),
        ("RAIN", "kitchen_load"),
        ("Dist (km)", "Delivery Time (min)"),
        ("RAIN", "Delivery Time (min)"),
        ("courier_exp_mo", "Delivery Time (min)"),
        ("kitchen_load", "Delivery Time (min)"),
        ("Delivery Time (min)", "Stars"),
        ("Delivery Time (min)", "TIP_PCT"),
        ("RAIN", "TIP_PCT"),
        ("TIP_PCT", "tip ($)"),
        ("basket ($)", "tip ($)"),
    ]
    return df, edges


def dairy_herd(rng: np.random.Generator) -> Table:
    n = 380
    breed = pick(rng, ["Holstein", "Jersey", "Brown Swiss", "Crossbred"], n,
                 [0.45, 0.2, 0.15, 0.2])  # fmt: skip
    parity = rng.choice(np.array([1, 2, 3, 4, 5]), size=n, p=[0.3, 0.27, 0.2, 0.14, 0.09])
    dim = rng.integers(5, 330, n)
    thi = np.clip(rng.normal(68, 6, n), 50, 84)
    pasture = coin(rng, np.full(n, 0.4))
    intake = np.clip(24 - 0.25 * (thi - 68) + 1.5 * pasture + rng.normal(0, 2.0, n), 12, None)
    mastitis = coin(rng, _sigmoid(-2.2 + 0.35 * (parity - 1) - 0.6 * pasture))
    scc = np.clip(rng.lognormal(np.log(np.where(mastitis, 650.0, 140.0)), 0.45), 20, None)
    milk = np.clip(
        _lookup({"Holstein": 34.0, "Jersey": 24.0, "Brown Swiss": 29.0, "Crossbred": 27.0}, breed)
        + 1.2 * np.minimum(parity, 3)
        - 0.03 * (dim - 150)
        + 0.7 * (intake - 24)
        - 4.0 * mastitis
        + rng.normal(0, 3.0, n),
        4,
        None,
    )
    fat = np.clip(
        _lookup({"Holstein": 3.8, "Jersey": 4.9, "Brown Swiss": 4.0, "Crossbred": 4.2}, breed)
        - 0.03 * (milk - 30)
        + rng.normal(0, 0.25, n),
        2.5,
        None,
    )
    df = pd.DataFrame(
        {
            "CowTag": [f"{i:05d}" for i in rng.choice(90000, n, replace=False) + 10000],
            "CalvingDate": _dates(rng, n, "2024-06-01", 300),
            "Breed": breed,
            "Parity": parity,
            "DIM": dim,
            "THI": thi.round(1),
            "PASTURE": yes_no(pasture, "Y", "N"),
            "feed.intake_kg": intake.round(1),
            "Mastitis?": yes_no(mastitis),
            "SCC (x1000/mL)": scc.round(0).astype(int),
            "Milk_L/d": milk.round(1),
            "Fat %": fat.round(2),
        }
    )
    edges = [
        ("Breed", "Milk_L/d"),
        ("Breed", "Fat %"),
        ("Parity", "Mastitis?"),
        ("Parity", "Milk_L/d"),
        ("DIM", "Milk_L/d"),
        ("THI", "feed.intake_kg"),
        ("PASTURE", "feed.intake_kg"),
        ("PASTURE", "Mastitis?"),
        ("feed.intake_kg", "Milk_L/d"),
        ("Mastitis?", "SCC (x1000/mL)"),
        ("Mastitis?", "Milk_L/d"),
        ("Milk_L/d", "Fat %"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "knee_rehab": knee_rehab,
    "wind_turbines": wind_turbines,
    "food_delivery": food_delivery,
    "dairy_herd": dairy_herd,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
