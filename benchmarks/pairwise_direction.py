"""How often askwhy's pairwise direction methods decide, and how often they are right, on
seeded cause-effect pairs from several mechanisms (askwhy.evals.pairs).

Per mechanism and overall: pairs, decided share (answers x_to_y / y_to_x), accuracy of the
decided answers, and seconds per pair. On confounded pairs no direction is right, so every
decision there counts as wrong. Run:

    python benchmarks/pairwise_direction.py                 # 30 pairs per mechanism
    python benchmarks/pairwise_direction.py --per-mechanism 50 --seed 7 --json
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict


def run(per_mechanism: int, seed: int, verbose: bool) -> dict[str, dict[str, float]]:
    from askwhy.evals.pairs import make_pairs
    from askwhy.stats.pairwise import orient_pair

    tally: dict[str, dict[str, float]] = defaultdict(
        lambda: {"pairs": 0, "decided": 0, "correct": 0, "seconds": 0.0}
    )
    for case in make_pairs(per_mechanism, seed=seed):
        start = time.perf_counter()
        result = orient_pair(case.x, case.y, seed=case.seed)
        seconds = time.perf_counter() - start
        decided = result.direction != "uncertain"
        correct = decided and result.direction == case.truth
        for key in (case.mechanism, "overall"):
            row = tally[key]
            row["pairs"] += 1
            row["decided"] += decided
            row["correct"] += correct
            row["seconds"] += seconds
        if verbose and decided and not correct:
            print(
                f"  wrong: {case.mechanism} seed {case.seed} ({len(case.x)} rows): {result.reason}"
            )
    overall = tally.pop("overall")
    return {**{name: _rates(row) for name, row in tally.items()}, "overall": _rates(overall)}


def _rates(row: dict[str, float]) -> dict[str, float]:
    pairs, decided = row["pairs"], row["decided"]
    return {
        "pairs": int(pairs),
        "decided": int(decided),
        "decided_share": decided / pairs,
        "accuracy_of_decided": row["correct"] / decided if decided else float("nan"),
        "seconds_per_pair": row["seconds"] / pairs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-mechanism", type=int, default=30, help="pairs per mechanism")
    parser.add_argument("--seed", type=int, default=0, help="first seed (then seed + 1, ...)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list the wrong decisions")
    args = parser.parse_args()
    figures = run(args.per_mechanism, args.seed, args.verbose)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'mechanism':<20} {'pairs':>5} {'decided':>8} {'accuracy':>9} {'s/pair':>7}")
    for name, row in figures.items():
        accuracy = row["accuracy_of_decided"]
        shown = "-" if accuracy != accuracy else f"{accuracy:.0%}"
        print(
            f"{name:<20} {row['pairs']:>5} {row['decided_share']:>8.0%} {shown:>9} "
            f"{row['seconds_per_pair']:>7.2f}"
        )


if __name__ == "__main__":
    main()
