"""The HTML pages of ``kg serve``: search, person, organisation, meeting and report pages.

Every fact is shown with its evidence (quote, report title, publication date) and a link
to the report page at the fact's span (``/report/DOC#ev-START-END``, original offsets),
where the report's text is shown with the spans of its facts highlighted.

Everything that comes from reports is untrusted text: it is HTML-escaped here (text and
attributes), JSON for scripts goes through :func:`kg.views.page.json_for_script`, and the
pages run only the server's own scripts (the Content-Security-Policy of :mod:`kg.serve.app`).

URLs are the IRIs' paths below ``https://w3id.org/gonghui-kg/id/``: the person
``…/id/person/甘肃省总工会/吴明明`` is the page ``/person/甘肃省总工会/吴明明``.

>>> page_path("https://w3id.org/gonghui-kg/id/org/甘肃省总工会")
'/org/%E7%94%98%E8%82%83%E7%9C%81%E6%80%BB%E5%B7%A5%E4%BC%9A'
>>> iri_from_path("/org/%E7%94%98%E8%82%83%E7%9C%81%E6%80%BB%E5%B7%A5%E4%BC%9A")
'https://w3id.org/gonghui-kg/id/org/甘肃省总工会'
"""
from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from ..rdf.iris import segment
from ..rdf.namespaces import DCTERMS, FOAF, ID, KG, PREFIXES, SCHEMA, SKOS
from ..results import plain
from ..views.style import LEVELS, PARTICIPATION_LABELS

#: Node kinds that have a page (the first segment of the IRI path below ``ID``).
PAGE_KINDS = ("person", "org", "meeting", "report")
#: Most nodes drawn in a neighbourhood network (the node and its best-connected neighbours).
MAX_NETWORK_NODES = 120
#: Search results shown.
MAX_HITS = 200
_SAFE = "/%:@!$&'()*+,;=-._~"
e = html.escape


# -- URLs and IRIs --------------------------------------------------------------------------

def page_path(iri: str) -> str | None:
    """The server path of a node IRI (ASCII, percent-encoded), or None for other IRIs."""
    if not iri.startswith(ID):
        return None
    return "/" + quote(iri[len(ID):], safe=_SAFE)


def iri_from_path(path: str) -> str:
    """The node IRI of a server path (raw or decoded): each segment as :func:`kg.rdf.iris.segment`
    writes it, so ``/org/%E7%94%98…`` and ``/org/甘…`` name the same node."""
    return ID + "/".join(segment(unquote(s)) if s else "" for s in path.lstrip("/").split("/"))


def kind_of(iri: str) -> str:
    """``person``, ``org``, ``meeting``, ``report``, ``evidence`` … (the IRI's first path segment)."""
    return iri[len(ID):].split("/", 1)[0] if iri.startswith(ID) else ""


def report_link(doc: str, start: int | None = None, end: int | None = None) -> str:
    path = "/report/" + quote(segment(doc), safe=_SAFE)
    return path + (f"#ev-{start}-{end}" if start is not None else "")


# -- queries --------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def page_query(name: str) -> str:
    """The text of ``kg/serve/page-NAME.rq``."""
    return resources.files(__package__).joinpath(f"page-{name}.rq").read_text(encoding="utf-8")


def bind(text: str, **values: ox.NamedNode | ox.Literal | Iterable) -> str:
    """``text`` with each ``$name`` replaced by its value in SPARQL syntax, as Oxigraph writes
    terms (IRIs are checked by :class:`pyoxigraph.NamedNode`, literals escaped by it); a list
    of terms is written space-separated (for ``VALUES``)."""
    def term(m: re.Match) -> str:
        value = values[m.group(1)]
        if isinstance(value, (ox.NamedNode, ox.Literal)):
            return str(value)
        return " ".join(str(v) for v in value)

    return re.sub(r"\$(\w+)\b", lambda m: term(m) if m.group(1) in values else m.group(0), text)


@dataclass
class Evidence:
    doc: str
    title: str
    published: str
    quote: str
    start: int
    end: int


