"""Meeting status: held (the report's own meeting), mentioned, or planned.

One plain function of a report's text and its meetings. A meeting's clause (the text of
its sentence between the breaks around it, the meeting's own name left out) says:

- planned: :data:`PLANNED_BEFORE` (``筹备召开好…``, ``即将召开``, ``将于…召开``, ``迎接``) or
  :data:`PLANNED_AFTER` (``…筹备工作``, ``…即将召开``);
- mentioned: :data:`SINCE` (``…以来``), or the extractor did not take it for the report's
  own meeting (``main`` false);
- held: the report's own meeting, with neither.

>>> PLANNED_BEFORE.search("全力以赴筹备召开好") is not None
True
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..document import Document
from ..facts import Meeting
from .terms import CLAUSE_BREAK, to_normalised

PLANNED_BEFORE = re.compile(
    r"(?:筹备召开|筹备和开好|筹备好|开好|将于|即将|将要|拟于|拟召开|准备召开|迎接)[^，,。；;]{0,24}$")
PLANNED_AFTER = re.compile(r"^[^，,。；;]{0,4}?(?:的)?(?:筹备工作|筹备情况|即将召开|将召开|将于|召开在即)")
SINCE = re.compile(r"^[^，,。；;]{0,4}?(?:召开)?以来")


def status_of(doc: Document, m: Meeting) -> str:
    """held, mentioned or planned, from the meeting's clause."""
    s, e = to_normalised(doc, m.evidence.start), to_normalised(doc, m.evidence.end)
    text = doc.text
    if not (0 <= s <= e <= len(text)):
        return m.state
    sent_s, sent_e = doc.sentence_at(s)
    breaks = [b.end() for b in CLAUSE_BREAK.finditer(text, max(sent_s, s - 60), s)]
    before = text[breaks[-1] if breaks else max(sent_s, s - 60): s]
    after = text[e: min(max(sent_e, e), e + 30)]
    if PLANNED_BEFORE.search(before) or PLANNED_AFTER.match(after):
        return "planned"
    if SINCE.match(after):
        return "mentioned"
    return m.state


def with_status(doc: Document, meetings: list[Meeting]) -> list[Meeting]:
    """``meetings`` with ``status`` set."""
    return [replace(m, status=status_of(doc, m)) for m in meetings]
