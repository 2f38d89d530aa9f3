"""BOSS with seeded restarts (askwhy.stats.boss_search) and algorithm auto's use of it."""

import numpy as np

from askwhy.core.graph import CausalGraph
from askwhy.evals import synthetic
from askwhy.evals.labels import cpdag_of
from askwhy.stats.boss_search import copula_scores, run_boss
from askwhy.stats.discovery import discover_graph
from tests.stats.seeded import collider


def _edges(graph):
    return {tuple(edge) for edge in graph.edge_list()}


def test_boss_finds_the_collider_class():
    result = discover_graph(collider(), algorithm="boss")
    assert _edges(result.graph) == {("a", "c", "->"), ("b", "c", "->"), ("c", "d", "->")}
    assert (result.test, result.alpha) == ("bic", None)
    assert result.graph.provenance.parameters == {
        "penalty": 1.0,
        "starts": 10,
        "repair": 0.01,
        "seed": 0,
    }
    assert any("BOSS" in text for text in result.assumptions)


def test_same_data_and_seed_give_the_same_graph():
    dag = synthetic.random_dag(9, expected_degree=3.0, rng=4)
    frame = synthetic.simulate(dag, 800, "linear", seed=4)
    values = copula_scores(frame.to_numpy(dtype=float))
    names = list(frame.columns)
    first = CausalGraph.from_causallearn(run_boss(values, names, seed=3), names, kind="cpdag")
    again = CausalGraph.from_causallearn(run_boss(values, names, seed=3), names, kind="cpdag")
    assert _edges(first) == _edges(again)


def test_restarts_recover_a_dense_graph_at_least_as_well_as_one_start():
    hits = {1: 0, 10: 0}
    for seed in range(6):
        dag = synthetic.random_dag(8, expected_degree=3.0, rng=seed)
        frame = synthetic.simulate(dag, 2000, "linear", seed=seed)
        values, names = copula_scores(frame.to_numpy(dtype=float)), list(frame.columns)
        truth = _edges(cpdag_of(dag))
        for starts in hits:
            found = run_boss(values, names, seed=seed, starts=starts)
            graph = CausalGraph.from_causallearn(found, names, kind="cpdag")
            hits[starts] += _edges(graph) == truth
    assert hits[10] >= hits[1] and hits[10] >= 4


def _cancelling_triangle(seed: int) -> tuple[np.ndarray, list[str]]:
    """x -> z -> y and x -> y whose effects nearly cancel: corr(x, y) is about 0.1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=1000)
    z = 0.6 * x + rng.normal(size=1000)
    y = 0.6 * x - 0.78 * z + rng.normal(size=1000)
    return copula_scores(np.column_stack([x, z, y])), ["x", "z", "y"]


def _linked(values, names, seed, repair):
    found = run_boss(values, names, seed=seed, repair=repair)
    graph = CausalGraph.from_causallearn(found, names, kind="cpdag")
    return any({a, b} == {"x", "y"} for a, b, _ in graph.edge_list())


def test_a_weak_direct_edge_the_data_insist_on_is_put_back():
    """Where x and y are clearly correlated (Fisher-z p < 0.005), a graph without the x -- y
    edge (x -> z <- y) contradicts the data: with the repair the edge is always there."""
    from scipy.stats import norm

    clear, dropped_without = 0, 0
    for seed in range(20):
        values, names = _cancelling_triangle(seed)
        r = np.corrcoef(values, rowvar=False)[0, 2]
        if 2 * norm.sf(abs(np.arctanh(r)) * np.sqrt(997)) < 0.005:
            clear += 1
            assert _linked(values, names, seed, repair=True)
            dropped_without += not _linked(values, names, seed, repair=False)
    assert clear >= 5 and dropped_without >= 2


def test_the_repair_adds_no_edge_between_independent_columns():
    rng = np.random.default_rng(5)
    extra = 0
    for _ in range(20):
        data = rng.normal(size=(1000, 6))
        data[:, 1] += 0.7 * data[:, 0]
        graph = CausalGraph.from_causallearn(
            run_boss(copula_scores(data), list("abcdef")), list("abcdef"), kind="cpdag"
        )
        extra += len(graph.edge_list()) - 1
    assert extra <= 3  # Bonferroni: about 5 % of graphs may get one false edge


def test_copula_scores_are_standardized_and_keep_the_order():
    x = np.exp(np.random.default_rng(0).normal(size=(500, 2)))
    scores = copula_scores(x)
    assert np.allclose(scores.mean(axis=0), 0.0) and np.allclose(scores.std(axis=0), 1.0)
    assert (np.argsort(scores[:, 0]) == np.argsort(x[:, 0])).all()


def test_a_monotone_transform_does_not_change_the_graph():
    frame = collider()
    skewed = frame.assign(c=np.exp(frame["c"]), d=frame["d"] ** 3)
    assert _edges(discover_graph(skewed, algorithm="boss").graph) == _edges(
        discover_graph(frame, algorithm="boss").graph
    )
