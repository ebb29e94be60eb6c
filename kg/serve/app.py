"""The ASGI application of ``kg serve`` (Starlette): the SPARQL endpoint, named queries, pages.

Routes::

    /                      search box, the corpus at a glance
    /search?q=NAME         people, organisations, meetings by name
    /sparql                SPARQL 1.1 Protocol (GET ?query=, POST form, POST application/sparql-query);
                           in a browser without a query: the YASGUI query page
    /queries               the named queries (HTML, or JSON for clients)
    /queries/NAME?k=v&format=csv|json|table   a named query, as `kg query` runs it
    /person/… /org/… /meeting/… /report/…     a node's page (HTML), or its RDF (Turtle …) when asked
    /id/…                  303 to the page (the IRIs' own paths)
    /health                ok, and the number of quads

Queries run in worker threads (pyoxigraph releases the GIL while it evaluates), each with
the time limit; the store is read-only, so answers are cached (at most
:data:`CACHE_BYTES`). Every response carries a Content-Security-Policy that lets pages run
only this server's scripts and reach only this server.
"""
from __future__ import annotations

import threading
from html import escape
import time
from collections import OrderedDict
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..queries import named_queries
from ..store import GraphStore, QueryError
from .engine import FORMAT_NAMES, GRAPH_TYPES, MAX_ROWS, Endpoint, ProtocolError, describe, negotiate
from .pages import (PAGE_KINDS, Site, iri_from_path, kind_of, layout, node_link, not_found, page_path,
                    report_link)

#: Seconds a query may run (``kg serve --timeout``).
TIMEOUT = 30.0
#: Bytes of cached answers at most; answers above an eighth of it are not cached.
CACHE_BYTES = 64 * 2**20
#: Bytes of a POSTed query at most.
MAX_QUERY_BYTES = 1 << 20
#: Engine threads at most at once, including ones past their time limit still finishing.
MAX_RUNNING = 32

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HTML = "text/html; charset=utf-8"
#: What a node URL answers: a page, or RDF.
NODE_TYPES = ["text/html", *GRAPH_TYPES]
QUERY_FORMATS = ("csv", "json", "table")
#: Columns of the named queries that hold report ids (linked to the report pages in HTML).
REPORT_COLUMNS = ("doc", "sources", "duplicate_of")


