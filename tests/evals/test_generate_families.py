"""The wider generated families: mixed types, non-Gaussian and varied nonlinear mechanisms,
weak discrete dependence, wide tables and varied row counts."""

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from askwhy.errors import ToolArgumentError
from askwhy.evals import synthetic
from askwhy.evals.generate import MECHANISMS, GenerateOptions, generate_sets

NEW = ["mixed", "nongaussian", "nonlinear_varied", "discrete_varied"]


def read(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def new_sets(tmp_path_factory):
    out = tmp_path_factory.mktemp("families")
    options = GenerateOptions(
        seed=3, datasets=2, rows=300, max_rows=900, max_nodes=6, mechanisms=NEW
    )
    return out, generate_sets(out, options)


def test_each_new_family_writes_its_set(new_sets):
    out, paths = new_sets
    assert [p.stem for p in paths] == [*NEW, "all"]
    for path in paths[:-1]:
        lines = read(path)
        assert len(lines) >= 18
        for line in lines:
            csv = out / line["csv"]
            assert csv.is_file() and csv.with_suffix(".graph.json").is_file()
            assert 300 <= line["meta"]["rows"] <= 900
            assert line["expected"] is not None and line["truth"] is not None


def test_new_mechanisms_keep_the_old_ones_seeds():
    assert MECHANISMS[:3] == ("linear", "nonlinear", "discrete")
    assert GenerateOptions().mechanisms == ["linear", "nonlinear", "discrete"]


def test_non_gaussian_truth_is_the_dag_itself(new_sets):
    _, paths = new_sets
    lines = read(paths[NEW.index("nongaussian")])
    assert any(line["type"] == "effect" for line in lines)
    for line in lines:
        if line["type"] in ("direct_cause", "collider", "confounder"):
            assert line["truth"] in ("yes", "no")  # LiNGAM identifies every direction
        if line["type"] == "graph":
            assert all(kind == "->" for _, _, kind in line["truth"])


def test_mixed_tables_hold_every_kind_of_column():
    dag = synthetic.named_dag("medicine", 10, rng=4)
    sem = synthetic.random_mixed_sem(dag, rng=4)
    frame = sem.sample(2000, rng=5)
    assert set(sem.kinds.values()) >= {"continuous", "binary"}
    for node, kind in sem.kinds.items():
        column = frame[node]
        if kind == "categorical":
            assert column.str.startswith("type_").all()
        elif kind in ("binary", "ordinal"):
            assert set(column.unique()) <= set(range(sem.levels[node]))
            assert column.nunique() >= 2
        else:
            assert abs(column.mean()) < 0.2 and 0.8 < column.std() < 1.2
    pd.testing.assert_frame_equal(frame, sem.sample(2000, rng=5))


def test_mixed_edges_carry_dependence():
    from scipy.stats import chi2_contingency

    def binned(values):
        values = pd.Series(values)
        return pd.qcut(values, 4, labels=False) if values.nunique() > 10 else values

    dag = nx.DiGraph([("a", "b")])
    for seed in range(6):
        sem = synthetic.random_mixed_sem(dag, rng=seed)
        codes = sem.sample_codes(3000, np.random.default_rng(seed))
        table = pd.crosstab(binned(codes["a"]), binned(codes["b"]))
        assert chi2_contingency(table).pvalue < 1e-6, sem.kinds


@pytest.mark.parametrize("kind", synthetic.NOISE_KINDS)
def test_non_gaussian_noise_has_unit_variance(kind):
    from askwhy.evals.synthetic.sem import unit_noise

    draws = unit_noise(kind, 200_000, np.random.default_rng(0))
    assert abs(draws.mean()) < 0.02 and abs(draws.var() - 1.0) < 0.03


def test_varied_nonlinear_functions_are_all_usable():
    dag = nx.DiGraph([("a", "b")])
    for name in synthetic.NONLINEAR_FUNCTIONS:
        x = np.random.default_rng(1).standard_normal(100_000)
        assert 0.3 < synthetic.NONLINEAR_FUNCTIONS[name](x).std() < 3.0, name
    sem = synthetic.random_nonlinear_sem(dag, rng=1, functions=("bump",))
    assert sem.terms["a", "b"][0] == "bump"
    with pytest.raises(ToolArgumentError, match="Unknown function"):
        synthetic.random_nonlinear_sem(dag, rng=1, functions=("zigzag",))


def test_wide_tables_use_names_from_every_domain():
    dag = synthetic.wide_named_dag(40, rng=2, expected_degree=2.0)
    assert nx.is_directed_acyclic_graph(dag) and dag.number_of_nodes() == 40
    assert set(dag.nodes) <= set(synthetic.wide_names())
    order = {name: i for i, name in enumerate(synthetic.wide_names())}
    assert all(order[u] < order[v] for u, v in dag.edges)  # causes listed first
    with pytest.raises(ToolArgumentError):
        synthetic.wide_named_dag(61, rng=2)


def test_wide_sets_and_row_ranges(tmp_path):
    options = GenerateOptions(
        seed=1, datasets=1, min_nodes=14, max_nodes=16, rows=300, max_rows=400,
        mechanisms=["linear"], effects=False,
    )  # fmt: skip
    lines = read(generate_sets(tmp_path, options)[0])
    assert 14 <= lines[0]["meta"]["nodes"] <= 16
    with pytest.raises(ToolArgumentError, match="max_rows"):
        GenerateOptions(rows=500, max_rows=400)


def test_realistic_tables_are_seeded_mixed_and_sized():
    from askwhy.evals.synthetic.realistic import random_realistic_table

    frame, dag = random_realistic_table(np.random.default_rng([4, 0, 13]))
    again, _ = random_realistic_table(np.random.default_rng([4, 0, 13]))
    pd.testing.assert_frame_equal(frame, again)
    assert list(frame.columns) == list(dag.nodes) and nx.is_directed_acyclic_graph(dag)
    assert 8 <= frame.shape[1] <= 20 and 1000 <= len(frame) <= 5000
    levels = frame.nunique()
    assert (levels == 2).any() and (levels > 100).any()  # binary and continuous columns
    assert frame.notna().all().all()
