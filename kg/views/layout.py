"""Node positions computed in Python, for views too large for in-browser physics.

vis-network's physics did not settle a 5,000-node graph within minutes in headless
Chromium; a layout computed here (well under a second for 5,000 nodes, numpy only) is
drawn at once with physics off.

The layout suits the shape of leadership graphs, which are hubs (organisations, meetings)
each with a crowd of people, and a few people linking hubs:

1. each connected component is laid out on its own, then the components are packed in
   rows, largest first;
2. in a component, the hubs (non-person nodes) are placed by a Fruchterman–Reingold
   layout of the hub graph (two hubs linked when a person links them), with the ideal
   distance of two hubs the sum of their radii, so that their crowds do not overlap;
3. the people of one hub sit on rings around it; people of several hubs between them;
   people linked to no hub (co-attendance only) next to their neighbours.

A component without hubs (people linked by co-attendance only) gets the plain
Fruchterman–Reingold layout. Positions are in pixels, deterministic for a given graph.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable

import networkx as nx
import numpy as np

#: Distance between neighbouring people on a ring, and between rings (pixels).
GAP = 42.0
#: Radius of the first ring of people around a hub.
FIRST_RING = 70.0
#: Space between packed components.
MARGIN = 60.0
#: Width : height of the area the components are packed in (about that of the page's canvas).
ASPECT = 1.4

Pos = dict[Hashable, tuple[float, float]]


def layout(G: nx.Graph, seed: int = 7) -> Pos:
    """``node -> (x, y)`` for every node of ``G`` (a Graph or MultiGraph with node ``kind``)."""
    rng = np.random.default_rng(seed)
    parts = []
    for comp in sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c)))):
        pos = _component(G, sorted(comp, key=str), rng)
        parts.append(_centred(pos))
    return _pack(parts)


def _component(G: nx.Graph, nodes: list, rng: np.random.Generator) -> Pos:
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    hubs = [n for n in nodes if G.nodes[n].get("kind", "person") != "person"]
    if not hubs:
        sub = nx.Graph(G.subgraph(nodes))
        xy = _fruchterman_reingold(sub, nodes, np.full(len(nodes), GAP / 2), rng)
        return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}
    hub_set = set(hubs)
    satellites: dict = defaultdict(list)  # hub -> people linked to it alone
    bridges: dict = defaultdict(list)  # frozenset of hubs -> people linking them
    loose = []  # people linked to no hub
    for n in nodes:
        if n in hub_set:
            continue
        linked = sorted((h for h in G[n] if h in hub_set), key=str)
        if len(linked) == 1:
            satellites[linked[0]].append(n)
        elif linked:
            bridges[frozenset(linked)].append(n)
        else:
            loose.append(n)

    radius = np.array([_rings_radius(len(satellites[h])) for h in hubs])
    hub_graph = nx.Graph()
    hub_graph.add_nodes_from(hubs)
    for group, people in bridges.items():
        for a in group:
            for b in group:
                if str(a) < str(b):
                    w = hub_graph.get_edge_data(a, b, {}).get("weight", 0)
                    hub_graph.add_edge(a, b, weight=w + len(people))
    for a in hubs:  # hubs linked directly (meeting - organiser)
        for b in G[a]:
            if b in hub_set and str(a) < str(b):
                w = hub_graph.get_edge_data(a, b, {}).get("weight", 0)
                hub_graph.add_edge(a, b, weight=w + 1)
    if len(hubs) == 1:
        xy = np.zeros((1, 2))
    elif len(hubs) == 2:
        xy = np.array([[0.0, 0.0], [radius[0] + radius[1], 0.0]])
    else:
        xy = _fruchterman_reingold(hub_graph, hubs, radius, rng)
    pos: Pos = {h: (float(x), float(y)) for h, (x, y) in zip(hubs, xy)}

    for h in hubs:
        cx, cy = pos[h]
        for person, (dx, dy) in zip(satellites[h], _rings(len(satellites[h]))):
            pos[person] = (cx + dx, cy + dy)
    for group, people in sorted(bridges.items(), key=lambda item: sorted(map(str, item[0]))):
        centre = np.mean([pos[h] for h in group], axis=0)
        for person, offset in zip(people, _spread(group, people, pos)):
            pos[person] = (float(centre[0] + offset[0]), float(centre[1] + offset[1]))
    _place_loose(G, loose, pos, rng)
    return pos


def _rings_radius(count: int) -> float:
    """Outer radius of the rings holding ``count`` people around a hub."""
    if not count:
        return GAP
    r, left = FIRST_RING, count
    while True:
        left -= max(1, int(2 * math.pi * r / GAP))
        if left <= 0:
            return r + GAP / 2
        r += GAP


def _rings(count: int) -> list[tuple[float, float]]:
    """Offsets of ``count`` places on concentric rings, inner rings filled first."""
    offsets, r, left = [], FIRST_RING, count
    while left > 0:
        capacity = max(1, int(2 * math.pi * r / GAP))
        here = min(capacity, left)
        if here < capacity and offsets:  # last, partly filled ring: spread evenly
            capacity = here
        for i in range(here):
            a = 2 * math.pi * i / capacity + (r / GAP) * 0.5  # rings turned a little apart
            offsets.append((r * math.cos(a), r * math.sin(a)))
        left -= here
        r += GAP
    return offsets


def _spread(group: frozenset, people: list, pos: Pos) -> list[tuple[float, float]]:
    """Offsets of the people linking the hubs of ``group``, around the hubs' centre: in a
    row across the line of two hubs, or on a small circle."""
    m = len(people)
    if len(group) == 2:
        (ax, ay), (bx, by) = (pos[h] for h in sorted(group, key=str))
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx_, ny_ = -dy / length, dx / length  # across the line
        return [((i - (m - 1) / 2) * GAP * nx_, (i - (m - 1) / 2) * GAP * ny_) for i in range(m)]
    if m == 1:
        return [(0.0, 0.0)]
    r = max(GAP, m * GAP / (2 * math.pi))
    return [(r * math.cos(2 * math.pi * i / m), r * math.sin(2 * math.pi * i / m)) for i in range(m)]


def _place_loose(G: nx.Graph, loose: list, pos: Pos, rng: np.random.Generator) -> None:
    """Put each person linked to no hub next to their placed neighbours (breadth first)."""
    todo = list(loose)
    while todo:
        waiting = []
        for n in todo:
            placed = [pos[m] for m in G[n] if m in pos]
            if not placed:
                waiting.append(n)
                continue
            cx, cy = np.mean(placed, axis=0)
            a = rng.uniform(0, 2 * math.pi)
            pos[n] = (float(cx + GAP * math.cos(a)), float(cy + GAP * math.sin(a)))
        if len(waiting) == len(todo):  # not connected to anything placed (cannot happen in a component)
            for n in waiting:
                pos[n] = (float(rng.uniform(-GAP, GAP)), float(rng.uniform(-GAP, GAP)))
            return
        todo = waiting


def _fruchterman_reingold(
    graph: nx.Graph, nodes: list, radius: np.ndarray, rng: np.random.Generator, iterations: int | None = None
) -> np.ndarray:
    """Fruchterman–Reingold positions of ``nodes`` (dense numpy), where nodes ``i`` and
    ``j`` want to be ``radius[i] + radius[j]`` apart; then overlaps pushed apart."""
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    A = np.zeros((n, n))
    for a, b, data in graph.edges(data=True):
        if a in index and b in index and a != b:
            w = data.get("weight", 1.0)
            A[index[a], index[b]] = A[index[b], index[a]] = w
    ideal = radius[:, None] + radius[None, :]
    side = math.sqrt(float(np.sum((2 * radius) ** 2))) + GAP
    xy = rng.uniform(0, side, size=(n, 2))
    iterations = iterations or (60 if n < 500 else 35)
    t = side / 10
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=-1))
        np.clip(dist, 1e-3, None, out=dist)
        # repulsion ideal^2/d, attraction (for linked pairs) A*d^2/ideal: both along delta/d
        force = ideal**2 / dist**2 - A * dist / ideal
        np.fill_diagonal(force, 0.0)
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.sqrt((disp**2).sum(axis=-1))
        np.clip(length, 1e-2, None, out=length)
        step = np.minimum(length, t)
        xy += disp * (step / length)[:, None]
        t -= dt
        if step.max() < 0.5:  # settled
            break
    for _ in range(20):  # remove what overlap is left
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=-1))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(ideal - dist, 0, None)
        np.fill_diagonal(overlap, 0.0)
        if not overlap.any():
            break
        dist[np.isinf(dist)] = 1.0
        np.clip(dist, 1e-3, None, out=dist)
        xy += 0.5 * np.einsum("ijk,ij->ik", delta, overlap / dist)
    return xy


def _centred(pos: Pos) -> tuple[Pos, float]:
    """Positions moved to centre on the origin, and the radius of the disc holding them."""
    xy = np.array(list(pos.values()))
    centre = (xy.min(axis=0) + xy.max(axis=0)) / 2
    moved = {n: (x - centre[0], y - centre[1]) for n, (x, y) in pos.items()}
    r = max(math.hypot(x, y) for x, y in moved.values()) + GAP
    return moved, r


def _pack(parts: list[tuple[Pos, float]]) -> Pos:
    """Place the components (largest first) in rows of an area about ASPECT times as wide as high."""
    width = math.sqrt(sum((2 * r + MARGIN) ** 2 for _, r in parts) * ASPECT) * 1.05
    out: Pos = {}
    x = y = row_height = 0.0
    for pos, r in parts:
        size = 2 * r + MARGIN
        if x > 0 and x + size > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        for n, (px, py) in pos.items():
            out[n] = (round(cx + px, 1), round(cy + py, 1))
        x += size
        row_height = max(row_height, size)
    return out
