"""The independence test chosen from the data's profile, and the tests it can choose."""

import numpy as np
import pandas as pd
import pytest

from askwhy.stats.independence import choose_test, independence_test, mixed_lrt
from askwhy.stats.nonlinear_test import RCoTCache, rcot
from askwhy.stats.test_choice import choose_test as choose_from_profile
from askwhy.stats.test_choice import normal_scores, profile_columns


def _fork(kind: str, n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """x <- z -> y with linear-Gaussian, skewed (monotone), nonlinear or discrete links."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    if kind == "linear":
        x, y = z + rng.normal(size=n), z + rng.normal(size=n)
    elif kind == "skewed":
        x, y, z = np.exp(z + rng.normal(size=n)), np.exp(z + 0.7 * rng.normal(size=n)), np.exp(z)
    elif kind == "nonlinear":
        x, y = np.sin(2 * z) + 0.4 * rng.normal(size=n), z**2 + z + 0.4 * rng.normal(size=n)
    else:
        z = rng.integers(0, 3, n)
        x = (z + (rng.random(n) < 0.3)) % 3
        y = (z + (rng.random(n) < 0.3)) % 3
    return pd.DataFrame({"x": x, "y": y, "z": z})


@pytest.mark.parametrize(
    ("kind", "test", "words"),
    [
        ("linear", "fisherz", "look linear"),
        ("skewed", "rank_fisherz", "normal scores"),
        ("nonlinear", "rcot", "nonlinear"),
        ("discrete", "chisq", "discrete"),
    ],
)
def test_the_profile_picks_the_test_and_says_why(kind, test, words):
    data = _fork(kind)
    result = independence_test(data, "x", "y", ["z"])
    assert result.test == test
    assert words in result.test_reason
    assert result.independent  # x and y are independent given their common cause z
    assert not independence_test(data, "x", "y").independent


def test_linear_gaussian_tables_keep_fisher_z_at_any_width():
    rng = np.random.default_rng(4)
    n, width = 3000, 12
    values = np.zeros((n, width))
    for j in range(width):
        values[:, j] = rng.normal(size=n) + (0.8 * values[:, j - 1] if j else 0.0)
    columns = [f"v{j}" for j in range(width)]
    choice = choose_from_profile(values, columns, ["continuous"] * width)
    assert choice.test == "fisherz" and not choice.profile.nonlinear


def test_linear_non_gaussian_noise_is_not_taken_for_nonlinearity():
    rng = np.random.default_rng(5)
    n = 3000
    x = rng.uniform(-1.7, 1.7, n)
    y = x + rng.uniform(-1.7, 1.7, n)
    profile = profile_columns(np.column_stack([x, y]), ["x", "y"], ["continuous"] * 2)
    assert profile.nonlinear == []


def test_a_forced_test_is_respected():
    data = _fork("nonlinear")
    result = independence_test(data, "x", "y", ["z"], test="fisherz")
    assert result.test == "fisherz" and result.test_reason == "the fisherz test was requested"
    assert independence_test(_fork("discrete"), "x", "y", test="gsq").test == "gsq"
    assert independence_test(data, "x", "y", test="rcot").test == "rcot"


def test_kinds_alone_still_give_the_old_default():
    assert choose_test({"continuous"}, 100)[0] == "fisherz"
    assert choose_test({"discrete", "binary"}, 100)[0] == "chisq"


def test_mixed_columns_use_indicators_never_codes_as_numbers():
    rng = np.random.default_rng(6)
    n = 2000
    group = rng.integers(0, 3, n)  # a non-monotone effect: codes 0 and 2 alike, 1 apart
    y = np.where(group == 1, 1.0, 0.0) + rng.normal(size=n)
    c = rng.normal(size=n)
    data = pd.DataFrame({"group": group, "y": y, "c": c})
    result = independence_test(data, "group", "y", ["c"])
    assert result.test == "dg" and not result.independent
    assert "indicators" in result.test_reason
    assert independence_test(data, "group", "y", ["c"], test="fisherz").independent
    statistic, p_value = mixed_lrt(data[["c", "y"]].to_numpy(), ["continuous", "continuous"])
    assert p_value > 0.01 and statistic >= 0


def test_normal_scores_are_gaussian_quantiles_of_the_ranks():
    scores = normal_scores(np.array([10.0, -3.0, 1e6, 0.5]))
    assert np.argsort(scores).tolist() == [1, 3, 0, 2]
    assert scores.sum() == pytest.approx(0.0, abs=1e-12)


def _rejections(make, reps: int, n: int) -> float:
    rejected = 0
    for rep in range(reps):
        rng = np.random.default_rng(rep)
        x, y, z = make(rng, n)
        rejected += rcot(x, y, z, seed=rep)[1] < 0.05
    return rejected / reps


def _independent(rng, n):
    return rng.normal(size=n), rng.exponential(size=n), None


def _conditionally_independent(rng, n):
    z = rng.normal(size=n)
    return np.sin(2 * z) + 0.5 * rng.normal(size=n), z**2 + 0.5 * rng.normal(size=n), z


def test_rcot_has_the_right_size_under_independence():
    assert 0.01 <= _rejections(_independent, 200, 300) <= 0.09
    assert _rejections(_conditionally_independent, 100, 500) <= 0.10


def test_rcot_has_power_on_nonlinear_dependence():
    def square(rng, n):
        x = rng.normal(size=n)
        return x, x**2 + rng.normal(size=n), None

    def conditional_sine(rng, n):
        z, x = rng.normal(size=(2, n))
        return x, np.sin(2 * x) + z + 0.7 * rng.normal(size=n), z

    assert _rejections(square, 30, 300) >= 0.9
    assert _rejections(conditional_sine, 30, 300) >= 0.9


def test_rcot_repeats_exactly_for_a_seed_and_the_cache_agrees_with_itself():
    rng = np.random.default_rng(7)
    x, y, z = rng.normal(size=(3, 400))
    assert rcot(x, y, z, seed=3) == rcot(x, y, z, seed=3)
    cache = RCoTCache([x, y, z], seed=1)
    first = cache.test(0, 1, [2])
    assert cache.test(1, 0, [2])[0] == pytest.approx(first[0])  # symmetric in x and y
    assert RCoTCache([x, y, z], seed=1).test(0, 1, [2]) == first  # not order dependent


def test_pc_runs_with_the_nonlinear_test_by_name():
    from askwhy.stats.discovery import discover_graph
    from askwhy.stats.search_tests import register_search_tests

    register_search_tests()
    rng = np.random.default_rng(8)
    n = 1500
    a, b = rng.normal(size=(2, n))
    c = a**2 + np.abs(b) + 0.3 * rng.normal(size=n)  # a -> c <- b, both non-monotone
    data = pd.DataFrame({"a": a, "b": b, "c": c})
    kinds = dict.fromkeys(data.columns, "continuous")
    found = discover_graph(data, test="rcot", kinds=kinds)
    assert sorted(e.as_list() for e in found.graph.edges) == [["a", "c", "->"], ["b", "c", "->"]]
    assert found.graph.provenance.test == "rcot"
    plain = discover_graph(data, test="fisherz", kinds=kinds)
    assert len(plain.graph.edges) < 2  # partial correlation misses a square or an abs
    for test in ("rank_fisherz", "dg"):
        assert discover_graph(data, test=test, kinds=kinds).graph.provenance.test == test
