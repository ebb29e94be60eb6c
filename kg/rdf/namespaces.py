"""Namespace IRIs, as plain strings (the quad writer formats N-Quads text directly)."""
from __future__ import annotations

BASE = "https://w3id.org/gonghui-kg/"
KG = BASE + "ns#"  # own vocabulary (ontology/gonghui.ttl)
ID = BASE + "id/"  # minted resources (kg.rdf.iris)

ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
TIME = "http://www.w3.org/2006/time#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes for TriG output and for SPARQL text that does not declare its own.
PREFIXES: dict[str, str] = {
    "kg": KG,
    "id": ID,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "foaf": FOAF,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "time": TIME,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}

#: Prefixes for TriG output: minted IRIs are written in full, which reads better than ``id:a\/b``.
TRIG_PREFIXES: dict[str, str] = {k: v for k, v in PREFIXES.items() if k != "id"}
