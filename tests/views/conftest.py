"""Fixtures of the view tests: a build of the seed reports, a headless Chromium, a folder for artifacts."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import SEEDS


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory) -> Path:
    """Output folder of ``kg build seeds`` (real extraction)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds") / "out"
    build([SEEDS], out, jobs=1)
    return out


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where screenshots go: ``$KG_TEST_ARTIFACTS`` or a pytest temporary folder ``artifacts``."""
    env = os.environ.get("KG_TEST_ARTIFACTS")
    if env:
        path = Path(env)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("artifacts", numbered=False)


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
