"""Writing the output where it cannot be written, through the real command line: a full
disk and a read-only folder get one clear line, and the previous output stays intact."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEEDS


def kg(*args, prefix: tuple[str, ...] = (), timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=timeout)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_disk(tmp_path):
    """A 5 MB file system: room for one build of the seeds (2.3 MB, more while it is written), not two."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", str(mnt)], capture_output=True,
                          check=False)
    if proc.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_keeps_the_previous_output(small_disk, tmp_path):
    out = small_disk / "out"
    first = kg("build", SEEDS, "-o", out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    # Other reports: nothing of the first build is reused (a rebuild of the same reports
    # keeps the store's files, hard-linked, and needs little room).
    changed = tmp_path / "changed"
    changed.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (changed / seed.name).write_text(seed.read_text("utf-8") + "\n另一句。\n", encoding="utf-8")
    proc = kg("build", changed, "-o", out)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"kg: cannot write {out}") and "No space left on device" in proc.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["out"]  # the half-written staging is gone
    assert kg("query", "stats", "--graph", out).returncode == 0


def test_a_read_only_folder_keeps_the_previous_output(tmp_path):
    """Run without root's power to write anywhere (where the tests run as root)."""
    prefix: tuple[str, ...] = ()
    if hasattr(os_module := __import__("os"), "geteuid") and os_module.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: every folder is writable")
        prefix = (setpriv, "--bounding-set", "-dac_override,-dac_read_search")
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "out"
    assert kg("build", SEEDS, "-o", out).returncode == 0
    before = snapshot(out)
    folder.chmod(0o555)
    try:
        proc = kg("build", SEEDS, "-o", out, prefix=prefix)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"kg: cannot write {out}") and "Permission denied" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in folder.iterdir()) == ["out"]
