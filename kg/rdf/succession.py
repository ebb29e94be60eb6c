"""Successions: which term of a post followed which, where the reports make it known.

A pure function over all reports' memberships (with their terms, :mod:`kg.extract.terms`)
and the person identities. Only posts one person holds at a time count (``主席``,
``常务副主席``, not ``副主席`` or ``委员``). A term succeeded another term of the same post

- ``stated``: its report says so (``X接替Y任主席``) and Y is a holder of the post;
- ``adjacent``: it began (dated) within :data:`ADJACENT_DAYS` after the other ended, or
  one report ends the one and begins the other (``免去Y…；X当选…``).

The link is stated in the graph of the report where the later term begins.

>>> successions([], {})
{}
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from . import iris

#: A term that begins this soon after another ended follows it.
ADJACENT_DAYS = 31
#: Posts held by several people at once: no succession among their terms.
SHARED_POST = re.compile(r"^副|委员$|成员$|代表$|常委$|理事$|干事$")

#: (doc id, person name, role, org) of the later term -> [(earlier membership IRI, basis)]
Successions = dict[tuple[str, str, str, str], list[tuple[str, str]]]


@dataclass
class _Term:
    person: str  # IRI
    began: list[tuple[date | None, str, str]] = field(default_factory=list)  # (day, doc, name) where begun
    ended: list[tuple[date | None, str]] = field(default_factory=list)  # (day, doc) where ended
    names: set[str] = field(default_factory=set)


def sole_post(role: str) -> bool:
    """One holder at a time (``主席``, ``常务副主席``), not ``副主席`` or ``委员``."""
    return not SHARED_POST.search(role)


def successions(reports: Iterable, ids: Mapping[tuple[str, str], str]) -> Successions:
    """Successions over ``reports`` (:class:`~kg.rdf.identity.ReportPeople`), ``ids`` mapping
    ``(doc, name)`` to person IRIs."""
    posts: dict[tuple[str, str], dict[str, _Term]] = defaultdict(dict)
    stated: list[tuple[tuple[str, str, str, str], str]] = []
    for rep in reports:
        for m in rep.facts.memberships:
            if not sole_post(m.role) or (rep.doc_id, m.person) not in ids:
                continue
            person = ids[(rep.doc_id, m.person)]
            t = posts[(m.org.name, m.role)].setdefault(person, _Term(person))
            t.names.add(m.person)
            if m.began_cue:
                t.began.append((m.began, rep.doc_id, m.person))
            if m.ended_cue:
                t.ended.append((m.ended, rep.doc_id))
            if m.succeeds:
                stated.append(((rep.doc_id, m.person, m.role, m.org.name), m.succeeds))
    out: Successions = defaultdict(list)

    def link(later: tuple[str, str, str, str], earlier: str, basis: str) -> None:
        m_iri = iris.membership_iri(earlier, later[2], iris.org_iri(later[3]))
        if all(e != m_iri for e, _ in out[later]):
            out[later].append((m_iri, basis))

    for later, name in sorted(stated):
        terms = posts[(later[3], later[2])]
        holders = sorted(p for p, t in terms.items() if name in t.names and p != ids[later[:2]])
        if len(holders) == 1:
            link(later, holders[0], "stated")
    for (org, role), terms in sorted(posts.items()):
        ordered = sorted(terms.values(), key=lambda t: t.person)
        ended = [a for a in ordered if a.ended]  # the terms another can follow
        if not ended:
            continue
        for b in ordered:
            for day, doc, name in sorted(b.began, key=lambda x: (x[0] or date.max, x[1])):
                for a in ended:
                    if a.person != b.person and any(_adjacent(e, e_doc, day, doc) for e, e_doc in a.ended):
                        link((doc, name, role, org), a.person, "adjacent")
    return {k: v for k, v in out.items() if v}


def _adjacent(ended: date | None, ended_doc: str, began: date | None, began_doc: str) -> bool:
    if ended_doc == began_doc:
        return ended is None or began is None or ended <= began
    return ended is not None and began is not None and 0 <= (began - ended).days <= ADJACENT_DAYS
