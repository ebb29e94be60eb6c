"""The summary graph (:mod:`kg.rdf.summary`) kept in a SQLite database, so that a build's
memory does not grow with the corpus and an incremental build recomputes only the summary
nodes that the reports it writes touch.

Tables:

- ``contrib``: each report's records (:func:`kg.rdf.summary.contributions`): node key,
  report order, report id, data (JSON). The graph writers (:func:`kg.shards.quad_partition`,
  in worker processes) write them to one small database per partition (:func:`write_part`),
  which :meth:`SummaryDB.add` copies in.
- ``nodes``: each node's fold of its records (``state``, :func:`kg.rdf.summary.fold`, and
  ``ford``, the order of its first report), the number of its lines (``n``) and its TriG text
  (``trig``, the lines as they stand inside the summary's ``GRAPH {}`` block), so that
  ``graph.trig`` and the store are written from here, one node at a time.
- ``reports``: the reports summed up (read, duplicates included) and their order.

A build over an earlier output copies its database (:class:`SummaryDB` with ``previous``),
drops the records of the reports whose graphs it does not keep (:meth:`SummaryDB.keep`),
adds the new ones, and :meth:`SummaryDB.update` folds again only the nodes whose records
changed (and the totals), handing each changed node's old and new lines to the caller (who
updates the store). A node that only gained records is not folded again from all of them:
the fold of the new ones is merged into its state (:func:`kg.rdf.summary.merge`); a node
that lost records (a report removed, changed or moved; a report whose graph is written again
with the same record for the node is neither) is folded again from all. The nodes are in key
order (:mod:`kg.rdf.summary`): full and incremental builds write the same bytes.

    db = SummaryDB(path)                     # a fresh database
    db.add(part)                             # the records of one partition
    db.set_reports([(doc_id, order), ...])
    db.update(report_quads)                  # nodes folded; .quads: lines of the summary
    for chunk in db.trig(): ...
    for path in db.write_runs(folder, most): ...  # TriG files of about ``most`` quads, to bulk-load
"""
from __future__ import annotations

import errno
import json
import json.encoder
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path

from . import trig as _trig
from .namespaces import TRIG_PREFIXES
from .summary import COUNTED, TOTALS_KEY, fold, lines_of, merge, render, totals_triples

#: Pages of SQLite's cache (KiB when negative): bounds what the database holds in memory.
CACHE_KIB = 32 * 1024
#: Nodes folded (and their TriG written) at a time.
BATCH = 2000

