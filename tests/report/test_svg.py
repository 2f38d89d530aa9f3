import xml.etree.ElementTree as ET

import pytest

from askwhy.answer import GraphPayload
from askwhy.report import svg
from askwhy.report.svg import graph_dot, graph_svg, layout, python_svg
from tests.report.answers import EDGES, NODES, graph

SVG_NS = "{http://www.w3.org/2000/svg}"


def _nodes(document: str) -> dict[str, ET.Element]:
    root = ET.fromstring(document)
    return {g.get("data-name"): g for g in root.iter(f"{SVG_NS}g") if g.get("data-name")}


def test_python_svg_is_well_formed_and_draws_every_node_and_edge():
    document = python_svg(graph(), highlight=["smoking", "lung cancer"])
    nodes = _nodes(document)
    assert set(nodes) == set(NODES)
    edges = [g for g in ET.fromstring(document).iter(f"{SVG_NS}g") if g.get("class") == "edge"]
    assert len(edges) == len(EDGES)


def test_highlighted_variables_are_marked():
    nodes = _nodes(python_svg(graph(), highlight=["smoking"]))
    assert nodes["smoking"].get("class") == "node highlighted"
    assert nodes["tar"].get("class") == "node"


def test_edge_kinds_are_drawn_differently():
    kinds = ["->", "--", "<->", "o->", "o-o"]
    payload = GraphPayload(
        nodes=list("abcdef"), edges=[("a", b, k) for b, k in zip("bcdef", kinds, strict=True)]
    )
    root = ET.fromstring(python_svg(payload))
    drawn = {}
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class") == "edge":
            path = g.find(f"{SVG_NS}path")
            style = (
                path.get("stroke"),
                path.get("stroke-dasharray"),
                path.get("marker-start"),
                path.get("marker-end"),
            )
            drawn[g.get("data-kind")] = style
    assert set(drawn) == set(kinds)
    assert len(set(drawn.values())) == len(kinds)
    assert drawn["--"][2:] == (None, None)  # undirected: no arrowheads
    assert "arrow" in drawn["<->"][2] and "arrow" in drawn["<->"][3]
    assert "circle" in drawn["o->"][2] and "arrow" in drawn["o->"][3]


def test_causes_are_laid_out_above_their_effects():
    positions = layout(graph())
    assert positions["age"][1] < positions["smoking"][1] < positions["tar"][1]
    assert positions["tar"][1] < positions["lung cancer"][1]


def test_cycles_empty_graphs_and_odd_names_do_not_break_the_drawing():
    cyclic = GraphPayload(
        nodes=["a", "b", "c"], edges=[("a", "b", "->"), ("b", "c", "->"), ("c", "a", "->")]
    )
    assert set(_nodes(python_svg(cyclic))) == {"a", "b", "c"}
    assert "no variables" in python_svg(GraphPayload(nodes=[], edges=[]))
    odd = GraphPayload(nodes=['x<&>"y', "z"], edges=[('x<&>"y', "z", "->")])
    assert set(_nodes(python_svg(odd))) == {'x<&>"y', "z"}


def test_auto_falls_back_to_python_layout_without_graphviz(monkeypatch):
    monkeypatch.setattr(svg.shutil, "which", lambda name: None)
    assert 'class="causal-graph"' in graph_svg(graph())


def test_auto_falls_back_when_graphviz_fails(monkeypatch, tmp_path):
    broken = tmp_path / "dot"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert 'class="causal-graph"' in graph_svg(graph())


def test_dot_source_quotes_names_and_styles_edge_kinds():
    source = graph_dot(GraphPayload(nodes=['a "b"', "c"], edges=[('a "b"', "c", "<->")]), ["c"])
    assert '"a \\"b\\""' in source
    assert "dir=both, style=dashed" in source
    assert "penwidth=2.5" in source


@pytest.mark.skipif(svg.shutil.which("dot") is None, reason="graphviz is not installed")
def test_graphviz_svg_has_every_node():
    document = graph_svg(graph(), ["tar"], engine="graphviz")
    assert not document.startswith("<?xml")
    for node in NODES:
        assert f"<title>{node}</title>" in document
