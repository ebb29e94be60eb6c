"""Hand-made view graphs (the shape :func:`kg.views.network.read_graph` gives)."""
from __future__ import annotations

import random

import networkx as nx

from kg.views.network import Source


def add_membership(G: nx.MultiGraph, person: str, role: str, org: str, day: str = "", *, level: str = "",
                   quote: str = "", doc: str = "d1", title: str = "标题") -> None:
    p, o = f"p:{person}", f"o:{org}"
    if p not in G:
        G.add_node(p, kind="person", label=person)
    if o not in G:
        G.add_node(o, kind="org", label=org, level=level, aliases=[])
    key = f"membership:{role}"
    source = Source(day, doc, G.number_of_nodes(), title, quote or f"{org}{role}{person}。", day)
    if G.has_edge(p, o, key):
        G.edges[p, o, key]["sources"].append(source)
    else:
        G.add_edge(p, o, key, kind="membership", role=role, how=["stated"], sources=[source])


def small() -> nx.MultiGraph:
    """Two organisations over three years; 张三 in both."""
    G = nx.MultiGraph()
    add_membership(G, "张三", "主席", "甲省总工会", "2019-05-01", level="province")
    add_membership(G, "张三", "副主任", "甲省人大常委会", "2021-03-02", level="province")
    add_membership(G, "李四", "副主席", "甲省总工会", "2019-05-01")
    add_membership(G, "王五", "副主席", "甲省总工会", "2022-01-09")
    add_membership(G, "赵六", "主任", "甲省人大常委会", "")
    add_membership(G, "孙七", "主席", "乙市总工会", "2020-07-07", level="city")
    G.nodes["o:甲省总工会"]["aliases"] = ["甲总"]
    return G


def synthetic(n: int = 1000, seed: int = 3) -> nx.MultiGraph:
    """About ``n`` people and organisations: regional clusters, some people in two of them,
    a national hub linking a few, and a few people on their own."""
    rnd = random.Random(seed)
    G = nx.MultiGraph()
    region = 0
    while len(G) < n:
        region += 1
        orgs = [f"{region}地{body}" for body in ("总工会", "委", "人大常委会")]
        for org in orgs:
            for _ in range(rnd.randint(1, 9)):
                person = f"人{len(G)}"
                add_membership(G, person, "副主席", org, f"20{rnd.randint(15, 24)}-01-01", level="city")
                if rnd.random() < 0.2:
                    add_membership(G, person, "委员", rnd.choice(orgs), level="city")
                if rnd.random() < 0.02:
                    add_membership(G, person, "执委", "中华全国总工会", level="national")
    return G


def namesakes() -> nx.MultiGraph:
    """Two people named 刘伟 (labelled apart, as read_graph labels them), one with two terms."""
    G = nx.MultiGraph()
    add_membership(G, "刘伟（北京市总工会）", "副主任", "北京市人大常委会", "2019-05-06", level="province")
    add_membership(G, "刘伟（北京市总工会）", "主席", "北京市总工会", "2018-01-03", level="province")
    add_membership(G, "刘伟（辽宁省总工会）", "副主席", "辽宁省总工会", "2015-11-27", level="province")
    for node in ("p:刘伟（北京市总工会）", "p:刘伟（辽宁省总工会）"):
        G.nodes[node]["name"] = "刘伟"
    G.edges["p:刘伟（北京市总工会）", "o:北京市总工会", "membership:主席"]["began"] = ["2018-01-03"]
    G.edges["p:刘伟（辽宁省总工会）", "o:辽宁省总工会", "membership:副主席"]["ended_by"] = ["原"]
    return G
