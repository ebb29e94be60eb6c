"""From facts to RDF: namespaces, IRI minting, person identity, N-Quads of each report's graph."""
from __future__ import annotations

from .identity import ReportPeople, resolve_people
from .namespaces import PREFIXES
from .ontology import ontology_file
from .quads import report_quads, report_triples

__all__ = ["PREFIXES", "ReportPeople", "ontology_file", "report_quads", "report_triples", "resolve_people"]
