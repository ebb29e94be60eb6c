"""Named SPARQL queries, one ``NAME.rq`` file each (data, not code).

Conventions, read by :mod:`kg.store`:

- The first comment line says what the query gives (``kg queries`` lists it).
- ``# @param NAME description`` declares a required parameter. In the query the parameter
  is the variable ``$NAME``; ``kg query NAME --param NAME=VALUE`` (or
  ``GraphStore.select(..., params={...})``) binds it to the literal ``VALUE`` (a value
  written ``<...>`` binds an IRI) by SPARQL variable substitution (SEP-0007), so values
  need no escaping and cannot change the query. The variable must be in the SELECT
  clause (and in GROUP BY for aggregates): results show the value asked for.
- The default graph is the union of all report graphs, with bag semantics: a triple stated
  by N reports matches N times. Match inside ``GRAPH ?g { ... }`` where possible (each
  report's graph holds its ``kg:Report``, its facts and the labels of what they refer to),
  and wrap union-graph patterns in ``SELECT DISTINCT`` subqueries before joining them.
- Queries about a person, an organisation or a post read only the summary graph
  (:mod:`kg.rdf.summary`: one node per distinct fact with its counts, days and sources),
  never the report graphs a popular name is stated in. With Oxigraph: start from the bound
  parameter, take the rest ``LATERAL`` (else a join may match every membership first), and
  keep each ``OPTIONAL`` to one triple pattern (a larger one is evaluated whole, then joined).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its description and declared (required) parameters."""

    name: str
    text: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> description

    @classmethod
    def parse(cls, name: str, text: str) -> NamedQuery:
        """Read the description (first comment line) and ``# @param`` lines of a query."""
        description, params = "", {}
        for line in text.splitlines():
            line = line.strip()
            if not line.startswith("#"):
                if line:
                    break
                continue
            m = _PARAM.match(line)
            if m:
                params[m.group(1)] = m.group(2).strip()
            elif not description:
                description = line.lstrip("#").strip()
        return cls(name, text, description, params)


@lru_cache(maxsize=None)
def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in this package, by name (file name without ``.rq``)."""
    found = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = NamedQuery.parse(name, entry.read_text(encoding="utf-8"))
    return found


def suggest(name: str) -> list[str]:
    """Named queries whose names are closest to ``name`` (a misspelling), best first."""
    return difflib.get_close_matches(name, list(named_queries()), n=3, cutoff=0.5)
