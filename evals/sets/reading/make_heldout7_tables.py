"""Write the four tables of the seventh held-out reading set (`heldout7.jsonl`), each drawn
from a small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout7_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
vineyard_blocks, esports_matches, bike_share and dental_visits. Column names are messy on
purpose (symbols such as `Slope°`, `Botrytis%`, `Score/100`, `Gold@15`, `Trips/day`,
`Caries #`, `Cost ($)`, `Patient No.`, brackets and units, CamelCase, ALLCAPS,
abbreviations such as `GDD`, `APM`, `BRIX`, and everyday words such as `Zone`, `Side`,
`Server`, `Insurance`, `Age`). ID and date columns are nodes without edges. Two tables hold
near-twins on purpose: bike_share has two trip averages (`avgTrip_km`, `avgTrip_min`) and
dental_visits two indices (`Plaque idx`, `Gingival idx`). Seeded: every run writes the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261204


def _lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.array([table[k] for k in keys])


def _sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-logit))


def _dates(rng: np.random.Generator, start: str, days: int, n: int) -> list[str]:
    offsets = np.sort(rng.integers(0, days, n))
    base = np.datetime64(start)
    return [str(base + np.timedelta64(int(d), "D")) for d in offsets]


def vineyard_blocks(rng: np.random.Generator) -> Table:
    n = 420
    varietal = pick(rng, ["Pinot Noir", "Syrah", "Riesling"], n, [0.4, 0.35, 0.25])
    slope = np.clip(rng.gamma(2.5, 4.0, n), 0, 35)
    gdd = 1350 + 9.0 * slope + rng.normal(0, 110, n)
    irrigated = coin(rng, _sigmoid(1.2 - 0.12 * slope))
    base = _lookup({"Pinot Noir": 6.5, "Syrah": 9.0, "Riesling": 8.0}, varietal)
    yield_t = np.clip(base + 2.2 * irrigated + rng.normal(0, 1.3, n), 1.5, None)
    brix = 18 + 0.006 * (gdd - 1350) - 0.45 * (yield_t - 8) + rng.normal(0, 0.9, n)
    botrytis = np.clip(rng.gamma(1.6, 1.5, n) + 3.5 * irrigated - 0.004 * (gdd - 1450), 0, 60)
    bonus = _lookup({"Pinot Noir": 2.0, "Syrah": 0.0, "Riesling": 1.0}, varietal)
    score = np.clip(
        np.round(84 + 1.4 * (brix - 20) - 0.6 * botrytis + bonus + rng.normal(0, 2.0, n)),
        60,
        100,
    )
    df = pd.DataFrame(
        {
            "Block ID": [f"B-{i:03d}" for i in rng.permutation(n) + 1],
            "Harvest Date": _dates(rng, "2025-08-20", 70, n),
            "Varietal": varietal,
            "Slope°": slope.round(1),
            "GDD": gdd.round(0).astype(int),
            "Irrigated?": yes_no(irrigated, "Y", "N"),
            "Yield (t/ha)": yield_t.round(2),
            "BRIX": brix.round(1),
            "Botrytis%": botrytis.round(1),
            "Score/100": score.astype(int),
        }
    )
    edges = [
        ("Slope°", "GDD"),
        ("Slope°", "Irrigated?"),
        ("Varietal", "Yield (t/ha)"),
        ("Irrigated?", "Yield (t/ha)"),
        ("GDD", "BRIX"),
        ("Yield (t/ha)", "BRIX"),
        ("Irrigated?", "Botrytis%"),
        ("GDD", "Botrytis%"),
        ("BRIX", "Score/100"),
        ("Botrytis%", "Score/100"),
        ("Varietal", "Score/100"),
    ]
    return df, edges


def esports_matches(rng: np.random.Generator) -> Table:
    n = 600
    server = pick(rng, ["EUW", "NAE", "KR", "BR"], n, [0.35, 0.3, 0.2, 0.15])
    side = pick(rng, ["Blue", "Red"], n, [0.5, 0.5])
    elo = np.round(rng.normal(0, 120, n))
    ping = np.clip(
        rng.gamma(3.0, 6.0, n) + _lookup({"EUW": 15.0, "NAE": 30.0, "KR": 8.0, "BR": 45.0}, server),
        5,
        None,
    )
    apm = np.clip(260 - 0.9 * (ping - 30) + rng.normal(0, 35, n), 80, None)
    first = coin(rng, _sigmoid(0.004 * elo + 0.25 * (side == "Blue")))
    gold = 0.012 * (apm - 240) * 100 + 900 * first + 6.0 * elo + rng.normal(0, 1400, n)
    win = coin(rng, _sigmoid(0.0006 * gold + 0.003 * elo)).astype(int)
    duration = np.clip(33 - 0.0011 * np.abs(gold) + rng.normal(0, 4.5, n), 16, None)
    df = pd.DataFrame(
        {
            "MatchID": [f"M{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "Server": server,
            "Side": side,
            "EloDiff": elo.astype(int),
            "ping_ms": ping.round(0).astype(int),
            "APM": apm.round(0).astype(int),
            "firstBlood": yes_no(first),
            "Gold@15": gold.round(0).astype(int),
            "WIN": win,
            "Duration (min)": duration.round(1),
        }
    )
    edges = [
        ("Server", "ping_ms"),
        ("ping_ms", "APM"),
        ("EloDiff", "firstBlood"),
        ("Side", "firstBlood"),
        ("APM", "Gold@15"),
        ("firstBlood", "Gold@15"),
        ("EloDiff", "Gold@15"),
        ("Gold@15", "WIN"),
        ("EloDiff", "WIN"),
        ("Gold@15", "Duration (min)"),
    ]
    return df, edges


def bike_share(rng: np.random.Generator) -> Table:
    n = 700
    zone = pick(rng, ["Downtown", "Campus", "Riverside", "Suburb"], n, [0.3, 0.25, 0.25, 0.2])
    temp = rng.normal(16, 8, n)
    rain = coin(rng, np.full(n, 0.28))
    ebike = np.clip(
        _lookup({"Downtown": 35.0, "Campus": 20.0, "Riverside": 25.0, "Suburb": 45.0}, zone)
        + rng.normal(0, 6, n),
        0,
        100,
    )
    busy = _lookup({"Downtown": 140.0, "Campus": 110.0, "Riverside": 80.0, "Suburb": 40.0}, zone)
    trips = rng.poisson(np.clip(busy + 3.0 * (temp - 16) - 35 * rain, 5, None))
    far = _lookup({"Downtown": 2.2, "Campus": 1.6, "Riverside": 3.4, "Suburb": 4.5}, zone)
    km = np.clip(far + 0.03 * ebike + rng.normal(0, 0.5, n), 0.4, None)
    minutes = np.clip(4.5 * km - 0.08 * ebike + 2.5 * rain + rng.normal(0, 2.0, n), 2, None)
    empty = np.clip(0.05 * trips + rng.gamma(1.5, 1.0, n) - 2, 0, 24)
    df = pd.DataFrame(
        {
            "station_id": rng.integers(100, 400, n),
            "Date": _dates(rng, "2025-03-01", 214, n),
            "Zone": zone,
            "TEMP_C": temp.round(1),
            "Rain?": yes_no(rain, "Y", "N"),
            "eBike%": ebike.round(1),
            "Trips/day": trips,
            "avgTrip_km": km.round(2),
            "avgTrip_min": minutes.round(1),
            "EmptyDock (hrs)": empty.round(1),
        }
    )
    edges = [
        ("Zone", "eBike%"),
        ("Zone", "Trips/day"),
        ("TEMP_C", "Trips/day"),
        ("Rain?", "Trips/day"),
        ("Zone", "avgTrip_km"),
        ("eBike%", "avgTrip_km"),
        ("avgTrip_km", "avgTrip_min"),
        ("eBike%", "avgTrip_min"),
        ("Rain?", "avgTrip_min"),
        ("Trips/day", "EmptyDock (hrs)"),
    ]
    return df, edges


def dental_visits(rng: np.random.Generator) -> Table:
    n = 500
    age = np.clip(rng.normal(41, 15, n), 16, 85).round()
    insurance = pick(rng, ["Private", "Public", "Uninsured"], n, [0.45, 0.35, 0.2])
    smoker = coin(rng, np.full(n, 0.22)).astype(int)
    floss = np.clip(np.round(1.5 + 0.05 * (age - 41) + rng.normal(0, 1.8, n)), 0, 7)
    sugar = np.clip(np.round(rng.gamma(2.0, 3.0, n) - 0.08 * (age - 41)), 0, None)
    plaque = np.clip(1.6 - 0.15 * floss + 0.04 * sugar + rng.normal(0, 0.35, n), 0, 3)
    gingival = np.clip(0.3 + 0.55 * plaque + 0.45 * smoker + rng.normal(0, 0.3, n), 0, 3)
    access = _lookup({"Private": -0.4, "Public": 0.0, "Uninsured": 0.5}, insurance)
    caries = rng.poisson(np.exp(-0.3 + 0.5 * plaque + 0.05 * sugar + access))
    share = _lookup({"Private": 0.3, "Public": 0.15, "Uninsured": 1.0}, insurance)
    cost = np.clip((60 + 140 * caries) * share + rng.normal(0, 15, n), 0, None)
    df = pd.DataFrame(
        {
            "Patient No.": [f"P{i:05d}" for i in rng.choice(90000, n, replace=False) + 10000],
            "Age": age.astype(int),
            "Insurance": insurance,
            "SMOKER": smoker,
            "Floss/wk": floss.astype(int),
            "Sugar drinks/wk": sugar.astype(int),
            "Plaque idx": plaque.round(2),
            "Gingival idx": gingival.round(2),
            "Caries #": caries,
            "Cost ($)": cost.round(0).astype(int),
        }
    )
    edges = [
        ("Age", "Floss/wk"),
        ("Age", "Sugar drinks/wk"),
        ("Floss/wk", "Plaque idx"),
        ("Sugar drinks/wk", "Plaque idx"),
        ("Sugar drinks/wk", "Caries #"),
        ("Plaque idx", "Caries #"),
        ("Plaque idx", "Gingival idx"),
        ("SMOKER", "Gingival idx"),
        ("Insurance", "Caries #"),
        ("Caries #", "Cost ($)"),
        ("Insurance", "Cost ($)"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "vineyard_blocks": vineyard_blocks,
    "esports_matches": esports_matches,
    "bike_share": bike_share,
    "dental_visits": dental_visits,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
