"""Extractors: plain functions over a Document that yield typed fact records.

``extract_all(doc)`` runs them in order: meetings first (tasks and participations refer
to meetings by key), then memberships, tasks and participations.
"""
from __future__ import annotations

from ..document import Document
from ..facts import Facts
from .meeting_status import with_status
from .meetings import extract_meetings
from .names import name_candidates
from .memberships import extract_memberships
from .participations import extract_participations
from .people import set_context
from .tasks import extract_tasks
from .terms import with_terms

__all__ = ["extract_all", "extract_meetings", "extract_memberships", "extract_tasks", "extract_participations"]


def extract_all(doc: Document) -> Facts:
    """All facts of one report."""
    meetings = with_status(doc, extract_meetings(doc))
    main = next((m for m in meetings if m.main), None)
    set_context(doc, main.org if main else None)
    return Facts(
        doc.id,
        memberships=with_terms(doc, extract_memberships(doc), meetings),
        meetings=meetings,
        tasks=extract_tasks(doc, meetings),
        participations=extract_participations(doc, meetings),
        names=name_candidates(doc),
    )