@dataclass
class Fact:
    kind: str
    fact: str
    subject: str
    subject_label: str
    role: str
    other: str
    other_label: str
    day: str
    how: str
    evidence: list[Evidence]

    @property
    def dates(self) -> list[str]:
        return sorted({ev.published for ev in self.evidence if ev.published})


def facts_from_rows(rows: list[dict]) -> list[Fact]:
    """Rows of a page query grouped by fact, each fact with all its evidence (in row order)."""
    facts: OrderedDict[tuple, Fact] = OrderedDict()
    for r in rows:
        key = (r["kind"], r["fact"], r.get("subject"), r.get("role"), r.get("other"))
        if key not in facts:
            facts[key] = Fact(r["kind"], r["fact"] or "", r.get("subject") or "", r.get("subject_label") or "",
                              r.get("role") or "", r.get("other") or "", r.get("other_label") or "",
                              r.get("day") or "", r.get("how") or "", [])
        ev = Evidence(r["doc"], r.get("title") or "", r.get("published") or "", r.get("quote") or "",
                      int(r["start"]), int(r["end"]))
        if ev not in facts[key].evidence:
            facts[key].evidence.append(ev)
    return list(facts.values())


# -- the site ---------------------------------------------------------------------------------

class Site:
    """The pages of one built graph (an open read-only store and the build folder)."""

    def __init__(self, store: ox.Store, out: Path, *, graph_store=None) -> None:
        self.store = store
        self.out = Path(out)
        self._graph_store = graph_store  # a kg.store.GraphStore, for the network view's reader
        self._network = None
        self._network_lock = threading.Lock()
        self._documents: OrderedDict[str, tuple] = OrderedDict()
        self._documents_lock = threading.Lock()

    def rows(self, name: str, **values) -> list[dict]:
        """Rows of page query ``name`` with ``values`` bound, as plain values."""
        text = bind(page_query(name), **values)
        solutions = self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        out = [{k: plain(s[k]) for k in names} for s in solutions]
        del solutions
        return out

    def properties(self, iri: str) -> dict[str, list]:
        """Property IRI -> values (plain) of what the graphs say about ``iri``."""
        props: dict[str, list] = defaultdict(list)
        for r in self.rows("node", node=ox.NamedNode(iri)):
            props[r["property"]].append(r["value"])
        return props

    # -- pages --------------------------------------------------------------------------------
    def index(self, stats: dict) -> str:
        span = self.rows("overview")
        first, last = (span[0]["first"] or "", span[0]["last"] or "") if span else ("", "")
        counts = "".join(f"<tr><th>{e(k)}</th><td>{v:,}</td></tr>" for k, v in stats.items())
        body = f"""<h1>工会知识图谱 gonghui-kg</h1>
<form class="kg-big-search" action="/search" method="get" role="search">
<input id="kg-q" type="search" name="q" placeholder="人名、组织或会议 — a person, organisation or meeting" aria-label="search" autofocus required>
<button type="submit">搜索 Search</button></form>
<section><h2>The corpus at a glance</h2><table class="kg-stats">{counts}
<tr><th>dates</th><td>{e(first)} – {e(last)}</td></tr></table></section>
<section><h2>Use the graph</h2><ul>
<li><a href="/sparql">SPARQL query page</a> (YASGUI, offline) — endpoint <code>/sparql</code> (SPARQL 1.1 Protocol)</li>
<li><a href="/queries">Named queries</a> — as tables, CSV or JSON (<code>/queries/memberships?format=csv</code>)</li>
<li><a href="/queries/reports">All reports</a></li></ul></section>"""
        return layout("gonghui-kg", body)

    def search(self, text: str) -> str:
        text = text.strip()
        hits: list[dict] = []
        for variant in search_variants(text):
            hits += self.rows("search", q=ox.Literal(variant))
        details: dict[str, list[str]] = defaultdict(list)
        nodes = list(dict.fromkeys(h["node"] for h in hits))
        if nodes:
            for r in self.rows("search-details", nodes=[ox.NamedNode(n) for n in nodes]):
                details[r["node"]].append(r["detail"])
        found: OrderedDict[str, dict] = OrderedDict()
        for h in hits:
            found.setdefault(h["node"], {**h, "exact": False})
            if h["name"] in search_variants(text):
                found[h["node"]]["exact"] = True
        order = {k: i for i, k in enumerate(("person", "org", "meeting"))}
        ranked = sorted(found.values(), key=lambda h: (not h["exact"], order.get(h["kind"], 9), len(h["label"]), h["label"]))
        items = []
        for h in ranked[:MAX_HITS]:
            detail = "、".join(sorted(set(details.get(h["node"], [])) - {h["label"]}))
            items.append(f'<li class="kg-hit kg-{e(h["kind"])}"><span class="kg-kind">{e(KIND_NAMES[h["kind"]])}</span> '
                         f'{node_link(h["node"], h["label"])}'
                         + (f' <span class="kg-detail">{e(detail)}</span>' if detail else "") + "</li>")
        more = f"<p>{len(ranked) - MAX_HITS:,} more not shown: search for more of the name.</p>" if len(ranked) > MAX_HITS else ""
        listing = f'<ol class="kg-hits">{"".join(items)}</ol>{more}' if items else \
            ("<p>Nothing found.</p>" if text else "<p>Type a name.</p>")
        body = (f'<h1>搜索 Search: {e(text)}</h1><p class="kg-count">{len(ranked):,} found</p>{listing}')
        return layout(f"Search: {text}", body, query=text)

    def person(self, iri: str) -> str | None:
        props = self.properties(iri)
        names = props.get(FOAF + "name")
        if not names:
            return None
        facts = facts_from_rows(self.rows("person", node=ox.NamedNode(iri)))
        roles = [f for f in facts if f.kind == "membership"]
        meetings = [f for f in facts if f.kind == "participation"]
        roles.sort(key=lambda f: (f.dates[:1], f.other_label, f.role))
        meetings.sort(key=lambda f: (f.day or (f.dates[:1] or [""])[0], f.other_label))
        body = [f'<h1>{e(" / ".join(sorted(set(names))))}</h1>',
                f'<p class="kg-kindline">{e(KIND_NAMES["person"])} · <code>{e(iri)}</code></p>',
                self.network_html(iri),
                section("职务 Roles", [fact_item(f, what=[e(f.role), " · ", node_link(f.other, f.other_label),
                                                        how_note(f.how)]) for f in roles]),
                section("参会 Meetings", [fact_item(f, what=[e(PARTICIPATION_LABELS.get(f.role, f.role)), " · ",
                                                           node_link(f.other, f.other_label), day_note(f.day)])
                                         for f in meetings])]
        return layout(" / ".join(sorted(set(names))), "".join(body), network=True)

    def org(self, iri: str) -> str | None:
        props = self.properties(iri)
        labels = props.get(SKOS + "prefLabel")
        if not labels:
            return None
        name = labels[0]
        aliases = sorted(set(props.get(SKOS + "altLabel", [])) - {name})
        level = (props.get(KG + "level") or [""])[0]
        facts = facts_from_rows(self.rows("org", node=ox.NamedNode(iri)))
        leaders = sorted((f for f in facts if f.kind == "membership"),
                         key=lambda f: (f.dates[:1] or ["9999"], f.role, f.subject_label))
        held = sorted((f for f in facts if f.kind == "meeting"), key=lambda f: (f.day or "9999", f.subject_label))
        meta = [e(KIND_NAMES["org"])]
        if level:
            meta.append(e(LEVELS.get(level, level)))
        if aliases:
            meta.append("also " + e("、".join(aliases)))
        body = [f"<h1>{e(name)}</h1>", f'<p class="kg-kindline">{" · ".join(meta)} · <code>{e(iri)}</code></p>',
                self.network_html(iri),
                section("领导 Leaders over time", [fact_item(f, what=[node_link(f.subject, f.subject_label), " · ",
                                                                   e(f.role), how_note(f.how), dates_note(f.dates)])
                                                  for f in leaders]),
                section("会议 Meetings held", [fact_item(f, what=[node_link(f.subject, f.subject_label), day_note(f.day)])
                                              for f in held])]
        return layout(name, "".join(body), network=True)

    def meeting(self, iri: str) -> str | None:
        props = self.properties(iri)
        names = props.get(SCHEMA + "name")
        if not names:
            return None
        facts = facts_from_rows(self.rows("meeting", node=ox.NamedNode(iri)))
        organisers = [f for f in facts if f.kind == "meeting"]
        tasks = [f for f in facts if f.kind == "task"]
        by_kind: dict[str, list[Fact]] = defaultdict(list)
        for f in facts:
            if f.kind == "participation":
                by_kind[f.role].append(f)
        start = (props.get(SCHEMA + "startDate") or [""])[0]
        end = (props.get(SCHEMA + "endDate") or [""])[0]
        when = start + (f" – {end}" if end and end != start else "") if start else "date unknown"
        body = [f"<h1>{e(names[0])}</h1>",
                f'<p class="kg-kindline">{e(KIND_NAMES["meeting"])} · {e(when)} · <code>{e(iri)}</code></p>',
                self.network_html(iri),
                section("主办 Organiser", [fact_item(f, what=[node_link(f.subject, f.subject_label), day_note(f.day)])
                                          for f in organisers])]
        for kind in [k for k in PARTICIPATION_LABELS if k in by_kind] + sorted(set(by_kind) - set(PARTICIPATION_LABELS)):
            body.append(section(f"{PARTICIPATION_LABELS.get(kind, kind)} {kind}",
                                [fact_item(f, what=[node_link(f.subject, f.subject_label)]) for f in by_kind[kind]]))
        body.append(section("任务 Tasks", [fact_item(f, what=[e(f.subject_label)]) for f in tasks]))
        return layout(names[0], "".join(body), network=True)

    def report(self, iri: str) -> str | None:
        props = self.properties(iri)
        docs = props.get(KG + "docId")
        if not docs:
            return None
        doc = docs[0]
        title = (props.get(DCTERMS + "title") or [doc])[0]
        facts = facts_from_rows(self.rows("report", node=ox.NamedNode(iri)))
        meta = [("published", (props.get(SCHEMA + "datePublished") or [""])[0]),
                ("region", (props.get(KG + "region") or [""])[0]),
                ("file", (props.get(KG + "file") or [""])[0]), ("id", doc),
                ("encoding", (props.get(KG + "encoding") or [""])[0]),
                ("script", (props.get(KG + "script") or [""])[0])]
        rows = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in meta if v)
        duplicate = props.get(KG + "duplicateOf")
        if duplicate:
            rows += f"<tr><th>duplicate of</th><td>{node_link(duplicate[0], duplicate[0].rsplit('/', 1)[-1])}</td></tr>"
        chars = (props.get(KG + "charCount") or [None])[0]
        text, problem = self.document(doc, (props.get(KG + "file") or [""])[0], chars)
        spans = sorted({(ev.start, ev.end) for f in facts for ev in f.evidence})
        if text is not None:
            shown = f'<div id="kg-text" class="kg-text" lang="zh">{highlighted(text, spans)}</div>'
        else:
            shown = f'<p class="kg-problem">{e(problem)}</p>'
        items = []
        for f in facts:
            for ev in f.evidence:
                items.append(f'<li class="kg-fact"><a class="kg-jump" href="#ev-{ev.start}-{ev.end}">'
                             f'{ev.start}–{ev.end}</a> <span class="kg-kind">{e(FACT_NAMES.get(f.kind, f.kind))}</span> '
                             f'{report_fact_what(f)}</li>')
        body = [f"<h1>{e(title)}</h1>", f'<table class="kg-meta">{rows}</table>',
                f'<div class="kg-report"><section class="kg-report-text"><h2>原文 Text</h2>{shown}</section>'
                f'<aside class="kg-report-facts"><h2>Facts ({len(items)})</h2><ol>{"".join(items)}</ol></aside></div>']
        return layout(title, "".join(body), scripts=("report.js",))

    # -- parts --------------------------------------------------------------------------------
    def document(self, doc: str, file: str, chars: int | None) -> tuple[str | None, str]:
        """The report's original text (read again from its file), or None and why not."""
        with self._documents_lock:
            if doc in self._documents:
                self._documents.move_to_end(doc)
                return self._documents[doc]
        result = self._read_document(file, chars)
        with self._documents_lock:
            self._documents[doc] = result
            while len(self._documents) > 64:
                self._documents.popitem(last=False)
        return result

    def _read_document(self, file: str, chars: int | None) -> tuple[str | None, str]:
        from ..ingest import ReportError, read_document

        if not file:
            return None, "The graph does not name this report's file."
        path = Path(file)
        candidates = [path] if path.is_absolute() else [Path.cwd() / path, self.out.parent / path]
        found = next((p for p in candidates if p.is_file()), None)
        if found is None:
            return None, (f"The report's file {file} is not found here (relative paths are read from the "
                          "folder `kg serve` runs in and the graph's parent folder); its facts and quotes "
                          "are listed beside.")
        try:
            original = read_document(found).original
        except (OSError, ReportError) as exc:
            return None, f"The report's file {file} cannot be read: {exc}"
        if chars is not None and len(original) != int(chars):
            return None, (f"The report's file {file} changed since the build ({len(original):,} characters, "
                          f"the build read {int(chars):,}); the offsets would not match, so it is not shown.")
        return original, ""

    def network(self):
        """The people–organisation–meeting graph of the views, read once (the store is read-only)."""
        with self._network_lock:
            if self._network is None:
                from ..views.network import read_graph

                self._network = read_graph(self._graph_store, include={"meetings"})
            return self._network

    def network_data(self, iri: str) -> dict | None:
        """The view data (:func:`kg.views.page.view_data`) of ``iri``'s neighbourhood, with page links."""
        from ..views.network import degree, neighbourhood
        from ..views.page import view_data

        G = self.network()
        if iri not in G:
            return None
        H = neighbourhood(G, [iri], 1)
        if len(H) > MAX_NETWORK_NODES:
            keep = [iri] + sorted((n for n in H if n != iri), key=lambda n: (-degree(G, n), str(n)))[:MAX_NETWORK_NODES - 1]
            H = H.subgraph(keep).copy()
        H.graph.update(focus=[iri], total=len(G))
        data = view_data(H, title="", physics=True)
        for node in data["nodes"]:
            node["href"] = page_path(node["iri"])
        return data

    def network_html(self, iri: str) -> str:
        from ..views.page import json_for_script

        data = self.network_data(iri)
        if not data or len(data["nodes"]) < 2:
            return ""
        return ('<section class="kg-network-box"><h2>Neighbourhood</h2>'
                '<div id="kg-network" aria-label="network of the neighbourhood"></div>'
                f'<script type="application/json" id="kg-network-data">{json_for_script(data)}</script></section>')


