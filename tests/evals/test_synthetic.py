"""Synthetic data: reproducible, shaped like its DAG, with true effects that estimators recover."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from askwhy.errors import ToolArgumentError, UnknownVariableError
from askwhy.evals import synthetic
from askwhy.testing import cases

MECHANISMS = ["linear", "nonlinear", "discrete"]
EXAMPLES = {"smoking": "fisherz", "marketing": "fisherz", "dose": "fisherz", "survey": "chisq"}


def ols(df: pd.DataFrame, outcome: str, regressors: list[str]) -> np.ndarray:
    """Least-squares coefficients of `regressors` (intercept dropped)."""
    x = np.column_stack([np.ones(len(df))] + [df[c].to_numpy() for c in regressors])
    return np.linalg.lstsq(x, df[outcome].to_numpy(), rcond=None)[0][1:]


# ---------------------------------------------------------------- random DAGs


def test_random_dag_is_acyclic_and_reproducible():
    dag = synthetic.random_dag(10, expected_degree=3, rng=4)
    assert nx.is_directed_acyclic_graph(dag)
    assert list(dag.nodes) == [f"X{i}" for i in range(1, 11)]
    assert list(dag.edges) == list(synthetic.random_dag(10, expected_degree=3, rng=4).edges)
    assert list(dag.edges) != list(synthetic.random_dag(10, expected_degree=3, rng=5).edges)


def test_random_dag_edge_probability_extremes():
    assert synthetic.random_dag(6, 0.0, rng=0).number_of_edges() == 0
    assert synthetic.random_dag(6, 1.0, rng=0).number_of_edges() == 15
    with pytest.raises(ToolArgumentError, match="not both"):
        synthetic.random_dag(6, 0.5, expected_degree=2)


def test_named_dag_uses_domain_names_in_causal_order():
    names = synthetic.DOMAIN_VARIABLES["medicine"]
    dag = synthetic.named_dag("medicine", 8, rng=3, expected_degree=3)
    assert len(dag) == 8 and set(dag.nodes) <= set(names)
    assert dag.number_of_edges() > 0
    for cause, effect in dag.edges:
        assert names.index(cause) < names.index(effect)


def test_named_dag_rejects_unknown_domain_and_too_many_nodes():
    with pytest.raises(ToolArgumentError, match="medicine"):
        synthetic.named_dag("astrology", 4)
    with pytest.raises(ToolArgumentError, match="at most"):
        synthetic.named_dag("economics", 30)


# ---------------------------------------------------------------- simulate


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_simulate_is_deterministic_for_a_seed(mechanism):
    dag = synthetic.random_dag(6, expected_degree=2, rng=1)
    first = synthetic.simulate(dag, 300, mechanism, seed=7)
    pd.testing.assert_frame_equal(first, synthetic.simulate(dag, 300, mechanism, seed=7))
    assert not first.equals(synthetic.simulate(dag, 300, mechanism, seed=8))


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_simulate_columns_follow_dag_node_order(mechanism):
    dag = synthetic.named_dag("education", 7, rng=2)
    df = synthetic.simulate(dag, 250, mechanism, seed=0)
    assert df.shape == (250, 7)
    assert list(df.columns) == list(dag.nodes)
    assert not df.isna().any().any()


def test_discrete_columns_are_integers_with_two_to_four_levels():
    dag = synthetic.random_dag(8, expected_degree=2, rng=3)
    df = synthetic.simulate(dag, 1000, "discrete", seed=3)
    for column in df:
        assert pd.api.types.is_integer_dtype(df[column])
        levels = sorted(df[column].unique())
        assert 2 <= len(levels) <= 4
        assert levels == list(range(len(levels)))


def test_discrete_edges_carry_strong_dependence():
    chi2_contingency = pytest.importorskip("scipy.stats").chi2_contingency
    data, dag = cases.chain(n_samples=1000, seed=5, mechanism="discrete")
    for cause, effect in dag.edges:
        table = pd.crosstab(data[cause], data[effect])
        assert chi2_contingency(table).pvalue < 1e-6


def test_linear_nodes_have_unit_variance_in_deep_graphs():
    dag = synthetic.random_dag(12, expected_degree=4, rng=6)
    df = synthetic.simulate(dag, 20_000, "linear", seed=6)
    assert np.allclose(df.var(), 1.0, atol=0.06)


def test_nonlinear_dependence_is_real_but_not_linear():
    dag = nx.DiGraph([("X", "Y")])
    unit = {"X": 1.0, "Y": 1.0}
    terms = {("X", "Y"): ("square", 1.5)}
    sem = synthetic.NonlinearSEM(dag=dag, terms=terms, center=dict.fromkeys(unit, 0.0), scale=unit)
    df = sem.sample(5000, 0)
    bins = pd.qcut(df["X"], 20)
    explained = df.groupby(bins, observed=True)["Y"].transform("mean").var() / df["Y"].var()
    assert abs(np.corrcoef(df["X"], df["Y"])[0, 1]) < 0.1
    assert explained > 0.6


def test_nonlinear_nodes_are_standardized():
    dag = synthetic.random_dag(8, expected_degree=3, rng=2)
    df = synthetic.simulate(dag, 5000, "nonlinear", seed=2)
    assert np.allclose(df.mean(), 0.0, atol=0.1)
    assert np.allclose(df.std(), 1.0, atol=0.1)


def test_bad_arguments_raise_clear_errors():
    dag = synthetic.random_dag(3, 1.0, rng=0)
    with pytest.raises(ToolArgumentError, match="mechanism"):
        synthetic.simulate(dag, 10, "quadratic")  # type: ignore[arg-type]
    with pytest.raises(ToolArgumentError, match="n_samples"):
        synthetic.simulate(dag, 0)
    with pytest.raises(UnknownVariableError, match="X1"):
        synthetic.simulate(dag, 10, do={"X9": 1.0})
    with pytest.raises(ToolArgumentError, match="cycle"):
        synthetic.simulate(nx.DiGraph([("a", "b"), ("b", "a")]), 10)
    with pytest.raises(ToolArgumentError, match="levels"):
        synthetic.simulate(dag, 10, "discrete", do={"X1": 7})


# ---------------------------------------------------------------- true effects


def test_true_ate_sums_products_over_directed_paths():
    weights = {("a", "b"): 2.0, ("b", "c"): 3.0, ("a", "c"): 1.0, ("d", "c"): 5.0}
    assert synthetic.true_ate(weights, "a", "c") == pytest.approx(7.0)
    assert synthetic.true_ate(weights, "a", "c", control=10, treated=20) == pytest.approx(70.0)
    assert synthetic.true_ate(weights, "c", "a") == pytest.approx(0.0)


def test_true_ate_matches_regression_with_the_right_adjustment(mediated_data):
    data, dag, ate = mediated_data
    assert ate == pytest.approx(1.2)
    weights = nx.get_edge_attributes(dag, "weight")
    assert synthetic.true_ate(weights, "T", "Y") == pytest.approx(ate)
    assert ols(data, "Y", ["T", "Z"])[0] == pytest.approx(ate, abs=0.08)
    assert ols(data, "Y", ["T"])[0] > ate + 0.15  # Z confounds: unadjusted is biased up


def test_total_effect_equals_interventional_difference():
    dag = synthetic.random_dag(7, expected_degree=3, rng=9)
    sem = synthetic.random_linear_sem(dag, rng=9)
    order = list(nx.topological_sort(dag))
    treatment, outcome = order[0], order[-1]
    treated = sem.sample(2000, 1, do={treatment: 1.0})[outcome].mean()
    control = sem.sample(2000, 1, do={treatment: 0.0})[outcome].mean()
    assert treated - control == pytest.approx(sem.total_effect(treatment, outcome))


def test_random_linear_sem_weights_in_range_before_standardizing():
    dag = synthetic.random_dag(6, 0.6, rng=1)
    sem = synthetic.random_linear_sem(dag, rng=1, standardize=False)
    magnitudes = np.abs(list(sem.weights.values()))
    assert magnitudes.min() >= 0.5 and magnitudes.max() <= 1.5
    assert set(sem.weights) == set(dag.edges)


# ---------------------------------------------------------------- fixtures


def test_fixtures_have_their_documented_structure(
    chain_data, fork_data, collider_data, confounded_data, seven_node_data
):
    assert set(chain_data.dag.edges) == {("A", "B"), ("B", "C")}
    assert set(fork_data.dag.edges) == {("B", "A"), ("B", "C")}
    assert set(collider_data.dag.edges) == {("A", "B"), ("C", "B")}
    assert set(confounded_data.dag.edges) == {("Z", "X"), ("Z", "Y")}
    assert set(seven_node_data.dag.edges) == set(cases.SEVEN_NODE_EDGES)
    for data, dag in [chain_data, fork_data, collider_data, confounded_data, seven_node_data]:
        assert list(data.columns) == list(dag.nodes)
        assert len(data) == 1000
        assert len(nx.get_edge_attributes(dag, "weight")) == dag.number_of_edges()


def test_fixture_dependencies_show_in_partial_correlations(chain_data, collider_data):
    chain = chain_data.data
    assert abs(chain["A"].corr(chain["C"])) > 0.2
    assert abs(ols(chain, "C", ["A", "B"])[0]) < 0.08  # A independent of C given B
    collider = collider_data.data
    assert abs(collider["A"].corr(collider["C"])) < 0.08
    assert abs(ols(collider, "C", ["A", "B"])[0]) > 0.2  # dependent given the collider


# ---------------------------------------------------------------- example files


def test_write_example_round_trips(tmp_path, chain_data):
    graph_file = synthetic.write_example(chain_data.data, chain_data.dag, tmp_path / "chain.csv")
    assert graph_file == tmp_path / "chain.graph.json"
    payload = json.loads(graph_file.read_text())
    assert payload == {"nodes": ["A", "B", "C"], "edges": [["A", "B", "->"], ["B", "C", "->"]]}
    back = pd.read_csv(tmp_path / "chain.csv")
    assert list(back.columns) == ["A", "B", "C"]
    assert np.allclose(back.to_numpy(), chain_data.data.to_numpy(), atol=1e-4)
    assert set(synthetic.read_true_graph(tmp_path / "chain.csv").edges) == set(chain_data.dag.edges)


def test_write_example_refuses_mismatched_columns(tmp_path, chain_data):
    with pytest.raises(ToolArgumentError, match="differ"):
        synthetic.write_example(chain_data.data[["A", "B"]], chain_data.dag, tmp_path / "x.csv")


@pytest.mark.parametrize("stem", list(EXAMPLES))
def test_example_files_name_the_csv_columns(examples_dir, stem):
    csv = examples_dir / f"{stem}.csv"
    payload = json.loads((examples_dir / f"{stem}.graph.json").read_text())
    columns = list(pd.read_csv(csv, nrows=5).columns)
    assert payload["nodes"] == columns
    for cause, effect, kind in payload["edges"]:
        assert cause in columns and effect in columns and kind == "->"
    assert nx.is_directed_acyclic_graph(synthetic.read_true_graph(csv))
    assert 1000 <= len(pd.read_csv(csv)) <= 2000
    assert stem in (examples_dir / "README.md").read_text()


@pytest.mark.parametrize("stem", list(EXAMPLES))
def test_pc_recovers_the_example_skeletons(examples_dir, stem):
    pc = pytest.importorskip("causallearn.search.ConstraintBased.PC").pc
    df = pd.read_csv(examples_dir / f"{stem}.csv")
    for column in df:
        if not pd.api.types.is_numeric_dtype(df[column]):
            df[column] = df[column].astype("category").cat.codes
    names = list(df.columns)
    result = pc(df.to_numpy(dtype=float), 0.05, EXAMPLES[stem], show_progress=False)
    graph = result.G.graph
    found = {
        frozenset((names[i], names[j]))
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if graph[i, j] != 0
    }
    truth = {frozenset(e) for e in synthetic.read_true_graph(examples_dir / f"{stem}.csv").edges}
    assert found == truth


def test_dose_example_has_the_documented_effect(examples_dir):
    df = pd.read_csv(examples_dir / "dose.csv")
    assert df["dose"].min() < 10 and df["dose"].max() > 20
    assert ols(df, "blood_pressure", ["dose", "age"])[0] * 10 == pytest.approx(-8.0, abs=0.5)
    assert "-8.0 mmHg" in (examples_dir / "README.md").read_text()
