"""The graph behind the network views: built graph (SPARQL) -> networkx, and filters on it.

Pure functions, no HTML. :func:`read_graph` gives an undirected :class:`networkx.MultiGraph`:

- nodes, keyed by IRI, with ``kind`` (``person`` | ``org`` | ``meeting``) and ``label``;
  people also ``name`` (the label tells namesakes apart: ``刘伟（北京市总工会）``);
  organisations also ``level`` (``kg:level``, else guessed from the name) and ``aliases``;
  meetings ``date``, ``org`` and ``status`` (held when any report says so, else planned
  or mentioned);
- edges, keyed ``"KIND:ROLE"``, with ``kind`` (``membership`` person–org; with
  ``include={"meetings"}`` also ``participation`` person–meeting and ``organizer``
  meeting–org; with ``include={"co-attendance"}`` person–person), ``role`` (the role, or
  the way of taking part), ``how`` and ``sources``: the evidence, a list of :class:`Source`
  (report id, title, date, quoted sentence); memberships also ``began`` and ``ended``
  (the dates the text gives, sorted) and ``ended_by`` (cue words: 原, 免去 ...). A person
  holding two roles in one organisation has two parallel edges.

:func:`select` applies the filters of ``kg viz`` in a fixed order: dates, focus
(organisation or person with a depth), minimum degree, isolated nodes, size cap. Degree
here is the number of distinct neighbours (parallel edges count once).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path

import networkx as nx

from ..extract.orgs import level_of
from .style import PARTICIPATION_LABELS

INCLUDES = ("meetings", "co-attendance")
#: Co-attendance edges link people who took part in at least this many of the same meetings.
MIN_SHARED = 2
#: Default ``depth`` of a focus: an organisation with its leaders; a person with their
#: organisations and the other people in them.
DEFAULT_DEPTH = {"org": 1, "person": 2}


class ViewError(ValueError):
    """Filters that cannot be applied: a bad date, depth or --include."""


class NoMatchError(ViewError):
    """No organisation or person of the given name."""


@dataclass(frozen=True, order=True)
class Source:
    """One quotation stating an edge: report id, its title and date, the sentence."""

    date: str  # YYYY-MM-DD, or "" when unknown (the meeting's day, else the report's date)
    doc: str
    start: int
    title: str
    quote: str
    published: str = ""  # the report's publication date (YYYY-MM-DD or "")


@lru_cache(maxsize=None)
def _sparql(name: str) -> str:
    return resources.files(__package__).joinpath(f"view-{name}.rq").read_text(encoding="utf-8")


def _rows(store, name: str) -> list[dict]:
    return store.select(_sparql(name)).as_dicts()


def read_graph(graph, include: Iterable[str] = (), *, min_shared: int = MIN_SHARED) -> nx.MultiGraph:
    """The people–organisation graph of a build (folder ``graph`` or an open GraphStore).

    ``include``: ``"meetings"`` adds meeting nodes (participation and organiser edges),
    ``"co-attendance"`` adds person–person edges between people who took part in at least
    ``min_shared`` of the same meetings (edge ``weight``: how many); the graph's
    ``co-attendance`` entry counts the pairs kept and left out.
    """
    from ..store import GraphStore

    include = _check_include(include)
    if min_shared < 1:
        raise ViewError("--min-shared must be 1 or more")
    if isinstance(graph, (str, Path)):
        with GraphStore.open(graph) as store:
            return read_graph(store, include, min_shared=min_shared)
    store = graph
    G = nx.MultiGraph()
    for r in _rows(store, "memberships"):
        _person(G, r)
        _org(G, r)
        _link(G, r["p"], r["o"], "membership", r["role"], r.get("how"), _source(r, r.get("seen") or r.get("published")))
        _term(G.edges[r["p"], r["o"], f"membership:{r['role']}"], r)
    aliases = defaultdict(list)
    for r in _rows(store, "aliases"):
        aliases[r["o"]].append(r["alias"])
    if include:
        participations = _rows(store, "participations")
    if "meetings" in include:
        for r in _rows(store, "meetings"):
            _org(G, r)
            _meeting(G, r)
            _link(G, r["mt"], r["o"], "organizer", "主办", None, _source(r, r.get("day") or r.get("published")))
        for r in participations:
            _person(G, r)
            _org(G, r)
            _meeting(G, r)
            label = PARTICIPATION_LABELS.get(r["kind"], r["kind"])
            _link(G, r["p"], r["mt"], "participation", label, None, _source(r, r.get("day") or r.get("published")))
    if "co-attendance" in include:
        G.graph["co-attendance"] = co_attendance(G, participations, min_shared)
    for node, names in aliases.items():
        if node in G:
            G.nodes[node]["aliases"] = sorted(set(names) - {G.nodes[node]["label"]})
    _finish(G)
    return G


def _check_include(include: Iterable[str]) -> frozenset[str]:
    include = frozenset(include or ())
    unknown = sorted(include - set(INCLUDES))
    if unknown:
        raise ViewError(f"unknown --include {', '.join(unknown)}: choose from {', '.join(INCLUDES)}")
    return include


def _source(r: dict, day: str | None) -> Source:
    return Source(day or "", r["doc"], int(r.get("start") or 0), r.get("title") or "", r.get("quote") or "",
                  r.get("published") or "")


def _person(G: nx.MultiGraph, r: dict) -> None:
    if r["p"] not in G:
        G.add_node(r["p"], kind="person", label=r.get("label") or r["person"], name=r["person"])


def _org(G: nx.MultiGraph, r: dict) -> None:
    if r["o"] not in G:
        G.add_node(r["o"], kind="org", label=r["org"], level=r.get("level") or level_of(r["org"]),
                   aliases=[])


#: A meeting's status over its reports: the first of these that any report gives.
STATUS_ORDER = ("held", "planned", "mentioned")


def _meeting(G: nx.MultiGraph, r: dict) -> None:
    if r["mt"] not in G:
        G.add_node(r["mt"], kind="meeting", label=r["meeting"], date=r.get("day") or "", org=r["org"],
                   status="mentioned")
    node = G.nodes[r["mt"]]
    if r.get("day") and not node["date"]:
        node["date"] = r["day"]
    if r.get("status") in STATUS_ORDER and STATUS_ORDER.index(r["status"]) < STATUS_ORDER.index(node["status"]):
        node["status"] = r["status"]


def _term(data: dict, r: dict) -> None:
    """Add the term bounds a membership row states to its edge."""
    for key, value in (("began", r.get("began")), ("ended", r.get("ended")), ("ended_by", r.get("ended_by"))):
        if value and value not in data.setdefault(key, []):
            data[key] = sorted([*data[key], value])


def _link(G: nx.MultiGraph, u: str, v: str, kind: str, role: str, how: str | None, source: Source) -> None:
    """Add ``source`` to the ``KIND:ROLE`` edge u–v (made if new). While the graph is read,
    ``how`` and ``sources`` are sets (constant time per source); :func:`_finish` sorts them."""
    key = f"{kind}:{role}"
    if G.has_edge(u, v, key):
        data = G.edges[u, v, key]
    else:
        G.add_edge(u, v, key, kind=kind, role=role, how=set(), sources=set())
        data = G.edges[u, v, key]
    if how:
        data["how"].add(how)
    data["sources"].add(source)


def _finish(G: nx.MultiGraph) -> None:
    """The sets of :func:`_link` as sorted lists."""
    for _, _, data in G.edges(data=True):
        for name in ("how", "sources", "meetings"):
            if isinstance(data.get(name), set):
                data[name] = sorted(data[name])


def co_attendance(G: nx.MultiGraph, participations: list[dict], min_shared: int = MIN_SHARED) -> dict:
    """Add person–person edges between people taking part in at least ``min_shared`` of the
    same meetings (one edge per pair, ``weight`` = shared meetings, ``meetings`` = their names).

    Every meeting makes a clique of its participants, so a single shared meeting links each
    pair at a large meeting and says little; two or more shared meetings is a recurring tie.
    Returns ``{"min_shared", "kept", "left_out", "pairs"}`` (pair counts; ``pairs`` = all).
    """
    at: dict[str, dict[str, Source]] = defaultdict(dict)  # meeting -> person -> a source
    labels: dict[str, str] = {}
    for r in participations:
        labels[r["mt"]] = r["meeting"]
        source = _source(r, r.get("day") or r.get("published"))
        known = at[r["mt"]].get(r["p"])
        at[r["mt"]][r["p"]] = source if known is None else min(known, source)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for meeting, people in at.items():
        for a, b in combinations(sorted(people), 2):
            shared[a, b].append(meeting)
    kept = 0
    people_of = {r["p"]: r for r in participations}
    for (a, b), meetings in shared.items():
        if len(meetings) < min_shared:
            continue
        kept += 1
        _person(G, people_of[a])
        _person(G, people_of[b])
        key = "co-attendance:同会"
        sources = sorted({at[m][p] for m in meetings for p in (a, b)})
        G.add_edge(a, b, key, kind="co-attendance", role=f"同会 ×{len(meetings)}", how=[], sources=sources,
                   meetings=sorted({labels[m] for m in meetings}), weight=len(meetings))
    return {"min_shared": min_shared, "kept": kept, "left_out": len(shared) - kept, "pairs": len(shared)}


# -- filters ---------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def date_bound(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also with / or .) as a normalised prefix."""
    m = _DATE.match(text.strip())
    if not m:
        raise ViewError(f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ViewError(f"bad date {text!r}") from None
    parts = [year] + [f"{int(x):02d}" for x in (month, day) if x]
    return "-".join(parts)


def in_period(day: str, since: str | None, until: str | None) -> bool:
    """Whether ``day`` (YYYY-MM-DD) lies in [since, until], bounds given as by :func:`date_bound`
    (``until=2022`` takes in all of 2022). An unknown day lies in no bounded period."""
    if not since and not until:
        return True
    if not day:
        return False
    return (not since or day[: len(since)] >= since) and (not until or day[: len(until)] <= until)


def filter_dates(G: nx.MultiGraph, since: str | None = None, until: str | None = None) -> nx.MultiGraph:
    """A copy of ``G`` keeping the evidence dated in [since, until]; edges left with no
    evidence go (nodes stay: see :func:`drop_isolates`)."""
    since = date_bound(since) if since else None
    until = date_bound(until) if until else None
    H = G.copy()
    if not since and not until:
        return H
    for u, v, k, data in list(H.edges(keys=True, data=True)):
        kept = [s for s in data["sources"] if in_period(s.date, since, until)]
        if kept:
            data["sources"] = kept
        else:
            H.remove_edge(u, v, k)
    return H


def find_nodes(G: nx.MultiGraph, name: str, kind: str) -> list[str]:
    """Nodes of ``kind`` named ``name``: by label, name (every namesake) or alias; else those
    whose label contains it."""
    name = name.strip()
    nodes = [n for n, d in G.nodes(data=True) if d["kind"] == kind]
    exact = [n for n in nodes if name in (G.nodes[n]["label"], G.nodes[n].get("name"))
             or name in G.nodes[n].get("aliases", ())]
    if exact:
        return sorted(exact)
    return sorted(n for n in nodes if name and name in G.nodes[n]["label"])


def neighbourhood(G: nx.MultiGraph, sources: Iterable[str], depth: int) -> nx.MultiGraph:
    """The subgraph of nodes at most ``depth`` edges from any of ``sources``."""
    keep: set[str] = set()
    for s in sources:
        keep |= set(nx.single_source_shortest_path_length(G, s, cutoff=depth))
    return G.subgraph(keep).copy()


def degree(G: nx.MultiGraph, node: str) -> int:
    """Number of distinct neighbours."""
    return len(G[node])


def drop_low_degree(G: nx.MultiGraph, k: int, keep: Iterable[str] = ()) -> nx.MultiGraph:
    """Remove the nodes with fewer than ``k`` neighbours (one pass), except ``keep``."""
    keep = set(keep)
    low = [n for n in G if n not in keep and degree(G, n) < k]
    H = G.copy()
    H.remove_nodes_from(low)
    return H


def drop_isolates(G: nx.MultiGraph, keep: Iterable[str] = ()) -> nx.MultiGraph:
    keep = set(keep)
    H = G.copy()
    H.remove_nodes_from([n for n in G if n not in keep and degree(G, n) == 0])
    return H


def largest_components(G: nx.MultiGraph, max_nodes: int, keep: Iterable[str] = ()) -> nx.MultiGraph:
    """Whole connected components, those with ``keep`` nodes first, then the largest, while
    they fit in ``max_nodes`` (the first one always; cut to its ``max_nodes`` best-connected
    nodes if it alone is larger)."""
    if len(G) <= max_nodes:
        return G
    keep = set(keep)
    comps = sorted(nx.connected_components(G), key=lambda c: (not (c & keep), -len(c), min(c)))
    chosen: set[str] = set()
    for comp in comps:
        if not chosen and len(comp) > max_nodes:
            ranked = sorted(comp, key=lambda n: (n not in keep, -degree(G, n), n))
            chosen = set(ranked[:max_nodes])
            break
        if len(chosen) + len(comp) <= max_nodes:
            chosen |= comp
    return G.subgraph(chosen).copy()


def select(
    G: nx.MultiGraph,
    *,
    org: str | None = None,
    person: str | None = None,
    depth: int | None = None,
    since: str | None = None,
    until: str | None = None,
    min_degree: int = 0,
    max_nodes: int | None = None,
) -> nx.MultiGraph:
    """The view of ``G`` for the filters, in this order: evidence dated in [since, until];
    ``org`` / ``person`` focus (the named nodes and everything within ``depth`` edges, by
    default 1 for an organisation and 2 for a person); nodes with fewer than
    ``min_degree`` neighbours removed (one pass; the focus stays); isolated nodes removed;
    at most ``max_nodes`` nodes (whole components, largest first).

    The result's ``graph`` dict holds ``focus`` (node ids) and ``total`` (nodes of ``G``).
    Raises :class:`ViewError` when ``org`` or ``person`` matches nothing.
    """
    if depth is not None and depth < 0:
        raise ViewError("--depth must be 0 or more")
    if min_degree < 0:
        raise ViewError("--min-degree must be 0 or more")
    total = G.number_of_nodes()
    H = filter_dates(G, since, until)
    focus: list[str] = []
    for kind, name in (("org", org), ("person", person)):
        if name:
            found = find_nodes(H, name, kind)
            if not found:
                what = "organisation" if kind == "org" else "person"
                raise NoMatchError(f"no {what} named {name!r} in the graph")
            focus += found
    if focus:
        d = depth if depth is not None else DEFAULT_DEPTH["person" if person else "org"]
        H = neighbourhood(H, focus, d)
    if min_degree:
        H = drop_low_degree(H, min_degree, keep=focus)
    H = drop_isolates(H, keep=focus)
    if max_nodes is not None:
        H = largest_components(H, max_nodes, keep=focus)
    H.graph.update(focus=[n for n in focus if n in H], total=total)
    return H
