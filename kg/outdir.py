"""The output folder of ``kg build``: recognised, locked, replaced as a whole.

A build writes into a staging folder beside ``OUT`` (``.OUT.building-PID``) and, only when
everything is written, swaps it in for ``OUT`` in one step (``renameat2(RENAME_EXCHANGE)``
where the system has it, two renames otherwise); the previous output is then deleted. A
build that fails or is killed leaves the previous ``OUT`` as it was.

What ``kg build`` may replace: a missing or empty folder, or one holding only what a build
wrote. Every build writes :data:`MARKER` (``OUT/.kg-build.json``: the format version and the
list of files it wrote); a folder with anything else in it (or a marker from a newer
format) is refused, never deleted. Outputs of earlier versions (no marker) are recognised
by ``build-report.json`` and nothing but build files beside it.

``OUT`` given as a symbolic link is replaced where the link points (the link stays and
points to the new output). One build at a time writes ``OUT``: :func:`locked` takes a lock
(``fcntl.flock`` on ``.OUT.lock`` beside it) and a second build is told another is running.
Readers hold a shared lock on the folder they read (:func:`pin`); the previous output is
deleted only when no reader holds it (otherwise a later build deletes it).
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".kg-build.json"
#: Version of the output layout written into :data:`MARKER`; a newer one is never replaced.
FORMAT = 1
#: What an output of an earlier version (no marker) holds; ``build-report.json`` tells one.
LEGACY_REPORT = "build-report.json"
LEGACY_FILES = frozenset({LEGACY_REPORT, "graph.trig", "store", "leadership.html"})
#: File names of an Oxigraph (RocksDB) store folder.
_STORE_FILE = re.compile(r"\d+\.(?:sst|log|blob)|CURRENT|IDENTITY|LOCK|LOG(?:\.old\.\d+)?"
                         r"|MANIFEST-\d+|OPTIONS-\d+(?:\.dbtmp)?")
#: Longest file name most file systems take (bytes).
NAME_MAX = 255
MAX_LISTED = 5


class OutputError(Exception):
    """The output folder cannot be used (e.g. it exists and is not a build output)."""


class BusyError(OutputError):
    """Another ``kg build`` is writing the same output folder."""


# -- recognising an output ------------------------------------------------------------------

def target(out: str | Path) -> Path:
    """The folder ``out`` names, absolute, symbolic links followed (the link is kept)."""
    path = Path(os.path.abspath(out))
    if path.is_symlink():
        real = Path(os.path.realpath(path))
        if real.is_symlink() or not real.parent.is_dir():  # a loop, or nowhere to build
            raise OutputError(f"{out} is a symbolic link to {os.readlink(path)}, which cannot be built "
                              "into (a link loop or a missing folder)")
        return real
    return Path(os.path.realpath(path.parent)) / path.name if path.parent.exists() else path


def listing(folder: Path) -> list[str]:
    """Paths (relative, ``/``-separated) of every file and folder under ``folder``, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        rel = Path(root).relative_to(folder)
        found.extend((rel / name).as_posix() for name in dirs + files)
    return sorted(found)


def write_marker(folder: Path, version: str) -> None:
    """Write :data:`MARKER` into a finished output: what it holds (written last)."""
    data = {"written_by": "kg build", "format": FORMAT, "kg_version": version, "files": listing(folder)}
    (folder / MARKER).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def read_marker(folder: Path) -> dict | None:
    """The marker of a build output, or None when there is none that ``kg build`` wrote."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("written_by") != "kg build"
            or not isinstance(data.get("format"), int) or not isinstance(data.get("files"), list)):
        return None
    return data


def is_build_output(folder: Path) -> bool:
    """Does ``folder`` look like an output of ``kg build`` (of this or an earlier version)?"""
    return read_marker(folder) is not None or _legacy_report(folder)


def _legacy_report(folder: Path) -> bool:
    try:
        data = json.loads((folder / LEGACY_REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("summary"), dict) and isinstance(data.get("reports"), list)


def foreign_files(folder: Path) -> list[str]:
    """What in ``folder`` (a build output, or not) ``kg build`` did not write."""
    marker = read_marker(folder)
    if marker is not None:
        if marker["format"] > FORMAT:
            return [f"{MARKER} (format {marker['format']}, written by a newer kg)"]
        written = set(marker["files"])
        return [p for p in listing(folder) if p != MARKER and p not in written]
    if not _legacy_report(folder):
        return sorted(p.name for p in folder.iterdir())
    foreign = []
    for path in listing(folder):
        top, _, rest = path.partition("/")
        if top not in LEGACY_FILES or (rest and (top != "store" or not _STORE_FILE.fullmatch(rest))):
            foreign.append(path)
    return foreign


def check_replaceable(out: Path) -> None:
    """Refuse (:class:`OutputError`) to replace ``out`` unless it is missing, empty or holds
    only what ``kg build`` wrote (``out``: a :func:`target`)."""
    if not out.exists():
        if out.is_symlink():
            raise OutputError(f"{out} is a dangling symbolic link")
        return
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if not any(out.iterdir()):
        return
    foreign = foreign_files(out)
    if not foreign:
        return
    shown = ", ".join(foreign[:MAX_LISTED]) + (f" and {len(foreign) - MAX_LISTED} more" if len(foreign) > MAX_LISTED else "")
    if read_marker(out) is None and not _legacy_report(out):
        raise OutputError(f"{out} exists, is not empty and is not a kg build output (it holds {shown}); "
                          "nothing was changed: choose another -o folder")
    raise OutputError(f"{out} is a kg build output but also holds files kg build did not write ({shown}); "
                      "nothing was changed: move them away or choose another -o folder")


# -- names beside OUT --------------------------------------------------------------------------

def sibling(out: Path, kind: str, pid: int | None = None) -> Path:
    """``.OUT.KIND[-PID]`` beside ``out``; a long name is cut short and made unique by a hash,
    so that the name fits in :data:`NAME_MAX` bytes."""
    return out.parent / (_stem(out) + f".{kind}" + (f"-{pid}" if pid is not None else ""))


def _stem(out: Path) -> str:
    name = out.name
    if len(os.fsencode(name)) <= NAME_MAX - 40:
        return f".{name}"
    digest = hashlib.sha1(os.fsencode(name)).hexdigest()[:12]
    cut = os.fsencode(name)[:NAME_MAX - 60]
    return f".{cut.decode('utf-8', 'ignore')}~{digest}"


# -- one build at a time -----------------------------------------------------------------------

@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock on ``out`` (``.OUT.lock`` beside it) or raise :class:`BusyError`."""
    path = sibling(out, "lock")
    out.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise BusyError(f"another kg build{f' (process {holder})' if holder else ''} is writing {out}; "
                            "wait for it to finish") from None
        if _still_there(path, fd):
            break
        os.close(fd)  # the file was removed by the build that held it: take the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        try:
            os.unlink(path)
        finally:
            os.close(fd)


