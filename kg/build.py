"""``kg build``: report files -> facts -> one named graph per report -> Oxigraph store + TriG.

Stages (:mod:`kg.shards`), none of which holds every report's facts in memory: discover
files; read and extract the reports in partitions (in worker processes when there are
many, or on Dask: :mod:`kg.distributed`), each partition's records with their facts
written to a fact shard, only their slim records (record and compact facts of the
identity pass, also kept on disk for the next build) handed back; mark
duplicates; the person-identity pass over all reports; each partition of reports writes
the N-Quads of their named graphs (text: no rdflib in the hot path), their TriG blocks and
their share of the summary graph, which a database folds into the summary's nodes
(:mod:`kg.rdf.summarydb`: the build never holds the whole summary); ``graph.trig`` is the
blocks in report order, then the summary graph's; the Oxigraph store is bulk-loaded from
the N-Quads shards (each quad parsed once for the TriG, once for the store) and the
summary's nodes; ``build-report.json``. Results stay in input order: the output is deterministic,
and the same however the work was shared. A build over an earlier output reuses what did
not change (:mod:`kg.incremental`). Everything is written into a staging folder that
replaces ``OUT`` only when complete, with the marker of what the build wrote (the fact
shards are written beside ``OUT`` while reading, then moved in); ``OUT`` is locked for the
whole build (:mod:`kg.outdir`).

A report that cannot be read or whose extraction fails is recorded with its reason and the
build goes on; so is an input path that cannot be used (missing, unreadable, a dangling
link: ``skipped``). :class:`BuildError` is raised (and ``OUT`` left untouched) when no
report could be read, when ``OUT`` may not be replaced or another build writes it, or with
``strict=True`` when any report failed or any path was skipped.
"""
from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import queue
import shutil
import signal
import sqlite3
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .extract import extract_all
from . import __version__, incremental, signals
from .incremental import FACTS_DIR
from .ingest import ReportError, find_reports, read_document, report_id, shown_path
from .outdir import OutputError, check_replaceable, locked, remove_stale, sibling, staging, target, write_marker
from .rdf import ReportPeople, iris, resolve_people
from .rdf.identity import IdentityFacts, Interner, collector_paused
from .rdf.summary import SUMMARY_GRAPH, contributions
from .rdf.summarydb import SummaryDB, os_errors, part_rows
from .report import DUPLICATE, ERROR, FACT_KINDS, OK, Report
from .shards import (SHARD_SUFFIX, GraphJob, QuadTask, ReadTask, Record, graph_report, loads_slim, people_digest,
                     quad_partition, read_partition, slim_shard, split_people, trig_header)
from .store import REPORT_FILE, STORE_DIR, TRIG_FILE

#: Quads per bulk load of the store. Oxigraph's bulk loader holds about 0.9 KB a quad of
#: what it is given (1.5 M quads: +1.3 GB); loads of one shard each (~25,000 quads) make
#: a store 1.6 times the size, and slower to write. This bounds the build's memory (at
#: 100,000 reports: 300,000 gave a peak of 1,394 MiB and 400,000 1,483 MiB, the same store);
#: two loads run at once at the end of a build.
LOAD_BATCH = 150_000
SUMMARY_DB = "summary.sqlite"  # in OUT/facts: the summary graph's records and nodes (kg.rdf.summarydb)
#: in OUT/facts: the identity pass's groups of each name (kg.rdf.identity.People.groups),
#: which the next build's pass reuses where a name's mentions are the same
IDENTITY_GROUPS = "identity-groups.json"
VIEW_FILE = "leadership.html"  # network view of the whole graph (kg.views)
#: Above this many reports, reading and extraction run in worker processes.
PARALLEL_MIN = 50
#: Above this many reports the build writes no view (reading the whole graph for it would
#: take longer than the rest of the build): ``kg viz`` makes focused views of any graph.
VIEW_MAX_REPORTS = 2000


class BuildError(Exception):
    """The build produced no output; ``result`` (if any) tells what happened to each report."""

    def __init__(self, message: str, result: BuildResult | None = None) -> None:
        super().__init__(message)
        self.result = result


