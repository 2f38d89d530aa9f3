"""The second held-out reading set (evals/sets/reading/heldout2.jsonl) is well formed.

Checks the structure of the set and its tables, not askwhy's score on it.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from askwhy.evals.reading import as_frame, load_reading_set
from askwhy.evals.synthetic import read_true_graph

SET_DIR = Path(__file__).resolve().parents[2] / "evals" / "sets" / "reading"
SET = SET_DIR / "heldout2.jsonl"
TABLES = ("ride_trips", "fishery_survey", "loan_book", "ab_test_log")
EARLIER_TABLES = {  # the other sets' tables: the new set must not reuse them
    *(p.stem for p in (SET_DIR / "tables").glob("*.csv")),
    *(p.stem for p in (SET_DIR / "mutation_tables").glob("*.csv")),
} - set(TABLES)
STYLES = {
    "plain", "synonym", "colloquial", "terse", "typo", "allcaps", "lowercase", "partial_name",
    "units", "notation", "negated", "multiple_choice", "preamble", "passive", "reversed",
    "followup", "domain_alias", "missing_variable", "off_topic", "ambiguous",
}  # fmt: skip
FAMILIES = {
    "independence", "direct_cause", "collider", "confounder", "mediator", "parents",
    "children", "ancestors", "descendants", "adjustment_set", "graph", "effect",
    "pairwise_direction", "describe_data", "unclear",
}  # fmt: skip
ROLE_KEYS = ("x", "y", "z", "treatment", "outcome")


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, SET_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]


def test_every_line_loads_as_a_reading_case_with_a_valid_frame(rows):
    cases = load_reading_set(SET)
    assert len(cases) == len(rows) >= 220
    for case in cases:
        frame = as_frame(case.frame)
        assert frame.family == case.frame["family"] == case.type, case.id
        if case.previous is not None:
            assert as_frame(case.previous).family != "unclear", case.id
            assert case.previous_question, case.id
        assert Path(case.csv).is_file(), case.id
        assert Path(case.csv).parent == SET_DIR / "tables", case.id


def test_ids_meta_and_composition(rows):
    assert [r["id"] for r in rows] == [f"h2-{i:03d}" for i in range(1, len(rows) + 1)]
    assert all(r["meta"]["author"] == "heldout2" and r["meta"].get("voice") for r in rows)
    styles = Counter(r["meta"]["style"] for r in rows)
    assert set(styles) == STYLES, set(styles) ^ STYLES
    families = Counter(r["frame"]["family"] for r in rows)
    assert set(families) == FAMILIES
    assert min(families.values()) >= 10, families
    assert families["unclear"] >= 20, families
    assert {Path(r["csv"]).stem for r in rows} == set(TABLES)
    assert not set(TABLES) & EARLIER_TABLES
    assert len({r["question"] for r in rows}) == len(rows), "a question is repeated"
    for row in rows:
        if row["frame"]["family"] == "unclear":
            assert row["meta"].get("reason"), row["id"]
            assert set(row["frame"]) == {"family"}, row["id"]
        if row["meta"]["style"] == "followup":
            assert {"question", "frame"} <= set(row.get("previous", {})), row["id"]
        else:
            assert "previous" not in row, row["id"]


def test_frames_name_exact_columns_per_the_shared_checker(rows):
    check_set = _module("check_set")
    problems = check_set.check(SET)[1]
    assert [p for p in problems if "meta needs author" not in p] == []
    for row in rows:  # a previous frame names real columns too
        if "previous" in row:
            columns = check_set.columns_of(SET_DIR / row["csv"])
            frame = row["previous"]["frame"]
            named = [frame[k] for k in ROLE_KEYS if k in frame]
            named += frame.get("adjust_for", []) + frame.get("variables", [])
            assert set(named) <= set(columns), row["id"]


def test_choice_frames_claim_only_columns_of_their_table(rows):
    choices = [r for r in rows if r["frame"].get("format") == "choice"]
    assert len(choices) >= 6
    for row in choices:
        columns = set(_module("check_set").columns_of(SET_DIR / row["csv"]))
        assert set(row["frame"]["options"]) == set(row["frame"]["choice_map"]), row["id"]
        for claim in row["frame"]["choice_map"].values():
            assert {claim[k] for k in ("x", "y", "z") if k in claim} <= columns, row["id"]


def test_tables_match_their_script_and_graphs():
    make = _module("make_heldout2_tables")
    assert tuple(make.TABLES) == TABLES
    for i, name in enumerate(TABLES):
        df, edges = make.TABLES[name](np.random.default_rng([make.SEED, i]))
        csv_path = SET_DIR / "tables" / f"{name}.csv"
        assert df.to_csv(index=False) == csv_path.read_text(), name
        assert 300 <= len(df) <= 500
        dag = read_true_graph(csv_path)
        assert list(dag.nodes) == list(df.columns)
        assert set(dag.edges) == set(edges)
        assert 11 <= len(edges) <= 13, name


def test_ambiguous_names_really_have_twins():
    """'rating' and 'time' questions are unclear because the tables hold near-twins."""
    make = _module("make_heldout2_tables")
    rides = make.TABLES["ride_trips"](np.random.default_rng([make.SEED, 0]))[0]
    ab = make.TABLES["ab_test_log"](np.random.default_rng([make.SEED, 3]))[0]
    assert sum("rating" in c.lower() for c in rides.columns) == 2
    assert {"Date", "page_load (ms)", "TimeOnPage_s"} <= set(ab.columns)
