"""A build's data on disk, and the two partition tasks of a build.

A build never holds every report's facts in memory. Reading and extraction run in
partitions (:func:`read_partition`): each writes its reports' records, facts included, to
a *fact shard* (JSON lines, one report a line, written under a temporary name and then
renamed) and, beside it, a *slim shard* (:func:`slim_shard`) of what the rest of the build
needs of each report (:func:`dumps_slim`): its record without facts (:class:`Record`, with
the counts of its facts) and the compact facts of the person-identity pass
(:func:`identity_facts`: no evidence, no tasks). The partition hands back the slim lines;
a later build reads the slim lines of the reports it does not read again. After the identity
pass, partitions of reports write their graphs (:func:`quad_partition`): the N-Quads of
each report's named graph (a shard, temporary name then rename, bulk-loaded into the
store), the TriG block of each graph (``graph.trig`` is the blocks in report order, so
a later build can reuse the block of a graph that did not change) and the reports' records
of the summary graph (:func:`kg.rdf.summary.contributions`, a small database that the
build copies into the summary's: :mod:`kg.rdf.summarydb`).

The tasks are plain functions of plain data: the local build runs them in worker
processes, ``kg build --dask`` on a Dask cluster (:mod:`kg.distributed`); the output is
the same.

Records are stored as JSON (:func:`dumps_report` / :func:`loads_report`): data only, read
back into the record types and nothing else (a damaged or foreign shard is an error, never
code).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import defaultdict
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .document import Region
from .facts import Evidence, Facts, Meeting, Membership, Org, Participation, Task
from .rdf import trig as _trig
from .rdf.identity import IdentityFacts, IdEvidence, IdMeeting, IdMembership, IdPerson, Interner, People
from .rdf.identity import identity_facts as _identity_facts
from .rdf.namespaces import TRIG_PREFIXES
from .report import DUPLICATE, FACT_KINDS, OK, Report

SHARD_SUFFIX = ".jsonl"


@dataclass
class Record(Report):
    """A report's record without its facts (they stay in the fact shard): what the build
    report says of it, with the counts of its facts."""

    fact_counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        if self.status != OK or self.fact_counts is None:
            return {kind: 0 for kind in FACT_KINDS}
        return dict(self.fact_counts)


def record_of(report: Report) -> Record:
    """``report`` without its facts."""
    data = {f.name: getattr(report, f.name) for f in fields(Report) if f.name != "facts"}
    data["warnings"] = list(report.warnings)
    return Record(**data, fact_counts=report.facts.counts() if report.facts is not None else None)


# -- records as JSON ---------------------------------------------------------------------------

_DATES = frozenset({"published", "began", "ended", "date", "end_date"})
_KINDS = {"memberships": Membership, "meetings": Meeting, "tasks": Task, "participations": Participation}


@lru_cache(maxsize=None)
def _plain_fields(cls) -> tuple[tuple[str, object], ...]:
    """``(name, default)`` of the fields of a dataclass (``MISSING``: none), read once per class."""
    return tuple((f.name, f.default) for f in fields(cls))


class _Encoder:
    """Plain data of a report; each distinct quotation once (``q``), evidence by index."""

    def __init__(self) -> None:
        self.quotes: dict[str, int] = {}

    def evidence(self, ev: Evidence) -> list:
        i = self.quotes.setdefault(ev.quote, len(self.quotes))
        return [ev.doc_id, ev.start, ev.end, i]

    def plain(self, obj) -> dict:
        out = {}
        for name, default in _plain_fields(type(obj)):
            v = getattr(obj, name)
            if default is not MISSING and v == default:
                continue
            out[name] = self.value(v)
        return out

    def value(self, v):
        if isinstance(v, Evidence):
            return self.evidence(v)
        if isinstance(v, (Org, Region)):
            return self.plain(v)
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, tuple):
            return list(v)
        return v


def dumps_report(report: Report) -> bytes:
    """One line of a fact shard: the report's record with its facts."""
    enc = _Encoder()
    head = {f.name: enc.value(getattr(report, f.name)) for f in fields(Report) if f.name != "facts"}
    data: dict = {"report": head}
    f = report.facts
    if f is not None:
        facts = {"doc_id": f.doc_id}
        for kind in _KINDS:
            facts[kind] = [enc.plain(x) for x in getattr(f, kind)]
        facts["names"] = {n: enc.evidence(ev) for n, ev in f.names.items()}
        data["facts"] = facts
    data["q"] = list(enc.quotes)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass") + b"\n"