@dataclass
class BuildResult:
    out: Path
    reports: list[Report]
    quads: int = 0
    people: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # about the build as a whole (e.g. the view)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): inputs not read
    #: reports new, changed, unchanged (facts reused), removed since the build in ``out``
    incremental: dict[str, int | bool] = field(default_factory=dict)
    #: graphs written by this build (the others kept from the build in ``out``)
    graphs_written: int = 0

    def with_status(self, status: str) -> list[Report]:
        return [r for r in self.reports if r.status == status]

    @property
    def read(self) -> int:
        """Reports read (including duplicates)."""
        return sum(r.status != ERROR for r in self.reports)

    @property
    def failed(self) -> list[Report]:
        return self.with_status(ERROR)

    @property
    def chars(self) -> int:
        """Characters of report text read."""
        return sum(r.chars for r in self.reports if r.status != ERROR)

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(FACT_KINDS, 0)
        for r in self.reports:
            for kind, n in r.counts().items():
                totals[kind] += n
        return totals

    @property
    def paths(self) -> dict[str, Path]:
        paths = {"graph": self.out / TRIG_FILE, "store": self.out / STORE_DIR, "report": self.out / REPORT_FILE}
        if (self.out / VIEW_FILE).is_file():
            paths["view"] = self.out / VIEW_FILE
        return paths

    def summary(self) -> dict:
        return {
            "reports": len(self.reports),
            "ok": len(self.with_status(OK)),
            "duplicates": len(self.with_status(DUPLICATE)),
            "failed": len(self.failed),
            "skipped": len(self.skipped),
            "facts": self.counts(),
            "people": self.people,
            "quads": self.quads,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
            "chars_per_s": round(self.chars_per_s),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "incremental": self.incremental,
            "graphs_written": self.graphs_written,
            "warnings": self.warnings,
        }

    def to_json(self) -> dict:
        return {"summary": self.summary(), "reports": [r.to_json() for r in self.reports],
                "skipped": [{"path": path, "reason": why} for path, why in self.skipped]}

    def original(self, report: Report) -> Report | None:
        """The report a duplicate is a copy of."""
        return next((r for r in self.reports if r.id == report.duplicate_of), None)


def build(
    inputs: Iterable[str | Path],
    out: str | Path,
    strict: bool = False,
    jobs: int | None = None,
    progress: bool | None = None,
    dask: str | bool | None = None,
) -> BuildResult:
    """Build the graph of the reports in ``inputs`` (files, folders) into folder ``out``.

    ``jobs``: worker processes for reading, extraction and writing the graphs (default: CPU
    count; used above :data:`PARALLEL_MIN` reports). ``progress``: show a progress bar on
    stderr (default: when stderr is a terminal and there are many reports). ``dask``: run
    those on Dask (:mod:`kg.distributed`): True for a ``LocalCluster`` of ``jobs`` workers,
    the address of a scheduler, or a ``dask.distributed.Client``. The output is the same.
    """
    start = time.perf_counter()
    try:
        out = target(out)
        with locked(out):
            return _build(inputs, out, strict, jobs, progress, start, dask)
    except OutputError as exc:
        raise BuildError(str(exc)) from None


def _build(inputs, out: Path, strict: bool, jobs: int | None, progress: bool | None, start: float,
           dask: str | bool | None = None) -> BuildResult:
    remove_stale(out)  # a killed build's leftovers (its previous output put back first)
    check_replaceable(out)
    found = find_reports(inputs)
    if not found.paths:
        raise BuildError("no report files (.txt, .html, .htm) found in the inputs",
                         BuildResult(out, [], skipped=found.skipped))
    items = _assign_ids(found.paths)
    # Fact shards are written while reading, beside OUT (no staging folder yet: nothing
    # may look like a half-written output while reports are read).
    scratch = sibling(out, "scratch", os.getpid())
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        with _engine(jobs, dask) as engine:
            return _run(engine, items, found.skipped, out, scratch, strict, progress, start)
    finally:
        gc.unfreeze()  # (see _run)
        shutil.rmtree(scratch, ignore_errors=True)


@dataclass
class _Where:
    """Where a report's record is: a fact shard (by name) and the line's place in it, and
    the place of its slim record in the slim shard beside it (:func:`kg.shards.slim_shard`)."""

    shard: str
    offset: int
    length: int
    folder: Path  # where the shard is before the output is staged
    slim: tuple[int, int] = (0, 0)


def _run(engine, items, skipped, out: Path, scratch: Path, strict: bool, progress: bool | None,
         start: float) -> BuildResult:
    clock = _Clock()
    cache = incremental.load(out)
    todo = incremental.plan(items, cache)  # reports unchanged since the last build
    n = len(items)
    records: list[Record | None] = [None] * n
    compact: list[IdentityFacts | None] = [None] * n
    tokens = [""] * n  # of each report's identity facts: the hash of its slim record
    where: list[_Where | None] = [None] * n
    interner = Interner()
    fresh = list(todo.fresh)
    engine.start(n, items[fresh[0]] if fresh else None)
    with collector_paused():  # (many small objects, no garbage cycles)
        damaged = _read_kept(out / FACTS_DIR, todo.reused, records, compact, tokens, where, interner)
    for i in damaged:
        del todo.reused[i]  # its slim record or its fact record is damaged: read the report again
        fresh.append(i)
        todo.counts["unchanged"] -= 1
        todo.counts["changed"] += 1
    fresh.sort()
    _read_fresh(engine, items, fresh, scratch, records, compact, tokens, where, progress, interner)
    del interner
    _mark_duplicates(records)
    # The records and identity facts live until the build ends: the cyclic collector's
    # passes leave them out (gc.freeze; freed by their counts as ever), else each full pass
    # walks millions of them.
    gc.freeze()
    clock.lap("read+extract")
    reports: list[Record] = records  # type: ignore[assignment]
    result = BuildResult(out, reports, skipped=skipped, incremental=todo.counts)
    if not result.with_status(OK):
        raise BuildError("no report could be read", result)
    if strict and (result.failed or result.skipped):
        what = ", ".join(f"{k} {kind}" for k, kind in ((len(result.failed), "report(s) failed"),
                                                       (len(result.skipped), "input path(s) skipped")) if k)
        raise BuildError(f"{what} (--strict): output not written", result)

    people = resolve_people(
        (ReportPeople(r.id, r.region, compact[i], r.published, tokens[i])
         for i, r in enumerate(reports) if r.status == OK and compact[i] is not None),
        _read_groups(cache),
    )
    del compact, tokens
    groups = people.groups
    result.people = len(set(people.values()))
    with collector_paused():
        parts = split_people(people, [r.id for r in reports if r.status != ERROR])
    del people
    gc.freeze()
    clock.lap("identity")
    signals.check()
    with staging(out, result.warnings) as tmp:
        try:
            _Writer(engine, items, todo, cache, reports, where, parts, tmp, scratch, clock, result).write()
            _write_groups(tmp / FACTS_DIR / IDENTITY_GROUPS, groups)
            del groups
        except BaseException:
            engine.close()  # no worker writes into the staging folder while it is removed
            raise
        signals.check()
        _write_view(tmp, result, clock)
        result.seconds = time.perf_counter() - start
        result.timings = clock.laps
        (tmp / REPORT_FILE).write_text(report_json(result.to_json()), encoding="utf-8")
        write_marker(tmp, __version__)
        signals.check()  # the last moment to stop: the swap comes next
    result.seconds = time.perf_counter() - start
    return result


