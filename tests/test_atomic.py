"""Atomic output: a ``kg build`` killed with SIGKILL half-way leaves the previous output
intact (byte for byte, and it still loads and answers queries the same), and its
leftovers neither break nor survive the next build."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.store import GraphStore

from .conftest import SEEDS

#: Distinct reports (each seed with a line of its own): enough for a build that reads in
#: worker processes and spends a second or more writing its output.
N_REPORTS = 300
#: Only to catch a hang.
LIMIT_S = 120


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def answers(out: Path) -> dict[str, list]:
    with GraphStore.open(out) as store:
        return {q: store.select(q).rows for q in ("memberships", "meetings", "participations", "reports", "stats")}


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many") / "reports"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(N_REPORTS):
        text = seeds[i % len(seeds)].read_text("utf-8")
        (folder / f"r{i:03d}.txt").write_text(f"{text}\n编号{i}:本文第{i}次转载。\n", encoding="utf-8")
    return folder


def staging_folders(parent: Path, out_name: str = "out") -> list[Path]:
    return sorted(parent.glob(f".{out_name}.building-*")) + sorted(parent.glob(f".{out_name}.old-*"))


def children(pid: int) -> list[int]:
    """Ids of the processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid):
            found.append(int(stat.parent.name))
    return found


def start_build(inputs: Path, out: Path) -> subprocess.Popen:
    # --jobs: worker processes even on a machine with one CPU
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(inputs), "-o", str(out), "--jobs", "4"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def kill(proc: subprocess.Popen, group: bool) -> None:
    """SIGKILL the build (or its whole process group: the reading workers too) and reap it."""
    try:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=LIMIT_S)


