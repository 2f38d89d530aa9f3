"""Wall time of `askwhy ask --json` for an independence question, from a cold process.

Target (issue 2): at most 1.0 s on a 3-column, 1,000-row CSV.

    python benchmarks/cold_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    rng = np.random.default_rng(0)
    z = rng.normal(size=1000)
    frame = pd.DataFrame(
        {"rain": z, "umbrellas": z + rng.normal(size=1000), "traffic": z + rng.normal(size=1000)}
    )
    csv = folder / "weather.csv"
    frame.to_csv(csv, index=False)
    executable = shutil.which("askwhy")
    command = [executable] if executable else [sys.executable, "-m", "askwhy"]
    command += [
        "ask",
        "--data",
        str(csv),
        "--json",
        "--store-dir",
        str(folder / "graphs"),
        "Are umbrellas and traffic independent given rain?",
    ]
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - started)
    answer = json.loads(completed.stdout)
    print(f"answer: {answer['answer']} ({answer['trace'][0]['summary']})")
    print(
        f"cold-process wall seconds over {args.runs} runs: median {statistics.median(times):.3f}, "
        f"min {min(times):.3f}, max {max(times):.3f}"
    )
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
