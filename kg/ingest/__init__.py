"""Reading report files into :class:`~kg.document.Document` objects.

Bytes are decoded (UTF-8 with or without BOM, GB18030/GBK, Big5), HTML becomes visible
text, and the text is normalised with a map back to the original characters.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..document import Document
from ..outdir import MARKER
from .clues import find_dateline, find_published, find_region, find_title
from .encoding import decode
from .html import html_to_text, looks_like_html
from .normalize import normalize

SUFFIXES = (".txt", ".html", ".htm")
#: Reports larger than this are refused with a clear message (a news report is < 100 KB).
MAX_BYTES = 5 * 1024 * 1024


class ReportError(ValueError):
    """A report that cannot be read; the message says why."""


def discover(inputs) -> list[Path]:
    """Report files among ``inputs`` (files, and folders searched recursively), sorted, unique.

    Build outputs inside the folders are no reports: ``kg build reports -o reports/out``
    must not read ``reports/out/leadership.html`` on its next run.
    """
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for p in _report_files(path):
                found[p] = None
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(found)


#: Staging folders of a build in progress (or killed): ``.OUT.building-PID``, ``.OUT.old-PID``.
STAGING = re.compile(r"\..+\.(?:building|old)-\d+")


def is_build_output(folder: Path) -> bool:
    """A folder written by ``kg build`` (as :mod:`kg.outdir` tells one)."""
    return (folder / MARKER).is_file()


def _report_files(folder: Path) -> list[Path]:
    """Files with a report suffix under ``folder``, not in build outputs; sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        if is_build_output(here) or STAGING.fullmatch(here.name):
            dirs[:] = []
            continue
        found.extend(here / f for f in files if Path(f).suffix.lower() in SUFFIXES and (here / f).is_file())
    return sorted(found)


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
    return document_from_bytes(path.stem, data, str(path), is_html)
