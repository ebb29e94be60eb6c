"""The HTTP side (Starlette's test client, no sockets): SPARQL protocol, refusals with their
status codes, named queries, pages with evidence, node IRIs as pages or RDF, escaping."""
import csv
import io
import json
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from kg.rdf import iris
from kg.serve.pages import page_path
from kg.store import GraphStore

from .conftest import EVIL_NAME, EVIL_ORG

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


def count(response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_query_give_the_same_answer(seeds_app, seeds_graph):
    with GraphStore.open(seeds_graph) as store:
        quads = len(store)
    got = [seeds_app.get("/sparql", params={"query": COUNT}, headers={"Accept": JSON}),
           seeds_app.post("/sparql", data={"query": COUNT}, headers={"Accept": JSON}),
           seeds_app.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query",
                                                                          "Accept": JSON})]
    for r in got:
        assert r.status_code == 200 and r.headers["content-type"].startswith(JSON)
        assert count(r) == quads  # the default graph is the union of the report graphs


def test_named_graphs_and_dataset_parameters(seeds_app, seeds_graph):
    graph = iris.graph_iri("000_a2555f264f607b4b")
    inside = seeds_app.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    chosen = seeds_app.get("/sparql", params={"query": COUNT, "default-graph-uri": graph})
    assert count(inside) == count(chosen) > 0
    assert count(chosen) < count(seeds_app.get("/sparql", params={"query": COUNT}))


@pytest.mark.parametrize("accept, check", [
    ("text/csv", lambda t: t.splitlines()[0] == "n"),
    ("text/tab-separated-values", lambda t: t.splitlines()[0] == "?n"),
    ("application/sparql-results+xml", lambda t: "<sparql" in t),
])
def test_select_formats(seeds_app, accept, check):
    r = seeds_app.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept) and check(r.text)
    assert r.headers["vary"] == "Accept"


def test_construct_as_turtle_and_json_ld(seeds_app):
    q = "CONSTRUCT { ?o skos:prefLabel ?l } WHERE { ?o a org:Organization ; skos:prefLabel ?l }"
    ttl = seeds_app.get("/sparql", params={"query": q}, headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))
    assert triples and {t.predicate.value for t in triples} == {"http://www.w3.org/2004/02/skos/core#prefLabel"}
    ld = seeds_app.get("/sparql", params={"query": q, "format": "jsonld"})
    assert len(list(ox.parse(ld.content, format=ox.RdfFormat.JSON_LD))) == len(set(triples))


@pytest.mark.parametrize("how, status, words", [
    (dict(params={"query": "INSERT DATA { <http://e/s> <http://e/p> 1 }"}), 403, "read-only"),
    (dict(params={"query": "LOAD <http://example.org/x.ttl>"}), 403, "LOAD"),
    (dict(params={"query": "CLEAR DEFAULT"}), 403, "CLEAR"),
    (dict(params={"update": "CLEAR ALL"}), 403, "read-only"),
    (dict(method="POST", data={"update": "DROP ALL"}), 403, "read-only"),
    (dict(method="POST", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}), 403, "read-only"),
    (dict(params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}), 403, "SERVICE"),
    (dict(params={"query": "SELECT * WHERE { ?s ?p }"}), 400, "malformed query: error at 1:"),
    (dict(params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "image/png"}), 406, "image/png"),
    (dict(method="POST", content=b"x", headers={"Content-Type": "text/plain"}), 415, "application/sparql-query"),
    (dict(), 400, "no query"),
    (dict(method="POST", content=b"#" * (1 << 20) + b"\nSELECT * {}", headers={"Content-Type": "application/sparql-query"}),
     413, "more than"),
    (dict(method="PUT"), 405, "PUT"),
])
def test_refusals_have_status_codes_and_one_line_reasons(seeds_app, how, status, words):
    how = dict(how)
    method = how.pop("method", "GET")
    r = seeds_app.request(method, "/sparql", **how)
    assert r.status_code == status, r.text
    assert words in r.text and r.text.count("\n") <= 1
    assert r.headers["content-type"].startswith("text/plain")


def test_the_row_cap_is_said_in_a_header(seeds_app):
    r = seeds_app.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and "X-KG-Truncated" in r.headers
    assert len(list(csv.reader(io.StringIO(r.text)))) == 1 + 1000  # the app's max_rows


