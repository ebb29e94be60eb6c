from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


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
