"""Replacing an output folder as a whole: build beside it, then swap it in.

A build writes into ``.OUT.building-PID`` next to ``OUT``; only when everything is written
is the old ``OUT`` renamed away, the new one renamed in, and the old one deleted. A build
that fails or is killed leaves the previous ``OUT`` as it was.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = "build-report.json"  # a folder holding it is a previous build output


class OutputError(Exception):
    """The output folder cannot be used (e.g. it exists and is not a build output)."""


def check_replaceable(out: Path) -> None:
    """Refuse to replace a folder that is neither empty nor a previous build.

    Leftovers of killed builds go first: a previous output that one left aside is put
    back (so that even a build that then fails leaves ``out`` as it was before the kill).
    """
    _remove_stale(Path(out).absolute())
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(f"{out} exists, is not empty and is not a kg build output; "
                          "choose another -o folder")


@contextmanager
def staging(out: str | Path) -> Iterator[Path]:
    """Yield a fresh folder to write the new output in; swap it in for ``out`` on success."""
    out = Path(out).absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    replace(tmp, out)


def replace(new: Path, out: Path) -> None:
    """Put folder ``new`` in place of ``out`` (which may not exist)."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale(out: Path) -> None:
    """Clear leftovers of killed builds into ``out`` (whose process is gone).

    A build killed between its two renames leaves no ``out`` but an ``.old-PID``: that
    previous output is put back.
    """
    for kind in ("old", "building"):
        for path in sorted(out.parent.glob(f".{out.name}.{kind}-*")):
            pid = path.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or _alive(int(pid)):
                continue
            if kind == "old" and not out.exists():
                os.rename(path, out)
            else:
                shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != 0
