"""gonghui-kg: a knowledge graph of Chinese trade-union meetings and leadership.

Typical use from Python::

    import kg
    result = kg.build(["seeds"], "out")        # reports -> RDF graph + Oxigraph store
    ds = kg.load_dataset("out")                 # an rdflib.Dataset, one named graph per report
    rows = kg.query("memberships", "out")       # named SPARQL query -> list of dicts
"""
from __future__ import annotations

import sys
import types

__version__ = "0.1.0"

__all__ = ["build", "load_dataset", "query", "read_document", "extract"]


def build(inputs, out, **kwargs):
    """Build the graph from report files/folders into folder ``out`` (see :mod:`kg.build`)."""
    from .build import build as _build

    return _build(inputs, out, **kwargs)


def load_dataset(out):
    """Load a built graph as an :class:`rdflib.Dataset` (see :mod:`kg.store`)."""
    from .store import load_dataset as _load

    return _load(out)


def query(name_or_sparql: str, out, **kwargs):
    """Run a named query, a ``.rq`` file or SPARQL text on a built graph; returns rows as dicts."""
    from .store import GraphStore

    with GraphStore.open(out) as store:
        return store.select(name_or_sparql, **kwargs).as_dicts()


def read_document(path):
    """Read one report file into a :class:`kg.document.Document`."""
    from .ingest import read_document as _read

    return _read(path)


def extract(doc):
    """Extract all facts from a :class:`kg.document.Document`."""
    from .extract import extract_all

    return extract_all(doc)


# ``kg.build`` and ``kg.extract`` are both helpers above and submodules: importing the
# submodule rebinds the package attribute to it. Such a submodule is made callable as the
# helper, so ``kg.build(...)`` works whether or not ``kg.build`` (the module) was imported.
_HELPERS = {"build": build, "extract": extract}


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return _HELPERS[self.__name__.rpartition(".")[2]](*args, **kwargs)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        if name in _HELPERS and isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
