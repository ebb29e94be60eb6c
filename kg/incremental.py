"""Incremental builds: a build over an existing output re-reads and re-extracts only the
reports that are new or whose bytes changed, and rewrites only the graphs that changed.

Every build keeps, in ``OUT/facts/``, each report's record with its facts (fact shards of
JSON lines, :mod:`kg.shards`), beside each fact shard the reports' slim records (their
record without facts and their facts for the identity pass) and an index (``OUT/facts/index.json``): under each report's
path, its report id, the hash of its bytes, where its record and its slim record are, and what its graph was
written from (a hash of the report and of its part of the person-identity pass), with the
graph's number of quads and the place of its block in ``graph.trig``; and the
:func:`extractor_version` and :func:`writer_version` that made them.

The next build into the same ``OUT`` takes a report's record from there when path, id and
bytes are the same, and the extractor is too: it reads the slim record (a report whose slim
record or fact record is missing or damaged is read again), the fact record only to write
a graph. Everything after extraction (duplicates, person identity) is recomputed from all
the records, the summary graph only for the nodes that the graphs written name
(:mod:`kg.rdf.summarydb`); a report whose graph
would be written from the same data as before keeps its graph: the previous store is
copied (hard links, ``Store.backup``) and only the graphs of removed and changed reports
(and of reports the identity pass now sees otherwise) are replaced, and ``graph.trig``
copies the blocks of the graphs kept. The result is the same as a full build of the same
inputs.

The index is only read from a folder that ``kg build`` wrote (its marker, :mod:`kg.outdir`),
it is JSON (data, never code), and an index that cannot be read costs a full build, not the
build.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import __version__
from .outdir import read_marker

FACTS_DIR = "facts"
INDEX_FILE = "index.json"
CACHE_FILE = FACTS_DIR  # what a build keeps for the next one (a folder)
#: What extraction depends on: a change to any file in these parts of the package (code or
#: word lists) changes :func:`extractor_version`.
EXTRACTOR_PARTS = ("ingest", "extract", "lexicon")
EXTRACTOR_FILES = ("document.py", "facts.py", "report.py")
#: What writing a graph depends on (beside the facts): :func:`writer_version`.
WRITER_PARTS = ("rdf",)
WRITER_FILES = ("facts.py", "report.py", "shards.py")
FORMAT = 2  # 2: the slim records (Entry.slim)


def _hash(parts: tuple[str, ...], files: tuple[str, ...]) -> str:
    h = hashlib.sha1(__version__.encode())
    root = resources.files("kg")
    entries = [root.joinpath(name) for name in files]
    for part in parts:
        entries.extend(sorted(root.joinpath(part).iterdir(), key=lambda e: e.name))
    for entry in entries:
        if entry.is_file() and not entry.name.endswith(".pyc"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the package version and of every file the extractor is made of."""
    return _hash(EXTRACTOR_PARTS, EXTRACTOR_FILES)


@lru_cache(maxsize=1)
def writer_version() -> str:
    """A hash of the package version and of every file that writes the graphs."""
    return _hash(WRITER_PARTS, WRITER_FILES)


def file_hash(path: Path) -> str:
    """SHA-1 of a file's bytes ("" when it cannot be read: the report is read afresh)."""
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@dataclass
class Entry:
    """One report of a build: where its record and its slim record are, and what its graph was written from."""

    id: str
    digest: str  # of the file's bytes
    shard: str  # file name in OUT/facts
    offset: int
    length: int
    graph: str = ""  # hash of what the graph was written from ("" for none)
    quads: int = 0
    trig: tuple[int, int] = (0, 0)  # offset and length of its block in graph.trig
    warnings: list[str] = field(default_factory=list)  # added when its graph was written
    slim: tuple[int, int] = (0, 0)  # offset and length of its slim record in the slim shard

    def plain(self) -> dict:
        """The entry as JSON data (what ``dataclasses.asdict`` gives, without its deep copies)."""
        return {f: getattr(self, f) for f in _ENTRY_FIELDS}


_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


@dataclass
class Cache:
    """What an earlier build into OUT left: path -> :class:`Entry`."""

    version: str = ""
    writer: str = ""
    trig_size: int = -1
    entries: dict[str, Entry] = field(default_factory=dict)
    folder: Path | None = None  # OUT

    def get(self, path: Path, doc_id: str, digest: str) -> Entry | None:
        entry = self.entries.get(str(path))
        if entry and digest and entry.id == doc_id and entry.digest == digest:
            return entry
        return None

    def dumps(self) -> bytes:
        data = {"format": FORMAT, "extractor": self.version, "writer": self.writer, "trig_size": self.trig_size,
                "entries": {p: e.plain() for p, e in self.entries.items()}}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def load(out: Path) -> Cache:
    """The index of the build in ``out`` (empty when there is none, or it cannot be read)."""
    path = out / FACTS_DIR / INDEX_FILE
    if not path.is_file() or read_marker(out) is None:
        return Cache()
    try:
        data = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
        if data.get("format") != FORMAT:
            return Cache()
        entries = {}
        for p, e in data["entries"].items():
            entry = Entry(**e)
            entry.trig, entry.slim = tuple(entry.trig), tuple(entry.slim)
            if len(entry.trig) != 2 or len(entry.slim) != 2 \
                    or not all(isinstance(x, int) for x in (entry.offset, entry.length, entry.quads, *entry.trig, *entry.slim)) \
                    or "/" in entry.shard or entry.shard.startswith("."):
                return Cache()
            entries[p] = entry
        cache = Cache(str(data["extractor"]), str(data["writer"]), int(data["trig_size"]), entries, out)
    except Exception:  # damaged or from another kg: a full build
        return Cache()
    return cache


@dataclass
class Plan:
    """Which reports a build takes from the cache (by position) and which it reads."""

    reused: dict[int, Entry]
    fresh: list[int]
    counts: dict[str, int | bool]
    digests: list[str]  # of each item's bytes


def plan(items: list[tuple[Path, str, str]], cache: Cache) -> Plan:
    """Split ``(path, id, warning)`` items into reused records and reports to read."""
    same_extractor = cache.version == extractor_version()
    reused: dict[int, Entry] = {}
    fresh: list[int] = []
    new = changed = 0
    digests = [file_hash(path) for path, _, _ in items]
    for i, (path, doc_id, _) in enumerate(items):
        entry = cache.get(path, doc_id, digests[i]) if same_extractor else None
        if entry is not None:
            reused[i] = entry
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
