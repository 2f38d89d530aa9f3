"""Draw a causal graph as SVG text: graphviz `dot` when installed, a pure-Python layout otherwise.

Edge kinds are drawn so they can be told apart: `->` solid arrow, `--` plain grey line,
`<->` dashed red double arrow, `o->` circle then arrow, `o-o` dotted line with circles.
Highlighted nodes (the variables of the question) are filled amber. The built-in drawing
places nodes with `askwhy.report.layout`; the legend words come from `askwhy.core.graph`.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections.abc import Iterable
from itertools import pairwise
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from askwhy.answer import GraphPayload
from askwhy.core.graph import EDGE_MEANINGS
from askwhy.report.layout import MARGIN, NODE_HEIGHT, Key, key_width, layout, node_width, plan

__all__ = [
    "DASHES",
    "EDGE_COLORS",
    "HIGHLIGHT_FILL",
    "PLAIN_FILL",
    "Engine",
    "graph_dot",
    "graph_svg",
    "layout",
    "python_svg",
]

Engine = Literal["auto", "graphviz", "python"]

HIGHLIGHT_FILL = "#ffd966"
PLAIN_FILL = "#ffffff"
EDGE_COLORS = {
    "->": "#1f3b73",
    "--": "#7a7a7a",
    "<->": "#b3261e",
    "o->": "#1f6b3a",
    "o-o": "#7a5a1f",
}
DASHES = {"<->": "7 4", "o-o": "2 3"}
HEAD_MARKERS = {"->": "arrow", "<->": "arrow", "o->": "arrow", "o-o": "circle"}
TAIL_MARKERS = {"<->": "arrow", "o->": "circle", "o-o": "circle"}
FONT = "Helvetica, Arial, sans-serif"
LEGEND_TEXT_X = MARGIN + 72  # where the legend's words start
LEGEND_CHAR_WIDTH = 6.5  # per character of 12px legend text, enough for DejaVu Sans


def graph_svg(graph: GraphPayload, highlight: Iterable[str] = (), engine: Engine = "auto") -> str:
    """The graph as a standalone SVG document (no XML prolog, so it can be inlined in HTML).

    `engine="auto"` uses graphviz `dot` when the binary is on PATH and falls back to the
    built-in layered layout if it is missing or fails.
    """
    marked = set(highlight)
    if engine in ("auto", "graphviz") and shutil.which("dot"):
        svg = _graphviz_svg(graph, marked)
        if svg is not None:
            return svg
    return python_svg(graph, marked)


def graph_dot(graph: GraphPayload, highlight: Iterable[str] = ()) -> str:
    """DOT source with the same styling as the built-in drawing."""
    marked = set(highlight)
    lines = [
        "digraph causal {",
        '  graph [rankdir=TB, bgcolor="white", nodesep=0.4, ranksep=0.6];',
        f'  node [shape=ellipse, style=filled, fillcolor="{PLAIN_FILL}", fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
    ]
    for node in graph.nodes:
        extra = (
            f', fillcolor="{HIGHLIGHT_FILL}", penwidth=2.5, class="highlighted"'
            if node in marked
            else ""
        )
        lines.append(f"  {_dot_id(node)} [tooltip={_dot_id(node)}{extra}];")
    for a, b, kind in graph.edges:
        lines.append(f"  {_dot_id(a)} -> {_dot_id(b)} [{_dot_edge_attrs(kind)}];")
    lines.append("}")
    return "\n".join(lines)


def _dot_id(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_edge_attrs(kind: str) -> str:
    color = EDGE_COLORS.get(kind, "#000000")
    attrs = {
        "->": "dir=forward",
        "--": "dir=none",
        "<->": "dir=both, style=dashed",
        "o->": "dir=both, arrowtail=odot",
        "o-o": "dir=both, arrowtail=odot, arrowhead=odot, style=dotted",
    }.get(kind, "dir=forward")
    return f'{attrs}, color="{color}", penwidth=1.6'


def _graphviz_svg(graph: GraphPayload, marked: set[str]) -> str | None:
    try:
        done = subprocess.run(
            ["dot", "-Tsvg"],
            input=graph_dot(graph, marked),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return _name_nodes(_strip_prolog(done.stdout))


def _name_nodes(svg: str) -> str:
    """Give graphviz's node groups the same data-name attribute as the built-in drawing."""

    def add_name(match: re.Match[str]) -> str:
        opening, title, name = match.group(1), match.group(2), match.group(3)
        return f'{opening} data-name="{name.replace(chr(34), "&quot;")}">{title}'

    node_group = re.compile(r'(<g id="[^"]*" class="node[^"]*")>(\s*<title>(.*?)</title>)', re.S)
    return node_group.sub(add_name, svg)


