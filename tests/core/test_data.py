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
    assert dataset.profiles["season"].scale == "categorical"
    assert dataset.profiles["season"].unordered and not dataset.profiles["cups"].unordered
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


def test_missing_values_are_kept_and_each_analysis_picks_its_rows():
    frame = _frame()
    frame.loc[[3, 7, 9], "age"] = np.nan
    dataset = prepare_frame(frame)
    assert len(dataset.frame) == 200  # every row kept
    assert dataset.profiles["age"].missing == 3
    assert any("Missing values in age (3) of 200 rows" in note for note in dataset.notes)
    with_age = dataset.complete_rows(["age", "smoker"])
    assert len(with_age.frame) == 197 and with_age.dropped == 3
    assert "Left out 3 of 200 rows" in with_age.note() and "age (3)" in with_age.note()
    without_age = dataset.complete_rows(["smoker", "cups"])
    assert len(without_age.frame) == 200 and without_age.note() == ""


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


def test_few_complete_rows_overall_is_not_a_load_error():
    frame = _frame(n=40)
    frame.loc[frame.index % 2 == 0, "age"] = np.nan
    frame.loc[frame.index % 2 == 1, "cups"] = np.nan
    dataset = prepare_frame(frame)  # no row is complete
    assert len(dataset.frame) == 40
    assert len(dataset.complete_rows(["smoker", "season"]).frame) == 40
    with pytest.raises(DataError, match="Only 0 of 40 rows are complete on age, cups"):
        dataset.complete_rows(["age", "cups"])


def test_dropped_column_message_says_why():
    frame = _frame()
    frame["comment"] = [f"note {i}" for i in range(len(frame))]
    dataset = prepare_frame(frame)
    assert dataset.dropped_columns["comment"].startswith("it holds text with 200 distinct values")
    with pytest.raises(ToolArgumentError, match="'comment' is in the data but was left out"):
        dataset.require(["comment"])
    assert any(note.startswith("Left out column 'comment'") for note in dataset.notes)


def test_dictionary_levels_accept_lists_and_separated_text(tmp_path):
    from askwhy.core.dictionary import load_dictionary

    path = tmp_path / "d.csv"
    path.write_text("name,type,levels\nsize,ordinal,small | medium | large\n")
    assert load_dictionary(path).columns["size"].levels == ["small", "medium", "large"]
    numbers = load_dictionary({"stars": {"type": "ordinal", "levels": [1, 2, 3]}})
    assert numbers.columns["stars"].levels == ["1", "2", "3"]
    rng = np.random.default_rng(0)
    data = pd.DataFrame({"size": rng.choice(["small", "large", "medium"], 50), "y": range(50)})
    dataset = prepare_frame(data, dictionary=load_dictionary(path))
    assert dataset.profiles["size"].categories == ["small", "medium", "large"]
    assert dataset.profiles["size"].scale == "ordinal" and not dataset.profiles["size"].unordered