def reap_group(proc: subprocess.Popen) -> None:
    """Whatever the build started (worker processes) goes too."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.mark.parametrize("when", ["writing", "reading"])
def test_sigkill_leaves_the_previous_output_intact(tmp_path, many_reports, when):
    if when == "reading" and not Path("/proc/self/stat").is_file():
        pytest.skip("needs /proc to see the worker processes")
    out = tmp_path / "out"
    build([SEEDS], out, jobs=1)
    before_files, before_answers = files(out), answers(out)

    proc = start_build(many_reports, out)
    try:
        deadline = time.monotonic() + LIMIT_S
        if when == "writing":
            # wait for the staging folder: the build has read everything and is writing
            while not list(tmp_path.glob(".out.building-*")):
                assert proc.poll() is None, f"the build ended first: {proc.stderr.read().decode()}"
                assert time.monotonic() < deadline
                time.sleep(0.002)
            time.sleep(0.3)  # well into writing the quads, the TriG file and the store
            assert proc.poll() is None, "the build finished before it could be killed"
            kill(proc, group=False)  # the build alone, as the OOM killer would
        else:
            # wait for the worker processes: the build is reading the reports
            while not children(proc.pid):
                assert proc.poll() is None, f"the build ended first: {proc.stderr.read().decode()}"
                assert time.monotonic() < deadline
                time.sleep(0.005)
            assert not list(tmp_path.glob(".out.building-*"))
            kill(proc, group=True)
    finally:
        reap_group(proc)
    assert proc.returncode == -signal.SIGKILL

    assert files(out) == before_files
    assert answers(out) == before_answers
    leftovers = staging_folders(tmp_path)
    assert bool(leftovers) == (when == "writing")  # a half-written staging folder

    # the next build is not disturbed by the leftovers, and clears them
    result = build([SEEDS], out, jobs=1)
    assert result.read == 5
    assert staging_folders(tmp_path) == []
    assert answers(out) == before_answers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_kill_between_the_two_renames_restores_the_previous_output(tmp_path):
    """A build killed after moving ``OUT`` aside but before moving the new one in: the next
    build (even one that then fails) puts the previous output back first."""
    out = tmp_path / "out"
    build([SEEDS], out, jobs=1)
    before = files(out)
    dead = _dead_pid()
    out.rename(tmp_path / f".out.old-{dead}")
    (tmp_path / f".out.building-{dead}").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "bad"), "-o", str(out)],
                          capture_output=True, text=True, timeout=LIMIT_S, check=False)
    assert proc.returncode == 1 and "no report could be read" in proc.stderr
    assert files(out) == before
    assert staging_folders(tmp_path) == []


def _dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# -- SIGTERM, a second build, queries during a build ----------------------------------------------

def wait_for(proc: subprocess.Popen, ready, what: str) -> None:
    deadline = time.monotonic() + LIMIT_S
    while not ready():
        assert proc.poll() is None, f"the build ended before {what}: {proc.stderr.read().decode()}"
        assert time.monotonic() < deadline, f"no {what} after {LIMIT_S} s"
        time.sleep(0.005)


@pytest.mark.parametrize("when", ["writing", "reading"])
def test_sigterm_is_handled_like_sigint(tmp_path, many_reports, when):
    """SIGTERM (what `kill`, systemd and container runtimes send) to the build: a message,
    exit 143, no staging folder or lock left, the previous output intact."""
    if when == "reading" and not Path("/proc/self/stat").is_file():
        pytest.skip("needs /proc to see the worker processes")
    out = tmp_path / "out"
    build([SEEDS], out, jobs=1)
    before = files(out)
    proc = start_build(many_reports, out)
    try:
        if when == "writing":
            wait_for(proc, lambda: list(tmp_path.glob(".out.building-*")), "a staging folder")
            time.sleep(0.3)
        else:
            wait_for(proc, lambda: children(proc.pid), "worker processes")
        assert proc.poll() is None, "the build finished before it could be stopped"
        os.kill(proc.pid, signal.SIGTERM)  # the build alone: its workers are its business
        proc.wait(timeout=LIMIT_S)
        err = proc.stderr.read().decode()
    finally:
        reap_group(proc)
    assert proc.returncode == 143, err
    assert err == "kg: terminated (SIGTERM); nothing was changed\n"
    assert files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder, no lock
    if Path("/proc/self/stat").is_file():
        time.sleep(0.5)
        assert children(proc.pid) == []


def test_a_second_build_into_the_same_output_is_told_another_runs(tmp_path, many_reports):
    out = tmp_path / "out"
    first = start_build(many_reports, out)
    try:
        wait_for(first, lambda: (tmp_path / ".out.lock").is_file(), "a lock")
        second = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(out)],
                                capture_output=True, text=True, timeout=LIMIT_S, check=False)
        assert first.poll() is None, "the first build ended too soon"
        assert second.returncode == 1
        assert second.stderr == (f"kg: another kg build (process {first.pid}) is writing {out}; "
                                 "wait for it to finish\n")
        assert first.wait(timeout=LIMIT_S * 3) == 0, first.stderr.read().decode()
    finally:
        reap_group(first)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert GraphStore.open(out).count("reports") == N_REPORTS


def test_queries_during_rebuilds_never_fail(tmp_path):
    """Builds into OUT in a loop while queries run on it (new processes, and an open/query
    loop in this one): every query answers, from the old output or the new one."""
    out = tmp_path / "out"
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    (small / seeds[0].name).write_bytes(seeds[0].read_bytes())
    for s in seeds:
        (large / s.name).write_bytes(s.read_bytes())
    build([small], out, jobs=1)
    done = threading.Event()
    failures: list[str] = []
    answers: set[int] = set()
    counts = {"cli": 0, "api": 0}

    def cli_queries() -> None:
        while not done.is_set():
            proc = subprocess.run([sys.executable, "-m", "kg", "query", "reports", "-g", str(out), "-f", "csv"],
                                  capture_output=True, text=True, timeout=LIMIT_S, check=False)
            counts["cli"] += 1
            if proc.returncode != 0:
                failures.append(proc.stderr)
            else:
                answers.add(len(proc.stdout.splitlines()) - 1)

    def api_queries() -> None:
        while not done.is_set():
            try:
                with GraphStore.open(out) as store:
                    answers.add(store.count("reports"))
                    store.select("memberships")
            except Exception as exc:  # noqa: BLE001 (any failure fails the test)
                failures.append(f"{type(exc).__name__}: {exc}")
            counts["api"] += 1

    threads = [threading.Thread(target=f, daemon=True) for f in (cli_queries, api_queries)]
    for t in threads:
        t.start()
    try:
        for i in range(ROUNDS):
            proc = subprocess.run([sys.executable, "-m", "kg", "build", str(large if i % 2 == 0 else small),
                                   "-o", str(out), "--jobs", "1"],
                                  capture_output=True, text=True, timeout=LIMIT_S, check=False)
            assert proc.returncode == 0, proc.stderr
    finally:
        done.set()
        for t in threads:
            t.join(timeout=LIMIT_S)
    print(f"{ROUNDS} builds; {counts['cli']} kg query runs and {counts['api']} opens+queries meanwhile")
    assert failures == []
    assert answers == {1, len(seeds)}  # the old output or the new one, nothing in between
    assert counts["cli"] >= ROUNDS and counts["api"] >= 10 * ROUNDS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["large", "out", "small"]


#: Builds in the rebuild loop.
ROUNDS = 6
