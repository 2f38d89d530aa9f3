"""Speed of askwhy's effect estimation, per method, on 1000 rows with 2 covariates.

For each method a fresh Python process times the first question (imports
included) and then the mean of 5 later questions, with the default refuters and
without refuters. Run:  python benchmarks/effect_speed.py
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before any heavy import: "first question" includes imports

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

METHODS = ("linear_regression", "dml", "propensity_score_weighting", "auto")
REPEATS = 5


def make_data(binary: bool, seed: int = 0):
    """Z1, Z2 -> T -> Y, with Z1, Z2 -> Y and a mild nonlinearity in Z2."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = 1000
    z1, z2 = rng.normal(size=n), rng.normal(size=n)
    drive = 1.2 * z1 + 0.5 * z2
    if binary:
        t = (rng.random(n) < 1 / (1 + np.exp(-drive))).astype(int)
    else:
        t = drive + rng.normal(size=n)
    y = 2.0 * t + 1.5 * z1 + np.sin(2 * z2) + rng.normal(size=n)
    return pd.DataFrame({"Z1": z1, "Z2": z2, "T": t, "Y": y})


def run_one(method: str) -> dict[str, float]:
    """Timings for one method, measured inside this (fresh) process."""
    from askwhy.stats.effects import estimate_effect

    data = make_data(binary=method == "propensity_score_weighting")
    ask = dict(adjustment_set=["Z1", "Z2"], method=method)
    first = estimate_effect(data, "T", "Y", **ask)
    first_seconds = time.perf_counter() - START

    def mean_seconds(**extra) -> float:
        times = []
        for seed in range(1, REPEATS + 1):
            began = time.perf_counter()
            estimate_effect(data, "T", "Y", seed=seed, **ask, **extra)
            times.append(time.perf_counter() - began)
        return sum(times) / len(times)

    return {
        "method": method,
        "chosen": first.method,
        "first": first_seconds,
        "later": mean_seconds(),
        "later_no_refuters": mean_seconds(refuters=()),
        "simulations": first.refutations[0].num_simulations if first.refutations else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for method in METHODS:
        out = subprocess.run(
            [sys.executable, __file__, "--one", method], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    header = f"{'method':<28}{'chosen':<28}{'first (s)':>10}{'later (s)':>11}"
    header += f"{'no refuters (s)':>17}{'sims/refuter':>14}"
    print(f"1000 rows, 2 covariates, refuters: placebo + random common cause; {REPEATS} repeats")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['method']:<28}{row['chosen']:<28}{row['first']:>10.2f}{row['later']:>11.2f}"
            f"{row['later_no_refuters']:>17.2f}{row['simulations']:>14}"
        )


if __name__ == "__main__":
    main()
