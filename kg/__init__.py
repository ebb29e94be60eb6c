"""gonghui-kg: a knowledge graph of Chinese trade-union meetings and leadership.

Typical use from Python::

    import kg
    result = kg.build_graph(["seeds"], "out")      # reports -> RDF graph + Oxigraph store
    ds = kg.load_dataset("out")                 # an rdflib.Dataset, one named graph per report
    rows = kg.query("memberships", "out")       # named SPARQL query -> list of dicts
    kg.query("org-leaders", "out", org="甘肃省总工会")  # parameters as keywords
"""
from __future__ import annotations

__version__ = "0.1.0"

# The helpers are named apart from the submodules ``kg.build`` and ``kg.extract``, which
# would otherwise replace them as package attributes once imported.
__all__ = ["build_graph", "load_dataset", "query", "read_document", "extract_facts"]


def build_graph(inputs, out, **kwargs):
    """Build the graph from report files/folders into folder ``out`` (see :mod:`kg.build`)."""
    from .build import build as _build

    return _build(inputs, out, **kwargs)


def load_dataset(out):
    """Load a built graph as an :class:`rdflib.Dataset` (see :mod:`kg.store`)."""
    from .store import load_dataset as _load

    return _load(out)


def query(name_or_sparql: str, out, *, timeout: float | None = None, **params: str):
    """Run a named query, a ``.rq`` file or SPARQL text on a built graph; returns rows as dicts.

    Keyword arguments bind the query's parameters, as in :func:`kg.analysis.frame`:
    ``kg.query("org-leaders", "out", org="甘肃省总工会")``.
    """
    from .store import GraphStore

    with GraphStore.open(out) as store:
        return store.select(name_or_sparql, params=params, timeout=timeout).as_dicts()


def read_document(path):
    """Read one report file into a :class:`kg.document.Document`."""
    from .ingest import read_document as _read

    return _read(path)


def extract_facts(doc):
    """Extract all facts from a :class:`kg.document.Document`."""
    from .extract import extract_all

    return extract_all(doc)
