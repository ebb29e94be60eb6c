"""The summary graph (:mod:`kg.rdf.summary`) kept in a SQLite database, so that a build's
memory does not grow with the corpus and an incremental build recomputes only the summary
nodes that the reports it writes touch.

Tables:

- ``contrib``: each report's records (:func:`kg.rdf.summary.contributions`): node key,
  report order, report id, data (JSON). The graph writers (:func:`kg.shards.quad_partition`,
  in worker processes) write them to one small database per partition (:func:`write_part`),
  which :meth:`SummaryDB.add` copies in.
- ``nodes``: each node's N-Quads lines (``nq``), their number (``n``) and its TriG text
  (``trig``, the lines as they stand inside the summary's ``GRAPH {}`` block), so that
  ``graph.trig`` and the store are written from here, one node at a time.
- ``reports``: the reports summed up (read, duplicates included) and their order.

A build over an earlier output copies its database (:class:`SummaryDB` with ``previous``),
drops the records of the reports whose graphs it does not keep (:meth:`SummaryDB.keep`),
adds the new ones, and :meth:`SummaryDB.update` folds again only the nodes whose records
changed (and the totals), handing each changed node's old and new lines to the caller (who
updates the store). The nodes are in key order (:mod:`kg.rdf.summary`): full and
incremental builds write the same bytes.

    db = SummaryDB(path)                     # a fresh database
    db.add(part)                             # the records of one partition
    db.set_reports([(doc_id, order), ...])
    db.update(report_quads)                  # nodes folded; .quads: lines of the summary
    for chunk in db.trig(): ...
"""
from __future__ import annotations

import errno
import io
import json
import json.encoder
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path

from . import trig as _trig
from .summary import COUNTED, TOTALS_KEY, lines_of, node_triples, totals_triples

#: Pages of SQLite's cache (KiB when negative): bounds what the database holds in memory.
CACHE_KIB = 32 * 1024
#: Nodes folded (and their TriG written) at a time.
BATCH = 2000

_TABLES = """
CREATE TABLE IF NOT EXISTS contrib(key TEXT NOT NULL, ord BLOB NOT NULL, report TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(key TEXT PRIMARY KEY, n INTEGER NOT NULL, nq TEXT NOT NULL, trig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS reports(id TEXT PRIMARY KEY, ord BLOB NOT NULL);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS contrib_key ON contrib(key, ord);
CREATE INDEX IF NOT EXISTS contrib_report ON contrib(report);
CREATE INDEX IF NOT EXISTS nodes_n ON nodes(key, n);
"""


_OS_ERRORS = {13: (errno.ENOSPC, "No space left on device"), 8: (errno.EACCES, "Permission denied"),
              14: (errno.EACCES, "cannot open the database"), 10: (errno.EIO, "Input/output error")}


@contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """SQLite's errors of the file system (full disk, no permission, I/O) as the
    :class:`OSError` they are (a build reports them as it does any other)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        code = code & 0xFF if code is not None else (13 if "disk is full" in str(exc) else None)
        if code not in _OS_ERRORS:
            raise
        number, text = _OS_ERRORS[code]
        raise OSError(number, f"{text} ({exc})", str(path)) from None


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    db.execute("PRAGMA temp_store=FILE")
    db.execute("PRAGMA journal_mode=OFF")  # a staging folder: a failed build is thrown away
    db.execute("PRAGMA synchronous=OFF")
    return db


def _record_encoder() -> Callable[[list], str]:
    """``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` of a record (a list of
    plain data), its encoder made once: ``json.dumps`` makes one at each call, and a build
    encodes a record for every summary node of every report. (CPython's C encoder where the
    json module has one, else the encoder's ``encode``: the same text.)"""
    enc = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return enc.encode
    c = make(None, enc.default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda data: "".join(c(data, 0))


_encode_record = _record_encoder()


def part_rows(doc_id: str, order: bytes, records: dict[str, list]) -> list[tuple[str, bytes, str, str]]:
    """Rows of ``contrib`` for one report's records."""
    encode = _encode_record
    return [(key, order, doc_id, encode(data)) for key, data in records.items()]


def write_part(path: Path, rows: Iterable[tuple[str, bytes, str, str]]) -> None:
    """A partition's records, as a database of one ``contrib`` table at ``path``."""
    path.unlink(missing_ok=True)
    db = _connect(path)
    try:
        db.executescript(_TABLES)
        db.execute("BEGIN")
        db.executemany("INSERT INTO contrib VALUES (?, ?, ?, ?)", rows)
        db.execute("COMMIT")
    finally:
        db.close()


class SummaryDB:
    """The summary's database at ``path``: new, or a copy of ``previous`` (an earlier
    build's; :class:`sqlite3.DatabaseError` if it cannot be read)."""

    def __init__(self, path: Path, previous: Path | None = None) -> None:
        path.unlink(missing_ok=True)
        self.fresh = previous is None
        if previous is not None:
            shutil.copyfile(previous, path)
        self.db = _connect(path)
        self.quads = 0  # lines of the summary graph (after update)
        self.fetched = 0  # records read by the last update (tests check it)
        try:
            if previous is not None:
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if not {"contrib", "nodes", "reports"} <= tables:
                    raise sqlite3.DatabaseError(f"{previous}: not a summary database")
            self.db.executescript(_TABLES)
            self.db.execute("CREATE TEMP TABLE dirty(key TEXT PRIMARY KEY) WITHOUT ROWID")
            self.db.execute("BEGIN")
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.close()

    def keep(self, ids: Iterable[str]) -> None:
        """Drop the records of every report but ``ids`` (their nodes are folded again)."""
        db = self.db
        db.execute("CREATE TEMP TABLE kept(id TEXT PRIMARY KEY) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((i,) for i in ids))
        db.execute("CREATE TEMP TABLE gone(id TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute("INSERT INTO gone SELECT DISTINCT report FROM contrib WHERE report NOT IN (SELECT id FROM kept)")
        db.execute("INSERT OR IGNORE INTO dirty SELECT key FROM contrib WHERE report IN (SELECT id FROM gone)")
        db.execute("DELETE FROM contrib WHERE report IN (SELECT id FROM gone)")
        db.execute("DELETE FROM reports WHERE id NOT IN (SELECT id FROM kept)")
        db.execute("DROP TABLE gone")
        db.execute("DROP TABLE kept")

    def add(self, part: Path) -> None:
        """The records of a partition (written by :func:`write_part`)."""
        self.db.execute("ATTACH DATABASE ? AS part", (str(part),))
        try:
            if not self.fresh:
                self.db.execute("INSERT OR IGNORE INTO dirty SELECT key FROM part.contrib")
            self.db.execute("INSERT INTO contrib SELECT * FROM part.contrib")
        finally:
            self.db.execute("COMMIT")
            self.db.execute("DETACH DATABASE part")
            self.db.execute("BEGIN")

    def add_rows(self, rows: Iterable[tuple[str, bytes, str, str]]) -> None:
        """Records given here (rows of :func:`part_rows`)."""
        rows = list(rows)
        if not self.fresh:
            self.db.executemany("INSERT OR IGNORE INTO dirty VALUES (?)", ((r[0],) for r in rows))
        self.db.executemany("INSERT INTO contrib VALUES (?, ?, ?, ?)", rows)

    def set_reports(self, reports: Iterable[tuple[str, bytes]]) -> None:
        """The reports of this build (id, order), read ones only; a kept report whose order
        changed has its nodes folded again."""
        db = self.db
        db.execute("CREATE TEMP TABLE now(id TEXT PRIMARY KEY, ord BLOB NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO now VALUES (?, ?)", reports)
        moved = db.execute("SELECT now.id, now.ord FROM now JOIN reports ON reports.id = now.id "
                           "WHERE reports.ord != now.ord").fetchall()
        for doc, order in moved:
            db.execute("INSERT OR IGNORE INTO dirty SELECT key FROM contrib WHERE report = ?", (doc,))
            db.execute("UPDATE contrib SET ord = ? WHERE report = ?", (order, doc))
        db.execute("DELETE FROM reports")
        db.execute("INSERT INTO reports SELECT id, ord FROM now")
        db.execute("DROP TABLE now")

    def update(self, report_quads: int, change: Callable[[str, str], None] | None = None) -> None:
        """Fold the nodes whose records changed (every node of a fresh database) and the
        totals (``report_quads``: quads of the report graphs); ``change(old, new)`` is called
        with the N-Quads text of the changed nodes, some at a time."""
        db = self.db
        for statement in filter(str.strip, _INDEXES.split(";")):
            db.execute(statement)
        self.fetched = 0
        if self.fresh:
            rows = db.execute("SELECT key, report, data FROM contrib ORDER BY key, ord")
            groups = ((key, [(doc, data) for _, doc, data in g]) for key, g in groupby(rows, key=lambda r: r[0]))
        else:
            keys = db.execute("SELECT key FROM dirty ORDER BY key")  # (a cursor: read as it goes)
            groups = ((key, db.execute("SELECT report, data FROM contrib WHERE key = ? ORDER BY ord",
                                       (key,)).fetchall()) for (key,) in keys)
        batch: list[tuple[str, list[tuple[str, str]]]] = []
        for item in groups:
            batch.append(item)
            if len(batch) >= BATCH:
                self._fold(batch, change)
                batch = []
        self._fold(batch, change)
        counts = {kind: db.execute("SELECT COUNT(*) FROM nodes WHERE key >= ? AND key < ?",
                                   (kind, chr(ord(kind) + 1))).fetchone()[0] for _, kind in COUNTED}
        quads = db.execute("SELECT COALESCE(SUM(n), 0) FROM nodes WHERE key < ?", (TOTALS_KEY,)).fetchone()[0]
        reports = db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        totals = totals_triples(reports, counts, report_quads, quads)
        self._store([(TOTALS_KEY, totals)], change)
        self.quads = quads + len(totals)
        db.execute("DELETE FROM dirty")
        db.execute("COMMIT")
        db.execute("BEGIN")

    def _fold(self, batch: list[tuple[str, list[tuple[str, str]]]], change) -> None:
        done = []
        for key, records in batch:
            self.fetched += len(records)
            triples = node_triples(key, ((doc, json.loads(data)) for doc, data in records)) if records else None
            done.append((key, triples))
        self._store(done, change)

    def _store(self, nodes: list[tuple[str, list[tuple[str, str, str]] | None]], change) -> None:
        """Write nodes (their triples; ``None``: gone), telling ``change`` what differs from before."""
        if not nodes:
            return
        db = self.db
        before = {} if self.fresh else dict(db.execute(
            f"SELECT key, nq FROM nodes WHERE key IN ({','.join('?' * len(nodes))})", [k for k, _ in nodes]))
        texts = [(k, triples, "".join(lines_of(triples)) if triples is not None else None) for k, triples in nodes]
        changed = [(k, triples, nq) for k, triples, nq in texts if before.get(k) != nq]
        if not changed:
            return
        gone = [k for k, triples, _ in changed if triples is None]
        present = [(k, triples, nq) for k, triples, nq in changed if triples is not None]
        db.executemany("DELETE FROM nodes WHERE key = ?", ((k,) for k in gone))
        db.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?)",
                       [(k, len(triples), nq, _trig_chunk(triples)) for k, triples, nq in present])
        if change is not None:
            change("".join(before.get(k, "") for k, _, _ in changed), "".join(nq for _, _, nq in present))

    def trig(self) -> Iterator[bytes]:
        """The summary graph's TriG block (without prefix declarations, which open
        ``graph.trig``), some nodes at a time."""
        yield f"<{_graph()}> {{\n".encode()
        for (chunk,) in self.db.execute("SELECT trig FROM nodes ORDER BY key"):
            yield chunk
        yield b"}\n"

    def nquads(self, most: int) -> Iterator[io.RawIOBase]:
        """The summary's N-Quads in runs of about ``most`` quads (each a stream to read to
        its end before the next), for bulk loads of bounded size."""
        rows = self.db.execute("SELECT n, nq FROM nodes ORDER BY key")
        pending = [next(rows, None)]

        def run() -> Iterator[bytes]:
            total = 0
            while pending[0] is not None:
                n, nq = pending[0]
                if total and total + n > most:
                    return
                total += n
                yield nq.encode("utf-8", "replace")
                pending[0] = next(rows, None)

        while pending[0] is not None:
            yield _Stream(run())


class _Stream(io.RawIOBase):
    """An iterator of bytes, read as a file."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks, self.rest = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.rest:
            self.rest = next(self.chunks, None)
            if self.rest is None:
                self.rest = b""
                return 0
        n = min(len(buffer), len(self.rest))
        buffer[:n] = self.rest[:n]
        self.rest = self.rest[n:]
        return n


def _graph() -> str:
    from .summary import SUMMARY_GRAPH

    return SUMMARY_GRAPH


def _trig_chunk(triples: list[tuple[str, str, str]]) -> bytes:
    """A node's TriG text inside the summary's ``GRAPH {}`` block (:func:`kg.rdf.trig.statements`:
    as Oxigraph's serializer writes it, each term checked; ``b""`` for a node without triples)."""
    return _trig.statements(triples).encode("utf-8", "replace")
