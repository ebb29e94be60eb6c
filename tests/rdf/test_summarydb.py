"""The summary graph kept in SQLite (kg.rdf.summarydb): the same lines as the summary in
memory, and an incremental update folds again only the nodes its reports touch."""
from __future__ import annotations

import json
import json.encoder
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf import ReportPeople, resolve_people, summarydb
from kg.rdf.summary import SUMMARY_GRAPH, Summary, contributions
from kg.rdf.summarydb import SummaryDB, part_rows, write_part
from kg.rdf.namespaces import TRIG_PREFIXES
from kg.shards import people_digest, split_people

from ..conftest import SEEDS

QUADS = 1000  # quads of the report graphs, as the build would say


@pytest.fixture(scope="module")
def corpus(shared):
    """Real reports: the seeds and some dev reports (several name the same people)."""
    from kg.build import process

    paths = sorted(SEEDS.glob("*.txt")) + sorted((shared / "corpus/dev/docs").glob("*.txt"))[:30]
    return [process((p, p.stem, "")) for p in paths]


def parts_of(reports):
    people = resolve_people(ReportPeople(r.id, r.region, r.facts, r.published) for r in reports if r.facts)
    return split_people(people, [r.id for r in reports])


def order(reports) -> dict[str, bytes]:
    return {r.id: r.id.encode() for r in reports}


def rows_of(reports, parts, orders):
    return [row for r in reports for row in part_rows(r.id, orders[r.id], contributions(r, parts[r.id]))]


def fresh_db(path, reports, parts, orders=None):
    orders = orders or order(reports)
    db = SummaryDB(path)
    half = len(reports) // 2
    for k, group in enumerate((reports[:half], reports[half:])):  # two partitions
        part = path.with_name(f"{path.stem}-part{k}.sqlite")
        write_part(part, rows_of(group, parts, orders))
        db.add(part)
    db.set_reports((r.id, orders[r.id]) for r in reports)
    db.update(QUADS)
    return db


def quads(db: SummaryDB) -> list[ox.Quad]:
    """The summary's quads, in order, as the build bulk-loads them (TriG files of about 50)."""
    with tempfile.TemporaryDirectory() as folder:
        runs = [path.read_bytes() for path in db.write_runs(Path(folder), 50)]
    assert len(runs) > 1
    return [q for run in runs for q in ox.parse(run, format=ox.RdfFormat.TRIG)]


def parsed(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))


def trig_of(lines: list[str]) -> bytes:
    """The TriG Oxigraph writes for N-Quads ``lines``, without its prefix declarations."""
    text = ox.serialize(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS), None, ox.RdfFormat.TRIG,
                        prefixes=TRIG_PREFIXES)
    return text[text.index(b"\n<") + 1:]


def nodes(db: SummaryDB) -> list:
    return db.db.execute("SELECT key, n, ford, state, trig FROM nodes ORDER BY key").fetchall()


def test_the_database_gives_the_lines_of_the_summary_in_memory(corpus, tmp_path):
    parts = parts_of(corpus)
    memory = Summary()
    for r in corpus:
        memory.add(r, parts[r.id])
    lines = memory.lines(report_quads=QUADS)
    db = fresh_db(tmp_path / "s.sqlite", corpus, parts)
    assert quads(db) == parsed("".join(lines))
    assert db.quads == len(lines)
    # the TriG of the nodes, put together, is the TriG of the whole summary, byte for byte
    assert b"".join(db.trig()) == trig_of(lines)
    db.close()


def test_nodes_are_folded_a_batch_at_a_time(corpus, tmp_path, monkeypatch):
    parts = parts_of(corpus)
    whole = fresh_db(tmp_path / "whole.sqlite", corpus, parts)
    sizes: list[int] = []
    real = SummaryDB._fold

    def fold(self, batch, change, *totals):
        sizes.append(len(batch))
        return real(self, batch, change, *totals)

    monkeypatch.setattr(summarydb, "BATCH", 7)
    monkeypatch.setattr(SummaryDB, "_fold", fold)
    small = fresh_db(tmp_path / "small.sqlite", corpus, parts)
    assert max(sizes) == 7 and len(sizes) > 10  # never all the nodes at once
    assert nodes(small) == nodes(whole)


def _shortened(report):
    """The report with one membership fewer (a changed report)."""
    return replace(report, facts=replace(report.facts, memberships=report.facts.memberships[:-1]))


