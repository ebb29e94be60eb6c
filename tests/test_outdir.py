"""The output folder through the real command line: ``kg build`` replaces only what it
wrote (told by its marker), never a user's files; a symbolic link is built through; file
names that are not UTF-8 are recorded safely."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.outdir import MARKER, listing

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def kg(*args, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=timeout, cwd=cwd)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / SEED_FILES[0].name).write_bytes(SEED_FILES[0].read_bytes())
    return folder


def test_a_folder_with_a_fake_build_report_is_not_deleted(tmp_path, reports):
    """The issue's case: ``build-report.json`` beside a user's files is no build output."""
    out = tmp_path / "v"
    (out / "src").mkdir(parents=True)
    (out / "src" / "thesis.tex").write_text("x\n")
    (out / "build-report.json").write_text("{}\n")
    before = snapshot(out)
    proc = kg("build", reports, "-o", out)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"kg: {out} exists, is not empty and is not a kg build output")
    assert "nothing was changed" in proc.stderr and proc.stderr.count("\n") == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "v"]  # no staging left


def test_the_marker_lists_what_the_build_wrote(tmp_path, reports):
    out = tmp_path / "out"
    assert kg("build", reports, "-o", out).returncode == 0
    marker = json.loads((out / MARKER).read_text("utf-8"))
    assert marker["written_by"] == "kg build" and marker["format"] == 1
    assert marker["files"] == [p for p in listing(out) if p != MARKER]
    assert {"graph.trig", "build-report.json", "store", "leadership.html"} <= set(marker["files"])
    assert kg("build", reports, "-o", out).returncode == 0  # its own output is replaced


def test_a_file_added_to_an_output_is_never_deleted(tmp_path, reports):
    out = tmp_path / "out"
    assert kg("build", reports, "-o", out).returncode == 0
    (out / "notes.md").write_text("my notes\n")
    (out / "store" / "mine.txt").write_text("also mine\n")
    before = snapshot(out)
    proc = kg("build", reports, "-o", out)
    assert proc.returncode == 1
    assert "also holds files kg build did not write (notes.md, store/mine.txt)" in proc.stderr
    assert snapshot(out) == before


def test_a_marker_of_a_newer_format_is_refused(tmp_path, reports):
    out = tmp_path / "out"
    assert kg("build", reports, "-o", out).returncode == 0
    marker = json.loads((out / MARKER).read_text("utf-8"))
    (out / MARKER).write_text(json.dumps({**marker, "format": 99}))
    proc = kg("build", reports, "-o", out)
    assert proc.returncode == 1 and "written by a newer kg" in proc.stderr


def legacy_output(out: Path, reports: Path) -> None:
    """An output as the previous version wrote it: no marker, ``build-report.json`` first,
    no facts cache (kg.incremental)."""
    assert kg("build", reports, "-o", out).returncode == 0
    (out / MARKER).unlink()
    shutil.rmtree(out / "facts")


def test_an_output_of_the_previous_version_is_replaced(tmp_path, reports):
    out = tmp_path / "out"
    legacy_output(out, reports)
    (reports / SEED_FILES[1].name).write_bytes(SEED_FILES[1].read_bytes())
    proc = kg("build", reports, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((out / "build-report.json").read_text("utf-8"))["summary"]["reports"] == 2
    assert (out / MARKER).is_file()


def test_an_output_of_the_previous_version_with_extra_files_is_kept(tmp_path, reports):
    out = tmp_path / "out"
    legacy_output(out, reports)
    (out / "analysis").mkdir()
    (out / "analysis" / "chart.png").write_bytes(b"\x89PNG")
    before = snapshot(out)
    proc = kg("build", reports, "-o", out)
    assert proc.returncode == 1 and "did not write (analysis, analysis/chart.png)" in proc.stderr
    assert snapshot(out) == before


def test_a_symlinked_output_is_built_where_it_points(tmp_path, reports):
    """The link stays a link to the same folder, which holds the new output; nothing is
    left beside the link or the folder."""
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "kg-out"
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)  # dangling until the first build
    assert kg("build", reports, "-o", link).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real) and (real / MARKER).is_file()
    first = json.loads((link / "build-report.json").read_text("utf-8"))["summary"]["reports"]
    (reports / SEED_FILES[1].name).write_bytes(SEED_FILES[1].read_bytes())
    proc = kg("build", reports, "-o", link)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (first, json.loads((real / "build-report.json").read_text("utf-8"))["summary"]["reports"]) == (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out", "reports"]
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["kg-out"]
    assert kg("query", "stats", "--graph", link).returncode == 0


def test_a_symlink_loop_as_output_is_refused(tmp_path, reports):
    (tmp_path / "out").symlink_to(tmp_path / "out")
    proc = kg("build", reports, "-o", tmp_path / "out")
    assert proc.returncode == 1 and "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "out").is_symlink()


def test_an_output_name_of_250_bytes(tmp_path, reports):
    """Staging folders and the lock beside OUT have short names: they fit the 255-byte limit."""
    out = tmp_path / ("o" * 250)
    for _ in range(2):
        proc = kg("build", reports, "-o", out)
        assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o" * 250, "reports"]


def test_a_file_name_that_is_not_utf8(tmp_path, reports):
    """A name with bytes that are not UTF-8 is recorded escaped (JSON, graph, page, summary),
    and the report is read like any other."""
    name = os.fsdecode(b"\xff\xfe.txt")
    (reports / name).write_bytes(SEED_FILES[2].read_bytes())
    out = tmp_path / "out"
    proc = kg("build", reports, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "reports: 2 read (2 ok" in proc.stdout
    report = json.loads((out / "build-report.json").read_bytes().decode("utf-8"))
    entry = next(r for r in report["reports"] if r["id"] == "%FF%FE")
    assert entry["status"] == "ok" and entry["path"].endswith("\\xff\\xfe.txt")
    assert entry["counts"]["memberships"] > 0
    rows = kg("query", "reports", "--graph", out, "--format", "csv")
    assert rows.returncode == 0 and "\\xff\\xfe.txt" in rows.stdout and "%FF%FE" in rows.stdout
    (out / "leadership.html").read_bytes().decode("utf-8")  # valid UTF-8 throughout
