"""Reading report files into :class:`~kg.document.Document` objects.

Bytes are decoded (UTF-8 with or without BOM, GB18030/GBK, Big5), HTML becomes visible
text, and the text is normalised with a map back to the original characters.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Document
from ..outdir import is_build_output
from .clues import find_dateline, find_published, find_region, find_title
from .encoding import decode
from .html import html_to_text, looks_like_html
from .normalize import normalize

SUFFIXES = (".txt", ".html", ".htm")
#: Reports larger than this are refused with a clear message (a news report is < 100 KB).
MAX_BYTES = 5 * 1024 * 1024


class ReportError(ValueError):
    """A report that cannot be read; the message says why."""


@dataclass
class Discovery:
    """What :func:`find_reports` found: report files, and paths it could not use (with why)."""

    paths: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (shown path, reason)


def discover(inputs) -> list[Path]:
    """Report files among ``inputs`` (see :func:`find_reports`); paths that cannot be used
    are left out (a missing input raises ``FileNotFoundError``)."""
    found = find_reports(inputs)
    for shown, why in found.skipped:
        if why == MISSING:
            raise FileNotFoundError(f"no such file or folder: {shown}")
    return found.paths


MISSING = "no such file or folder"


def find_reports(inputs) -> Discovery:
    """Report files among ``inputs`` (files, and folders searched recursively), unique, in an
    order that does not depend on the order of ``inputs`` (by absolute path).

    Symbolic links to folders are followed once (a folder already searched is not searched
    again: no loops); unreadable folders, dangling links and missing inputs are recorded in
    ``skipped``. Build outputs inside the folders are no reports: ``kg build reports -o
    reports/out`` must not read ``reports/out/leadership.html`` on its next run.
    """
    found: dict[Path, None] = {}
    skipped: list[tuple[str, str]] = []
    seen: dict[tuple[int, int], str] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for p in _report_files(path, seen, skipped):
                found[p] = None
        elif path.is_file():
            found[path] = None
        elif path.is_symlink():
            skipped.append((shown_path(path), f"dangling symbolic link (to {shown_path(os.readlink(path))})"))
        elif os.path.lexists(path):
            skipped.append((shown_path(path), "not a file or folder"))
        else:
            skipped.append((shown_path(path), MISSING))
    paths = sorted(found, key=lambda p: os.fsencode(os.path.abspath(p)))
    return Discovery(paths, skipped)


def shown_path(path) -> str:
    """A path as text that can always be written (JSON, RDF, HTML, a terminal): bytes that
    are not UTF-8 appear as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def report_id(path) -> str:
    """The report id of a file: its name without extension, bytes that are not UTF-8 as ``%NN``."""
    raw = os.fsencode(Path(path).stem)
    out, i = [], 0
    while i < len(raw):
        try:
            text = raw[i:].decode("utf-8")
            out.append(text)
            break
        except UnicodeDecodeError as exc:
            out.append(raw[i:i + exc.start].decode("utf-8"))
            out.extend(f"%{b:02X}" for b in raw[i + exc.start:i + exc.end])
            i += exc.end
    return "".join(out)


#: Staging folders of a build in progress (or killed): ``.OUT.building-PID``, ``.OUT.old-PID``.
STAGING = re.compile(r"\..+\.(?:building|old)-\d+")


def _report_files(folder: Path, seen: dict[tuple[int, int], str], skipped: list[tuple[str, str]]) -> list[Path]:
    """Files with a report suffix under ``folder``, not in build outputs; symbolic links to
    folders followed once; what cannot be read recorded in ``skipped``."""
    found = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        skipped.append((shown_path(where), f"cannot read folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(root)
        try:
            st = here.stat()
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # reached again through a link: searched once
            if here.is_symlink():
                skipped.append((shown_path(here), f"symbolic link to a folder already searched ({seen[key]})"))
            dirs[:] = []
            continue
        seen[key] = shown_path(here)
        dirs.sort()
        if is_build_output(here) or STAGING.fullmatch(here.name):
            dirs[:] = []
            continue
        for name in files:  # os.walk lists dangling and looping links among the files
            p = here / name
            report = p.suffix.lower() in SUFFIXES
            if report and p.is_file():
                found.append(p)
            elif p.is_symlink() and not p.exists():
                why = "symbolic link loop" if _loops(p) else "dangling symbolic link"
                skipped.append((shown_path(p), f"{why} (to {shown_path(os.readlink(p))})"))
            elif report:
                skipped.append((shown_path(p), "not a regular file"))
    return found


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


def document_from_bytes(doc_id: str, data: bytes, path: str = "", is_html: bool | None = None) -> Document:
    """Build a Document from raw bytes. Raises :class:`ReportError` for unreadable input."""
    if not data.strip():
        raise ReportError("empty file")
    if len(data) > MAX_BYTES:
        raise ReportError(_too_large(len(data)))
    try:
        raw, encoding, warnings = decode(data)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    html_title = ""
    fmt = "text"
    if is_html or (is_html is None and looks_like_html(raw)):
        raw, html_title = html_to_text(raw, warnings)
        fmt = "html"
    text, offsets, script = normalize(raw)
    if not text.strip():
        raise ReportError("no text after normalisation")
    doc = Document(
        id=doc_id, original=raw, text=text, offsets=offsets, path=path,
        encoding=encoding, fmt=fmt, script=script, warnings=warnings,
    )
    doc.title = find_title(text, normalize(html_title)[0] if html_title else "")
    doc.published = find_published(text)
    doc.site = find_dateline(text)
    doc.region = find_region(text, doc.title, doc.site)
    return doc


def _too_large(size: int) -> str:
    return (f"file too large: {size:,} bytes, over the limit of {MAX_BYTES:,} bytes "
            f"({MAX_BYTES // 2**20} MB) for one news report; not read")


def read_document(path) -> Document:
    """Read one report file; the report id is the file name without its extension."""
    path = Path(path)
    with path.open("rb") as fh:  # never more than the limit in memory
        data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ReportError(_too_large(max(os.fstat(fh.fileno()).st_size, len(data))))
    is_html = True if path.suffix.lower() in (".html", ".htm") else None
    return document_from_bytes(report_id(path), data, shown_path(path), is_html)
