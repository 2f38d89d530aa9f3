"""The eval harness with --jobs 1 vs --jobs 2 (and optionally a local Dask cluster).

Generates a synthetic question set with `askwhy eval generate` (linear, nonlinear and discrete
mechanisms; about 9 questions per CSV), runs it with `askwhy eval SET --jobs 1`, then
`--jobs 2` (and `--backend dask --jobs 2` with --dask), and reports the wall time, the
speed-up and whether every question was scored the same. With --measure N only the first N
questions of each mechanism run and the times are extrapolated linearly to the whole set
(said in the output): a 2,000-question set takes tens of minutes serially on 2 cores.

Run:  python benchmarks/eval_jobs.py [--questions 2000] [--measure 300] [--dask] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_CSV = 9.3  # questions per generated CSV (560 from 60 CSVs with the default options)


ONE_THREAD = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def askwhy(*args: str, env: dict[str, str] | None = None) -> float:
    """Run one askwhy command (with `env` added to the environment); its wall seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "askwhy", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - started


def sample(sets: Path, measure: int | None, out: Path) -> tuple[Path, int, int]:
    """The set to run: every question, or the first `measure` spread over the mechanisms."""
    lines = (sets / "all.jsonl").read_text(encoding="utf-8").splitlines()
    if measure is None or measure >= len(lines):
        return sets / "all.jsonl", len(lines), len(lines)
    by_mechanism: dict[str, list[str]] = {}
    for line in lines:
        by_mechanism.setdefault(json.loads(line)["id"].split("_")[0], []).append(line)
    share = math.ceil(measure / len(by_mechanism))
    chosen = [line for group in by_mechanism.values() for line in group[:share]]
    path = out / "sample.jsonl"
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    # CSV paths in the set are relative to it: the sample sits beside all.jsonl's folders
    return path, len(chosen), len(lines)


def outcomes(path: Path) -> dict[str, tuple]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        answer = (r.get("prediction") or {}).get("answer")
        found[r["id"]] = (r["correct_expected"], r["correct_truth"], answer, r.get("error"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000, help="size of the generated set")
    parser.add_argument("--measure", type=int, help="run only this many and extrapolate")
    parser.add_argument("--dask", action="store_true", help="also --backend dask --jobs 2")
    parser.add_argument("--out", help="working folder (default: a temporary one)")
    args = parser.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="askwhy-eval-jobs-"))
    datasets = max(1, math.ceil(args.questions / PER_CSV / 3))
    sets = work / "sets"
    if not (sets / "all.jsonl").exists():
        seconds = askwhy("eval", "generate", "--out", str(sets), "--datasets", str(datasets))
        print(f"generated {datasets} CSVs per mechanism in {seconds:.0f} s")
    path, ran, total = sample(sets, args.measure, sets)
    print(f"set {sets / 'all.jsonl'}: {total} questions; running {ran} of them")
    # The serial run twice: as it comes, and with one BLAS / OpenMP thread, as the workers
    # get (joblib and Dask limit them): on 2 busy cores small-matrix BLAS threads spin.
    runs = [
        ("--jobs 1", ["--jobs", "1"], None),
        ("--jobs 1, 1 BLAS thread", ["--jobs", "1"], ONE_THREAD),
        ("--jobs 2", ["--jobs", "2"], None),
    ]
    if args.dask:
        runs.append(("--backend dask --jobs 2", ["--backend", "dask", "--jobs", "2"], None))
    walls, scored = {}, {}
    load = os.getloadavg()[0]
    for name, flags, env in runs:
        results = work / f"results{len(walls)}.jsonl"
        walls[name] = askwhy("eval", str(path), "--quiet", "--out", str(results), *flags, env=env)
        scored[name] = outcomes(results)
    serial = min(walls["--jobs 1"], walls["--jobs 1, 1 BLAS thread"])
    for name, wall in walls.items():
        line = f"  {name:26s} {wall:7.1f} s  ({wall / ran:.3f} s per question"
        if ran < total:
            line += f"; {wall / ran * total / 60:.1f} min for all {total}, extrapolated"
        line += ")"
        if not name.startswith("--jobs 1"):
            same = scored[name] == scored["--jobs 1"]
            line += f"  speed-up {serial / wall:.2f}x over the faster serial run, scores "
            line += "equal" if same else "DIFFER"
        print(line)
    print(
        "  (wall time of the whole command, start-up and worker imports included; load "
        f"average {load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
