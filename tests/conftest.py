from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


def seed_folder(folder: Path) -> Path:
    """A new folder ``folder`` holding a copy of each seed report."""
    import shutil

    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    return folder


def make_doc(text: str, doc_id: str = "t", published=None, region=None):
    """A Document from text, with clues found as for a file (or given)."""
    from kg.ingest import document_from_bytes

    doc = document_from_bytes(doc_id, text.encode("utf-8"))
    if published is not None:
        doc.published = published
    if region is not None:
        doc.region = region
    return doc


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus/dev/docs").is_dir():
        pytest.skip("../shared corpus not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory) -> Path:
    """Output folder of ``kg build seeds`` (real extraction), built once for the session and
    shared by the view, server and message tests: read it, never write into it."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds") / "out"
    build([SEEDS], out, jobs=1)
    return out


def artifacts_folder(tmp_path_factory, name: str) -> Path:
    """Where screenshots go: ``$KG_TEST_ARTIFACTS``, else a pytest temporary folder ``name``."""
    import os

    env = os.environ.get("KG_TEST_ARTIFACTS")
    if env:
        path = Path(env)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp(name, numbered=False)
