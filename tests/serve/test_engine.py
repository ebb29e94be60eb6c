"""kg.serve.engine: the SPARQL endpoint without HTTP — forms, formats, refusals, row cap, datasets."""
import csv
import io
import json

import pyoxigraph as ox
import pytest

from kg.serve.engine import Endpoint, ProtocolError, describe, negotiate

EX = "http://example.org/"
G1, G2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")


@pytest.fixture
def store():
    s = ox.Store()
    for g, name in ((G1, "甲"), (G2, "乙")):
        for i in range(5):
            s.add(ox.Quad(ox.NamedNode(f"{EX}{g.value[-2:]}/s{i}"), ox.NamedNode(EX + "name"), ox.Literal(f"{name}{i}"), g))
    return s


def run(store, query, accept=None, **kw):
    return Endpoint(store, **kw).run(query, accept)


def test_the_default_graph_is_the_union_of_the_report_graphs(store):
    result = run(store, "SELECT ?o WHERE { ?s ?p ?o }", "application/sparql-results+json")
    values = {b["o"]["value"] for b in json.loads(result.body)["results"]["bindings"]}
    assert values == {f"{n}{i}" for n in "甲乙" for i in range(5)}


def test_named_graphs_stay_addressable(store):
    result = run(store, f"SELECT ?o WHERE {{ GRAPH <{G2.value}> {{ ?s ?p ?o }} }}", "text/csv")
    assert sorted(result.body.decode().split()) == ["o"] + [f"乙{i}" for i in range(5)]


def test_default_graph_uri_chooses_the_dataset(store):
    result = Endpoint(store).run("SELECT ?o WHERE { ?s ?p ?o }", "text/csv", default_graphs=[G1.value])
    assert sorted(result.body.decode().split()[1:]) == [f"甲{i}" for i in range(5)]


@pytest.mark.parametrize("accept, media, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["o"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b.startswith(b"<?xml")),
    ("text/csv", "text/csv", lambda b: next(csv.reader(io.StringIO(b.decode()))) == ["o"]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.split(b"\n")[0] == b"?o"),
    (None, "application/sparql-results+json", lambda b: "results" in json.loads(b)),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json", lambda b: "results" in json.loads(b)),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
])
def test_select_results_by_content_negotiation(store, accept, media, check):
    result = run(store, "SELECT ?o WHERE { ?s ?p ?o }", accept)
    assert result.media_type.split(";")[0] == media and result.rows == 10
    assert check(result.body)


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", ox.RdfFormat.TRIG), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_results_parse_back(store, accept, fmt):
    result = run(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept)
    assert result.form == "CONSTRUCT" and result.rows == 10
    assert len(list(ox.parse(result.body, format=fmt))) == 10


def test_describe_and_ask(store):
    result = run(store, f"DESCRIBE <{EX}g1/s0>", "application/n-triples")
    assert result.form == "DESCRIBE" and b"\xe7\x94\xb20" in result.body  # 甲0
    assert json.loads(run(store, "ASK { ?s ?p '乙3' }").body)["boolean"] is True
    assert json.loads(run(store, "ASK { ?s ?p '丙' }").body)["boolean"] is False


