"""The mutation reading set: deterministic, complete, and labelled by meaning."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from askwhy.evals.mutation_draft import MUTATIONS, SYNONYMS, TEMPLATES, slots, texts
from askwhy.evals.mutation_extras import NOTATION
from askwhy.evals.mutation_tables import TABLES, table_by_name
from askwhy.evals.mutations import build_rows, write_mutation_set
from askwhy.frame import Frame

COMMITTED = Path(__file__).resolve().parents[2] / "evals" / "sets" / "reading" / "mutations.jsonl"
ALL_FAMILIES = {
    "independence", "direct_cause", "collider", "confounder", "mediator", "parents", "children",
    "ancestors", "descendants", "adjustment_set", "graph", "effect", "pairwise_direction",
    "describe_data", "unclear",
}  # fmt: skip
SINGLE = ("x", "y", "z", "treatment", "outcome")
LISTS = ("given", "adjust_for", "variables")


@pytest.fixture(scope="module")
def rows():
    return build_rows(0)


def table_of(row):
    return table_by_name(Path(row["csv"]).stem)


def named(frame):
    names = [frame[k] for k in SINGLE if k in frame] + [n for k in LISTS for n in frame.get(k, [])]
    for claim in frame.get("choice_map", {}).values():
        names += [claim[k] for k in ("x", "y", "z") if k in claim]
    return names


def test_deterministic_for_a_seed_and_the_committed_set_is_seed_0(rows):
    assert build_rows(0) == rows
    assert build_rows(1) != rows
    assert 1500 <= len(rows) <= 3000
    assert len({r["id"] for r in rows}) == len(rows)
    if COMMITTED.is_file():
        committed = [json.loads(line) for line in COMMITTED.read_text().splitlines()]
        assert committed == rows, (
            "regenerate: askwhy eval reading generate --out evals/sets/reading"
        )


def test_every_family_and_mutation_is_there(rows):
    assert set(TEMPLATES) == ALL_FAMILIES
    assert all(len(TEMPLATES[f]) >= 8 for f in ALL_FAMILIES)
    assert {r["type"] for r in rows} == ALL_FAMILIES
    assert {r["meta"]["mutation"] for r in rows} == set(MUTATIONS)
    variants = Counter((r["meta"]["mutation"], r["meta"].get("variant")) for r in rows)
    for mutation, variant in [("case", "lower"), ("case", "upper"), ("case", "title"),
                              ("separators", "underscore"), ("separators", "space"),
                              ("separators", "hyphen"), ("polarity", "flip"),
                              ("polarity", "negated"), ("choice", "scenario")]:  # fmt: skip
        assert variants[(mutation, variant)] >= 5, (mutation, variant)
    per_family = Counter((r["type"], r["meta"]["mutation"]) for r in rows)
    for family in ALL_FAMILIES - {"unclear"}:
        for mutation in ("plain", "case", "synonym", "scenario", "followup"):
            assert per_family[(family, mutation)] >= 1, (family, mutation)
    frames = [r["frame"] for r in rows]
    assert any(f["family"] == "independence" and f.get("given") for f in frames)
    assert {f.get("polarity") for f in frames if f["family"] == "independence"} >= {
        "independence",
        "dependence",
    }
    for family in ("mediator", "collider", "confounder"):
        assert {"z" in f for f in frames if f["family"] == family} == {True, False}
    assert {"variables" in f for f in frames if f["family"] == "graph"} == {True, False}
    effects = [f for f in frames if f["family"] == "effect"]
    assert any("treatment_values" in f for f in effects)
    assert any("adjust_for" in f for f in effects)


def test_every_labelled_variable_is_a_column_of_its_table_and_labels_are_frames(rows):
    for row in rows:
        table = table_of(row)
        assert (Path("x") / row["csv"]).parent.name == "mutation_tables"
        frames = [row["frame"]] + ([row["previous"]["frame"]] if "previous" in row else [])
        for frame in frames:
            assert set(named(frame)) <= set(table.names()), row["id"]
            Frame.model_validate(frame)
        assert row["type"] == row["frame"]["family"]
        assert set(row["meta"]["written"]) <= set(table.names())


def test_templates_keep_their_slots_in_every_variant_and_synonyms_exist():
    for family, templates in {**TEMPLATES, **NOTATION}.items():
        for tpl in templates:
            variants = texts(tpl)
            assert all(slots(t) == slots(tpl.text) for t in variants), tpl.text
            for term in re.findall(r"\[\[(.+?)\]\]", tpl.text):
                assert SYNONYMS[family][term], (family, term)


def test_order_swaps_keep_the_meaning(rows):
    swaps = [r for r in rows if r["meta"]["mutation"] == "order"]
    assert {r["type"] for r in swaps} >= {"direct_cause", "mediator", "effect", "adjustment_set"}
    for row in (r for r in swaps if r["type"] == "direct_cause"):
        written, frame, question = row["meta"]["written"], row["frame"], row["question"]
        cause, effect = written[frame["x"]], written[frame["y"]]
        assert question.index(effect) < question.index(cause), row["question"]
    passive = next(r for r in swaps if r["question"].startswith("Is ") and " directly caused by "
                   in r["question"])  # fmt: skip
    cause = passive["meta"]["written"][passive["frame"]["x"]]
    assert passive["question"].rstrip("?").endswith(cause)


def test_name_mutations_write_names_as_described(rows):
    for row in rows:
        mutation, table = row["meta"]["mutation"], table_of(row)
        written = row["meta"]["written"]
        columns = [table.column(name) for name in written]
        if mutation == "units":
            assert any(c.unit and written[c.name] == c.words for c in columns), row["id"]
        elif mutation == "partial_name":
            hits = [c for c in columns if c.partial and written[c.name] == c.partial]
            assert hits, row["id"]
            users = [c for c in table.columns if hits[0].partial in c.name_words()]
            assert users == [hits[0]], row["id"]
        elif mutation == "typo":
            assert any(_near(written[c.name], (c.name, c.words)) for c in columns), row["id"]
        elif mutation == "separators":
            forms = {c.name: {"_".join(c.name_words()), " ".join(c.name_words()),
                              "-".join(c.name_words())} for c in columns}  # fmt: skip
            assert any(written[c.name] in forms[c.name] - {c.name} for c in columns), row["id"]


def _near(text, originals):
    """One edit away (a swap of two letters counts as one)."""

    def one_edit(a, b):
        if a == b or abs(len(a) - len(b)) > 1:
            return False
        if len(a) == len(b):
            diff = [i for i in range(len(a)) if a[i] != b[i]]
            swap = len(diff) == 2 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
            return len(diff) == 1 or (swap and diff[1] == diff[0] + 1)
        short, long = sorted((a, b), key=len)
        return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))

    return any(one_edit(text, original) for original in originals)


def test_unclear_questions_name_only_missing_or_real_columns(rows):
    for table in TABLES:
        words = {w for c in table.columns for w in c.name_words()}
        for missing in table.missing:
            assert not set(missing.split()) & words, (table.name, missing)
    unclear = [r for r in rows if r["type"] == "unclear"]
    assert all(r["frame"] == {"family": "unclear"} and r["meta"]["reason"] for r in unclear)
    reasons = Counter(r["meta"]["reason"] == "off topic" for r in unclear)
    assert reasons[True] >= 30 and reasons[False] >= 30


def test_follow_ups_carry_the_first_question_and_change_its_label(rows):
    follow_ups = [r for r in rows if r["meta"]["mutation"] == "followup"]
    assert len({r["type"] for r in follow_ups}) == len(ALL_FAMILIES) - 1
    for row in follow_ups:
        previous = row["previous"]
        assert previous["question"] and previous["frame"]["family"] == row["frame"]["family"]
        assert previous["frame"] != row["frame"], row["id"]
    swap = next(r for r in follow_ups if r["meta"]["variant"] == "swap")
    assert (swap["frame"]["x"], swap["frame"]["y"]) == (
        swap["previous"]["frame"]["y"], swap["previous"]["frame"]["x"]
    )  # fmt: skip


def test_choices_map_exactly_their_options(rows):
    choices = [r for r in rows if r["meta"]["mutation"] == "choice"]
    assert {r["type"] for r in choices} >= {"pairwise_direction", "independence", "confounder"}
    for row in choices:
        frame = row["frame"]
        assert frame["format"] == "choice"
        assert set(frame["options"]) == set(frame["choice_map"])
        for letter, text in frame["options"].items():
            assert f"{letter}. {text}" in row["question"]
    benchmark = [r for r in choices if "Which cause-and-effect relationship" in r["question"]]
    assert benchmark and all(r["question"].endswith("Please answer with A, B, or C.")
                             for r in benchmark)  # fmt: skip


def test_write_mutation_set_writes_the_lines_and_200_row_tables(tmp_path, rows):
    path, tables = write_mutation_set(tmp_path, seed=0)
    assert [json.loads(line) for line in path.read_text().splitlines()] == rows
    assert len(tables) == len(TABLES) >= 6
    for table, csv_path in zip(TABLES, tables, strict=True):
        lines = csv_path.read_text().splitlines()
        assert len(lines) == 201 and lines[0].startswith(table.columns[0].name)
        assert csv_path.with_suffix(".graph.json").is_file()
