"""Reading report files into :class:`~kg.document.Document` objects.

Bytes are decoded (UTF-8 with or without BOM, GB18030/GBK, Big5), HTML becomes visible
text, and the text is normalised with a map back to the original characters.
"""
from __future__ import annotations

from pathlib import Path

from ..document import Document
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
    """Report files among ``inputs`` (files, and folders searched recursively), sorted, unique."""
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and p.suffix.lower() in SUFFIXES:
                    found[p] = None
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(found)


def document_from_bytes(doc_id: str, data: bytes, path: str = "", is_html: bool | None = None) -> Document:
    """Build a Document from raw bytes. Raises :class:`ReportError` for unreadable input."""
    if not data.strip():
        raise ReportError("empty file")
    if len(data) > MAX_BYTES:
        raise ReportError(f"file too large ({len(data):,} bytes > {MAX_BYTES:,}); not a single news report")
    try:
        raw, encoding, warnings = decode(data)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    html_title = ""
    fmt = "text"
    if is_html or (is_html is None and looks_like_html(raw)):
        raw, html_title = html_to_text(raw)
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


def read_document(path) -> Document:
    """Read one report file; the report id is the file name without its extension."""
    path = Path(path)
    data = path.read_bytes() if path.stat().st_size <= MAX_BYTES else path.open("rb").read(MAX_BYTES + 1)
    is_html = True if path.suffix.lower() in (".html", ".htm") else None
    return document_from_bytes(path.stem, data, str(path), is_html)
