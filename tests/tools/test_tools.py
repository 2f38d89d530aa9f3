"""Each tool on data with a known graph: the typed result says what the truth says."""

from __future__ import annotations

import json

import pytest

from askwhy.errors import ToolArgumentError
from askwhy.session import Session
from askwhy.testing import cases
from askwhy.tools.results import (
    EstimateResult,
    GraphResult,
    SetResult,
    TextResult,
    YesNoResult,
)


def session_over(data) -> Session:
    session = Session(persist=False)
    session.add_frame(data.data, name="case")
    return session


@pytest.fixture(scope="module")
def collider() -> Session:
    return session_over(cases.collider(2000, seed=1))  # A -> B <- C


@pytest.fixture(scope="module")
def chain() -> Session:
    return session_over(cases.chain(2000, seed=1))  # A -> B -> C


def test_describe_data_lists_columns_and_kinds(chain):
    result = chain.call("describe_data")
    assert isinstance(result, TextResult) and result.details["rows"] == 2000
    assert [c["name"] for c in result.details["columns"]] == ["A", "B", "C"]
    assert {c["kind"] for c in result.details["columns"]} == {"continuous"}


def test_independence_follows_the_chain(chain):
    marginal = chain.call("test_independence", x="A", y="C")
    assert isinstance(marginal, YesNoResult) and marginal.answer == "no"
    assert marginal.p_value is not None and marginal.p_value < 0.05
    conditional = chain.call("test_independence", x="A", y="C", given=["B"])
    assert conditional.answer == "yes" and conditional.given == ["B"]
    (evidence,) = conditional.evidence
    assert evidence.kind == "test" and evidence.method == "fisherz" and evidence.alpha == 0.05


def test_discovery_finds_the_collider_and_names_it(collider):
    result = collider.call("discover_graph", name="collider-graph")
    assert isinstance(result, GraphResult) and result.graph_name == "collider-graph"
    assert sorted(result.graph.edges) == [("A", "B", "->"), ("C", "B", "->")]
    assert result.evidence[0].kind == "discovery"


def test_graph_queries_are_three_valued(collider):
    assert collider.call("direct_cause", x="A", y="B").answer == "yes"
    assert collider.call("direct_cause", x="B", y="A").answer == "no"
    effect = collider.call("common_effect", x="A", y="C")
    assert effect.answer == "yes" and effect.witnesses == ["B"]
    assert collider.call("common_cause", x="A", y="C").answer == "no"
    chain = session_over(cases.chain(2000, seed=1))
    # A - B - C has no v-structure: the direction of A - B cannot be told
    assert chain.call("direct_cause", x="A", y="B").answer == "uncertain"


def test_relatives_and_adjustment_sets(collider):
    parents = collider.call("relatives", x="B", relation="parents")
    assert isinstance(parents, SetResult) and sorted(parents.members) == ["A", "C"]
    assert parents.answer_text() == "A, C" or parents.answer_text() == "C, A"
    adjust = collider.call("adjustment_set", treatment="A", outcome="B")
    assert adjust.identified and adjust.members == [] and "no backdoor" in adjust.answer_text()


def test_effect_with_named_covariates_recovers_the_truth():
    data = cases.mediated_effect(3000, seed=2)
    session = session_over(data)
    result = session.call("estimate_effect", treatment="T", outcome="Y", covariates=["Z"])
    assert isinstance(result, EstimateResult)
    assert result.estimate.value == pytest.approx(data.ate, rel=0.1)
    low, high = result.estimate.ci
    assert low < data.ate < high and result.estimate.adjustment_set == ["Z"]
    with pytest.raises(ToolArgumentError, match="same column"):
        session.call("estimate_effect", treatment="T", outcome="T")


def test_memory_tools_list_show_and_export(collider, tmp_path):
    collider.call("discover_graph", name="for-export")
    listed = collider.call("list_graphs")
    assert "for-export" in listed.text
    shown = collider.call("show_graph", name="for-export")
    assert isinstance(shown, GraphResult) and shown.graph.name == "for-export"
    target = tmp_path / "g.json"
    collider.call("export_graph", name="for-export", path=str(target))
    assert json.loads(target.read_text())["nodes"] == ["A", "B", "C"]
    with pytest.raises(ToolArgumentError, match=r"\.json or \.dot"):
        collider.call("export_graph", name="for-export", path=str(tmp_path / "g.txt"))


def test_designated_roles_and_direction_on_the_smoking_example(examples_dir):
    session = Session(persist=False)
    session.load(examples_dir / "smoking.csv")
    # true graph: age -> smoking <- stress, smoking -> tar -> lung_cancer, smoking -> fingers
    tar = session.call("common_cause", x="yellow_fingers", y="lung_cancer", z="tar")
    assert tar.answer == "no" and "not a common cause" in tar.summary
    assert (
        session.call("common_cause", x="yellow_fingers", y="lung_cancer", z="smoking").answer
        == "yes"
    )
    assert session.call("mediator", x="smoking", y="lung_cancer", z="tar").answer == "yes"
    assert session.call("common_effect", x="age", y="stress", z="smoking").answer == "yes"
    direction = session.call("pairwise_direction", x="lung_cancer", y="smoking")
    assert (
        direction.direction == "y_to_x" and direction.answer_text() == "smoking causes lung_cancer"
    )
    with pytest.raises(ToolArgumentError, match="three different"):
        session.call("mediator", x="smoking", y="tar", z="tar")


def test_two_column_direction_is_honestly_uncertain(chain):
    two = Session(persist=False)
    two.add_frame(cases.chain(500, seed=3).data[["A", "B"]], name="pair")
    assert two.call("pairwise_direction", x="A", y="B").direction == "uncertain"


def _regions(n: int = 400, seed: int = 2):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    region = rng.choice(["east", "north", "south"], n)
    treat = rng.integers(0, 2, n)
    spend = treat * 1.5 + np.where(region == "south", 1.0, 0.0) + rng.normal(size=n)
    frame = pd.DataFrame({"region": region, "treat": treat, "spend": spend})
    frame.loc[:19, "spend"] = np.nan
    return frame


def test_describe_data_shows_scales_and_missing_values():
    session = Session(persist=False)
    session.add_frame(_regions(), name="shops")
    result = session.call("describe_data")
    columns = {c["name"]: c for c in result.details["columns"]}
    assert columns["region"]["scale"] == "categorical" and "scale" not in columns["spend"]
    assert columns["spend"]["missing"] == 20 and "missing" not in columns["region"]
    assert "region (categorical)" in result.summary


def test_unordered_category_as_outcome_is_refused_and_as_covariate_is_indicators():
    session = Session(persist=False)
    session.add_frame(_regions(), name="shops")
    with pytest.raises(ToolArgumentError, match="The outcome 'region' is an unordered category"):
        session.call("estimate_effect", treatment="treat", outcome="region", covariates=[])
    effect = session.call(
        "estimate_effect",
        treatment="treat",
        outcome="spend",
        covariates=["region"],
        method="linear_regression",
    )
    assert isinstance(effect, EstimateResult) and abs(effect.estimate.value - 1.5) < 0.3
    assert effect.estimate.adjustment_set == ["region"]
    assert any("region=north, region=south" in w for w in effect.warnings)
    assert any(w.startswith("Left out 20 of 400 rows") for w in effect.warnings)