def _strip_prolog(svg: str) -> str:
    """Drop the XML declaration, DOCTYPE and comments so the SVG can sit inside HTML."""
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return svg.strip()


# ---------------------------------------------------------------- built-in drawing


def python_svg(graph: GraphPayload, highlight: Iterable[str] = ()) -> str:
    """Draw the graph with the built-in layered layout (no graphviz needed)."""
    marked = set(highlight)
    positions, chains = plan(graph)
    kinds = list(dict.fromkeys(kind for _, _, kind in graph.edges))
    graph_width = max((x + key_width(k) / 2 for k, (x, _) in positions.items()), default=0.0)
    graph_bottom = max((y + NODE_HEIGHT / 2 for _, y in positions.values()), default=0.0)
    legend_top = graph_bottom + MARGIN
    legend_rows = len(kinds) + (1 if marked else 0)
    legend_width = max((len(_legend_label(k)) * LEGEND_CHAR_WIDTH for k in kinds), default=0.0)
    width = max(graph_width + MARGIN, LEGEND_TEXT_X + legend_width + MARGIN / 2, 340.0)
    height = legend_top + legend_rows * 22.0 + MARGIN / 2
    if not graph.nodes:
        height = 60.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="causal-graph" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="{FONT}" font-size="13">',
        f"<title>{escape('Causal graph ' + (graph.name or ''))}</title>",
        _markers(),
        '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
    ]
    if not graph.nodes:
        parts.append('<text x="20" y="35">The graph has no variables.</text>')
    for (a, b, kind), chain in zip(graph.edges, chains, strict=True):
        if chain:
            parts.append(_edge(a, b, kind, _edge_path(chain, positions)))
    for node, (x, y) in positions.items():
        if isinstance(node, str):
            parts.append(_node(node, x, y, node in marked))
    parts.extend(_legend(kinds, bool(marked), legend_top))
    parts.append("</svg>")
    return "\n".join(parts)


