"""SPARQL over HTTP, without HTTP: a query text in, the serialised result out.

:class:`Endpoint` runs a user's query against the read-only store the way the SPARQL 1.1
Protocol asks (union of the report graphs as the default graph unless the request names
its own dataset), refusing what this service does not do: updates (``INSERT``, ``LOAD``,
``CLEAR`` …), ``SERVICE`` calls to other endpoints (unless allowed) and queries nested deep
enough to crash the engine (:mod:`kg.guard`). Results are serialised by Oxigraph itself.

Row cap: a SELECT result is streamed out as TSV (one solution a line) and cut after
``max_rows`` solutions; the TSV is parsed back and serialised in the format asked for, so
every format is written by the engine's serialisers and nothing is ever held in full.
CONSTRUCT/DESCRIBE triples are capped the same way. The deadline is checked while
results stream; a query that spends its time inside one engine step (a big sort or
aggregate) cannot be interrupted and is abandoned by the caller at the time limit.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), ox.NamedNode("http://e/g")))
>>> Endpoint(store).run("SELECT ?o WHERE { ?s ?p ?o }", "text/csv").body
b'o\\r\\no\\r\\n'
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..guard import QueryRefused, check_query, first_keyword
from ..rdf.namespaces import PREFIXES
from ..store import _syntax_message

#: Result rows (or triples) at most, unless the server is told otherwise.
MAX_ROWS = 100_000

#: The first keywords of SPARQL updates.
UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

#: Media types of SELECT/ASK results, the first the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types of CONSTRUCT/DESCRIBE results (and of node descriptions), the first the default.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: Short names for ``?format=`` (handy in a browser's address bar and for pandas).
FORMAT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
    "ntriples": "application/n-triples", "nq": "application/n-quads", "nquads": "application/n-quads",
    "trig": "application/trig", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}


class ProtocolError(Exception):
    """A request answered with an HTTP error: ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Stop(Exception):
    """Raised inside a serialiser's output to stop it (row cap or deadline)."""


