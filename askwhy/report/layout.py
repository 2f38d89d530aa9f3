"""The built-in layered layout of a causal graph (no graphviz needed).

Causes sit above their effects. An edge spanning several layers gets a virtual bend point
in each layer it crosses; bend points take part in the crossing reduction and in the
placement like narrow nodes, so long edges run in their own slots between the variables.
"""

from __future__ import annotations

from itertools import pairwise

from askwhy.answer import GraphPayload

NODE_HEIGHT = 36.0
LAYER_GAP = 90.0
NODE_GAP = 36.0
BEND_WIDTH = 14.0  # slot of a long edge passing through a layer
MARGIN = 24.0
CHAR_WIDTH = 7.6

Key = str | tuple[int, int]  # a variable, or (edge index, layer) for a bend point of a long edge


def layout(graph: GraphPayload) -> dict[str, tuple[float, float]]:
    """Node centres from a layered (top-down) layout: causes above their effects."""
    positions, _ = plan(graph)
    return {node: positions[node] for node in graph.nodes}


def plan(graph: GraphPayload) -> tuple[dict[Key, tuple[float, float]], list[list[Key]]]:
    """Sugiyama-style layout: positions of nodes and bend points, and each edge's chain of keys.

    An edge spanning k > 1 layers gets k-1 bend points in the layers between its ends, which take
    part in the crossing reduction like narrow nodes, so long edges run in their own slots.
    """
    rank: dict[Key, int] = dict(_layers(graph))
    chains: list[list[Key]] = []
    for i, (a, b, _) in enumerate(graph.edges):
        if a not in rank or b not in rank:
            chains.append([])
            continue
        step = 1 if rank[b] >= rank[a] else -1
        bends: list[Key] = [(i, r) for r in range(rank[a] + step, rank[b], step)]
        rank.update({key: key[1] for key in bends})
        chains.append([a, *bends, b])
    links = list(  # (upper, lower) pairs in adjacent layers, in a fixed order
        dict.fromkeys(
            (p, q) if rank[p] < rank[q] else (q, p)
            for chain in chains
            for p, q in pairwise(chain)
            if rank[p] != rank[q]
        )
    )
    rows: dict[int, list[Key]] = {}
    for key, r in rank.items():
        rows.setdefault(r, []).append(key)
    order = _order_rows(rows, links)
    return _place(order, links), chains


def _layers(graph: GraphPayload) -> dict[str, int]:
    """Longest-path layering over directed edges, then undirected edges oriented without cycles."""
    import networkx as nx

    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    directed = [(a, b) for a, b, kind in graph.edges if kind in ("->", "o->")]
    others = [(a, b) for a, b, kind in graph.edges if kind not in ("->", "o->")]
    for a, b in directed + others:
        if a not in dag or b not in dag or a == b or dag.has_edge(a, b) or dag.has_edge(b, a):
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


def _order_rows(rows: dict[int, list[Key]], links: list[tuple[Key, Key]]) -> dict[int, list[Key]]:
    """Reduce crossings with barycentre sweeps down and up; keep the best ordering seen."""
    neighbours = _neighbours(rows, links)
    order = {r: list(rows[r]) for r in sorted(rows)}
    best, fewest = dict(order), _crossings(order, links)
    for sweep in range(8):
        down = sweep % 2 == 0
        for r in sorted(order, reverse=not down):
            ref = {key: i for i, key in enumerate(order.get(r - 1 if down else r + 1, []))}

            def centre(item: tuple[int, Key], ref: dict[Key, int] = ref) -> float:
                near = [ref[m] for m in neighbours[item[1]] if m in ref]
                return sum(near) / len(near) if near else float(item[0])

            order[r] = [key for _, key in sorted(enumerate(order[r]), key=centre)]
        crossings = _crossings(order, links)
        if crossings < fewest:
            best, fewest = {r: list(row) for r, row in order.items()}, crossings
    return best


def _neighbours(rows: dict[int, list[Key]], links: list[tuple[Key, Key]]) -> dict[Key, list[Key]]:
    neighbours: dict[Key, list[Key]] = {key: [] for row in rows.values() for key in row}
    for p, q in links:
        neighbours[p].append(q)
        neighbours[q].append(p)
    return neighbours


def _crossings(order: dict[int, list[Key]], links: list[tuple[Key, Key]]) -> int:
    index = {key: i for row in order.values() for i, key in enumerate(row)}
    spans = [(index[p], index[q], p) for p, q in links]
    rank = {key: r for r, row in order.items() for key in row}
    return sum(
        1
        for i, (a1, b1, p1) in enumerate(spans)
        for a2, b2, p2 in spans[i + 1 :]
        if rank[p1] == rank[p2] and (a1 - a2) * (b1 - b2) < 0
    )


def _place(
    order: dict[int, list[Key]], links: list[tuple[Key, Key]]
) -> dict[Key, tuple[float, float]]:
    """x: pull each key toward its neighbours' mean while keeping row order and gaps."""
    neighbours = _neighbours(order, links)
    x: dict[Key, float] = {}
    for row in order.values():
        x.update(zip(row, _pack(row, [0.0] * len(row)), strict=True))
    for sweep in range(8):
        for r in sorted(order, reverse=sweep % 2 == 1):
            row = order[r]
            wanted = [
                sum(x[m] for m in neighbours[k]) / len(neighbours[k]) if neighbours[k] else x[k]
                for k in row
            ]
            x.update(zip(row, _pack(row, wanted), strict=True))
    left = min((x[k] - key_width(k) / 2 for k in x), default=0.0)
    return {
        key: (x[key] - left + MARGIN, MARGIN + NODE_HEIGHT / 2 + r * LAYER_GAP)
        for r, row in order.items()
        for key in row
    }


def _pack(row: list[Key], wanted: list[float]) -> list[float]:
    """Positions closest to `wanted` that keep the row's order and gaps (mean of two sweeps)."""
    gaps = [(key_width(p) + key_width(q)) / 2 + NODE_GAP for p, q in pairwise(row)]
    right, left = list(wanted), list(wanted)
    for i, gap in enumerate(gaps):
        right[i + 1] = max(right[i + 1], right[i] + gap)
    for i in range(len(gaps) - 1, -1, -1):
        left[i] = min(left[i], left[i + 1] - gaps[i])
    return [(a + b) / 2 for a, b in zip(right, left, strict=True)]


def key_width(key: Key) -> float:
    """Width of a node, or of the narrow slot of a bend point."""
    return node_width(key) if isinstance(key, str) else BEND_WIDTH


def node_width(name: str) -> float:
    """Width of the ellipse drawn around a variable's name."""
    return max(64.0, len(name) * CHAR_WIDTH + 28.0)
