"""Analysis helpers (package: :mod:`.frames`, :mod:`.graphs`, :mod:`.text`, :mod:`.plots`): the built graph as pandas DataFrames and networkx graphs.

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

from .frames import *  # noqa: F401,F403
from .frames import GraphLike, _sparql  # noqa: F401
from .graphs import *  # noqa: F401,F403
from .text import *  # noqa: F401,F403
from .plots import *  # noqa: F401,F403
from . import frames, graphs, plots, text  # noqa: E402

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