def _day(v):
    return date.fromisoformat(v) if v else None


def _converters(quotes: list[str]) -> dict:
    """How the values of a record's fields are read back (the others are as stored)."""

    def ev(v) -> Evidence:
        doc, start, end, qi = v
        return Evidence(doc, int(start), int(end), quotes[qi])

    def org(d: dict) -> Org:
        return Org(**{k: tuple(v) if k == "aliases" else v for k, v in d.items()})

    convert = {k: _day for k in _DATES}
    convert.update(evidence=ev, org=org, region=lambda d: Region(**d))
    return convert


def _make(cls, d: dict, convert: dict):
    return cls(**{k: convert[k](v) if k in convert else v for k, v in d.items()})


def loads_report(line: bytes) -> Report:
    """The report of a line written by :func:`dumps_report` (ValueError if it is not one)."""
    try:
        data = json.loads(line.decode("utf-8", "surrogatepass"))
        convert = _converters(data["q"])
        ev = convert["evidence"]
        report = _make(Report, data["report"], convert)
        if "facts" in data:
            f = data["facts"]
            report.facts = Facts(f["doc_id"], **{kind: [_make(cls, x, convert) for x in f[kind]]
                                                 for kind, cls in _KINDS.items()},
                                 names={n: ev(v) for n, v in f["names"].items()})
        return report
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as exc:
        raise ValueError(f"not a fact record: {type(exc).__name__}: {exc}") from None


