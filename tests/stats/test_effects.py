"""Effect estimation on simulated data with a known graph and a known effect of 2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError
from askwhy.stats.effects import EffectResult, estimate_effect

TRUE_EFFECT = 2.0


@pytest.fixture(scope="module")
def linear() -> pd.DataFrame:
    """Z -> T, Z -> Y, T -> Y (coefficient 2), all linear."""
    rng = np.random.default_rng(1)
    n = 1000
    z = rng.normal(size=n)
    t = 1.5 * z + rng.normal(size=n)
    y = TRUE_EFFECT * t + 3.0 * z + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "T": t, "Y": y, "label": ["a"] * n})


@pytest.fixture(scope="module")
def nonlinear() -> pd.DataFrame:
    """Z drives T and Y through Z^2 and W through sin: linear adjustment is not enough."""
    rng = np.random.default_rng(2)
    n = 1000
    z = rng.normal(size=n)
    w = rng.normal(size=n)
    t = z**2 + 0.5 * w + rng.normal(size=n)
    y = TRUE_EFFECT * t + 2.0 * z**2 + np.sin(2 * w) + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "W": w, "T": t, "Y": y})


@pytest.fixture(scope="module")
def binary() -> pd.DataFrame:
    """Z -> T (0/1, logistic), Z -> Y, T -> Y with effect 2."""
    rng = np.random.default_rng(4)
    n = 1000
    z = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-1.5 * z))).astype(int)
    y = TRUE_EFFECT * t + 3.0 * z + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "T": t, "Y": y})


@pytest.fixture(scope="module")
def adjusted(linear: pd.DataFrame) -> EffectResult:
    return estimate_effect(linear, "T", "Y", adjustment_set=["Z"])


def test_adjusting_for_the_confounder_recovers_the_effect(adjusted: EffectResult) -> None:
    assert adjusted.method == "linear_regression"
    assert adjusted.value == pytest.approx(TRUE_EFFECT, rel=0.1)
    low, high = adjusted.ci
    assert low <= TRUE_EFFECT <= high
    assert adjusted.ci_contains_zero is False
    assert adjusted.adjustment_set == ["Z"]
    assert adjusted.treatment_values is None
    assert "one-unit increase" in adjusted.effect_of
    assert "Z" in adjusted.estimand
    assert "1.9" in adjusted.summary or "2" in adjusted.summary
    assert any("unmeasured confounding" in a for a in adjusted.assumptions)
    assert any("linear" in a for a in adjusted.assumptions)


def test_ignoring_the_confounder_gives_a_biased_estimate(linear: pd.DataFrame) -> None:
    naive = estimate_effect(linear, "T", "Y", refuters=())
    assert abs(naive.value - TRUE_EFFECT) > 0.5
    assert not naive.ci[0] <= TRUE_EFFECT <= naive.ci[1]


def test_treatment_values_give_the_effect_of_that_change(
    linear: pd.DataFrame, adjusted: EffectResult
) -> None:
    moved = estimate_effect(
        linear, "T", "Y", adjustment_set=["Z"], treatment_values=(1, 3), refuters=()
    )
    assert moved.treatment_values == (1, 3)
    assert moved.value == pytest.approx(2 * adjusted.value, rel=1e-6)
    assert moved.ci[0] == pytest.approx(2 * adjusted.ci[0], rel=1e-6)
    wide = estimate_effect(
        linear, "T", "Y", adjustment_set=["Z"], treatment_values=(10, 20), refuters=()
    )
    assert wide.value == pytest.approx(10 * adjusted.value, rel=1e-6)
    down = estimate_effect(
        linear, "T", "Y", adjustment_set=["Z"], treatment_values=(3, 1), refuters=()
    )
    assert down.value == pytest.approx(-2 * adjusted.value, rel=1e-6)


def test_treatment_values_outside_the_data_warn(linear: pd.DataFrame) -> None:
    result = estimate_effect(
        linear, "T", "Y", adjustment_set=["Z"], treatment_values=(0, 50), refuters=()
    )
    assert len(result.warnings) == 1
    assert "50" in result.warnings[0] and "outside the observed range" in result.warnings[0]


def test_refutations_are_reported_and_pass_for_a_real_effect(adjusted: EffectResult) -> None:
    by_name = {r.method: r for r in adjusted.refutations}
    assert set(by_name) == {"placebo_treatment_refuter", "random_common_cause"}
    placebo = by_name["placebo_treatment_refuter"]
    assert placebo.passed is True
    assert abs(placebo.new_effect) < 0.1 * TRUE_EFFECT
    common = by_name["random_common_cause"]
    assert common.passed is True
    assert common.new_effect == pytest.approx(adjusted.value, rel=0.05)
    assert all(r.num_simulations == 20 and r.summary for r in adjusted.refutations)


def test_data_subset_refuter_and_seeded_repeatability(linear: pd.DataFrame) -> None:
    kwargs = dict(adjustment_set=["Z"], refuters=["data_subset_refuter"], num_simulations=5)
    first = estimate_effect(linear, "T", "Y", seed=7, **kwargs)
    second = estimate_effect(linear, "T", "Y", seed=7, **kwargs)
    assert first.refutations[0].passed is True
    assert first.refutations[0].num_simulations == 5
    assert first.refutations[0].new_effect == second.refutations[0].new_effect


def test_double_ml_beats_linear_regression_on_nonlinear_confounding(
    nonlinear: pd.DataFrame,
) -> None:
    auto = estimate_effect(nonlinear, "T", "Y", adjustment_set=["Z", "W"], refuters=())
    assert auto.method == "dml"
    assert "nonlinear" in auto.method_reason
    linear_fit = estimate_effect(
        nonlinear, "T", "Y", adjustment_set=["Z", "W"], method="linear_regression", refuters=()
    )
    assert abs(auto.value - TRUE_EFFECT) < abs(linear_fit.value - TRUE_EFFECT)
    assert auto.value == pytest.approx(TRUE_EFFECT, rel=0.1)
    assert auto.ci[0] <= TRUE_EFFECT <= auto.ci[1]
    assert not linear_fit.ci[0] <= TRUE_EFFECT <= linear_fit.ci[1]


def test_double_ml_refutations_use_fewer_simulations(linear: pd.DataFrame) -> None:
    small = linear.iloc[:400]
    result = estimate_effect(
        small, "T", "Y", adjustment_set=["Z"], method="dml", refuters=["random_common_cause"]
    )
    assert result.method == "dml"
    assert result.value == pytest.approx(TRUE_EFFECT, rel=0.15)
    assert result.refutations[0].num_simulations == 5
    assert result.refutations[0].passed is True


def test_binary_treatment(binary: pd.DataFrame) -> None:
    naive = estimate_effect(binary, "T", "Y", refuters=())
    assert naive.value > TRUE_EFFECT + 1.0  # confounded by Z
    result = estimate_effect(binary, "T", "Y", adjustment_set=["Z"], refuters=())
    assert result.treatment_values == (0, 1)
    assert result.method == "linear_regression"
    assert result.value == pytest.approx(TRUE_EFFECT, rel=0.1)
    assert "instead of" in result.summary

    weighted = estimate_effect(
        binary, "T", "Y", adjustment_set=["Z"], method="propensity_score_weighting", refuters=()
    )
    assert weighted.value == pytest.approx(TRUE_EFFECT, rel=0.15)
    assert weighted.ci[0] <= TRUE_EFFECT <= weighted.ci[1]
    reverse = estimate_effect(
        binary,
        "T",
        "Y",
        adjustment_set=["Z"],
        method="propensity_score_weighting",
        treatment_values=(1, 0),
        refuters=(),
    )
    assert reverse.value == pytest.approx(-weighted.value, rel=0.02)


def test_binary_treatment_with_nonlinear_confounding_uses_double_ml(binary: pd.DataFrame) -> None:
    curved = binary.assign(Y=TRUE_EFFECT * binary["T"] + 3.0 * binary["Z"] ** 2)
    curved["Y"] += np.random.default_rng(5).normal(size=len(curved))
    result = estimate_effect(curved, "T", "Y", adjustment_set=["Z"], refuters=())
    assert result.method == "dml"
    assert result.treatment_values == (0, 1)
    assert result.value == pytest.approx(TRUE_EFFECT, rel=0.1)


def test_unknown_column_error_lists_the_columns(linear: pd.DataFrame) -> None:
    with pytest.raises(UnknownVariableError) as info:
        estimate_effect(linear, "T", "Y", adjustment_set=["z_score"])
    message = str(info.value)
    assert "z_score" in message
    for column in linear.columns:
        assert column in message
    with pytest.raises(UnknownVariableError):
        estimate_effect(linear, "Treatment", "Y")


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        (dict(treatment="T", outcome="T"), "different"),
        (dict(treatment="T", outcome="Y", adjustment_set=["T"]), "remove it"),
        (dict(treatment="T", outcome="Y", adjustment_set=["label"]), "not numeric"),
        (dict(treatment="T", outcome="Y", method="propensity_score_weighting"), "adjustment"),
        (
            dict(
                treatment="T",
                outcome="Y",
                adjustment_set=["Z"],
                method="propensity_score_weighting",
            ),
            "0/1 treatment",
        ),
        (dict(treatment="T", outcome="Y", treatment_values=(1, 1)), "two different"),
        (dict(treatment="T", outcome="Y", refuters=["bootstrap"]), "placebo_treatment_refuter"),
        (dict(treatment="T", outcome="Y", method="magic"), "linear_regression"),
    ],
)
def test_bad_arguments_say_what_to_do(linear: pd.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(ToolArgumentError, match=needle):
        estimate_effect(linear, **kwargs)


def test_missing_values_are_dropped_with_a_warning(linear: pd.DataFrame) -> None:
    holes = linear.copy()
    holes.loc[:9, "Z"] = np.nan
    result = estimate_effect(holes, "T", "Y", adjustment_set=["Z"], refuters=())
    assert result.n_rows == len(linear) - 10
    assert any("Dropped 10 rows" in w for w in result.warnings)
    with pytest.raises(DataError):
        estimate_effect(holes.iloc[:15], "T", "Y", adjustment_set=["Z"])


def test_no_library_warnings_leak(linear: pd.DataFrame, recwarn: pytest.WarningsRecorder) -> None:
    estimate_effect(linear, "T", "Y", adjustment_set=["Z"], refuters=("random_common_cause",))
    assert len(recwarn) == 0
