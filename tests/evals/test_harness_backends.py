"""The eval harness through the executor: a Dask cluster started here on
127.0.0.1 scores every question as the serial run does, in input order; a deadline leaves out
what did not run; `askwhy eval --backend` refuses a bad backend before any work."""

from __future__ import annotations

import argparse
import logging
import time

import pytest

from askwhy.cli.evals import add_eval_parser
from askwhy.core.backends import Backend, BackendError
from askwhy.evals.cases import EvalCase, load_cases, write_cases
from askwhy.evals.harness import EvalSettings, run_eval
from askwhy.testing import cases as standard

QUESTIONS = [
    ("Are A and C independent?", "no"),
    ("Are A and C independent given B?", "yes"),
    ("Does A directly cause C?", "no"),
]


@pytest.fixture(scope="module")
def question_set(tmp_path_factory):
    """Three questions on each of two CSVs (a chain and a fork): two groups of work."""
    folder = tmp_path_factory.mktemp("set")
    standard.chain(500, seed=2).data.to_csv(folder / "chain.csv", index=False)
    standard.fork(500, seed=5).data.to_csv(folder / "fork.csv", index=False)
    found = [
        EvalCase(
            id=f"{csv}-{n}",
            question=q,
            csv=f"{csv}.csv",
            type="independence",
            level="1",
            expected=label,
            truth=label,
        )
        for csv in ("chain", "fork")
        for n, (q, label) in enumerate(QUESTIONS)
    ]
    return write_cases(found, folder / "set.jsonl")


def _outcomes(results):
    """What a run decides, without its timings."""
    return [
        (r.id, r.correct_expected, r.correct_truth, r.error, (r.prediction or {}).get("answer"))
        for r in results
    ]


def _cluster():
    distributed = pytest.importorskip(
        "distributed", reason='the Dask backend tests need dask[distributed] (pip install ".[dev]")'
    )
    return distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


def test_every_backend_scores_like_the_serial_run(question_set):
    cases = load_cases(question_set)
    serial = run_eval(cases, EvalSettings(), jobs=1)
    assert [r.id for r in serial] == [c.id for c in cases] and not any(r.error for r in serial)
    done: list[int] = []
    with _cluster() as cluster:
        backend = Backend(f"dask://{cluster.scheduler_address}")
        try:
            on_dask = run_eval(cases, EvalSettings(), backend=backend, on_done=done.append)
        finally:
            backend.close()
        ran = cluster.scheduler.task_prefixes["timed"].state_counts["memory"]
    assert ran == 2  # one task per CSV, on the cluster
    assert _outcomes(on_dask) == _outcomes(serial) and sum(done) == len(cases)


def test_a_passed_deadline_runs_nothing_and_the_command_says_so(question_set, tmp_path, capsys):
    cases = load_cases(question_set)
    assert run_eval(cases, EvalSettings(), deadline=time.monotonic() - 1) == []
    out = tmp_path / "r.jsonl"
    assert run_cli([str(question_set), "--time-limit", "1e-9", "--quiet", "--out", str(out)]) == 0
    assert "6 of the 6 questions did not run" in " ".join(capsys.readouterr().err.split())
    assert '"not_run": 6' in (tmp_path / "r.summary.json").read_text()


def run_cli(argv):
    parser = argparse.ArgumentParser()
    add_eval_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["eval", *argv])
    return args.handler(args)


def test_the_eval_command_takes_a_backend_and_refuses_a_bad_one(question_set, tmp_path):
    with pytest.raises(BackendError, match="Unknown backend 'spark'"):
        run_cli([str(question_set), "--backend", "spark", "--quiet"])
    out = tmp_path / "r.jsonl"
    assert run_cli([str(question_set), "--backend", "local", "--quiet", "--out", str(out)]) == 0
    summary = (tmp_path / "r.summary.json").read_text()
    assert '"backend": "local"' in summary and '"not_run": 0' in summary