def test_an_update_equals_a_fresh_database_and_folds_only_the_nodes_touched(corpus, tmp_path):
    before = corpus[:-1]
    removed, changed = before[3], next(r for r in before[5:] if r.facts.memberships)
    after = [_shortened(r) if r is changed else r for r in corpus if r is not removed]
    parts1, parts2 = parts_of(before), parts_of(after)
    old = fresh_db(tmp_path / "old.sqlite", before, parts1)
    old_quads = quads(old)
    old.close()
    kept = [r for r in after if r.id in parts1 and r is not changed
            and people_digest(parts1[r.id]) == people_digest(parts2[r.id])]
    kept_ids = {r.id for r in kept}
    written = [r for r in after if r.id not in kept_ids]
    assert written and len(kept) > len(written)

    db = SummaryDB(tmp_path / "new.sqlite", tmp_path / "old.sqlite")
    db.keep(r.id for r in kept)
    assert db.db.execute("SELECT COUNT(*) FROM contrib WHERE report = ?", (removed.id,)).fetchone() == (0,)
    write_part(tmp_path / "p.sqlite", rows_of(written, parts2, order(after)))
    db.add(tmp_path / "p.sqlite")
    db.set_reports((r.id, r.id.encode()) for r in after)
    store = ox.Store()
    store.extend(old_quads)

    def change(gone: str, new: str) -> None:
        for q in ox.parse(gone.encode(), format=ox.RdfFormat.N_QUADS):
            store.remove(q)
        store.extend(ox.parse(new.encode(), format=ox.RdfFormat.N_QUADS))

    db.update(QUADS, change)
    full = fresh_db(tmp_path / "full.sqlite", after, parts2)
    assert nodes(db) == nodes(full) and db.quads == full.quads
    assert sorted(map(str, store)) == sorted(map(str, quads(full)))
    # the nodes that lost a record (the removed report's; the changed report's that it no
    # longer gives) were folded again from all their records; those that only gained records,
    # from their state and the new records; a graph written again with the same record for a
    # node changed nothing there
    removed = set(rows_of([r for r in before if r.id not in kept_ids], parts1, order(before)))
    added = set(rows_of(written, parts2, order(after)))
    lost = {row[0] for row in removed - added}
    gained = [row[0] for row in added - removed if row[0] not in lost]
    assert lost and gained and removed & added
    records = {key: n for key, n in db.db.execute("SELECT key, COUNT(*) FROM contrib GROUP BY key")}
    assert db.folds == len(lost)
    assert db.fetched == sum(records.get(key, 0) for key in lost) + len(gained)
    assert 0 < db.fetched < sum(records.values()) / 2
    db.close()
    full.close()


@pytest.mark.parametrize("new_first", [False, True])
def test_a_node_that_only_gains_records_merges_them_into_its_state(corpus, tmp_path, new_first):
    """New reports after the old ones, or before them (their record is a node's first)."""
    parts = parts_of(corpus)
    old_reports, new_reports = corpus[:-8], corpus[-8:]
    orders = {r.id: (b"0" if new_first == (r in new_reports) else b"1") + o for r, o in zip(corpus, order(corpus).values())}
    fresh_db(tmp_path / "old.sqlite", old_reports, parts, orders).close()
    db = SummaryDB(tmp_path / "new.sqlite", tmp_path / "old.sqlite")
    db.keep(r.id for r in old_reports)
    db.add_rows(rows_of(new_reports, parts, orders))
    db.set_reports((r.id, orders[r.id]) for r in corpus)
    db.update(QUADS)
    new_records = sum(len(contributions(r, parts[r.id])) for r in new_reports)
    assert db.folds == 0 and db.fetched == new_records  # no node read its old records again
    full = fresh_db(tmp_path / "full.sqlite", corpus, parts, orders)
    assert nodes(db) == nodes(full) and db.quads == full.quads


def test_a_report_that_moves_in_the_order_has_its_nodes_folded_again(corpus, tmp_path):
    parts = parts_of(corpus)
    fresh_db(tmp_path / "old.sqlite", corpus, parts).close()
    moved = order(corpus)
    moved[corpus[0].id], moved[corpus[1].id] = moved[corpus[1].id], moved[corpus[0].id]
    db = SummaryDB(tmp_path / "new.sqlite", tmp_path / "old.sqlite")
    db.keep(r.id for r in corpus)
    db.set_reports((r.id, moved[r.id]) for r in corpus)
    db.update(QUADS)
    assert db.fetched > 0 and db.folds > 0
    assert nodes(db) == nodes(fresh_db(tmp_path / "full.sqlite", corpus, parts, moved))