def _still_there(path: Path, fd: int) -> bool:
    """Is ``path`` still the file ``fd`` was opened from (not removed or swapped since)?"""
    try:
        st, held = os.stat(path), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


# -- readers -----------------------------------------------------------------------------------

@contextmanager
def pin(out: str | Path, wait: float = 5.0) -> Iterator[Path | None]:
    """Hold the output folder ``out`` for reading: yield a path to it that stays valid while
    a build swaps in a new one (``/proc/self/fd/N`` where there is one), or None when there is
    no folder. A build does not delete a folder a reader holds."""
    folder = target(out) if Path(out).exists() or Path(out).is_symlink() else Path(os.path.abspath(out))
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            # between the two renames of a swap (systems without RENAME_EXCHANGE)
            if time.monotonic() < deadline and _swapping(folder):
                time.sleep(0.02)
                continue
            yield None
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
        except OSError:  # a file system without locks (some network ones): read unheld
            pass
        if _still_there(folder, fd):
            break
        os.close(fd)  # swapped while we opened it: take the new one
    try:
        proc = Path(f"/proc/self/fd/{fd}")
        yield proc if proc.is_dir() else folder
    finally:
        os.close(fd)


def _swapping(out: Path) -> bool:
    return any(out.parent.glob(f"{glob_escape(_stem(out))}.old-*"))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# -- replacing ---------------------------------------------------------------------------------

@contextmanager
def staging(out: str | Path, notes: list[str] | None = None) -> Iterator[Path]:
    """Yield a fresh folder to write the new output in; swap it in for ``out`` on success.

    The caller holds :func:`locked` (``kg.build`` does); ``out`` is a :func:`target`. A
    previous output still read by another process is left beside ``out`` (said in ``notes``).
    """
    out = Path(out)
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    tmp = sibling(out, "building", os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    check_replaceable(out)  # nothing was put into OUT while we built
    left = replace(tmp, out)
    if left and notes is not None:
        notes.append(f"the previous output is still being read by another process: it stays in {left} "
                     "until a later build (or you) deletes it")


#: Seconds a build waits for readers of the previous output to finish before leaving it.
READERS_WAIT = 5.0


def replace(new: Path, out: Path) -> Path | None:
    """Put folder ``new`` in place of ``out`` (which may not exist); delete the old one
    once no reader holds it (waiting up to :data:`READERS_WAIT`); the path of the old one
    when it had to be left there."""
    old = sibling(out, "old", os.getpid())
    shutil.rmtree(old, ignore_errors=True)
    if out.exists() and _exchange(new, out):
        os.rename(new, old)
    else:
        if out.exists():
            os.rename(out, old)
        os.rename(new, out)
    deadline = time.monotonic() + READERS_WAIT
    while old.exists() and not _delete_unless_read(old):
        if time.monotonic() > deadline:
            return old
        time.sleep(0.05)
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where it cannot be done."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _delete_unless_read(folder: Path) -> bool:
    """Delete ``folder`` if no reader holds it (:func:`pin`); True when deleted."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return not os.path.lexists(folder)
    finally:
        os.close(fd)


def remove_stale(out: Path) -> None:
    """Clear leftovers of killed builds into ``out`` (whose process is gone).

    A build killed between its two renames leaves no ``out`` but an ``.old-PID``: that
    previous output is put back. A build killed while reading leaves its fact shards
    (``.scratch-PID``). A previous output still read by someone stays.
    """
    for kind in ("old", "building", "scratch"):
        for path in sorted(out.parent.glob(f"{glob_escape(_stem(out))}.{kind}-*")):
            pid = path.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or (int(pid) != os.getpid() and _alive(int(pid))):
                continue
            if kind == "scratch" and int(pid) == os.getpid():
                continue  # this build's fact shards, written before its staging folder
            if kind == "old" and not out.exists():
                os.rename(path, out)
            elif kind == "old":
                _delete_unless_read(path)
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
