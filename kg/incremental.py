"""Incremental builds: a build over an existing output re-reads and re-extracts only the
reports that are new or whose bytes changed.

Every build keeps, in ``OUT/facts.pickle``, each report's record (:class:`kg.report.Report`
with its facts, as extraction left it) under its path, with its report id and the hash of
its bytes, and the :func:`extractor_version` that made them. The next build into the same
``OUT`` takes a report's record from there when path, id and bytes are the same, and the
extractor is too; everything after extraction (duplicates, person identity, the graphs, the
summary, the store) is recomputed from all the records, so the result is the same as a full
build of the same inputs. Reports no longer among the inputs are simply not there.

The cache is only read from a folder that ``kg build`` wrote (its marker, :mod:`kg.outdir`),
and a cache that cannot be read costs a full build, not the build.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import __version__
from .outdir import read_marker
from .report import Report

CACHE_FILE = "facts.pickle"
#: What extraction depends on: a change to any file in these parts of the package (code or
#: word lists) changes :func:`extractor_version`.
EXTRACTOR_PARTS = ("ingest", "extract", "lexicon")
EXTRACTOR_FILES = ("document.py", "facts.py", "report.py")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the package version and of every file the extractor is made of."""
    h = hashlib.sha1(__version__.encode())
    root = resources.files("kg")
    entries = [root.joinpath(name) for name in EXTRACTOR_FILES]
    for part in EXTRACTOR_PARTS:
        entries.extend(sorted(root.joinpath(part).iterdir(), key=lambda e: e.name))
    for entry in entries:
        if entry.is_file() and not entry.name.endswith(".pyc"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return h.hexdigest()


def file_hash(path: Path) -> str:
    """SHA-1 of a file's bytes ("" when it cannot be read: the report is read afresh)."""
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@dataclass
class Cache:
    """The records of an earlier build: path -> (report id, bytes hash, record)."""

    version: str = ""
    entries: dict[str, tuple[str, str, Report]] = field(default_factory=dict)

    def get(self, path: Path, doc_id: str, digest: str) -> Report | None:
        entry = self.entries.get(str(path))
        if entry and digest and entry[0] == doc_id and entry[1] == digest:
            return entry[2]
        return None

    def dumps(self) -> bytes:
        return pickle.dumps((self.version, self.entries), protocol=pickle.HIGHEST_PROTOCOL)


def load(out: Path) -> Cache:
    """The cache of the build in ``out`` (empty when there is none, or it cannot be read)."""
    path = out / CACHE_FILE
    if not path.is_file() or read_marker(out) is None:
        return Cache()
    try:
        with path.open("rb") as fh:
            version, entries = pickle.load(fh)
    except Exception:  # damaged or from another kg: a full build
        return Cache()
    if not isinstance(version, str) or not isinstance(entries, dict):
        return Cache()
    return Cache(version, entries)


@dataclass
class Plan:
    """Which reports a build takes from the cache (by position) and which it reads."""

    reused: dict[int, Report]
    fresh: list[int]
    counts: dict[str, int | bool]
    digests: list[str]  # of each item's bytes


def plan(items: list[tuple[Path, str, str]], cache: Cache) -> Plan:
    """Split ``(path, id, warning)`` items into reused records and reports to read."""
    same_extractor = cache.version == extractor_version()
    reused: dict[int, Report] = {}
    fresh: list[int] = []
    new = changed = 0
    digests = [file_hash(path) for path, _, _ in items]
    for i, (path, doc_id, _) in enumerate(items):
        record = cache.get(path, doc_id, digests[i]) if same_extractor else None
        if record is not None:
            reused[i] = record
        else:
            fresh.append(i)
            if str(path) in cache.entries:
                changed += 1
            else:
                new += 1
    current = {str(path) for path, _, _ in items}
    counts = {"new": new, "changed": changed, "unchanged": len(reused),
              "removed": sum(p not in current for p in cache.entries),
              "extractor_changed": bool(cache.entries) and not same_extractor}
    return Plan(reused, fresh, counts, digests)


def record(items: list[tuple[Path, str, str]], reports: list[Report], digests: list[str]) -> Cache:
    """The cache of this build (dump it before duplicates are marked: records as extracted)."""
    entries = {}
    for (path, doc_id, _), report, digest in zip(items, reports, digests):
        if digest:
            entries[str(path)] = (doc_id, digest, report)
    return Cache(extractor_version(), entries)
