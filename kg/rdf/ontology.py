"""Where the ontology files (``gonghui.ttl``, ``shapes.ttl``) are: package data ``kg.ontology``."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parents[2] / "ontology"


def ontology_file(name: str = "gonghui.ttl") -> Path:
    """Path of an ontology file, from the installed package or the source tree."""
    try:
        path = Path(str(resources.files("kg.ontology").joinpath(name)))
        if path.is_file():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    path = _SOURCE_TREE / name
    if not path.is_file():
        raise FileNotFoundError(f"ontology file {name!r} not found (is the package installed?)")
    return path
