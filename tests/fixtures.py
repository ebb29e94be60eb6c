"""Fixtures (import them into a test module): a small graph built from hand-written reports with a fake extractor."""
from __future__ import annotations

import sys

import pytest

from .factories import SCRIPTS, FakeExtractor, write_reports


@pytest.fixture
def fake_extractor(monkeypatch):
    """Replace the build's extractor by one returning the hand-made facts of ``SCRIPTS``."""
    import kg.build  # noqa: F401 (imported, so that it can be patched)

    fake = FakeExtractor(dict(SCRIPTS))
    monkeypatch.setattr(sys.modules["kg.build"], "extract_all", fake)
    return fake


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``(reports folder, output folder)`` of a build of the three sample reports."""
    import kg.build

    root = tmp_path_factory.mktemp("built")
    write_reports(root / "reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys.modules["kg.build"], "extract_all", FakeExtractor(dict(SCRIPTS)))
        kg.build.build([root / "reports"], root / "out")
    return root / "reports", root / "out"
