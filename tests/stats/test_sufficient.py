"""Answers from sufficient statistics of a big file equal the in-memory answers on the same rows."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from askwhy import Session
from askwhy.core.data import load_csv
from askwhy.errors import DataError, ToolArgumentError
from askwhy.stats.discovery import discover_graph
from askwhy.stats.independence import independence_test
from askwhy.stats.sufficient import table_test

ROWS = 200_000


def _linear_gaussian(n=ROWS, seed=0):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((n, 8))
    v = np.zeros_like(e)
    v[:, 0], v[:, 1] = e[:, 0], e[:, 1]
    v[:, 2] = 0.8 * v[:, 0] + 0.6 * v[:, 1] + e[:, 2]
    v[:, 3] = 0.7 * v[:, 2] + e[:, 3]
    v[:, 4] = 0.5 * v[:, 3] + e[:, 4]
    v[:, 5] = 0.4 * v[:, 0] + e[:, 5]
    v[:, 6] = 0.3 * v[:, 5] + 0.5 * v[:, 4] + e[:, 6]
    v[:, 7] = e[:, 7] + 100.0  # a large mean: the shifted sums keep its small spread exact
    frame = pd.DataFrame(v, columns=[f"v{i}" for i in range(8)])
    frame.loc[::50, "v5"] = np.nan  # 4,000 rows left out listwise, both ways
    return frame


def _discrete(n=30_000, seed=1):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 3, n)
    b = (a + rng.integers(0, 2, n)) % 3
    c = np.where(rng.random(n) < 0.7, b, rng.integers(0, 3, n)).astype(float)
    c[::11] = np.nan
    return pd.DataFrame(
        {"a": a, "b": np.array(["lo", "mid", "hi"])[b], "c": c, "d": rng.integers(0, 2, n)}
    )


@pytest.fixture(scope="module")
def linear(tmp_path_factory):
    path = tmp_path_factory.mktemp("sufficient") / "linear.csv"
    _linear_gaussian().to_csv(path, index=False)
    return load_csv(path), load_csv(path, engine="duckdb", sample_rows=20_000), path


@pytest.fixture(scope="module")
def discrete(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discrete")
    frame = _discrete()
    frame.to_csv(folder / "d.csv", index=False)
    duckdb.from_df(frame).write_parquet(str(folder / "d.parquet"))
    return load_csv(folder / "d.csv"), load_csv(folder / "d.parquet", engine="duckdb")


def _both(memory, big, columns, **options):
    rows, sample = memory.complete_rows(columns), big.complete_rows(columns)
    kinds = {c: memory.profiles[c].kind for c in columns}
    x, y, *given = columns
    expected = independence_test(rows.frame, x, y, given, kinds=kinds, **options)
    found = independence_test(
        sample.frame, x, y, given, kinds=kinds, source=sample.source, **options
    )
    return expected, found


@pytest.mark.parametrize(
    "columns",
    [["v0", "v1"], ["v0", "v1", "v2"], ["v0", "v3", "v2"], ["v3", "v6", "v4", "v5"], ["v7", "v4"]],
)
def test_fisher_z_from_the_correlation_matrix_equals_in_memory(linear, columns):
    memory, big, _ = linear
    expected, found = _both(memory, big, columns, test="fisherz")
    assert found.independent == expected.independent
    assert found.p_value == pytest.approx(expected.p_value, rel=1e-6, abs=1e-12)
    assert found.n_rows == expected.n_rows == (196_000 if "v5" in columns else ROWS)
    assert any("correlation matrix of all" in note for note in found.notes)


def test_pc_and_ges_from_statistics_equal_in_memory(linear):
    memory, big, _ = linear
    rows, sample = memory.complete_rows(memory.columns), big.complete_rows(big.columns)
    for algorithm in ("pc", "fci", "ges"):
        expected = discover_graph(rows.frame, algorithm=algorithm, test="fisherz")
        found = discover_graph(
            sample.frame, algorithm=algorithm, test="fisherz", source=sample.source
        )
        assert sorted(map(str, found.graph.edges)) == sorted(map(str, expected.graph.edges))
        assert found.graph.edges and found.test == expected.test
        assert any("all 196,000 complete rows" in note for note in found.notes)


def test_chi_square_and_g_square_from_counts_equal_in_memory(discrete):
    memory, big = discrete
    for test in ("chisq", "gsq"):
        for columns in (["a", "c"], ["a", "c", "b"], ["d", "c", "a", "b"]):
            expected, found = _both(memory, big, columns, test=test)
            assert found.p_value == pytest.approx(expected.p_value, rel=1e-9, abs=1e-15)
            assert found.n_rows == expected.n_rows
    rows, sample = memory.complete_rows(memory.columns), big.complete_rows(big.columns)
    expected = discover_graph(rows.frame, test="chisq")
    found = discover_graph(sample.frame, test="chisq", source=sample.source)
    assert sorted(map(str, found.graph.edges)) == sorted(map(str, expected.graph.edges))
    assert any("contingency counts" in note for note in found.notes)


def test_methods_that_need_rows_use_the_sample_and_say_so(linear):
    _, big, _ = linear
    sample = big.complete_rows(["v0", "v3", "v2"])
    found = independence_test(sample.frame, "v0", "v3", ["v2"], test="kci", source=sample.source)
    assert found.n_rows == len(sample.frame) < ROWS
    assert any("seeded random sample" in note for note in found.notes)
    rows = big.complete_rows(["v0", "v2", "v3"])
    graph = discover_graph(rows.frame, algorithm="lingam", source=rows.source)
    assert any("seeded random sample" in note for note in graph.notes)


def test_session_answers_equal_on_both_engines(linear):
    _, _, path = linear
    answers = []
    for engine in ("pandas", "duckdb"):
        session = Session(persist=False)
        session.load(path, engine=engine)
        result = session.call("test_independence", x="v0", y="v3", given=["v2"], test="fisherz")
        answers.append((result.answer, round(result.p_value, 8)))
    assert answers[0] == answers[1] == ("yes", answers[0][1])


def test_table_test_refuses_too_many_levels_and_a_constant_sample_column(linear):
    combos = np.column_stack([np.arange(100.0), np.zeros(100)])
    with pytest.raises(ToolArgumentError, match="at most 50 distinct values"):
        table_test(combos, np.ones(100, dtype=np.int64), False, ["x", "y"])
    _, big, _ = linear
    rows = big.complete_rows(["v0", "v1"])
    flat = pd.DataFrame({"v0": rows.frame["v0"], "v1": 1.0})
    with pytest.raises(DataError, match="constant"):
        independence_test(flat, "v0", "v1", test="fisherz", source=rows.source)


def test_in_memory_pc_from_the_correlation_matrix_equals_causal_learn_fisherz():
    from causallearn.search.ConstraintBased.PC import pc

    from askwhy.core.graph import CausalGraph
    from askwhy.stats.checks import standardized

    frame = _linear_gaussian(n=3000, seed=3).dropna()
    names = list(frame.columns)
    standard = standardized(frame.to_numpy(), names)
    bare = pc(standard, 0.05, "fisherz", stable=True, show_progress=False, node_names=names)
    expected = CausalGraph.from_causallearn(bare.G, names, kind="cpdag")
    found = discover_graph(frame, test="fisherz").graph
    assert sorted(map(str, found.edges)) == sorted(map(str, expected.edges)) and found.edges