class Cache:
    """Answers by key, least recently used dropped first, at most ``limit`` bytes."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[tuple, tuple[bytes, str, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, body: bytes, media_type: str, headers: dict) -> None:
        if not self.limit or len(body) > self.limit // 8:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (body, media_type, headers)
            self.size += _cost(key, body)
            while self.size > self.limit:
                old_key, (old, _, _) = self._items.popitem(last=False)
                self.size -= _cost(old_key, old)


def _cost(key: tuple, body: bytes) -> int:
    """Bytes an entry holds: its answer and its key (a query text may be long)."""
    return len(body) + sum(len(str(k)) for k in key)


class Service:
    """The state of one server: the store, the endpoint, the pages, the limits."""

    def __init__(self, graph: GraphStore, *, timeout: float = TIMEOUT, allow_service: bool = False,
                 max_rows: int = MAX_ROWS, cache_bytes: int = CACHE_BYTES) -> None:
        self.graph = graph
        self.timeout = timeout
        self.max_rows = max_rows
        self.endpoint = Endpoint(graph.store, max_rows=max_rows, allow_service=allow_service)
        self.site = Site(graph.store, graph.out, graph_store=graph)
        self.cache = Cache(cache_bytes)
        self.running = threading.BoundedSemaphore(MAX_RUNNING)

    async def call(self, fn: Callable, *args):
        """``fn(*args)`` in a worker thread, within the time limit (:class:`ProtocolError` 503 past it)."""
        if not self.running.acquire(blocking=False):
            raise ProtocolError(503, f"busy: {MAX_RUNNING} queries are running; try again later")

        def work():
            error = None
            try:
                return fn(*args)
            except ProtocolError as exc:
                error = ProtocolError(exc.status, exc.message)
            except Exception as exc:  # a bug, or the engine failing: one line, not a traceback
                error = ProtocolError(500, f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
            finally:
                self.running.release()
            # Raised afresh, outside the handler: the first exception's frames may hold
            # pyoxigraph results, which must be dropped in this thread, not the event loop's.
            raise error

        with anyio.move_on_after(self.timeout) as scope:
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        if scope.cancelled_caught:
            raise ProtocolError(503, f"the query ran past the time limit of {self.timeout:g} s (kg serve --timeout)")

    async def cached(self, key: tuple, fn: Callable, *args) -> Response:
        """The cached answer for ``key``, else ``fn(*args)`` -> (body, media_type, headers), cached."""
        hit = self.cache.get(key)
        if hit is None:
            body, media_type, headers = await self.call(fn, *args)
            self.cache.put(key, body, media_type, headers)
        else:
            body, media_type, headers = hit
        return Response(body, media_type=media_type, headers=headers)


def _error(status: int, message: str, request: Request | None = None) -> Response:
    """An error: one line of text (an HTML page for a browser asking for a page)."""
    line = " ".join(message.split())
    if request is not None and _wants_html(request):
        return Response(layout(f"Error {status}", f"<h1>Error {status}</h1><p class=\"kg-problem\">{escape(line)}</p>"),
                        status_code=status, media_type=HTML)
    return PlainTextResponse(line + "\n", status_code=status)


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return negotiate(accept, ["text/html", "application/json"]) == "text/html" and "text/html" in accept


# -- /sparql ------------------------------------------------------------------------------------

async def sparql(request: Request) -> Response:
    service: Service = request.app.state.service
    params = request.query_params
    text = None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = await _body(request)
        except ProtocolError as exc:
            return _error(exc.status, exc.message)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return _error(403, "SPARQL update refused: this endpoint is read-only; only `kg build` writes the graph")
            text = (form.get("query") or [None])[0]
            graphs = (form.get("default-graph-uri") or params.getlist("default-graph-uri"),
                      form.get("named-graph-uri") or params.getlist("named-graph-uri"))
        elif ctype == "application/sparql-query":
            text = body.decode("utf-8", "replace")
            graphs = (params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
        elif ctype == "application/sparql-update":
            return _error(403, "SPARQL update refused: this endpoint is read-only; only `kg build` writes the graph")
        else:
            return _error(415, f"POST a query as application/x-www-form-urlencoded (query=…) or "
                               f"application/sparql-query, not {ctype or 'no content type'}")
    else:
        if "update" in params:
            return _error(403, "SPARQL update refused: this endpoint is read-only; only `kg build` writes the graph")
        text = params.get("query")
        graphs = (params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
        if text is None:
            if _wants_html(request):
                return Response(query_page(), media_type=HTML)
            return _error(400, "no query: give the SPARQL text as ?query=… (or POST it)")
    if text is None:
        return _error(400, "no query: give the SPARQL text as query=…")
    accept = request.headers.get("accept")
    if params.get("format"):
        accept = FORMAT_NAMES.get(params["format"].lower(), params["format"])
    key = ("sparql", text, accept, tuple(graphs[0]), tuple(graphs[1]))
    try:
        return await service.cached(key, _run_sparql, service, text, accept, graphs)
    except ProtocolError as exc:
        return _error(exc.status, exc.message)


async def _body(request: Request) -> bytes:
    """The request body, at most :data:`MAX_QUERY_BYTES` (413 beyond)."""
    too_big = ProtocolError(413, f"a query of more than {MAX_QUERY_BYTES:,} bytes is refused")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_QUERY_BYTES:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _run_sparql(service: Service, text: str, accept: str | None, graphs) -> tuple[bytes, str, dict]:
    result = service.endpoint.run(text, accept, default_graphs=graphs[0], named_graphs=graphs[1],
                                  deadline=time.monotonic() + service.timeout)
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-KG-Truncated"] = f"only the first {service.max_rows:,} rows (kg serve --max-rows); page with LIMIT/OFFSET"
    return result.body, result.media_type, headers


def query_page() -> str:
    """The YASGUI page, with the named queries as examples."""
    from ..views.page import json_for_script

    examples = [{"name": q.name, "description": q.description, "query": q.text} for q in named_queries().values()]
    items = "".join(f'<li><button type="button" class="kg-example" data-name="{escape(q["name"])}" title="{escape(q["description"])}">'
                    f'{escape(q["name"])}</button></li>' for q in examples)
    body = (f'<div class="kg-query-page"><aside class="kg-examples"><h2>Named queries</h2><p>Load one into the editor:</p>'
            f'<ul>{items}</ul><p class="kg-note">Endpoint: <code id="kg-endpoint"></code>. The default graph is the union of '
            f'the report graphs; <code>GRAPH ?g</code> reaches each report\'s graph.</p></aside>'
            f'<div id="yasgui"></div></div>'
            f'<script type="application/json" id="kg-examples">{json_for_script(examples)}</script>')
    page = layout("SPARQL", body, scripts=("yasgui.min.js", "query.js"))
    return page.replace('<link rel="stylesheet" href="/static/site.css">',
                        '<link rel="stylesheet" href="/static/yasgui.min.css">\n<link rel="stylesheet" href="/static/site.css">')


# -- /queries -----------------------------------------------------------------------------------

async def queries_list(request: Request) -> Response:
    items = [{"name": q.name, "description": q.description, "params": q.params,
              "url": f"/queries/{q.name}"} for q in named_queries().values()]
    if not _wants_html(request):
        return JSONResponse(items)
    rows = "".join(f'<tr><td><a href="/queries/{escape(q["name"])}">{escape(q["name"])}</a></td><td>{escape(q["description"])}</td>'
                   f'<td>{escape(", ".join(q["params"]))}</td><td><a href="/queries/{escape(q["name"])}?format=csv">csv</a> '
                   f'<a href="/queries/{escape(q["name"])}?format=json">json</a></td></tr>' for q in items)
    body = (f"<h1>Named queries</h1><p>As <code>kg query NAME</code>: "
            f"<code>/queries/NAME?PARAM=VALUE&amp;format=csv|json|table</code>.</p>"
            f'<table class="kg-table"><tr><th>name</th><th>what</th><th>parameters</th><th>as</th></tr>{rows}</table>')
    return Response(layout("Named queries", body), media_type=HTML)


async def query_named(request: Request) -> Response:
    service: Service = request.app.state.service
    name = request.path_params["name"]
    query = named_queries().get(name)
    if query is None:
        return _error(404, f"no named query {name!r}; see /queries", request)
    params = {k: v for k, v in request.query_params.multi_items() if k != "format"}
    fmt = request.query_params.get("format")
    if fmt is None:
        fmt = "html" if _wants_html(request) else "json"
    if fmt not in (*QUERY_FORMATS, "html"):
        return _error(400, f"unknown format {fmt!r}: use one of {', '.join(QUERY_FORMATS)}")
    if fmt == "html" and any(p not in params for p in query.params):  # the form to fill in first
        from ..results import QueryResult
        return Response(named_page(query, params, QueryResult([], [])), media_type=HTML)
    key = ("named", name, tuple(sorted(params.items())), fmt)
    try:
        return await service.cached(key, _run_named, service, query, params, fmt)
    except ProtocolError as exc:
        return _error(exc.status, exc.message, request if fmt == "html" else None)


def _run_named(service: Service, query, params: dict, fmt: str) -> tuple[bytes, str, dict]:
    try:
        result = service.graph.select(query, params=params)
    except QueryError as exc:
        raise ProtocolError(400, str(exc)) from None
    headers: dict[str, str] = {}
    if len(result.rows) > service.max_rows:
        result.rows = result.rows[: service.max_rows]
        headers["X-KG-Truncated"] = f"only the first {service.max_rows:,} rows (kg serve --max-rows)"
    if fmt == "html":
        return named_page(query, params, result).encode("utf-8"), HTML, headers
    media = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
             "table": "text/plain; charset=utf-8"}[fmt]
    return result.to_string(fmt).encode("utf-8"), media, headers


def named_page(query, params: dict, result) -> str:

    form = "".join(f'<label>{escape(p)} <input name="{escape(p)}" value="{escape(params.get(p, ""))}" '
                   f'placeholder="{escape(d)}" required></label> ' for p, d in query.params.items())
    form = f'<form method="get" action="/queries/{escape(query.name)}">{form}<button type="submit">Run</button></form>' if query.params else ""

    def cell(column: str, v) -> str:
        if isinstance(v, str) and kind_of(v) in PAGE_KINDS:
            return node_link(v, _last(v))
        if column in REPORT_COLUMNS and isinstance(v, str) and v:  # report ids, space-separated
            return " ".join(f'<a href="{escape(report_link(doc))}">{escape(doc)}</a>' for doc in v.split())
        return escape("" if v is None else str(v))

    head = "".join(f"<th>{escape(c)}</th>" for c in result.columns)
    rows = "".join("<tr>" + "".join(f"<td>{cell(c, v)}</td>" for c, v in zip(result.columns, row)) + "</tr>"
                   for row in result.rows)
    qs = "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())
    links = " ".join(f'<a href="/queries/{escape(query.name)}?{escape(qs + "&" if qs else "")}format={f}">{f}</a>' for f in QUERY_FORMATS)
    body = (f"<h1>{escape(query.name)}</h1><p>{escape(query.description)}</p>{form}"
            f"<p>{len(result.rows):,} rows · as {links}</p><table class=\"kg-table\"><tr>{head}</tr>{rows}</table>")
    return layout(query.name, body)


# -- pages ----------------------------------------------------------------------------------------

async def index(request: Request) -> Response:
    service: Service = request.app.state.service
    try:
        return await service.cached(("page", "/"), lambda: (service.site.index(service.graph.stats()).encode(), HTML, {}))
    except ProtocolError as exc:
        return _error(exc.status, exc.message, request)


async def search(request: Request) -> Response:
    service: Service = request.app.state.service
    text = request.query_params.get("q", "")[:200]
    try:
        return await service.cached(("search", text), lambda: (service.site.search(text).encode(), HTML, {}))
    except ProtocolError as exc:
        return _error(exc.status, exc.message, request)


async def node(request: Request) -> Response:
    """A node's page, or its RDF; IRIs of evidence and report graphs lead to the report page."""
    service: Service = request.app.state.service
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("utf-8", "replace").split("?", 1)[0]
    iri = iri_from_path(path)
    kind = kind_of(iri)
    fmt = request.query_params.get("format")
    media = FORMAT_NAMES.get(fmt, fmt) if fmt else negotiate(request.headers.get("accept"), NODE_TYPES)
    if fmt == "html":
        media = "text/html"
    if media is None or (media != "text/html" and media not in GRAPH_TYPES):
        return _error(406, f"a node is served as HTML or RDF: {', '.join(NODE_TYPES)}")
    rest = iri.split("/id/", 1)[1]
    if media != "text/html":
        try:
            return await service.cached(("rdf", iri, media), _rdf, service, iri, media)
        except ProtocolError as exc:
            return _error(exc.status, exc.message)
    if kind == "evidence":  # id/evidence/{doc}/{start}-{end}
        doc, _, span = rest[len("evidence/"):].rpartition("/")
        start, _, end = span.partition("-")
        if start.isdigit() and end.isdigit():
            return RedirectResponse(report_link_raw(doc) + f"#ev-{start}-{end}", status_code=303)
    if kind == "graph":
        return RedirectResponse(report_link_raw(rest[len("graph/"):]), status_code=303)
    render = {"person": service.site.person, "org": service.site.org, "meeting": service.site.meeting,
              "report": service.site.report}.get(kind)
    if render is None:
        try:
            return await service.cached(("page", iri), _generic_page, service, iri)
        except ProtocolError as exc:
            return _error(exc.status, exc.message, request)
    try:
        hit = service.cache.get(("page", iri))
        if hit is not None:
            return Response(hit[0], media_type=HTML)
        page = await service.call(render, iri)
    except ProtocolError as exc:
        return _error(exc.status, exc.message, request)
    if page is None:
        return Response(not_found(f"No {kind} {iri} in this graph."), status_code=404, media_type=HTML)
    body = page.encode("utf-8")
    service.cache.put(("page", iri), body, HTML, {})
    return Response(body, media_type=HTML)


