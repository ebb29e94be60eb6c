"""Incremental builds (kg.incremental): a build over an existing output reads only new and
changed reports, and its result is the full build's."""
from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

import kg.build
from kg import incremental, shards
from kg.build import build
from kg.store import GraphStore

from .conftest import SEEDS, seed_folder
from .test_atomic import LIMIT_S, files, kill, reap_group, staging_folders, start_build

QUERIES = ("memberships", "meetings", "tasks", "participations", "reports", "people", "stats")


def answers(out: Path) -> dict[str, list]:
    with GraphStore.open(out) as store:
        return {q: store.select(q).rows for q in QUERIES}


def trig_lines(out: Path) -> list[str]:
    return sorted((out / "graph.trig").read_text(encoding="utf-8").splitlines())


def counts(out: Path) -> dict:
    return json.loads((out / "build-report.json").read_text(encoding="utf-8"))["summary"]["incremental"]


@pytest.fixture
def reports(tmp_path) -> Path:
    return seed_folder(tmp_path / "reports")


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Ids of the reports the build reads and extracts."""
    seen: list[str] = []
    real = kg.build.process

    def counting(item):
        seen.append(item[1])
        return real(item)

    monkeypatch.setattr(kg.build, "process", counting)
    return seen


def test_incremental_build_equals_a_full_build(tmp_path, reports, reads):
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    assert counts(out) == {"new": 5, "changed": 0, "unchanged": 0, "removed": 0, "extractor_changed": False}
    seeds = sorted(reports.iterdir())
    new = reports / "new.txt"
    new.write_text(seeds[0].read_text("utf-8").replace("工会", "总工会", 1) + "\n另一篇。\n", encoding="utf-8")
    seeds[1].write_text(seeds[1].read_text("utf-8") + "\n补记一句。\n", encoding="utf-8")  # changed
    seeds[2].unlink()  # removed
    reads.clear()

    build([reports], out, jobs=1)
    assert sorted(reads) == sorted(["new", seeds[1].stem])
    assert counts(out) == {"new": 1, "changed": 1, "unchanged": 3, "removed": 1, "extractor_changed": False}
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert trig_lines(out) == trig_lines(full)
    assert answers(out) == answers(full)
    assert seeds[2].stem not in {row[0] for row in answers(out)["reports"]}


def test_nothing_changed_reads_nothing(tmp_path, reports, reads):
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    before = answers(out)
    reads.clear()
    build([reports], out, jobs=1)
    assert reads == []
    assert counts(out)["unchanged"] == 5 and answers(out) == before


def test_another_extractor_reextracts_everything(tmp_path, reports, reads, monkeypatch):
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    monkeypatch.setattr(incremental, "extractor_version", lambda: "another extractor")
    reads.clear()
    build([reports], out, jobs=1)
    assert len(reads) == 5
    assert counts(out) == {"new": 0, "changed": 5, "unchanged": 0, "removed": 0, "extractor_changed": True}


def test_extractor_version_follows_the_extractor_files():
    incremental.extractor_version.cache_clear()
    assert incremental.extractor_version() == incremental.extractor_version()
    assert len(incremental.extractor_version()) == 40


def test_a_damaged_cache_costs_a_full_build(tmp_path, reports, reads):
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    (out / incremental.FACTS_DIR / incremental.INDEX_FILE).write_bytes(b"not an index")
    reads.clear()
    build([reports], out, jobs=1)
    assert len(reads) == 5


def test_sigkill_during_an_incremental_build_leaves_the_previous_output(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(200):
        text = seeds[i % len(seeds)].read_text("utf-8")
        (folder / f"r{i:03d}.txt").write_text(f"{text}\n编号{i}。\n", encoding="utf-8")
    out = tmp_path / "out"
    build([folder], out, jobs=1)
    before_files, before_answers = files(out), answers(out)
    for i in range(10):  # 5% changed, 5% new
        (folder / f"r{i:03d}.txt").write_text(seeds[0].read_text("utf-8") + f"\n改{i}。\n", encoding="utf-8")
        (folder / f"n{i:03d}.txt").write_text(seeds[1].read_text("utf-8") + f"\n新{i}。\n", encoding="utf-8")
    proc = start_build(folder, out)
    try:
        deadline = time.monotonic() + LIMIT_S
        while not list(tmp_path.glob(".out.building-*")):
            assert proc.poll() is None, f"the build ended first: {proc.stderr.read().decode()}"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        time.sleep(0.2)
        assert proc.poll() is None, "the build finished before it could be killed"
        kill(proc, group=False)
    finally:
        reap_group(proc)
    assert proc.returncode == -signal.SIGKILL
    assert files(out) == before_files and answers(out) == before_answers
    assert staging_folders(tmp_path)
    build([folder], out, jobs=1)  # and the next one picks up from the intact output
    assert counts(out) == {"new": 10, "changed": 10, "unchanged": 190, "removed": 0, "extractor_changed": False}


def test_only_the_graphs_that_changed_are_written(tmp_path, reports, monkeypatch):
    """An incremental build writes the graphs of new and changed reports (and of those the
    identity pass now sees otherwise), keeps the others in the copied store, and still
    equals a full build."""
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    written: list[str] = []
    real = kg.build.quad_partition

    def counting(task):
        written.extend(job.doc_id for job in task.jobs)
        return real(task)

    monkeypatch.setattr(kg.build, "quad_partition", counting)
    (reports / "zz-new.txt").write_text("2021年3月2日，青海省玉树州总工会召开第三届委员会第二次全体会议。"
                                        "会议选举才让多杰为玉树州总工会主席。\n", encoding="utf-8")
    build([reports], out, jobs=1)
    assert written == ["zz-new"]  # the seeds share no one with it
    monkeypatch.setattr(kg.build, "quad_partition", real)
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert trig_lines(out) == trig_lines(full)
    assert (out / "graph.trig").read_bytes() == (full / "graph.trig").read_bytes()
    assert answers(out) == answers(full)


def index(out: Path) -> dict:
    return json.loads((out / incremental.FACTS_DIR / incremental.INDEX_FILE).read_bytes())["entries"]


def test_unchanged_reports_are_taken_from_their_slim_records(tmp_path, reports, reads, monkeypatch):
    """Before the identity pass an incremental build parses no fact record: each unchanged
    report's record and identity facts come from its slim record."""
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    for entry in index(out).values():
        assert (out / "facts" / shards.slim_shard(entry["shard"])).is_file() and entry["slim"][1] > 0
    parsed: list[int] = []
    real_loads, real_resolve = shards.loads_report, kg.build.resolve_people
    for module in (shards, kg.build):
        monkeypatch.setattr(module, "loads_report", lambda line: parsed.append(1) or real_loads(line), raising=False)
    seen_then: list[int] = []
    monkeypatch.setattr(kg.build, "resolve_people", lambda reps, *rest: seen_then.append(len(parsed)) or real_resolve(reps, *rest))
    (reports / "zz-new.txt").write_text("2021年3月2日，青海省玉树州总工会召开第三届委员会第二次全体会议。"
                                        "会议选举才让多杰为玉树州总工会主席。\n", encoding="utf-8")
    reads.clear()
    build([reports], out, jobs=1)
    assert reads == ["zz-new"] and seen_then == [0]
    monkeypatch.undo()
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert (out / "graph.trig").read_bytes() == (full / "graph.trig").read_bytes()
    assert answers(out) == answers(full)


