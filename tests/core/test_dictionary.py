"""The data dictionary: every format loads, sidecars are found, mistakes get clear errors,
and declared types shape what is analysed."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from askwhy.core.data import load_csv
from askwhy.core.dictionary import ColumnEntry, find_sidecar, load_dictionary
from askwhy.errors import DataError, ToolArgumentError
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

ENTRIES = {
    "pid": {"type": "id"},
    "visit": {"type": "time", "description": "date of the visit"},
    "treat": {
        "description": "the training program",
        "aliases": ["training", "program"],
        "type": "binary",
        "role": "treatment",
    },
    "earnings": {"description": "Earnings in 1978, in dollars.", "role": ["outcome"]},
}


def write_data(folder: Path, n: int = 60) -> Path:
    rng = np.random.default_rng(0)
    path = folder / "jobs.csv"
    pd.DataFrame(
        {
            "pid": range(1, n + 1),
            "visit": pd.date_range("2021-01-01", periods=n).strftime("%Y-%m-%d"),
            "treat": rng.integers(0, 2, n),
            "region": rng.choice([3, 7, 12], n),
            "earnings": rng.normal(20, 5, n),
        }
    ).to_csv(path, index=False)
    return path


def test_json_mapping_loads():
    path = EXAMPLES / "survey.columns.json"
    dictionary = load_dictionary(path)
    assert dictionary.source == str(path)
    assert dictionary.columns["owns_home"].type == "binary"


@pytest.mark.parametrize(
    ("file_name", "text"),
    [
        (
            "d.csv",
            "name,description,aliases,type,role\n"
            "treat,the training program,training;program,binary,treatment\n"
            'earnings,"Earnings in 1978, in dollars.",,,outcome\n',
        ),
        (
            "d.csv",
            "Name , Aliases,Type,Description,Role\n"
            "treat,training | program,BINARY,the training program,treatment\n"
            "\n"
            'earnings,,,"Earnings in 1978, in dollars.",outcome\n',
        ),
        (
            "d.json",
            json.dumps(
                [
                    {"name": "treat", **ENTRIES["treat"]},
                    {"name": "earnings", **ENTRIES["earnings"]},
                ]
            ),
        ),
        (
            "d.yaml",
            "treat:\n  description: the training program\n  aliases: [training, program]\n"
            "  type: binary\n  role: treatment\n"
            "earnings:\n  description: Earnings in 1978, in dollars.\n  role: [outcome]\n",
        ),
        (
            "d.yml",
            "- name: treat\n  description: the training program\n  aliases: training|program\n"
            "  type: binary\n  role: [treatment]\n"
            "- name: earnings\n  description: Earnings in 1978, in dollars.\n  role: outcome\n",
        ),
    ],
)
def test_each_format_gives_the_same_entries(tmp_path, file_name, text):
    path = tmp_path / file_name
    path.write_text(text)
    columns = load_dictionary(path).columns
    assert columns["treat"] == ColumnEntry(
        description="the training program",
        aliases=["training", "program"],
        type="binary",
        role=["treatment"],
    )
    assert columns["earnings"] == ColumnEntry(
        description="Earnings in 1978, in dollars.", role=["outcome"]
    )


def test_sidecar_is_found_and_an_explicit_file_wins(tmp_path):
    data = write_data(tmp_path)
    assert find_sidecar(data) is None
    assert load_csv(data).dictionary is None
    (tmp_path / "jobs.columns.yaml").write_text("treat:\n  aliases: [training]\n")
    assert find_sidecar(data) == tmp_path / "jobs.columns.yaml"
    assert load_csv(data).aliases()["treat"] == ["training"]
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"treat": {"aliases": ["course"]}}))
    assert load_csv(data, columns=other).aliases()["treat"] == ["course"]


def test_two_sidecars_are_an_error(tmp_path):
    data = write_data(tmp_path)
    (tmp_path / "jobs.columns.json").write_text("{}")
    (tmp_path / "jobs.columns.yml").write_text("{}")
    with pytest.raises(DataError, match="Several data dictionaries.*--columns"):
        load_csv(data)


def test_shipped_survey_sidecar_matches_its_csv():
    dataset = load_csv(EXAMPLES / "survey.csv")
    assert dataset.dictionary is not None
    assert set(dataset.dictionary.columns) == set(dataset.columns)
    assert dataset.profiles["education"].declared_type == "ordinal"
    assert dataset.profiles["education"].kind == "discrete"  # still categories, as before


def test_misspelled_key_names_the_valid_keys():
    with pytest.raises(DataError) as err:
        load_dictionary({"treat": {"descripton": "the training program"}})
    message = str(err.value)
    assert "'descripton'" in message and "'treat'" in message
    assert "Did you mean 'description'?" in message
    assert "Valid keys: description, aliases, type, role, levels." in message


def test_misspelled_csv_header_is_named(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("name,alias\ntreat,training\n")
    with pytest.raises(DataError, match=r"Unknown key 'alias'.*d\.csv.*Valid keys"):
        load_dictionary(path)
    path.write_text("column,description\ntreat,x\n")
    with pytest.raises(DataError, match="header row with a 'name' column"):
        load_dictionary(path)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ({"treat": {"type": "numeric"}}, "type must be one of continuous, ordinal, categorical"),
        ({"treat": {"role": "cause"}}, "roles must be among treatment, outcome, instrument"),
        ({"treat": {"aliases": 3}}, "aliases must be a list"),
        ({"treat": ["x"]}, "must be an object"),
        (
            {"treat": {"aliases": ["course"]}, "earnings": {"aliases": ["Course"]}},
            "alias 'Course' of 'earnings' also names 'treat'",
        ),
    ],
)
def test_bad_entries_say_what_to_change(entries, expected):
    with pytest.raises(DataError, match=expected):
        load_dictionary(entries)


def test_unreadable_files_are_clear(tmp_path):
    with pytest.raises(DataError, match="Data dictionary not found"):
        load_dictionary(tmp_path / "missing.json")
    (tmp_path / "d.txt").write_text("x")
    with pytest.raises(DataError, match="use a .csv, .json, .yaml"):
        load_dictionary(tmp_path / "d.txt")
    (tmp_path / "d.json").write_text("{broken")
    with pytest.raises(DataError, match="not valid JSON"):
        load_dictionary(tmp_path / "d.json")
    (tmp_path / "d.yaml").write_text("a: [1,\n")
    with pytest.raises(DataError, match="not valid YAML"):
        load_dictionary(tmp_path / "d.yaml")
    (tmp_path / "list.json").write_text('[{"description": "x"}]')
    with pytest.raises(DataError, match="has no 'name'"):
        load_dictionary(tmp_path / "list.json")


def test_unknown_column_lists_the_columns(tmp_path):
    data = write_data(tmp_path)
    with pytest.raises(DataError) as err:
        load_csv(data, columns={"treatment": {"description": "x"}})
    message = str(err.value)
    assert "'treatment'" in message and "Did you mean: treat?" in message
    assert "Columns in the data: pid, visit, treat, region, earnings." in message


def test_alias_that_is_another_column_is_an_error(tmp_path):
    data = write_data(tmp_path)
    with pytest.raises(DataError, match="alias 'Region' of 'treat' is the name of the column"):
        load_csv(data, columns={"treat": {"aliases": ["Region"]}})


def test_aliases_add_short_descriptions_only(tmp_path):
    data = write_data(tmp_path)
    dataset = load_csv(
        data,
        columns={
            **ENTRIES,
            "region": {"description": "Region: see the codebook"},  # punctuation: a sentence
        },
    )
    assert dataset.aliases() == {
        # "the training program" has 3 words: it is a name for the column too
        "treat": ["training", "program", "the training program"],
    }
    # 'earnings' has a 6-word description, 'visit' was left out of the analysis
    assert load_csv(data).aliases() == {}


def test_id_and_time_columns_are_left_out_with_a_note(tmp_path):
    data = write_data(tmp_path)
    dataset = load_csv(data, columns=ENTRIES)
    assert dataset.columns == ["treat", "region", "earnings"]
    assert "ID column 'pid'" in dataset.notes[0] and "time column 'visit'" in dataset.notes[0]
    assert "data dictionary" in dataset.notes[0]
    with pytest.raises(ToolArgumentError, match="declares it an ID column"):
        dataset.require(["pid"])


def test_declared_types_reach_the_profile(tmp_path):
    data = write_data(tmp_path)
    dataset = load_csv(
        data, columns={"region": {"type": "categorical"}, "earnings": {"type": "continuous"}}
    )
    region = dataset.profiles["region"]
    assert region.declared_type == "categorical" and region.kind == "discrete"
    # numbers declared categorical become category codes, like text categories
    assert region.categories == ["3", "7", "12"]
    assert sorted(dataset.frame["region"].unique()) == [0.0, 1.0, 2.0]
    assert any("categorical column 'region'" in note for note in dataset.notes)
    assert dataset.profiles["earnings"].declared_type == "continuous"
    assert dataset.profiles["treat"].declared_type is None


def test_continuous_declared_few_levels_is_continuous(tmp_path):
    path = tmp_path / "t.csv"
    rng = np.random.default_rng(1)
    pd.DataFrame({"dose": rng.integers(0, 5, 50), "y": rng.normal(size=50)}).to_csv(
        path, index=False
    )
    assert load_csv(path).profiles["dose"].kind == "discrete"
    assert load_csv(path, columns={"dose": {"type": "continuous"}}).profiles["dose"].kind == (
        "continuous"
    )


def test_types_that_contradict_the_values_are_errors(tmp_path):
    data = write_data(tmp_path)
    with pytest.raises(DataError, match="'region' is declared binary.*3 distinct values"):
        load_csv(data, columns={"region": {"type": "binary"}})
    with pytest.raises(DataError, match="'visit' is declared continuous.*holds text.*or time"):
        load_csv(data, columns={"visit": {"type": "continuous"}})


def test_declared_types_change_the_fingerprint_descriptions_do_not(tmp_path):
    data = write_data(tmp_path)
    plain = load_csv(data).fingerprint
    assert load_csv(data, columns={"treat": {"description": "x"}}).fingerprint == plain
    assert load_csv(data, columns={"region": {"type": "categorical"}}).fingerprint != plain


def test_session_load_takes_a_mapping_and_describe_data_shows_it(tmp_path):
    data = write_data(tmp_path)
    session = Session(persist=False)
    dataset = session.load(data, columns=ENTRIES)
    assert dataset.dictionary is not None and dataset.dictionary.source == ""
    columns = {c["name"]: c for c in session.call("describe_data").details["columns"]}
    assert columns["treat"]["description"] == "the training program"
    assert columns["treat"]["aliases"] == ["training", "program"]
    assert columns["treat"]["role"] == ["treatment"]
    assert columns["treat"]["declared_type"] == "binary"
    assert "description" not in columns["region"]


def test_llm_question_message_lists_the_dictionary(tmp_path):
    from askwhy.planning.llm.prompts import column_line

    dataset = load_csv(write_data(tmp_path), columns=ENTRIES)
    entries = dataset.dictionary.columns
    assert column_line(dataset.profiles["treat"], entries["treat"]) == (
        '- treat: binary - "the training program"; aliases: training, program; role: treatment'
    )
    assert column_line(dataset.profiles["region"]) == "- region: discrete"
