"""`--backend` and ASKWHY_BACKEND on `askwhy ask`: a bad name or an unreachable cluster is a
clear error (exit 2, no hang); --time-limit makes the bootstrap stop in time and say so."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "askwhy", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_bad_backend_is_a_clear_error():
    data = str(EXAMPLES / "smoking.csv")
    done = run("ask", "--data", data, "--backend", "spark", "Does smoking cause tar?")
    assert done.returncode == 2 and "Unknown backend 'spark'" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("ask", "--data", data, "Does smoking cause tar?", env={"ASKWHY_BACKEND": "hadoop"})
    assert done.returncode == 2 and "Unknown backend 'hadoop'" in done.stderr


def test_an_unreachable_cluster_fails_fast(tmp_path):
    port = _closed_port()
    started = time.perf_counter()
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "smoking.csv"),
        "--store-dir",
        str(tmp_path),
        "--bootstrap",
        "5",
        "--backend",
        f"dask://127.0.0.1:{port}",
        "Draw the causal graph",
    )
    assert done.returncode == 2, done.stderr
    message = " ".join(done.stderr.split())
    assert f"No Dask scheduler answers at tcp://127.0.0.1:{port}" in message
    assert "--backend local" in message and "Traceback" not in message
    assert time.perf_counter() - started < 60


def test_a_time_limit_stops_the_bootstrap_with_what_it_found(tmp_path):
    from askwhy.evals.synthetic.dags import random_dag
    from askwhy.evals.synthetic.random_sem import simulate

    # 25 variables x 3,000 rows: 1,000 resamples of PC take a minute or more
    data = simulate(random_dag(25, expected_degree=2.0, rng=3), 3000, "linear", seed=3)
    data.to_csv(tmp_path / "wide.csv", index=False)
    done = run(
        "ask",
        "--data",
        str(tmp_path / "wide.csv"),
        "--store-dir",
        str(tmp_path / "graphs"),
        "--bootstrap",
        "1000",
        "--time-limit",
        "10",
        "--json",
        "Draw the causal graph",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    told = json.dumps(answer)
    assert "the time budget stopped it after" in told and "of the 1000 asked for" in told


def test_the_status_line_shows_how_far_long_work_is():
    import io

    from rich.console import Console

    from askwhy.cli.progress import Progress
    from askwhy.core.executor import TaskProgress
    from askwhy.session import ToolFinished

    progress = Progress(None, Console(file=io.StringIO()), live=False)
    progress.set("Running discover_graph", "discover_graph was running")
    progress(TaskProgress("resamples", 37, 100, 7.4))
    assert str(progress.__rich__()).endswith("s · 37/100 resamples, about 13 s left")
    assert progress.during()[0] == "discover_graph was running (37/100 resamples, about 13 s left)"
    progress(ToolFinished("discover_graph", 7.5))  # the next step starts without the detail
    assert "resamples" not in str(progress.__rich__())
