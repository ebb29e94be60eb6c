"""Inputs through the real command line: nothing is skipped without a word (links,
loops, unreadable folders, missing inputs), and ids and duplicates do not depend on the
order of the arguments."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def kg(*args, cwd: Path, prefix: tuple[str, ...] = (), timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=timeout, cwd=cwd)


def build_report(out: Path) -> dict:
    return json.loads((out / "build-report.json").read_text("utf-8"))


def seed(k: int) -> bytes:
    return SEED_FILES[k].read_bytes()


def test_links_loops_and_dangling_links_are_reported(tmp_path):
    """A symbolic link to a folder is searched (once), a link back up is no loop, a
    dangling link is named in the summary and the build report."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "linked.txt").write_bytes(seed(1))
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_bytes(seed(0))
    (reports / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (reports / "again").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (reports / "loop").symlink_to(reports, target_is_directory=True)
    (reports / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (reports / "self.txt").symlink_to(reports / "self.txt")
    proc = kg("build", "reports", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "reports: 2 read (2 ok, 0 duplicates), 0 failed; 4 input path(s) skipped"
    skipped = {s["path"]: s["reason"] for s in build_report(tmp_path / "out")["skipped"]}
    assert skipped == {  # the folders in sorted order: "again" is searched, "more" is not
        "reports/more": "symbolic link to a folder already searched (reports/again)",
        "reports/loop": "symbolic link to a folder already searched (reports)",
        "reports/gone.txt": f"dangling symbolic link (to {tmp_path / 'nowhere.txt'})",
        "reports/self.txt": f"symbolic link loop (to {reports / 'self.txt'})",
    }
    for path, reason in skipped.items():
        assert f"  {path}: {reason}" in proc.stdout
    ids = {r["id"]: r["path"] for r in build_report(tmp_path / "out")["reports"]}
    assert ids == {"a": "reports/a.txt", "linked": "reports/again/linked.txt"}


def without_root_powers() -> tuple[str, ...]:
    """A command prefix under which permissions apply (root reads every folder): root
    without the capabilities that bypass them."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: every folder is readable")
    return (setpriv, "--bounding-set", "-dac_override,-dac_read_search")


def test_an_unreadable_folder_is_reported(tmp_path):
    prefix = without_root_powers()
    reports = tmp_path / "reports"
    (reports / "locked").mkdir(parents=True)
    (reports / "a.txt").write_bytes(seed(0))
    (reports / "locked" / "b.txt").write_bytes(seed(1))
    (reports / "locked").chmod(0o000)
    try:
        proc = kg("build", "reports", "-o", "out", cwd=tmp_path, prefix=prefix)
    finally:
        (reports / "locked").chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert "1 input path(s) skipped" in proc.stdout.splitlines()[0]
    assert "  reports/locked: cannot read folder: Permission denied" in proc.stdout
    assert build_report(tmp_path / "out")["skipped"] == [
        {"path": "reports/locked", "reason": "cannot read folder: Permission denied"}]


def test_a_missing_input_is_reported_and_the_rest_is_built(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_bytes(seed(0))
    proc = kg("build", "reports", "typo", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "  typo: no such file or folder" in proc.stdout
    assert build_report(tmp_path / "out")["skipped"] == [{"path": "typo", "reason": "no such file or folder"}]
    strict = kg("build", "reports", "typo", "-o", "out2", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "1 input path(s) skipped (--strict)" in strict.stderr
    assert not (tmp_path / "out2").exists()
    nothing = kg("build", "typo", "-o", "out3", cwd=tmp_path)
    assert nothing.returncode == 1 and "no report files" in nothing.stderr and "typo: no such file" in nothing.stdout


def test_ids_and_duplicates_do_not_depend_on_argument_order(tmp_path):
    """``a`` in two folders, and one report in both: whichever order the folders are given
    in, dirA/a.txt is ``a``, dirB/a.html ``a~2``, and dirB's copy the duplicate."""
    for d in ("dirA", "dirB"):
        (tmp_path / d).mkdir()
    (tmp_path / "dirA" / "a.txt").write_bytes(seed(0))
    (tmp_path / "dirB" / "a.html").write_bytes(b"<html><body><p>" + seed(1) + b"</p></body></html>")
    (tmp_path / "dirA" / "same.txt").write_bytes(seed(2))
    (tmp_path / "dirB" / "copy.txt").write_bytes(seed(2))
    runs = {}
    for order in (("dirA", "dirB"), ("dirB", "dirA")):
        out = "out-" + "".join(d[-1] for d in order)
        proc = kg("build", *order, "-o", out, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        runs[order] = (proc.stdout, {r["path"]: (r["id"], r["status"], r["duplicate_of"])
                                     for r in build_report(tmp_path / out)["reports"]})
        assert (tmp_path / out / "graph.trig").read_bytes() == (tmp_path / "out-AB" / "graph.trig").read_bytes()
    (out_ab, ids_ab), (out_ba, ids_ba) = runs.values()
    assert ids_ab == ids_ba == {
        "dirA/a.txt": ("a", "ok", None), "dirA/same.txt": ("same", "ok", None),
        "dirB/a.html": ("a~2", "ok", None), "dirB/copy.txt": ("copy", "duplicate", "same"),
    }
    for stdout in (out_ab, out_ba):
        assert "  dirB/copy.txt: duplicate of same (dirA/same.txt)" in stdout
        assert "  dirB/a.html: id 'a' is already taken by dirA/a.txt; this report is 'a~2'" in stdout


def test_utf16_without_a_bom_is_read(tmp_path):
    (tmp_path / "reports").mkdir()
    text = SEED_FILES[0].read_text("utf-8")
    (tmp_path / "reports" / "le.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "reports" / "be.txt").write_bytes(SEED_FILES[1].read_text("utf-8").encode("utf-16-be"))
    (tmp_path / "reports" / "utf8.txt").write_bytes(seed(0))
    proc = kg("build", "reports", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    reports = {r["id"]: r for r in build_report(tmp_path / "out")["reports"]}
    assert reports["le"]["encoding"] == "utf-16-le" and reports["be"]["encoding"] == "utf-16-be"
    assert reports["be"]["status"] == "ok" and reports["be"]["counts"]["memberships"] > 0
    assert {reports["le"]["status"], reports["utf8"]["status"]} == {"ok", "duplicate"}  # the same text
