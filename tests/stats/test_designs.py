"""Each design recovers the effect its seeded data were made with, and says how it got it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from askwhy.core.data import prepare_frame
from askwhy.errors import DataError, ToolArgumentError
from askwhy.evals import designs as gen
from askwhy.stats.designs import DesignSpec, SubgroupFilter, estimate_design
from askwhy.stats.designs.rdd_bandwidth import ik_bandwidth
from askwhy.stats.designs.sensitivity import e_value, robustness_value


def run(case, sensitivity: bool = False, **extra):
    dataset = prepare_frame(case.data, name=case.name)
    categories = {c: p.categories for c, p in dataset.profiles.items() if p.categories}
    spec = DesignSpec(**{**case.args, **extra}, sensitivity=sensitivity)
    return estimate_design(dataset.frame, spec, categories)


def close(value: float, truth: float, tolerance: float = 0.15) -> bool:
    return abs(value - truth) <= tolerance * abs(truth)


def names(result) -> list[str]:
    return [d.name for d in result.diagnostics]


@pytest.mark.parametrize("estimand", ["ate", "att", "atc"])
def test_backdoor_recovers_each_estimand(estimand):
    case = gen.observational(2000, seed=3, estimand=estimand)
    result = run(case, method="linear_regression")
    assert result.design == "backdoor" and result.estimand == estimand
    assert close(result.value, case.truth, 0.1)
    assert result.ci[0] < result.value < result.ci[1] and result.se > 0
    assert result.n_rows == 2000 and "overlap" in names(result) and "SMD x1" in names(result)
    assert f"({estimand.upper()})" in result.summary and "back-door" in result.summary


def test_att_and_atc_differ_when_effects_vary():
    att = run(gen.observational(2000, seed=4, estimand="att"), method="linear_regression")
    atc = run(gen.observational(2000, seed=4, estimand="atc"), method="linear_regression")
    truths = gen.observational_truths()
    assert truths["att"] - truths["atc"] > 0.5
    assert att.value - atc.value > 0.4


def test_backdoor_sensitivity_has_refuters_and_a_robustness_value():
    result = run(gen.observational(1000, seed=1), sensitivity=True, method="linear_regression")
    assert [r.method for r in result.refutations] == [
        "placebo_treatment_refuter",
        "random_common_cause",
    ]
    assert "Robustness value" in result.sensitivity and "DoWhy refuters" in result.sensitivity
    assert result.assumptions and "No unmeasured confounding" in result.assumptions[0]


def test_binary_outcome_gets_an_e_value():
    case = gen.observational(1500, seed=2)
    case.data["outcome"] = (case.data["outcome"] > case.data["outcome"].median()).astype(int)
    result = run(case, sensitivity=True, method="linear_regression")
    assert "E-value" in result.sensitivity


def test_robustness_value_matches_dowhy_and_e_value_formula():
    from types import SimpleNamespace

    from dowhy.causal_refuters.linear_sensitivity_analyzer import LinearSensitivityAnalyzer

    analyzer = LinearSensitivityAnalyzer(
        estimator=SimpleNamespace(model=None),
        data=None,
        treatment_name=["t"],
        common_causes_order=[],
    )
    analyzer.t_stats, analyzer.degree_of_freedom = 4.2, 996
    assert math.isclose(robustness_value(4.2, 996), analyzer.robustness_value_func())
    assert math.isclose(
        robustness_value(4.2, 996, alpha=0.05), analyzer.robustness_value_func(alpha=0.05)
    )
    assert math.isclose(e_value(2.0), 2 + math.sqrt(2))  # VanderWeele & Ding's example
    assert math.isclose(e_value(0.5), e_value(2.0))


@pytest.mark.parametrize("kind", ["propensity_score", "nearest_neighbour"])
def test_matching_recovers_the_att_and_balances(kind):
    case = gen.observational(2000, seed=5, estimand="att")
    result = run(case, design="matching", matching_method=kind)
    assert result.design == "matching" and close(result.value, case.truth)
    assert result.se > 0 and result.ci[0] < case.truth < result.ci[1] + 0.2
    smd = {d.name: d for d in result.diagnostics if d.name.startswith("SMD")}
    assert set(smd) == {"SMD x1", "SMD x2"}
    assert all(abs(d.value) < 0.1 and "before matching" in d.note for d in smd.values())


def test_matching_needs_covariates():
    case = gen.observational(500, seed=1)
    with pytest.raises(ToolArgumentError, match="Matching needs covariates"):
        run(case, design="matching", covariates=[])


def test_iv_recovers_the_effect_where_regression_is_confounded():
    case = gen.instrument(2000, seed=1)
    result = run(case)
    assert result.design == "iv" and close(result.value, 2.0, 0.1)
    first = next(d for d in result.diagnostics if d.name == "first-stage F")
    assert first.value > 10 and not any("Weak instrument" in w for w in result.warnings)
    assert "Exclusion" in result.assumptions[1]


def test_binary_instrument_uses_the_wald_estimator():
    result = run(gen.instrument(2000, seed=2, binary_instrument=True))
    assert result.method.startswith("Wald estimator (DoWhy)") and close(result.value, 2.0)


def test_weak_instrument_warns():
    result = run(gen.instrument(1000, seed=1, strength=0.03))
    first = next(d for d in result.diagnostics if d.name == "first-stage F")
    assert first.value < 10 and "weak" in first.note
    assert any(w.startswith("Weak instrument") for w in result.warnings)


def test_frontdoor_recovers_the_effect_through_the_mediator():
    result = run(gen.mediated(1500, seed=1))
    assert result.design == "frontdoor" and close(result.value, 1.2, 0.1)
    assert result.se is not None and "treatment -> mediator" in names(result)


def test_rdd_recovers_the_jump_with_bandwidth_sensitivity():
    case = gen.discontinuity(2000, seed=1)
    result = run(case)
    assert result.design == "rdd" and result.estimand == "cutoff"
    assert close(result.value, 1.5, 0.1)
    assert {"bandwidth", "estimate at 0.5x bandwidth", "estimate at 2x bandwidth"} <= set(
        names(result)
    )
    assert "Bandwidth sensitivity" in result.sensitivity and result.n_rows < 2000


def test_rdd_default_cutoff_is_noted_and_one_sided_data_refused():
    case = gen.discontinuity(1000, seed=2)
    del case.args["cutoff"]
    assert any("No cutoff given, so 0 was used" in w for w in run(case).warnings)
    with pytest.raises(DataError, match="rows on both sides"):
        run(case, cutoff=5.0)


def test_ik_bandwidth_shrinks_with_more_data():
    small, large = gen.discontinuity(1000, seed=1).data, gen.discontinuity(8000, seed=1).data
    h_small = ik_bandwidth(small["margin"], small["outcome"], 0.0)
    h_large = ik_bandwidth(large["margin"], large["outcome"], 0.0)
    assert 0 < h_large < h_small <= 1


def test_did_recovers_the_effect_and_checks_pre_trends():
    result = run(gen.panel(n_groups=150, seed=1))
    assert result.design == "did" and result.estimand == "att" and close(result.value, 2.0)
    assert "clustered by state (150 groups)" in result.method
    pre = next(d for d in result.diagnostics if d.name == "pre-trends")
    assert pre.value > 0.05 and "3 pre-treatment periods" in pre.note


def test_did_flags_diverging_pre_trends():
    result = run(gen.panel(n_groups=150, seed=1, pre_trend=0.4))
    pre = next(d for d in result.diagnostics if d.name == "pre-trends")
    assert pre.value < 0.05 and any(w.startswith("Pre-trends differ") for w in result.warnings)


def test_did_two_by_two_with_group_indicator_and_post():
    case = gen.panel(n_groups=150, n_periods=2, start=1, seed=2)
    case.data["after"] = (case.data["year"] == 2001).astype(int)
    args = {"treatment": "adopter", "post": "after", "group": "state", "time": None}
    result = run(case, **args)
    assert "2x2" in result.method and close(result.value, 2.0, 0.2)
    assert "cannot be checked" in next(d.note for d in result.diagnostics if d.name == "pre-trends")


def test_categorical_treatment_gives_one_estimate_per_level():
    case = gen.categorical(2000, seed=1)
    result = run(case, method="linear_regression")
    assert result.value is None and {lv.level for lv in result.levels} == {"online", "hybrid"}
    for level in result.levels:
        assert level.reference == "face-to-face"
        assert close(level.value, case.levels[level.level], 0.2)
        assert level.n_rows < 2000
    assert "against 'face-to-face'" in result.summary


def test_unknown_reference_level_lists_the_levels():
    with pytest.raises(ToolArgumentError, match="Its levels: face-to-face, hybrid, online"):
        run(gen.categorical(300, seed=1), reference="remote")


def test_subgroup_restricts_rows_and_says_how_many():
    case = gen.observational(2000, seed=6)
    women = run(case, subgroup=SubgroupFilter(column="sex", values=["female"]))
    n_women = int((case.data["sex"] == "female").sum())
    assert women.n_rows == n_women and f"{n_women:,} of 2,000 rows" in women.summary
    assert close(women.value, gen.observational_truths()["ate_female"], 0.12)
    ages = run(case, subgroup=SubgroupFilter(column="age", min=20, max=22))
    n_ages = int(case.data["age"].between(20, 22).sum())
    assert ages.n_rows == n_ages and "age is between 20 and 22" in ages.subgroup


def test_subgroup_value_not_in_the_column():
    with pytest.raises(ToolArgumentError, match="'other' is not a value of 'sex'"):
        run(gen.observational(300, seed=1), subgroup=SubgroupFilter(column="sex", values=["other"]))


def test_design_and_arguments_must_agree():
    case = gen.instrument(300, seed=1)
    with pytest.raises(ToolArgumentError, match="belong to design 'iv'"):
        run(case, design="rdd", running_variable="w")
    with pytest.raises(ToolArgumentError, match="is the treatment itself"):
        run(case, instrument=["dose"])


def test_summary_numbers_are_rounded_and_never_a_bare_zero():
    case = gen.observational(1000, seed=1)
    case.data["outcome"] = case.data["outcome"] * 1e-4
    result = run(case, method="linear_regression")
    assert "changes 'outcome' by 0.000" in result.summary or "e-0" in result.summary
    assert " by 0 " not in result.summary and np.isfinite(result.value)
