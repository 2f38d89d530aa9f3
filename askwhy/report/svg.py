"""Draw a causal graph as SVG text: graphviz `dot` when installed, a pure-Python layout otherwise.

Edge kinds are drawn so they can be told apart: `->` solid arrow, `--` plain grey line,
`<->` dashed red double arrow, `o->` circle then arrow, `o-o` dotted line with circles.
Highlighted nodes (the variables of the question) are filled amber.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections.abc import Iterable
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from askwhy.answer import GraphPayload

Engine = Literal["auto", "graphviz", "python"]

EDGE_LABELS = {
    "->": "causes (directed)",
    "--": "linked, direction unknown (undirected)",
    "<->": "hidden common cause (bidirected)",
    "o->": "probably causes (partially directed)",
    "o-o": "linked, marks unknown",
}
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

NODE_HEIGHT = 36.0
LAYER_GAP = 90.0
NODE_GAP = 36.0
MARGIN = 24.0
CHAR_WIDTH = 7.6
FONT = "Helvetica, Arial, sans-serif"


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


# ---------------------------------------------------------------- pure-Python layout


def layout(graph: GraphPayload) -> dict[str, tuple[float, float]]:
    """Node centres from a layered (top-down) layout: causes above their effects."""
    layers = _layers(graph)
    rows: dict[int, list[str]] = {}
    for node in graph.nodes:
        rows.setdefault(layers[node], []).append(node)
    order = _order_rows(graph, rows)
    widths = {node: _node_width(node) for node in graph.nodes}
    row_width = {
        r: sum(widths[n] for n in nodes) + NODE_GAP * (len(nodes) - 1) for r, nodes in order.items()
    }
    total = max(row_width.values(), default=0.0)
    positions: dict[str, tuple[float, float]] = {}
    for r, nodes in order.items():
        x = MARGIN + (total - row_width[r]) / 2
        y = MARGIN + NODE_HEIGHT / 2 + r * LAYER_GAP
        for node in nodes:
            positions[node] = (x + widths[node] / 2, y)
            x += widths[node] + NODE_GAP
    return positions


def _layers(graph: GraphPayload) -> dict[str, int]:
    """Longest-path layering over directed edges, then undirected edges oriented without cycles."""
    import networkx as nx

    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    directed = [(a, b) for a, b, kind in graph.edges if kind in ("->", "o->")]
    others = [(a, b) for a, b, kind in graph.edges if kind not in ("->", "o->")]
    for a, b in directed + others:
        if a == b or dag.has_edge(a, b) or dag.has_edge(b, a):
            continue
        # Keep the layout graph acyclic: try a->b, else b->a, else leave the edge out.
        if not nx.has_path(dag, b, a):
            dag.add_edge(a, b)
        elif not nx.has_path(dag, a, b):
            dag.add_edge(b, a)
    layers: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        layers[node] = max((layers[p] + 1 for p in dag.predecessors(node)), default=0)
    return layers


def _order_rows(graph: GraphPayload, rows: dict[int, list[str]]) -> dict[int, list[str]]:
    """Reduce crossings with a few barycentre sweeps (neighbours' mean position)."""
    neighbours: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for a, b, _ in graph.edges:
        if a in neighbours and b in neighbours:
            neighbours[a].add(b)
            neighbours[b].add(a)
    order = {r: list(nodes) for r, nodes in sorted(rows.items())}
    for sweep in range(4):
        keys = sorted(order) if sweep % 2 == 0 else sorted(order, reverse=True)
        for r in keys:
            index = {n: i for row in order.values() for i, n in enumerate(row)}

            def centre(node: str, index: dict[str, int] = index) -> float:
                near = [index[m] for m in neighbours[node] if m in index]
                return sum(near) / len(near) if near else float(index[node])

            order[r] = sorted(order[r], key=centre)
    return order


def _node_width(name: str) -> float:
    return max(64.0, len(name) * CHAR_WIDTH + 28.0)


def python_svg(graph: GraphPayload, highlight: Iterable[str] = ()) -> str:
    """Draw the graph with the built-in layered layout (no graphviz needed)."""
    marked = set(highlight)
    positions = layout(graph)
    kinds = list(dict.fromkeys(kind for _, _, kind in graph.edges))
    graph_width = max((x + _node_width(n) / 2 for n, (x, _) in positions.items()), default=0.0)
    graph_bottom = max((y + NODE_HEIGHT / 2 for _, y in positions.values()), default=0.0)
    legend_top = graph_bottom + MARGIN
    legend_rows = len(kinds) + (1 if marked else 0)
    width = max(graph_width + MARGIN, 340.0)
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
    for a, b, kind in graph.edges:
        if a in positions and b in positions:
            parts.append(_edge(a, b, kind, positions))
    for node, (x, y) in positions.items():
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


def _edge(a: str, b: str, kind: str, positions: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = positions[a], positions[b]
    # Bend edges that would run along a row or pass through nodes between their ends.
    bend = 0.0
    if abs(y1 - y2) < 1:
        bend = -min(60.0, 18.0 + abs(x2 - x1) / 6)
    elif _blocked(a, b, positions):
        bend = 40.0
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    cx, cy = mx - (y2 - y1) / length * bend, my + (x2 - x1) / length * bend
    if bend and abs(y1 - y2) < 1:
        cx, cy = mx, my + bend * 1.6
    start = _clip(positions[a], _node_width(a), (cx, cy) if bend else (x2, y2))
    end = _clip(positions[b], _node_width(b), (cx, cy) if bend else (x1, y1))
    path = (
        f"M{start[0]:.1f},{start[1]:.1f} Q{cx:.1f},{cy:.1f} {end[0]:.1f},{end[1]:.1f}"
        if bend
        else f"M{start[0]:.1f},{start[1]:.1f} L{end[0]:.1f},{end[1]:.1f}"
    )
    key = _kind_id(kind)
    color = EDGE_COLORS.get(kind, "#000000")
    head = {"->": "arrow", "<->": "arrow", "o->": "arrow", "o-o": "circle"}.get(kind)
    tail = {"<->": "arrow", "o->": "circle", "o-o": "circle"}.get(kind)
    attrs = [f'd="{path}"', 'fill="none"', f'stroke="{color}"', 'stroke-width="1.8"']
    if kind in DASHES:
        attrs.append(f'stroke-dasharray="{DASHES[kind]}"')
    if head:
        attrs.append(f'marker-end="url(#{head}-{key})"')
    if tail:
        attrs.append(f'marker-start="url(#{tail}-{key})"')
    label = escape(f"{a} {kind} {b}")
    return (
        f'<g class="edge" data-kind={quoteattr(kind)}><title>{label}</title>'
        f"<path {' '.join(attrs)}/></g>"
    )


def _blocked(a: str, b: str, positions: dict[str, tuple[float, float]]) -> bool:
    """Does the straight segment a-b pass close to another node's centre?"""
    (x1, y1), (x2, y2) = positions[a], positions[b]
    for node, (x, y) in positions.items():
        if node in (a, b):
            continue
        dx, dy = x2 - x1, y2 - y1
        t = ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)
        if 0 < t < 1:
            px, py = x1 + t * dx, y1 + t * dy
            if abs(px - x) < _node_width(node) / 2 + 4 and abs(py - y) < NODE_HEIGHT / 2 + 4:
                return True
    return False


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
        f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{_node_width(name) / 2:.1f}" '
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
        key = _kind_id(kind)
        color = EDGE_COLORS.get(kind, "#000000")
        head = {"->": "arrow", "<->": "arrow", "o->": "arrow", "o-o": "circle"}.get(kind)
        tail = {"<->": "arrow", "o->": "circle", "o-o": "circle"}.get(kind)
        dash = f' stroke-dasharray="{DASHES[kind]}"' if kind in DASHES else ""
        markers = (f' marker-end="url(#{head}-{key})"' if head else "") + (
            f' marker-start="url(#{tail}-{key})"' if tail else ""
        )
        parts.append(
            f'<path d="M{a[0]:.0f},{a[1]:.0f} L{b[0]:.0f},{b[1]:.0f}" stroke="{color}" '
            f'stroke-width="1.8" fill="none"{dash}{markers}/>'
            f'<text x="{b[0] + 12:.0f}" y="{y + 4:.0f}">'
            f"{escape(kind + '  ' + EDGE_LABELS.get(kind, kind))}</text>"
        )
        y += 22
    if marked:
        parts.append(
            f'<ellipse cx="{MARGIN + 30:.0f}" cy="{y:.0f}" rx="28" ry="8" fill="{HIGHLIGHT_FILL}" '
            'stroke="#222222" stroke-width="2"/>'
            f'<text x="{MARGIN + 72:.0f}" y="{y + 4:.0f}">variable of the question</text>'
        )
    parts.append("</g>")
    return parts
