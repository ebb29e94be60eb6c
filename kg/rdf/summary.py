"""The summary graph: one node per distinct fact with its counts, dates and sources.

Queries about a person or an organisation would otherwise visit every report graph that
names them (a popular leader is named in thousands). The summary graph
(:data:`SUMMARY_GRAPH`) holds, once per distinct node of the report graphs:

- every membership: ``org:member``, ``org:role``, ``org:organization``, ``kg:reportCount``,
  ``kg:sources`` (the report ids, sorted, space-separated), ``kg:firstSeen`` /
  ``kg:lastSeen`` (earliest and latest publication date of those reports, when known),
  ``kg:firstDay`` / ``kg:lastDay`` (earliest and latest day the reports state it: the
  ``kg:seenOn`` of its terms, the main meeting's day, else the publication date);
- every meeting: ``schema:organizer``, ``schema:name`` (the least of the names the reports
  give), ``schema:startDate`` (the earliest), ``kg:status`` (held when any report says it
  was held, else planned when one says so, else mentioned), ``kg:reportCount``,
  ``kg:sources``, ``kg:taskCount``, ``kg:participantCount``;
- the labels those need: ``foaf:name`` and ``rdfs:label`` of people, ``skos:prefLabel`` /
  ``skos:altLabel`` of organisations, ``skos:prefLabel`` of roles;
- the node :data:`SUMMARY_GRAPH` itself with the graph's totals (``kg:reportCount``,
  ``kg:personCount`` ... ``kg:tripleCount``).

Its nodes are not typed and carry no evidence: the facts, with their evidence, stay in the
report graphs; the summary only adds aggregates (so the union of all graphs gains the
aggregate properties and nothing else). It is computed from the facts as
:func:`kg.rdf.quads.report_quads` writes them, so it describes exactly those graphs.

    summary = Summary()
    for report in reports:
        summary.add(report, people)
    lines = summary.lines(report_quads=n)   # N-Quads text
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..report import DUPLICATE, ERROR, Report
from . import iris
from .meetings import meeting_iri
from .namespaces import FOAF, ID, KG, ORG, RDFS, SCHEMA, SKOS
from .identity import report_day
from .terms import date_literal, integer, iri, literal

SUMMARY_GRAPH = ID + "summary"
_P = {name: iri(KG + name) for name in (
    "reportCount", "sources", "firstSeen", "lastSeen", "firstDay", "lastDay", "status", "taskCount",
    "participantCount",
    "personCount", "orgCount", "membershipCount", "meetingCount", "participationCount", "tripleCount",
)}
MEMBER, ROLE_P, ORGANIZATION_P = iri(ORG + "member"), iri(ORG + "role"), iri(ORG + "organization")
ORGANIZER, S_NAME, START = iri(SCHEMA + "organizer"), iri(SCHEMA + "name"), iri(SCHEMA + "startDate")
FOAF_NAME, PREF, ALT = iri(FOAF + "name"), iri(SKOS + "prefLabel"), iri(SKOS + "altLabel")
LABEL = iri(RDFS + "label")
#: Quads of the totals node (see :meth:`Summary.lines`).
TOTALS = 8


@dataclass
class _Seen:
    """Where a fact is stated: report ids and publication dates."""

    docs: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None
    first_day: date | None = None
    last_day: date | None = None

    def add(self, doc: str, published: date | None, day: date | None = None) -> None:
        self.docs.add(doc)
        if published:
            self.first = published if self.first is None else min(self.first, published)
            self.last = published if self.last is None else max(self.last, published)
        if day:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)


@dataclass
class _Meeting(_Seen):
    org: str = ""
    names: set[str] = field(default_factory=set)
    days: set[date] = field(default_factory=set)
    states: set[str] = field(default_factory=set)
    tasks: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)


class Summary:
    """Accumulates the summary of report graphs, one report at a time."""

    def __init__(self) -> None:
        self.reports = 0
        self.people: dict[str, tuple[str, str]] = {}  # person IRI -> (name, label)
        self.orgs: dict[str, tuple[str, set[str]]] = {}  # org IRI -> (name, aliases)
        self.roles: dict[str, str] = {}  # role IRI -> role
        self.memberships: dict[str, tuple[str, str, str, _Seen]] = {}  # IRI -> (person, role, org IRIs, seen)
        self.meetings: dict[str, _Meeting] = {}
        self.tasks: set[str] = set()
        self.participations: set[str] = set()

    def add(self, report: Report, people: Mapping[tuple[str, str], str]) -> None:
        """Add what ``report``'s graph states (as :func:`kg.rdf.quads.report_quads` writes it)."""
        if report.status == ERROR:
            return
        self.reports += 1
        facts = report.facts
        if report.status == DUPLICATE or facts is None:
            return
        doc, published, day = report.id, report.published, report_day(report.facts, report.published)
        labels = getattr(people, "labels", {})
        meeting_ids = getattr(people, "meetings", {})

        def person(name: str) -> str:
            p = people[(doc, name)]
            if p not in self.people:
                self.people[p] = (name, labels.get(p, name))
            return p

        def org(o) -> str:
            o_iri = iris.org_iri(o.name)
            _, aliases = self.orgs.setdefault(o_iri, (o.name, set()))
            aliases.update(o.names[1:])
            return o_iri

        for m in facts.memberships:
            p, o, r = person(m.person), org(m.org), iris.role_iri(m.role)
            self.roles.setdefault(r, m.role)
            node = iris.membership_iri(p, m.role, o)
            entry = self.memberships.get(node)
            if entry is None:
                entry = self.memberships[node] = (p, r, o, _Seen())
            entry[3].add(doc, published, day)

        keys: dict[str, str] = {}
        for mt in facts.meetings:
            o = org(mt.org)
            node = meeting_ids.get((doc, mt.key)) or meeting_iri(mt.org.name, mt.name, mt.date)
            keys[mt.key] = node
            entry = self.meetings.get(node)
            if entry is None:
                entry = self.meetings[node] = _Meeting(org=o)
            entry.names.add(mt.name)
            entry.states.add(mt.state)
            if mt.date:
                entry.days.add(mt.date)
            entry.add(doc, published)
        for t in facts.tasks:
            if t.meeting in keys:
                task = iris.task_iri(keys[t.meeting], t.text)
                self.tasks.add(task)
                self.meetings[keys[t.meeting]].tasks.add(task)
        for pa in facts.participations:
            if pa.meeting in keys:
                p = person(pa.person)
                self.participations.add(iris.participation_iri(p, pa.kind, keys[pa.meeting]))
                self.meetings[keys[pa.meeting]].participants.add(p)

    def lines(self, report_quads: int) -> list[str]:
        """N-Quads lines of the summary graph; ``report_quads``: quads of the report graphs
        (for the total ``kg:tripleCount``, which counts the summary's own quads too)."""
        tail = f" {iri(SUMMARY_GRAPH)} .\n"
        out: list[str] = []

        def add(s: str, p: str, o: str) -> None:
            out.append(f"{s} {p} {o}{tail}")

        def seen(node: str, s: _Seen) -> None:
            add(node, _P["reportCount"], integer(len(s.docs)))
            add(node, _P["sources"], literal(" ".join(sorted(s.docs))))
            if s.first:
                add(node, _P["firstSeen"], date_literal(s.first))
                add(node, _P["lastSeen"], date_literal(s.last))
            if s.first_day:
                add(node, _P["firstDay"], date_literal(s.first_day))
                add(node, _P["lastDay"], date_literal(s.last_day))

        for p, (name, label) in sorted(self.people.items()):
            add(iri(p), FOAF_NAME, literal(name))
            add(iri(p), LABEL, literal(label))
        for o, (name, aliases) in sorted(self.orgs.items()):
            add(iri(o), PREF, literal(name))
            for alias in sorted(aliases):
                add(iri(o), ALT, literal(alias))
        for r, role in sorted(self.roles.items()):
            add(iri(r), PREF, literal(role))
        for node, (p, r, o, s) in sorted(self.memberships.items()):
            m = iri(node)
            add(m, MEMBER, iri(p))
            add(m, ROLE_P, iri(r))
            add(m, ORGANIZATION_P, iri(o))
            seen(m, s)
        for node, mt in sorted(self.meetings.items()):
            m = iri(node)
            add(m, ORGANIZER, iri(mt.org))
            add(m, S_NAME, literal(min(mt.names)))
            if mt.days:
                add(m, START, date_literal(min(mt.days)))
            add(m, _P["status"], literal(next((s for s in ("held", "planned") if s in mt.states), "mentioned")))
            add(m, _P["taskCount"], integer(len(mt.tasks)))
            add(m, _P["participantCount"], integer(len(mt.participants)))
            seen(m, mt)
        g = iri(SUMMARY_GRAPH)
        totals = [("reportCount", self.reports), ("personCount", len(self.people)), ("orgCount", len(self.orgs)),
                  ("membershipCount", len(self.memberships)), ("meetingCount", len(self.meetings)),
                  ("taskCount", len(self.tasks)), ("participationCount", len(self.participations)),
                  ("tripleCount", report_quads + len(out) + TOTALS)]
        assert len(totals) == TOTALS
        for name, value in totals:
            add(g, _P[name], integer(value))
        return out
