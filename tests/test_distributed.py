"""kg build --dask (kg.distributed): the same output as the local build, on a LocalCluster
of 2 workers; failed partitions retried, a partition that keeps failing costs its reports."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg.build
from kg import distributed
from kg.build import BuildError, build

from .conftest import SEEDS, seed_folder
from .test_incremental import answers, trig_lines

dd = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    """Two in-process workers (quick to start; the tasks are the same as on a real cluster)."""
    cluster = dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with dd.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture
def reports(tmp_path) -> Path:
    """The seeds, a copy of one (a duplicate) and a broken report."""
    folder = seed_folder(tmp_path / "reports")
    first = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(first, folder / "zz-copy.txt")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    return folder


def report_entries(out: Path) -> list[dict]:
    return json.loads((out / "build-report.json").read_text("utf-8"))["reports"]


def test_dask_build_equals_the_local_build(tmp_path, reports, client, monkeypatch):
    monkeypatch.setattr(distributed, "PARTITION", 2)  # several partitions on each worker
    local, on_dask = tmp_path / "local", tmp_path / "dask"
    build([reports], local, jobs=1)
    result = build([reports], on_dask, dask=client)
    assert result.failed and result.with_status("duplicate")
    assert (on_dask / "graph.trig").read_bytes() == (local / "graph.trig").read_bytes()
    assert answers(on_dask) == answers(local)
    assert report_entries(on_dask) == report_entries(local)
    # and an incremental build on Dask over the local output is the full build's too
    (reports / "new.txt").write_text(sorted(SEEDS.glob("*.txt"))[1].read_text("utf-8") + "\n新的一句。\n", "utf-8")
    build([reports], local, dask=client)
    full = tmp_path / "full"
    build([reports], full, jobs=1)
    assert trig_lines(local) == trig_lines(full) and answers(local) == answers(full)


def test_a_failed_partition_is_retried(tmp_path, reports, client, monkeypatch):
    real, failed = kg.build.process, []

    def flaky(item):
        if item[1] not in failed:  # each report fails its first try (as a lost worker would)
            failed.append(item[1])
            raise OSError("worker lost")
        return real(item)

    monkeypatch.setattr(kg.build, "process", flaky)
    out = tmp_path / "out"
    build([reports], out, dask=client)
    monkeypatch.setattr(kg.build, "process", real)
    build([reports], tmp_path / "local", jobs=1)
    assert failed and (out / "graph.trig").read_bytes() == (tmp_path / "local" / "graph.trig").read_bytes()


def test_a_partition_that_keeps_failing_costs_its_reports_not_the_build(tmp_path, reports, client, monkeypatch):
    monkeypatch.setattr(distributed, "PARTITION", 1)
    real = kg.build.process

    def broken(item):
        if item[1] == "broken":
            raise MemoryError("out of memory")
        return real(item)

    monkeypatch.setattr(kg.build, "process", broken)
    result = build([reports], tmp_path / "out", dask=client)
    (failed,) = result.failed
    assert failed.id == "broken" and "partition failed" in failed.error and "out of memory" in failed.error
    assert len(result.with_status("ok")) == 5


def test_without_dask_a_clear_message(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(BuildError, match=r"needs Dask.*pip install 'gonghui-kg\[dask\]'"):
        build([SEEDS], tmp_path / "out", dask=True)
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_command_line_runs_on_a_local_cluster(tmp_path, seeds_built):
    """`kg build --dask INPUT -o OUT`: a LocalCluster of --jobs worker processes, started and
    stopped by the build (the input after --dask is an input, not an address)."""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--dask", str(SEEDS), "-o", str(out), "--jobs", "2"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (out / "graph.trig").read_bytes() == (seeds_built / "graph.trig").read_bytes()


def test_the_command_line_refuses_what_is_no_address(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(tmp_path / "out"),
                           "--dask", "nowhere"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not a scheduler address" in proc.stderr
    assert not (tmp_path / "out").exists()
