"""Bootstrap on one machine and on a cluster: serial vs 2 local processes vs a local Dask cluster.

PC (Fisher-z) with 100 bootstrap resamples on a random linear-Gaussian DAG of 10 variables and
1,000 rows, run through askwhy's executor (askwhy.core.executor) each way in a fresh process:
serially in this process (as it comes, and with one BLAS thread); on 2 loky worker processes
(joblib); on a Dask LocalCluster of 2 single-threaded worker processes on 127.0.0.1 (started
first, its start-up timed apart). Each way runs the bootstrap twice: "cold" counts starting
the workers (and their imports), "warm" reuses them, as a chat session or a second question
does. The edge frequencies must be the same every way (the script checks it). The goal:
>= 1.7x on 2 cores, which needs the 2 cores free (the script ends with a check of that).

Run:  python benchmarks/bootstrap_parallel.py [--resamples 100] [--rows 1000] [--nodes 10]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def make_data(nodes: int, rows: int, seed: int = 1):
    from askwhy.evals.synthetic.dags import random_dag
    from askwhy.evals.synthetic.random_sem import simulate

    return simulate(random_dag(nodes, expected_degree=2.0, rng=seed), rows, "linear", seed=seed)


WAYS = {
    "serial": "serial",
    "serial1": "serial, 1 BLAS thread",
    "local": "2 local processes",
    "dask": "Dask LocalCluster, 2 workers",
}
# The workers get one BLAS / OpenMP thread each (joblib and Dask set it); "serial1" runs the
# serial way so too, since on 2 busy cores spinning small-matrix BLAS threads cost much.
ONE_THREAD = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def capacity() -> float:
    """How much faster 8 pure-Python CPU tasks run on 2 warm loky processes than here: ~2 on
    an idle 2-core machine, ~1 when other work already takes the cores."""
    from askwhy.core.backends import LocalExecutor
    from askwhy.core.executor import Executor

    pool = LocalExecutor(2)
    pool.map(_burn, [10] * 4)
    times = []
    for executor in (Executor(), pool):
        started = time.perf_counter()
        executor.map(_burn, [2_000_000] * 8)
        times.append(time.perf_counter() - started)
    return times[0] / times[1]


def child(how: str, resamples: int, rows: int, nodes: int) -> dict:
    """Time the bootstrap `how` (one of WAYS) twice in this fresh process."""
    from functools import partial

    from askwhy.core.backends import Backend
    from askwhy.core.runtime import Runtime
    from askwhy.stats import discovery
    from askwhy.stats.bootstrap import bootstrap_edges

    data = make_data(nodes, rows)
    search = partial(discovery._search_graph, algorithm="pc", test="fisherz", alpha=0.05)
    out: dict = {"how": how}
    cluster = None
    backend = Backend("local")
    if how == "dask":
        import logging

        from distributed import LocalCluster

        started = time.perf_counter()
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        backend = Backend(f"dask://{cluster.scheduler_address}")
        out["cluster_start"] = time.perf_counter() - started
    runtime = Runtime(backend=backend)
    jobs = 1 if how.startswith("serial") else 2
    for run in ("cold", "warm"):
        started = time.perf_counter()
        found = bootstrap_edges(
            search,
            data,
            resamples,
            seed=0,
            n_jobs=jobs,
            budget_seconds=3600,
            parallel_after=0,
            runtime=runtime,
        )
        out[run] = time.perf_counter() - started
        out["resamples"], out["failed"] = found.run.resamples, found.run.failed
        out["frequency"] = found.frequency
    backend.close()
    if cluster is not None:
        cluster.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=100)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=10)
    parser.add_argument("--child", choices=list(WAYS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = ["--resamples", str(args.resamples), "--rows", str(args.rows)]
    sizes += ["--nodes", str(args.nodes)]
    if args.child:
        print(json.dumps(child(args.child, args.resamples, args.rows, args.nodes)))
        return
    timings = {}
    for how in WAYS:
        command = [sys.executable, __file__, "--child", how, *sizes]
        env = {**os.environ, **(ONE_THREAD if how == "serial1" else {})}
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            print(f"{how}: failed ({done.stderr.strip().splitlines()[-1:]})")
            continue
        timings[how] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"PC bootstrap, {args.resamples} resamples, {args.nodes} variables x {args.rows:,} rows")
    serials = [timings[h] for h in ("serial", "serial1") if h in timings]
    serial = min(serials, key=lambda t: t["warm"]) if serials else None
    for how, words in WAYS.items():
        t = timings.get(how)
        if t is None:
            continue
        line = f"  {words:30s} cold {t['cold']:6.2f} s   warm {t['warm']:6.2f} s"
        if serial and not how.startswith("serial"):
            line += f"   speed-up cold {serial['warm'] / t['cold']:.2f}x, "
            line += f"warm {serial['warm'] / t['warm']:.2f}x"
            same = t["frequency"] == serial["frequency"]
            line += "   frequencies " + ("equal to serial" if same else "DIFFER from serial")
        if "cluster_start" in t:
            line += f"   (cluster start-up {t['cluster_start']:.1f} s, not counted)"
        print(line)
    print("  (speed-ups are against the faster serial warm run; cold counts starting the workers)")
    print(
        f"  machine check: pure CPU tasks ran {capacity():.2f}x faster on 2 processes "
        f"(~2 on an idle 2-core machine; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
