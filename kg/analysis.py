"""Analysis helpers: the built graph as pandas DataFrames and networkx graphs.

Pure functions in the networkx style, meant for notebooks
(``notebooks/leadership_analysis.ipynb`` is the tutorial)::

    import kg.analysis as ka
    m = ka.memberships("out")                  # one row per membership per report
    B = ka.bipartite(m)                         # person–organisation graph
    people = ka.person_projection(B)            # people linked by shared organisations
    interlocks = ka.org_interlocks(B)           # organisations linked by shared people
    ka.centrality(people).head()                # degree, betweenness, eigenvector
    ka.communities(interlocks)                  # community of each organisation
    ka.leadership_timeline(m, org="甘肃省总工会")
    t = ka.terms("out")                         # careers: one row per term, namesakes apart
    ka.plot_terms(ka.succession(t, "甘肃省总工会", "主席"))

Where the graph comes from: every ``graph`` argument is a build folder (``kg build ... -o
OUT``) or an open :class:`kg.store.GraphStore`. :func:`frame` runs any named query
(``kg/queries/*.rq``) or SPARQL text into a DataFrame; :func:`memberships`,
:func:`participations`, :func:`meetings` and :func:`tasks` add the IRIs the named queries
leave out.

Identity: people and organisations are keyed by IRI (``person_id``, ``org_id``,
``meeting_id`` columns; node keys in graphs), and labelled by name (``person``, ``org``,
``meeting`` columns; the ``label`` node attribute). Two people of the same name in
different organisations are different IRIs, so different nodes.

Plots: :func:`use_cjk_font` registers the Noto Sans CJK font that the ``analysis`` extra
installs (package ``noto-cjk-sans-otc``), or a CJK font of the system, so that Chinese
labels render as characters rather than boxes.

Needs pandas and matplotlib: ``pip install 'gonghui-kg[analysis]'``.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from .store import GraphStore

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "Data",
    "GraphLike",
    "attendance",
    "bipartite",
    "centrality",
    "cjk_font_files",
    "communities",
    "concurrent_posts",
    "edges_frame",
    "frame",
    "is_sub_body",
    "view_graph",
    "leadership_timeline",
    "load",
    "meeting_dates",
    "meeting_timeline",
    "meetings",
    "memberships",
    "org_interlocks",
    "participations",
    "person_projection",
    "plot_keywords",
    "plot_leadership_timeline",
    "plot_meeting_timeline",
    "plot_terms",
    "project",
    "pyvis_html",
    "reports",
    "succession",
    "task_keywords",
    "tasks",
    "terms",
    "use_cjk_font",
]

GraphLike = str | Path | GraphStore
"""A build folder (``kg build ... -o OUT``) or an open :class:`~kg.store.GraphStore`."""

_PREFIXES = """\
PREFIX kg: <https://w3id.org/gonghui-kg/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: One row per membership per report, with IRIs, report date, how it was stated, the quotes.
MEMBERSHIPS_SPARQL = _PREFIXES + """
SELECT ?doc ?published ?person_id ?person ?role ?org_id ?org ?level ?how
       (GROUP_CONCAT(DISTINCT ?quote; separator="\\n") AS ?evidence)
WHERE {
  GRAPH ?g {
    ?report a kg:Report ; kg:docId ?doc .
    OPTIONAL { ?report schema:datePublished ?published }
    ?m a org:Membership ; prov:wasDerivedFrom ?report ;
       org:member ?person_id ; org:role ?r ; org:organization ?org_id .
    ?person_id foaf:name ?person .
    ?r skos:prefLabel ?role .
    ?org_id skos:prefLabel ?org .
    OPTIONAL { ?org_id kg:level ?level }
    OPTIONAL { ?m kg:how ?how }
    OPTIONAL { ?m kg:evidence/kg:quote ?quote }
  }
}
GROUP BY ?doc ?published ?person_id ?person ?role ?org_id ?org ?level ?how
ORDER BY ?doc ?person ?role ?org
"""

