"""Pairwise direction: each method on its textbook case, and the rule that combines them."""

from __future__ import annotations

import numpy as np
import pytest

from askwhy.evals.pairs import MECHANISMS, make_pair
from askwhy.stats.pairwise import combine, orient_pair
from askwhy.stats.pairwise_fit import MAX_ROWS, pair_rows
from askwhy.stats.pairwise_methods import MethodScore, anm, igci, lingam, reci


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _both_ways(method, cause: np.ndarray, effect: np.ndarray, **kwargs) -> tuple[str, str]:
    """The method's vote with the cause as x, and with the cause as y."""
    forward = method(pair_rows(cause, effect, seed=0), **kwargs).vote
    backward = method(pair_rows(effect, cause, seed=0), **kwargs).vote
    return forward, backward


def test_lingam_orients_linear_non_gaussian_pairs():
    rng = _rng(1)
    cause = rng.uniform(-1, 1, 1000)
    effect = 0.8 * cause + rng.uniform(-1, 1, 1000)
    assert _both_ways(lingam, cause, effect, seed=0) == ("x_to_y", "y_to_x")


def test_anm_orients_a_nonlinear_function_plus_noise():
    rng = _rng(2)
    cause = rng.uniform(-2, 2, 800)
    effect = cause + 0.5 * cause**3 + rng.normal(0, 1, 800)
    assert _both_ways(anm, cause, effect) == ("x_to_y", "y_to_x")
    score = anm(pair_rows(cause, effect, seed=0))
    assert score.details["p_x_to_y"] > 0.05 > 0.001 > score.details["p_y_to_x"]


def test_reci_orients_a_monotone_low_noise_relation():
    rng = _rng(3)
    cause = rng.uniform(0, 1, 800)
    effect = cause**3 + rng.normal(0, 0.03, 800)
    assert _both_ways(reci, cause, effect) == ("x_to_y", "y_to_x")


def test_igci_orients_a_near_deterministic_relation():
    rng = _rng(4)
    cause = rng.normal(size=800)
    effect = np.exp(cause) + rng.normal(0, 0.01, 800)
    assert _both_ways(igci, cause, effect, seed=0) == ("x_to_y", "y_to_x")
    # with much noise IGCI says its model does not apply
    noisy = cause + rng.normal(0, 1, 800)
    assert not igci(pair_rows(cause, noisy, seed=0), seed=0).applies


def test_combination_decides_a_clear_nonlinear_pair_and_names_the_methods():
    rng = _rng(5)
    x = rng.uniform(-2, 2, 600)
    y = np.sin(1.5 * x) + 0.3 * rng.laplace(size=600)
    result = orient_pair(x, y, "dose", "response")
    assert result.direction == "x_to_y"
    assert "anm" in result.agreeing and not result.opposing
    assert result.reason.startswith("dose causes response: ")
    assert "hidden common cause" in result.reason
    flipped = orient_pair(y, x, "response", "dose")
    assert flipped.direction == "y_to_x"


@pytest.mark.parametrize("seed", range(8))
def test_gaussian_linear_pairs_are_uncertain(seed):
    rng = _rng(100 + seed)
    n = (200, 500, 1000, 3000)[seed % 4]
    x = rng.normal(size=n)
    y = rng.uniform(0.3, 2.0) * x + rng.uniform(0.3, 1.5) * rng.normal(size=n)
    assert orient_pair(x, y, seed=seed).direction == "uncertain"


def test_independent_and_binary_pairs_are_uncertain_never_none():
    rng = _rng(6)
    independent = orient_pair(rng.exponential(size=500), rng.laplace(size=500))
    assert (
        independent.direction == "uncertain" and "not shown to be dependent" in independent.reason
    )
    treated = rng.integers(0, 2, 500).astype(float)
    binary = orient_pair(treated, treated + rng.normal(size=500), "treated", "outcome")
    assert binary.direction == "uncertain" and "treated takes only 2 values" in binary.reason
    few = orient_pair(np.arange(20.0), np.arange(20.0) ** 2)
    assert few.direction == "uncertain" and "only 20 complete rows" in few.reason


def _vote(method: str, vote: str) -> MethodScore:
    return MethodScore(method=method, applies=vote != "abstain", vote=vote)


def test_disagreement_is_uncertain():
    result = combine([_vote("anm", "x_to_y"), _vote("reci", "y_to_x"), _vote("igci", "abstain")])
    assert result.direction == "uncertain" and "disagree" in result.reason
    assert result.agreeing == ["anm"] and result.opposing == ["reci"]


def test_a_method_that_cannot_check_its_model_needs_a_second_vote():
    alone = combine([_vote("reci", "y_to_x"), _vote("anm", "abstain")])
    assert alone.direction == "uncertain" and "one more method" in alone.reason
    together = combine([_vote("reci", "y_to_x"), _vote("igci", "y_to_x")])
    assert together.direction == "y_to_x"
    checked = combine([_vote("anm", "x_to_y"), _vote("lingam", "abstain")])
    assert checked.direction == "x_to_y"
    assert combine([_vote("anm", "abstain")]).direction == "uncertain"


def test_rows_are_capped_and_results_reproducible():
    rng = _rng(7)
    x = rng.uniform(-2, 2, 5000)
    y = x**3 + rng.normal(size=5000)
    x[:10] = np.nan  # incomplete rows are left out
    first = orient_pair(x, y, seed=3)
    assert first.n_rows == 4990 and first.n_used == MAX_ROWS  # the cap bounds the work
    again = orient_pair(x, y, seed=3)
    assert again.model_dump() == first.model_dump()


def test_every_method_is_evidence_with_its_assumptions():
    rng = _rng(8)
    x = rng.uniform(-2, 2, 500)
    result = orient_pair(x, np.tanh(2 * x) + 0.2 * rng.normal(size=500), "a", "b")
    evidence = result.evidence()
    methods = [e.method for e in evidence]
    assert methods[0] == "HSIC dependence check" and len(methods) == 5
    for item in evidence[1:]:
        assert item.kind == "test" and item.assumptions and item.note
        assert item.parameters["vote"] in {"a -> b", "b -> a", "abstain"}
    assert any("non-Gaussian" in a for a in evidence[1].assumptions)  # LiNGAM
    assert any("additive noise" in a.lower() for a in evidence[2].assumptions)  # ANM


def test_generated_pairs_are_seeded_and_decided_correctly_on_textbook_mechanisms():
    first = make_pair("anm_nongaussian", seed=4)
    again = make_pair("anm_nongaussian", seed=4)
    assert np.array_equal(first.x, again.x) and first.truth == again.truth
    assert make_pair("confounded", seed=1).truth == "uncertain"
    truths = {make_pair("linear_nongaussian", seed=s).truth for s in range(10)}
    assert truths == {"x_to_y", "y_to_x"}  # the cause is put in either column
    decided = wrong = 0
    for mechanism in ("linear_nongaussian", "anm_gaussian", "deterministic", "discrete_cause"):
        for seed in range(3):
            case = make_pair(mechanism, seed=seed, n_samples=500)
            found = orient_pair(case.x, case.y, seed=seed).direction
            decided += found != "uncertain"
            wrong += found not in ("uncertain", case.truth)
    assert decided >= 9 and wrong == 0
    assert set(MECHANISMS) >= {"heteroscedastic", "confounded", "discrete_effect"}
