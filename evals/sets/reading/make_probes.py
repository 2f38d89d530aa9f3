"""Write probes.jsonl: questions in which one role is a phrase that names no column.

    python evals/sets/reading/make_probes.py   # seeded: the same lines each run

For each question family and each of its sentence shapes below, a table of tables/ or
mutation_tables/ is drawn, the roles are filled with real columns (nodes of the table's
graph that have an edge), and then ONE role is replaced by an invented measurement name
(PHRASES). The question with the invented name is labelled `unclear` (it must be
refused, never answered about the columns it does name); the same sentence with the real
column is labelled with its frame, by construction, as a control. An invented name is
used with a table only when askwhy.core.names reads no word of it as a column there
(neither a mention nor an ambiguous phrase) and it is not a near synonym of one of the
table's columns (NEAR). Each line's meta says which pair, shape and role it is.
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

from askwhy.core import names

HERE = Path(__file__).resolve().parent
OUT = HERE / "probes.jsonl"
SEED = 20261202
PAIRS_PER_SHAPE = 3

# Plausible measurement names, none of them a column of any reading table (checked per table).
PHRASES = [
    "staff morale", "the moon phase", "soil microbes", "customer trust", "ridership",
    "noise level", "brand loyalty", "water hardness", "team spirit", "screen time",
    "caffeine intake", "parking availability", "supplier delays", "cholesterol",
    "vitamin D", "family history", "pollen count", "road salt", "ink usage", "inflation",
    "literacy", "turbulence", "fatigue", "seniority", "media coverage", "fuel prices",
    "dust levels", "hospital funding", "tree cover", "glacier melt", "shelf placement",
    "street lighting", "cosmic rays", "music tempo", "bacterial load", "ozone",
    "the tax rate", "packaging colour", "the lunar cycle", "chess rating", "typing speed",
    "pet ownership", "font size", "cat population", "wind direction", "local unemployment",
    "traffic congestion", "competitor pricing", "gym attendance", "sunlight exposure",
    "office politics", "river levels", "bird song", "manager turnover", "the exchange rate",
    "the number of volunteers", "the amount of paperwork", "the share of night shifts",
    "sales staff headcount", "the school holidays", "lichen growth",
]  # fmt: skip

# Near synonyms of a table's columns that the name matcher cannot see: not used there.
NEAR = {
    "ridership": {"bike_share", "ride_trips"},
    "staff morale": {"hr_attrition", "call_center"},
    "seniority": {"hr_attrition", "call_center", "parcel_routes", "food_delivery", "molding_qc",
                  "factory_line", "school_survey"},
    "fatigue": {"marathon_runners"},
    "bacterial load": {"dairy_herd", "dental_visits"},
    "customer trust": {"saas_customers", "saas_accounts", "marketing_weekly", "parcel_routes",
                       "call_center"},
    "traffic congestion": {"city_air", "food_delivery", "ride_trips", "parcel_routes"},
    "fuel prices": {"ride_trips"},
    "inflation": {"loan_book"},
    "dust levels": {"city_air"},
    "ozone": {"city_air"},
    "media coverage": {"marketing_weekly", "retail_weekly"},
    "brand loyalty": {"marketing_weekly", "saas_customers", "saas_accounts"},
    "competitor pricing": {"marketing_weekly", "retail_weekly"},
    "shelf placement": {"retail_weekly"},
    "screen time": {"ab_test_log", "saas_customers", "saas_accounts"},
    "gym attendance": {"marathon_runners"},
    "pollen count": {"apiary_hives"},
    "tree cover": {"wetland_nests"},
    "music tempo": {"hoops_games"},
    "typing speed": {"esports_matches"},
    "chess rating": {"esports_matches", "hoops_games"},
    "font size": {"ab_test_log"},
    "parking availability": {"bike_share"},
    "supplier delays": {"cold_chain", "parcel_routes"},
    "literacy": {"student_outcomes", "school_survey"},
    "turbulence": {"wind_turbines"},
    "sunlight exposure": {"solar_homes", "farm_plots", "vineyard_blocks"},
    "manager turnover": {"hr_attrition"},
    "river levels": {"wetland_nests"},
    "the exchange rate": {"hotel_bookings"},
    "sales staff headcount": {"call_center"},
    "the school holidays": {"marketing_weekly"},
}  # fmt: skip

# family -> [(sentence, frame fields besides the roles)]; a slot's letter is its role:
# x, y, z; g given; t treatment; o outcome; w adjust_for; a, b, c the graph's variables.
SHAPES = {
    "independence": [
        ("Are {x} and {y} independent given {g}?", {"polarity": "independence"}),
        ("Is {x} associated with {y} once we control for {g}?", {"polarity": "dependence"}),
        ("Conditional on {g}, is {x} independent of {y}?", {"polarity": "independence"}),
        (
            "After adjusting for {g}, is there still any association between {x} and {y}?",
            {"polarity": "dependence"},
        ),
        ("Do {x} and {y} stay correlated when {g} is held fixed?", {"polarity": "dependence"}),
        ("{x} ⟂ {y} | {g}?", {"polarity": "independence"}),
        ("Is {x} still linked to {y} once {g} is taken into account?", {"polarity": "dependence"}),
    ],
    "direct_cause": [
        ("Does {x} directly cause {y}?", {}),
        ("Is there a direct edge from {x} to {y} in the causal graph?", {}),
        ("Is {y} directly affected by {x}?", {}),
        ("Does {x} feed directly into {y}?", {}),
        ("{x} -> {y}: is that a direct causal link?", {}),
        ("Is {x} among the direct causes of {y}?", {}),
    ],
    "collider": [
        ("Is {z} a collider between {x} and {y}?", {}),
        ("Is {z} a common effect of {x} and {y}?", {}),
        ("Do {x} and {y} both feed into {z}?", {}),
        ("Are {x} and {y} both causes of {z}?", {}),
        ("Does {z} act as a collider on the path between {x} and {y}?", {}),
        ("Do {x} and {y} both end up raising {z}?", {}),
    ],
    "confounder": [
        ("Is {z} a confounder of {x} and {y}?", {}),
        ("Does {z} confound the relationship between {x} and {y}?", {}),
        ("Could {z} be what's behind both {x} and {y}?", {}),
        ("Does {z} sit upstream of both {x} and {y}?", {}),
        ("Is {z} a common cause of {x} and {y}?", {}),
        ("Is {z} what drives both {x} and {y}?", {}),
    ],
    "mediator": [
        ("Is {z} a mediator between {x} and {y}?", {}),
        ("Does {x} affect {y} through {z}?", {}),
        ("Is the effect of {x} on {y} carried by {z}?", {}),
        ("Does {z} mediate the effect of {x} on {y}?", {}),
        ("Does {z} sit on the causal path from {x} to {y}?", {}),
        ("Does {x} act on {y} via {z}?", {}),
        ("Is {z} the mechanism by which {x} affects {y}?", {}),
    ],
    "parents": [
        ("What are the direct causes of {x}?", {}),
        ("Which variables directly affect {x}?", {}),
        ("Which columns is {x} directly affected by?", {}),
        ("What feeds directly into {x}?", {}),
        ("What are the immediate drivers of {x}?", {}),
    ],
    "children": [
        ("What does {x} directly affect?", {}),
        ("What are the children of {x}?", {}),
        ("Which variables does {x} feed into directly?", {}),
        ("What is immediately affected by {x}?", {}),
        ("Which variables are directly affected by {x}?", {}),
    ],
    "ancestors": [
        ("What are the ancestors of {x}?", {}),
        ("Which variables cause {x}, directly or indirectly?", {}),
        ("Everything upstream of {x}?", {}),
        ("Does {y} cause {x}, directly or indirectly?", {"format": "yes_no"}),
        ("Is {x} affected by {y}?", {"format": "yes_no"}),
        ("Can {y} change {x}?", {"format": "yes_no"}),
    ],
    "descendants": [
        ("What are the descendants of {x}?", {}),
        ("Which variables are affected, directly or indirectly, by {x}?", {}),
        ("What lies downstream of {x}?", {}),
        ("Which variables are ultimately affected by {x}?", {}),
        ("What are all the downstream consequences of {x}?", {}),
    ],
    "adjustment_set": [
        ("What should I adjust for to estimate the effect of {t} on {o}?", {}),
        ("Which variables do I need to control for to get the causal effect of {t} on {o}?", {}),
        ("Give me a valid adjustment set for the effect of {t} on {o}.", {}),
        ("To estimate how {t} affects {o}, which covariates should I condition on?", {}),
        ("backdoor set for {t} → {o}?", {}),
    ],
    "effect": [
        ("What is the effect of {t} on {o}, adjusting for {w}?", {}),
        ("Estimate the causal effect of {t} on {o} while controlling for {w}.", {}),
        ("Controlling for {w}, how much does {t} change {o}?", {}),
        ("What happens to {o} if {t} goes up, with {w} held fixed?", {}),
        ("How strongly is {o} affected by {t}, holding {w} constant?", {}),
        ("What's the average causal effect of {t} on {o} once {w} is adjusted for?", {}),
    ],
    "pairwise_direction": [
        ("Which causes which: {x} or {y}?", {}),
        ("In which direction does the causal arrow point between {x} and {y}?", {}),
        ("Between {x} and {y}, which is the cause and which is the effect?", {}),
        ("Does {x} drive {y}, or is it the other way round?", {}),
        ("{x} and {y}: which way does the causation run?", {}),
        ("Does {x} drive {y}, or does {y} drive {x}?", {}),
    ],
    "graph": [
        ("Draw the causal graph of {a}, {b} and {c}.", {}),
        ("Show me the causal structure among {a}, {b} and {c}.", {}),
        ("Learn a causal graph over {a}, {b} and {c} only.", {}),
        ("Can you map out how {a}, {b} and {c} are causally connected?", {}),
        ("Build a DAG with just {a}, {b} and {c}.", {}),
        ("Map the causal links among {a}, {b} as well as {c}.", {}),
    ],
    "describe_data": [
        ("Give me summary statistics for {a} and {b}.", {}),
        ("What does the distribution of {a} look like?", {}),
        ("What are the mean and standard deviation of {a}?", {}),
        ("How many missing values are there in {a} and {b}?", {}),
        ("What's the average {a} in this table?", {"format": "number"}),
    ],
}
# Said before some questions (the same for a probe and its control).
LEAD_INS = ["", "", "", "Quick question: ", "Gut check: ", "For the quarterly review: "]
FORMATS = {
    "independence": "yes_no", "direct_cause": "yes_no", "collider": "yes_no",
    "confounder": "yes_no", "mediator": "yes_no", "parents": "list", "children": "list",
    "ancestors": "list", "descendants": "list", "adjustment_set": "list", "effect": "number",
    "pairwise_direction": "text", "graph": "graph", "describe_data": "text",
}  # fmt: skip
KEYS = {"x": "x", "y": "y", "z": "z", "t": "treatment", "o": "outcome"}
LISTS = {"g": "given", "w": "adjust_for"}
SLOT = re.compile(r"\{(\w)\}")


def tables() -> list[tuple[str, list[str], list[str]]]:
    """(csv path relative to HERE, all columns, columns with an edge and a plain name)."""
    out = []
    for folder in ("tables", "mutation_tables"):
        for graph_path in sorted((HERE / folder).glob("*.graph.json")):
            csv_path = graph_path.with_name(graph_path.name.replace(".graph.json", ".csv"))
            with csv_path.open(newline="") as handle:
                columns = next(csv.reader(handle))
            graph = json.loads(graph_path.read_text())
            linked = {n for edge in graph["edges"] for n in edge[:2]}
            usable = [c for c in columns if c in linked and "?" not in c]
            out.append((f"{folder}/{csv_path.name}", columns, usable))
    return out


def names_no_column(phrase: str, table: str, columns: list[str]) -> bool:
    """askwhy.core.names reads neither the phrase nor any of its words as a column."""
    if table in NEAR.get(phrase, ()):
        return False
    words = [w for w in phrase.split() if w.lower() not in ("the", "a", "an")]
    for text in [phrase, *words]:
        found, ambiguous = names.find_mentions(text, columns)
        if found or ambiguous:
            return False
    return True


def frame_of(family: str, extra: dict, roles: dict[str, str]) -> dict:
    frame: dict = {"family": family}
    for slot, key in KEYS.items():
        if slot in roles:
            frame[key] = roles[slot]
    for slot, key in LISTS.items():
        if slot in roles:
            frame[key] = [roles[slot]]
    if family in ("graph", "describe_data"):
        frame["variables"] = [roles[s] for s in "abc" if s in roles]
    frame.update({k: v for k, v in extra.items() if k != "format"})
    frame["format"] = extra.get("format", FORMATS[family])
    return frame


def probes(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    pool = tables()
    rows: list[dict] = []
    n = 0
    for family, shapes in SHAPES.items():
        for k, (sentence, extra) in enumerate(shapes):
            slots = SLOT.findall(sentence)
            for i in range(PAIRS_PER_SHAPE):
                path, columns, usable = rng.choice([t for t in pool if len(t[2]) >= len(slots)])
                table = Path(path).stem
                roles = dict(zip(slots, rng.sample(usable, len(slots)), strict=True))
                role = slots[i % len(slots)]
                phrase = rng.choice([p for p in PHRASES if names_no_column(p, table, columns)])
                n += 1
                pair = f"pr-{n:03d}"
                shape = f"{family}/{k}/{role}"
                meta = {"author": "probes", "template": shape, "pair": pair, "role": role}
                lead = rng.choice(LEAD_INS)
                unknown = lead + sentence.format(**{**roles, role: phrase})
                known = lead + sentence.format(**roles)
                rows.append(
                    {
                        "id": f"{pair}-u",
                        "question": unknown,
                        "csv": path,
                        "type": "unclear",
                        "frame": {"family": "unclear"},
                        "meta": {
                            **meta,
                            "style": "missing_variable",
                            "probe": "unclear",
                            "reason": f"'{phrase}' is not a column of {table}",
                        },
                    }
                )
                rows.append(
                    {
                        "id": f"{pair}-c",
                        "question": known,
                        "csv": path,
                        "type": family,
                        "frame": frame_of(family, extra, roles),
                        "meta": {**meta, "style": "column_names", "probe": "control"},
                    }
                )
    return rows


def main() -> None:
    rows = probes()
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"wrote {len(rows)} lines to {OUT}")


if __name__ == "__main__":
    main()
