"""Regenerate the example CSVs and their true graphs (deterministic, seeded).

    python examples/make_examples.py            # write the files beside this script
    python examples/make_examples.py --check 20 # PC skeleton recovery over 20 fresh seeds

Each dataset comes from a structural equation model with known parameters, so the
true graph (`<stem>.graph.json`) and the true effects are known exactly.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from askwhy.evals.synthetic import DiscreteSEM, LinearSEM, write_example

HERE = Path(__file__).resolve().parent
UNIFORM_STD = 1 / np.sqrt(12)  # std of a uniform variable on an interval of width 1

# Text labels of the survey's category codes 0..k-1.
SURVEY_LABELS = {
    "age_group": ["18-34", "35-54", "55+"],
    "education": ["secondary", "bachelor", "postgraduate"],
    "income_bracket": ["low", "middle", "high"],
    "owns_home": ["no", "yes"],
    "owns_car": ["no", "yes"],
}


def _dag(nodes: list[str], edges: list[tuple[str, str]]) -> nx.DiGraph:
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from(edges)
    return dag


def smoking_sem() -> LinearSEM:
    """Age in years (uniform 20-80), work stress score, cigarettes per day,
    finger-staining score, tar deposit index, lung-cancer risk score."""
    weights = {
        ("age", "smoking"): 0.2,
        ("stress", "smoking"): 0.7,
        ("smoking", "yellow_fingers"): 0.3,
        ("smoking", "tar"): 0.8,
        ("tar", "lung_cancer"): 1.5,
        ("age", "lung_cancer"): 0.25,
    }
    nodes = ["age", "stress", "smoking", "yellow_fingers", "tar", "lung_cancer"]
    return LinearSEM(
        dag=_dag(nodes, list(weights)),
        weights=weights,
        noise_std={
            "age": 60 * UNIFORM_STD,
            "stress": 3.0,
            "smoking": 2.5,
            "yellow_fingers": 1.0,
            "tar": 2.0,
            "lung_cancer": 6.0,
        },
        intercepts={
            "age": 50,
            "stress": 5,
            "smoking": 5,
            "yellow_fingers": 2,
            "tar": 4,
            "lung_cancer": 10,
        },
        uniform_noise=frozenset({"age"}),
    )


def marketing_sem() -> LinearSEM:
    """Weekly shop data: seasonal demand index (-1 off-season .. +1 peak), ad spend ($k),
    site visits (thousands), price ($, uniform 20-40), signups, revenue ($k)."""
    weights = {
        ("season", "ad_spend"): 6.0,
        ("season", "site_visits"): 3.0,
        ("ad_spend", "site_visits"): 0.5,
        ("site_visits", "signups"): 3.0,
        ("price", "signups"): -1.2,
        ("signups", "revenue"): 0.9,
        ("price", "revenue"): 0.6,
    }
    nodes = ["season", "ad_spend", "site_visits", "price", "signups", "revenue"]
    return LinearSEM(
        dag=_dag(nodes, list(weights)),
        weights=weights,
        noise_std={
            "season": 2 * UNIFORM_STD,
            "ad_spend": 2.5,
            "site_visits": 2.0,
            "price": 20 * UNIFORM_STD,
            "signups": 5.0,
            "revenue": 4.0,
        },
        intercepts={"ad_spend": 20, "site_visits": 5, "price": 30, "signups": 50, "revenue": 5},
        uniform_noise=frozenset({"season", "price"}),
    )


def dose_sem() -> LinearSEM:
    """Age in years (uniform 20-80), body weight (kg), daily dose (mg, about 1-40, set
    partly by weight), systolic blood pressure (mmHg). Age confounds dose and blood
    pressure; each mg of dose lowers blood pressure by 0.8 mmHg, but regressing blood
    pressure on dose alone gives only about -0.4 per mg."""
    weights = {
        ("age", "dose"): 0.2,
        ("weight", "dose"): 0.15,
        ("age", "blood_pressure"): 0.3,
        ("dose", "blood_pressure"): -0.8,
    }
    nodes = ["age", "weight", "dose", "blood_pressure"]
    return LinearSEM(
        dag=_dag(nodes, list(weights)),
        weights=weights,
        noise_std={
            "age": 60 * UNIFORM_STD,
            "weight": 10.0,
            "dose": 20 * UNIFORM_STD,
            "blood_pressure": 5.0,
        },
        intercepts={"age": 50, "weight": 75, "blood_pressure": 122},
        uniform_noise=frozenset({"age", "dose"}),
    )


def survey_sem() -> DiscreteSEM:
    """Household survey: age group and education drive the income bracket; income and
    age drive home ownership; income drives car ownership."""
    nodes = ["age_group", "education", "income_bracket", "owns_home", "owns_car"]
    effects = {
        # rows: parent level, columns: child level (log-odds added)
        ("education", "income_bracket"): [[1.5, 0, -1.5], [0, 0.8, 0], [-1.5, 0, 1.5]],
        ("age_group", "income_bracket"): [[1.2, 0, -1.2], [-0.6, 0.3, 0.6], [0, 0.3, 0.3]],
        ("income_bracket", "owns_home"): [[0, -1.5], [0, 0], [0, 1.5]],
        ("age_group", "owns_home"): [[0, -1.5], [0, 0.3], [0, 1.2]],
        ("income_bracket", "owns_car"): [[0, -1.5], [0, 0.3], [0, 1.5]],
    }
    return DiscreteSEM(
        dag=_dag(nodes, list(effects)),
        levels={v: len(SURVEY_LABELS[v]) for v in nodes},
        base_logits={
            "age_group": np.array([0.1, 0.1, 0.0]),
            "education": np.array([0.3, 0.2, -0.6]),
            "income_bracket": np.zeros(3),
            "owns_home": np.zeros(2),
            "owns_car": np.array([0.0, 0.5]),
        },
        effects={edge: np.array(m, dtype=float) for edge, m in effects.items()},
    )


def with_labels(codes: pd.DataFrame) -> pd.DataFrame:
    """Survey codes 0..k-1 replaced by their text labels."""
    return pd.DataFrame(
        {c: np.asarray(SURVEY_LABELS[c], dtype=object)[codes[c].to_numpy()] for c in codes}
    )


# stem -> (model, rows, seed, continuous?)
EXAMPLES = {
    "smoking": (smoking_sem, 1500, 11, True),
    "marketing": (marketing_sem, 1500, 12, True),
    "dose": (dose_sem, 1500, 13, True),
    "survey": (survey_sem, 2000, 14, False),
}


def write_all(folder: Path = HERE) -> None:
    for stem, (build, rows, seed, continuous) in EXAMPLES.items():
        sem = build()
        data = sem.sample(rows, seed)
        if not continuous:
            data = with_labels(data)
        write_example(data, sem.dag, folder / f"{stem}.csv")
        print(f"wrote {stem}.csv ({rows} rows) and {stem}.graph.json")
    dose = dose_sem()
    print(
        "dose: true effect of dose 10 -> 20 on blood_pressure:",
        f"{dose.total_effect('dose', 'blood_pressure') * 10:+.1f} mmHg",
    )


def check(n_seeds: int, alpha: float = 0.05) -> None:
    """How often PC (Fisher-z or chi-square) recovers each example's true skeleton."""
    from causallearn.search.ConstraintBased.PC import pc

    for stem, (build, rows, _seed, continuous) in EXAMPLES.items():
        sem = build()
        truth = {frozenset(e) for e in sem.dag.edges}
        names = list(sem.dag.nodes)
        hits = 0
        for seed in range(1000, 1000 + n_seeds):
            data = sem.sample(rows, seed).to_numpy(dtype=float)
            test = "fisherz" if continuous else "chisq"
            graph = pc(data, alpha, test, show_progress=False, node_names=names).G.graph
            found = {
                frozenset((names[i], names[j]))
                for i in range(len(names))
                for j in range(i + 1, len(names))
                if graph[i, j] != 0
            }
            hits += found == truth
        print(f"{stem}: true skeleton recovered in {hits}/{n_seeds} fresh samples")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=int, metavar="SEEDS", help="run the PC check instead")
    args = parser.parse_args()
    if args.check:
        check(args.check)
    else:
        write_all()


if __name__ == "__main__":
    main()