def report_link_raw(doc_segment: str) -> str:
    """The report page of a report IRI's (already IRI-encoded) segment."""
    return "/report/" + quote(doc_segment, safe="/%:@!$&'()*+,;=-._~")


def _rdf(service: Service, iri: str, media: str) -> tuple[bytes, str, dict]:
    import pyoxigraph as ox

    store = service.graph.store
    if kind_of(iri) == "graph":
        fmt = GRAPH_TYPES[media]
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
        body = ox.serialize(quads if fmt.supports_datasets else [q.triple for q in quads], format=fmt) or b""
    else:
        body = describe(store, iri, media)
    if not body.strip():
        raise ProtocolError(404, f"nothing is known about {iri}")
    return body, media + ("; charset=utf-8" if media.startswith("text/") else ""), {"Vary": "Accept"}


def _generic_page(service: Service, iri: str) -> tuple[bytes, str, dict]:

    props = service.site.properties(iri)
    if not props:
        raise ProtocolError(404, f"nothing is known about {iri}")

    def value(v) -> str:
        return node_link(v, _last(v)) if isinstance(v, str) and page_path(v) else escape(str(v))

    rows = "".join(f"<tr><th>{escape(p)}</th><td>{'<br>'.join(value(v) for v in vs)}</td></tr>" for p, vs in props.items())
    body = f'<h1>{escape(_last(iri))}</h1><p class="kg-kindline"><code>{escape(iri)}</code></p><table class="kg-table">{rows}</table>'
    return layout(_last(iri), body).encode(), HTML, {}


