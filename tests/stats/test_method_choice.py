"""Algorithm "auto": the discovery method chosen from the data's profile."""

import numpy as np
import pandas as pd
import pytest

from askwhy.core.data import prepare_frame
from askwhy.core.settings import AnalysisSettings
from askwhy.evals import synthetic
from askwhy.memory.store import GraphStore
from askwhy.stats import method_choice
from askwhy.stats.method_choice import choose_method
from askwhy.tools.workspace import Workspace


def _table(mechanism: str, nodes: int = 6, rows: int = 2000, seed: int = 1) -> pd.DataFrame:
    dag = synthetic.random_dag(nodes, expected_degree=2.0, rng=seed)
    return synthetic.simulate(dag, rows, mechanism, seed=seed)


def _choose(frame: pd.DataFrame, test: str = "auto"):
    kinds = [synthetic_kind(frame[c]) for c in frame.columns]
    return choose_method(frame.to_numpy(dtype=float), list(frame.columns), kinds, test=test)


def synthetic_kind(column: pd.Series) -> str:
    from askwhy.core.data import column_kind

    return column_kind(column.to_numpy(dtype=float))


def test_linear_gaussian_tables_get_boss():
    choice = _choose(_table("linear"))
    assert (choice.algorithm, choice.test) == ("boss", None)
    assert "Gaussian" in choice.reason and "BOSS" in choice.reason


def test_wide_linear_gaussian_tables_get_pc_with_fisher_z(monkeypatch):
    monkeypatch.setattr(method_choice, "BOSS_MAX_VARIABLES", 4)
    choice = _choose(_table("linear"))
    assert (choice.algorithm, choice.test) == ("pc", "fisherz")


def test_linear_non_gaussian_tables_get_lingam():
    import networkx as nx

    dag = nx.DiGraph([("a", "b"), ("c", "d"), ("b", "e")])
    sem = synthetic.LinearSEM(
        dag=dag,
        weights={("a", "b"): 0.8, ("c", "d"): -0.7, ("b", "e"): 0.6},
        noise_std=dict.fromkeys(dag.nodes, 1.0),
        noise=dict.fromkeys(dag.nodes, "uniform"),
    )
    choice = _choose(sem.sample(2000, rng=3))
    assert (choice.algorithm, choice.test) == ("lingam", None)
    assert "non-Gaussian" in choice.reason


@pytest.mark.parametrize(("mechanism", "test"), [("nonlinear", "rcot"), ("discrete", "chisq")])
def test_other_profiles_get_pc_with_their_test(mechanism, test):
    choice = _choose(_table(mechanism))
    assert (choice.algorithm, choice.test) == ("pc", test)
    assert "algorithm auto chose PC" in choice.reason


def test_a_named_test_means_pc_with_that_test():
    choice = _choose(_table("linear"), test="kci")
    assert (choice.algorithm, choice.test) == ("pc", "kci")


def test_fci_is_never_chosen():
    for mechanism in ("linear", "nonlinear", "discrete", "nongaussian", "mixed"):
        frame = _table(mechanism)
        if mechanism == "mixed":
            frame = prepare_frame(frame).frame
        assert _choose(frame).algorithm != "fci"


def test_the_workspace_resolves_auto_and_caches_the_concrete_run():
    frame = _table("nonlinear", rows=1000)
    workspace = Workspace(GraphStore(None))
    dataset = workspace.add(prepare_frame(frame, name="nl"))
    settings = AnalysisSettings(algorithm="auto")
    first = workspace.graph_for(dataset, None, settings)
    assert first.graph.provenance.algorithm == "pc"
    assert first.graph.provenance.test == "rcot"
    assert "algorithm auto" in first.test_reason
    again = workspace.graph_for(dataset, None, settings)
    assert again.reused and "algorithm auto" in again.test_reason
    explicit = workspace.graph_for(dataset, None, AnalysisSettings(algorithm="pc"))
    assert explicit.reused  # the default PC run also chooses RCoT on these data


def test_auto_with_unordered_categories_is_pc_with_indicators():
    rng = np.random.default_rng(3)
    group = rng.choice(["north", "south", "east"], 600)
    x = rng.normal(size=600) + (group == "east")
    frame = pd.DataFrame({"group": group, "x": x, "y": x + rng.normal(size=600)})
    workspace = Workspace(GraphStore(None))
    dataset = workspace.add(prepare_frame(frame, name="regions"))
    run = workspace.graph_for(dataset, None, AnalysisSettings(algorithm="auto"))
    assert run.graph.provenance.algorithm == "pc"
    assert run.graph.provenance.test == "dg"  # indicators per level, x and y not binned
    assert "unordered categor" in run.test_reason
    assert not run.warnings or "quantile bins" not in " ".join(run.warnings)
    pairs = {frozenset((e.source, e.target)) for e in run.graph.edges}
    assert pairs == {frozenset(("group", "x")), frozenset(("x", "y"))}
    binned = workspace.graph_for(dataset, None, AnalysisSettings(test="chisq"))
    assert binned.graph.provenance.test == "chisq"
    assert "quantile bins" in " ".join(binned.warnings)


def _pair_table(shape, rows=2000, seed=5):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=rows)
    b = shape(a) / shape(a).std() + 0.4 * rng.normal(size=rows)
    c = b + rng.normal(size=rows)
    return pd.DataFrame({"a": a, "b": b, "c": c})


def test_monotone_nonlinear_tables_get_boss_on_normal_scores():
    choice = _choose(_pair_table(lambda a: (a > 0.3).astype(float)))  # a threshold
    assert (choice.algorithm, choice.test) == ("boss", None)
    assert "monotone" in choice.reason and "normal scores" in choice.reason


def test_non_monotone_tables_keep_pc_with_rcot():
    choice = _choose(_pair_table(lambda a: a**2))
    assert (choice.algorithm, choice.test) == ("pc", "rcot")


def test_monotone_check_reads_both_directions():
    rng = np.random.default_rng(0)
    x = rng.normal(size=3000)
    noise = 0.3 * rng.normal(size=3000)
    assert method_choice.monotone(np.column_stack([x, np.tanh(2 * x) + noise]), "xy", ("x", "y"))
    assert not method_choice.monotone(np.column_stack([x, x**2 + noise]), "xy", ("x", "y"))
    assert not method_choice.monotone(np.column_stack([x, np.sin(3 * x) + noise]), "xy", ("x", "y"))


def test_binary_and_ordinal_with_continuous_columns_get_boss():
    rng = np.random.default_rng(2)
    latent = rng.normal(size=1500)
    frame = pd.DataFrame(
        {
            "score": latent,
            "flag": (latent + rng.normal(size=1500) > 0.5).astype(int),
            "grade": np.digitize(latent + rng.normal(size=1500), [-1.0, 0.0, 1.0]),
        }
    )
    kinds = ["continuous", "binary", "discrete"]
    choice = choose_method(frame.to_numpy(dtype=float), list(frame.columns), kinds)
    assert (choice.algorithm, choice.test) == ("boss", None)
    assert "ordered" in choice.reason
