"""Accuracy, CI coverage and speed of each effect design on data with a known effect.

For each design (askwhy.evals.designs generates the data): the median relative error and
the share of 95% CIs that contain the truth over repeated seeds (refuters off, as they do
not change the estimate), then the median seconds of one full estimate (refuters and
sensitivity on, through the estimate_design tool) on 10,000 rows. Goals: median relative
error <= 10 %, coverage 90-97 %, <= 10 s per estimate on 10,000 rows. Then two classic
data sets shipped with linearmodels (Wooldridge's examples 15.1 and 15.4), against their
published 2SLS estimates.

    python benchmarks/effect_designs.py                 # 50 seeds of 2,000 rows
    python benchmarks/effect_designs.py --seeds 10 --rows 1000 --only iv_2sls rdd
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from askwhy.core.data import prepare_frame
from askwhy.evals import designs as gen
from askwhy.evals.designs import DesignCase
from askwhy.session import Session
from askwhy.stats.designs import DesignSpec, SubgroupFilter, estimate_design

TIMING_ROWS = 10_000
TIMING_REPEATS = 3


def _panel(n: int, seed: int, periods: int, start: int) -> DesignCase:
    return gen.panel(n_groups=max(n // periods, 20), n_periods=periods, start=start, seed=seed)


def _with(make: Callable[[int, int], DesignCase], **extra) -> Callable[[int, int], DesignCase]:
    def build(n: int, seed: int) -> DesignCase:
        case = make(n, seed)
        case.args.update(extra)
        return case

    return build


DESIGNS: dict[str, Callable[[int, int], DesignCase]] = {
    "backdoor_ate": lambda n, s: gen.observational(n, s, "ate"),
    "backdoor_att": lambda n, s: gen.observational(n, s, "att"),
    "backdoor_atc": lambda n, s: gen.observational(n, s, "atc"),
    "backdoor_levels": gen.categorical,
    "matching_ps_att": _with(lambda n, s: gen.observational(n, s, "att"), design="matching"),
    "matching_nn_ate": _with(
        lambda n, s: gen.observational(n, s, "ate"),
        design="matching",
        matching_method="nearest_neighbour",
    ),
    "iv_2sls": gen.instrument,
    "iv_wald": lambda n, s: gen.instrument(n, s, strength=1.0, binary_instrument=True),
    "frontdoor": gen.mediated,
    "rdd": gen.discontinuity,
    "did_twfe": lambda n, s: _panel(n, s, periods=6, start=3),
    "did_2x2": lambda n, s: _panel(n, s, periods=2, start=1),
}


def _run(case: DesignCase, sensitivity: bool):
    dataset = prepare_frame(case.data, name=case.name)
    categories = {c: p.categories for c, p in dataset.profiles.items() if p.categories}
    spec = DesignSpec(**case.args, sensitivity=sensitivity)
    return estimate_design(dataset.frame, spec, categories)


def _scores(case: DesignCase, result) -> list[tuple[float, bool]]:
    """(relative error, CI covers the truth) per estimate (one per level for levels)."""
    pairs = []
    if case.levels:
        estimates = [(lv.value, lv.ci, case.levels[lv.level]) for lv in result.levels]
    else:
        estimates = [(result.value, result.ci, case.truth)]
    for value, ci, truth in estimates:
        covered = ci is not None and ci[0] <= truth <= ci[1]
        pairs.append((abs(value - truth) / abs(truth), covered))
    return pairs


def _seconds(make: Callable[[int, int], DesignCase]) -> float:
    case = make(TIMING_ROWS, 999)
    session = Session(persist=False)
    session.add_frame(case.data, name="bench")
    times = []
    for _ in range(TIMING_REPEATS):
        began = time.perf_counter()
        session.call("estimate_design", **case.args)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def classic() -> list[str]:
    """2SLS on data linearmodels ships, against Wooldridge's published estimates."""
    from linearmodels.datasets import card, mroz

    lines = []
    women = mroz.load()
    spec = DesignSpec(
        treatment="educ",
        outcome="lwage",
        instrument=["fatheduc"],
        subgroup=SubgroupFilter(column="inlf", values=[1]),
    )
    result = estimate_design(women, spec)
    lines.append(
        f"mroz (Wooldridge ex. 15.1, educ on log wage, fatheduc as instrument, working women): "
        f"{result.value:.4f} (SE {result.se:.4f}, {result.n_rows} rows); published 0.0592 (0.0351)"
    )
    men = card.load()
    controls = ["exper", "expersq", "black", "smsa", "south", "smsa66"]
    controls += [f"reg66{i}" for i in range(2, 10)]
    spec = DesignSpec(treatment="educ", outcome="lwage", instrument=["nearc4"], covariates=controls)
    result = estimate_design(men, spec)
    lines.append(
        f"card (Wooldridge ex. 15.4, educ on log wage, nearc4 as instrument, 15 controls): "
        f"{result.value:.4f} (SE {result.se:.4f}, {result.n_rows} rows); published 0.1315 (0.0550)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--only", nargs="*", choices=list(DESIGNS), default=None)
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    names = args.only or list(DESIGNS)
    header = f"{'design':<18}{'median rel. error':>19}{'coverage':>10}{'s / estimate':>14}  goals"
    print(
        f"{args.seeds} seeds of {args.rows:,} rows; timing: median of {TIMING_REPEATS} on "
        f"{TIMING_ROWS:,} rows with refuters and sensitivity"
    )
    print(header)
    print("-" * len(header))
    for name in names:
        make = DESIGNS[name]
        pairs = []
        for seed in range(args.seeds):
            case = make(args.rows, seed)
            pairs += _scores(case, _run(case, sensitivity=False))
        error = float(np.median([p[0] for p in pairs]))
        coverage = float(np.mean([p[1] for p in pairs]))
        seconds = float("nan") if args.no_timing else _seconds(make)
        met = error <= 0.10 and 0.90 <= coverage <= 0.97 and (args.no_timing or seconds <= 10)
        print(
            f"{name:<18}{error:>18.1%}{coverage:>10.0%}{seconds:>14.2f}  "
            f"{'met' if met else 'MISSED'}"
        )
    print()
    for line in classic():
        print(line)


if __name__ == "__main__":
    main()
