"""What the user is told: closest names for a misspelled query or a name that matches
nothing, the candidates of an ambiguous bare name, the parameters a query takes, and no
CLI flags in errors raised from Python."""
from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from kg.store import GraphStore, MissingParameterError, QueryError



@pytest.fixture(scope="module")
def seeds(seeds_built):
    return seeds_built


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


def test_misspelled_query_name_suggests_the_closest(seeds):
    proc = cli("query", "org-leader", "--graph", seeds)
    assert proc.returncode == 1
    assert "did you mean 'org-leaders'" in proc.stderr and proc.stderr.count("\n") == 1


def test_a_query_without_parameters_says_so(seeds):
    proc = cli("query", "co-attendance", "--graph", seeds, "-p", "person=王东明")
    assert proc.returncode == 1
    assert "it takes no parameters" in proc.stderr and "projection" not in proc.stderr


def test_a_parameter_outside_the_select_clause_is_named(seeds):
    proc = cli("query", "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "--graph", seeds, "-p", "y=1")
    assert proc.returncode == 1
    assert proc.stderr == "kg: query 'sparql' has no variable ?y in its SELECT clause to bind the parameter y to\n"


def test_a_name_that_matches_nothing_gets_the_closest(seeds):
    proc = cli("query", "org-leaders", "--graph", seeds, "-p", "org=甘肃省总工", "-f", "csv")
    assert proc.returncode == 0 and proc.stdout.count("\n") == 1  # the header alone
    assert "no organisation named '甘肃省总工'" in proc.stderr and "closest: 甘肃省总工会" in proc.stderr


def test_an_ambiguous_bare_name_lists_the_candidates(seeds):
    proc = cli("query", "org-leaders", "--graph", seeds, "-p", "org=省总工会", "-f", "csv")
    assert proc.returncode == 0
    assert "names 4 organisations" in proc.stderr
    for name in ("甘肃省总工会", "江苏省总工会", "福建省总工会", "山西省总工会"):
        assert name in proc.stderr


def test_a_full_name_gets_no_note(seeds):
    proc = cli("query", "org-leaders", "--graph", seeds, "-p", "org=甘肃省总工会", "-f", "csv")
    assert proc.returncode == 0 and proc.stderr == ""
    with GraphStore.open(seeds) as store:
        assert store.select("org-leaders", params={"org": "甘肃省总工会"}).notes == []


def test_python_takes_keyword_parameters(seeds):
    rows = kg.query("org-leaders", seeds, org="甘肃省总工会")
    assert rows and {r["organisation"] for r in rows} == {"甘肃省总工会"}


def test_python_errors_speak_of_parameters_not_flags(seeds):
    with pytest.raises(MissingParameterError) as info:
        kg.query("org-leaders", seeds)
    assert "--param" not in str(info.value) and "org=VALUE" in str(info.value)
    assert info.value.missing.keys() == {"org"}
    proc = cli("query", "org-leaders", "--graph", seeds)
    assert "--param org=VALUE" in proc.stderr  # the CLI names its own flag


def test_unknown_keyword_parameter_is_refused(seeds):
    with pytest.raises(QueryError, match="has no parameter year; it takes org"):
        kg.query("org-leaders", seeds, org="甘肃省总工会", year="2020")
