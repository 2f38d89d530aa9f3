"""Independence tests on data with a known graph."""

import numpy as np
import pandas as pd
import pytest

from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.stats.independence import fisher_z, independence_test


def _fork(n=1000, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    return pd.DataFrame({"x": z + rng.normal(size=n), "y": z + rng.normal(size=n), "z": z})


def test_fisher_z_matches_causal_learn():
    from causallearn.utils.cit import CIT

    data = _fork()
    values = data.to_numpy()
    reference = CIT(values, "fisherz")
    for given in ([], [2]):
        ours = fisher_z(values[:, [0, 1, *given]], given_count=len(given))[1]
        assert ours == pytest.approx(reference(0, 1, given), abs=1e-10)


def test_fork_dependent_marginally_independent_given_common_cause():
    data = _fork()
    marginal = independence_test(data, "x", "y")
    conditional = independence_test(data, "x", "y", ["z"])
    assert marginal.test == "fisherz" and not marginal.independent and marginal.p_value < 1e-6
    assert conditional.independent and conditional.p_value > 0.05
    assert "Fisher-z" in " ".join(conditional.assumptions)


def test_collider_independent_marginally_dependent_given_effect():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(2, 1000))
    data = pd.DataFrame({"x": x, "y": y, "c": x + y + rng.normal(size=1000)})
    assert independence_test(data, "x", "y").independent
    assert not independence_test(data, "x", "y", ["c"]).independent


def test_discrete_columns_use_chi_square():
    rng = np.random.default_rng(2)
    a = rng.integers(0, 3, 2000)
    b = (a + (rng.random(2000) < 0.3)) % 3
    c = rng.integers(0, 2, 2000)
    data = pd.DataFrame({"a": a, "b": b, "c": c})
    dependent = independence_test(data, "a", "b")
    independent = independence_test(data, "a", "c")
    assert dependent.test == "chisq" and not dependent.independent
    assert independent.test == "chisq" and independent.independent
    assert independence_test(data, "a", "b", test="gsq").test == "gsq"


def test_kci_detects_nonlinear_dependence_fisher_z_misses():
    rng = np.random.default_rng(3)
    x = rng.normal(size=400)
    data = pd.DataFrame({"x": x, "y": x**2 + 0.3 * rng.normal(size=400)})
    # Fisher-z sees no linear relation; the profiled default sees the nonlinear one
    assert independence_test(data, "x", "y", test="fisherz").independent
    assert not independence_test(data, "x", "y", test="kci").independent
    chosen = independence_test(data, "x", "y")
    assert not chosen.independent and chosen.test != "fisherz"


def test_bad_arguments_explain_themselves():
    data = _fork()
    with pytest.raises(UnknownVariableError, match="Columns in the data: x, y, z"):
        independence_test(data, "x", "w")
    with pytest.raises(ToolArgumentError, match="two different"):
        independence_test(data, "x", "x")
    with pytest.raises(ToolArgumentError, match="contains a tested variable"):
        independence_test(data, "x", "y", ["x"])
    with pytest.raises(ToolArgumentError, match="alpha"):
        independence_test(data, "x", "y", alpha=1.5)