_TABLES = """
CREATE TABLE IF NOT EXISTS contrib(key TEXT NOT NULL, ord BLOB NOT NULL, report TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(key TEXT PRIMARY KEY, n INTEGER NOT NULL, ford BLOB NOT NULL, state TEXT NOT NULL,
                                 trig BLOB NOT NULL);
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
        self.folds = 0  # nodes folded again from all their records by the last update
        try:
            if previous is not None:
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if not {"contrib", "nodes", "reports"} <= tables:
                    raise sqlite3.DatabaseError(f"{previous}: not a summary database")
            self.db.executescript(_TABLES)
            # nodes that lost records (folded again from all), records added and removed by this build
            self.db.execute("CREATE TEMP TABLE dirty(key TEXT PRIMARY KEY) WITHOUT ROWID")
            for table in ("added", "removed"):
                self.db.execute(f"CREATE TEMP TABLE {table}(key TEXT NOT NULL, ord BLOB NOT NULL, "
                                "report TEXT NOT NULL, data TEXT NOT NULL)")
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
        db.execute("INSERT INTO removed SELECT * FROM contrib WHERE report IN (SELECT id FROM gone)")
        db.execute("DELETE FROM contrib WHERE report IN (SELECT id FROM gone)")
        db.execute("DELETE FROM reports WHERE id NOT IN (SELECT id FROM kept)")
        db.execute("DROP TABLE gone")
        db.execute("DROP TABLE kept")

    def add(self, part: Path) -> None:
        """The records of a partition (written by :func:`write_part`)."""
        self.db.execute("ATTACH DATABASE ? AS part", (str(part),))
        try:
            if not self.fresh:
                self.db.execute("INSERT INTO added SELECT * FROM part.contrib")
            self.db.execute("INSERT INTO contrib SELECT * FROM part.contrib")
        finally:
            self.db.execute("COMMIT")
            self.db.execute("DETACH DATABASE part")
            self.db.execute("BEGIN")

    def add_rows(self, rows: Iterable[tuple[str, bytes, str, str]]) -> None:
        """Records given here (rows of :func:`part_rows`)."""
        rows = list(rows)
        if not self.fresh:
            self.db.executemany("INSERT INTO added VALUES (?, ?, ?, ?)", rows)
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
        self.fetched = self.folds = 0
        if self.fresh:
            rows = db.execute("SELECT key, ord, report, data FROM contrib ORDER BY key, ord")
            groups = ((key, True, [r[1:] for r in g]) for key, g in groupby(rows, key=lambda r: r[0]))
        else:
            db.execute("CREATE INDEX added_key ON added(key, report)")
            # a report written again that gives a node the same record as before: no change there
            db.execute("CREATE TEMP TABLE same AS SELECT a.rowid AS a, r.rowid AS r FROM added a JOIN removed r "
                       "ON r.key = a.key AND r.report = a.report AND r.ord = a.ord AND r.data = a.data")
            db.execute("DELETE FROM added WHERE rowid IN (SELECT a FROM same)")
            db.execute("DELETE FROM removed WHERE rowid IN (SELECT r FROM same)")
            db.execute("DROP TABLE same")
            db.execute("INSERT OR IGNORE INTO dirty SELECT key FROM removed")
            keys = db.execute("SELECT key, MAX(lost) FROM (SELECT key, 1 AS lost FROM dirty UNION ALL "
                              "SELECT key, 0 FROM added) GROUP BY key ORDER BY key")  # (a cursor: read as it goes)
            groups = ((key, bool(lost), db.execute(
                f"SELECT ord, report, data FROM {'contrib' if lost else 'added'} WHERE key = ? ORDER BY ord",
                (key,)).fetchall()) for key, lost in keys)
        batch: list[tuple[str, bool, list[tuple[bytes, str, str]]]] = []
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
        self._fold([(TOTALS_KEY, True, [])], change, totals)
        self.quads = quads + len(totals)
        for table in ("dirty", "added", "removed"):
            db.execute(f"DELETE FROM {table}")
        db.execute("DROP INDEX IF EXISTS added_key")
        db.execute("COMMIT")
        db.execute("BEGIN")

    def _fold(self, batch: list[tuple[str, bool, list[tuple[bytes, str, str]]]], change,
              totals: list[tuple[str, str, str]] | None = None) -> None:
        """Fold and write a batch of nodes: ``(key, from all records, records)`` — records
        ``(order, report, data)`` in order; all of the node's, or those added to it. A node
        left without records is gone. ``totals``: the triples of the totals node."""
        if not batch:
            return
        db = self.db
        before = {} if self.fresh else {key: (ford, state, trig) for key, ford, state, trig in db.execute(
            f"SELECT key, ford, state, trig FROM nodes WHERE key IN ({','.join('?' * len(batch))})",
            [key for key, _, _ in batch])}
        rows, gone, changed = [], [], []  # changed: (old triples, new triples)
        # the batch's records decoded at once (one JSON array: one call, not one a record)
        datas = [data for _, _, records in batch for _, _, data in records]
        decoded = iter(json.loads("[" + ",".join(datas) + "]") if datas else ())
        for key, whole, records in batch:
            self.fetched += len(records)
            self.folds += whole and totals is None
            old = before.get(key)
            if totals is not None:  # (its state: its triples)
                state, ford, triples = totals, b"", totals
            elif not records and whole:
                state = ford = triples = None
            else:
                new = fold(key, [(doc, next(decoded)) for _, doc, _ in records])
                ford = records[0][0]
                if not whole and old is not None:
                    new = merge(key, json.loads(old[1]), new, a_first=old[0] < ford)
                    ford = min(old[0], ford)
                state, triples = new, render(key, new)
            old_triples = None if old is None else [tuple(t) for t in json.loads(old[1])] if totals is not None \
                else render(key, json.loads(old[1]))
            if state is None:
                if old is not None:
                    gone.append(key)
                    changed.append((old_triples, None))
                continue
            text = _encode_record(state)
            if triples != old_triples:
                changed.append((old_triples, triples))
                rows.append((key, len(triples), ford, text, _trig.statements(triples).encode("utf-8", "replace")))
            elif old is None or text != old[1] or ford != old[0]:
                rows.append((key, len(triples), ford, text, old[2] if old is not None else b""))
        db.executemany("DELETE FROM nodes WHERE key = ?", ((k,) for k in gone))
        db.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?)", rows)
        if change is not None and changed:
            change("".join(line for old, _ in changed if old is not None for line in lines_of(old)),
                   "".join(line for _, new in changed if new is not None for line in lines_of(new)))

    def trig(self) -> Iterator[bytes]:
        """The summary graph's TriG block (without prefix declarations, which open
        ``graph.trig``), some nodes at a time."""
        yield f"<{_graph()}> {{\n".encode()
        rows = self.db.execute("SELECT trig FROM nodes ORDER BY key")
        while batch := rows.fetchmany(BATCH):
            yield b"".join(chunk for (chunk,) in batch)
        yield b"}\n"

    def write_runs(self, folder: Path, most: int) -> Iterator[Path]:
        """The summary graph as TriG files of about ``most`` quads each in ``folder``, each
        yielded once written (for bulk loads of bounded size, which read files by themselves)."""
        head = _prefixes() + f"<{_graph()}> {{\n".encode()
        rows = self.db.execute("SELECT n, trig FROM nodes ORDER BY key")
        out, total, k = None, 0, 0
        try:
            for n, trig in rows:
                if out is not None and total and total + n > most:
                    out.write(b"}\n")
                    out.close()
                    yield Path(out.name)
                    out, total, k = None, 0, k + 1
                if out is None:
                    out = open(folder / f"summary-{k:05d}.trig", "wb")
                    out.write(head)
                total += n
                out.write(trig)
            if out is not None:
                out.write(b"}\n")
                out.close()
                yield Path(out.name)
        finally:
            if out is not None:
                out.close()


def _prefixes() -> bytes:
    return "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in TRIG_PREFIXES.items()).encode()


def _graph() -> str:
    from .summary import SUMMARY_GRAPH

    return SUMMARY_GRAPH
