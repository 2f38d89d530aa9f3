"""Every independence test the profile can choose can also be forced: from Python (Session
defaults, tool arguments), the CLI and the question's own words; the answer says which."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from askwhy.cli.main import build_parser
from askwhy.core.settings import TESTS, AnalysisSettings
from askwhy.errors import AskwhyError
from askwhy.planning.rules.settings_text import named_settings
from askwhy.session import Session

PROFILE_TESTS = ("fisherz", "rank_fisherz", "chisq", "dg", "rcot")  # test_choice's choices


def _table(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = a + rng.normal(size=n)
    group = rng.integers(0, 3, n) + (b > 0)
    return pd.DataFrame({"a": a, "b": b, "group": group})


def test_the_vocabulary_holds_every_test_the_profile_chooses():
    assert set(PROFILE_TESTS) | {"gsq", "kci", "auto"} == set(TESTS)
    for test in TESTS:
        assert AnalysisSettings(test=test).test == test
    with pytest.raises(AskwhyError, match="Bad analysis settings"):
        AnalysisSettings.from_mapping({"test": "rcit"})


@pytest.mark.parametrize("test", ["rank_fisherz", "dg", "rcot"])
def test_session_defaults_force_the_test_and_the_evidence_says_so(test):
    session = Session(persist=False, defaults={"test": test})
    session.add_frame(_table(), name="t")
    answer = session.ask("Are a and b independent?")
    evidence = [e for e in answer.evidence if e.kind == "test"]
    assert evidence and evidence[0].method == test
    assert f"the {test} test was requested" in evidence[0].note


def test_tool_arguments_force_the_test():
    session = Session(persist=False)
    session.add_frame(_table(), name="t")
    result = session.call("test_independence", x="a", y="group", test="dg")
    assert result.evidence[0].method == "dg" and result.answer == "no"


@pytest.mark.parametrize(
    ("text", "test"),
    [
        ("Are a and b independent, using a rank-based Fisher z test?", "rank_fisherz"),
        ("Test with Fisher-z on normal scores whether a and b are independent", "rank_fisherz"),
        ("With the RCoT test, are a and b independent?", "rcot"),
        ("Use a random-feature kernel test: are a and b independent?", "rcot"),
        ("Using the mixed-type test, are a and group independent?", "dg"),
        ("Are a and group independent (DG test, alpha 0.01)?", "dg"),
        ("Are a and b independent with a KCI test?", "kci"),
        ("Are a and b independent using Fisher z?", "fisherz"),
        ("Are a and b independent by a likelihood ratio test?", "gsq"),
    ],
)
def test_the_question_can_name_the_test(text, test):
    assert named_settings(text)["test"] == test


def test_a_name_inside_a_longer_one_is_not_a_second_test():
    # "Fisher z" inside "rank-based Fisher z" is the same setting, not a conflict
    from askwhy.planning.rules.context import Draft
    from askwhy.planning.rules.settings_text import read_settings

    draft = Draft()
    assert read_settings("with a rank-based Fisher z test", draft) == {"test": "rank_fisherz"}
    assert not any("several" in note for note in draft.notes)


@pytest.mark.parametrize("test", ["rank_fisherz", "dg", "rcot"])
def test_the_cli_accepts_every_test(test):
    parser = build_parser()
    args = parser.parse_args(["ask", "--data", "x.csv", "q", "--test", test])
    assert args.test == test
    args = parser.parse_args(["eval", "set.jsonl", "--test", test, "--algorithm", "auto"])
    assert args.test == test and args.algorithm == "auto"


def test_eval_mechanisms_come_from_the_generator():
    from askwhy.evals.generate import MECHANISMS

    parser = build_parser()
    for mechanism in MECHANISMS:
        args = parser.parse_args(["eval", "generate", "--mechanism", mechanism])
        assert args.mechanisms == [mechanism]
    with pytest.raises(SystemExit):
        parser.parse_args(["eval", "generate", "--mechanism", "quantum"])
