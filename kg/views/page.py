"""networkx view graph -> one self-contained, offline HTML page (vis-network).

The page inlines the vis-network build that ships inside the ``pyvis`` package, its own
script (``page.js``) and style (``page.css``); it loads nothing from the network (its
Content-Security-Policy forbids it, and lets only its own two scripts run, by hash).
``pyvis.network.Network`` itself is not used: its templates link Bootstrap (and, in the
default mode, vis-network) from a CDN, and its ``add_edge`` is quadratic in the number of
edges.

Report text is untrusted: it reaches the page only as JSON inside
``<script type="application/json">`` (with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped), and the page script puts it into the document with ``textContent`` only.
Everything else written into the HTML (title, legend) is HTML-escaped here.

Views of at most :data:`PHYSICS_MAX_NODES` nodes are laid out by vis-network's physics in
the browser (which then stops); larger ones get positions from :mod:`kg.views.layout`, and
physics off, straight edges and no edge labels on the canvas (they stay in tooltips and
the side panel).
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from . import style
from .layout import layout
from .network import Source, degree

#: Above this many nodes: positions computed in Python, physics off (see the module doc).
PHYSICS_MAX_NODES = 300
#: vis-network copy shipped inside pyvis (the newest it has).
VIS_VERSIONS = ("vis-9.1.2", "vis-9.0.4")
SIZES = ("degree", "betweenness")


@lru_cache(maxsize=None)
def vis_network_js() -> str:
    """vis-network's standalone build from the pyvis package, without its source-map line."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    for version in VIS_VERSIONS:
        path = lib.joinpath(version, "vis-network.min.js")
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            return re.sub(r"//# sourceMappingURL=\S*", "", text)
    raise FileNotFoundError("vis-network.min.js not found in the pyvis package")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def json_for_script(value) -> str:
    """JSON text that is safe inside a ``<script>`` element (cannot close it or open a comment)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _script_safe(code: str) -> str:
    """Script source as it may stand inside ``<script>``: no ``</script``."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


# -- the view as data --------------------------------------------------------------------------

def scores(G: nx.MultiGraph, size: str = "degree") -> dict:
    """Node size score: distinct neighbours, or betweenness centrality (sampled above 500 nodes)."""
    if size == "degree":
        return {n: degree(G, n) for n in G}
    if size == "betweenness":
        simple = nx.Graph(G)
        k = min(len(simple), 200) if len(simple) > 500 else None
        return nx.betweenness_centrality(simple, k=k, seed=7)
    raise ValueError(f"unknown size {size!r}: choose from {', '.join(SIZES)}")


def _sizes(score: dict) -> dict:
    top = max(score.values(), default=0) or 1
    return {n: round(style.MIN_SIZE + (style.MAX_SIZE - style.MIN_SIZE) * math.sqrt(s / top), 1)
            for n, s in score.items()}


def _dates(sources: list[Source]) -> str:
    days = sorted({s.date for s in sources if s.date})
    if not days:
        return ""
    return days[0] if days[0] == days[-1] else f"{days[0]} – {days[-1]}"


def timeline(G: nx.MultiGraph, person) -> list[dict]:
    """A person's terms in date order: post, the days reports state it (``seen``), and the
    beginning and end the text gives (``ended_by``: cue words such as 原, 免去)."""
    terms = []
    for _, org, key, d in G.edges(person, keys=True, data=True):
        if d["kind"] != "membership":
            continue
        days = sorted({s.date for s in d["sources"] if s.date})
        terms.append({"post": f"{G.nodes[org]['label']} · {d['role']}", "seen": _dates(d["sources"]),
                      "began": (d.get("began") or [""])[0], "ended": (d.get("ended") or [""])[-1],
                      "ended_by": list(d.get("ended_by") or []), "first": days[0] if days else ""})
    terms.sort(key=lambda t: (t["began"] or t["first"] or "~", t["post"]))
    for t in terms:
        del t["first"]
    return terms


