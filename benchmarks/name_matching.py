"""How well `find_columns` finds the variables of the hand-written reading set.

For every question in evals/sets/reading/handwritten.jsonl: is every variable of its frame
found by `find_columns` (no aliases), and is any column found that the frame does not
name? A column the question mentions in passing (the long story questions name many) also
counts as "extra", so that figure is an upper bound on wrong matches; `--verbose` lists
them to read by eye. Also times `find_columns` on the set and on adversarial texts.

    python benchmarks/name_matching.py [--verbose] [--no-speed]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import time
from pathlib import Path

SET = Path(__file__).resolve().parent.parent / "evals" / "sets" / "reading"
ROLE_KEYS = ("x", "y", "z", "treatment", "outcome")
LIST_KEYS = ("given", "adjust_for", "variables")


def frame_variables(frame: dict) -> list[str]:
    out = [frame[k] for k in ROLE_KEYS if k in frame]
    for key in LIST_KEYS:
        out += frame.get(key, [])
    return list(dict.fromkeys(out))


def columns_of(csv_path: Path) -> list[str]:
    with csv_path.open(newline="") as handle:
        return next(csv.reader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    parser.add_argument("--no-speed", action="store_true", help="skip the adversarial timings")
    args = parser.parse_args()

    from askwhy.core.names import find_columns

    cases = [json.loads(line) for line in (SET / "handwritten.jsonl").open() if line.strip()]
    tables: dict[str, list[str]] = {}
    with_vars = all_found = extra = clean = 0
    times: list[float] = []
    for case in cases:
        columns = tables.setdefault(case["csv"], columns_of(SET / case["csv"]))
        wanted = frame_variables(case["frame"])
        started = time.perf_counter()
        matches = find_columns(case["question"], columns)
        times.append(time.perf_counter() - started)
        got = list(dict.fromkeys(m.column for m in matches))
        missing = [c for c in wanted if c not in got]
        unwanted = [c for c in got if c not in wanted]
        if wanted:
            with_vars += 1
            all_found += not missing
            clean += not missing and not unwanted
        extra += bool(unwanted)
        if args.verbose and (missing or unwanted):
            hows = ", ".join(f"{m.text!r}->{m.column}:{getattr(m, 'how', '?')}" for m in matches)
            print(f"{case['id']}: missing {missing} extra {unwanted}\n    {case['question']}")
            print(f"    found: {hows}")
    print(f"questions: {len(cases)} ({with_vars} name variables)")
    print(f"every frame variable found: {all_found}/{with_vars}")
    print(f"all found and nothing extra: {clean}/{with_vars}")
    print(f"questions with an extra column (any family): {extra}/{len(cases)}")
    print(f"find_columns per question: median {statistics.median(times) * 1e6:.0f} µs")
    if not args.no_speed:
        _adversarial(find_columns)


def _adversarial(find_columns) -> None:
    from askwhy.core.names import mask_file_names

    columns = [f"col_{i}" for i in range(14)] + [
        "smoking",
        "tar",
        "lung_cancer",
        "Unit Price",
        "dose (mg)",
        "a_b",
    ]
    rng = random.Random(0)
    texts = {
        "100k x 'a '": "a " * 50_000,
        "a_a_a_... (100k)": "_".join("a" * 50_000),
        "smoking tar ... (100k)": "smoking tar " * 8_334,
        "one 10k-letter word": "x" * 10_000,
        "one 100k-letter word": "x" * 100_000,
        "14k random 6-letter words": " ".join(
            "".join(rng.choices("aeiostnrlc", k=6)) for _ in range(14_000)
        ),
        "a.b/a.b/... (100k, 25k matches)": "a.b/" * 25_000,
    }
    find_columns("warm up", columns)
    for label, text in texts.items():
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            find_columns(text, columns)
            mask_file_names(text)
            runs.append(time.perf_counter() - started)
        print(f"{label}: {min(runs) * 1e3:.1f} ms (best of 3; find_columns + mask_file_names)")
    question = " ".join(["Is", "smoking", "related", "to", "lung", "cancer", "given", "tar?"] * 4)
    fresh = [f"{c}_x" for c in columns]  # columns never seen: the first call builds an index
    started = time.perf_counter()
    find_columns(question, fresh)
    print(f"first question on 20 new columns: {(time.perf_counter() - started) * 1e3:.2f} ms")
    runs = []
    for _ in range(1000):
        started = time.perf_counter()
        find_columns(question, columns)
        runs.append(time.perf_counter() - started)
    print(f"32-word question, 20 columns: median {statistics.median(runs) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
