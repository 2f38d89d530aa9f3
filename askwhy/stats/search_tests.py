"""askwhy's own independence tests inside causal-learn's PC and FCI.

causal-learn looks tests up by name, and keeps custom ones in its own registry
(`causallearn.utils.cit.register_ci_test`). `register_search_tests` puts rank_fisherz, dg
and rcot there, so `discover_graph(..., test="rcot")` runs PC with RCoT. Registering again
replaces the entries with the same classes, so calling it before every search is harmless.

A test inside a search sees only the (standardized) numbers, so a column's kind is read
from them: at most two distinct values is binary, at most SEARCH_DISCRETE_LEVELS (the most
levels a category may have) is discrete, more is continuous. RCoT inside a search runs on a
seeded subsample of RCOT_SEARCH_ROWS rows (a search runs hundreds of tests), with features
drawn once per column and conditioning set (askwhy.stats.nonlinear_test.RCoTCache), so a
p-value never depends on the order of the tests.
"""

from __future__ import annotations

import numpy as np

from askwhy.stats.checks import standardized
from askwhy.stats.independence import fisher_z, indicators, mixed_lrt
from askwhy.stats.nonlinear_test import RCoTCache
from askwhy.stats.test_choice import normal_scores_matrix

SEARCH_TESTS = ("rank_fisherz", "dg", "rcot")
SEARCH_DISCRETE_LEVELS = 20
RCOT_SEARCH_ROWS = 2000


def search_kinds(values: np.ndarray) -> list[str]:
    """Column kinds read from the numbers alone (what a test inside PC gets)."""
    kinds = []
    for column in values.T:
        levels = len(np.unique(column))
        if levels <= 2:
            kinds.append("binary")
        elif levels <= SEARCH_DISCRETE_LEVELS:
            kinds.append("discrete")
        else:
            kinds.append("continuous")
    return kinds


def register_search_tests() -> None:
    """Make rank_fisherz, dg and rcot usable by name in causal-learn's PC and FCI."""
    from causallearn.utils.cit import CIT_Base, register_ci_test

    class SearchTest(CIT_Base):
        name = ""

        def __init__(self, data: np.ndarray, **kwargs: object) -> None:
            super().__init__(data, **kwargs)
            self.check_cache_method_consistent(self.name, "askwhy")
            self.assert_input_data_is_valid()
            self.kinds = search_kinds(data)
            self.prepare()

        def prepare(self) -> None:
            """Work done once per search."""

        def __call__(self, X, Y, condition_set=None) -> float:  # noqa: N803 (causal-learn's names)
            xs, ys, given, key = self.get_formatted_XYZ_and_cachekey(X, Y, condition_set)
            if key not in self.pvalue_cache:
                self.pvalue_cache[key] = self.p_value([*xs, *ys, *given])
            return self.pvalue_cache[key]

        def p_value(self, index: list[int]) -> float:
            raise NotImplementedError

    class RankFisherZ(SearchTest):
        name = "rank_fisherz"

        def prepare(self) -> None:
            scores = normal_scores_matrix(self.data, self.kinds)
            names = [f"column {i + 1}" for i in range(scores.shape[1])]
            self.scores = standardized(scores, names)

        def p_value(self, index: list[int]) -> float:
            return fisher_z(self.scores[:, index], given_count=len(index) - 2)[1]

    class MixedLRT(SearchTest):
        name = "dg"

        def p_value(self, index: list[int]) -> float:
            return mixed_lrt(self.data[:, index], [self.kinds[i] for i in index])[1]

    class RCoT(SearchTest):
        name = "rcot"

        def prepare(self) -> None:
            self.cache = RCoTCache(search_blocks(self.data, self.kinds), seed=0)

        def p_value(self, index: list[int]) -> float:
            return self.cache.test(index[0], index[1], index[2:])[1]

    for test in (RankFisherZ, MixedLRT, RCoT):
        register_ci_test(test.name, test)


def search_blocks(values: np.ndarray, kinds: list[str], seed: int = 0) -> list[np.ndarray]:
    """RCoT's view of each column on a seeded subsample of at most RCOT_SEARCH_ROWS rows:
    continuous columns as normal scores, discrete ones as 0/1 indicators."""
    if len(values) > RCOT_SEARCH_ROWS:
        rng = np.random.default_rng(seed)
        values = values[np.sort(rng.choice(len(values), RCOT_SEARCH_ROWS, replace=False))]
    scores = normal_scores_matrix(values, kinds)
    return [indicators(column, kind) for column, kind in zip(scores.T, kinds, strict=True)]
