"""Memberships: (person, role, org) from title chains, elections and appointments."""
from __future__ import annotations

from ..document import Document
from ..facts import Membership
from .context import Context
from .orgs import congress_body, holder
from .people import Mention, Title


def extract_memberships(doc: Document, ctx: Context, people: list[Mention]) -> list[Membership]:
    """Memberships stated in title chains, and won by election or appointment."""
    out: dict[tuple[str, str, str], Membership] = {}

    def add(m: Mention, t: Title, end: int, how: str) -> None:
        if t.org is None or holder(t.role) == "rank":
            return  # no org, or a grade (一级巡视员) rather than a post
        org = congress_body(doc, t.org, t.start) or t.org  # 大会主席团 -> <congress>主席团
        key = (m.name, t.role, org.name)
        if key not in out:
            out[key] = Membership(m.name, t.role, org, doc.evidence(min(t.start, m.start), end), how)

    for m in people:
        for t in m.titles:
            add(m, t, m.end, "stated")
        if m.nominated:
            continue
        for t in m.elected:
            add(m, t, max(t.end, m.end), m.election_kind or "elected")
    return list(out.values())
