"""estimate_effect with text categories and with no causal path: never codes as numbers,
never a silent estimate where the graph says there is no effect."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from askwhy.errors import ToolArgumentError
from askwhy.report.terminal_effects import effect_headline
from askwhy.session import Session

SURVEY = Path(__file__).resolve().parents[2] / "examples" / "survey.csv"


@pytest.fixture(scope="module")
def survey() -> Session:
    session = Session(persist=False)
    session.load(str(SURVEY))
    return session


def _words(result) -> str:
    notes = " ".join(e.note for e in result.evidence)
    return " ".join([result.summary, result.answer_text(), notes, *result.warnings])


def test_categorical_treatment_gives_level_effects_in_the_order_of_the_rates(survey):
    rates = (
        pd.read_csv(SURVEY)
        .groupby("income_bracket")["owns_car"]
        .apply(lambda s: (s == "yes").mean())
    )
    assert rates["low"] < rates["middle"] < rates["high"]  # the data's own ordering
    result = survey.call(
        "estimate_effect",
        treatment="income_bracket",
        outcome="owns_car",
        covariates=["age_group", "education"],
    )
    levels = {lv.level: lv for lv in result.estimate.levels}
    assert set(levels) == {"low", "middle"} and result.estimate.value is None
    assert {lv.reference for lv in levels.values()} == {"high"}
    # signs and order match the ownership rates: low < middle < high (the reference)
    assert levels["low"].value < levels["middle"].value < 0
    assert levels["low"].ci[1] < 0 and levels["middle"].ci[1] < 0
    words = _words(result)
    assert "against 'high'" in words and "Reference level: 'high'" in words
    assert "one-unit" not in words and "one-unit" not in effect_headline(result.estimate)
    assert "each level of income_bracket against high" in effect_headline(result.estimate)
    # the categorical covariate education enters as 0/1 indicators, not as codes
    assert any("education=" in str(e.parameters) for e in result.evidence)


def test_binary_text_treatment_is_worded_by_its_levels(survey):
    result = survey.call(
        "estimate_effect",
        treatment="owns_home",
        outcome="owns_car",
        covariates=["income_bracket"],
        method="linear_regression",
    )
    assert "Setting 'owns_home' to 'yes' instead of 'no'" in result.summary
    assert "one-unit" not in result.summary


def test_numbers_are_refused_as_values_of_a_category(survey):
    with pytest.raises(ToolArgumentError, match="unordered category"):
        survey.call(
            "estimate_effect",
            treatment="income_bracket",
            outcome="owns_car",
            covariates=[],
            treatment_values=[0, 2],
        )


def _shops(n: int = 800, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = rng.choice(["east", "north", "south"], n)
    treat = rng.normal(size=n)
    shift = pd.Series(region).map({"east": 0.0, "north": 1.0, "south": -1.0}).to_numpy()
    spend = treat + shift + rng.normal(scale=0.5, size=n)
    other = rng.normal(size=n)  # no causal path to anything
    return pd.DataFrame({"region": region, "treat": treat, "spend": spend, "other": other})


@pytest.fixture(scope="module")
def shops() -> Session:
    session = Session(persist=False)
    session.add_frame(_shops(), name="shops")
    return session


def test_categorical_treatment_with_the_graphs_adjustment_set(shops):
    result = shops.call("estimate_effect", treatment="region", outcome="spend")
    levels = {lv.level: lv.value for lv in result.estimate.levels}
    assert result.tool == "estimate_effect" and result.graph is not None
    assert abs(levels["north"] - 1.0) < 0.2 and abs(levels["south"] + 1.0) < 0.2
    assert "against 'east'" in result.summary


def test_no_directed_path_reports_zero_by_the_graph_not_an_estimate(shops):
    result = shops.call("estimate_effect", treatment="other", outcome="spend")
    assert result.estimate.value == 0.0 and result.estimate.method == "none"
    assert "no directed path from other to spend" in result.summary
    assert "0 by the graph's assumption" in result.summary
    # the adjusted association is shown as a check, and here agrees with the graph
    assert any(e.kind == "estimate" for e in result.evidence)
    assert "The data agree" in result.summary


def test_a_path_present_is_estimated_as_before(shops):
    result = shops.call("estimate_effect", treatment="treat", outcome="spend")
    assert result.estimate.method != "none" and abs(result.estimate.value - 1.0) < 0.15


def test_categorical_treatment_with_several_possible_adjustment_sets(shops):
    from askwhy.core.graph import CausalGraph

    # region -- other undirected: region's parents are {} or {other}, one estimate each
    graph = CausalGraph.from_edge_list(
        ["region", "treat", "spend", "other"],
        [["region", "other", "--"], ["region", "spend", "->"], ["treat", "spend", "->"]],
    )
    name = shops.store.put(graph, "shops-by-hand")
    result = shops.call("estimate_effect", treatment="region", outcome="spend", graph=name)
    assert result.estimate.value is None and not result.estimate.levels
    possible = result.estimate.possible_effects
    assert sorted(tuple(p.adjustment_set) for p in possible) == [(), (), ("other",), ("other",)]
    assert {p.note for p in possible} == {"north against east", "south against east"}
    assert "each level's effect on spend is one of several values" in result.summary
    assert "north against east" in result.summary and "one-unit" not in result.summary


def test_adjusting_for_a_mediator_is_warned_about():
    session = Session(persist=False)
    session.load(SURVEY.parent / "smoking.csv")
    answer = session.ask("What is the effect of smoking on lung cancer, controlling for tar?")
    told = [n for n in answer.notes if "tar is caused by smoking" in n]
    assert told and "not the total effect" in told[0]
    plain = session.ask("What is the effect of smoking on lung cancer, controlling for age?")
    assert not any("caused by smoking" in n for n in plain.notes)
