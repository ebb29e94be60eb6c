"""Interactive network views of a built graph: people, organisations (and meetings), offline HTML.

    from kg.views import render
    render("out", "gansu.html", org="甘肃省总工会", since="2020")

Three layers, each usable alone:

- :mod:`kg.views.network` — the built graph read by SPARQL into a networkx MultiGraph
  (nodes with kind/label/level, edges with role and evidence), and the filters;
- :mod:`kg.views.layout` — positions computed in Python for large views;
- :mod:`kg.views.page` — the self-contained HTML page (vis-network from the pyvis
  package, inlined; side panel, search, legend, neighbourhood highlight).

:mod:`kg.views.chromium` drives a headless Chromium (tests, benchmark, screenshots).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .network import INCLUDES, MIN_SHARED, NoMatchError, ViewError, read_graph, select
from .page import PHYSICS_MAX_NODES, SIZES, write_page
from .style import counted

__all__ = ["render", "ViewResult", "ViewError", "NoMatchError", "read_graph", "select", "INCLUDES", "SIZES",
           "PHYSICS_MAX_NODES", "LEADERSHIP_FILE", "BUILD_MAX_NODES", "MIN_SHARED"]

#: The view ``kg build`` writes into its output folder.
LEADERSHIP_FILE = "leadership.html"
#: At most this many nodes in the build's view (whole components, largest first).
BUILD_MAX_NODES = 5000


@dataclass
class ViewResult:
    path: Path
    nodes: int
    edges: int
    total: int  # nodes in the graph before filtering
    physics: bool
    timings: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # what the view leaves out, in words


def title_for(org=None, person=None, depth=None, since=None, until=None, min_degree=0, include=()) -> str:
    """A page title saying what the view shows."""
    title = "领导网络 Leadership network"
    focus = [x for x in (org, person) if x]
    if focus:
        title += " — " + ", ".join(focus) + (f" (depth {depth})" if depth is not None else "")
    if since or until:
        title += f" · {since or '…'} – {until or '…'}"
    if min_degree:
        title += f" · ≥{min_degree} links"
    if include:
        title += " · with " + ", ".join(sorted(include))
    return title


def render(
    graph,
    out_file,
    *,
    org: str | None = None,
    person: str | None = None,
    depth: int | None = None,
    since: str | None = None,
    until: str | None = None,
    min_degree: int = 0,
    include=(),
    size: str = "degree",
    max_nodes: int | None = None,
    title: str | None = None,
    physics: bool | None = None,
    min_shared: int = MIN_SHARED,
) -> ViewResult:
    """Write the network view of the built graph in folder ``graph`` (or an open
    :class:`kg.store.GraphStore`) to ``out_file``.

    Filters (see :func:`kg.views.network.select`): ``org`` / ``person`` with ``depth``,
    ``since`` / ``until`` (YYYY[-MM[-DD]]), ``min_degree``, ``max_nodes``; ``include``:
    ``"meetings"`` and/or ``"co-attendance"`` (pairs sharing at least ``min_shared``
    meetings; the result's ``notices`` say how many were left out). ``size``: ``degree`` or ``betweenness``.
    ``physics``: force in-browser physics on or off (default: on up to
    :data:`PHYSICS_MAX_NODES` nodes). Raises :class:`ViewError` for bad filters.
    """
    if size not in SIZES:
        raise ViewError(f"unknown size {size!r}: choose from {', '.join(SIZES)}")
    include = tuple(include or ())
    t0 = time.perf_counter()
    G = read_graph(graph, include, min_shared=min_shared)
    notices = [co_attendance_notice(G.graph["co-attendance"])] if "co-attendance" in G.graph else []
    t1 = time.perf_counter()
    view = select(G, org=org, person=person, depth=depth, since=since, until=until,
                  min_degree=min_degree, max_nodes=max_nodes)
    t2 = time.perf_counter()
    title = title or title_for(org, person, depth, since, until, min_degree, include)
    path = write_page(view, out_file, title=title, size=size, physics=physics, notices=notices)
    t3 = time.perf_counter()
    edges = len({tuple(sorted((str(u), str(v)))) for u, v in view.edges()})
    return ViewResult(Path(path), view.number_of_nodes(), edges, view.graph.get("total", len(G)),
                      physics if physics is not None else len(view) <= PHYSICS_MAX_NODES,
                      {"read": t1 - t0, "select": t2 - t1, "page": t3 - t2}, notices)


def co_attendance_notice(counts: dict) -> str:
    """What the co-attendance threshold kept and left out, in words."""
    k = counts["min_shared"]
    text = (f"co-attendance: {counted(counts['kept'], 'pair')} sharing at least "
            f"{counted(k, 'meeting')} shown")
    if counts["left_out"]:
        text += f"; {counted(counts['left_out'], 'pair')} sharing fewer left out (min-shared {k - 1} shows them)"
    return text
