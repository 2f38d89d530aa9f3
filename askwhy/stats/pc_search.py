"""PC with maximum-p collider orientation (PC-MaxP), within a bounded number of tests.

PC's usual collider rule (causal-learn `uc_sepset`) orients X -> Z <- Y when Z is not in the
one separating set the skeleton search happened to find for X and Y. At finite samples a
single borderline test, or an edge the skeleton missed, then makes a spurious v-structure,
and Meek's rules spread the wrong arrows: the answers say "no" where the data cannot decide.
MaxP (Ramsey 2016, "Improving accuracy and scalability of the PC algorithm by maximizing
P-value") tests X and Y given every subset of X's neighbours and of Y's, and orients the
collider only when the sets without Z separate X and Y better (larger p-value) than the
sets with Z; conflicting colliders are settled in favour of the stronger one (causal-learn
`maxp` with priority 3). On the generated sets (evals/README.md) it made more yes/no answers
right against the true graph on the linear, nonlinear and discrete families, fewer on the
mixed one.

MaxP runs 2^|adj(X)| + 2^|adj(Y)| tests per separated pair with a common neighbour: nothing
for fast tests, much for kernel tests on wide, dense graphs. When that count exceeds the
test's budget (MAXP_TESTS, deterministic, so the graph never depends on the machine's
speed), the usual sepset rule is used (`run_pc` returns which rule ran).
"""

from __future__ import annotations

from typing import Any

# Most MaxP tests a search may add, by test (the skeleton's own tests are cached and free).
MAXP_TESTS = {"rcot": 2_000, "kci": 300}
MAXP_TESTS_FAST = 100_000  # Fisher-z, rank Fisher-z, dg, chi-square, G-square

RULES = {
    "maxp": "colliders oriented by maximum p-value over the neighbours' subsets (PC-MaxP)",
    "sepset": "colliders oriented by the separating sets found (PC's usual rule)",
}


def run_pc(
    values: Any,
    names: list[str],
    test: str,
    alpha: float,
    knowledge: Any = None,
    **test_options: Any,
) -> tuple[Any, str]:
    """causal-learn's PC (stable skeleton, then collider orientation and Meek's rules) with
    MaxP when its tests fit the budget; returns (causal-learn CausalGraph, rule used).
    `test_options` go to the test (causal-learn CIT), as pc(..., **kwargs) passes them."""
    from causallearn.utils.cit import CIT
    from causallearn.utils.PCUtils import Meek, SkeletonDiscovery, UCSepset
    from causallearn.utils.PCUtils.BackgroundKnowledgeOrientUtils import (
        orient_by_background_knowledge,
    )

    skeleton = SkeletonDiscovery.skeleton_discovery(
        values,
        alpha,
        CIT(values, test, **test_options),
        True,
        background_knowledge=knowledge,
        verbose=False,
        show_progress=False,
        node_names=names,
    )
    if knowledge is not None:
        orient_by_background_knowledge(skeleton, knowledge)
    if maxp_tests(skeleton) <= MAXP_TESTS.get(test, MAXP_TESTS_FAST):
        rule, colliders = "maxp", UCSepset.maxp(skeleton, 3, background_knowledge=knowledge)
    else:
        rule, colliders = "sepset", UCSepset.uc_sepset(skeleton, 2, background_knowledge=knowledge)
    return Meek.meek(colliders, background_knowledge=knowledge), rule


def maxp_tests(skeleton: Any) -> int:
    """How many tests MaxP would run at most: for each non-adjacent pair with a common
    neighbour, every subset of either one's neighbours."""
    pairs = {(x, z) for x, _, z in skeleton.find_unshielded_triples() if x < z}
    return sum(2 ** len(skeleton.neighbors(x)) + 2 ** len(skeleton.neighbors(z)) for x, z in pairs)
