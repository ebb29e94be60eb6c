"""The examples in module docstrings run as written."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["kg.guard", "kg.names", "kg.rdf.trig"])
def test_module_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed
