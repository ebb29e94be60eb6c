"""networkx graphs of the frames (person–organisation, person–meeting), their projections
(networkx's bipartite ``weighted_projected_graph``), centrality and communities."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import pandas as pd

# ---------------------------------------------------------------------------- graphs


def _day(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD`` text, None when unknown."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value or None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _distinct(values: Iterable[Any]) -> list:
    """Sorted distinct values, empty and missing ones left out."""
    return sorted({v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v)) and v != ""})


def bipartite(memberships: pd.DataFrame) -> nx.Graph:
    """The person–organisation graph of a :func:`memberships` frame.

    Nodes are IRIs: people with ``kind="person"``, ``bipartite=0``; organisations with
    ``kind="org"``, ``bipartite=1``, ``level``; both with ``label`` (the name). One edge per
    person and organisation, with ``roles`` (sorted), ``how``, ``docs`` (reports stating
    it), ``first_seen`` / ``last_seen`` (report dates, ``YYYY-MM-DD`` or None),
    ``evidence`` (quotes) and ``weight`` (number of roles).

    >>> m = pd.DataFrame({
    ...     "doc": ["d1", "d1", "d1"], "published": ["2022-03-09"] * 3,
    ...     "person_id": ["p/吴明明", "p/吴明明", "p/包俊宗"], "person": ["吴明明", "吴明明", "包俊宗"],
    ...     "role": ["主席", "副主任", "党组书记"],
    ...     "org_id": ["o/甘肃省总工会", "o/甘肃省人大常委会", "o/甘肃省总工会"],
    ...     "org": ["甘肃省总工会", "甘肃省人大常委会", "甘肃省总工会"]})
    >>> B = bipartite(m)
    >>> sorted(B.nodes[n]["label"] for n in B if B.nodes[n]["kind"] == "org")
    ['甘肃省人大常委会', '甘肃省总工会']
    >>> B.edges["p/吴明明", "o/甘肃省总工会"]["roles"], B.edges["p/吴明明", "o/甘肃省总工会"]["first_seen"]
    (['主席'], '2022-03-09')
    """
    B = nx.Graph()
    if memberships.empty:
        return B
    for (pid, oid), rows in memberships.groupby(["person_id", "org_id"], sort=True):
        first = rows.iloc[0]
        if pid not in B:
            B.add_node(pid, kind="person", bipartite=0, label=first["person"])
        if oid not in B:
            B.add_node(oid, kind="org", bipartite=1, label=first["org"],
                       level=first.get("level") if "level" in rows else None)
        dates = [_day(d) for d in rows["published"]] if "published" in rows else []
        dates = [d for d in dates if d]
        roles = _distinct(rows["role"])
        B.add_edge(
            pid, oid,
            roles=roles,
            how=_distinct(rows["how"]) if "how" in rows else [],
            docs=_distinct(rows["doc"]) if "doc" in rows else [],
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
            evidence=_distinct(q for text in rows.get("evidence", []) if isinstance(text, str)
                               for q in text.split("\n")),
            weight=len(roles),
        )
    return B


def attendance(participations: pd.DataFrame) -> nx.Graph:
    """The person–meeting graph of a :func:`participations` frame.

    People as in :func:`bipartite` (``kind="person"``, ``bipartite=0``); meetings with
    ``kind="meeting"``, ``bipartite=1``, ``label`` (meeting name), ``org``, ``date``. Edges
    carry ``kinds`` (presided, attended, spoke …), ``docs`` and ``weight`` (number of kinds).
    ``person_projection(attendance(p))`` links people who were at the same meetings.
    """
    B = nx.Graph()
    if participations.empty:
        return B
    for (pid, mid), rows in participations.groupby(["person_id", "meeting_id"], sort=True):
        first = rows.iloc[0]
        if pid not in B:
            B.add_node(pid, kind="person", bipartite=0, label=first["person"])
        if mid not in B:
            B.add_node(mid, kind="meeting", bipartite=1, label=first.get("meeting") or mid,
                       org=first.get("org"), date=_day(first.get("date")))
        kinds = _distinct(rows["kind"])
        B.add_edge(pid, mid, kinds=kinds, docs=_distinct(rows.get("doc", [])), weight=len(kinds))
    return B


def project(B: nx.Graph, kind: str) -> nx.Graph:
    """Nodes of ``kind`` in bipartite graph ``B``, linked when they share a neighbour.

    Edge attributes: ``weight`` (how many shared neighbours), ``shared`` (their labels,
    sorted) and ``shared_ids``. Every node of ``kind`` is kept, with its attributes, even
    when it shares nothing.

    >>> B = nx.Graph()
    >>> B.add_nodes_from(["a", "b", "c"], kind="person")
    >>> B.add_nodes_from([("x", {"kind": "org", "label": "X"}), ("y", {"kind": "org", "label": "Y"})])
    >>> B.add_edges_from([("a", "x"), ("b", "x"), ("a", "y"), ("b", "y"), ("c", "y")])
    >>> P = project(B, "person")
    >>> P.edges["a", "b"]["weight"], P.edges["a", "b"]["shared"], P.edges["a", "c"]["shared"]
    (2, ['X', 'Y'], ['Y'])
    """
    nodes = [n for n, d in B.nodes(data=True) if d.get("kind") == kind]
    P = nx.bipartite.weighted_projected_graph(B, nodes)
    for u, v, d in P.edges(data=True):
        d["shared_ids"] = sorted(h for h in set(B[u]) & set(B[v]) if B.nodes[h].get("kind") != kind)
        d["shared"] = sorted(B.nodes[h].get("label", h) for h in d["shared_ids"])
        d["weight"] = len(d["shared_ids"])
    return P


def person_projection(B: nx.Graph) -> nx.Graph:
    """People linked by shared organisations (``B`` from :func:`bipartite`) or shared
    meetings (``B`` from :func:`attendance`); see :func:`project`."""
    return project(B, "person")


def is_sub_body(a: str, b: str) -> bool:
    """Whether one organisation name is the other's body (its party committee, union …):
    one name contains the other, as 某公司 and 某公司党委 or 某公司工会.

    >>> is_sub_body("甲集团有限公司", "甲集团有限公司工会"), is_sub_body("甲省总工会", "甲省人大常委会")
    (True, False)
    """
    a, b = str(a), str(b)
    return a != b and (a in b or b in a)


def org_interlocks(B: nx.Graph, sub_bodies: bool = False) -> nx.Graph:
    """Interlocking leadership: organisations linked by the people who hold roles in both.

    ``B`` is a :func:`bipartite` graph; edges carry ``weight`` (number of shared people),
    ``shared`` (their names) and ``shared_ids`` (their IRIs). An organisation and its own
    body (:func:`is_sub_body`: a company and its party committee or union) share leaders by
    construction, which says nothing about interlocking: such pairs are left out unless
    ``sub_bodies``; the graph's ``sub_body_pairs`` counts them.
    """
    P = project(B, "org")
    if not sub_bodies:
        own = [(u, v) for u, v in P.edges()
               if is_sub_body(P.nodes[u].get("label", u), P.nodes[v].get("label", v))]
        P.remove_edges_from(own)
        P.graph["sub_body_pairs"] = len(own)
    return P


def edges_frame(G: nx.Graph) -> pd.DataFrame:
    """The edges of a projection as a table: ``source``, ``target`` (labels), ``weight``,
    ``shared`` (joined with "、"), heaviest first."""
    rows = [
        {"source": G.nodes[u].get("label", u), "target": G.nodes[v].get("label", v),
         "weight": d.get("weight", 1), "shared": "、".join(d.get("shared", []))}
        for u, v, d in G.edges(data=True)
    ]
    df = pd.DataFrame(rows, columns=["source", "target", "weight", "shared"])
    return df.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                          ignore_index=True)


# ---------------------------------------------------------------------------- measures

_MEASURES = ("degree", "betweenness", "eigenvector", "closeness", "strength")


def centrality(
    G: nx.Graph,
    measures: str | Sequence[str] = ("degree", "betweenness", "eigenvector"),
    weight: str | None = None,
) -> pd.DataFrame:
    """Centrality of every node: a DataFrame indexed by node (IRI), with ``label``, ``kind``
    and one column per measure, sorted by the first measure (highest first), then label.

    Measures: ``degree`` (normalised degree), ``betweenness``, ``eigenvector``,
    ``closeness``, ``strength`` (sum of edge ``weight``). ``weight`` names the edge attribute
    betweenness / eigenvector / closeness use (None: unweighted). Rows are sorted by the
    measures in the order given (a tie on one goes to the next), then label.

    Eigenvector centrality is only defined on a connected graph: it is computed within each
    connected component and scaled so that the component's most central node has 1 (an
    isolated node has 0); compare it within a component only. Where it does not converge
    it is NaN.

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> centrality(G, "degree")["degree"].to_dict()
    {'b': 1.0, 'a': 0.5, 'c': 0.5}
    """
    names = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in names if m not in _MEASURES]
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; use {', '.join(_MEASURES)}")
    nodes = list(G)
    df = pd.DataFrame(
        {"label": [G.nodes[n].get("label", n) for n in nodes],
         "kind": [G.nodes[n].get("kind") for n in nodes]},
        index=pd.Index(nodes, name="id", dtype=object),
    )
    for m in names:
        df[m] = pd.Series(_measure(G, m, weight), dtype=float)
    if names and len(df):
        # ties on the first measure are broken by the others in turn, then by the label
        df = df.sort_values([*names, "label"], ascending=[False] * len(names) + [True], kind="stable",
                            na_position="last")
    return df


def _measure(G: nx.Graph, name: str, weight: str | None) -> dict:
    if len(G) == 0:
        return {}
    if name == "degree":
        return nx.degree_centrality(G) if len(G) > 1 else {n: 0.0 for n in G}
    if name == "betweenness":
        return nx.betweenness_centrality(G, weight=weight)
    if name == "closeness":
        return nx.closeness_centrality(G, distance=weight)
    if name == "strength":
        return dict(G.degree(weight="weight"))
    return _eigenvector_per_component(G, weight)


def _eigenvector_per_component(G: nx.Graph, weight: str | None) -> dict:
    """Eigenvector centrality within each connected component, the component's maximum = 1.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> G.add_node("z")
    >>> {n: round(v, 2) for n, v in sorted(_eigenvector_per_component(G, None).items())}
    {'a': 0.71, 'b': 1.0, 'c': 0.71, 'x': 1.0, 'y': 1.0, 'z': 0.0}
    """
    found: dict = {}
    for comp in nx.connected_components(G):
        if len(comp) == 1:
            found.update(dict.fromkeys(comp, 0.0))
            continue
        sub = G.subgraph(comp)
        try:
            values = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-8, weight=weight)
        except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
            found.update(dict.fromkeys(comp, float("nan")))
            continue
        top = max(values.values()) or 1.0
        found.update({n: v / top for n, v in values.items()})
    return found


def communities(
    G: nx.Graph, method: str = "greedy", weight: str | None = "weight", seed: int = 0,
    resolution: float = 1.0,
) -> pd.DataFrame:
    """Community of every node: ``id``, ``label``, ``kind``, ``community`` (0 is the
    largest) and ``size`` (members of that community), by community then label.

    ``method``: ``"greedy"`` (greedy modularity), ``"louvain"`` (seeded, so repeatable) or
    ``"components"`` (connected components).

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> communities(G)[["id", "community", "size"]].values.tolist()
    [['a', 0, 3], ['b', 0, 3], ['c', 0, 3], ['x', 1, 2], ['y', 1, 2]]
    """
    columns = ["id", "label", "kind", "community", "size"]
    if len(G) == 0:
        return pd.DataFrame(columns=columns)
    if method == "greedy":
        found = nx.community.greedy_modularity_communities(G, weight=weight, resolution=resolution)
    elif method == "louvain":
        found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    elif method == "components":
        found = nx.connected_components(G)
    else:
        raise ValueError(f"unknown method {method!r}; use greedy, louvain or components")

    def label(n):
        return str(G.nodes[n].get("label", n))

    ordered = sorted((sorted(c, key=lambda n: (label(n), str(n))) for c in found),
                     key=lambda c: (-len(c), label(c[0]), str(c[0])))
    rows = [
        {"id": n, "label": label(n), "kind": G.nodes[n].get("kind"), "community": i, "size": len(c)}
        for i, c in enumerate(ordered) for n in c
    ]
    return pd.DataFrame(rows, columns=columns)


