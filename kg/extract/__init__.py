"""Extractors: plain functions over a Document that yield typed fact records.

``extract_all(doc)`` runs them in order: meetings first (tasks and participations refer
to meetings by key), then memberships, tasks and participations.
"""
from __future__ import annotations

from ..document import Document
from ..facts import Facts


def extract_all(doc: Document) -> Facts:
    """All facts of one report."""
    facts = Facts(doc.id)
    return facts
