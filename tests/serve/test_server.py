"""``kg serve`` as a process on a loopback port: real SPARQL clients, pandas, a clean stop."""
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pandas as pd
import pytest

from kg.store import GraphStore

from ..conftest import ROOT
from .conftest import Server


def test_sparqlwrapper_gets_the_rows_of_kg_query(server, seeds_graph):
    from SPARQLWrapper import JSON, SPARQLWrapper

    from kg.queries import named_queries

    with GraphStore.open(seeds_graph) as store:
        expected = store.select("memberships")
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(named_queries()["memberships"].text)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer["head"]["vars"] == expected.columns
    rows = [tuple(b[c]["value"] for c in expected.columns) for b in answer["results"]["bindings"]]
    assert rows == expected.rows and len(rows) > 20


def test_rdflib_sparqlstore_reads_the_union_graph(server, seeds_graph):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    with GraphStore.open(seeds_graph) as store:
        expected = {r["org"] for r in store.select("memberships").as_dicts()}
    remote = SPARQLStore(server.url + "sparql", returnFormat="json")
    got = {str(row[0]) for row in remote.query(
        "SELECT DISTINCT ?name WHERE { ?m a org:Membership ; org:organization/skos:prefLabel ?name }",
        initNs={"org": "http://www.w3.org/ns/org#", "skos": "http://www.w3.org/2004/02/skos/core#"})}
    assert got == expected


def test_pandas_reads_a_named_query_as_csv(server, seeds_graph):
    with GraphStore.open(seeds_graph) as store:
        expected = store.select("org-leaders", params={"org": "甘肃省总工会"})
    frame = pd.read_csv(server.url + "queries/org-leaders?org=" + quote("甘肃省总工会") + "&format=csv")
    assert list(frame.columns) == expected.columns
    assert len(frame) == len(expected) > 3
    assert list(frame["person"]) == [r["person"] for r in expected.as_dicts()]
    frame = pd.read_csv(server.url + "sparql?format=csv&query=" + quote("SELECT ?doc WHERE { ?r kg:docId ?doc } ORDER BY ?doc"))
    assert list(frame["doc"]) == sorted(frame["doc"]) and len(frame) == 5


def test_refusals_over_the_wire(server):
    for url, status in ((server.url + "sparql?query=" + quote("CLEAR ALL"), 403),
                        (server.url + "sparql?query=" + quote("SELECT * {"), 400),
                        (server.url + "queries/nope", 404)):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url, timeout=30)
        assert info.value.code == status
        info.value.close()


def test_only_requests_for_the_loopback_names_are_served(server):
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(server.url)
    for host, status in (("attacker.example", 400), ("localhost", 200), (u.netloc, 200)):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        conn.request("GET", "/health", headers={"Host": host})
        assert conn.getresponse().status == status, host
        conn.close()


def test_a_slow_query_is_cut_at_the_time_limit(seeds_graph):
    srv = Server(seeds_graph, "--timeout", "1")
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        t0 = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(srv.url + "sparql?query=" + quote(slow), timeout=60)
        assert info.value.code == 503 and b"time limit of 1 s" in info.value.read()
        info.value.close()
        assert time.monotonic() - t0 < 10
        with urllib.request.urlopen(srv.url + "health", timeout=30) as r:  # still serving
            assert r.status == 200
    finally:
        assert srv.stop() == 0  # stops even with the abandoned query still running


def test_ctrl_c_stops_it_cleanly(seeds_graph):
    import signal

    srv = Server(seeds_graph)
    with urllib.request.urlopen(srv.url + "health", timeout=30) as r:
        assert r.status == 200
    srv.proc.send_signal(signal.SIGINT)
    assert srv.proc.wait(15) == 0
    assert "stopped" in srv.proc.stdout.read()
    srv.stop()


def test_a_public_address_gets_a_warning(seeds_graph):
    # 192.0.2.1 (TEST-NET-1) is not this machine's: the warning comes, then the bind fails
    from pathlib import Path
    nonlocal_bind = Path("/proc/sys/net/ipv4/ip_nonlocal_bind")
    if nonlocal_bind.is_file() and nonlocal_bind.read_text().strip() != "0":
        pytest.skip("this machine lets a socket bind any address (net.ipv4.ip_nonlocal_bind)")
    p = subprocess.run([sys.executable, "-m", "kg", "serve", "--graph", str(seeds_graph), "--host", "192.0.2.1",
                        "--port", "0"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "warning: listening on 192.0.2.1" in p.stderr and "cannot listen on 192.0.2.1" in p.stderr


def test_no_graph_is_a_clear_message(tmp_path):
    p = subprocess.run([sys.executable, "-m", "kg", "serve", "--graph", str(tmp_path / "none"), "--port", "0"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "no graph in" in p.stderr and "kg build" in p.stderr