def read_line(path: Path, offset: int, length: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(offset)
        line = fh.read(length)
    if len(line) != length or not line.endswith(b"\n"):
        raise ValueError(f"{path}: no record at {offset}")
    return line


# -- what the identity pass needs ----------------------------------------------------------------

def identity_facts(f: Facts, interner: Interner | None = None) -> IdentityFacts:
    """The facts :func:`kg.rdf.resolve_people` reads, small (:class:`IdentityFacts`):
    memberships and meetings without evidence, one participation per person, the name
    candidates (with their evidence: the pass hands it on), no tasks."""
    return _identity_facts(f, interner)


# -- slim records: what the main process needs of a report -------------------------------------

SLIM_SUFFIX = ".slim" + SHARD_SUFFIX


def slim_shard(shard: str) -> str:
    """The name of the slim shard beside the fact shard ``shard``."""
    return shard[:-len(SHARD_SUFFIX)] + SLIM_SUFFIX if shard.endswith(SHARD_SUFFIX) else shard + SLIM_SUFFIX


def dumps_slim(report: Report) -> bytes:
    """One line of a slim shard: the report's :class:`Record` and, for a report read, its
    :func:`identity_facts` (all an incremental build needs of a report it does not read again)."""
    enc = _Encoder()
    head = {f.name: enc.value(getattr(report, f.name)) for f in fields(Report) if f.name != "facts"}
    f = report.facts
    data: dict = {"report": head, "counts": f.counts() if f is not None else None}
    if report.status == OK and f is not None:
        persons = dict.fromkeys(p.person for p in f.participations)
        data["identity"] = {
            "d": f.doc_id,
            "m": [[m.person, m.role, m.org.name, m.org.level, _iso(m.began), m.began_cue, _iso(m.ended), m.ended_cue,
                   m.succeeds] for m in f.memberships],
            "t": [[m.key, m.org.name, m.org.level, m.name, _iso(m.date), m.main] for m in f.meetings],
            "p": list(persons),
            "n": [[n, *enc.evidence(ev)] for n, ev in f.names.items()],
        }
    data["q"] = list(enc.quotes)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass") + b"\n"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def loads_slim(line: bytes, interner: Interner | None = None) -> tuple[Record, IdentityFacts | None]:
    """The record and identity facts of a line written by :func:`dumps_slim` (ValueError if
    it is not one)."""
    try:
        data = json.loads(line.decode("utf-8", "surrogatepass"))
        it = interner or Interner()
        convert = _converters(data["q"])
        convert["region"] = lambda d: it.shared(Region(**d))
        record = _make(Record, data["report"], convert)
        for name in ("status", "encoding", "script", "format"):  # (a few values: one object each)
            setattr(record, name, sys.intern(getattr(record, name)))
        counts = data["counts"]
        record.fact_counts = {str(k): int(counts[k]) for k in FACT_KINDS} if counts is not None else None
        ids = data.get("identity")
        if ids is None:
            return record, None
        org = it.org
        quotes = data["q"]
        i = sys.intern
        new = tuple.__new__  # (the named tuples made without their Python-level __new__)
        facts = IdentityFacts(
            i(ids["d"]),
            tuple(new(IdMembership, (i(p), i(r), org(o, lv), _day(b), i(bc), _day(e), i(ec), i(su)))
                  for p, r, o, lv, b, bc, e, ec, su in ids["m"]),
            tuple(new(IdMeeting, (i(k), org(o, lv), i(n), _day(d), bool(main))) for k, o, lv, n, d, main in ids["t"]),
            tuple(new(IdPerson, (i(p),)) for p in ids["p"]),
            {i(n): new(IdEvidence, (i(d), int(s), int(e), quotes[q])) for n, d, s, e, q in ids["n"]},
        )  # (intern: text or TypeError)
        if not all(isinstance(q, str) for q in quotes):
            raise ValueError("a quotation that is not text")
        return record, facts
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as exc:
        raise ValueError(f"not a slim record: {type(exc).__name__}: {exc}") from None


def split_people(people: People, docs: list[str]) -> dict[str, People]:
    """What the identity pass says about each report (doc id -> the part of ``people`` its
    graph is written from): a report's graph depends on its facts and on this only."""
    ids: dict[str, dict] = defaultdict(dict)
    for key, person in people.items():
        ids[key[0]][key] = person
    succ: dict[str, dict] = defaultdict(dict)
    for key, links in people.successions.items():
        succ[key[0]][key] = links
    meetings: dict[str, dict] = defaultdict(dict)
    for key, iri in people.meetings.items():
        meetings[key[0]][key] = iri
    labels = people.labels
    out = {}
    for doc in docs:
        mine = ids.pop(doc, {})
        out[doc] = People(mine, {p: labels[p] for p in set(mine.values()) if p in labels},
                          succ.pop(doc, {}), meetings.pop(doc, {}),
                          {doc: people.mentioned[doc]} if doc in people.mentioned else {})
    return out


def people_digest(part: People) -> str:
    """A hash of the part of the identity pass a report's graph depends on."""
    data = [sorted(part.items()), sorted(part.labels.items()),
            sorted((k, [list(x) for x in v]) for k, v in part.successions.items()),
            sorted(part.meetings.items()),
            sorted((d, [(n, ev.doc_id, ev.start, ev.end, ev.quote) for n, ev in v]) for d, v in part.mentioned.items())]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")).hexdigest()


# -- the partition tasks ---------------------------------------------------------------------------

@dataclass
class ReadTask:
    """Read and extract ``items`` (``(path, id, warning)``) into the fact shard ``shard``."""

    items: list[tuple[Path, str, str]]
    shard: Path


@dataclass
class ReadResult:
    shard: Path
    #: per item: its slim record (:func:`dumps_slim`: what the build needs of it), and the
    #: (offset, length) of its line in the fact shard and in the slim shard (:func:`slim_shard`)
    reports: list[tuple[bytes, tuple[int, int], tuple[int, int]]]


def read_partition(task: ReadTask) -> ReadResult:
    """Read, extract and store one partition: each report's record in the fact shard, its
    slim record in the slim shard beside it (temporary names, then renamed, the slim shard
    first)."""
    from . import build  # the build's process (tests count the reports it reads)

    suffix = f".tmp-{os.getpid()}"
    slim = task.shard.with_name(slim_shard(task.shard.name))
    tmp, slim_tmp = (p.with_name(p.name + suffix) for p in (task.shard, slim))
    out = []
    offset = slim_offset = 0
    with open(tmp, "wb") as fh, open(slim_tmp, "wb") as sh:
        for item in task.items:
            report = build.process(item)
            line, slim_line = dumps_report(report), dumps_slim(report)
            fh.write(line)
            sh.write(slim_line)
            out.append((slim_line, (offset, len(line)), (slim_offset, len(slim_line))))
            offset += len(line)
            slim_offset += len(slim_line)
    os.replace(slim_tmp, slim)
    os.replace(tmp, task.shard)
    return ReadResult(task.shard, out)


@dataclass
class GraphJob:
    """One report whose graph a :class:`QuadTask` writes."""

    doc_id: str
    shard: Path  # its fact shard
    offset: int
    length: int
    status: str  # as the build decided (duplicates are marked after reading)
    duplicate_of: str
    people: People  # its part of the identity pass (:func:`split_people`)
    order: bytes = b""  # where it comes in the build's reports (the summary's first report)


@dataclass
class QuadTask:
    jobs: list[GraphJob]
    nquads: Path  # the N-Quads shard to write
    trig: Path  # the TriG blocks of the graphs, in order
    summary: Path | None = None  # the reports' records of the summary (kg.rdf.summarydb)


@dataclass
class QuadResult:
    nquads: Path
    trig: Path
    #: per job: (quads, bytes of its TriG block, warnings the writer added)
    graphs: list[tuple[int, int, list[str]]] = field(default_factory=list)


def trig_block(graph: str, triples: list[tuple[str, str, str]]) -> bytes:
    """The TriG of one graph (its IRI term and its triples, N-Quads terms:
    :func:`kg.rdf.quads.report_triples`), without the prefix declarations
    (:func:`kg.rdf.trig.block`: each term checked, a writer bug fails here). Blocks put
    together after :func:`trig_header` are the TriG of all the graphs, byte for byte."""
    return _trig.block(graph, triples)


def trig_header() -> bytes:
    """The prefix declarations that open ``graph.trig``."""
    q = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    text = ox.serialize([q], None, ox.RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
    return text[:text.index(b"<urn:x:g>")]


def graph_report(job: GraphJob) -> Report:
    """The report of a job, as the build decided its status."""
    report = loads_report(read_line(job.shard, job.offset, job.length))
    if job.status == DUPLICATE:
        report.status, report.duplicate_of, report.facts = DUPLICATE, job.duplicate_of, None
    return report


def quad_partition(task: QuadTask) -> QuadResult:
    """Write the graphs of one partition: N-Quads shard and TriG blocks, and the reports'
    records of the summary graph (temporary names, then renamed)."""
    from .rdf.quads import nquads, report_triples
    from .rdf.summary import contributions
    from .rdf.summarydb import part_rows, write_part

    result = QuadResult(task.nquads, task.trig)
    suffix = f".tmp-{os.getpid()}"
    nq_tmp, trig_tmp = (p.with_name(p.name + suffix) for p in (task.nquads, task.trig))
    rows = []
    with open(nq_tmp, "wb") as nq, open(trig_tmp, "wb") as trig:
        for job in task.jobs:
            report = graph_report(job)
            before = len(report.warnings)
            graph, triples = report_triples(report, job.people)
            nq.write("".join(nquads(graph, triples)).encode("utf-8", "replace"))
            block = trig_block(graph, triples)
            trig.write(block)
            result.graphs.append((len(triples), len(block), report.warnings[before:]))
            if task.summary is not None:
                rows.extend(part_rows(job.doc_id, job.order, contributions(report, job.people)))
    if task.summary is not None:
        sum_tmp = task.summary.with_name(task.summary.name + suffix)
        write_part(sum_tmp, rows)
        os.replace(sum_tmp, task.summary)
    os.replace(nq_tmp, task.nquads)
    os.replace(trig_tmp, task.trig)
    return result
