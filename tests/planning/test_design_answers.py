"""Design questions end to end: Session.ask on seeded data with a known effect
(askwhy.evals.designs), through the rule planner to estimate_design."""

from __future__ import annotations

import pytest

from askwhy.evals import designs as gen
from askwhy.session import Session


def ask(case, question: str, rename: dict[str, str] | None = None):
    session = Session(persist=False)
    session.add_frame(case.data.rename(columns=rename or {}), name=case.name)
    return session.ask(question)


def tools(answer) -> list[str]:
    return [step.tool for step in answer.trace]


def test_instrument_named_in_the_question_runs_iv_near_the_truth():
    case = gen.instrument(2000, seed=3)
    rename = {"z": "Distance To College", "dose": "years_school", "outcome": "log.wage"}
    answer = ask(
        case,
        "What is the effect of years_school on log.wage, using Distance To College as an "
        "instrument, controlling for w?",
        rename,
    )
    assert tools(answer) == ["estimate_design"]
    args = answer.trace[0].args
    assert args["design"] == "iv" and args["instrument"] == ["Distance To College"]
    assert answer.estimate.design == "iv"
    assert answer.estimate.value == pytest.approx(case.truth, abs=0.3)
    assert "instrumental variables with Distance To College" in answer.frame.restate()


def test_regression_discontinuity_at_the_named_cutoff():
    case = gen.discontinuity(2000, seed=3)
    answer = ask(
        case,
        "What is the effect of elected on outcome by regression discontinuity, with margin as "
        "the running variable and the cutoff at 0?",
    )
    assert tools(answer) == ["estimate_design"]
    assert answer.trace[0].args["running_variable"] == "margin"
    assert answer.estimate.design == "rdd"
    assert answer.estimate.value == pytest.approx(case.truth, abs=0.3)


def test_difference_in_differences_with_time_and_group():
    case = gen.panel(seed=3)
    answer = ask(
        case,
        "What is the difference-in-differences effect of policy on outcome, with year as the "
        "time and state as the group?",
    )
    assert tools(answer) == ["estimate_design"]
    args = answer.trace[0].args
    assert (args["design"], args["time"], args["group"]) == ("did", "year", "state")
    assert answer.estimate.design == "did" and answer.estimate.estimand == "att"
    assert answer.estimate.value == pytest.approx(case.truth, abs=0.25)


def test_front_door_through_the_named_mediator():
    case = gen.mediated(2000, seed=3)
    answer = ask(case, "Using the front-door criterion through tar, what is the effect of "
                 "smoking on cancer?")  # fmt: skip
    assert tools(answer) == ["estimate_design"]
    assert answer.trace[0].args["mediator"] == "tar"
    assert answer.estimate.design == "frontdoor"
    assert answer.estimate.value == pytest.approx(case.truth, abs=0.25)


@pytest.fixture(scope="module")
def observational():
    return gen.observational(2000, seed=3)


def test_att_and_atc_by_matching_differ_as_the_data_were_made(observational):
    truths = observational.truths
    att = ask(
        observational,
        "What is the average treatment effect on the treated (ATT) of treated on outcome, by "
        "nearest-neighbour matching on x1 and x2?",
    )
    atc = ask(observational, "What is the effect of treated on outcome on the untreated (ATC), "
              "by nearest-neighbour matching on x1 and x2?")  # fmt: skip
    for answer, estimand in ((att, "att"), (atc, "atc")):
        assert tools(answer) == ["estimate_design"]
        args = answer.trace[0].args
        assert args["design"] == "matching" and args["matching_method"] == "nearest_neighbour"
        assert args["covariates"] == ["x1", "x2"] and args["estimand"] == estimand
        assert answer.estimate.estimand == estimand
        assert answer.estimate.value == pytest.approx(truths[estimand], abs=0.35)
    assert att.estimate.value > atc.estimate.value


def test_subgroup_for_women(observational):
    answer = ask(
        observational, "What is the effect of treated on outcome for women, controlling for x1 "
        "and x2?"
    )  # fmt: skip
    assert tools(answer) == ["estimate_design"]
    assert answer.trace[0].args["subgroup"] == {"column": "sex", "values": ["female"]}
    assert answer.estimate.subgroup.startswith("sex is female")
    assert answer.estimate.n_rows < len(observational.data)
    assert answer.estimate.value == pytest.approx(observational.truths["ate_female"], abs=0.3)
    assert answer.frame.restate().endswith("for rows where sex is female")


def test_age_range_subgroup(observational):
    answer = ask(observational, "What is the effect of treated on outcome among people aged "
                 "20-22, adjusting for x1 and x2?")  # fmt: skip
    assert answer.trace[0].args["subgroup"] == {"column": "age", "min": 20.0, "max": 22.0}
    kept = observational.data["age"].between(20, 22).sum()
    assert answer.estimate.n_rows == kept


def test_categorical_treatment_against_the_named_reference():
    case = gen.categorical(2000, seed=3)
    answer = ask(
        case,
        "What is the effect of format on score with face-to-face as the reference, controlling "
        "for age?",
    )
    assert tools(answer) == ["estimate_design"]
    assert answer.trace[0].args["reference"] == "face-to-face"
    levels = {lv.level: lv.value for lv in answer.estimate.levels}
    assert {lv.reference for lv in answer.estimate.levels} == {"face-to-face"}
    for level, truth in case.levels.items():
        assert levels[level] == pytest.approx(truth, abs=0.3)


def test_a_design_without_its_roles_is_refused_not_run_as_back_door():
    case = gen.instrument(500, seed=3)
    answer = ask(case, "What is the effect of dose on outcome, using an instrument?")
    assert answer.kind == "unclear" and tools(answer) == []
    assert "instrument" in answer.explanation


def test_a_plain_effect_question_still_goes_to_estimate_effect():
    case = gen.observational(300, seed=3)
    answer = ask(case, "What is the effect of treated on outcome, controlling for x1 and x2, "
                 "by linear regression?")  # fmt: skip
    assert tools(answer) == ["estimate_effect"]
