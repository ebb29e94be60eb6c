"""The ontology declares every term of our own namespace that the graph uses."""
import re
from pathlib import Path

import rdflib
from rdflib.namespace import RDF

from kg.rdf import ontology_file, quads
from kg.rdf.namespaces import KG

QUERIES = Path(quads.__file__).resolve().parents[1] / "queries"


def ontology():
    return rdflib.Graph().parse(ontology_file("gonghui.ttl"), format="turtle")


def test_terms_written_by_the_quad_writer_are_declared():
    g = ontology()
    declared = {str(s) for s in g.subjects(RDF.type, None) if str(s).startswith(KG)}
    used = {term.strip("<>") for term in quads.K.values()}
    assert used <= declared, sorted(used - declared)


def test_terms_used_in_queries_are_declared():
    g = ontology()
    declared = {str(s)[len(KG):] for s in g.subjects(RDF.type, None) if str(s).startswith(KG)}
    for path in QUERIES.glob("*.rq"):
        used = set(re.findall(r"\bkg:(\w+)", path.read_text(encoding="utf-8")))
        assert used <= declared, (path.name, sorted(used - declared))


def test_shapes_parse():
    shapes = rdflib.Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    assert len(shapes) > 50


def test_terms_of_the_summary_graph_are_declared():
    from kg.rdf import summary

    g = ontology()
    declared = {str(s) for s in g.subjects(RDF.type, None) if str(s).startswith(KG)}
    used = {term.strip("<>") for term in summary._P.values()}
    assert used <= declared, sorted(used - declared)