def _read_groups(cache: incremental.Cache) -> dict:
    """The identity groups the previous build left (:data:`IDENTITY_GROUPS`), when its
    extractor and graph writer are this build's; else (or unreadable) none."""
    if (cache.folder is None or cache.version != incremental.extractor_version()
            or cache.writer != incremental.writer_version()):
        return {}
    try:
        data = json.loads((cache.folder / FACTS_DIR / IDENTITY_GROUPS).read_bytes().decode("utf-8", "surrogatepass"))
        return {name: (digest, groups) for name, (digest, groups) in data["names"].items()
                if isinstance(digest, str) and all(isinstance(g, list) and len(g) > 1
                                                   and all(isinstance(d, str) for d in g) for g in groups)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_groups(path: Path, groups: dict) -> None:
    data = {"names": {name: [digest, found] for name, (digest, found) in groups.items()}}
    path.write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))


def _read_kept(folder: Path, reused: dict, records, compact, tokens, where, interner: Interner) -> list[int]:
    """The records and identity facts of the reports an incremental build does not read
    again, from their slim records (each slim shard read once; the fact records stay where
    they are, only checked to be in place). The positions whose slim record or fact record
    is missing or damaged are returned: those reports are read again."""
    by_shard: dict[str, list[int]] = defaultdict(list)
    for i, entry in reused.items():
        by_shard[entry.shard].append(i)
    damaged = []
    for name in sorted(by_shard):
        group = sorted(by_shard[name])
        try:
            data = (folder / slim_shard(name)).read_bytes()
            ends = _line_ends(folder / name, [(reused[i].offset, reused[i].length) for i in group])
        except OSError:
            damaged.extend(group)
            continue
        for i, whole in zip(group, ends):
            entry = reused[i]
            start, length = entry.slim
            line = data[start:start + length]
            try:
                if not whole or not length or not line.endswith(b"\n") or (start and data[start - 1:start] != b"\n"):
                    raise ValueError("no slim record there")
                record, facts = loads_slim(line, interner)
                if record.id != entry.id:
                    raise ValueError("the slim record of another report")
            except ValueError:
                damaged.append(i)
                continue
            records[i], compact[i], tokens[i] = record, facts, hashlib.sha1(line).hexdigest()
            where[i] = _Where(entry.shard, entry.offset, entry.length, folder, entry.slim)
    return sorted(damaged)


def _line_ends(path: Path, places: list[tuple[int, int]]) -> list[bool]:
    """For each (offset, length): whether a whole line of ``path`` is there (it starts the
    file or follows a newline, and ends with one), without reading the lines."""
    size = path.stat().st_size
    out = []
    with open(path, "rb") as fh:
        for offset, length in places:
            ok = length > 0 and offset + length <= size
            if ok and offset:
                fh.seek(offset - 1)
                ok = fh.read(1) == b"\n"
            if ok:
                fh.seek(offset + length - 1)
                ok = fh.read(1) == b"\n"
            out.append(ok)
    return out


