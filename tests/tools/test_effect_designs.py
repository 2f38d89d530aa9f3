"""estimate_design: strict typed arguments, routing by role, and errors that say what to do."""

from __future__ import annotations

import pytest

from askwhy.errors import AskwhyError, DataError, ToolArgumentError, UnknownVariableError
from askwhy.evals import designs as gen
from askwhy.session import Session
from askwhy.tools.catalog import default_registry
from askwhy.tools.results import EstimateResult


def session_with(case) -> Session:
    session = Session(persist=False)
    session.add_frame(case.data, name=case.name)
    return session


@pytest.fixture(scope="module")
def observational() -> Session:
    return session_with(gen.observational(1000, seed=1))


def test_schema_declares_the_design_arguments_with_their_roles():
    tool = default_registry().get("estimate_design")
    assert tool.answer == "estimate"
    schema = tool.json_schema()
    props = schema["properties"]
    assert props["design"]["enum"] == [
        "auto",
        "backdoor",
        "matching",
        "iv",
        "frontdoor",
        "rdd",
        "did",
    ]
    assert props["estimand"]["enum"] == ["ate", "att", "atc"]
    subgroup = props["subgroup"]  # inlined: no $ref for OpenAI-compatible servers
    assert subgroup["additionalProperties"] is False and subgroup["required"] == ["column"]
    assert schema["additionalProperties"] is False
    for name in ("mediator", "running_variable", "post", "treated_group"):
        assert tool.roles[name].value == "column"
    # time and group may name a column kept only as row labels (40 state names): the tool
    # resolves them itself, so the registry's column check does not refuse them
    assert "time" not in tool.roles and "group" not in tool.roles
    assert tool.roles["instrument"].value == "columns"


def test_estimate_effect_keeps_its_arguments_and_behaviour():
    effect = default_registry().get("estimate_effect")
    assert "design" not in effect.argument_names and "subgroup" not in effect.argument_names
    session = session_with(gen.observational(300, seed=2))
    result = session.call(
        "estimate_effect",
        treatment="treated",
        outcome="outcome",
        covariates=["x1", "x2"],
        method="linear_regression",
    )
    assert isinstance(result, EstimateResult) and result.estimate.design == "backdoor"
    assert result.estimate.estimand == "ate" and result.estimate.n_rows == 300
    assert result.evidence[0].method == "DoWhy backdoor.linear_regression"


def test_att_for_women_through_the_tool(observational):
    result = observational.call(
        "estimate_design",
        treatment="treated",
        outcome="outcome",
        covariates=["x1", "x2"],
        estimand="att",
        subgroup={"column": "Sex", "values": ["Female"]},
        method="linear_regression",
    )
    estimate = result.estimate
    assert estimate.design == "backdoor" and estimate.estimand == "att"
    assert estimate.se > 0 and estimate.n_rows < 1000 and estimate.subgroup.startswith("sex is")
    assert {d.name for d in estimate.diagnostics} >= {"overlap", "SMD x1"}
    assert "(ATT) for the rows where sex is female" in result.summary
    assert result.evidence[0].assumptions


def test_matching_on_covariates_through_the_tool(observational):
    result = observational.call(
        "estimate_design",
        treatment="treated",
        outcome="outcome",
        covariates=["x1", "x2"],
        design="matching",
        matching_method="nearest_neighbour",
    )
    assert result.estimate.design == "matching" and result.estimate.sensitivity


def test_instrument_routes_to_iv_and_accepts_one_name():
    session = session_with(gen.instrument(800, seed=1))
    result = session.call("estimate_design", treatment="dose", outcome="outcome", instrument="z")
    assert result.estimate.design == "iv" and "instrument (z) was named" in result.summary
    assert any(d.name == "first-stage F" for d in result.estimate.diagnostics)


def test_instrument_equal_to_treatment_is_refused():
    session = session_with(gen.instrument(300, seed=1))
    with pytest.raises(ToolArgumentError, match="is the treatment itself"):
        session.call("estimate_design", treatment="dose", outcome="outcome", instrument=["dose"])


def test_rdd_without_data_on_one_side_of_the_cutoff():
    session = session_with(gen.discontinuity(500, seed=1))
    args = {"treatment": "elected", "outcome": "outcome", "running_variable": "margin"}
    with pytest.raises(DataError, match="needs rows on both sides"):
        session.call("estimate_design", **args, cutoff=3.0)
    result = session.call("estimate_design", **args)
    assert result.estimate.design == "rdd"
    assert any("No cutoff given" in w for w in result.warnings)


def test_did_without_two_periods_is_refused():
    session = session_with(gen.panel(n_groups=60, seed=1))
    with pytest.raises(ToolArgumentError, match="needs two periods"):
        session.call(
            "estimate_design", treatment="policy", outcome="outcome", design="did", group="state"
        )


def test_did_with_year_as_time_and_state_as_group():
    session = session_with(gen.panel(n_groups=60, seed=1))
    result = session.call(
        "estimate_design", treatment="policy", outcome="outcome", time="year", group="state"
    )
    assert result.estimate.design == "did" and result.estimate.estimand == "att"
    assert any(d.name == "pre-trends" for d in result.estimate.diagnostics)


def test_subgroup_value_not_in_the_column(observational):
    with pytest.raises(ToolArgumentError, match="'other' is not a value of 'sex'"):
        observational.call(
            "estimate_design",
            treatment="treated",
            outcome="outcome",
            covariates=["x1"],
            subgroup={"column": "sex", "values": ["other"]},
        )


def test_subgroup_is_strictly_typed(observational):
    base = {"treatment": "treated", "outcome": "outcome", "covariates": ["x1"]}
    with pytest.raises(ToolArgumentError, match="subgroup"):
        observational.call("estimate_design", **base, subgroup={"column": "age", "equals": 3})
    with pytest.raises(ToolArgumentError, match="either values or a range"):
        observational.call(
            "estimate_design", **base, subgroup={"column": "age", "values": [20], "min": 1}
        )
    with pytest.raises(UnknownVariableError):
        observational.call("estimate_design", **base, subgroup={"column": "nope", "values": [1]})


def test_unknown_design_and_argument_names_are_errors(observational):
    base = {"treatment": "treated", "outcome": "outcome"}
    with pytest.raises(ToolArgumentError, match="design"):
        observational.call("estimate_design", **base, design="synthetic_control")
    with pytest.raises(AskwhyError, match="did you mean 'instrument'"):
        observational.call("estimate_design", **base, instrumnt="x1")


def test_categorical_treatment_answers_per_level():
    session = session_with(gen.categorical(800, seed=1))
    result = session.call(
        "estimate_design",
        treatment="format",
        outcome="score",
        covariates=["age"],
        reference="face-to-face",
        method="linear_regression",
    )
    assert result.estimate.value is None and len(result.estimate.levels) == 2
    assert "against face-to-face" in result.answer_text()
