"""Loading and cleaning CSVs: every bad input gets a clear AskwhyError."""

import numpy as np
import pandas as pd
import pytest

from askwhy.core.data import load_csv, prepare_frame
from askwhy.errors import DataError, ToolArgumentError, UnknownVariableError


def _frame(n=200, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.normal(50, 10, n),
            "smoker": rng.integers(0, 2, n),
            "cups": rng.integers(0, 5, n),
            "season": rng.choice(["winter", "spring", "summer"], n),
        }
    )


def test_profiles_column_kinds(tmp_path):
    path = tmp_path / "t.csv"
    _frame().to_csv(path, index=False)
    dataset = load_csv(path)
    kinds = {name: p.kind for name, p in dataset.profiles.items()}
    assert kinds == {
        "age": "continuous",
        "smoker": "binary",
        "cups": "discrete",
        "season": "discrete",
    }
    assert dataset.name == "t"
    assert dataset.profiles["season"].categories == ["spring", "summer", "winter"]
    assert any("Encoded text column 'season'" in note for note in dataset.notes)


def test_fingerprint_is_stable_and_content_based(tmp_path):
    _frame().to_csv(tmp_path / "a.csv", index=False)
    _frame().to_csv(tmp_path / "b.csv", index=False)
    _frame(seed=1).to_csv(tmp_path / "c.csv", index=False)
    a, b, c = (load_csv(tmp_path / f"{n}.csv") for n in "abc")
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_missing_file():
    with pytest.raises(DataError, match="File not found"):
        load_csv("no/such/file.csv")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(DataError, match="empty"):
        load_csv(path)


def test_header_only(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("a,b,c\n")
    with pytest.raises(DataError, match="no data rows"):
        load_csv(path)


def test_unreadable_binary(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DataError):
        load_csv(path)


def test_missing_values_dropped_and_reported():
    frame = _frame()
    frame.loc[[3, 7, 9], "age"] = np.nan
    dataset = prepare_frame(frame)
    assert len(dataset.frame) == 197
    assert any("Dropped 3 of 200 rows" in note and "age (3)" in note for note in dataset.notes)


def test_constant_column_left_out_with_reason():
    frame = _frame()
    frame["country"] = 1
    dataset = prepare_frame(frame)
    assert "country" not in dataset.columns
    with pytest.raises(ToolArgumentError, match="constant"):
        dataset.require(["country"])


def test_free_text_column_left_out():
    frame = _frame()
    frame["comment"] = [f"note {i}" for i in range(len(frame))]
    dataset = prepare_frame(frame)
    with pytest.raises(ToolArgumentError, match="too many to treat as categories"):
        dataset.require(["comment"])


def test_all_text_table_is_refused():
    frame = pd.DataFrame({"comment": [f"note {i}" for i in range(50)]})
    with pytest.raises(DataError, match="No usable columns"):
        prepare_frame(frame)


def test_unknown_column_lists_closest():
    dataset = prepare_frame(_frame())
    with pytest.raises(UnknownVariableError) as info:
        dataset.require(["smokr"])
    assert "smoker" in str(info.value) and "age" in str(info.value)


def test_headerless_file_with_given_names(tmp_path):
    path = tmp_path / "nohead.csv"
    _frame().drop(columns="season").to_csv(path, index=False, header=False)
    dataset = load_csv(path, column_names=["a", "b", "c"])
    assert dataset.columns == ["a", "b", "c"] and len(dataset.frame) == 200