@pytest.mark.parametrize("query, status, words", [
    ("INSERT DATA { <http://e/s> <http://e/p> 1 }", 403, "read-only"),
    ("PREFIX e: <http://e/>\nDELETE WHERE { ?s ?p ?o }", 403, "DELETE"),
    ("LOAD <http://example.org/data.ttl>", 403, "LOAD"),
    ("CLEAR ALL", 403, "CLEAR"),
    ("DROP GRAPH <http://e/g>", 403, "DROP"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("SELECT * WHERE " + "{ " * 100 + "?s ?p ?o" + " }" * 100, 403, "nests deeper"),
    ("SELECT * WHERE { ?s ?p }", 400, "error at 1:"),
    ("SELECT ?x WHERE { ?x nope:thing ?y }", 400, "unknown prefix nope:"),
    ("   ", 400, "empty query"),
])
def test_refusals(store, query, status, words):
    with pytest.raises(ProtocolError) as info:
        run(store, query)
    assert info.value.status == status and words in info.value.message
    assert "\n" not in info.value.message


def test_service_is_refused_unless_allowed(store):
    # allowed: the guard lets it through to the engine, which then fails to reach the
    # (closed) local port: an error of the query, not a refusal
    with pytest.raises(ProtocolError) as info:
        run(store, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", allow_service=True)
    assert info.value.status == 500 and "refused: queries here" not in info.value.message


def test_an_unacceptable_format_is_406(store):
    with pytest.raises(ProtocolError) as info:
        run(store, "SELECT * WHERE { ?s ?p ?o }", "image/png")
    assert info.value.status == 406
    with pytest.raises(ProtocolError) as info:
        run(store, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert info.value.status == 406


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml",
                                    "text/tab-separated-values"])
def test_the_row_cap_cuts_select_results(store, accept):
    result = run(store, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o", accept, max_rows=3)
    assert result.truncated and result.rows == 3
    if accept == "text/csv":
        values = [row[1] for row in csv.reader(io.StringIO(result.body.decode()))][1:]
    else:
        back = ox.parse_query_results(result.body, format=ox.QueryResultsFormat.from_media_type(accept))
        values = [s["o"].value for s in back]
    assert values == ["乙0", "乙1", "乙2"]
    full = run(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", accept, max_rows=10)
    assert not full.truncated and full.rows == 10


def test_the_row_cap_cuts_construct_results(store):
    result = run(store, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples", max_rows=4)
    assert result.truncated and len(list(ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES))) == 4


def test_a_query_past_its_deadline_is_stopped(store):
    for i in range(3000):
        store.add(ox.Quad(ox.NamedNode(f"{EX}x{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), G1))
    import time
    with pytest.raises(ProtocolError) as info:
        Endpoint(store, max_rows=10**9).run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv",
                                            deadline=time.monotonic() + 0.2)
    assert info.value.status == 503


def test_describe_a_node_keeps_or_merges_the_graphs(store):
    node = f"{EX}g1/s0"
    store.add(ox.Quad(ox.NamedNode(node), ox.NamedNode(EX + "name"), ox.Literal("甲0"), G2))  # said twice
    turtle = describe(store, node, "text/turtle")
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == 1
    assert len(list(ox.parse(describe(store, node, "application/n-quads"), format=ox.RdfFormat.N_QUADS))) == 2


@pytest.mark.parametrize("accept, offered, chosen", [
    ("", ["a/b", "c/d"], "a/b"),
    ("c/d", ["a/b", "c/d"], "c/d"),
    ("c/*;q=0.9, a/b;q=0.1", ["a/b", "c/d"], "c/d"),
    ("x/y", ["a/b"], None),
    ("a/b;q=0", ["a/b"], None),
])
def test_negotiate(accept, offered, chosen):
    assert negotiate(accept, offered) == chosen


def test_errors_hold_no_engine_results(store):
    """pyoxigraph results must be dropped in the thread that made them: an error handed to
    another thread (the server's event loop) must not keep them alive through its traceback."""
    import gc
    import threading
    import time
    import warnings

    for i in range(3000):
        store.add(ox.Quad(ox.NamedNode(f"{EX}y{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), G1))
    box = {}

    def work():
        try:
            Endpoint(store, max_rows=10**9).run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv",
                                                deadline=time.monotonic() + 0.2)
        except ProtocolError as exc:
            box["error"] = exc

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert box["error"].status == 503
    unraisable = []
    old_hook = __import__("sys").unraisablehook
    __import__("sys").unraisablehook = unraisable.append
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            del box  # would drop the solutions here, in the wrong thread
            gc.collect()
    finally:
        __import__("sys").unraisablehook = old_hook
    assert unraisable == []