def _last(iri: str) -> str:
    """The readable last segment of an IRI (a label for a link)."""
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


async def id_redirect(request: Request) -> Response:
    raw = (request.scope.get("raw_path") or request.url.path.encode()).decode("utf-8", "replace").split("?", 1)[0]
    target = raw[len("/id"):] or "/"
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=303)


async def health(request: Request) -> Response:
    service: Service = request.app.state.service
    return JSONResponse({"status": "ok", "quads": len(service.graph), "graph": str(service.graph.out)})


async def vis_network(request: Request) -> Response:
    from ..views.page import vis_network_js

    return Response(vis_network_js(), media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "max-age=3600"})


class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every response (unless it set its own)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS.items():
                    if k.lower().encode() not in present:
                        headers.append((k.lower().encode(), v.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _missing(request: Request, exc) -> Response:
    return _error(404, f"no such page: {request.url.path}", request)


async def _method(request: Request, exc) -> Response:
    return _error(405, f"{request.method} is not allowed here")


def create_app(graph: GraphStore, *, timeout: float = TIMEOUT, allow_service: bool = False,
               max_rows: int = MAX_ROWS, cache_bytes: int = CACHE_BYTES,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The application serving the open ``graph``.

    ``allowed_hosts``: the host names requests may name (``Host`` header), e.g. only
    ``127.0.0.1`` and ``localhost`` for a server on the loopback address, so that a web page
    cannot reach it under a name of its own (DNS rebinding); ``None``: any.
    """
    static = Path(str(resources.files(__package__).joinpath("static")))
    routes = [
        Route("/", index),
        Route("/health", health),
        Route("/search", search),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries_list),
        Route("/queries/{name}", query_named),
        Route("/static/vis-network.min.js", vis_network),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
        Route("/id/{rest:path}", id_redirect),
        *[Route(f"/{kind}/{{rest:path}}", node) for kind in (*PAGE_KINDS, "evidence", "graph", "role",
                                                              "membership", "participation", "task")],
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: _missing, 405: _method})
    app.state.service = Service(graph, timeout=timeout, allow_service=allow_service, max_rows=max_rows,
                                cache_bytes=cache_bytes)
    return app