def view_data(G: nx.MultiGraph, *, title: str = "", size: str = "degree", physics: bool | None = None,
              seed: int = 7, notices: list[str] = ()) -> dict:
    """Everything the page needs, as JSON-able data (nodes with positions, edges with evidence)."""
    physics = len(G) <= PHYSICS_MAX_NODES if physics is None else physics
    pos = {} if physics else layout(G, seed=seed)
    sizes = _sizes(scores(G, size))
    order = sorted(G, key=lambda n: (G.nodes[n]["kind"], G.nodes[n]["label"], str(n)))
    index = {n: i for i, n in enumerate(order)}
    nodes = []
    for n in order:
        d = G.nodes[n]
        kind = d["kind"]
        colour = style.LEVEL_COLOURS.get(d.get("level", ""), style.LEVEL_COLOURS[""]) if kind == "org" \
            else style.KINDS[kind]["colour"]
        item = {"id": index[n], "label": d["label"], "kind": kind, "colour": colour,
                "shape": style.KINDS[kind]["shape"], "size": sizes[n], "degree": degree(G, n), "iri": str(n)}
        if kind == "org":
            item["level"] = d.get("level", "")
            if d.get("aliases"):
                item["aliases"] = list(d["aliases"])
        if kind == "meeting":
            item["date"] = d.get("date", "")
            item["org"] = d.get("org", "")
            item["status"] = d.get("status", "held")
            if item["status"] != "held":
                item["colour"] = style.MEETING_NOT_HELD_COLOUR
        if kind == "person":
            item["name"] = d.get("name", d["label"])
            item["timeline"] = timeline(G, n)
        if n in pos:
            item["x"], item["y"] = pos[n]
        nodes.append(item)

    reports: dict[str, list[str]] = {}
    pairs: dict[tuple[int, int], list] = {}
    for u, v, key, d in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        a, b = sorted((index[u], index[v]))
        for s in d["sources"]:
            reports.setdefault(s.doc, [s.title, s.published])
        role = {"role": d["role"], "kind": d["kind"], "dates": _dates(d["sources"]),
                "sources": [[s.doc, s.date, s.quote] for s in d["sources"]]}
        if d.get("how") and d["how"] != ["stated"]:
            role["how"] = list(d["how"])
        if d.get("meetings"):
            role["meetings"] = list(d["meetings"])
        pairs.setdefault((a, b), []).append(role)
    edges = []
    for (a, b), roles in pairs.items():
        kinds = {r["kind"] for r in roles}
        kind = "membership" if "membership" in kinds else sorted(kinds)[0]
        label = " / ".join(dict.fromkeys(r["role"] for r in roles))
        years = sorted({s[1][:4] for r in roles for s in r["sources"] if s[1]})
        if years:
            label += " · " + (years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}")
        edges.append({"id": len(edges), "from": a, "to": b, "kind": kind, "label": label,
                      "colour": style.EDGE_KINDS[kind]["colour"], "dashes": style.EDGE_KINDS[kind]["dashes"],
                      "roles": roles})
    total = G.graph.get("total", len(G))
    return {
        "title": title,
        "notices": list(notices),
        "physics": physics,
        "edgeLabels": physics,
        "counts": {"nodes": len(nodes), "edges": len(edges), "total": total},
        "focus": [index[n] for n in G.graph.get("focus", []) if n in index],
        "size": size,
        "kinds": {k: v["name"] for k, v in style.KINDS.items()},
        "levels": style.LEVELS,
        "statuses": style.MEETING_STATUSES,
        "edgeKinds": {k: v["name"] for k, v in style.EDGE_KINDS.items()},
        "dim": style.DIM_COLOUR,
        "reports": reports,
        "nodes": nodes,
        "edges": edges,
    }


# -- the page ----------------------------------------------------------------------------------

def _legend(data: dict) -> str:
    """The legend's HTML: node kinds, organisation levels and edge kinds present in the view."""
    e = html.escape
    kinds = {n["kind"] for n in data["nodes"]}
    levels = {n.get("level", "") for n in data["nodes"] if n["kind"] == "org"}
    edge_kinds = {r["kind"] for edge in data["edges"] for r in edge["roles"]}

    def swatch(shape: str, colour: str, name: str) -> str:
        return (f'<li><span class="kg-swatch kg-{e(shape)}" style="background:{e(colour)}"></span>'
                f'{e(name)}</li>')

    rows = [swatch(spec["shape"], spec["colour"], spec["name"])
            for kind, spec in style.KINDS.items() if kind in kinds and kind != "org"]
    if "org" in kinds:
        rows.append(f'<li class="kg-legend-head">{e(style.KINDS["org"]["name"])}</li>')
        rows += [swatch(style.KINDS["org"]["shape"], style.LEVEL_COLOURS[level], name)
                 for level, name in style.LEVELS.items() if level in levels]
    if edge_kinds:
        rows.append('<li class="kg-legend-head">links</li>')
    for kind, spec in style.EDGE_KINDS.items():
        if kind in edge_kinds:
            line = "dashed" if spec["dashes"] else "solid"
            rows.append(f'<li><span class="kg-line" style="border-top:2px {line} {e(spec["colour"])}"></span>'
                        f'{e(spec["name"])}</li>')
    size = "number of links" if data["size"] == "degree" else data["size"]
    rows.append(f'<li class="kg-note">size: {e(size)}</li>')
    rows += [f'<li class="kg-note kg-notice">{e(text)}</li>' for text in data.get("notices", ())]
    return '<ul>' + "".join(rows) + "</ul>"


def html_page(G: nx.MultiGraph, *, title: str = "Leadership network", size: str = "degree",
         physics: bool | None = None, seed: int = 7, notices: list[str] = ()) -> str:
    """The HTML page of view graph ``G``; ``notices``: lines for the legend (what was left out)."""
    data = view_data(G, title=title, size=size, physics=physics, seed=seed, notices=notices)
    vis_js = _script_safe(vis_network_js())
    page_js = _script_safe(_asset("page.js"))
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    c = data["counts"]
    counts = f"{style.counted(c['nodes'], 'node')}, {style.counted(c['edges'], 'link')}"
    if c["total"] > c["nodes"]:
        counts += f" (of {c['total']:,} nodes)"
    parts = {
        "CSP": html.escape(csp, quote=False).replace('"', "&quot;"),
        "TITLE": html.escape(title),
        "COUNTS": html.escape(counts),
        "STYLE": _asset("page.css"),
        "LEGEND": _legend(data),
        "DATA": json_for_script(data),
        "VIS": vis_js,
        "SCRIPT": page_js,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("page.html"))


def write_page(G: nx.MultiGraph, path: str | Path, **kwargs) -> Path:
    """Write :func:`html_page` of ``G`` to ``path`` (UTF-8); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = html_page(G, **kwargs)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
