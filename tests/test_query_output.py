"""``kg query`` output through the real command line: harmless for people (formulas,
terminal escapes), exact with ``--raw``, streamed (a reader that stops stops the query),
capped with a clear message."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time

import pytest

from .fixtures import built  # noqa: F401 (fixture)

#: Cells a spreadsheet would run, a terminal escape, a tab and a line break, plain text.
CELLS = ['=HYPERLINK("http://evil.example/","x")', "+1+2", "-3", "@SUM(A1)", "\t=1", "\r=2",
         "clear\x1b[2J", "a\tb\nc", "吴明明", "2022-03-04"]
VALUES = "SELECT ?v WHERE { VALUES ?v { " + " ".join(json.dumps(c) for c in CELLS) + " } }"
#: Every triple with every triple with every triple: millions of rows on the test graph.
HUGE = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


def kg(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    """``kg ARGS``, its output decoded as written (no newline translation)."""
    proc = subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, check=False,
                          timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


def test_csv_for_people_neutralises_formulas_and_escapes(built):
    proc = kg("query", VALUES, "--graph", built[1], "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    cells = [row[0] for row in csv.reader(io.StringIO(proc.stdout, newline=""))][1:]
    assert cells[:6] == ["'" + c for c in CELLS[:4]] + ["'\t=1", "'\\r=2"]
    assert cells[6] == "clear\\x1b[2J"
    assert cells[7:] == ["a\tb\nc", "吴明明", "2022-03-04"]
    assert "\x1b" not in proc.stdout


def test_raw_csv_keeps_every_cell_as_stored(built):
    proc = kg("query", VALUES, "--graph", built[1], "--format", "csv", "--raw")
    assert proc.returncode == 0
    cells = [row[0] for row in csv.reader(io.StringIO(proc.stdout, newline=""))][1:]
    assert cells == CELLS


def test_tsv_one_line_per_row(built):
    for raw in ([], ["--raw"]):
        proc = kg("query", VALUES, "--graph", built[1], "--format", "tsv", *raw)
        lines = proc.stdout.split("\n")
        assert proc.returncode == 0 and lines[0] == "v" and lines[-1] == ""
        assert len(lines) == len(CELLS) + 2  # header, one line per row, final newline
        assert "a\\tb\\nc" in lines
    assert "'=HYPERLINK" in kg("query", VALUES, "--graph", built[1], "--format", "tsv").stdout


def test_jsonl_one_object_per_line(built):
    proc = kg("query", VALUES, "--graph", built[1], "--format", "jsonl")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["v"] for r in rows] == CELLS  # JSON keeps the data exactly
    assert "\x1b" not in proc.stdout


def test_table_never_prints_escapes_raw(built):
    proc = kg("query", VALUES, "--graph", built[1])
    assert proc.returncode == 0 and "\x1b" not in proc.stdout and "clear\\x1b[2J" in proc.stdout


def test_json_stream_is_the_same_json(built):
    from kg.store import GraphStore

    proc = kg("query", "memberships", "--graph", built[1], "--format", "json")
    with GraphStore.open(built[1]) as store:
        expected = store.select("memberships").as_dicts()
    assert json.loads(proc.stdout) == expected
    assert proc.stdout == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    empty = kg("query", "SELECT ?x WHERE { ?x ?p 'nothing like this' }", "--graph", built[1], "--format", "json")
    assert empty.stdout == "[]\n"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json"])
def test_a_reader_that_stops_stops_the_query(built, fmt):
    """``kg query HUGE | head``: the rows come at once, and the query ends when the reader
    goes (streaming the whole result would take many minutes)."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", HUGE, "--graph", str(built[1]), "--format", fmt],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        head = [proc.stdout.readline() for _ in range(10)]
        assert all(head) and len(head) == 10
        proc.stdout.close()  # the reader stops
        start = time.monotonic()
        code = proc.wait(timeout=60)
        print(f"{fmt}: ended {time.monotonic() - start:.2f} s after the reader stopped")
    finally:
        proc.kill()
        proc.wait()
    assert code == 0
    assert proc.stderr.read() == b""  # no traceback, no "Exception ignored"


def test_table_is_capped_with_a_clear_message(built):
    proc = kg("query", HUGE, "--graph", built[1], "--max-rows", "50")
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0 and len(lines) == 2 + 50 + 1
    assert lines[-1] == "(first 50 rows only: more not shown)"
    assert proc.stderr == ("kg: stopped after 50 rows (--max-rows 50); there are more: use --max-rows N "
                           "(0: no limit) or --format csv|tsv|jsonl to stream them\n")


def test_table_default_cap(built):
    from kg.results import TABLE_MAX_ROWS

    proc = kg("query", HUGE, "--graph", built[1], timeout=120)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 2 + TABLE_MAX_ROWS + 1
    assert f"first {TABLE_MAX_ROWS:,} rows only" in proc.stdout and "--max-rows" in proc.stderr


def test_max_rows_on_a_stream(built):
    proc = kg("query", HUGE, "--graph", built[1], "--format", "csv", "--max-rows", "7")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 8
    assert proc.stderr.startswith("kg: stopped after 7 rows")
    small = kg("query", "memberships", "--graph", built[1], "--format", "csv", "--max-rows", "0")
    assert small.stderr == "" and len(small.stdout.splitlines()) == 6


def test_an_iri_parameter_that_is_no_iri_gets_one_line(built):
    proc = kg("query", "org-leaders", "--graph", built[1], "--param", "org=<a b>")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("kg: parameter org: <a b> is not a valid IRI") and proc.stderr.count("\n") == 1