def _markers() -> str:
    defs = ["<defs>"]
    for kind, color in EDGE_COLORS.items():
        key = _kind_id(kind)
        defs.append(
            f'<marker id="arrow-{key}" viewBox="0 0 10 10" refX="10" refY="5" '
            f'markerWidth="9" markerHeight="9" orient="auto-start-reverse" '
            f'markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        )
        defs.append(
            f'<marker id="circle-{key}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="9" markerHeight="9" orient="auto-start-reverse" '
            'markerUnits="userSpaceOnUse">'
            f'<circle cx="5" cy="5" r="4" fill="#ffffff" stroke="{color}" stroke-width="1.5"/>'
            "</marker>"
        )
    defs.append("</defs>")
    return "".join(defs)


def _kind_id(kind: str) -> str:
    return {"->": "dir", "--": "undir", "<->": "bi", "o->": "pdir", "o-o": "circ"}.get(kind, "dir")


def _line_style(kind: str) -> list[str]:
    """The dash pattern and end markers that tell an edge kind apart, as SVG attributes."""
    key = _kind_id(kind)
    attrs = []
    if kind in DASHES:
        attrs.append(f'stroke-dasharray="{DASHES[kind]}"')
    if kind in HEAD_MARKERS:
        attrs.append(f'marker-end="url(#{HEAD_MARKERS[kind]}-{key})"')
    if kind in TAIL_MARKERS:
        attrs.append(f'marker-start="url(#{TAIL_MARKERS[kind]}-{key})"')
    return attrs


def _edge(a: str, b: str, kind: str, path: str) -> str:
    color = EDGE_COLORS.get(kind, "#000000")
    attrs = [f'd="{path}"', 'fill="none"', f'stroke="{color}"', 'stroke-width="1.8"']
    attrs.extend(_line_style(kind))
    label = escape(f"{a} {kind} {b}")
    return (
        f'<g class="edge" data-kind={quoteattr(kind)}><title>{label}</title>'
        f"<path {' '.join(attrs)}/></g>"
    )


def _edge_path(chain: list[Key], positions: dict[Key, tuple[float, float]]) -> str:
    """One smooth path through the edge's bend points, from ellipse outline to ellipse outline.

    Catmull-Rom tangents with their sideways part cut to a quarter, drawn as cubic Beziers: the
    path crosses each layer steeply, so it keeps clear of the nodes beside its slot. The ends
    are spread a little wider around the ellipses so arrowheads into one node stay apart.
    """
    centres = [positions[key] for key in chain]
    if len(centres) == 2 and centres[0] == centres[1]:  # a self-loop: small arc above the node
        x, top = centres[0][0], centres[0][1] - NODE_HEIGHT / 2
        return f"M{x - 8:.1f},{top:.1f} c-16,-30 32,-30 16,0"
    padded = [centres[0], *centres, centres[-1]]
    tangents = [
        ((c[0] - a[0]) / 8, (c[1] - a[1]) / 2) for a, c in zip(padded, padded[2:], strict=False)
    ]
    (x0, y0), (u0, v0) = centres[0], tangents[0]
    (xn, yn), (un, vn) = centres[-1], tangents[-1]
    points = [
        _clip(centres[0], key_width(chain[0]), (x0 + 2 * u0, y0 + v0)),
        *centres[1:-1],
        _clip(centres[-1], key_width(chain[-1]), (xn - 2 * un, yn - vn)),
    ]
    path = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for i, ((xa, ya), (xb, yb)) in enumerate(pairwise(points)):
        (u1, v1), (u2, v2) = tangents[i], tangents[i + 1]
        path.append(
            f"C{xa + u1 / 3:.1f},{ya + v1 / 3:.1f} {xb - u2 / 3:.1f},{yb - v2 / 3:.1f} "
            f"{xb:.1f},{yb:.1f}"
        )
    return " ".join(path)


def _clip(
    centre: tuple[float, float], width: float, toward: tuple[float, float]
) -> tuple[float, float]:
    """Where the line from the ellipse centre toward a point leaves the ellipse."""
    x, y = centre
    dx, dy = toward[0] - x, toward[1] - y
    rx, ry = width / 2 + 1, NODE_HEIGHT / 2 + 1
    scale = math.sqrt((dx / rx) ** 2 + (dy / ry) ** 2)
    if scale == 0:
        return centre
    return x + dx / scale, y + dy / scale


def _node(name: str, x: float, y: float, marked: bool) -> str:
    fill = HIGHLIGHT_FILL if marked else PLAIN_FILL
    stroke_width = 2.6 if marked else 1.3
    weight = ' font-weight="bold"' if marked else ""
    classes = "node highlighted" if marked else "node"
    return (
        f'<g class="{classes}" data-name={quoteattr(name)}><title>{escape(name)}</title>'
        f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{node_width(name) / 2:.1f}" '
        f'ry="{NODE_HEIGHT / 2:.1f}" fill="{fill}" stroke="#222222" '
        f'stroke-width="{stroke_width}"/>'
        f'<text x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle"{weight}>{escape(name)}</text>'
        "</g>"
    )


def _legend(kinds: list[str], marked: bool, top: float) -> list[str]:
    parts = ['<g class="legend" font-size="12">']
    y = top
    for kind in kinds:
        a, b = (MARGIN, y), (MARGIN + 60, y)
        color = EDGE_COLORS.get(kind, "#000000")
        style = "".join(f" {attr}" for attr in _line_style(kind))
        parts.append(
            f'<path d="M{a[0]:.0f},{a[1]:.0f} L{b[0]:.0f},{b[1]:.0f}" stroke="{color}" '
            f'stroke-width="1.8" fill="none"{style}/>'
            f'<text x="{LEGEND_TEXT_X:.0f}" y="{y + 4:.0f}">{escape(_legend_label(kind))}</text>'
        )
        y += 22
    if marked:
        parts.append(
            f'<ellipse cx="{MARGIN + 30:.0f}" cy="{y:.0f}" rx="28" ry="8" fill="{HIGHLIGHT_FILL}" '
            'stroke="#222222" stroke-width="2"/>'
            f'<text x="{LEGEND_TEXT_X:.0f}" y="{y + 4:.0f}">variable of the question</text>'
        )
    parts.append("</g>")
    return parts


def _legend_label(kind: str) -> str:
    return f"{kind}  {EDGE_MEANINGS.get(kind, kind)}"
