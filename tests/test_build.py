import json
import os
import sys

import pytest

import kg.build
from kg.build import BuildError, build
from kg.store import GraphStore

from .fixtures import fake_extractor  # noqa: F401 (fixture)
from .factories import SCRIPTS, TEXTS, FakeExtractor, write_reports

B = sys.modules["kg.build"]


def rows(out, query="memberships"):
    with GraphStore.open(out) as store:
        return store.select(query).rows


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_graph_store_and_report(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    result = build([tmp_path / "in"], tmp_path / "out")
    assert (tmp_path / "out" / "graph.trig").is_file()
    assert (tmp_path / "out" / "store").is_dir()
    assert result.read == 3 and not result.failed
    assert result.counts() == {"memberships": 5, "meetings": 3, "tasks": 2, "participations": 5}
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report["summary"]["ok"] == 3 and report["summary"]["quads"] == result.quads > 0
    r1 = report["reports"][0]
    assert r1["id"] == "r1" and r1["status"] == "ok" and r1["encoding"] == "utf-8"
    assert r1["format"] == "text" and r1["script"] == "simplified"
    assert r1["title"] == "甘肃省总工会召开十二届九次全委(扩大)会议"
    assert r1["region"].startswith("甘肃省")
    assert r1["counts"] == {"memberships": 3, "meetings": 1, "tasks": 1, "participations": 3}
    trig = (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    assert "<https://w3id.org/gonghui-kg/id/org/甘肃省总工会>" in trig
    assert len(rows(tmp_path / "out")) == 5


def test_evidence_offsets_point_into_the_original_text(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "out")
    q = ("SELECT ?doc ?start ?end WHERE { GRAPH ?g { ?r kg:docId ?doc . ?e kg:start ?start ; kg:end ?end . "
         "?m org:member ?p ; prov:wasDerivedFrom ?r ; kg:evidence ?e . } }")
    with GraphStore.open(tmp_path / "out") as store:
        spans = store.select(q).rows
    assert spans
    for doc, start, end in spans:
        assert TEXTS[doc][start:end] in {"吴明明", "张弘强", "周联清"}


def test_bad_reports_are_recorded_and_the_build_goes_on(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    fake_extractor.fail.add("r2")
    result = build([tmp_path / "in"], tmp_path / "out")
    failed = {r.id: r.error for r in result.failed}
    assert set(failed) == {"empty", "r2"}
    assert "empty" in failed["empty"]
    assert "extraction failed" in failed["r2"] and "exploded" in failed["r2"]
    assert {d for d, *_ in rows(tmp_path / "out")} == {"r1", "r3"}
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    statuses = {r["id"]: (r["status"], r["error"]) for r in report["reports"]}
    assert statuses["r2"][0] == "error" and "exploded" in statuses["r2"][1]


def test_no_readable_report_fails_and_keeps_previous_output(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "out")
    before = files(tmp_path / "out")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.txt").write_bytes(b"   ")
    with pytest.raises(BuildError, match="no report could be read") as info:
        build([tmp_path / "bad"], tmp_path / "out")
    assert info.value.result.failed[0].id == "x"
    assert files(tmp_path / "out") == before


def test_strict_fails_on_any_failure_and_writes_nothing(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="strict"):
        build([tmp_path / "in"], tmp_path / "out", strict=True)
    assert not (tmp_path / "out").exists()


def test_previous_output_intact_when_the_build_dies_midway(tmp_path, fake_extractor, monkeypatch):
    write_reports(tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "out")
    before = files(tmp_path / "out")

    def die(*args, **kwargs):
        raise RuntimeError("killed while writing the store")

    monkeypatch.setattr(B.ox.Store, "bulk_load", die)
    write_reports(tmp_path / "in", {"r4": "另一篇报道，内容不同。"})
    with pytest.raises(RuntimeError, match="killed"):
        build([tmp_path / "in"], tmp_path / "out")
    assert files(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no staging leftovers


def test_stale_staging_folders_are_cleared(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "out")
    before = files(tmp_path / "out")
    # a build killed between its two renames: no out, the previous output in .out.old-PID
    (tmp_path / "out").rename(tmp_path / ".out.old-999999999")
    (tmp_path / ".out.building-999999999").mkdir()
    from kg.outdir import staging

    with pytest.raises(ZeroDivisionError):
        with staging(tmp_path / "out"):
            1 / 0
    assert files(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "precious.txt").write_text("keep me")
    with pytest.raises(BuildError, match="not a kg build output"):
        build([tmp_path / "in"], tmp_path / "mine")
    assert (tmp_path / "mine" / "precious.txt").read_text() == "keep me"


def test_duplicates_are_recorded_and_their_facts_kept_once(tmp_path, fake_extractor):
    write_reports(tmp_path / "in")
    # the same text in another encoding, with other line ends: a duplicate
    (tmp_path / "in" / "r9.txt").write_bytes(TEXTS["r1"].replace("\n", "\r\n\n").encode("gb18030"))
    fake_extractor.scripts["r9"] = SCRIPTS["r1"]
    result = build([tmp_path / "in"], tmp_path / "out")
    (dup,) = result.with_status("duplicate")
    assert dup.id == "r9" and dup.duplicate_of == "r1" and dup.message == "duplicate of r1"
    assert dup.encoding != "utf-8"
    assert {d for d, *_ in rows(tmp_path / "out")} == {"r1", "r2", "r3"}
    with GraphStore.open(tmp_path / "out") as store:
        reports = {r["doc"]: r for r in store.select("reports").as_dicts()}
    assert reports["r9"]["duplicate_of"] == "r1" and reports["r1"]["duplicate_of"] == ""
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    r9 = next(r for r in report["reports"] if r["id"] == "r9")
    assert r9["status"] == "duplicate" and r9["duplicate_of"] == "r1" and r9["path"].endswith("r9.txt")


def test_same_file_name_in_two_folders_gets_distinct_ids(tmp_path, fake_extractor):
    write_reports(tmp_path / "a", {"r1": TEXTS["r1"]})
    write_reports(tmp_path / "b", {"r1": TEXTS["r3"]})
    result = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out")
    assert [r.id for r in result.reports] == ["r1", "r1~2"]
    assert any("already taken" in w for w in result.reports[1].warnings)


def test_parallel_build_is_deterministic_and_in_input_order(tmp_path, fake_extractor, monkeypatch):
    texts = {f"p{i:02d}": f"第{i}篇报道。甘肃省总工会主席吴明明出席会议。\n" for i in range(12)}
    write_reports(tmp_path / "in", texts)
    for doc_id in texts:
        fake_extractor.scripts[doc_id] = SCRIPTS["r2"]
    monkeypatch.setattr(B, "PARALLEL_MIN", 3)
    serial = build([tmp_path / "in"], tmp_path / "serial", jobs=1)
    parallel = build([tmp_path / "in"], tmp_path / "parallel", jobs=2)
    assert [r.id for r in parallel.reports] == sorted(texts)
    assert parallel.counts() == serial.counts()
    assert (tmp_path / "serial" / "graph.trig").read_bytes() == (tmp_path / "parallel" / "graph.trig").read_bytes()


def test_no_progress_bar_when_not_a_terminal(tmp_path, fake_extractor, capsys):
    write_reports(tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "out")
    assert capsys.readouterr().err == ""


def test_missing_input_and_empty_input(tmp_path):
    with pytest.raises(BuildError, match="no report files") as info:
        build([tmp_path / "missing"], tmp_path / "out")
    assert info.value.result.skipped == [(str(tmp_path / "missing"), "no such file or folder")]
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildError, match="no report files"):
        build([tmp_path / "empty"], tmp_path / "out")


def test_package_level_build_is_callable(tmp_path, fake_extractor):
    import kg

    write_reports(tmp_path / "in")
    assert kg.build_graph([tmp_path / "in"], tmp_path / "out").read == 3
    assert kg.build.build is build  # kg.build is also the module


def test_progress_bar_on_request(tmp_path, fake_extractor, capsys):
    write_reports(tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "out", progress=True)
    captured = capsys.readouterr()
    assert "report" in captured.err and captured.out == ""


def _range_copy(tmp_path, ranges, monkeypatch=None):
    from kg.build import _RangeCopy

    src = tmp_path / "src"
    src.write_bytes(bytes(range(256)) * 4)
    dst = tmp_path / "dst"
    with open(src, "rb") as s, open(dst, "wb") as d:
        d.write(b"head")
        copy = _RangeCopy(s, d)
        places = []
        for start, length in ranges:
            places.append(copy.tell())
            copy.add(start, length)
        copy.flush()
        d.write(b"tail")
    return dst.read_bytes(), places


def test_range_copy_appends_ranges_joining_adjacent_ones(tmp_path, monkeypatch):
    data = bytes(range(256)) * 4
    ranges = [(10, 5), (15, 20), (500, 3), (0, 1), (1, 1000)]
    want = b"head" + b"".join(data[a:a + n] for a, n in ranges) + b"tail"
    got, places = _range_copy(tmp_path, ranges)
    assert got == want
    assert places == [4, 9, 29, 32, 33]
    calls = []
    real = os.copy_file_range
    monkeypatch.setattr(os, "copy_file_range", lambda *a: calls.append(a) or real(*a))
    assert _range_copy(tmp_path, ranges)[0] == want
    assert len(calls) == 3  # (10, 5) + (15, 20) as one range; (0, 1) + (1, 1000) as one


def test_range_copy_without_copy_file_range_reads_and_writes(tmp_path, monkeypatch):
    def refuse(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse)
    data = bytes(range(256)) * 4
    assert _range_copy(tmp_path, [(3, 7), (10, 90)])[0] == b"head" + data[3:100] + b"tail"


def test_range_copy_of_a_short_file_is_an_error(tmp_path):
    with pytest.raises(OSError, match="shorter"):
        _range_copy(tmp_path, [(1000, 100)])


def test_two_loaders_at_once_load_every_file_of_the_queue(tmp_path):
    """The build's loads (kg.build._Writer._load) from two threads into one store: the
    store holds what loading the files one after the other gives; joined files and the
    summary's TriG files are removed, the shards kept."""
    import queue
    import threading

    import pyoxigraph as ox

    from kg.build import _Writer

    shards = []
    for k in range(12):
        path = tmp_path / f"{k}.nq"
        path.write_text("".join(f'<urn:s:{k}-{i}> <urn:p> "o {i}" <urn:g:{k % 3}> .\n' for i in range(500)))
        shards.append(path)
    trig = tmp_path / "summary-00000.trig"
    trig.write_text('<urn:g:summary> { <urn:s:x> <urn:p> "total" . }\n')
    expected = ox.Store()
    for path in shards:
        expected.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    expected.load(path=str(trig), format=ox.RdfFormat.TRIG)
    loads: queue.Queue = queue.Queue()
    for k in range(0, 12, 3):
        loads.put((shards[k:k + 3], ox.RdfFormat.N_QUADS, f"load-{k}.nq"))
    loads.put(([trig], ox.RdfFormat.TRIG, None))
    loads.put(None)
    store = ox.Store(str(tmp_path / "store"))
    other = threading.Thread(target=_Writer._load, args=(store, loads))
    other.start()
    _Writer._load(store, loads)
    other.join()
    assert sorted(map(str, store)) == sorted(map(str, expected)) and len(store) == 12 * 500 + 1
    assert all(p.exists() for p in shards) and not trig.exists() and not list(tmp_path.glob("load-*"))
