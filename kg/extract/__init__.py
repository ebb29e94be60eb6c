"""Extractors: plain functions of a Document and its Context that return typed fact records.

``extract_all(doc)`` builds the report's :class:`~kg.extract.context.Context` once, finds
the meetings (the main one's organiser joins the context), reads the people once, and
passes each extractor what it needs::

    ctx = context_of(doc)                              # region, company, dates
    meetings = extract_meetings(doc, ctx)
    ctx = ctx.with_org(main_meeting(meetings).org)     # bare 工会, 当选为主席
    people = find_people(doc, ctx)
    extract_memberships(doc, ctx, people)
    extract_tasks(doc, ctx, people, meetings)
    extract_participations(doc, ctx, people, meetings)
"""
from __future__ import annotations

from ..document import Document
from ..facts import Facts
from .context import Context, context_of
from .meeting_status import with_status
from .meetings import extract_meetings, main_meeting, numbered, unattributed_meeting
from .memberships import extract_memberships
from .participations import extract_participations
from .people import find_people
from .tasks import extract_tasks
from .terms import with_terms

__all__ = ["Context", "context_of", "extract_all", "extract_meetings", "extract_memberships", "extract_tasks",
           "extract_participations", "find_people"]


def extract_all(doc: Document) -> Facts:
    """All facts of one report."""
    ctx = context_of(doc)
    meetings = extract_meetings(doc, ctx)
    main = main_meeting(meetings)
    if main is not None:
        ctx = ctx.with_org(main.org)
    people = find_people(doc, ctx)
    if main is None and (own := unattributed_meeting(doc, ctx, people)) is not None:
        meetings = numbered([own, *meetings])  # held, but its organiser is not named with it
    meetings = with_status(doc, meetings)
    return Facts(
        doc.id,
        memberships=with_terms(doc, extract_memberships(doc, ctx, people), meetings),
        meetings=meetings,
        tasks=extract_tasks(doc, ctx, people, meetings),
        participations=extract_participations(doc, ctx, people, meetings),
    )
