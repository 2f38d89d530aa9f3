"""Reading question sets: askwhy lines and lines of the public Causal Agent benchmark."""

import json

import pytest

from askwhy.errors import DataError
from askwhy.evals.cases import EvalCase, load_cases, write_cases
from askwhy.testing import cases


def test_csv_paths_are_resolved_next_to_the_set(tmp_path):
    (tmp_path / "data").mkdir()
    cases = [
        EvalCase(id="a", question="Are A and B independent?", csv="data/x.csv", expected="no"),
        EvalCase(id="b", question="Draw the graph.", csv="/abs/y.csv", truth=[["A", "B", "->"]]),
    ]
    path = write_cases(cases, tmp_path / "set.jsonl")
    loaded = load_cases(path)
    assert loaded[0].csv == str(tmp_path / "data" / "x.csv")
    assert loaded[1].csv == "/abs/y.csv"
    assert loaded[1].truth == [["A", "B", "->"]]


def test_level_and_id_may_be_numbers(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": 7, "question": "q", "csv": "x.csv", "level": 2}) + "\n")
    case = load_cases(path)[0]
    assert (case.id, case.level) == ("7", "2")


def test_bad_lines_say_which_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"question": "q", "csv": "x.csv"}\nnot json\n')
    with pytest.raises(DataError, match=r"set.jsonl:2"):
        load_cases(path)
    path.write_text('{"question": "q"}\n')
    with pytest.raises(DataError, match="needs"):
        load_cases(path)


def test_missing_set_file_is_a_user_error(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_cases(tmp_path / "nope.jsonl")


def causal_agent_fixture(tmp_path):
    """A tiny set in the Causal Agent format: header-less CSV, one line per question."""
    data = cases.chain(300, seed=3).data  # A -> B -> C
    data.to_csv(tmp_path / "3_0_1.csv", header=False, index=False)
    names = ["Ad Spend", "Site Visits", "Signups"]
    lines = [
        {
            "node num": 3,
            "question_type": "CIT",
            "interest": ["Ad Spend", "Signups", "Site Visits"],
            "variables": names,
            "text": 'A marketing team looks at their funnel. The question is: "Are Ad Spend and '
            'Signups independent given Site Visits?"',
            "file": "3_0_1.csv",
            "Q": "Is Ad Spend independent of Signups given condition Site Visits?",
            "gt": "yes",
        },
        {
            "node num": 3,
            "question_type": "CAUSE",
            "interest": ["Ad Spend", "Site Visits"],
            "variables": names,
            "text": "Determine whether Ad Spend is a direct cause of Site Visits.",
            "file": "3_0_1.csv",
            "Q": "Determine whether Ad Spend is a direct cause of Site Visits.",
            "gt": "uncertain",
        },
        {
            "node num": 3,
            "question_type": "ATE",
            "interest": ["Ad Spend", "Signups"],
            "variables": names,
            "T0": 0.0,
            "T1": 1.0,
            "text": "Calculate the ATE of Ad Spend on Signups when Ad Spend changes from 0 to 1.",
            "file": "3_0_1.csv",
            "Q": "calculate the ATE",
            "gt": 0.42,
        },
        {
            "node num": 3,
            "question_type": "CAUSALKG",
            "variables": names,
            "text": "Generate the causal graph.",
            "file": "3_0_1.csv",
            "Q": "Generate the causal graph.",
            "gt": "marketing_elements_1.txt",
        },
    ]
    path = tmp_path / "causal_agent.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return path


def test_reads_causal_agent_lines(tmp_path):
    cases = load_cases(causal_agent_fixture(tmp_path))
    assert [c.type for c in cases] == ["independence", "direct_cause", "effect", "graph"]
    first = cases[0]
    assert first.column_names == ["Ad Spend", "Site Visits", "Signups"]
    assert first.csv == str(tmp_path / "3_0_1.csv")
    assert first.expected == "yes"
    assert "Site Visits" in first.question
    assert first.level == "3"
    assert cases[2].expected == {"ate": 0.42}
    assert cases[2].meta["treatment_values"] == [0.0, 1.0]
    assert cases[3].expected is None  # graph answers live in the benchmark's own files
    assert cases[3].meta["gt"] == "marketing_elements_1.txt"
