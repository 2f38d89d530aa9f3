"""Generated sets: files, labels from the data and from the true DAG, determinism."""

import json

import networkx as nx
import pytest

from askwhy.errors import ToolArgumentError
from askwhy.evals import labels
from askwhy.evals.generate import GenerateOptions, generate_sets
from askwhy.testing import cases

YES_NO = {"yes", "no", "uncertain"}


@pytest.fixture(scope="module")
def small_sets(tmp_path_factory):
    out = tmp_path_factory.mktemp("sets")
    options = GenerateOptions(seed=5, datasets=2, rows=400, max_nodes=5)
    return out, generate_sets(out, options)


def read(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_one_set_per_mechanism_with_its_csvs(small_sets):
    out, paths = small_sets
    names = ["linear.jsonl", "nonlinear.jsonl", "discrete.jsonl", "all.jsonl"]
    assert [p.name for p in paths] == names
    assert len(read(paths[-1])) == sum(len(read(p)) for p in paths[:-1])
    for path in paths[:-1]:
        lines = read(path)
        assert len(lines) >= 18
        for line in lines:
            assert (out / line["csv"]).is_file()
            assert (out / line["csv"]).with_suffix(".graph.json").is_file()
            assert line["expected"] is not None and line["truth"] is not None
            assert line["level"] in {"1", "2", "3"}


def test_every_planner_type_is_asked(small_sets):
    _, paths = small_sets
    types = {line["type"] for path in paths for line in read(path)}
    assert {
        "independence",
        "direct_cause",
        "collider",
        "confounder",
        "graph",
        "adjustment_set",
        "effect",
    } <= types
    assert types & {"parents", "children", "ancestors", "descendants"}


def test_labels_have_the_shape_of_their_type(small_sets):
    _, paths = small_sets
    for path in paths:
        for line in read(path):
            kind = line["type"]
            for label in (line["expected"], line["truth"]):
                if kind in ("independence", "direct_cause", "collider", "confounder"):
                    assert label in YES_NO
                elif kind == "graph":
                    assert isinstance(label, list)
                elif kind == "effect":
                    assert label == "uncertain" or "ate" in label
                else:
                    assert label == "uncertain" or "set" in label


def test_effects_only_on_linear_data(small_sets):
    _, paths = small_sets
    for path in paths[:-1]:
        effects = [line for line in read(path) if line["type"] == "effect"]
        assert bool(effects) == (path.stem == "linear")


def test_same_seed_same_questions(tmp_path):
    options = GenerateOptions(seed=9, datasets=1, rows=200, mechanisms=["nonlinear"])
    first = generate_sets(tmp_path / "a", options)[0].read_text()
    second = generate_sets(tmp_path / "b", options)[0].read_text()
    assert first == second


def test_bad_options_are_user_errors():
    with pytest.raises(ToolArgumentError):
        GenerateOptions(min_nodes=6, max_nodes=4)


def test_truth_labels_on_a_collider():
    dag = nx.DiGraph([("A", "B"), ("C", "B")])
    cpdag = labels.cpdag_of(dag)
    assert labels.pair_label(cpdag, "collider", "A", "C") == "yes"
    assert labels.pair_label(cpdag, "direct_cause", "A", "B") == "yes"
    assert labels.d_separated_label(dag, "A", "C", []) == "yes"
    assert labels.d_separated_label(dag, "A", "C", ["B"]) == "no"


def test_truth_is_uncertain_where_the_class_cannot_decide():
    cpdag = labels.cpdag_of(nx.DiGraph([("A", "B"), ("B", "C")]))
    assert labels.pair_label(cpdag, "direct_cause", "A", "B") == "uncertain"
    assert labels.adjustment_label(cpdag, "A", "C") == "uncertain"


def test_expected_labels_come_from_the_sample():
    data = cases.seven_node(2000, seed=1)
    found = labels.pc_graph(data.data, list(data.data.columns), "fisherz")
    assert labels.pair_label(found, "collider", "B", "C") == "yes"
    assert labels.independent_label(data.data, "B", "C", ["A"]) == "yes"
    assert labels.independent_label(data.data, "A", "D", []) == "no"