#: One row per participation per report: who took part in which meeting, and how.
PARTICIPATIONS_SPARQL = _PREFIXES + """
SELECT DISTINCT ?doc ?published ?person_id ?person ?kind ?meeting_id ?meeting ?org_id ?org ?date
WHERE {
  GRAPH ?g {
    ?report a kg:Report ; kg:docId ?doc .
    OPTIONAL { ?report schema:datePublished ?published }
    ?pa a kg:Participation ; prov:wasDerivedFrom ?report ;
        kg:participant ?person_id ; kg:kind ?kind ; kg:meeting ?meeting_id .
    ?person_id foaf:name ?person .
    OPTIONAL { ?meeting_id schema:name ?meeting }
    OPTIONAL { ?meeting_id schema:organizer ?org_id . ?org_id skos:prefLabel ?org }
    OPTIONAL { ?meeting_id schema:startDate ?date }
  }
}
ORDER BY ?doc ?meeting ?person ?kind
"""

#: One row per meeting (over all reports): organiser, day, status, reports, task and participant counts.
MEETINGS_SPARQL = _PREFIXES + """
SELECT ?meeting_id (MIN(?name) AS ?meeting) ?org_id ?org
       (REPLACE(MIN(COALESCE(STR(?day), "~")), "~", "") AS ?date)
       (IF(CONTAINS(GROUP_CONCAT(DISTINCT ?st), "held"), "held",
           IF(CONTAINS(GROUP_CONCAT(DISTINCT ?st), "planned"), "planned", "mentioned")) AS ?status)
       (REPLACE(MIN(COALESCE(STR(?published), "~")), "~", "") AS ?first_reported)
       (COUNT(DISTINCT ?doc) AS ?reports)
       (GROUP_CONCAT(DISTINCT ?doc; separator=" ") AS ?sources)
       (SAMPLE(COALESCE(?n_tasks, 0)) AS ?tasks) (SAMPLE(COALESCE(?n_people, 0)) AS ?participants)
WHERE {
  GRAPH ?g {
    ?meeting_id a kg:Meeting ; schema:name ?name ; schema:organizer ?org_id ;
                prov:wasDerivedFrom ?report .
    ?org_id skos:prefLabel ?org .
    ?report kg:docId ?doc .
    OPTIONAL { ?report schema:datePublished ?published }
    OPTIONAL { ?meeting_id schema:startDate ?day }
    OPTIONAL { ?meeting_id kg:status ?st }
  }
  OPTIONAL { SELECT ?meeting_id (COUNT(DISTINCT ?t) AS ?n_tasks)
             WHERE { ?t a kg:Task ; kg:meeting ?meeting_id } GROUP BY ?meeting_id }
  OPTIONAL { SELECT ?meeting_id (COUNT(DISTINCT ?who) AS ?n_people)
             WHERE { ?pa kg:meeting ?meeting_id ; kg:participant ?who } GROUP BY ?meeting_id }
}
GROUP BY ?meeting_id ?org_id ?org
ORDER BY ?date ?org ?meeting
"""

#: One row per term (membership over all reports): the person (label: namesakes apart),
#: the post, the beginning and end the text gives, the days the reports state it.
TERMS_SPARQL = _PREFIXES + """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?person_id ?person ?name ?post_id ?post ?org ?role ?began ?ended ?ended_by
       ?first_seen ?last_seen ?reports ?sources
WHERE {
  { SELECT ?m ?person_id ?post_id
           (REPLACE(MIN(COALESCE(?b, "~")), "~", "") AS ?began) (MAX(COALESCE(?e, "")) AS ?ended)
           (REPLACE(REPLACE(GROUP_CONCAT(DISTINCT COALESCE(?cue, ""); separator=" "), " {2,}", " "), "^ | $", "") AS ?ended_by)
           (REPLACE(MIN(COALESCE(STR(?seen), "~")), "~", "") AS ?first_seen)
           (MAX(COALESCE(STR(?seen), "")) AS ?last_seen)
           (COUNT(DISTINCT ?doc) AS ?reports) (GROUP_CONCAT(DISTINCT ?doc; separator=" ") AS ?sources)
    WHERE {
      GRAPH ?g {
        ?m a org:Membership ; org:member ?person_id ; kg:post ?post_id ; org:memberDuring ?t ;
           prov:wasDerivedFrom ?report .
        ?report kg:docId ?doc .
        OPTIONAL { ?t kg:seenOn ?seen }
        OPTIONAL { ?t time:hasBeginning/(time:inXSDDate|time:inXSDGYearMonth|time:inXSDGYear) ?bv BIND(STR(?bv) AS ?b) }
        OPTIONAL { ?t time:hasEnd/(time:inXSDDate|time:inXSDGYearMonth|time:inXSDGYear) ?ev BIND(STR(?ev) AS ?e) }
        OPTIONAL { ?t kg:endedBy ?cue }
      }
    } GROUP BY ?m ?person_id ?post_id }
  { SELECT DISTINCT ?person_id ?person ?name WHERE {
      ?person_id foaf:name ?name . OPTIONAL { ?person_id rdfs:label ?l } BIND(COALESCE(?l, ?name) AS ?person) } }
  { SELECT DISTINCT ?post_id ?post ?org ?role WHERE {
      ?post_id a org:Post ; skos:prefLabel ?post ; org:postIn/skos:prefLabel ?org ; org:role/skos:prefLabel ?role } }
}
ORDER BY ?person ?first_seen ?post
"""