def test_a_database_that_is_not_one_is_refused(tmp_path):
    (tmp_path / "old.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(Exception) as info:
        SummaryDB(tmp_path / "new.sqlite", tmp_path / "old.sqlite")
    import sqlite3

    assert isinstance(info.value, sqlite3.DatabaseError)


def _summary_quads(out):
    store = ox.Store.read_only(str(out / "store"))
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(SUMMARY_GRAPH)))


def test_a_build_keeps_the_summary_database_and_drops_a_removed_reports_records(tmp_path):
    import sqlite3

    from kg.build import build

    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    out, full = tmp_path / "out", tmp_path / "full"
    build([reports], out, jobs=1)
    gone = sorted(reports.glob("*.txt"))[1]
    gone.unlink()
    build([reports], out, jobs=1)
    with sqlite3.connect(out / "facts" / "summary.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM contrib WHERE report = ?", (gone.stem,)).fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM contrib").fetchone()[0] > 0
    build([reports], full, jobs=1)
    assert (out / "graph.trig").read_bytes() == (full / "graph.trig").read_bytes()
    assert _summary_quads(out) == _summary_quads(full)


def test_a_damaged_summary_database_costs_its_records_read_again_not_the_build(tmp_path):
    from kg.build import build

    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    out, full = tmp_path / "out", tmp_path / "full"
    build([reports], out, jobs=1)
    (out / "facts" / "summary.sqlite").write_bytes(b"damaged" * 1000)
    (reports / "zz-new.txt").write_text("2021年3月2日，青海省玉树州总工会召开第三届委员会第二次全体会议。"
                                        "会议选举才让多杰为玉树州总工会主席。\n", encoding="utf-8")
    result = build([reports], out, jobs=1)
    assert result.graphs_written == 1  # the other graphs kept all the same
    build([reports], full, jobs=1)
    assert (out / "graph.trig").read_bytes() == (full / "graph.trig").read_bytes()
    assert _summary_quads(out) == _summary_quads(full)


def test_a_full_disk_under_sqlite_is_an_os_error(tmp_path):
    import errno
    import sqlite3

    from kg.rdf.summarydb import os_errors

    with pytest.raises(OSError) as info, os_errors(tmp_path / "s.sqlite"):
        raise sqlite3.OperationalError("database or disk is full")
    assert info.value.errno == errno.ENOSPC and "No space left on device" in str(info.value)
    with pytest.raises(sqlite3.OperationalError), os_errors(tmp_path / "s.sqlite"):
        raise sqlite3.OperationalError("no such table: x")  # a bug stays a bug


def test_a_build_stopped_while_the_summary_is_folded_stops_loading_and_keeps_the_previous_output(
        tmp_path, monkeypatch):
    import queue
    import threading

    import kg.build
    from kg.build import build

    out = tmp_path / "out"
    build([SEEDS], out, jobs=1)
    before = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    for seed in reports.glob("*.txt"):  # nothing reused: a full build, loading meanwhile
        seed.write_text(seed.read_text("utf-8") + "\n另一句。\n", encoding="utf-8")

    def stopped(self, report_quads, change=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(SummaryDB, "update", stopped)
    with pytest.raises(KeyboardInterrupt):
        build([reports], out, jobs=1)
    assert not [t for t in threading.enumerate() if t.name == "kg-load"]
    assert {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "reports"]  # no staging left

    loaded = []
    store = type("Store", (), {"bulk_load": lambda self, *a, **k: loaded.append(a)})()
    stop = threading.Event()
    stop.set()
    loads = queue.Queue()
    for job in (([tmp_path / "x.nq"], ox.RdfFormat.N_QUADS, "x"), None):
        loads.put(job)
    kg.build._Writer._load(store, loads, stop)
    assert loaded == []  # no load starts once stopped


RECORDS = {"1a": ["张三", "张三", None, "甘肃省; 兰州市", []], "2b": [["a", 'q"uote', "back\\slash", "new\nline"], 3],
           "3c": ["\x00\x1f\x7f", "\u2028\ufffe", "😀\ud83d", [None, [1, -2, [True, False]]], ""], "4d": []}


@pytest.mark.parametrize("c_encoder", [True, False])
def test_a_record_is_stored_as_json_dumps_writes_it(c_encoder, monkeypatch):
    if not c_encoder:
        monkeypatch.setattr(json.encoder, "c_make_encoder", None)
    encode = summarydb._record_encoder()
    for data in RECORDS.values():
        assert encode(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert json.loads(encode(data)) == data
    rows = part_rows("r1", b"\x00\x01", RECORDS)
    assert rows == [(k, b"\x00\x01", "r1", json.dumps(v, ensure_ascii=False, separators=(",", ":")))
                    for k, v in RECORDS.items()]
