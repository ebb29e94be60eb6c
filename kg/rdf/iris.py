"""Deterministic, readable IRIs for the things in the graph.

The same input always gives the same IRI. Names stay readable (Chinese is legal in IRIs):
``https://w3id.org/gonghui-kg/id/org/甘肃省总工会``. Characters that are not allowed in an
IRI path segment (spaces, ``/ # ? %``, ``<>"{}|\\^```, controls, private-use ...) are
percent-encoded as UTF-8, so every segment stays one segment. Things with long or
composite keys (tasks, participations) get a short hash of their key.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

from .namespaces import ID

# RFC 3987 ipchar, less "%" (kept for our own escapes): iunreserved / sub-delims / ":" / "@".
_ILLEGAL = re.compile(
    "[^A-Za-z0-9\\-._~!$&'()*+,;=:@"
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd]"
)

EMPTY = "_"  # the segment for an empty value


def _pct(m: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "surrogatepass"))


def segment(text: str) -> str:
    """One IRI path segment for ``text``: readable, IRI-illegal characters percent-encoded."""
    if not text:
        return EMPTY
    if text in (".", ".."):  # dot segments would be removed by IRI normalisation
        return text.replace(".", "%2E")
    return _ILLEGAL.sub(_pct, text)


def short_hash(*parts: str) -> str:
    """A 16-hex-digit hash of ``parts`` (unambiguous: parts are joined with a separator)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def report_iri(doc_id: str) -> str:
    return f"{ID}report/{segment(doc_id)}"


def graph_iri(doc_id: str) -> str:
    """The named graph holding what report ``doc_id`` states."""
    return f"{ID}graph/{segment(doc_id)}"


def org_iri(name: str) -> str:
    """An organisation, by its canonical name."""
    return f"{ID}org/{segment(name)}"


def role_iri(role: str) -> str:
    return f"{ID}role/{segment(role)}"


def person_iri(name: str, org: str) -> str:
    """A person known through a membership of ``org`` (the smallest org of their cluster)."""
    return f"{ID}person/{segment(org)}/{segment(name)}"


def regional_person_iri(name: str, region: str) -> str:
    """A person known only from reports of ``region`` (no membership to place them)."""
    return f"{ID}person/region/{segment(region)}/{segment(name)}"


def meeting_iri(org: str, name: str, day: date | None) -> str:
    """A meeting: organiser's canonical name, day (or ``undated``), meeting name."""
    when = day.isoformat() if day else "undated"
    return f"{ID}meeting/{segment(org)}/{when}/{segment(name)}"


def post_iri(org: str, role: str) -> str:
    """An office in an organisation (org:Post), apart from whoever holds it."""
    return f"{ID}post/{segment(org)}/{segment(role)}"


def term_iri(membership: str) -> str:
    """The time a membership lasts (time:Interval), from the membership's IRI."""
    return f"{ID}term/{_local(membership, 'membership/')}"


def instant_iri(lexical: str) -> str:
    """A point in time by its lexical form: ``2013``, ``2013-02`` or ``2013-02-05``."""
    return f"{ID}instant/{segment(lexical)}"


def membership_iri(person: str, role: str, org: str) -> str:
    """A membership, from the person's IRI, the role and the organisation's IRI."""
    return f"{ID}membership/{_local(person, 'person/')}/{segment(role)}/{_local(org, 'org/')}"


def participation_iri(person: str, kind: str, meeting: str) -> str:
    return f"{ID}participation/{short_hash(person, kind, meeting)}"


def task_iri(meeting: str, text: str) -> str:
    return f"{ID}task/{short_hash(meeting, text)}"


def evidence_iri(doc_id: str, start: int, end: int) -> str:
    """A quotation of report ``doc_id``: original offsets ``[start, end)``."""
    return f"{ID}evidence/{segment(doc_id)}/{start}-{end}"


def _local(iri: str, kind: str) -> str:
    prefix = ID + kind
    return iri[len(prefix):] if iri.startswith(prefix) else segment(iri)
