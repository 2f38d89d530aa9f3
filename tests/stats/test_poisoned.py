"""Poisoned data (found by fuzzing): infinities, extreme scales, constant columns, continuous
columns forced into table tests, large KCI runs. Each gives an error that says why and what to
do, or a real answer; never a verdict from a NaN p-value, never an internal error."""

import math
import time

import numpy as np
import pandas as pd
import pytest

from askwhy.errors import DataError, ToolArgumentError
from askwhy.stats import checks, independence
from askwhy.stats.discovery import _check_p_values, discover_graph
from askwhy.stats.effects import estimate_effect
from askwhy.stats.independence import independence_test


def _normal(n=300, seed=0, columns="abc"):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({c: rng.normal(size=n) for c in columns})


def _confounded(n=400, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    t = z + rng.normal(size=n)
    return pd.DataFrame({"t": t, "y": 2 * t + z + rng.normal(size=n), "z": z})


# ---------------------------------------------------------------- 1. NaN / inf, constant


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinite_values_are_a_data_error_everywhere(bad):
    data = _normal()
    data.loc[3, "a"] = bad
    for run in (
        lambda: independence_test(data, "a", "b"),
        lambda: independence_test(data, "b", "c", ["a"]),
        lambda: discover_graph(data),
    ):
        with pytest.raises(DataError, match=r"Infinite values .* in 'a' \(1 value\)"):
            run()
    effect = _confounded()
    effect.loc[0, "z"] = bad
    with pytest.raises(DataError, match="Column 'z' holds 1 infinite value"):
        estimate_effect(effect, "t", "y", ["z"], refuters=())


def test_huge_values_give_a_real_p_value_not_nan():
    data = _normal()
    scaled = data.assign(a=data["a"] * 1e300)
    for given in ([], ["c"]):
        plain = independence_test(data, "a", "b", given)
        huge = independence_test(scaled, "a", "b", given)
        assert math.isfinite(huge.p_value) and math.isfinite(huge.statistic)
        assert huge.p_value == pytest.approx(plain.p_value, rel=1e-9)
        assert huge.independent  # a and b are independent draws
    graph = discover_graph(scaled).graph
    assert graph.edges == discover_graph(data).graph.edges


def test_a_nan_p_value_is_an_error_not_a_verdict(monkeypatch):
    monkeypatch.setattr(independence, "fisher_z", lambda *a, **k: (float("nan"), float("nan")))
    with pytest.raises(DataError, match=r"gave no valid p-value \(p = nan\), so there is no"):
        independence_test(_normal(), "a", "b")
    with pytest.raises(DataError, match="given c"):
        checks.check_p_value(float("inf"), None, "kci", "a", "b", ["c"])
    checks.check_p_value(0.3, 1.2, "fisherz", "a", "b", [])  # a real result passes


def test_nan_p_values_inside_a_search_are_an_error():
    class FakeTest:
        pvalue_cache = {"data_hash": "x", "0;1": 0.2, "0;2|1": float("nan")}

    with pytest.raises(DataError, match="no valid p-value .* 1 of the tests"):
        _check_p_values(FakeTest(), "fisherz")
    FakeTest.pvalue_cache["0;2|1"] = 0.01
    _check_p_values(FakeTest(), "fisherz")
    _check_p_values(None, "fisherz")  # no test object (FCI): nothing to check


def test_constant_columns_are_named():
    data = _normal().assign(c=1.0)
    for run in (
        lambda: independence_test(data, "a", "c"),
        lambda: independence_test(data, "a", "b", ["c"]),
        lambda: discover_graph(data),
    ):
        with pytest.raises(DataError, match=r"Column 'c' is constant \(always 1\)"):
            run()
    with pytest.raises(DataError, match="Column 'z' is constant"):
        estimate_effect(_confounded().assign(z=5.0), "t", "y", ["z"], refuters=())
    with pytest.raises(DataError, match="Column 'y' is constant"):
        estimate_effect(_confounded().assign(y=0.0), "t", "y", [], refuters=())


def test_missing_values_are_left_out_with_a_note_and_too_few_rows_refused():
    data = _normal()
    data.loc[[1, 2], "b"] = np.nan
    result = independence_test(data, "a", "b")
    assert result.n_rows == 298 and math.isfinite(result.p_value)
    assert result.notes == ["Left out 2 of 300 rows with a missing value in b."]
    with pytest.raises(DataError, match="Only 5 complete rows"):
        independence_test(_normal(n=5), "a", "b")
    with pytest.raises(ToolArgumentError, match="Column 'a' is not numeric"):
        independence_test(_normal().assign(a="text"), "a", "b")


# ---------------------------------------------------------------- 2. table tests


@pytest.mark.parametrize("test", ["chisq", "gsq"])
def test_table_tests_refuse_continuous_columns(test):
    data = _normal(n=1000)
    started = time.perf_counter()
    for given in ([], ["c"]):
        with pytest.raises(ToolArgumentError) as caught:
            independence_test(data, "a", "b", given, test=test)
        message = str(caught.value)
        assert message.startswith(f"{test} needs discrete columns")
        assert "a has 1,000 distinct values" in message and "Use fisherz or kci, or auto" in message
    with pytest.raises(ToolArgumentError, match=f"{test} needs discrete columns"):
        discover_graph(data, test=test)
    for algorithm in ("pc", "fci"):
        with pytest.raises(ToolArgumentError, match="b has 1,000 distinct values"):
            discover_graph(data, algorithm=algorithm, test=test)
    assert time.perf_counter() - started < 10  # refused up front, no huge table


def test_table_tests_cap_the_contingency_table():
    rng = np.random.default_rng(0)
    n = 5000
    data = pd.DataFrame({c: rng.integers(0, 50, n) for c in "xyuvw"})
    with pytest.raises(ToolArgumentError, match=r"contingency table of [\d,]+ cells") as caught:
        independence_test(data, "x", "y", ["u", "v", "w"], test="chisq")
    assert "Condition on fewer columns" in str(caught.value)
    small = independence_test(data, "x", "y", ["u"], test="chisq")  # 50 x 50 x 50 cells
    assert math.isfinite(small.p_value)


def test_ges_bdeu_refuses_columns_that_are_not_discrete():
    data = _normal()
    kinds = {"a": "discrete", "b": "discrete", "c": "discrete"}  # wrong kinds given
    with pytest.raises(ToolArgumentError, match="GES with the BDeu score needs discrete"):
        discover_graph(data, algorithm="ges", kinds=kinds)


# ---------------------------------------------------------------- 3. scale-aware checks


def test_subnormal_values_are_not_perfectly_correlated():
    rng = np.random.default_rng(4)
    a = rng.normal(size=1000)
    b = a + rng.normal(size=1000)
    plain = pd.DataFrame({"a": a, "b": b, "c": b + rng.normal(size=1000)})
    tiny = plain.assign(a=plain["a"] * 1e-310)
    assert abs(tiny["a"]).max() < np.finfo(float).tiny  # subnormal
    assert discover_graph(tiny).graph.edges == discover_graph(plain).graph.edges
    assert independence_test(tiny, "a", "c", ["b"]).p_value == pytest.approx(
        independence_test(plain, "a", "c", ["b"]).p_value, rel=1e-6
    )


def test_real_copies_are_still_refused_and_last_digit_noise_is_constant():
    data = _normal()
    with pytest.raises(ToolArgumentError, match="perfectly correlated"):
        discover_graph(data.assign(c=data["a"] * 1e-310))
    flat = data.assign(c=1e6 + data["c"] * 1e-10)  # relative spread 1e-16: rounding only
    with pytest.raises(DataError, match="'c' varies only in the last digits"):
        independence_test(flat, "a", "c")


@pytest.mark.parametrize(("column", "factor"), [("t", 1e300), ("z", 1e-310), ("y", 1e40)])
def test_effects_refuse_scales_the_estimators_cannot_hold(column, factor):
    data = _confounded()
    data[column] = data[column] * factor
    with pytest.raises(DataError, match=f"Column '{column}' has values of order .* Rescale it"):
        estimate_effect(data, "t", "y", ["z"], refuters=())


def test_an_estimator_failure_is_a_data_error(monkeypatch):
    from askwhy.stats import effects

    def singular(*args, **kwargs):
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setattr(effects, "fit", singular)
    with pytest.raises(DataError, match=r"Linear regression could not estimate .*Singular"):
        estimate_effect(_confounded(), "t", "y", ["z"], method="linear_regression", refuters=())


# ---------------------------------------------------------------- 4. bounded KCI


def test_kci_runs_on_a_stated_seeded_subsample(monkeypatch):
    monkeypatch.setattr(independence, "KCI_MAX_ROWS", 120)
    data = _normal(n=400)
    first = independence_test(data, "a", "b", test="kci", seed=1)
    again = independence_test(data, "a", "b", test="kci", seed=1)
    assert first.p_value == again.p_value
    assert any("subsample of 120 of the 400 rows (seed 1)" in a for a in first.assumptions)
    assert first.n_rows == 400
    small = independence_test(_normal(n=100), "a", "b", test="kci")
    assert not any("subsample" in a for a in small.assumptions)

    started = time.perf_counter()
    found = discover_graph(data, test="kci", seed=1)
    assert time.perf_counter() - started < 60
    assert any("subsample of 120 of the 400 rows (seed 1)" in a for a in found.assumptions)