def search_variants(text: str) -> list[str]:
    """What a search looks for: the text, and its Simplified form when it is Traditional
    (names in the graph are Simplified, as the extractors read them)."""
    from ..ingest.normalize import to_simplified

    text = text.strip()
    if not text:
        return []
    return list(dict.fromkeys([text, to_simplified(text)[0]]))


KIND_NAMES = {"person": "人物 person", "org": "组织 organisation", "meeting": "会议 meeting", "report": "报道 report"}
FACT_NAMES = {"membership": "职务", "meeting": "会议", "participation": "参会", "task": "任务"}


def layout(title: str, body: str, *, query: str = "", network: bool = False, scripts: tuple[str, ...] = ()) -> str:
    """A whole page: header with the search box, ``body`` (already HTML), the server's scripts."""
    tags = []
    if network:
        tags += ['<script src="/static/vis-network.min.js"></script>', '<script src="/static/graph.js"></script>']
    tags += [f'<script src="/static/{e(s)}"></script>' for s in scripts]
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · gonghui-kg</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="kg-top"><a class="kg-home" href="/">gonghui-kg</a>
<form action="/search" method="get" role="search"><input id="kg-search" type="search" name="q" value="{e(query)}" placeholder="人名、组织、会议" aria-label="search"><button type="submit">搜索</button></form>
<nav><a href="/sparql">SPARQL</a> <a href="/queries">queries</a></nav></header>
<main>
{body}
</main>
{"".join(tags)}
</body>
</html>
"""


def node_link(iri: str, label: str) -> str:
    path = page_path(iri) if kind_of(iri) in PAGE_KINDS else None
    if not path:
        return f"<span>{e(label)}</span>"
    return f'<a class="kg-node kg-{e(kind_of(iri))}" href="{e(path)}">{e(label)}</a>'


def section(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return f'<section><h2>{e(title)} <span class="kg-count">({len(items)})</span></h2><ul class="kg-facts">{"".join(items)}</ul></section>'


def fact_item(f: Fact, what: list[str]) -> str:
    """One fact (``what``: HTML parts) and its evidence: quote, report title, date, link to the span."""
    quotes = []
    for ev in f.evidence:
        quotes.append(f'<li class="kg-evidence"><blockquote><a class="kg-ev" href="{e(report_link(ev.doc, ev.start, ev.end))}">'
                      f'{e(ev.quote)}</a></blockquote><cite><a href="{e(report_link(ev.doc))}">{e(ev.title or ev.doc)}</a>'
                      + (f" · {e(ev.published)}" if ev.published else "") + "</cite></li>")
    return f'<li class="kg-fact"><div class="kg-what">{"".join(what)}</div><ul class="kg-evidence-list">{"".join(quotes)}</ul></li>'


def report_fact_what(f: Fact) -> str:
    if f.kind == "membership":
        return f"{node_link(f.subject, f.subject_label)} · {e(f.role)} · {node_link(f.other, f.other_label)}"
    if f.kind == "participation":
        return (f"{node_link(f.subject, f.subject_label)} · {e(PARTICIPATION_LABELS.get(f.role, f.role))} · "
                f"{node_link(f.other, f.other_label)}")
    if f.kind == "meeting":
        return f"{node_link(f.subject, f.subject_label)} · {node_link(f.other, f.other_label)}{day_note(f.day)}"
    return f"{e(f.subject_label)} · {node_link(f.other, f.other_label)}"


def how_note(how: str) -> str:
    return f' <span class="kg-how">({e(how)})</span>' if how and how != "stated" else ""


def day_note(day: str) -> str:
    return f' <span class="kg-day">{e(day)}</span>' if day else ""


def dates_note(dates: list[str]) -> str:
    if not dates:
        return ""
    return f' <span class="kg-day">{e(dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}")}</span>'


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with the ``spans`` (original offsets) marked.

    Spans may overlap: the text is cut at every span boundary, each piece inside spans is a
    ``<mark data-ev="S-E …">`` naming the spans that cover it, and each span starts with an
    anchor ``<a id="ev-S-E">`` (the target of ``/report/DOC#ev-S-E``).
    """
    n = len(text)
    spans = [(max(0, s), min(n, t)) for s, t in spans if 0 <= s < t and s < n]
    cuts = sorted({0, n, *(s for s, _ in spans), *(t for _, t in spans)})
    starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s, t in spans:
        starts[s].append((s, t))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for s, t in starts.get(a, ()):
            out.append(f'<a class="kg-anchor" id="ev-{s}-{t}"></a>')
        piece = e(text[a:b], quote=False)
        covering = [f"{s}-{t}" for s, t in spans if s <= a and b <= t]
        out.append(f'<mark data-ev="{" ".join(covering)}">{piece}</mark>' if covering else piece)
    return "".join(out)


def not_found(what: str) -> str:
    return layout("Not found", f"<h1>Not found</h1><p>{e(what)}</p>")
