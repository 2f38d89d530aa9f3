import re
import xml.etree.ElementTree as ET

import pytest

from askwhy.answer import GraphPayload
from askwhy.core.graph import EDGE_MEANINGS
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


def test_legend_explains_each_drawn_kind_in_the_shared_words_and_fits():
    payload = GraphPayload(nodes=["a", "b", "c"], edges=[("a", "b", "o->"), ("b", "c", "->")])
    root = ET.fromstring(python_svg(payload))
    legend = next(g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "legend")
    lines = [text.text for text in legend.iter(f"{SVG_NS}text")]
    assert lines == [f"o->  {EDGE_MEANINGS['o->']}", f"->  {EDGE_MEANINGS['->']}"]
    longest = max(len(line) for line in lines)
    assert float(root.get("width")) >= svg.LEGEND_TEXT_X + longest * svg.LEGEND_CHAR_WIDTH


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


def _bezier_points(d: str, steps: int = 40) -> list[tuple[float, float]]:
    """Sample points along an SVG path made of one M and cubic C segments."""
    assert set(re.findall(r"[A-Za-z]", d)) <= {"M", "C"}, d
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    start, rest = (numbers[0], numbers[1]), numbers[2:]
    points = [start]
    for i in range(0, len(rest), 6):
        (x1, y1, x2, y2, x3, y3), (x0, y0) = rest[i : i + 6], points[-1]
        for s in range(1, steps + 1):
            t = s / steps
            a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            points.append((a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3))
    return points


@pytest.mark.parametrize(
    "edges",
    [
        # marketing example plus an undirected edge: price sits high, so its edges span layers
        [
            ("season", "ad_spend", "->"),
            ("season", "site_visits", "->"),
            ("ad_spend", "site_visits", "->"),
            ("site_visits", "signups", "->"),
            ("price", "signups", "->"),
            ("price", "revenue", "->"),
            ("signups", "revenue", "->"),
            ("season", "price", "--"),
        ],
        # a chain with an edge from top to bottom over every node between
        [("a", "b", "->"), ("b", "c", "->"), ("c", "d", "->"), ("a", "d", "<->")],
    ],
)
def test_long_edges_go_around_the_nodes_they_do_not_connect(edges):
    nodes = list(dict.fromkeys(n for a, b, _ in edges for n in (a, b)))
    root = ET.fromstring(python_svg(GraphPayload(nodes=nodes, edges=edges)))
    boxes = {}
    for name, g in _nodes(ET.tostring(root, encoding="unicode")).items():
        e = g.find(f"{SVG_NS}ellipse")
        cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
        boxes[name] = (cx - rx, cy - ry, cx + rx, cy + ry)
    drawn = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "edge"]
    assert len(drawn) == len(edges)
    for g, (a, b, _) in zip(drawn, edges, strict=True):
        points = _bezier_points(g.find(f"{SVG_NS}path").get("d"))
        for name, (left, top, right, bottom) in boxes.items():
            if name in (a, b):
                continue
            hits = [(x, y) for x, y in points if left < x < right and top < y < bottom]
            assert not hits, f"edge {a}-{b} passes through {name} at {hits[0]}"
