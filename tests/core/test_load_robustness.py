"""Real tables: mixed and NUL cells, IDs and dates, many-level text, bad headers, pipes,
pathological lines, and missing values counted per analysis, never per table."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from askwhy.core.data import load_csv, prepare_frame
from askwhy.errors import DataError, ToolArgumentError
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
N = 120


def _table(seed: int = 0, n: int = N) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return pd.DataFrame(
        {
            "x": x,
            "y": 0.8 * x + rng.normal(size=n),
            "year": rng.choice([2019, 2020, 2021], n),
            "age": rng.integers(18, 90, n),
        }
    )


def _write(tmp_path: Path, frame: pd.DataFrame, name: str = "t.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def _note(dataset, *words: str) -> str:
    found = [n for n in dataset.notes if all(w in n for w in words)]
    assert found, f"no note with {words}: {dataset.notes}"
    return found[0]


# ----- mixed columns and NUL bytes -------------------------------------------------------


def test_a_numeric_column_with_a_few_text_cells_is_coerced_with_a_count(tmp_path):
    frame = _table()
    frame["income"] = frame["x"].round(3).astype(str)
    frame.loc[[4, 50, 99], "income"] = ["n/a?", "unknown", "-"]
    dataset = load_csv(_write(tmp_path, frame))
    assert dataset.profiles["income"].kind == "continuous"
    assert dataset.profiles["income"].missing == 3
    note = _note(dataset, "'income'", "3 of 120 cells are not numbers")
    assert "'unknown'" in note and "missing" in note
    assert dataset.frame["income"].isna().sum() == 3


def test_a_column_with_many_text_cells_stays_text(tmp_path):
    frame = _table()
    frame["score"] = np.where(np.arange(N) % 5 == 0, "high", frame["age"].astype(str))
    dataset = load_csv(_write(tmp_path, frame))  # 80 % numbers: text, too many levels
    assert "score" not in dataset.columns
    reason = dataset.dropped_columns["score"]
    assert "distinct values" in reason and "80% of its cells are numbers" in reason
    _note(dataset, "Left out column 'score'")


def test_nul_bytes_in_cells_are_counted_and_missing(tmp_path):
    path = tmp_path / "nul.csv"
    rows = [f"{i},{i % 7},{'ab'[i % 2]}" for i in range(40)]
    rows[3] = "3\0,2,a"
    rows[8] = "8,\0,b"
    rows[9] = "9,2,\0"
    path.write_bytes(("x,y,g\n" + "\n".join(rows) + "\n").encode())
    dataset = load_csv(path)
    assert dataset.columns == ["x", "y", "g"]
    assert {c: p.missing for c, p in dataset.profiles.items()} == {"x": 1, "y": 1, "g": 1}
    assert dataset.profiles["x"].kind == "continuous"
    _note(dataset, "3 cells held NUL bytes", "x (1)", "missing")


# ----- columns left out are named, with the reason ----------------------------------------


def test_text_with_more_than_20_levels_is_named_and_explained(tmp_path):
    frame = _table()
    frame["city"] = [f"city {i % 30}" for i in range(N)]
    session = Session(persist=False)
    dataset = session.load(_write(tmp_path, frame))
    assert "city" not in dataset.columns
    assert "30 distinct values" in dataset.dropped_columns["city"]
    _note(dataset, "Left out column 'city'", "30 distinct values")
    with pytest.raises(ToolArgumentError, match="'city' is in the data but was left out.*30"):
        session.call("test_independence", x="city", y="x")
    answer = session.ask("Are x and y independent?")
    assert any("Left out column 'city'" in note for note in answer.notes)


def test_id_and_date_columns_are_recognised_and_named(tmp_path):
    frame = _table()
    rng = np.random.default_rng(3)
    frame["customer_id"] = rng.permutation(N) + 10_000
    frame["ID"] = [f"P{i:04d}" for i in range(N)]
    frame["patient_no"] = np.arange(1, N + 1)
    frame["signup"] = pd.date_range("2021-03-01", periods=N, freq="D").strftime("%Y-%m-%d")
    frame["visited"] = pd.date_range("2021-03-01", periods=N, freq="D").strftime("%d %b %Y")
    frame["week_start"] = [f"week {i % 4}" for i in range(N)]  # named like a date
    frame["week"] = np.arange(1, N + 1)  # 1..n, but not named like an ID: kept
    dataset = load_csv(_write(tmp_path, frame))
    assert dataset.columns == ["x", "y", "year", "age", "week"]
    for column in ("customer_id", "ID", "patient_no"):
        assert "ID column" in dataset.dropped_columns[column]
        _note(dataset, f"Left out column '{column}'", "ID")
    for column in ("signup", "visited", "week_start"):
        assert "dates" in dataset.dropped_columns[column]
        _note(dataset, f"Left out column '{column}'", "dates")


def test_a_pandas_index_column_is_an_id(tmp_path):
    path = tmp_path / "indexed.csv"
    _table().to_csv(path)  # writes an unnamed 0..n-1 column first
    dataset = load_csv(path)
    assert dataset.columns == ["x", "y", "year", "age"]
    assert "Unnamed: 0" in dataset.dropped_columns


def test_the_dictionary_keeps_a_column_that_looks_like_an_id(tmp_path):
    frame = _table()
    frame["visit_no"] = np.arange(1, N + 1)
    path = _write(tmp_path, frame)
    assert "visit_no" not in load_csv(path).columns
    kept = load_csv(path, columns={"visit_no": {"type": "ordinal"}})
    assert "visit_no" in kept.columns and kept.profiles["visit_no"].scale == "ordinal"


def test_category_like_ranges_are_not_dates():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"sleep": rng.choice(["1-2", "3-4", "5-6"], 80), "age": rng.choice(["18-34", "55+"], 80)}
    )
    dataset = prepare_frame(frame)
    assert dataset.columns == ["sleep", "age"]


def test_an_all_missing_column_is_left_out_with_a_note():
    frame = _table()
    frame["empty"] = np.nan
    dataset = prepare_frame(frame)
    assert "every value is missing" in dataset.dropped_columns["empty"]
    _note(dataset, "Left out column 'empty'")


# ----- categories are not numbers ---------------------------------------------------------


def test_ordinal_levels_from_the_dictionary_set_the_order(tmp_path):
    path = EXAMPLES / "survey.csv"
    levels = {"income_bracket": {"type": "ordinal", "levels": ["low", "middle", "high"]}}
    dataset = load_csv(path, columns=levels)
    profile = dataset.profiles["income_bracket"]
    assert profile.scale == "ordinal" and profile.categories == ["low", "middle", "high"]
    _note(dataset, "ordinal column 'income_bracket'", "low=0, middle=1, high=2")
    with pytest.raises(DataError, match="'middle'.*levels"):
        load_csv(path, columns={"income_bracket": {"type": "ordinal", "levels": "low; high"}})


def test_survey_income_bracket_is_no_longer_used_as_a_number(tmp_path):
    session = Session(persist=False)
    dataset = session.load(EXAMPLES / "survey.csv")
    income = dataset.profiles["income_bracket"]
    assert income.scale == "categorical" and income.unordered  # ordinal without an order
    _note(dataset, "'income_bracket' as unordered categories", "levels")
    by_level = session.call("estimate_effect", treatment="income_bracket", outcome="owns_car")
    levels = {lv.level: lv.value for lv in by_level.estimate.levels}  # each against "high"
    assert set(levels) == {"low", "middle"} and levels["low"] < levels["middle"] < 0
    assert "one-unit" not in by_level.summary
    with pytest.raises(ToolArgumentError, match="Fisher-z would use the codes"):
        session.call("test_independence", x="income_bracket", y="owns_car", test="fisherz")
    test = session.call("test_independence", x="income_bracket", y="owns_car")
    assert test.evidence[0].method == "chisq"
    effect = session.call(
        "estimate_effect",
        treatment="owns_home",
        outcome="owns_car",
        covariates=["income_bracket"],
        method="linear_regression",
    )
    assert effect.estimate.adjustment_set == ["income_bracket"]
    assert any("income_bracket=low, income_bracket=middle" in w for w in effect.warnings)


def test_a_category_against_a_continuous_column_uses_level_indicators():
    rng = np.random.default_rng(1)
    region = rng.choice(["east", "north", "south"], 600)
    spend = np.where(region == "north", 2.0, 0.0) + rng.normal(size=600)
    session = Session(persist=False)
    session.add_frame(pd.DataFrame({"region": region, "spend": spend}))
    result = session.call("test_independence", x="region", y="spend")
    assert result.answer == "no" and result.evidence[0].method == "dg"
    assert "indicator per category level" in result.evidence[0].note
    assert not any("quantile bins" in w for w in result.warnings)
    graph = session.call("discover_graph")
    assert [list(edge) for edge in graph.graph.edges] == [["region", "spend", "--"]]
    provenance = session.store.get(graph.graph.name).provenance
    assert provenance.test == "dg"
    binned = session.call("test_independence", x="region", y="spend", test="chisq")
    assert binned.evidence[0].method == "chisq"
    assert any("spend cut into 5 quantile bins" in w for w in binned.warnings)


def test_a_zero_inflated_column_beside_a_category_still_gives_a_graph():
    """Quantile bins of a column that is mostly 0 collapse to one bin (a constant); the
    level indicators keep the column as it is."""
    rng = np.random.default_rng(2)
    platform = rng.choice(["ios", "android", "web"], 800)
    visits = rng.poisson(3, 800) + (platform == "web")
    revenue = np.where(rng.random(800) < 0.9, 0.0, rng.gamma(2.0, 10.0, 800) + visits)
    session = Session(persist=False)
    session.add_frame(pd.DataFrame({"platform": platform, "visits": visits, "revenue": revenue}))
    graph = session.call("discover_graph")
    assert session.store.get(graph.graph.name).provenance.test == "dg"
    assert {frozenset(e[:2]) for e in graph.graph.edges} >= {frozenset(("platform", "visits"))}
    binned = session.call("discover_graph", test="chisq")  # revenue cut at 0, not constant
    assert session.store.get(binned.graph.name).provenance.test == "chisq"


# ----- bad files are refused at once ------------------------------------------------------


def test_duplicate_headers_are_an_error_naming_them(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("a,b,a,c, b\n1,2,3,4,5\n")
    with pytest.raises(DataError, match=r"appear twice.*: a, b\. Rename"):
        load_csv(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_csv(fifo)
        except BaseException as err:  # noqa: BLE001 - handed to the test thread
            outcome.append(err)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "load_csv blocked on a FIFO"
    assert isinstance(outcome[0], DataError) and "pipe (FIFO)" in str(outcome[0])


def test_a_wide_pathological_line_is_refused_quickly(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c\n" + "," * 50_000 + "\n1,2,3\n")
    started = time.perf_counter()
    with pytest.raises(DataError, match="Line 2 .* has 50,001 fields but the header has 3"):
        load_csv(path)
    assert time.perf_counter() - started < 5


def test_too_many_columns_and_too_long_lines_are_refused(tmp_path):
    wide = tmp_path / "columns.csv"
    wide.write_text(",".join(f"c{i}" for i in range(10_001)) + "\n")
    with pytest.raises(DataError, match="10,001 columns, more than the 10,000"):
        load_csv(wide)
    long = tmp_path / "long.csv"
    long.write_bytes(b"a,b\n1,2\n" + b"9" * (5 << 20) + b"\n")
    with pytest.raises(DataError, match="Line 3 .* longer than 4 MB"):
        load_csv(long)


def test_a_later_line_with_extra_fields_is_named(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n7,8,9,10,11\n")
    with pytest.raises(DataError, match="line 4 has 5 fields but the header has 3"):
        load_csv(path)


# ----- missing values count per analysis --------------------------------------------------


def _holey(seed: int = 0, n: int = 200) -> pd.DataFrame:
    """x and y fully observed; every row misses one of a, b, c."""
    frame = _table(seed, n)[["x", "y"]]
    rng = np.random.default_rng(seed + 1)
    for i, column in enumerate(("a", "b", "c")):
        values = rng.normal(size=n)
        values[np.arange(n) % 3 == i] = np.nan
        frame[column] = values
    return frame


def test_fully_observed_columns_keep_all_rows_in_a_holey_table(tmp_path):
    path = _write(tmp_path, _holey())
    session = Session(persist=False)
    dataset = session.load(path)  # no complete row at all: not an error at load
    assert len(dataset.frame) == 200
    assert dataset.complete_rows(["x", "y"]).dropped == 0
    answer = session.ask("Are x and y independent?")
    step = answer.trace[0]
    assert step.tool == "test_independence" and answer.answer == "no"
    assert answer.evidence[0].parameters["rows"] == 200
    assert any("Missing values in a (67), b (67), c (66)" in note for note in answer.notes)
    with_a = session.call("test_independence", x="x", y="a")
    assert with_a.evidence[0].parameters["rows"] == 133
    assert with_a.warnings[0].startswith("Left out 67 of 200 rows")
    assert "a (67)" in with_a.warnings[0]
    with pytest.raises(DataError, match="Only 0 of 200 rows are complete on x, y, a, b, c"):
        session.call("discover_graph")


def test_an_analysis_with_fewer_than_10_complete_rows_is_an_error():
    frame = _holey(n=60)
    frame.loc[5:, "c"] = np.nan  # c is missing in row 2 and from row 5 on
    session = Session(persist=False)
    session.add_frame(frame)
    with pytest.raises(
        DataError,
        match=r"Only 4 of 60 rows are complete on x, c \(missing values: c \(56\)\)\. A test "
        "needs at least 10",
    ):
        session.call("test_independence", x="x", y="c")


def test_graph_cache_tells_row_sets_apart():
    session = Session(persist=False)
    session.add_frame(_holey(n=300))
    first = session.call("discover_graph", variables=["x", "y", "a"])
    assert any("Left out 100 of 300 rows" in w for w in first.warnings)
    narrower = session.call("discover_graph", variables=["x", "y"])
    assert not narrower.reused and not narrower.warnings
    again = session.call("discover_graph", variables=["a", "x", "y"])
    assert again.reused and again.graph.name == first.graph.name
    assert any("Left out 100 of 300 rows" in w for w in again.warnings)


def test_an_effect_uses_rows_complete_on_its_own_columns():
    frame = _holey(n=300)
    session = Session(persist=False)
    session.add_frame(frame)
    effect = session.call(
        "estimate_effect", treatment="x", outcome="y", covariates=["a"], method="linear_regression"
    )
    assert effect.estimate.adjustment_set == ["a"]
    assert abs(effect.estimate.value - 0.8) < 0.25
    assert any(w.startswith("Left out 100 of 300 rows") for w in effect.warnings)


def test_a_small_gzip_csv_is_read_by_the_default_engine(tmp_path):
    import gzip as gz

    path = tmp_path / "small.csv.gz"
    with gz.open(path, "wt", encoding="utf-8") as handle:
        handle.write("a,b\n" + "".join(f"{i},{2 * i % 7}\n" for i in range(50)))
    dataset = Session(persist=False).load(path)
    assert dataset.columns == ["a", "b"] and dataset.n_rows == 50
