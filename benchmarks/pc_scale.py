"""PC with Fisher-z on 50 variables x {10k, 1M, 10M} rows: time and peak memory.

Three ways, each in a fresh child process (peak RSS read with resource.getrusage there):

- `bare`: causal-learn's pc(data, 0.05, "fisherz") on the rows in memory (timed after the
  imports and after the rows are in memory);
- `memory`: askwhy's discover_graph on the same rows in memory (same timing), so
  memory / bare is the in-memory tool overhead;
- `engine`: askwhy's out-of-core path on the Parquet file: load (DuckDB profile, seeded
  sample), then PC from the correlation matrix DuckDB computes in one pass (timed from the
  load, imports excluded; load and search are also shown apart).

bare and memory run where the rows fit (by default up to 1M rows); the data (a random
linear-Gaussian DAG, each variable with up to 2 parents, seeded) are written once per size as
Parquet under --folder (10M x 50 is about 4 GB and takes a minute or two to write; it is
never committed). The engine's DuckDB budget is askwhy.core.engine.MEMORY_LIMIT.

Run:  python benchmarks/pc_scale.py [--rows 10000,1000000,10000000] [--folder /tmp/askwhy-pc-scale]
      python benchmarks/pc_scale.py --rows 10000000 --modes engine --format csv   # the same, CSV
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

COLUMNS = 50
CHUNK = 500_000
MEMORY_MAX_ROWS = 1_000_000


def write_data(path: Path, rows: int, columns: int = COLUMNS, seed: int = 0) -> None:
    """Rows of a seeded linear-Gaussian SEM, written as Parquet chunk by chunk (bounded
    memory): DuckDB writes each chunk, then streams the parts into one file."""
    import shutil

    import duckdb
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    weights = np.zeros((columns, columns))
    for j in range(1, columns):
        parents = rng.choice(j, size=min(j, 2), replace=False)
        signs = rng.choice([-1, 1], 2)[: len(parents)]
        weights[parents, j] = rng.uniform(0.5, 1.0, len(parents)) * signs
    mix = np.linalg.inv(np.eye(columns) - weights)
    names = [f"x{i}" for i in range(columns)]
    parts = path.with_suffix(".parts")
    parts.mkdir(exist_ok=True)
    for number, start in enumerate(range(0, rows, CHUNK)):
        values = rng.standard_normal((min(CHUNK, rows - start), columns)) @ mix
        chunk = pd.DataFrame(values, columns=names)
        duckdb.from_df(chunk).write_parquet(str(parts / f"part-{number:05d}.parquet"))
    connection = duckdb.connect(config={"memory_limit": "1GB", "threads": 1})
    partial = path.with_suffix(".partial")  # one thread keeps the parts' row order
    connection.read_parquet(str(parts / "*.parquet")).write_parquet(str(partial))
    connection.close()
    shutil.rmtree(parts)
    partial.rename(path)


def _rows_in_memory(path: Path):
    import duckdb

    connection = duckdb.connect()
    frame = connection.read_parquet(str(path)).df()
    connection.close()
    return frame


def run_one(mode: str, path: Path) -> dict:
    """One measurement in this process; what the parent prints."""
    import resource

    from causallearn.search.ConstraintBased.PC import pc  # noqa: F401 (imports excluded)

    from askwhy.core.data import load_csv
    from askwhy.stats.discovery import discover_graph

    timings: dict[str, float] = {}
    if mode == "engine":
        started = time.perf_counter()
        dataset = load_csv(path, engine="duckdb")
        timings["load"] = time.perf_counter() - started
        rows = dataset.complete_rows(dataset.columns)
        result = discover_graph(rows.frame, test="fisherz", source=rows.source)
        edges = len(result.graph.edges)
    else:
        frame = _rows_in_memory(path)
        started = time.perf_counter()
        if mode == "bare":
            graph = pc(frame.to_numpy(), 0.05, "fisherz", stable=True, show_progress=False).G
            edges = sum(1 for _ in graph.get_graph_edges())
        else:
            edges = len(discover_graph(frame, test="fisherz").graph.edges)
    timings["total"] = time.perf_counter() - started
    timings["search"] = timings["total"] - timings.get("load", 0.0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"mode": mode, "edges": edges, "seconds": timings, "peak_mb": round(peak)}


def _write_csv(parquet: Path, csv: Path) -> None:
    """The Parquet file's rows as a CSV with a header (DuckDB streams it)."""
    import duckdb

    partial = csv.with_suffix(".partial")
    duckdb.connect().read_parquet(str(parquet)).write_csv(str(partial), header=True)
    partial.rename(csv)


def measure(mode: str, path: Path) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--file", str(path)]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode:
        return {"mode": mode, "error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,1000000,10000000")
    parser.add_argument("--folder", default="/tmp/askwhy-pc-scale")
    parser.add_argument("--modes", default="bare,memory,engine")
    parser.add_argument("--memory-max-rows", type=int, default=MEMORY_MAX_ROWS)
    parser.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="the engine's file"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, Path(args.file))))
        return
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    for rows in (int(r) for r in args.rows.split(",")):
        path = folder / f"pc_{rows}x{COLUMNS}.parquet"
        if not path.exists():
            started = time.perf_counter()
            write_data(path, rows)
            print(f"wrote {path} in {time.perf_counter() - started:.0f} s", flush=True)
        engine_path = path
        if args.format == "csv":  # the same rows as a CSV, for the engine's CSV reader
            engine_path = path.with_suffix(".csv")
            if not engine_path.exists():
                _write_csv(path, engine_path)
        results = {}
        for mode in args.modes.split(","):
            if mode != "engine" and rows > args.memory_max_rows:
                continue
            results[mode] = found = measure(mode, engine_path if mode == "engine" else path)
            print(json.dumps({"rows": rows, **found}), flush=True)
        if "bare" in results and "memory" in results and "error" not in results["memory"]:
            ratio = results["memory"]["seconds"]["total"] / results["bare"]["seconds"]["total"]
            print(f"rows {rows:,}: in-memory overhead {ratio:.2f}x bare causal-learn", flush=True)


if __name__ == "__main__":
    main()
