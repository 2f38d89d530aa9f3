"""Big files through DuckDB: the profile, the sample, the formats, the choice and the errors."""

import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest

from askwhy.core import engine
from askwhy.core.data import load_csv
from askwhy.errors import DataError, UnknownVariableError


def _mixed(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "age": rng.normal(50, 10, n),
            "income": rng.lognormal(3, 1, n),
            "smoker": rng.integers(0, 2, n),
            "cups": rng.integers(0, 5, n),
            "season": rng.choice(["winter", "spring", "summer"], n),
            "flag": rng.random(n) > 0.5,
            "patient_id": np.arange(n),
            "visit_date": pd.date_range("2020-01-01", periods=n, freq="h").astype(str),
            "note": [f"free text {i}" for i in range(n)],
            "same": 1,
        }
    )
    frame.loc[::9, "age"] = np.nan
    frame.loc[::13, "season"] = np.nan
    return frame


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    frame = _mixed()
    frame.to_csv(folder / "t.csv", index=False)
    frame.to_csv(folder / "t.csv.gz", index=False)
    duckdb.from_df(frame).write_parquet(str(folder / "t.parquet"))
    return folder


def test_duckdb_profile_equals_the_in_memory_profile(files):
    memory = load_csv(files / "t.csv")
    big = load_csv(files / "t.csv", engine="duckdb")
    assert big.engine is not None and memory.engine is None
    assert (
        set(big.profiles)
        == set(memory.profiles)
        == {
            "age",
            "income",
            "smoker",
            "cups",
            "season",
            "flag",
        }
    )
    for name, expected in memory.profiles.items():
        found = big.profiles[name]
        same = ("kind", "missing", "categories", "scale", "skewed", "min", "max")
        assert {k: getattr(found, k) for k in same} == {k: getattr(expected, k) for k in same}
        if expected.kind != "continuous":  # continuous: DuckDB's distinct count is approximate
            assert found.n_unique == expected.n_unique
    assert big.profiles["income"].skewed and big.profiles["age"].missing == 334
    assert (
        set(big.dropped_columns)
        == set(memory.dropped_columns)
        == {
            "patient_id",
            "visit_date",
            "note",
            "same",
        }
    )
    assert "dates" in big.dropped_columns["visit_date"]
    assert "ID" in big.dropped_columns["patient_id"]


def test_gzip_csv_and_parquet_read_the_same_table(files):
    plain = load_csv(files / "t.csv", engine="duckdb")
    for name in ("t.csv.gz", "t.parquet"):
        other = load_csv(files / name, engine="duckdb")
        assert other.profiles == plain.profiles
        columns = plain.columns
        pd.testing.assert_frame_equal(
            other.frame[columns].sort_values(columns).reset_index(drop=True),
            plain.frame[columns].sort_values(columns).reset_index(drop=True),
        )
    small = load_csv(files / "t.parquet")  # auto: a small Parquet file is read into memory
    assert small.engine is None and small.profiles == load_csv(files / "t.csv").profiles


def test_sample_is_seeded_sized_and_rows_counted_on_the_whole_file(files):
    big = load_csv(files / "t.csv", engine="duckdb", sample_rows=500)
    again = load_csv(files / "t.csv", engine="duckdb", sample_rows=500)
    assert len(big.frame) == 500 and big.n_rows == 3000
    pd.testing.assert_frame_equal(big.frame, again.frame)
    rows = big.complete_rows(["age", "season"])
    assert rows.total == 3000 and rows.complete == 3000 - len(
        set(range(0, 3000, 9)) | set(range(0, 3000, 13))
    )
    assert rows.source is big.engine and len(rows.frame) < 500
    assert "seeded random sample" in " ".join(rows.notes())
    assert any("read out of core by DuckDB" in note for note in big.notes)


def test_auto_engine_goes_by_file_size(files, monkeypatch):
    assert load_csv(files / "t.csv").engine is None
    monkeypatch.setattr(engine, "ENGINE_MIN_BYTES", 1000)
    assert load_csv(files / "t.csv").engine is not None
    assert load_csv(files / "t.csv", engine="pandas").engine is None


def test_bad_inputs_are_clear_errors(files, tmp_path):
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(DataError, match="as a Parquet file"):
        load_csv(broken)
    with pytest.raises(DataError, match="File not found"):
        load_csv(tmp_path / "nothing.parquet", engine="duckdb")
    with pytest.raises(DataError, match="Unknown engine"):
        load_csv(files / "t.csv", engine="spark")
    big = load_csv(files / "t.csv", engine="duckdb")
    with pytest.raises(UnknownVariableError, match="Unknown variable 'weight'"):
        big.complete_rows(["age", "weight"])
    truncated = tmp_path / "cut.parquet"
    truncated.write_bytes((files / "t.parquet").read_bytes()[:-100])
    with pytest.raises(DataError, match="Could not read"):
        load_csv(truncated, engine="duckdb")


def test_cold_import_does_not_load_duckdb():
    code = "import sys, askwhy.core.data; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
