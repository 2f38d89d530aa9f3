"""The harness: fresh sessions, shared discovery per CSV, errors recorded, order kept."""

import argparse
import json

import pytest

from askwhy.cli.evals import add_eval_parser
from askwhy.errors import AskwhyError
from askwhy.evals.cases import EvalCase, write_cases
from askwhy.evals.harness import EvalSettings, run_eval
from askwhy.evals.report import markdown_table, summarize
from askwhy.planning.base import Plan
from askwhy.testing import cases as standard


class ScriptedPlanner:
    """Answers 'independent?' questions by calling the real tool on fixed columns."""

    name = "scripted"

    def plan(self, question, context):
        if "boom" in question:
            raise RuntimeError("planner exploded")
        given = ["B"] if "given" in question else []
        result = context.call("test_independence", x="A", y="C", given=given)
        return Plan(results=[result], planner=self.name)


@pytest.fixture()
def chain_set(tmp_path):
    standard.chain(500, seed=2).data.to_csv(tmp_path / "chain.csv", index=False)
    cases = [
        EvalCase(
            id="q1",
            question="A and C independent?",
            csv="chain.csv",
            type="independence",
            level="1",
            expected="no",
            truth="no",
        ),
        EvalCase(
            id="q2",
            question="boom",
            csv="chain.csv",
            type="independence",
            level="1",
            expected="yes",
            truth="yes",
        ),
        EvalCase(
            id="q3",
            question="A and C independent given B?",
            csv="chain.csv",
            type="independence",
            level="2",
            expected="yes",
            truth="yes",
        ),
    ]
    return write_cases(cases, tmp_path / "set.jsonl")


def test_scores_each_question_and_survives_errors(chain_set):
    from askwhy.evals.cases import load_cases

    results = run_eval(load_cases(chain_set), EvalSettings(), planner=ScriptedPlanner())
    assert [r.id for r in results] == ["q1", "q2", "q3"]
    assert results[0].correct_expected and results[0].correct_truth
    assert results[1].error and "planner exploded" in results[1].error
    assert results[1].correct_expected is False
    assert results[2].correct_expected and results[2].prediction["answer"] == "yes"


def test_summary_by_type_and_level(chain_set):
    from askwhy.evals.cases import load_cases

    results = run_eval(load_cases(chain_set), planner=ScriptedPlanner())
    summary = summarize(results)
    assert summary["overall"]["n"] == 3
    assert summary["overall"]["acc_expected"] == pytest.approx(2 / 3, abs=1e-3)
    assert summary["overall"]["errors"] == 1
    assert set(summary["by_type_and_level"]) == {"independence / 1", "independence / 2"}
    assert summary["by_type_and_level"]["independence / 2"]["acc_truth"] == 1.0
    assert "| independence | 3 |" in markdown_table(summary)


def run_cli(argv):
    parser = argparse.ArgumentParser()
    add_eval_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["eval", *argv])
    return args.handler(args)


def test_cli_rejects_an_unknown_planner(chain_set):
    with pytest.raises(AskwhyError, match="planner"):
        run_cli([str(chain_set), "--planner", "nope", "--quiet"])


def test_cli_rejects_bad_jobs_and_empty_selection(chain_set):
    with pytest.raises(AskwhyError, match="jobs"):
        run_cli([str(chain_set), "--jobs", "0", "--quiet"])
    with pytest.raises(AskwhyError, match="No questions"):
        run_cli([str(chain_set), "--type", "graph", "--quiet"])


def test_cli_generate_then_run_with_the_rule_planner(tmp_path):
    assert (
        run_cli(
            [
                "generate",
                "--out",
                str(tmp_path),
                "--seed",
                "3",
                "--datasets",
                "1",
                "--rows",
                "300",
                "--max-nodes",
                "4",
                "--mechanism",
                "discrete",
            ]
        )
        == 0
    )
    out = tmp_path / "results.jsonl"
    assert (
        run_cli(
            [
                str(tmp_path / "discrete.jsonl"),
                "--out",
                str(out),
                "--limit",
                "6",
                "--jobs",
                "2",
                "--quiet",
            ]
        )
        == 0
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 6
    assert all("seconds" in line for line in lines)
    assert not any(line.get("error") for line in lines)
    assert sum(line["correct_expected"] for line in lines) >= 5
    summary = json.loads((tmp_path / "results.summary.json").read_text())
    assert summary["overall"]["n"] == 6
    assert summary["settings"]["jobs"] == 2
