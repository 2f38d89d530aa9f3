"""Issue 14's gaps: a text group column with many values, a post period from a time
threshold, identification on a graph with hidden causes, and what a plain effect answer
carries (SE, rows, design, overlap, sensitivity)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from askwhy.core.data import prepare_frame
from askwhy.core.graph import CausalGraph
from askwhy.errors import AskwhyError, DataError, ToolArgumentError
from askwhy.evals import designs as gen
from askwhy.session import Session

STATES = [f"State {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(40)]


def _named_panel(seed: int = 5, effect: float = 2.0) -> pd.DataFrame:
    """40 states named in text, 2005-2014, half adopt a policy in 2010."""
    rng = np.random.default_rng(seed)
    adopters = set(rng.permutation(40)[:20])
    level = rng.normal(size=40)
    rows = []
    for i, state in enumerate(STATES):
        for year in range(2005, 2015):
            for _ in range(3):
                treated = i in adopters and year >= 2010
                y = level[i] + 0.3 * (year - 2005) + effect * treated + rng.normal()
                rows.append(
                    {
                        "state": state,
                        "year": year,
                        "adopter": float(i in adopters),
                        "policy": float(treated),
                        "outcome": y,
                    }
                )
    return pd.DataFrame(rows)


def _session(data: pd.DataFrame, name: str = "data") -> Session:
    session = Session(persist=False)
    session.add_frame(data, name=name)
    return session


def test_a_text_column_with_many_values_is_kept_as_row_labels():
    dataset = prepare_frame(_named_panel())
    assert "state" not in dataset.columns and "state" in dataset.dropped_columns
    codes = dataset.row_labels["state"]
    assert codes.nunique() == 40 and codes.iloc[0] == 0.0
    dates = pd.DataFrame({"day": [f"2020-01-{d:02d}" for d in (3, 1, 2)] * 10, "v": range(30)})
    assert prepare_frame(dates).row_labels["day"].tolist()[:3] == [2.0, 0.0, 1.0]  # time order


def test_did_with_a_text_group_clusters_by_it_and_recovers_the_effect():
    session = _session(_named_panel())
    result = session.call(
        "estimate_design", treatment="policy", outcome="outcome", time="year", group="state"
    )
    low, high = result.estimate.ci
    assert low <= 2.0 <= high and abs(result.estimate.value - 2.0) < 0.3
    assert "clustered by state (40 groups)" in result.estimate.method
    assert any("'state' is left out of other analyses" in w for w in result.warnings)


def test_did_with_a_post_period_from_a_time_threshold():
    session = _session(_named_panel())
    args = {"treatment": "adopter", "outcome": "outcome", "time": "year", "group": "state"}
    result = session.call("estimate_design", **args, post_start=2010)
    assert result.estimate.ci[0] <= 2.0 <= result.estimate.ci[1]
    with pytest.raises(ToolArgumentError, match="marks the treated group"):
        session.call("estimate_design", **args)  # ten periods, no post period: refused
    with pytest.raises(DataError, match="No periods of 'year' after 2030"):
        session.call("estimate_design", **args, post_start=2030)
    with pytest.raises(ToolArgumentError, match="name the time column"):
        session.call(
            "estimate_design", treatment="adopter", outcome="outcome", group="state", post_start=1
        )


def test_an_unknown_group_column_is_an_error_not_ignored():
    session = _session(_named_panel())
    with pytest.raises(AskwhyError, match="county"):
        session.call(
            "estimate_design", treatment="policy", outcome="outcome", time="year", group="county"
        )


def test_the_question_reads_the_text_group_and_the_answer_uses_it():
    session = _session(_named_panel())
    answer = session.ask(
        "What is the difference-in-differences effect of policy on outcome, with year as the "
        "time and state as the group?"
    )
    assert answer.estimate is not None and answer.estimate.design == "did"
    assert answer.estimate.ci[0] <= 2.0 <= answer.estimate.ci[1]


def _mediated_session() -> Session:
    """Smoking -> tar -> cancer data, and three graphs with hidden common causes (<->)."""
    session = _session(gen.mediated(3000, 1).data, "fd")
    graphs = {
        "frontdoor": [["smoking", "tar", "->"], ["tar", "cancer", "->"]],
        "backdoor": [["smoking", "cancer", "->"], ["tar", "cancer", "->"]],
        # tar -> m -> cancer with tar <-> cancer: no back-door set, no front-door mediator
        "neither": [["smoking", "tar", "->"], ["tar", "m", "->"], ["m", "cancer", "->"]],
    }
    hidden = {
        "frontdoor": [["smoking", "cancer", "<->"]],
        "backdoor": [["smoking", "tar", "<->"]],
        "neither": [["smoking", "cancer", "<->"], ["tar", "cancer", "<->"]],
    }
    for name, edges in graphs.items():
        nodes = sorted({n for e in edges + hidden[name] for n in e[:2]})
        session.workspace.store.put(CausalGraph(nodes=nodes, edges=edges + hidden[name]), name)
    return session


def test_plain_effect_goes_front_door_when_no_back_door_set_exists():
    session = _mediated_session()
    result = session.call(
        "estimate_effect", treatment="smoking", outcome="cancer", graph="frontdoor"
    )
    assert result.estimate.design == "frontdoor"
    assert result.estimate.ci[0] <= 1.2 <= result.estimate.ci[1]  # 0.8 x 1.5
    assert "tar meets the front-door criterion" in result.summary


def test_plain_effect_reads_back_door_sets_with_hidden_causes():
    session = _mediated_session()
    result = session.call(
        "estimate_effect", treatment="smoking", outcome="cancer", graph="backdoor"
    )
    assert result.estimate.adjustment_set == ["tar"]
    assert "hidden common causes" in result.adjustment_reason


def test_plain_effect_not_identified_says_what_would_identify_it():
    session = _mediated_session()
    with pytest.raises(ToolArgumentError, match="not identified") as err:
        session.call("estimate_effect", treatment="smoking", outcome="cancer", graph="neither")
    assert "instrument" in str(err.value) and "front-door" in str(err.value)


def test_plain_effect_answer_carries_se_rows_overlap_and_sensitivity():
    case = gen.observational(2000, 1)
    session = _session(case.data, "obs")
    result = session.call(
        "estimate_effect", treatment="treated", outcome="outcome", covariates=["x1", "x2"]
    )
    estimate = result.estimate
    assert estimate.design == "backdoor" and estimate.estimand == "ate"
    assert estimate.se is not None and estimate.se > 0 and estimate.n_rows == 2000
    assert {"overlap", "SMD x1"} <= {d.name for d in estimate.diagnostics}
    assert "Robustness value" in estimate.sensitivity
    assert "Design: back-door adjustment" in result.summary


def test_a_continuous_treatment_back_door_answer_has_a_robustness_value():
    session = _session(gen.instrument(1000, 2).data, "iv")
    result = session.call(
        "estimate_design", treatment="dose", outcome="outcome", covariates=["w"], design="backdoor"
    )
    assert "Robustness value" in result.estimate.sensitivity


def test_a_left_out_column_used_as_the_group_is_not_called_left_out_in_the_answer():
    session = _session(_named_panel(), "panel")
    answer = session.ask(
        "What is the difference-in-differences effect of policy on outcome, with year as the "
        "time and state as the group?"
    )
    assert answer.estimate is not None and abs(answer.estimate.value - 2.0) < 0.3
    assert not any(n.startswith("Left out column 'state'") for n in answer.notes)
    other = session.ask("Are policy and outcome independent?")
    assert any(n.startswith("Left out column 'state'") for n in other.notes)
