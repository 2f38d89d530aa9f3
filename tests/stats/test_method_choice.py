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


def test_small_linear_gaussian_tables_get_ges():
    choice = _choose(_table("linear"))
    assert (choice.algorithm, choice.test) == ("ges", None)
    assert "Gaussian" in choice.reason and "GES" in choice.reason


def test_wide_linear_gaussian_tables_get_pc_with_fisher_z(monkeypatch):
    monkeypatch.setattr(method_choice, "GES_MAX_VARIABLES", 4)
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


def test_auto_with_unordered_categories_is_pc_on_categories():
    rng = np.random.default_rng(3)
    group = rng.choice(["north", "south", "east"], 600)
    x = rng.normal(size=600) + (group == "east")
    frame = pd.DataFrame({"group": group, "x": x, "y": x + rng.normal(size=600)})
    workspace = Workspace(GraphStore(None))
    dataset = workspace.add(prepare_frame(frame, name="regions"))
    run = workspace.graph_for(dataset, None, AnalysisSettings(algorithm="auto"))
    assert run.graph.provenance.algorithm == "pc"
    assert run.graph.provenance.test == "chisq"
    assert "unordered categor" in run.test_reason