#: One row per task per report, with its meeting and organiser.
TASKS_SPARQL = _PREFIXES + """
SELECT DISTINCT ?doc ?meeting_id ?meeting ?org ?date ?task
WHERE {
  GRAPH ?g {
    ?report a kg:Report ; kg:docId ?doc .
    ?t a kg:Task ; prov:wasDerivedFrom ?report ; kg:meeting ?meeting_id ; kg:text ?task .
    OPTIONAL { ?meeting_id schema:name ?meeting }
    OPTIONAL { ?meeting_id schema:organizer/skos:prefLabel ?org }
    OPTIONAL { ?meeting_id schema:startDate ?date }
  }
}
ORDER BY ?doc ?meeting ?task
"""

_DATE_COLUMNS = ("published", "date", "first_reported", "first_seen", "last_seen")


# ---------------------------------------------------------------------------- frames


@contextmanager
def _opened(graph: GraphLike) -> Iterator[GraphStore]:
    """The store of ``graph``: an open one as is, a build folder opened (and closed after)."""
    if isinstance(graph, GraphStore):
        yield graph
        return
    with GraphStore.open(graph) as store:
        yield store


def frame(query: str, graph: GraphLike, **params: str) -> pd.DataFrame:
    """A named query (``kg queries``), a ``.rq`` file or SPARQL text, as a DataFrame.

    Columns are the query's variables, in order, also when there are no rows; unbound
    values are ``None``. ``params`` bind the query's ``# @param`` variables, e.g.
    ``frame("org-leaders", "out", org="甘肃省总工会")``. Raises
    :class:`kg.store.QueryError` for an unknown query or a missing parameter.
    """
    with _opened(graph) as store:
        result = store.select(query, params=params)
    return pd.DataFrame(result.rows, columns=result.columns, dtype=object)


def _dates(df: pd.DataFrame) -> pd.DataFrame:
    """Date columns (``YYYY-MM-DD`` text) as datetimes, ``NaT`` where unknown."""
    for col in _DATE_COLUMNS:
        if col in df.columns:
            df[col] = pd.to_datetime(df[col].replace("", None), errors="coerce", format="%Y-%m-%d")
    return df