def test_named_queries_over_http_match_kg_query(seeds_app, seeds_graph):
    listing = seeds_app.get("/queries", headers={"Accept": "application/json"}).json()
    assert {"memberships", "org-leaders"} <= {q["name"] for q in listing}
    with GraphStore.open(seeds_graph) as store:
        expected = store.select("org-leaders", params={"org": "甘肃省总工会"}).to_string("csv")
    r = seeds_app.get("/queries/org-leaders", params={"org": "甘肃省总工会", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text == expected and expected.count("\n") > 3
    assert seeds_app.get("/queries/org-leaders", params={"org": "甘肃省总工会", "format": "json"}).json() == \
        json.loads(GraphStore.open(seeds_graph).select("org-leaders", params={"org": "甘肃省总工会"}).to_string("json"))


@pytest.mark.parametrize("path, params, status, words", [
    ("/queries/nope", {}, 404, "no named query"),
    ("/queries/org-leaders", {"format": "csv"}, 400, "needs the parameter org=VALUE"),
    ("/queries/memberships", {"who": "x", "format": "csv"}, 400, "has no parameter who; it takes no parameters"),  # as kg query says
    ("/queries/org-leaders", {"org": "x", "who": "y", "format": "csv"}, 400, "has no parameter who"),
    ("/queries/memberships", {"format": "xlsx"}, 400, "unknown format"),
])
def test_named_query_errors(seeds_app, path, params, status, words):
    r = seeds_app.get(path, params=params)
    assert r.status_code == status and words in r.text


def test_a_node_iri_is_a_page_for_browsers_and_turtle_for_clients(seeds_app):
    iri = iris.org_iri("甘肃省总工会")
    path = page_path(iri)
    page = seeds_app.get(path, headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "甘肃省总工会" in page.text
    ttl = seeds_app.get(path, headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    triples = [q.triple for q in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE)]
    assert ox.Triple(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                     ox.Literal("甘肃省总工会")) in triples
    assert any(t.object == ox.NamedNode(iri) for t in triples)  # what points at it (memberships)
    # the readable path, as typed into an address bar, is the same node; /id/… redirects
    assert seeds_app.get("/org/" + quote("甘肃省总工会")).text == page.text
    r = seeds_app.get("/id/org/" + quote("甘肃省总工会"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/org/" + quote("甘肃省总工会")
    assert seeds_app.get("/org/" + quote("没有这个组织")).status_code == 404
    assert seeds_app.get("/org/" + quote("没有这个组织"), headers={"Accept": "text/turtle"}).status_code == 404


def test_person_page_lists_facts_with_evidence(seeds_app, seeds_graph):
    with GraphStore.open(seeds_graph) as store:
        career = store.select("person-career", params={"person": "吴明明"}).as_dicts()
        (iri,) = {r["p"] for r in store.select('SELECT DISTINCT ?p WHERE { ?p foaf:name "吴明明" }').as_dicts()}
    page = seeds_app.get(page_path(iri)).text
    for row in career:
        assert row["org"] in page and row["role"] in page
    assert 'class="kg-ev" href="/report/000_a2555f264f607b4b#ev-' in page
    assert 'id="kg-network-data"' in page and "/static/vis-network.min.js" in page


def test_report_page_highlights_every_fact_span(seeds_app, seeds_graph):
    from kg.ingest import read_document
    from .test_pages import _Marks

    with GraphStore.open(seeds_graph) as store:
        spans = store.select("SELECT DISTINCT ?s ?e WHERE { GRAPH ?g { ?f prov:wasDerivedFrom ?r ; kg:evidence ?x . "
                             "?x kg:start ?s ; kg:end ?e . ?r kg:docId '001_ac586d23a11af82c' } }").rows
        file = store.select("SELECT ?f WHERE { ?r kg:docId '001_ac586d23a11af82c' ; kg:file ?f }").rows[0][0]
    original = read_document(file).original
    page = seeds_app.get("/report/001_ac586d23a11af82c").text
    text = page.split('<div id="kg-text" class="kg-text" lang="zh">', 1)[1].split("</div>", 1)[0]
    p = _Marks()
    p.feed(text)
    assert "".join(p.text) == original
    assert spans and {a for a, _ in p.anchors} == {f"ev-{s}-{e}" for s, e in spans}
    assert "/static/report.js" in page


def test_search_finds_people_orgs_and_meetings(seeds_app):
    page = seeds_app.get("/search", params={"q": "吴明明"}).text
    assert 'class="kg-node kg-person" href="/person/' in page
    assert 'class="kg-node kg-person" href="/person/' in seeds_app.get("/search", params={"q": "吳明明"}).text  # Traditional
    assert "kg-node kg-org" in seeds_app.get("/search", params={"q": "总工会"}).text
    assert "kg-node kg-meeting" in seeds_app.get("/search", params={"q": "会议"}).text


def test_every_response_has_the_content_security_policy(seeds_app):
    for path in ("/", "/sparql", "/search?q=x", "/queries", "/static/site.css", "/nope"):
        csp = seeds_app.get(path, headers={"Accept": "text/html"}).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp


def test_the_query_page_is_yasgui_with_the_named_queries(seeds_app):
    page = seeds_app.get("/sparql", headers={"Accept": "text/html"}).text
    assert "/static/yasgui.min.js" in page and 'data-name="memberships"' in page
    assert seeds_app.get("/static/yasgui.min.js").status_code == 200
    assert "MIT" in seeds_app.get("/static/yasgui-LICENSES.txt").text


def test_markup_from_reports_is_escaped(evil_app):
    pages = [evil_app.get(p).text for p in ("/report/evil", "/search?q=" + quote("总工会"), "/search?q=" + quote("<img"))]
    person = evil_app.get("/search", params={"q": EVIL_NAME}).text
    link = person.split('class="kg-node kg-person" href="', 1)[1].split('"', 1)[0]
    pages.append(evil_app.get(link.replace("&amp;", "&")).text)
    org = page_path(iris.org_iri(EVIL_ORG))
    pages.append(evil_app.get(org).text)
    for page in pages:
        assert "<img src=x" not in page and "<svg onload" not in page and "<b onmouseover" not in page
        assert page.count("<script") == page.count("<script src=") + page.count('<script type="application/json"')
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[-2]
    assert "主席&lt;/script&gt;" in pages[-2]
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in pages[0]


def test_a_named_query_in_a_browser_is_a_table_with_links(seeds_app):
    page = seeds_app.get("/queries/memberships", headers={"Accept": "text/html"}).text
    assert '<a href="/report/000_a2555f264f607b4b">000_a2555f264f607b4b</a>' in page
    form = seeds_app.get("/queries/org-leaders", headers={"Accept": "text/html"})
    assert form.status_code == 200 and '<input name="org"' in form.text  # parameters to fill in first
