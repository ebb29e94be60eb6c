"""kg.guard: SERVICE found by the SPARQL lexical rules, nesting bounded."""
from __future__ import annotations

import pytest

from kg.guard import MAX_DEPTH, QueryRefused, check_query, first_keyword


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }",
    "select * where { service silent <http://e/x> { ?s ?p ?o } }",
    "PREFIX e: <http://e/>\nSELECT * WHERE { ?s ?p ?o . SERVICE e:endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://e/x> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "SELECT * WHERE { # comment\n SERVICE\n<http://e/x> {} }",
])
def test_service_is_refused(sparql):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(sparql)


@pytest.mark.parametrize("sparql", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://e/x>" }',
    "SELECT * WHERE { ?s ?p '''a\nSERVICE b''' }",
    "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
    "PREFIX ex: <http://e/>\nSELECT ?service WHERE { ?service ex:SERVICE ?o } # SERVICE <x>",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
])
def test_service_only_as_a_keyword(sparql):
    check_query(sparql)


def test_service_allowed_when_asked():
    check_query("SELECT * WHERE { SERVICE <http://e/x> { ?s ?p ?o } }", allow_service=True)


def test_deep_nesting_is_refused():
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    with pytest.raises(QueryRefused, match="nests deeper"):
        check_query(deep)
    ok = "SELECT * WHERE " + "{" * MAX_DEPTH + " ?s ?p ?o " + "}" * MAX_DEPTH
    check_query(ok)


def test_braces_in_strings_do_not_count():
    check_query('SELECT * WHERE { ?s ?p "' + "{" * 5000 + '" }')


@pytest.mark.parametrize("sparql, form", [
    ("PREFIX a: <http://a/> BASE <http://b/> select * {}", "SELECT"),
    ("# c\nINSERT DATA {}", "INSERT"),
    ("ASK {}", "ASK"),
])
def test_first_keyword(sparql, form):
    assert first_keyword(sparql) == form