def report_json(data: dict) -> str:
    """``build-report.json``: the summary indented, then one line per report and per skipped
    path (JSON either way; written line by line, which is fast for 100,000 reports).

    >>> print(report_json({"summary": {"ok": 1}, "reports": [{"id": "a"}], "skipped": []}))
    {
     "summary": {
      "ok": 1
     },
     "reports": [
      {"id": "a"}
     ],
     "skipped": []
    }
    <BLANKLINE>
    """
    def dump(v) -> str:
        return json.dumps(v, ensure_ascii=False)

    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            body = ",\n".join("  " + dump(v) for v in value)
            parts.append(f" {dump(key)}: [\n{body}\n ]" if value else f" {dump(key)}: []")
        else:
            nested = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")
            parts.append(f" {dump(key)}: {nested}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _partitions(seq: list, size: int) -> list[list]:
    return [seq[i:i + size] for i in range(0, len(seq), size)]


def _read_fresh(engine, items, fresh: list[int], scratch: Path, records, compact, tokens, where, progress,
                interner: Interner) -> None:
    """Read and extract the reports at positions ``fresh`` into fact shards in ``scratch``."""
    from tqdm import tqdm

    if not fresh:
        return
    stamp = f"{time.time_ns():x}"
    groups = _partitions(fresh, engine.partition_size(len(fresh)))
    tasks = [ReadTask([items[i] for i in g], scratch / f"{stamp}-{k:05d}{SHARD_SUFFIX}") for k, g in enumerate(groups)]
    show = progress if progress is not None else (sys.stderr.isatty() and len(fresh) > PARALLEL_MIN)
    tqdm.monitor_interval = 0  # no monitor thread: workers may be forked here still (see _pool)
    with tqdm(total=len(fresh), unit="report", file=sys.stderr, disable=not show, leave=False) as bar:
        for k, (task, res) in enumerate(engine.map(read_partition, tasks)):  # to the end: the workers stop
            group = groups[k]
            if isinstance(res, BaseException):  # the partition failed, even when retried
                why = f"cannot read: its partition failed ({type(res).__name__}: {res})"
                for i in group:
                    path, doc_id, _ = items[i]
                    records[i] = Record(doc_id, shown_path(path), status=ERROR, error=why)
            else:
                for i, (slim, (offset, length), place) in zip(group, res.reports):
                    records[i], compact[i] = loads_slim(slim, interner)
                    tokens[i] = hashlib.sha1(slim).hexdigest()
                    where[i] = _Where(task.shard.name, offset, length, scratch, place)
            bar.update(len(group))
            signals.check()


class _Writer:
    """Everything after the identity pass, into the staging folder ``tmp``: the fact shards
    and their index, the graphs (N-Quads shards bulk-loaded into the store, TriG blocks put
    together into ``graph.trig``), the summary graph (:mod:`kg.rdf.summarydb`). Graphs that
    an incremental build finds unchanged are kept (store copied, TriG blocks copied), and so
    are the summary nodes that no graph written names."""

    def __init__(self, engine, items, todo, cache, reports, where, parts, tmp: Path, scratch: Path, clock, result):
        self.engine, self.items, self.todo, self.cache = engine, items, todo, cache
        self.reports, self.where, self.parts = reports, where, parts
        self.tmp, self.scratch, self.clock, self.result = tmp, scratch, clock, result
        self.facts = tmp / FACTS_DIR

    def write(self) -> None:
        self._move_shards()
        digests = [self._graph_digest(i) for i in range(len(self.reports))]
        old = self.cache
        reuse = (old.folder is not None and old.writer == incremental.writer_version()
                 and (old.folder / STORE_DIR).is_dir() and _size(old.folder / TRIG_FILE) == old.trig_size
                 and (old.folder / FACTS_DIR / SUMMARY_DB).is_file())
        keep = {i for i, e in self.todo.reused.items() if reuse and digests[i] and e.graph == digests[i]}
        todo = [i for i, r in enumerate(self.reports) if r.status != ERROR and i not in keep]
        self.result.graphs_written = len(todo)
        signals.check()
        quads_dir = self.tmp / "quads"
        quads_dir.mkdir()
        groups = _partitions(todo, self.engine.partition_size(len(todo)))
        tasks = [QuadTask([self._job(i) for i in g], quads_dir / f"{k:05d}.nq", quads_dir / f"{k:05d}.trig",
                          quads_dir / f"{k:05d}.sqlite") for k, g in enumerate(groups)]
        results = self.engine.map(quad_partition, tasks)  # started; the store copied meanwhile
        # (the workers are forked before the store's threads start: see _pool)
        if keep:
            ox.Store.read_only(str(old.folder / STORE_DIR)).backup(str(self.tmp / STORE_DIR))
            store = ox.Store(str(self.tmp / STORE_DIR))
            kept_ids = {self.reports[i].id for i in keep}
            for k, doc in enumerate(sorted({e.id for e in old.entries.values()} - kept_ids), 1):
                g = ox.NamedNode(iris.graph_iri(doc))
                if store.contains_named_graph(g):
                    store.remove_graph(g)
                if k % FLUSH_GRAPHS == 0:
                    store.flush()
        else:
            store = ox.Store(str(self.tmp / STORE_DIR))
        with os_errors(self.facts / SUMMARY_DB):  # (SQLite's full disk is an OSError)
            self._write(store, keep, old, results, groups, tasks, digests, quads_dir)
        del store  # closes the database before the folder is renamed
        shutil.rmtree(quads_dir)
        self.clock.lap("load")

    def _write(self, store, keep, old, results, groups, tasks, digests, quads_dir) -> None:
        summary = self._summary(keep, old.folder / FACTS_DIR / SUMMARY_DB if keep else None)
        # The identity pass's parts are now in the graphs' digests, the kept graphs' summary
        # records and the tasks' jobs only; each task's jobs are dropped once it is written.
        self.parts.clear()
        try:
            written: dict[int, tuple[int, int, list[str]]] = {}
            nq_files, shard_quads = [], []
            for k, (task, res) in enumerate(results):
                group = groups[k]
                if isinstance(res, BaseException):  # failed on the cluster, even when retried: here
                    res = quad_partition(task)
                task.jobs = []
                written.update(zip(group, res.graphs))
                nq_files.append(res.nquads)
                shard_quads.append(sum(g[0] for g in res.graphs))
                summary.add(task.summary)
                task.summary.unlink()
                signals.check()
            self.engine.close()  # (no more tasks: the workers' memory back)
            self.clock.lap("quads")
            count = sum(written[i][0] if i in written else self.todo.reused[i].quads
                        for i, r in enumerate(self.reports) if r.status != ERROR)
            summary.set_reports((r.id, _order(self.items[i][0])) for i, r in enumerate(self.reports)
                                if r.status != ERROR)
            copied = not summary.fresh  # the store holds the previous summary: changes applied
            # The loads: the report graphs' shards, then (a full build) the summary's TriG
            # files as they are written. A full build starts them in a thread meanwhile
            # (Oxigraph's bulk loader reads files without Python); an update of the store's
            # summary goes first. Once graph.trig is written, this thread loads too.
            loads: queue.Queue = queue.Queue()
            for k, batch in enumerate(_batches(nq_files, shard_quads, LOAD_BATCH)):
                loads.put((batch, ox.RdfFormat.N_QUADS, f"load-{k:05d}.nq"))
            loading = None
            if not copied:
                if keep:  # (the previous store, its summary replaced)
                    store.remove_graph(ox.NamedNode(SUMMARY_GRAPH))
                loading = _Background(self._load, store, loads)
            try:
                summary.update(count, _changes(store) if copied else None)
                self.result.quads = count + summary.quads
                if not copied:
                    for path in summary.write_runs(quads_dir, LOAD_BATCH):
                        loads.put(([path], ox.RdfFormat.TRIG, None))
                loads.put(None)
                self.clock.lap("summary")
                entries = self._trig(keep, written, tasks, groups, summary, digests)
                self.clock.lap("trig")
            except BaseException:
                if loading is not None:  # no more loads; the one under way ends first (nothing
                    loading.stop.set()   # may write the store once the build has failed)
                    loads.put(None)
                    loading.thread.join()
                raise
            if loading is None:
                loading = _Background(self._load, store, loads)
            self._load(store, loads)
            loading.join()
            signals.check()
        finally:
            summary.close()
        store.flush()
        index = incremental.Cache(incremental.extractor_version(), incremental.writer_version(),
                                  _size(self.tmp / TRIG_FILE), entries)
        (self.facts / incremental.INDEX_FILE).write_bytes(index.dumps())

    @staticmethod
    def _load(store: ox.Store, loads: queue.Queue, stop: threading.Event | None = None) -> None:
        """Bulk loads taken from ``loads`` until ``None`` (left there for the other loaders;
        none started once ``stop`` is set): ``(files, format, joined name)``, several files
        put together first (by the kernel) into one, so that the loader reads one file without
        Python, whose lock the summary's fold holds meanwhile (read through Python, the same
        load took 60% longer). Two loaders at once load in half the time (different threads,
        one store: Oxigraph's bulk loads ingest files of their own)."""
        while (job := loads.get()) is not None:
            paths, fmt, joined = job
            if stop is not None and stop.is_set():
                continue
            path = paths[0] if len(paths) == 1 else _joined(paths, paths[0].with_name(joined))
            try:
                store.bulk_load(path=str(path), format=fmt, lenient=True)
            finally:
                if path not in paths or fmt == ox.RdfFormat.TRIG:  # (the summary's files: once loaded)
                    path.unlink(missing_ok=True)
        loads.put(None)

    def _summary(self, keep: set[int], previous: Path | None) -> SummaryDB:
        """The summary's database in ``tmp/facts``: a copy of the previous build's without
        the records of the graphs not kept, or new (the records of kept graphs computed here
        when the previous one cannot be read)."""
        path = self.facts / SUMMARY_DB
        if previous is not None:
            try:
                summary = SummaryDB(path, previous)
            except (OSError, sqlite3.DatabaseError):
                pass
            else:
                try:
                    summary.keep(self.reports[i].id for i in keep)
                    return summary
                except sqlite3.DatabaseError:
                    summary.close()
        summary = SummaryDB(path)
        for i in sorted(keep):  # (a damaged database: the kept reports' records read again)
            job = self._job(i)
            summary.add_rows(part_rows(job.doc_id, job.order, contributions(graph_report(job), job.people)))
        return summary

    def _move_shards(self) -> None:
        """The fact shards of this build into ``tmp/facts``: the new ones moved from the
        scratch folder, the previous build's that still hold a record linked (hard links),
        or, when most of such a shard is records no longer used (reports removed or read
        again), its live records copied into a new, compacted shard."""
        os.rename(self.scratch, self.facts)
        self.scratch.mkdir()  # (removed by the build on the way out)
        old: dict[str, list[_Where]] = defaultdict(list)
        for w in self.where:
            if w is not None and w.folder != self.scratch:
                old[w.shard].append(w)
        stamp = f"{time.time_ns():x}"
        for k, (shard, live) in enumerate(sorted(old.items())):
            src = self.cache.folder / FACTS_DIR
            if 2 * sum(w.length for w in live) < _size(src / shard):
                _compact(src, self.facts, shard, f"{stamp}-c{k:05d}{SHARD_SUFFIX}", live)
                continue
            for name in (shard, slim_shard(shard)):
                try:
                    os.link(src / name, self.facts / name)
                except OSError:
                    shutil.copyfile(src / name, self.facts / name)
        for w in self.where:
            if w is not None:
                w.folder = self.facts

    def _graph_digest(self, i: int) -> str:
        r = self.reports[i]
        if r.status == ERROR or self.where[i] is None:
            return ""
        path, doc_id, _ = self.items[i]
        data = [incremental.extractor_version(), incremental.writer_version(), str(path), doc_id,
                self.todo.digests[i], r.status, r.duplicate_of, people_digest(self.parts[r.id])]
        return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()

    def _job(self, i: int) -> GraphJob:
        r, w = self.reports[i], self.where[i]
        return GraphJob(r.id, w.folder / w.shard, w.offset, w.length, r.status, r.duplicate_of, self.parts[r.id],
                        _order(self.items[i][0]))

    def _trig(self, keep, written, tasks, groups, summary: SummaryDB, digests) -> dict[str, incremental.Entry]:
        """``graph.trig``: each report's block (copied from the previous one where kept),
        then the summary's; the index entries of this build."""
        entries: dict[str, incremental.Entry] = {}
        part_of = {i: (k, j) for k, g in enumerate(groups) for j, i in enumerate(g)}
        offsets: list[list[int]] = []
        for k, g in enumerate(groups):
            pos, offs = 0, []
            for i in g:
                offs.append(pos)
                pos += written[i][1]
            offsets.append(offs)
        old_trig = self.cache.folder / TRIG_FILE if keep else None
        with open(self.tmp / TRIG_FILE, "wb") as fh, \
                (open(old_trig, "rb") if old_trig else nullcontext()) as old, ExitStack() as opened:
            fh.write(trig_header())
            copy = _RangeCopy(old, fh)  # kept blocks, consecutive ones copied as one range
            handles: dict[int, object] = {}
            for i, r in enumerate(self.reports):
                path = str(self.items[i][0])
                w = self.where[i]
                if r.status == ERROR:
                    if w is not None and self.todo.digests[i]:
                        entries[path] = incremental.Entry(r.id, self.todo.digests[i], w.shard, w.offset, w.length,
                                                          slim=w.slim)
                    continue
                start = copy.tell()
                if i in keep:
                    e = self.todo.reused[i]
                    copy.add(*e.trig)
                    quads, warnings, size = e.quads, e.warnings, e.trig[1]
                else:
                    k, j = part_of[i]
                    if k not in handles:
                        handles[k] = opened.enter_context(open(tasks[k].trig, "rb"))
                    src = handles[k]
                    src.seek(offsets[k][j])
                    quads, size, warnings = written[i]
                    copy.write(src.read(size))
                r.warnings.extend(warnings)
                if self.todo.digests[i]:
                    entries[path] = incremental.Entry(r.id, self.todo.digests[i], w.shard, w.offset, w.length,
                                                      digests[i], quads, (start, size), list(warnings), w.slim)
                signals.check()
            copy.flush()
            fh.writelines(summary.trig())
        for task in tasks:
            task.trig.unlink(missing_ok=True)
        return entries


class _RangeCopy:
    """Byte ranges of file ``src`` appended to file ``dst``; adjacent ranges are copied as
    one (``os.copy_file_range``: in the kernel, where the system has it)."""

    def __init__(self, src, dst) -> None:
        self.src, self.dst = src, dst
        self.start, self.length = 0, 0  # the range not yet copied
        self.end = dst.tell()  # where the next byte lands in ``dst``

    def tell(self) -> int:
        """Where the next byte lands in ``dst``."""
        return self.end

    def add(self, start: int, length: int) -> None:
        self.end += length
        if self.length and start == self.start + self.length:
            self.length += length
            return
        self.flush()
        self.start, self.length = start, length

    def write(self, data: bytes) -> None:
        """Bytes appended after the ranges added so far."""
        self.flush()
        self.dst.write(data)
        self.end += len(data)

    def flush(self) -> None:
        if not self.length:
            return
        self.dst.flush()
        start, left, out = self.start, self.length, self.dst.tell()
        try:
            while left:
                n = os.copy_file_range(self.src.fileno(), self.dst.fileno(), left, start, out)
                if n == 0:
                    break
                start, left, out = start + n, left - n, out + n
        except (AttributeError, OSError):  # no copy_file_range here (or not across these files)
            pass
        if left:  # the rest read and written
            self.src.seek(start)
            self.dst.seek(out)
            while left:
                chunk = self.src.read(min(left, 1 << 22))
                if not chunk:
                    raise OSError(f"{self.src.name}: shorter than its index says")
                self.dst.write(chunk)
                left, out = left - len(chunk), out + len(chunk)
            self.dst.flush()
        self.dst.seek(out)
        self.start, self.length = 0, 0


def _joined(paths: list[Path], out: Path) -> Path:
    """The files ``paths`` put together into ``out``."""
    with open(out, "wb") as dst:
        for path in paths:
            with open(path, "rb") as src:
                copy = _RangeCopy(src, dst)
                copy.add(0, os.fstat(src.fileno()).st_size)
                copy.flush()
    return out


def _batches(paths: list[Path], sizes: list[int], most: int) -> Iterator[list[Path]]:
    """``paths`` in order, in runs of at most ``most`` quads (a single bigger shard alone)."""
    batch, total = [], 0
    for path, n in zip(paths, sizes):
        if batch and total + n > most:
            yield batch
            batch, total = [], 0
        batch.append(path)
        total += n
    if batch:
        yield batch


def _compact(src: Path, dst: Path, shard: str, name: str, live: list[_Where]) -> None:
    """Copy the records ``live`` of fact shard ``src/shard`` (and their slim records) into
    a new shard ``dst/name`` (temporary name, then renamed), in their order; ``live`` then
    points there."""
    fact_tmp, slim_tmp = dst / (name + ".tmp"), dst / (slim_shard(name) + ".tmp")
    with open(src / shard, "rb") as facts, open(src / slim_shard(shard), "rb") as slims, \
            open(fact_tmp, "wb") as fact_out, open(slim_tmp, "wb") as slim_out:
        fact_copy, slim_copy = _RangeCopy(facts, fact_out), _RangeCopy(slims, slim_out)
        for w in sorted(live, key=lambda w: w.offset):
            offset, slim = fact_copy.tell(), (slim_copy.tell(), w.slim[1])
            fact_copy.add(w.offset, w.length)
            slim_copy.add(*w.slim)
            w.shard, w.offset, w.slim = name, offset, slim
        fact_copy.flush()
        slim_copy.flush()
    os.replace(slim_tmp, dst / slim_shard(name))
    os.replace(fact_tmp, dst / name)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -2


class _Background:
    """``fn(*args, stop)`` in a thread (``stop``: a :class:`threading.Event` it heeds);
    :meth:`join` waits for it and raises what it raised."""

    def __init__(self, fn, *args) -> None:
        self.error: BaseException | None = None
        self.stop = threading.Event()

        def run() -> None:
            try:
                fn(*args, self.stop)
            except BaseException as exc:  # handed to the caller
                self.error = exc

        self.thread = threading.Thread(target=run, name="kg-load")
        self.thread.start()

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


def _order(path: Path) -> bytes:
    """Where a report comes in a build's reports (:func:`kg.ingest.find_reports` sorts them so)."""
    return os.fsencode(os.path.abspath(path))


#: Quads written into a store's memory tables between flushes (see :func:`_changes`), and
#: about as many in report graphs removed (a report's graph holds 250–300 quads).
FLUSH_QUADS = 50_000
FLUSH_GRAPHS = FLUSH_QUADS // 250


def _changes(store: ox.Store):
    """Applies a summary's changed lines (old, new N-Quads text) to ``store``, flushed
    every :data:`FLUSH_QUADS` quads: RocksDB keeps writes in memory tables of up to 64 MiB a
    column family before it writes them out by itself (at 100,000 reports an incremental
    build's summary changes grew the build by 270 MiB that way)."""
    written = 0

    def change(old: str, new: str) -> None:
        nonlocal written
        for q in ox.parse(old.encode("utf-8", "replace"), format=ox.RdfFormat.N_QUADS):
            store.remove(q)
        store.extend(ox.parse(new.encode("utf-8", "replace"), format=ox.RdfFormat.N_QUADS))
        written += old.count("\n") + new.count("\n")
        if written >= FLUSH_QUADS:
            store.flush()
            written = 0

    return change


class _LocalEngine:
    """Partition tasks in worker processes of this machine (in this process when few)."""

    def __init__(self, jobs: int | None) -> None:
        self.jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
        self.total = 0
        self.pool = None  # forked once, when the first tasks run in workers, and kept

    def partition_size(self, n: int) -> int:
        self.total = n
        if not self.parallel(n):
            return 256
        return max(1, min(64, n // (self.jobs * 8)))

    def parallel(self, n: int) -> bool:
        return self.jobs > 1 and n > PARALLEL_MIN

    def start(self, n: int, item=None) -> None:
        """Fork the workers now, while this process is small, when a build of ``n`` reports
        may use them (an incremental build reads the records of the reports it keeps next:
        forked after that, at 100,000 reports the workers held 580 MiB of its pages); report
        ``item`` is read here first, so that they inherit warm lexicon caches."""
        if self.pool is None and self.parallel(n):
            if item is not None:
                process(item)
            self.pool = _pool(self.jobs)

    def map(self, fn, tasks: list) -> Iterator:
        """``(task, fn(task))`` in order; started at once when run in workers. The workers
        are forked once (:meth:`start`, else for the first tasks: the reading, while this
        process is small) and run the later tasks too: forked after the identity pass, they
        would inherit its heap and copy the pages they write into (at 100,000 reports: 700
        MiB more)."""
        if not self.parallel(self.total) or len(tasks) <= 1:
            return ((t, fn(t)) for t in tasks)
        if self.pool is None:
            self.pool = _pool(self.jobs)
        results = self.pool.imap(fn, tasks)

        def gen():
            done = False
            try:
                for t in tasks:
                    yield t, next(results)
                done = True
            finally:
                if not done:  # stopped half-way: the workers may still be at its tasks
                    self.close()

        return gen()

    def close(self) -> None:
        """Stop the workers (when no more tasks come, or a build stopped half-way)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.terminate()
            pool.join()


@contextmanager
def _engine(jobs: int | None, dask: str | bool | None):
    if dask is None or dask is False:
        engine = _LocalEngine(jobs)
    else:
        from .distributed import DaskEngine, DaskMissing

        try:
            engine = DaskEngine(None if dask is True else dask, jobs)
        except DaskMissing as exc:
            raise BuildError(str(exc)) from None
    try:
        yield engine
    finally:
        engine.close()


def _write_view(folder: Path, result: BuildResult, clock: _Clock) -> None:
    """``leadership.html``: the network view of the graph just stored (at most
    ``kg.views.BUILD_MAX_NODES`` nodes). A view that fails costs a warning, not the build;
    above :data:`VIEW_MAX_REPORTS` reports there is none (a warning says so)."""
    reports = len(result.with_status(OK))
    if reports > VIEW_MAX_REPORTS:
        result.warnings.append(
            f"{VIEW_FILE} not written: {reports:,} reports (more than {VIEW_MAX_REPORTS:,}); "
            f"make focused views with `kg viz --graph {result.out} -o view.html --org NAME` (or --person)")
        clock.lap("view")
        return
    try:
        from .views import BUILD_MAX_NODES, render

        render(folder, folder / VIEW_FILE, max_nodes=BUILD_MAX_NODES)
    except Exception as exc:  # the graph matters more than its picture
        (folder / VIEW_FILE).unlink(missing_ok=True)
        result.warnings.append(f"{VIEW_FILE} not written: {type(exc).__name__}: {exc}")
    clock.lap("view")


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


# -- reading and extraction ----------------------------------------------------------------

def _assign_ids(paths: list[Path]) -> list[tuple[Path, str, str]]:
    """``(path, report id, warning)``: the id is the file name without extension, made unique
    (``a~2``) in the order of ``paths`` (sorted by :func:`kg.ingest.find_reports`, so that
    the ids do not depend on the order of the inputs)."""
    taken: dict[str, Path] = {}
    items = []
    for path in paths:
        stem = report_id(path)
        doc_id, n = stem, 2
        while doc_id in taken:
            doc_id, n = f"{stem}~{n}", n + 1
        warning = "" if doc_id == stem else (
            f"id {stem!r} is already taken by {shown_path(taken[stem])}; this report is {doc_id!r}")
        taken[doc_id] = path
        items.append((path, doc_id, warning))
    return items


def process(item: tuple[Path, str, str]) -> Report:
    """Read and extract one report; any failure is recorded in the returned :class:`Report`."""
    path, doc_id, warning = item
    try:
        doc = read_document(path)
    except ReportError as exc:
        return Report(doc_id, shown_path(path), status=ERROR, error=str(exc))
    except Exception as exc:  # one bad report must not stop the build
        return Report(doc_id, shown_path(path), status=ERROR, error=f"cannot read: {type(exc).__name__}: {exc}")
    doc.id = doc_id
    # Same normalised text, whitespace aside: a duplicate (whatever the encoding or format).
    text_hash = hashlib.sha1("".join(doc.text.split()).encode("utf-8", "surrogatepass")).hexdigest()
    report = Report.from_document(doc, text_hash)
    if warning:
        report.warnings.append(warning)
    try:
        report.facts = extract_all(doc)
    except Exception as exc:
        report.status = ERROR
        report.error = f"extraction failed: {type(exc).__name__}: {exc}"
    return report


def _pool(jobs: int):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    # SIGTERM waits while the workers are forked: raised in an at-fork callback, its
    # exception would be lost (and printed as "Exception ignored"). Blocked here, in this
    # thread: no other thread may run then (tqdm's monitor, a store's), or it takes the signal.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        return ctx.Pool(jobs, initializer=_worker_signals)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _worker_signals() -> None:
    """Workers leave SIGINT (the terminal sends it to all) to the main process, which stops
    them, and die quietly on SIGTERM (how the pool stops them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _mark_duplicates(reports: list[Report]) -> None:
    """A report with the same normalised text as an earlier one (in sorted path order) is a
    duplicate of it."""
    first: dict[str, str] = {}
    for r in reports:
        if r.status != OK:
            continue
        if r.text_hash in first:
            r.status, r.duplicate_of, r.facts = DUPLICATE, first[r.text_hash], None
        else:
            first[r.text_hash] = r.id
