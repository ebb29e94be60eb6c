"""Positions computed in Python for large views."""
import math
import time

import networkx as nx

from kg.views.layout import GAP, layout

from .graphs import add_membership, small, synthetic


def test_every_node_gets_a_distinct_finite_position():
    G = synthetic(1000)
    pos = layout(G)
    assert set(pos) == set(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos)


def test_layout_is_deterministic():
    G = synthetic(400)
    assert layout(G) == layout(G)


def test_people_sit_near_their_organisation_and_organisations_apart():
    G = small()
    pos = layout(G)
    for p in ("p:李四", "p:王五"):
        assert math.dist(pos[p], pos["o:甲省总工会"]) < 3 * GAP
    orgs = [n for n, d in G.nodes(data=True) if d["kind"] == "org"]
    for i, a in enumerate(orgs):
        for b in orgs[i + 1:]:
            assert math.dist(pos[a], pos[b]) > GAP


def test_components_do_not_overlap():
    G = synthetic(600)
    pos = layout(G)
    boxes = []
    for comp in nx.connected_components(G):
        xs, ys = zip(*(pos[n] for n in comp))
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)


def test_people_only_components_and_single_nodes():
    G = nx.MultiGraph()
    for i in range(5):
        G.add_node(f"p{i}", kind="person", label=f"人{i}")
    G.add_edge("p0", "p1", "co-attendance:同会", kind="co-attendance")
    G.add_edge("p1", "p2", "co-attendance:同会", kind="co-attendance")
    add_membership(G, "甲", "主席", "某会")
    pos = layout(G)
    assert set(pos) == set(G) and len(set(pos.values())) == len(G)


def test_five_thousand_nodes_in_a_few_seconds():
    G = synthetic(5000)
    start = time.perf_counter()
    pos = layout(G)
    assert len(pos) == len(G) >= 5000
    assert time.perf_counter() - start < 10  # ~0.5 s here
