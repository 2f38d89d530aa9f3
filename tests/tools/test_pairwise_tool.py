"""pairwise_direction: the graph's answer when it is decisive, the pair's own data otherwise."""

from __future__ import annotations

import numpy as np
import pandas as pd

from askwhy.session import Session
from askwhy.testing import cases
from askwhy.tools.results import DirectionResult


def _session(frame: pd.DataFrame) -> Session:
    session = Session(persist=False)
    session.add_frame(frame, name="pair")
    return session


def _dose_response(n: int = 600, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dose = rng.uniform(-2, 2, n)
    response = np.sin(1.5 * dose) + 0.5 * dose + 0.3 * rng.laplace(size=n)
    return pd.DataFrame({"response": response, "dose": dose})


def test_two_columns_are_oriented_from_the_pair_with_the_methods_as_evidence():
    session = _session(_dose_response())
    result = session.call("pairwise_direction", x="response", y="dose")
    assert isinstance(result, DirectionResult)
    assert result.direction == "y_to_x" and result.answer_text() == "dose causes response"
    assert result.summary.startswith("dose causes response: ")
    assert "additive-noise model" in result.summary and "cannot orient" in result.summary
    methods = [e.method for e in result.evidence]
    assert methods[0] == "pc" and "additive-noise model with HSIC" in methods
    assert "LiNGAM pairwise likelihood ratio" in methods and len(methods) == 6
    swapped = session.call("pairwise_direction", x="dose", y="response")
    assert swapped.direction == "x_to_y"


def test_only_rows_complete_on_the_pair_are_used():
    frame = _dose_response(700, seed=1)
    frame.loc[:49, "dose"] = np.nan
    result = _session(frame).call("pairwise_direction", x="dose", y="response")
    assert result.direction == "x_to_y"
    pairwise = [e for e in result.evidence if e.method == "additive-noise model with HSIC"]
    assert pairwise[0].parameters["rows"] == 650
    assert sum("Left out 50 of 700 rows" in w for w in result.warnings) == 1


def test_a_decisive_graph_is_kept():
    session = _session(cases.collider(2000, seed=1).data)  # A -> B <- C: oriented by PC
    result = session.call("pairwise_direction", x="A", y="B")
    assert result.direction == "x_to_y"
    assert [e.method for e in result.evidence] == ["pc"]


def test_a_possible_common_cause_in_the_graph_stops_the_pairwise_methods():
    session = _session(cases.fork(2000, seed=1, mechanism="nonlinear").data)  # A <- B -> C
    result = session.call("pairwise_direction", x="A", y="C")
    assert result.direction == "uncertain"
    assert "may be a common cause" in result.summary
    assert [e.method for e in result.evidence] == ["pc"]
