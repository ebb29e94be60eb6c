"""The summary graph: one node per distinct fact with its counts, dates and sources.

Queries about a person or an organisation would otherwise visit every report graph that
names them (a popular leader is named in thousands). The summary graph
(:data:`SUMMARY_GRAPH`) holds, once per distinct node of the report graphs:

- every membership: ``org:member``, ``org:role``, ``org:organization``, ``kg:post``,
  ``kg:reportCount``, ``kg:sources`` (the report ids, sorted, space-separated),
  ``kg:firstSeen`` / ``kg:lastSeen`` (earliest and latest publication date of those
  reports, when known), ``kg:firstDay`` / ``kg:lastDay`` (earliest and latest day the
  reports state it: the ``kg:seenOn`` of its terms, the main meeting's day, else the
  publication date); its term as all reports give it: ``kg:began`` (the earliest
  beginning, ``2013``, ``2013-02`` or ``2013-02-05``), ``kg:ended`` (the latest end),
  ``kg:endedNotAfter`` (the earliest day of a report calling it ended without a date),
  ``kg:cues`` (the words saying so, sorted, space-separated); ``kg:succeeded`` (the
  memberships it followed);
- every post: ``org:postIn``, ``org:role``, ``skos:prefLabel``;
- every meeting: ``schema:organizer``, ``schema:name`` (the least of the names the reports
  give), ``schema:startDate`` (the earliest), ``kg:status`` (held when any report says it
  was held, else planned when one says so, else mentioned), ``kg:reportCount``,
  ``kg:sources``, ``kg:taskCount``, ``kg:participantCount``;
- every person: ``foaf:name``, ``rdfs:label``, ``kg:participatedIn`` each meeting they
  took part in; of the reports naming them: ``kg:reportCount``, ``kg:firstSeen`` /
  ``kg:lastSeen`` (their earliest and latest publication date), ``kg:regions`` (sorted,
  ``; ``-separated);
- ``skos:prefLabel`` / ``skos:altLabel`` of organisations, ``skos:prefLabel`` of roles;
- every pair of posts a person holds at once (one report states both, neither as ended):
  ``kg:holder``, ``kg:firstPost``, ``kg:secondPost`` (in IRI order), ``kg:from`` /
  ``kg:to`` (first and last day a report states both, "" when none has a day),
  ``kg:reportCount``, ``kg:sources``;
- every organisation and year in which reports state terms in it (not as ended):
  ``kg:org``, ``kg:year``, ``kg:peopleCount``, ``kg:members`` ("label role", sorted,
  ``; ``-separated), ``kg:sources``;
- the node :data:`SUMMARY_GRAPH` itself with the graph's totals (``kg:reportCount``,
  ``kg:personCount`` ... ``kg:tripleCount``).

Its nodes are not typed and carry no evidence: the facts, with their evidence, stay in the
report graphs; the summary only adds aggregates (so the union of all graphs gains the
aggregate properties and nothing else; ``kg:post`` and ``kg:succeeded`` of memberships and
the labels are the report graphs' own). Everything a query about a person, an organisation
or a post needs is here, so those queries never visit the report graphs. It is computed from the facts as
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
from .quads import IN_XSD
from .meetings import meeting_iri
from .namespaces import FOAF, ID, KG, ORG, RDFS, SCHEMA, SKOS
from .identity import report_day
from .terms import date_literal, integer, iri, literal

SUMMARY_GRAPH = ID + "summary"
_P = {name: iri(KG + name) for name in (
    "reportCount", "sources", "firstSeen", "lastSeen", "firstDay", "lastDay", "status", "taskCount",
    "participantCount", "post", "began", "ended", "endedNotAfter", "cues", "succeeded", "participatedIn",
    "regions", "holder", "firstPost", "secondPost", "from", "to", "org", "year", "peopleCount", "members",
    "personCount", "orgCount", "membershipCount", "meetingCount", "participationCount", "tripleCount",
)}
MEMBER, ROLE_P, ORGANIZATION_P = iri(ORG + "member"), iri(ORG + "role"), iri(ORG + "organization")
ORGANIZER, S_NAME, START = iri(SCHEMA + "organizer"), iri(SCHEMA + "name"), iri(SCHEMA + "startDate")
FOAF_NAME, PREF, ALT = iri(FOAF + "name"), iri(SKOS + "prefLabel"), iri(SKOS + "altLabel")
POST_IN = iri(ORG + "postIn")
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
class _Person(_Seen):
    name: str = ""
    label: str = ""
    regions: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)


@dataclass
class _Membership(_Seen):
    person: str = ""
    role: str = ""
    org: str = ""
    post: str = ""
    began: str | None = None  # lexical forms compare as the queries did (MIN / MAX of strings)
    ended: str | None = None
    not_after: date | None = None
    cues: set[str] = field(default_factory=set)
    succeeded: set[str] = field(default_factory=set)


@dataclass
class _Together:
    """Posts held at once by one person (one report states both), or the terms stated in an
    organisation in one year."""

    docs: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)  # ISO days ("~": a report without one)
    people: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)


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
        self.people: dict[str, _Person] = {}
        self.orgs: dict[str, tuple[str, set[str]]] = {}  # org IRI -> (name, aliases)
        self.roles: dict[str, str] = {}  # role IRI -> role
        self.posts: dict[str, tuple[str, str, str]] = {}  # post IRI -> (org IRI, role IRI, label)
        self.memberships: dict[str, _Membership] = {}
        self.meetings: dict[str, _Meeting] = {}
        self.tasks: set[str] = set()
        self.participations: set[str] = set()
        self.concurrent: dict[tuple[str, str, str], _Together] = {}  # (person, post, post)
        self.served: dict[tuple[str, int], _Together] = {}  # (org IRI, year)

    def add(self, report: Report, people: Mapping[tuple[str, str], str]) -> None:
        """Add what ``report``'s graph states (as :func:`kg.rdf.quads.report_quads` writes it)."""
        if report.status == ERROR:
            return
        self.reports += 1
        facts = report.facts
        if report.status == DUPLICATE or facts is None:
            return
        doc, published, day = report.id, report.published, report_day(report.facts, report.published)
        region = str(report.region)
        labels = getattr(people, "labels", {})
        meeting_ids = getattr(people, "meetings", {})
        successions = getattr(people, "successions", {})

        def person(name: str) -> str:
            p = people[(doc, name)]
            entry = self.people.get(p)
            if entry is None:
                entry = self.people[p] = _Person(name=name, label=labels.get(p, name))
            if doc not in entry.docs:
                entry.add(doc, published)
                if region:
                    entry.regions.add(region)
            return p

        def org(o) -> str:
            o_iri = iris.org_iri(o.name)
            _, aliases = self.orgs.setdefault(o_iri, (o.name, set()))
            aliases.update(o.names[1:])
            return o_iri

        held: dict[str, dict[str, bool]] = {}  # person -> post -> ended in this report
        stated: dict[str, tuple[str, str, str]] = {}  # membership -> (person, org, role label)
        for m in facts.memberships:
            p, o, r = person(m.person), org(m.org), iris.role_iri(m.role)
            self.roles.setdefault(r, m.role)
            post = iris.post_iri(m.org.name, m.role)
            self.posts.setdefault(post, (o, r, f"{m.org.name} · {m.role}"))
            node = iris.membership_iri(p, m.role, o)
            entry = self.memberships.get(node)
            if entry is None:
                entry = self.memberships[node] = _Membership(person=p, role=r, org=o, post=post)
            entry.add(doc, published, day)
            if m.began_cue:
                entry.cues.add(m.began_cue)
                if m.began:
                    entry.began = _least(entry.began, _lexical(m.began, m.began_precision))
            if m.ended_cue:
                entry.cues.add(m.ended_cue)
                if m.ended:
                    b = _lexical(m.ended, m.ended_precision)
                    entry.ended = b if entry.ended is None else max(entry.ended, b)
                elif day:
                    entry.not_after = day if entry.not_after is None else min(entry.not_after, day)
            for before, _ in successions.get((doc, m.person, m.role, m.org.name), ()):
                entry.succeeded.add(before)
            posts = held.setdefault(p, {})
            posts[post] = posts.get(post, False) or bool(m.ended_cue)
            stated[node] = (p, o, m.role)
        # terms stated and not as ended: posts held at once, colleagues of an org's year
        day_text = day.isoformat() if day else "~"
        for p, posts in held.items():
            current = sorted(post for post, ended in posts.items() if not ended)
            for i, a in enumerate(current):
                for b in current[i + 1:]:
                    pair = self.concurrent.setdefault((p, a, b), _Together())
                    pair.docs.add(doc)
                    pair.days.add(day_text)
        if day:
            for node, (p, o, role) in stated.items():
                if not held[p][self.memberships[node].post]:
                    group = self.served.setdefault((o, day.year), _Together())
                    group.docs.add(doc)
                    group.people.add(p)
                    group.members.add(f"{self.people[p].label} {role}")

        for name, _ in getattr(people, "mentioned", {}).get(doc, ()):  # named without a fact
            person(name)

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
                self.people[p].meetings.add(keys[pa.meeting])

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

        for p, person in sorted(self.people.items()):
            node = iri(p)
            add(node, FOAF_NAME, literal(person.name))
            add(node, LABEL, literal(person.label))
            add(node, _P["reportCount"], integer(len(person.docs)))
            if person.first:
                add(node, _P["firstSeen"], date_literal(person.first))
                add(node, _P["lastSeen"], date_literal(person.last))
            if person.regions:
                add(node, _P["regions"], literal("; ".join(sorted(person.regions))))
            for m in sorted(person.meetings):
                add(node, _P["participatedIn"], iri(m))
        for o, (name, aliases) in sorted(self.orgs.items()):
            add(iri(o), PREF, literal(name))
            for alias in sorted(aliases):
                add(iri(o), ALT, literal(alias))
        for r, role in sorted(self.roles.items()):
            add(iri(r), PREF, literal(role))
        for post, (o, r, label) in sorted(self.posts.items()):
            add(iri(post), POST_IN, iri(o))
            add(iri(post), ROLE_P, iri(r))
            add(iri(post), PREF, literal(label))
        for node, ms in sorted(self.memberships.items()):
            m = iri(node)
            add(m, MEMBER, iri(ms.person))
            add(m, ROLE_P, iri(ms.role))
            add(m, ORGANIZATION_P, iri(ms.org))
            add(m, _P["post"], iri(ms.post))
            seen(m, ms)
            if ms.began:
                add(m, _P["began"], literal(ms.began))
            if ms.ended:
                add(m, _P["ended"], literal(ms.ended))
            if ms.not_after:
                add(m, _P["endedNotAfter"], date_literal(ms.not_after))
            if ms.cues:
                add(m, _P["cues"], literal(" ".join(sorted(ms.cues))))
            for before in sorted(ms.succeeded):
                add(m, _P["succeeded"], iri(before))
        for (p, a, b), pair in sorted(self.concurrent.items()):
            node = iri(f"{SUMMARY_GRAPH}/concurrent/{iris.short_hash(p, a, b)}")
            add(node, _P["holder"], iri(p))
            add(node, _P["firstPost"], iri(a))
            add(node, _P["secondPost"], iri(b))
            days = [d for d in pair.days if d != "~"]
            add(node, _P["from"], literal(min(days) if days else ""))
            add(node, _P["to"], literal(max(days) if days else ""))
            add(node, _P["reportCount"], integer(len(pair.docs)))
            add(node, _P["sources"], literal(" ".join(sorted(pair.docs))))
        for (o, year), group in sorted(self.served.items()):
            node = iri(f"{SUMMARY_GRAPH}/served/{iris.short_hash(o, str(year))}")
            add(node, _P["org"], iri(o))
            add(node, _P["year"], integer(year))
            add(node, _P["peopleCount"], integer(len(group.people)))
            add(node, _P["members"], literal("; ".join(sorted(group.members))))
            add(node, _P["sources"], literal(" ".join(sorted(group.docs))))
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


def _lexical(day: date, precision: str) -> str:
    """A date at its precision, as the report graphs write it (``2013``, ``2013-02``, ``2013-02-05``)."""
    return day.isoformat()[:IN_XSD.get(precision, IN_XSD["day"])[2]]


def _least(a: str | None, b: str) -> str:
    return b if a is None else min(a, b)
