"""What a name given as a query parameter refers to in the graph: nothing (with the closest
names), one node, or several (an ambiguous bare name, with the candidates).

A parameter is looked up by its name: ``org`` among organisations' labels (canonical and
aliases), ``person`` among people's names. A value written ``<IRI>`` names one node and is
not looked up.

>>> closest("甘肃省总工", ["甘肃省总工会", "福建省总工会", "甘肃省委"])
['甘肃省总工会', '甘肃省委', '福建省总工会']
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import pyoxigraph as ox

from .rdf.namespaces import FOAF, ID, SKOS
from .rdf.summary import SUMMARY_GRAPH

#: parameter name -> (what it names, SPARQL giving ``?node ?label ?canonical``; with ``?label``
#: bound, the nodes of that label; unbound, every candidate).
LOOKUPS = {
    "org": ("organisation", f"""
        SELECT DISTINCT ?node ?label ?canonical WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
          {{ ?node <{SKOS}prefLabel> ?label }} UNION {{ ?node <{SKOS}altLabel> ?label }}
          LATERAL {{ ?node <{SKOS}prefLabel> ?canonical FILTER(STRSTARTS(STR(?node), "{ID}org/")) }}
        }} }}"""),
    "person": ("person", f"""
        SELECT DISTINCT ?node ?label ?canonical WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
          ?node <{FOAF}name> ?label . BIND(?label AS ?canonical)
        }} }}"""),
}
# Read from the summary graph (kg.rdf.summary: every organisation and person once): in the
# union of the report graphs a popular organisation's labels match once per report naming it.
# LATERAL: the canonical label of each node found (a join would match every label first).


@dataclass(frozen=True)
class Lookup:
    """The nodes a parameter value names, and the closest labels when it names none."""

    param: str
    value: str
    what: str
    nodes: tuple[tuple[str, str], ...]  # (node IRI, canonical label)
    closest: tuple[str, ...] = ()

    def note(self) -> str:
        """One line for the user, or "" when the value names exactly one node."""
        if not self.nodes:
            hint = f"; closest: {', '.join(self.closest)}" if self.closest else ""
            return f"no {self.what} named {self.value!r} in the graph{hint}"
        canonical = sorted({label for _, label in self.nodes})
        if self.param == "org" and len(canonical) > 1:
            return (f"{self.value!r} names {len(canonical)} organisations, whose rows are mixed: "
                    f"{', '.join(canonical)} (give a full name to choose one)")
        if self.param == "person" and len(self.nodes) > 1:
            return (f"{len(self.nodes)} people are named {self.value!r} (namesakes): the rows of each "
                    "have their own id")
        return ""


def closest(value: str, labels, n: int = 5) -> list[str]:
    """Up to ``n`` labels most like ``value`` (difflib's ratio), best first."""
    return difflib.get_close_matches(value, sorted(set(labels)), n=n, cutoff=0.4)


def lookup(store: ox.Store, param: str, value: str) -> Lookup | None:
    """What ``value`` of parameter ``param`` names; ``None`` for parameters that name no node."""
    if param not in LOOKUPS or (value.startswith("<") and value.endswith(">")):
        return None
    what, sparql = LOOKUPS[param]
    rows = store.query(sparql, use_default_graph_as_union=True,
                       substitutions={ox.Variable("label"): ox.Literal(value)})
    nodes = tuple(sorted({(row["node"].value, row["canonical"].value) for row in rows}))
    if nodes:
        return Lookup(param, value, what, nodes)
    labels = [row["label"].value for row in store.query(sparql, use_default_graph_as_union=True)]
    return Lookup(param, value, what, (), tuple(closest(value, labels)))