def _damage(out: Path, path: Path, how: str) -> None:
    entry = index(out)[str(path)]
    facts = out / "facts"
    if how == "slim line":
        start, length = entry["slim"]
        with open(facts / shards.slim_shard(entry["shard"]), "r+b") as fh:
            fh.seek(start + length // 2)
            fh.write(b"\x00garbage")
    elif how == "slim shard":
        (facts / shards.slim_shard(entry["shard"])).unlink()
    elif how == "fact shard":
        with open(facts / entry["shard"], "r+b") as fh:
            fh.truncate(entry["offset"] + entry["length"] - 1)


@pytest.mark.parametrize("how", ["slim line", "slim shard", "fact shard"])
def test_a_damaged_slim_record_or_shard_reads_the_report_again(tmp_path, reports, reads, how):
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    stems = [p.stem for p in sorted(reports.iterdir())]  # all in one shard, in this order
    _damage(out, reports / f"{stems[2]}.txt", how)
    reads.clear()
    build([reports], out, jobs=1)
    again = {"slim line": stems[2:3], "slim shard": stems, "fact shard": stems[2:]}[how]  # (truncated after it)
    assert reads == again
    assert counts(out) == {"new": 0, "changed": len(again), "unchanged": 5 - len(again), "removed": 0,
                           "extractor_changed": False}
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert (out / "graph.trig").read_bytes() == (full / "graph.trig").read_bytes()
    assert answers(out) == answers(full)
    reads.clear()
    build([reports], out, jobs=1)  # healed: nothing is read again
    assert reads == []


def _dead_bytes(out: Path) -> dict[str, int]:
    """Bytes of each fact shard in ``out`` that no index entry points at."""
    live: dict[str, int] = {}
    for entry in index(out).values():
        live[entry["shard"]] = live.get(entry["shard"], 0) + entry["length"]
    return {name: (out / "facts" / name).stat().st_size - n for name, n in live.items()}


def test_a_shard_mostly_of_records_no_longer_used_is_compacted(tmp_path, reports, reads):
    out = tmp_path / "out"
    build([reports], out, jobs=1)  # one shard holds all five
    seeds = sorted(reports.iterdir())
    for seed in seeds[:3]:  # three removed or read again: their records are dead in the shard
        seed.write_text(seed.read_text("utf-8") + "\n补记一句。\n", encoding="utf-8")
    seeds[3].unlink()
    build([reports], out, jobs=1)
    assert set(_dead_bytes(out).values()) == {0}
    assert len(index(out)) == 4
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert trig_lines(out) == trig_lines(full)
    assert answers(out) == answers(full)
    reads.clear()
    build([reports], out, jobs=1)  # the compacted records (and their slim records) are used
    assert reads == []


def test_a_shard_mostly_in_use_is_linked_not_copied(tmp_path, reports):
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    (shard,) = {e["shard"] for e in index(out).values()}
    seeds = sorted(reports.iterdir())
    seeds[0].write_text(seeds[0].read_text("utf-8") + "\n补记一句。\n", encoding="utf-8")
    build([reports], out, jobs=1)
    assert (out / "facts" / shard).is_file() and _dead_bytes(out)[shard] > 0


def test_workers_are_forked_before_the_kept_records_are_read(tmp_path, reports, monkeypatch):
    """(Forked after, they would hold copies of those records' pages.)"""
    monkeypatch.setattr(kg.build, "PARALLEL_MIN", 2)
    out = tmp_path / "out"
    build([reports], out, jobs=2)
    (reports / "new.txt").write_text("新的一篇。\n市总工会主席张三出席会议。\n", encoding="utf-8")
    events: list[str] = []
    real_start, real_read = kg.build._LocalEngine.start, kg.build._read_kept

    def start(self, n, item=None):
        real_start(self, n, item)
        events.append("workers" if self.pool is not None else "no workers")

    def read_kept(*args):
        events.append("kept records read")
        return real_read(*args)

    monkeypatch.setattr(kg.build._LocalEngine, "start", start)
    monkeypatch.setattr(kg.build, "_read_kept", read_kept)
    build([reports], out, jobs=2)
    assert events == ["workers", "kept records read"]
    assert counts(out)["unchanged"] == 5 and counts(out)["new"] == 1


def test_summary_changes_flush_the_store_now_and_then(monkeypatch):
    """RocksDB would keep up to 64 MiB of writes a column family in memory."""
    import pyoxigraph as ox

    monkeypatch.setattr(kg.build, "FLUSH_QUADS", 3)
    store = ox.Store()
    flushes: list[int] = []

    class Counting:
        def __getattr__(self, name):
            return getattr(store, name)

        def flush(self):
            flushes.append(len(store))

    change = kg.build._changes(Counting())
    line = '<http://a/{}> <http://a/p> "x" <http://a/g> .\n'
    change("", line.format(1) + line.format(2))
    assert flushes == []
    change(line.format(1), line.format(3))
    assert flushes == [2]  # 4 quads written (2 added, 1 removed, 1 added)
    change("", line.format(4))
    assert flushes == [2] and len(store) == 3


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong groups", "wrong types"])
def test_identity_groups_of_the_last_build_damaged_or_missing_change_nothing(tmp_path, reports, damage):
    seed = sorted(reports.iterdir())[0]  # a second report naming its people
    (reports / "again.txt").write_text(seed.read_text("utf-8") + "\n又一篇。\n", encoding="utf-8")
    out = tmp_path / "out"
    build([reports], out, jobs=1)
    groups = out / "facts" / kg.build.IDENTITY_GROUPS
    assert json.loads(groups.read_text("utf-8"))["names"]  # (the seeds name people in several reports)
    if damage == "missing":
        groups.unlink()
    elif damage == "garbage":
        groups.write_bytes(b"\x00{not json")
    else:  # groups of the right digests naming reports the names are not in, or not names at all
        data = json.loads(groups.read_text("utf-8"))
        wrong = [["no-such-report", "other"]] if damage == "wrong groups" else [[["a"], {"b": 1}]]
        for name, (digest, found) in data["names"].items():
            data["names"][name] = [digest, wrong]
        groups.write_text(json.dumps(data), encoding="utf-8")
    (reports / "new.txt").write_text("新的一篇。\n市总工会主席张三出席会议。\n", encoding="utf-8")
    build([reports], out, jobs=1)
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert answers(out) == answers(full) and trig_lines(out) == trig_lines(full)
