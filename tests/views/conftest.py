"""Fixtures of the view tests: a build of the seed reports, a headless Chromium, a folder for artifacts."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import artifacts_folder


@pytest.fixture(scope="session")
def seeds_out(seeds_built) -> Path:
    """Output folder of ``kg build seeds`` (real extraction)."""
    return seeds_built


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where screenshots go: ``$KG_TEST_ARTIFACTS`` or a pytest temporary folder ``artifacts``."""
    return artifacts_folder(tmp_path_factory, "artifacts")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the session; the tests skip (outside CI) when there is none."""
    from kg.views.chromium import Chromium, find_chromium

    if not find_chromium():
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: .ci/run installs the Debian package `chromium`")
        pytest.skip("no Chromium found: apt-get install chromium (or set KG_CHROMIUM)")
    with Chromium() as chromium:
        yield chromium
