"""Memberships: (person, role, org) from title chains, elections and appointments."""
from __future__ import annotations

from ..document import Document
from ..facts import Membership
from .orgs import congress_body
from .people import mentions


def extract_memberships(doc: Document) -> list[Membership]:
    out: dict[tuple[str, str, str], Membership] = {}
    for m in mentions(doc):
        for t in m.titles:
            if t.org is None:
                continue
            org = congress_body(doc, t.org, t.start) or t.org
            key = (m.name, t.role, org.name)
            if key not in out:
                out[key] = Membership(m.name, t.role, org, doc.evidence(min(t.start, m.start), m.end), "stated")
        if m.nominated:
            continue
        for t in m.elected:
            if t.org is None:
                continue
            org = congress_body(doc, t.org, t.start) or t.org
            key = (m.name, t.role, org.name)
            if key not in out:
                how = m.election_kind or "elected"
                out[key] = Membership(m.name, t.role, org, doc.evidence(min(t.start, m.start), max(t.end, m.end)), how)
    return list(out.values())
