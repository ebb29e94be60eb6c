"""Queries on untrusted input: malformed SPARQL gets a clear one-line error (no traceback),
``--timeout`` stops a slow query, and nothing but ``kg build`` writes to a graph."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import GraphStore, QueryError

from .fixtures import built  # noqa: F401 (fixture)

#: Three-way cross product of all triples with a regex on each: minutes on the test graph.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        "FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i)), \"x{50}\")) }")
INSERT = "INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> \"injected\" } }"
UPDATES = [
    INSERT,
    "DELETE WHERE { ?s ?p ?o }",
    "# a comment\nPREFIX ex: <http://e/>\n delete data { ex:s ex:p ex:o }",
    "WITH <http://e/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
    "LOAD <http://example.org/data.ttl>",
    "CREATE GRAPH <http://e/g>",
    "COPY DEFAULT TO <http://e/g>",
    "INSERT DATA { <http://e/s> <http://e/p> 1 } ; SELECT * WHERE { ?s ?p ?o }",
]


def kg(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, check=False,
                          timeout=timeout)


def fingerprint(out: Path) -> dict[str, tuple[str, int]]:
    """Every file of a build output: content hash and modification time."""
    return {str(p.relative_to(out)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("sparql", [
    "SELECT ?x WHERE { ?x ?y }",
    "SELECT ?x WHERE { ?x nope:p ?y }",
    "SELECT ?x WHERE { ?x ?p \"unterminated }",
    "SELECT ?x WHERE { ?x ?p ?o } GROUP BY",
])
def test_malformed_sparql_gets_one_clear_line(built, sparql):
    proc = kg("query", sparql, "--graph", built[1])
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("kg: malformed SPARQL") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_unknown_prefix_is_named(built):
    with GraphStore.open(built[1]) as store, pytest.raises(QueryError, match="unknown prefix nope: .*known: kg:"):
        store.select("SELECT ?x WHERE { ?x nope:p ?y }")


def test_timeout_stops_a_slow_query(built):
    start = time.perf_counter()
    proc = kg("query", SLOW, "--graph", built[1], "--timeout", "0.3")
    assert time.perf_counter() - start < 30  # the process ends although the query would run on
    assert proc.returncode == 1
    assert proc.stderr == "kg: query 'sparql' ran past the timeout of 0.3 s\n"


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_timeout_must_be_a_positive_number(built, capsys, value):
    with pytest.raises(SystemExit) as info:
        main(["query", "memberships", "--graph", str(built[1]), "--timeout", value])
    assert info.value.code == 2
    assert "--timeout" in capsys.readouterr().err


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(built, update):
    with GraphStore.open(built[1]) as store, pytest.raises(QueryError, match="update|malformed"):
        store.select(update)


def test_update_through_the_cli_is_refused_and_the_graph_unchanged(built):
    out = built[1]
    before = fingerprint(out)
    proc = kg("query", INSERT, "--graph", out)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr == ("kg: 'sparql' is a SPARQL update (INSERT): the graph is read-only here; "
                           "only `kg build` writes it\n")
    assert fingerprint(out) == before
    with GraphStore.open(out) as store:
        assert store.select('SELECT ?s WHERE { ?s ?p "injected" }').rows == []


def test_reading_commands_leave_the_output_untouched(built, tmp_path):
    out = built[1]
    before = fingerprint(out)
    for args in (["query", "memberships"], ["query", "org-leaders", "--param", "org=甘肃省总工会", "-f", "json"],
                 ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "--timeout", "10"], ["stats"], ["validate"]):
        proc = kg(*args, "--graph", out)
        assert proc.returncode == 0, proc.stderr
    assert fingerprint(out) == before


def test_a_service_call_is_refused_in_one_clear_line(built):
    """SERVICE is refused before the engine runs the query: no network, one line."""
    sparql = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    for extra in ([], ["--timeout", "20"]):
        proc = kg("query", sparql, "--graph", built[1], *extra)
        assert proc.returncode == 1
        assert proc.stderr.startswith("kg: query 'sparql': SERVICE") and proc.stderr.count("\n") == 1, proc.stderr


def test_a_damaged_output_gets_a_clear_message(built, tmp_path):
    """A store or graph.trig overwritten by something else: one line, no traceback."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built[1], out)
    (out / "store" / "CURRENT").write_text("<!DOCTYPE html>\n")
    (out / "graph.trig").write_text("<!DOCTYPE html>\n<html><p>not a graph</p></html>\n")
    for args in (["query", "memberships"], ["stats"], ["validate"]):
        proc = kg(*args, "--graph", out)
        assert proc.returncode == 1, args
        assert "Traceback" not in proc.stderr
        last = proc.stderr.strip().splitlines()[-1]
        assert last.startswith("kg: cannot ") and "kg build" in last