@dataclass
class Result:
    """A serialised query result."""

    body: bytes
    media_type: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    rows: int = 0  # solutions or triples written
    truncated: bool = False  # cut at the row cap
    headers: dict[str, str] = field(default_factory=dict)


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """``(type, q)`` of an Accept header, best first (stable for equal q)."""
    ranges = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        ranges.append((bits[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(t, q) for t, q, _ in ranges if q > 0]


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the Accept header likes best; the first offered for none or
    ``*/*``; ``None`` when the header accepts none of them."""
    if not accept or not accept.strip():
        return offered[0]
    for kind, _ in _media_ranges(accept):
        if kind in ("*/*", "*"):
            return offered[0]
        if kind.endswith("/*"):
            major = kind[:-1]
            for t in offered:
                if t.startswith(major):
                    return t
        elif kind in offered:
            return kind
    return None


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or ``""``."""
    return first_keyword(text)


class _CappedLines:
    """A binary output that keeps the first ``limit`` lines after the header and stops."""

    def __init__(self, limit: int, deadline: float | None, header_lines: int = 1) -> None:
        self.buf = bytearray()
        self.count = 0  # line ends written
        self.limit = limit + header_lines
        self.deadline = deadline
        self.cut = False  # stopped at the row cap
        self.stopped = False  # stopped at the row cap or the deadline

    def write(self, data: bytes) -> int:
        self.buf += data
        self.count += data.count(b"\n")
        if self.count > self.limit:
            self.cut = self.stopped = True
            raise _Stop("row cap")
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stopped = True
            raise _Stop("deadline")
        return len(data)

    def flush(self) -> None:
        pass

    def lines(self) -> bytes:
        """The complete lines kept (header and at most ``limit`` rows)."""
        text = bytes(self.buf)
        if self.cut:
            text = b"".join(text.splitlines(keepends=True)[: self.limit])
        return text


class Endpoint:
    """The SPARQL endpoint over an open (read-only) :class:`pyoxigraph.Store`."""

    def __init__(self, store: ox.Store, *, max_rows: int = MAX_ROWS, allow_service: bool = False) -> None:
        self.store = store
        self.max_rows = max_rows
        self.allow_service = allow_service

    def check(self, text: str) -> str:
        """The query's form; :class:`ProtocolError` for what is not run here."""
        if not text or not text.strip():
            raise ProtocolError(400, "empty query: give the SPARQL text as `query`")
        form = query_form(text)
        if form in UPDATES:
            raise ProtocolError(403, f"SPARQL update ({form}) refused: this endpoint is read-only; "
                                     "only `kg build` writes the graph")
        try:
            check_query(text, allow_service=self.allow_service)
        except QueryRefused as exc:
            raise ProtocolError(403, str(exc)) from None
        return form

    def run(self, text: str, accept: str | None = None, *, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = (), deadline: float | None = None) -> Result:
        """Run query ``text``; the result in the media type ``accept`` likes best.

        ``default_graphs`` / ``named_graphs``: the protocol's ``default-graph-uri`` and
        ``named-graph-uri`` (without them: the union of all graphs is the default graph and
        every graph is a named graph). ``deadline``: a :func:`time.monotonic` time.
        """
        error = None
        try:
            return self._run(text, accept, default_graphs, named_graphs, deadline)
        except ProtocolError as exc:
            error = ProtocolError(exc.status, exc.message)
        # Raised afresh, outside the handler: the first one's traceback holds frames that hold
        # pyoxigraph results, which must be dropped in this thread (they are "unsendable").
        raise error

    def _run(self, text: str, accept: str | None, default_graphs: Sequence[str], named_graphs: Sequence[str],
             deadline: float | None) -> Result:
        form = self.check(text)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        offered = list(GRAPH_TYPES if graph_form else RESULT_TYPES)
        media_type = negotiate(accept, offered)
        if media_type is None:
            kinds = "RDF" if graph_form else "SPARQL results"
            raise ProtocolError(406, f"cannot answer in {accept}: {form or 'this'} query results come as "
                                     f"{kinds}: {', '.join(offered)}")
        kwargs: dict = {"prefixes": PREFIXES}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(_iri(g)) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(_iri(g)) for g in named_graphs]
        try:
            answer = self.store.query(text, **kwargs)
        except SyntaxError as exc:
            raise ProtocolError(400, f"malformed query: {_syntax_message(str(exc), text)}") from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise ProtocolError(500, f"query failed: {_one_line(exc)}") from None
        try:
            if isinstance(answer, ox.QueryBoolean):
                body = answer.serialize(format=RESULT_TYPES[media_type])
                return Result(body, _with_charset(media_type), "ASK", 1)
            if isinstance(answer, ox.QuerySolutions):
                return self._solutions(answer, media_type, form or "SELECT", deadline)
            return self._triples(answer, media_type, form, deadline)
        finally:
            del answer  # pyoxigraph results are dropped in the thread that made them

    def _solutions(self, solutions: ox.QuerySolutions, media_type: str, form: str,
                   deadline: float | None) -> Result:
        out = _CappedLines(self.max_rows, deadline)
        try:
            solutions.serialize(out, format=ox.QueryResultsFormat.TSV)
        except (_Stop, OSError, ValueError, RuntimeError) as exc:  # _Stop may come back wrapped
            if not out.stopped:  # e.g. a SERVICE that cannot be reached
                raise ProtocolError(500, f"query failed: {_one_line(exc)}") from None
        _check_deadline(deadline)
        tsv = out.lines()
        rows = max(0, tsv.count(b"\n") - 1)
        fmt = RESULT_TYPES[media_type]
        if fmt == ox.QueryResultsFormat.TSV:
            body = tsv
        else:
            body = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
        return Result(body, _with_charset(media_type), form, rows, out.cut)

    def _triples(self, triples, media_type: str, form: str, deadline: float | None) -> Result:
        kept, cut = [], False
        try:
            for i, triple in enumerate(triples):
                if i >= self.max_rows:
                    cut = True
                    break
                if deadline is not None and i % 1024 == 0:
                    _check_deadline(deadline)
                kept.append(triple)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ProtocolError(500, f"query failed: {_one_line(exc)}") from None
        fmt = GRAPH_TYPES[media_type]
        body = ox.serialize(kept, format=fmt, prefixes=_prefixes(fmt)) or b""
        return Result(body, _with_charset(media_type), form, len(kept), cut)


def describe(store: ox.Store, iri: str, media_type: str) -> bytes:
    """RDF about one node: what every report graph says about it and what points at it.

    Turtle, N-Triples, JSON-LD and RDF/XML get the union (each triple once); TriG and
    N-Quads keep the report graphs.
    """
    node = ox.NamedNode(iri)
    fmt = GRAPH_TYPES[media_type]
    quads = list(dict.fromkeys([*store.quads_for_pattern(node, None, None),
                                *store.quads_for_pattern(None, None, node)]))
    if fmt.supports_datasets:
        return ox.serialize(quads, format=fmt, prefixes=_prefixes(fmt)) or b""
    triples = list(dict.fromkeys(q.triple for q in quads))
    return ox.serialize(triples, format=fmt, prefixes=_prefixes(fmt)) or b""


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return {k: v for k, v in PREFIXES.items() if k != "id"}
    return None


def _iri(text: str) -> str:
    try:
        return ox.NamedNode(text).value
    except ValueError:
        raise ProtocolError(400, f"not an IRI: {text[:200]!r}") from None


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise ProtocolError(503, "the query ran past the time limit")


def _with_charset(media_type: str) -> str:
    if media_type.startswith("text/") or media_type.endswith(("json", "xml", "trig", "n-quads", "n-triples")):
        return media_type + "; charset=utf-8"
    return media_type


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:300] + "…"
