"""Meetings across reports: one meeting reported twice is one node.

A meeting's IRI comes from its organiser, its name normalised (:func:`name_key`:
``第五次``/``五次``, a trailing ``会议``/``全体会议``, ``扩大``) and its day. A numbered meeting
(``十七届五次执委会``, ``第十三次代表大会``) happens once: a report that names it without a day
gets the node of the one dated meeting of that organiser and name, where there is one.
Pure functions; the result does not depend on the order of the reports.

>>> name_key("十二届九次全委(扩大)会议") == name_key("第十二届第九次全委会议")
True
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from . import iris

_NUM = "[一二三四五六七八九十百零〇两\\d]+"
_ORDINAL = re.compile(f"第(?={_NUM}[届次])")
_ENLARGED = re.compile(r"[(（]?扩大[)）]?")
_TAIL = re.compile(r"(?:全体)?会议$")
NUMBERED = re.compile(f"{_NUM}[届次]")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The name two reports of one meeting share: 第/扩大/会议 and spaces left out."""
    key = re.sub(r"\s+", "", name)
    key = _ENLARGED.sub("", _ORDINAL.sub("", key))
    return _TAIL.sub("", key) or key


def meeting_iri(org: str, name: str, day: date | None) -> str:
    """The meeting's IRI from organiser, normalised name and day."""
    return iris.meeting_iri(org, name_key(name), day)


def resolve_meetings(reports: Iterable) -> dict[tuple[str, str], str]:
    """``(doc id, meeting key)`` -> meeting IRI, for the meetings of ``reports``
    (:class:`~kg.rdf.identity.ReportPeople`)."""
    days: dict[tuple[str, str], set[date]] = defaultdict(set)
    found = []
    for rep in reports:
        for mt in rep.facts.meetings:
            k = (mt.org.name, name_key(mt.name))
            found.append((rep.doc_id, mt.key, k, mt.date))
            if mt.date:
                days[k].add(mt.date)
    out = {}
    for doc, key, k, day in found:
        if day is None and NUMBERED.search(k[1]) and len(days[k]) == 1:
            day = next(iter(days[k]))
        out[(doc, key)] = iris.meeting_iri(k[0], k[1], day)
    return out
