"""User queries never reach the network (unless the user asks) and never crash the engine:
through the real command line, with a real HTTP server on 127.0.0.1 that records every
request it gets (it answers like a SPARQL endpoint, so a call that got through would work).
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.store import GraphStore, QueryError

from .fixtures import built  # noqa: F401 (fixture)

ANSWER = {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://e/remote"}}]}}


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.server.requests.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps(ANSWER).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def endpoint():
    server = Endpoint()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def kg(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=timeout)


def service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{url[:-len('sparql')]}>\nSELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ]


def test_service_is_refused_and_no_request_is_made(built, endpoint):
    for sparql in service_queries(endpoint.url):
        proc = kg("query", sparql, "--graph", built[1], "--timeout", "20")
        assert proc.returncode == 1, sparql
        assert proc.stdout == "" and proc.stderr.count("\n") == 1, proc.stderr
        assert "SERVICE" in proc.stderr and "never reach the network" in proc.stderr
    assert endpoint.requests == []


def test_service_in_a_query_file_is_refused(built, endpoint, tmp_path):
    path = tmp_path / "remote.rq"
    path.write_text(service_queries(endpoint.url)[0], encoding="utf-8")
    proc = kg("query", path, "--graph", built[1])
    assert proc.returncode == 1 and "SERVICE" in proc.stderr
    assert endpoint.requests == []


def test_allow_service_reaches_the_endpoint(built, endpoint):
    """The flag is the only way through: then the (local) endpoint is asked and answers."""
    proc = kg("query", service_queries(endpoint.url)[0], "--graph", built[1], "--allow-service",
              "--format", "csv", "--timeout", "30")
    assert proc.returncode == 0, proc.stderr
    assert "http://e/remote" in proc.stdout
    assert len(endpoint.requests) >= 1


def test_python_api_and_analysis_are_guarded_too(built, endpoint):
    import kg as package

    sparql = service_queries(endpoint.url)[0]
    with pytest.raises(QueryError, match="SERVICE"):
        package.query(sparql, built[1])
    with GraphStore.open(built[1]) as store, pytest.raises(QueryError, match="SERVICE"):
        store.count(sparql)
    ka = pytest.importorskip("kg.analysis")
    with pytest.raises(QueryError, match="SERVICE"):
        ka.frame(sparql, built[1])
    assert endpoint.requests == []


@pytest.mark.parametrize("open_, close", [("{", "}"), ("(", ")")])
def test_deep_nesting_gets_one_line_not_a_crash(built, open_, close):
    """5,000 levels once killed ``kg query`` with a segfault (exit 139)."""
    if open_ == "{":
        sparql = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    else:
        sparql = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }"
    proc = kg("query", sparql, "--graph", built[1])
    assert proc.returncode == 1, proc.returncode
    assert proc.stderr.startswith("kg: query 'sparql': the query nests deeper than")
    assert proc.stderr.count("\n") == 1 and proc.stdout == ""


def test_moderate_nesting_still_runs(built):
    sparql = "SELECT * WHERE " + "{" * 30 + " ?s ?p ?o " + "}" * 30 + " LIMIT 1"
    proc = kg("query", sparql, "--graph", built[1], "--format", "csv")
    assert proc.returncode == 0 and proc.stdout.count("\n") == 2
