"""Memberships: (person, role, org) from title chains, elections and appointments."""
from __future__ import annotations

from ..document import Document
from ..facts import Membership
from .orgs import congress_body
from .people import Mention, Title, mentions


def extract_memberships(doc: Document) -> list[Membership]:
    out: dict[tuple[str, str, str], Membership] = {}

    def add(m: Mention, t: Title, end: int, how: str) -> None:
        if t.org is None:
            return
        org = congress_body(doc, t.org, t.start) or t.org  # 大会主席团 -> <congress>主席团
        key = (m.name, t.role, org.name)
        if key not in out:
            out[key] = Membership(m.name, t.role, org, doc.evidence(min(t.start, m.start), end), how)

    for m in mentions(doc):
        for t in m.titles:
            add(m, t, m.end, "stated")
        if m.nominated:
            continue
        for t in m.elected:
            add(m, t, max(t.end, m.end), m.election_kind or "elected")
    return list(out.values())