def _int_columns(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        if col in df.columns:
            df[col] = pd.to_numeric(df[col]).fillna(0).astype(int)
    return df


def memberships(graph: GraphLike) -> pd.DataFrame:
    """Who holds which role in which organisation, one row per membership per report.

    Columns: ``doc``, ``published`` (report date, datetime or NaT), ``person_id``,
    ``person``, ``role``, ``org_id``, ``org`` (canonical name), ``level`` (national,
    province, city … or None), ``how`` (stated / elected / appointed) and ``evidence``
    (the quotes stating it, one per line).
    """
    return _dates(frame(MEMBERSHIPS_SPARQL, graph))


def participations(graph: GraphLike) -> pd.DataFrame:
    """Who took part in which meeting and how, one row per participation per report.

    Columns: ``doc``, ``published``, ``person_id``, ``person``, ``kind`` (presided,
    attended, spoke, reported, elected, appointed), ``meeting_id``, ``meeting`` (name),
    ``org_id``, ``org`` (organiser), ``date`` (meeting day or NaT).
    """
    return _dates(frame(PARTICIPATIONS_SPARQL, graph))


def meetings(graph: GraphLike) -> pd.DataFrame:
    """Every meeting once (a meeting several reports name is one node): ``meeting_id``,
    ``meeting``, ``org_id``, ``org``, ``date`` (day or NaT), ``status`` (held when any report
    says it was held, else planned or mentioned), ``first_reported`` (earliest report
    date), ``reports``, ``sources`` (doc ids), ``tasks`` and ``participants`` (counts)."""
    df = _dates(frame(MEETINGS_SPARQL, graph))
    return _int_columns(df, "reports", "tasks", "participants")


def tasks(graph: GraphLike) -> pd.DataFrame:
    """Tasks set by meetings, one row per task per report: ``doc``, ``meeting_id``,
    ``meeting``, ``org``, ``date``, ``task`` (the clause's text)."""
    return _dates(frame(TASKS_SPARQL, graph))


def terms(graph: GraphLike) -> pd.DataFrame:
    """Careers: one row per term (a person's membership over all reports).

    Columns: ``person_id``, ``person`` (the label: ``刘伟（北京市总工会）`` for namesakes),
    ``name``, ``post_id``, ``post`` (``甘肃省总工会 · 主席``), ``org``, ``role``, ``began`` and
    ``ended`` (the dates the text gives: ``2013``, ``2013-02`` or ``2013-02-05``; "" when it
    gives none), ``ended_by`` (cue words: 原, 免去 ...), ``first_seen`` and ``last_seen``
    (datetimes: the days reports state the term), ``reports``, ``sources``; and ``start`` /
    ``end``, the term's span for plotting (the stated bound, else the first / last day
    seen; NaT when neither is known).
    """
    df = _int_columns(_dates(frame(TERMS_SPARQL, graph)), "reports")
    return _spans(df)


def _instant(text: Any) -> pd.Timestamp:
    """``2013``, ``2013-02`` or ``2013-02-05`` as a datetime (the first day), NaT if empty."""
    if not isinstance(text, str) or not text:
        return pd.NaT
    return pd.to_datetime(text + "-01-01"[len(text) - 4:] if len(text) < 10 else text, errors="coerce")


def _spans(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    began = df["began"].map(_instant) if len(df) else pd.Series(dtype="datetime64[ns]")
    ended = df["ended"].map(_instant) if len(df) else pd.Series(dtype="datetime64[ns]")
    df["start"] = pd.to_datetime(began).fillna(pd.to_datetime(df["first_seen"]))
    df["end"] = pd.to_datetime(ended).fillna(pd.to_datetime(df["last_seen"]))
    return df


def succession(terms: pd.DataFrame, org: str, role: str) -> pd.DataFrame:
    """The terms of one post (organisation name and role) in date order: its holders, one
    after another (``kg query post-holders`` gives the same, with who followed whom).

    >>> t = _spans(pd.DataFrame({"person_id": ["a", "b"], "person": ["乙", "甲"], "org": ["某会"] * 2,
    ...     "role": ["主席"] * 2, "post": ["某会 · 主席"] * 2, "began": ["2018", ""], "ended": ["", "2018-01"],
    ...     "first_seen": pd.to_datetime(["2019-01-01", "2015-05-05"]), "last_seen": pd.to_datetime(["2020-01-01", None])}))
    >>> succession(t, "某会", "主席")["person"].tolist()
    ['甲', '乙']
    """
    df = terms[(terms["org"] == org) & (terms["role"] == role)]
    return df.sort_values(["start", "person"], na_position="last", ignore_index=True)


def concurrent_posts(terms: pd.DataFrame) -> pd.DataFrame:
    """People holding two posts at once: pairs of a person's terms whose spans overlap.

    Columns: ``person_id``, ``person``, ``post1``, ``post2``, ``from``, ``to`` (the overlap).
    Terms without a known span are left out. (``kg query concurrent-posts`` counts two
    posts stated by one report.)
    """
    columns = ["person_id", "person", "post1", "post2", "from", "to"]
    rows = []
    dated = terms.dropna(subset=["start", "end"])
    for (pid, person), group in dated.groupby(["person_id", "person"], sort=True):
        spans = group.sort_values("post")[["post", "start", "end"]].values.tolist()
        for i, (p1, s1, e1) in enumerate(spans):
            for p2, s2, e2 in spans[i + 1:]:
                lo, hi = max(s1, s2), min(e1, e2)
                if p1 != p2 and lo <= hi:
                    rows.append([pid, person, p1, p2, lo, hi])
    return pd.DataFrame(rows, columns=columns)


def reports(graph: GraphLike) -> pd.DataFrame:
    """The reports (named query ``reports``): ``doc``, ``title``, ``published``, ``region``,
    ``file``, ``duplicate_of``."""
    return _dates(frame("reports", graph))


@dataclass
class Data:
    """All frames of one graph, read at once by :func:`load`."""

    memberships: pd.DataFrame
    participations: pd.DataFrame
    meetings: pd.DataFrame
    tasks: pd.DataFrame
    reports: pd.DataFrame
    stats: dict[str, int]


def load(graph: GraphLike) -> Data:
    """Read every frame of a built graph (opening the store once)."""
    with _opened(graph) as store:
        return Data(
            memberships=memberships(store),
            participations=participations(store),
            meetings=meetings(store),
            tasks=tasks(store),
            reports=reports(store),
            stats=store.stats(),
        )


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


# ---------------------------------------------------------------------------- timelines


def leadership_timeline(memberships: pd.DataFrame, org: str | None = None) -> pd.DataFrame:
    """Who led an organisation when: one row per organisation, person and role.

    ``memberships`` is a :func:`memberships` frame; ``org`` (canonical name or IRI) keeps
    one organisation (None: all). Columns: ``org``, ``person``, ``role``, ``first_seen`` and
    ``last_seen`` (earliest and latest report date, NaT if undated), ``reports`` (count),
    ``sources`` (doc ids), ``person_id``, ``org_id``; sorted by organisation, first seen,
    person. For an organisation's aliases use ``frame("org-leaders", graph, org=alias)``.

    >>> m = pd.DataFrame({"doc": ["d1", "d2"], "published": ["2017-11-09", "2022-03-09"],
    ...                   "person_id": ["p1", "p1"], "person": ["张三", "张三"],
    ...                   "role": ["主席", "主席"], "org_id": ["o1", "o1"], "org": ["某工会"] * 2})
    >>> t = leadership_timeline(m, org="某工会")
    >>> t[["person", "role", "reports", "sources"]].values.tolist()
    [['张三', '主席', 2, 'd1 d2']]
    >>> t["last_seen"].iloc[0].date().isoformat()
    '2022-03-09'
    """
    columns = ["org", "person", "role", "first_seen", "last_seen", "reports", "sources",
               "person_id", "org_id"]
    df = memberships
    if org is not None:
        df = df[(df["org"] == org) | (df["org_id"] == org)]
    if df.empty:
        return pd.DataFrame(columns=columns)
    df = df.assign(published=pd.to_datetime(df["published"], errors="coerce"))
    grouped = df.groupby(["org_id", "org", "person_id", "person", "role"], sort=False, dropna=False)
    out = grouped.agg(
        first_seen=("published", "min"), last_seen=("published", "max"),
        reports=("doc", "nunique"), sources=("doc", lambda s: " ".join(sorted(set(s))))
    ).reset_index()
    out = out.sort_values(["org", "first_seen", "person", "role"], na_position="last",
                          ignore_index=True)
    return out[columns]


def meeting_dates(meetings: pd.DataFrame) -> dict[str, int]:
    """How many meetings there are, how many were held, and how many held ones are
    undated: ``undated`` (no day of their own: placed at a report's date) and ``no_date``
    (neither: left out of :func:`meeting_timeline`)."""
    held = meetings[meetings["status"] == "held"] if "status" in meetings.columns else meetings
    day = pd.to_datetime(held["date"], errors="coerce")
    reported = pd.to_datetime(held.get("first_reported", pd.Series(pd.NaT, index=held.index)), errors="coerce")
    return {"meetings": len(meetings), "held": len(held), "undated": int(day.isna().sum()),
            "no_date": int((day.isna() & reported.isna()).sum())}


def meeting_timeline(meetings: pd.DataFrame, held_only: bool = True) -> pd.DataFrame:
    """Meetings in time order, for plotting: a :func:`meetings` frame with ``when`` (the
    meeting day, else the date of the first report about it) and ``dated`` (True when
    ``when`` is the meeting's own day); meetings with neither are dropped (count them with
    :func:`meeting_dates`). ``held_only``: only meetings a report says were held (where
    the frame has a ``status`` column), not those planned or only mentioned."""
    df = meetings.copy()
    if held_only and "status" in df.columns:
        df = df[df["status"] == "held"]
    date = pd.to_datetime(df["date"], errors="coerce")
    reported = pd.to_datetime(df.get("first_reported", pd.Series(pd.NaT, index=df.index)),
                              errors="coerce")
    df["when"] = date.fillna(reported)
    df["dated"] = date.notna()
    df = df[df["when"].notna()]
    return df.sort_values(["when", "org", "meeting"], ignore_index=True)


# ---------------------------------------------------------------------------- text

#: Words too general to be a theme of trade-union tasks (jieba's idf ranks them high).
STOPWORDS = frozenset("""
工作 工会 职工 推进 加强 坚持 全面 进一步 积极 深入 不断 切实 努力 大力 持续 着力 扎实 充分
更加 更好 认真 广大 建设 发展 实现 推动 落实 开展 提高 提升 做好 抓好 围绕 紧紧围绕 服务 作用
发挥 贯彻 学习 全省 全市 全国 我省 我市 各级 工会工作 广大职工 职工群众 奋力 十九 二十
""".split())


@lru_cache(maxsize=1)
def _tfidf():
    """jieba's TF-IDF keyword extractor, its dictionary loaded without the log lines."""
    import jieba
    import jieba.analyse

    extractor = jieba.analyse.TFIDF()
    level = jieba.default_logger.level
    jieba.default_logger.setLevel(logging.WARNING)
    try:
        jieba.dt.initialize()
    finally:
        jieba.default_logger.setLevel(level)
    return extractor


def task_keywords(
    tasks: pd.DataFrame | Iterable[str], topk: int = 20, stopwords: Iterable[str] = STOPWORDS,
    allow_pos: Sequence[str] = (),
) -> pd.DataFrame:
    """The most characteristic words of the task texts (jieba TF-IDF keywords).

    ``tasks``: a :func:`tasks` frame (column ``task``; a task stated by several reports of
    one meeting counts once) or plain texts. Returns ``keyword``, ``weight`` (TF-IDF score)
    and ``tasks`` (how many tasks contain it), best first; at most ``topk`` rows.
    ``stopwords`` are left out (default :data:`STOPWORDS`), and so are one-character words
    and numbers. ``allow_pos``: keep only these jieba part-of-speech tags (e.g. ``("n",
    "vn")``); empty keeps all.
    """
    if isinstance(tasks, pd.DataFrame):
        keys = [c for c in ("meeting_id", "task") if c in tasks.columns]
        texts = tasks.drop_duplicates(keys)["task"].dropna().astype(str).tolist() if len(tasks) else []
    else:
        texts = [str(t) for t in tasks]
    columns = ["keyword", "weight", "tasks"]
    if not texts:
        return pd.DataFrame(columns=columns)
    stop = set(stopwords)
    candidates = _tfidf().extract_tags("\n".join(texts), topK=topk + len(stop) + 50,
                                       withWeight=True, allowPOS=tuple(allow_pos))
    rows = []
    for word, weight in candidates:
        if word in stop or len(word) < 2 or re.fullmatch(r"[\d.%]+", word):
            continue
        rows.append({"keyword": word, "weight": weight, "tasks": sum(word in t for t in texts)})
        if len(rows) == topk:
            break
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------- plots

#: CJK font families tried in order when none is asked for (Simplified Chinese first).
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK TC", "Noto Sans CJK JP",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)


def cjk_font_files() -> list[Path]:
    """The CJK font files the ``analysis`` extra installs (Noto Sans CJK, OFL-1.1, from the
    ``noto-cjk-sans-otc`` package); empty when that package is missing."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return []
    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    return [path] if path.is_file() else []


def use_cjk_font(family: str | None = None) -> str:
    """Make matplotlib draw Chinese: register the bundled font and put a CJK family first.

    Registers :func:`cjk_font_files` with matplotlib's font manager, picks ``family`` (or
    the first of :data:`CJK_FAMILIES` that is available, bundled or on the system), sets it
    first in ``rcParams["font.sans-serif"]`` with ``font.family = sans-serif``, and returns
    its name. Raises :class:`RuntimeError`, saying what to install, when no CJK font is found.
    """
    from matplotlib import font_manager, rcParams

    registered = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in cjk_font_files():
        if path not in registered:
            font_manager.fontManager.addfont(str(path))
    available = {f.name for f in font_manager.fontManager.ttflist}
    wanted = [family] if family else list(CJK_FAMILIES)
    chosen = next((f for f in wanted if f in available), None)
    if chosen is None:
        raise RuntimeError(
            f"no CJK font found ({', '.join(wanted)}): install the analysis extra "
            "(pip install 'gonghui-kg[analysis]', which bundles Noto Sans CJK) or a system "
            "font (apt-get install fonts-noto-cjk), then restart the kernel"
        )
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [chosen, *(f for f in rcParams["font.sans-serif"] if f != chosen)]
    rcParams["axes.unicode_minus"] = False
    return chosen


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)[1]


def plot_meeting_timeline(meetings: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Meetings on a time axis, one row per organiser, each labelled with its name.

    ``meetings`` is a :func:`meetings` (or :func:`meeting_timeline`) frame. Filled markers
    are meetings on their own day; hollow ones are placed at the first report's date.
    """
    df = meetings if "when" in meetings.columns else meeting_timeline(meetings)
    orgs = sorted(df["org"].unique())
    ax = _axes(ax, (10, 0.6 * len(orgs) + 1.5))
    y = {o: i for i, o in enumerate(orgs)}
    for dated in (True, False):
        part = df[df["dated"] == dated]
        if len(part):
            ax.scatter(part["when"], [y[o] for o in part["org"]], s=60, zorder=3,
                       facecolors="tab:blue" if dated else "none", edgecolors="tab:blue",
                       label="会议日期" if dated else "报道日期(会议日期不详)")
    for (_, row), k in zip(df.iterrows(), _stack(df)):
        ax.annotate(row["meeting"], (row["when"], y[row["org"]]), xytext=(6, 6 + 11 * k),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(orgs)), orgs)
    ax.set_ylim(-0.7, len(orgs) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("会议时间线")
    if len(df):
        ax.legend(loc="lower right", fontsize=8)
    return ax


def _stack(df: pd.DataFrame) -> list[int]:
    """Label level of each meeting: meetings of one organiser close in time (within 8% of
    the time span) get their labels stacked upwards instead of drawn over each other."""
    span = (df["when"].max() - df["when"].min()) if len(df) else pd.Timedelta(0)
    near = max(span * 0.08, pd.Timedelta(days=1))
    levels, last = [], {}
    for org, when in zip(df["org"], df["when"]):
        prev = last.get(org)
        level = prev[1] + 1 if prev is not None and when - prev[0] < near else 0
        last[org] = (when, level) if level == 0 or prev is None else (prev[0], level)
        levels.append(level)
    return levels


def plot_leadership_timeline(timeline: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Each person–role of a :func:`leadership_timeline` frame as a bar from first to last
    report date (a dot when both are the same day)."""
    df = timeline.dropna(subset=["first_seen"]).reset_index(drop=True)
    ax = _axes(ax, (10, 0.35 * len(df) + 1.5))
    labels = [f"{r.person} · {r.role}" + (f" ({r.org})" if timeline["org"].nunique() > 1 else "")
              for r in df.itertuples()]
    rows = range(len(df))
    ax.hlines(list(rows), df["first_seen"], df["last_seen"], lw=4, color="tab:red")
    ax.scatter(df["first_seen"], list(rows), color="tab:red", s=30, zorder=3)
    ax.scatter(df["last_seen"], list(rows), color="tab:red", s=30, zorder=3)
    ax.set_yticks(range(len(df)), labels)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("领导任职时间线(据报道日期)")
    return ax


def plot_terms(terms: pd.DataFrame, ax: Axes | None = None, title: str = "任期时间线") -> Axes:
    """Terms as bars on a time axis, one row per person and post (a :func:`terms` or
    :func:`succession` frame): from the beginning the text gives (else the first report
    stating it) to the end it gives (else the last report). Solid bars begin at a stated
    beginning; pale ones only where reports first see the term. A term seen on one day
    only is drawn as a short bar (a month) so that it stays visible."""
    df = terms.dropna(subset=["start"]).reset_index(drop=True)
    ax = _axes(ax, (10, 0.35 * len(df) + 1.5))
    end = df["end"].fillna(df["start"])
    width = (end - df["start"]).where(end > df["start"], pd.Timedelta(days=30))
    stated = df["began"].astype(bool) if len(df) else pd.Series(dtype=bool)
    ax.barh(range(len(df)), width, left=df["start"], height=0.6,
            color=["tab:red" if s else "#f2a6a0" for s in stated], edgecolor="tab:red")
    ax.set_yticks(range(len(df)), [f"{r.person} · {r.post}" for r in df.itertuples()])
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title)
    return ax


def plot_keywords(keywords: pd.DataFrame, ax: Axes | None = None, title: str = "任务主题词") -> Axes:
    """A horizontal bar chart of a :func:`task_keywords` frame (best at the top)."""
    ax = _axes(ax, (8, 0.3 * len(keywords) + 1.5))
    ax.barh(keywords["keyword"], keywords["weight"], color="tab:green")
    ax.invert_yaxis()
    ax.set_xlabel("TF-IDF")
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------- pyvis

def view_graph(G: nx.Graph) -> nx.MultiGraph:
    """An analysis graph (:func:`bipartite`, :func:`attendance` or a projection) as a
    :mod:`kg.views` graph: the same nodes (kind, label, level), person–organisation edges
    as roles, person–meeting edges as participations, projected edges as dashed links
    labelled with what the two ends share; quotes kept as evidence."""
    from .views import style
    from .views.network import Source

    V = nx.MultiGraph()
    for n, d in G.nodes(data=True):
        kind = d.get("kind") if d.get("kind") in style.KINDS else "org"
        V.add_node(n, kind=kind, label=str(d.get("label", n)), level=d.get("level") or "")
    for u, v, d in G.edges(data=True):
        docs = ", ".join(d.get("docs") or [])
        sources = [Source(d.get("first_seen") or "", docs, 0, "", q) for q in d.get("evidence") or []]
        if d.get("roles"):
            for role in d["roles"]:
                V.add_edge(u, v, f"membership:{role}", kind="membership", role=str(role), how=[], sources=sources)
        elif d.get("kinds"):
            for k in d["kinds"]:
                label = style.PARTICIPATION_LABELS.get(k, str(k))
                V.add_edge(u, v, f"participation:{k}", kind="participation", role=label, how=[], sources=sources)
        else:
            shared = "、".join(map(str, d.get("shared") or []))
            V.add_edge(u, v, "shared", kind="co-attendance", role=f"共同 ×{d.get('weight', 1)} {shared}".strip(),
                       how=[], sources=sources)
    return V


def pyvis_html(G: nx.Graph, height: str = "600px", title: str = "Network") -> str:
    """A self-contained HTML page of ``G``, drawn by :mod:`kg.views` (one look for every
    view: its palette, side panel with evidence, search; vis-network from the pyvis package,
    inlined, so no CDN is needed). ``height`` is kept for older callers: the page fills
    its window. The name stays from when this drew through ``pyvis.network.Network``."""
    from .views.page import html_page

    return html_page(view_graph(G), title=title)
