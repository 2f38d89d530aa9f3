from rich.console import Console

from askwhy.answer import GraphPayload
from askwhy.report.terminal import graph_table, graph_tree
from tests.report.answers import NODES, graph


def _text(renderable) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_tree_shows_causes_above_effects_and_undirected_links():
    text = _text(graph_tree(graph()))
    lines = text.splitlines()
    assert lines[1].endswith("age")
    assert "-> smoking" in text and "o-> lung cancer" in text
    assert (
        "smoking -- yellow fingers   (smoking is linked to (direction unknown) yellow fingers)"
        in text
    )
    assert "age <-> lung cancer" in text
    for node in NODES:
        assert node in text


def test_tree_survives_cycles():
    cyclic = GraphPayload(nodes=["a", "b"], edges=[("a", "b", "->"), ("b", "a", "->")])
    text = _text(graph_tree(cyclic))
    assert "(shown above)" in text


def test_table_groups_edges_by_node():
    text = _text(graph_table(graph()))
    assert "smoking -> tar   (smoking causes tar)" in text
    assert "age <-> lung cancer   (age shares a hidden cause with lung cancer)" in text


def test_tree_prints_names_with_brackets_literally():
    odd = GraphPayload(nodes=["dose [mg]", "y"], edges=[("dose [mg]", "y", "->")])
    assert "dose [mg]" in _text(graph_tree(odd))
