"""``kg build``: report files -> facts -> one named graph per report -> Oxigraph store + TriG.

Stages: discover files; read and extract each report (in worker processes when there are
many; results stay in input order, so the output is deterministic); mark duplicates; the
person-identity pass over all reports; N-Quads text of each report's graph (written as
text: no rdflib in the hot path); ``graph.trig`` serialised from it by Oxigraph; the
Oxigraph store bulk-loaded from ``graph.trig``; ``build-report.json``. (Serialising the
parsed N-Quads is ~4x faster than dumping the store, whose reads dominate a dump.)
Everything is written into a staging folder that replaces ``OUT`` only when complete, with
the marker of what the build wrote; ``OUT`` is locked for the whole build (:mod:`kg.outdir`).

A report that cannot be read or whose extraction fails is recorded with its reason and the
build goes on; so is an input path that cannot be used (missing, unreadable, a dangling
link: ``skipped``). :class:`BuildError` is raised (and ``OUT`` left untouched) when no
report could be read, when ``OUT`` may not be replaced or another build writes it, or with
``strict=True`` when any report failed or any path was skipped.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .extract import extract_all
from . import __version__, incremental, signals
from .ingest import ReportError, find_reports, read_document, report_id, shown_path
from .outdir import OutputError, check_replaceable, locked, remove_stale, staging, target, write_marker
from .rdf import ReportPeople, report_quads, resolve_people
from .rdf.summary import Summary
from .rdf.namespaces import TRIG_PREFIXES
from .report import DUPLICATE, ERROR, FACT_KINDS, OK, Report
from .store import REPORT_FILE, STORE_DIR, TRIG_FILE

NQUADS_FILE = "graph.nq"  # scratch file in the staging folder
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
) -> BuildResult:
    """Build the graph of the reports in ``inputs`` (files, folders) into folder ``out``.

    ``jobs``: worker processes for reading and extraction (default: CPU count; used above
    :data:`PARALLEL_MIN` reports). ``progress``: show a progress bar on stderr (default:
    when stderr is a terminal and there are many reports).
    """
    start = time.perf_counter()
    try:
        out = target(out)
        with locked(out):
            return _build(inputs, out, strict, jobs, progress, start)
    except OutputError as exc:
        raise BuildError(str(exc)) from None


def _build(inputs, out: Path, strict: bool, jobs: int | None, progress: bool | None, start: float) -> BuildResult:
    remove_stale(out)  # a killed build's leftovers (its previous output put back first)
    check_replaceable(out)
    found = find_reports(inputs)
    if not found.paths:
        raise BuildError("no report files (.txt, .html, .htm) found in the inputs",
                         BuildResult(out, [], skipped=found.skipped))

    clock = _Clock()
    items = _assign_ids(found.paths)
    todo = incremental.plan(items, incremental.load(out))  # reports unchanged since the last build
    fresh = iter(_read_all([items[i] for i in todo.fresh], jobs, progress) if todo.fresh else ())
    reports = [todo.reused[i] if i in todo.reused else next(fresh) for i in range(len(items))]
    cache = incremental.record(items, reports, todo.digests).dumps()  # before duplicates are marked
    _mark_duplicates(reports)
    clock.lap("read+extract")
    result = BuildResult(out, reports, skipped=found.skipped, incremental=todo.counts)
    if not result.with_status(OK):
        raise BuildError("no report could be read", result)
    if strict and (result.failed or result.skipped):
        what = ", ".join(f"{n} {kind}" for n, kind in ((len(result.failed), "report(s) failed"),
                                                       (len(result.skipped), "input path(s) skipped")) if n)
        raise BuildError(f"{what} (--strict): output not written", result)

    people = resolve_people(
        ReportPeople(r.id, r.region, r.facts, r.published) for r in reports if r.status == OK and r.facts is not None
    )
    result.people = len(set(people.values()))
    clock.lap("identity")
    signals.check()
    with staging(out, result.warnings) as tmp:
        (tmp / incremental.CACHE_FILE).write_bytes(cache)
        del cache
        result.quads = _write_nquads(reports, people, tmp / NQUADS_FILE)
        clock.lap("quads")
        signals.check()
        _write_graph(tmp, clock)
        signals.check()
        _write_view(tmp, result, clock)
        result.seconds = time.perf_counter() - start
        result.timings = clock.laps
        (tmp / REPORT_FILE).write_text(
            json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        write_marker(tmp, __version__)
        signals.check()  # the last moment to stop: the swap comes next
    result.seconds = time.perf_counter() - start
    return result


def _write_nquads(reports: list[Report], people: dict[tuple[str, str], str], path: Path) -> int:
    """Write every report's named graph, then the summary graph (:mod:`kg.rdf.summary`), as
    N-Quads text; return the number of quads."""
    count = 0
    summary = Summary()
    with path.open("wb") as fh:
        for r in reports:
            if r.status != ERROR:
                lines = report_quads(r, people)
                count += len(lines)
                fh.write("".join(lines).encode("utf-8", "replace"))
                summary.add(r, people)
        lines = summary.lines(report_quads=count)
        fh.write("".join(lines).encode("utf-8", "replace"))
    return count + len(lines)


def _write_graph(folder: Path, clock: _Clock) -> None:
    """``graph.trig`` from the N-Quads (parsed strictly: a writer bug fails here), then the
    store bulk-loaded from ``graph.trig``: the two hold exactly the same quads."""
    nquads, trig = folder / NQUADS_FILE, folder / TRIG_FILE
    quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(trig), ox.RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
    nquads.unlink()
    clock.lap("trig")
    store = ox.Store(str(folder / STORE_DIR))
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG, lenient=True)  # validated above
    store.flush()
    del store  # closes the database before the folder is renamed
    clock.lap("load")


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


def _read_all(items: list[tuple[Path, str, str]], jobs: int | None, progress: bool | None) -> list[Report]:
    """:func:`process` every item, in worker processes when there are many; in input order."""
    from tqdm import tqdm

    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    parallel = jobs > 1 and len(items) > PARALLEL_MIN
    show = progress if progress is not None else (sys.stderr.isatty() and len(items) > PARALLEL_MIN)
    # The first report is read here, so that the workers inherit warm lexicon caches; the
    # workers are forked before the progress bar starts its thread.
    reports = [process(items[0])] if parallel else []
    with _pool(jobs) if parallel else nullcontext() as pool, tqdm(
        total=len(items), initial=len(reports), unit="report", file=sys.stderr, disable=not show, leave=False
    ) as bar:
        rest = items[len(reports):]
        chunk = max(1, min(32, len(rest) // (jobs * 8)))
        for report in pool.imap(process, rest, chunksize=chunk) if pool else map(process, rest):
            reports.append(report)
            bar.update()
            signals.check()
    return reports


def _pool(jobs: int):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    # SIGTERM waits while the workers are forked: raised in an at-fork callback, its
    # exception would be lost (and printed as "Exception ignored")
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
