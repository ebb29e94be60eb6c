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

Each report's share of it is a list of plain records (:func:`contributions`: node key ->
data, computed where the report's graph is written); a node's quads are a fold of the
records of the reports naming it, in report order (:func:`node_lines`). The build keeps
the records and the nodes in a database (:mod:`kg.rdf.summarydb`), so that it never holds
the whole summary and an incremental build recomputes only the nodes its reports touch;
:class:`Summary` is the same in memory, for a few reports:

    summary = Summary()
    for report in reports:
        summary.add(report, people)
    lines = summary.lines(report_quads=n)   # N-Quads text
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
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


#: Node keys: a kind (one character, in the order the summary lists them) and the node.
#: Keys sort as the nodes are listed; ``SEP`` sorts before any character of an IRI.
PERSON, ORG_K, ROLE_K, POST_K, MEMBERSHIP, CONCURRENT, SERVED, MEETING = "12345678"
TOTALS_KEY = "9"
TASK, PARTICIPATION = "t", "u"  # counted in the totals, no quads of their own
SEP = "\x01"
#: Kinds counted in the totals (``kg:personCount`` ...), in their order.
COUNTED = (("personCount", PERSON), ("orgCount", ORG_K), ("membershipCount", MEMBERSHIP),
           ("meetingCount", MEETING), ("taskCount", TASK), ("participationCount", PARTICIPATION))


def contributions(report: Report, people: Mapping[tuple[str, str], str]) -> dict[str, list]:
    """What ``report``'s graph (as :func:`kg.rdf.quads.report_quads` writes it) adds to the
    summary: node key -> plain data (JSON-able), one record per node it names."""
    out: dict[str, list] = {}
    facts = report.facts
    if report.status in (ERROR, DUPLICATE) or facts is None:
        return out
    doc, published = report.id, report.published
    day = report_day(facts, published)
    pub = published.isoformat() if published else None
    dday = day.isoformat() if day else None
    region = str(report.region)
    labels = getattr(people, "labels", {})
    meeting_ids = getattr(people, "meetings", {})
    successions = getattr(people, "successions", {})

    def person(name: str) -> str:
        p = people[(doc, name)]
        if PERSON + p not in out:  # the name the report first gives
            out[PERSON + p] = [name, labels.get(p, name), pub, region, []]
        return p

    def org(o) -> str:
        o_iri = iris.org_iri(o.name)
        entry = out.setdefault(ORG_K + o_iri, [o.name, []])
        entry[1].extend(o.names[1:])
        return o_iri

    held: dict[str, dict[str, bool]] = {}  # person -> post -> ended in this report
    stated: dict[str, tuple[str, str, str, str]] = {}  # membership -> (person, org, role label, post)
    for m in facts.memberships:
        p, o, r = person(m.person), org(m.org), iris.role_iri(m.role)
        out.setdefault(ROLE_K + r, [m.role])
        post = iris.post_iri(m.org.name, m.role)
        out.setdefault(POST_K + post, [o, r, f"{m.org.name} · {m.role}"])
        node = iris.membership_iri(p, m.role, o)
        # person, role, org, post, published, day, began, ended, ended not after, cues, succeeded
        entry = out.setdefault(MEMBERSHIP + node, [p, r, o, post, pub, dday, None, None, None, [], []])
        if m.began_cue:
            entry[9].append(m.began_cue)
            if m.began:
                entry[6] = _least(entry[6], _lexical(m.began, m.began_precision))
        if m.ended_cue:
            entry[9].append(m.ended_cue)
            if m.ended:
                b = _lexical(m.ended, m.ended_precision)
                entry[7] = b if entry[7] is None else max(entry[7], b)
            elif dday:
                entry[8] = dday
        for before, _ in successions.get((doc, m.person, m.role, m.org.name), ()):
            entry[10].append(before)
        posts = held.setdefault(p, {})
        posts[post] = posts.get(post, False) or bool(m.ended_cue)
        stated[node] = (p, o, m.role, entry[3])
    # terms stated and not as ended: posts held at once, colleagues of an org's year
    day_text = dday or "~"
    for p, posts in held.items():
        current = sorted(post for post, ended in posts.items() if not ended)
        for i, a in enumerate(current):
            for b in current[i + 1:]:
                out[CONCURRENT + SEP.join((p, a, b))] = [day_text]
    if day:
        for node, (p, o, role, post) in stated.items():
            if not held[p][post]:
                group = out.setdefault(f"{SERVED}{o}{SEP}{day.year:06d}", [[], []])
                group[0].append(p)
                group[1].append(f"{out[PERSON + p][1]} {role}")

    for name, _ in getattr(people, "mentioned", {}).get(doc, ()):  # named without a fact
        person(name)

    keys: dict[str, str] = {}
    for mt in facts.meetings:
        o = org(mt.org)
        node = meeting_ids.get((doc, mt.key)) or meeting_iri(mt.org.name, mt.name, mt.date)
        keys[mt.key] = node
        # organizer, names, states, days, published, tasks, participants
        entry = out.setdefault(MEETING + node, [o, [], [], [], pub, [], []])
        entry[1].append(mt.name)
        entry[2].append(mt.state)
        if mt.date:
            entry[3].append(mt.date.isoformat())
    for t in facts.tasks:
        if t.meeting in keys:
            task = iris.task_iri(keys[t.meeting], t.text)
            out[TASK + task] = []
            out[MEETING + keys[t.meeting]][5].append(task)
    for pa in facts.participations:
        if pa.meeting in keys:
            p = person(pa.person)
            out[PARTICIPATION + iris.participation_iri(p, pa.kind, keys[pa.meeting])] = []
            out[MEETING + keys[pa.meeting]][6].append(p)
            out[PERSON + p][4].append(keys[pa.meeting])
    for data in out.values():  # lists as sets: sorted, once
        for k, v in enumerate(data):
            if isinstance(v, list):
                data[k] = sorted(set(v))
    return out


_TAIL = f" {iri(SUMMARY_GRAPH)} .\n"


def _day(text: str) -> str:
    return date_literal(date.fromisoformat(text))


def lines_of(triples: Iterable[tuple[str, str, str]]) -> list[str]:
    """N-Quads lines of triples of the summary graph."""
    return [f"{s} {p} {o}{_TAIL}" for s, p, o in triples]


def node_lines(key: str, records: Iterable[tuple[str, list]]) -> list[str]:
    """N-Quads lines of the summary node ``key`` (:func:`node_triples`)."""
    return lines_of(node_triples(key, records))


def node_triples(key: str, records: Iterable[tuple[str, list]]) -> list[tuple[str, str, str]]:
    """Triples (N-Quads terms) of the summary node ``key``, from the ``(report id, data)``
    records of :func:`contributions` of the reports naming it, in report order (a node keeps
    what the first report says of its name, organiser ...). Tasks and participations have none."""
    kind, name = key[0], key[1:]
    records = list(records)
    out: list[tuple[str, str, str]] = []

    def add(s: str, p: str, o: str) -> None:
        out.append((s, p, o))

    def union(k: int) -> list[str]:
        return sorted({x for _, d in records for x in d[k]})

    def span(k: int) -> tuple[str, str] | None:
        days = [d[k] for _, d in records if d[k]]
        return (min(days), max(days)) if days else None

    def seen(node: str, day: int | None) -> None:
        add(node, _P["reportCount"], integer(len(records)))
        add(node, _P["sources"], literal(" ".join(sorted(doc for doc, _ in records))))
        for k, names in ((4, ("firstSeen", "lastSeen")), (day, ("firstDay", "lastDay"))):
            when = span(k) if k is not None else None
            if when:
                add(node, _P[names[0]], _day(when[0]))
                add(node, _P[names[1]], _day(when[1]))

    first = records[0][1] if records else None
    if kind == PERSON:
        node = iri(name)
        add(node, FOAF_NAME, literal(first[0]))
        add(node, LABEL, literal(first[1]))
        add(node, _P["reportCount"], integer(len(records)))
        when = span(2)
        if when:
            add(node, _P["firstSeen"], _day(when[0]))
            add(node, _P["lastSeen"], _day(when[1]))
        regions = sorted({d[3] for _, d in records if d[3]})
        if regions:
            add(node, _P["regions"], literal("; ".join(regions)))
        for m in union(4):
            add(node, _P["participatedIn"], iri(m))
    elif kind == ORG_K:
        add(iri(name), PREF, literal(first[0]))
        for alias in union(1):
            add(iri(name), ALT, literal(alias))
    elif kind == ROLE_K:
        add(iri(name), PREF, literal(first[0]))
    elif kind == POST_K:
        o, r, label = first
        add(iri(name), POST_IN, iri(o))
        add(iri(name), ROLE_P, iri(r))
        add(iri(name), PREF, literal(label))
    elif kind == MEMBERSHIP:
        m = iri(name)
        add(m, MEMBER, iri(first[0]))
        add(m, ROLE_P, iri(first[1]))
        add(m, ORGANIZATION_P, iri(first[2]))
        add(m, _P["post"], iri(first[3]))
        seen(m, 5)
        began = [d[6] for _, d in records if d[6]]
        ended = [d[7] for _, d in records if d[7]]
        not_after = [d[8] for _, d in records if d[8]]
        if began:
            add(m, _P["began"], literal(min(began)))
        if ended:
            add(m, _P["ended"], literal(max(ended)))
        if not_after:
            add(m, _P["endedNotAfter"], _day(min(not_after)))
        cues = union(9)
        if cues:
            add(m, _P["cues"], literal(" ".join(cues)))
        for before in union(10):
            add(m, _P["succeeded"], iri(before))
    elif kind == CONCURRENT:
        p, a, b = name.split(SEP)
        node = iri(f"{SUMMARY_GRAPH}/concurrent/{iris.short_hash(p, a, b)}")
        add(node, _P["holder"], iri(p))
        add(node, _P["firstPost"], iri(a))
        add(node, _P["secondPost"], iri(b))
        days = [d[0] for _, d in records if d[0] != "~"]
        add(node, _P["from"], literal(min(days) if days else ""))
        add(node, _P["to"], literal(max(days) if days else ""))
        add(node, _P["reportCount"], integer(len(records)))
        add(node, _P["sources"], literal(" ".join(sorted(doc for doc, _ in records))))
    elif kind == SERVED:
        o, year = name.split(SEP)
        node = iri(f"{SUMMARY_GRAPH}/served/{iris.short_hash(o, str(int(year)))}")
        add(node, _P["org"], iri(o))
        add(node, _P["year"], integer(int(year)))
        add(node, _P["peopleCount"], integer(len(union(0))))
        add(node, _P["members"], literal("; ".join(union(1))))
        add(node, _P["sources"], literal(" ".join(sorted(doc for doc, _ in records))))
    elif kind == MEETING:
        m = iri(name)
        add(m, ORGANIZER, iri(first[0]))
        add(m, S_NAME, literal(min(union(1))))
        days = union(3)
        if days:
            add(m, START, _day(days[0]))
        states = set(union(2))
        add(m, _P["status"], literal(next((s for s in ("held", "planned") if s in states), "mentioned")))
        add(m, _P["taskCount"], integer(len(union(5))))
        add(m, _P["participantCount"], integer(len(union(6))))
        seen(m, None)
    return out


def totals_lines(reports: int, counts: Mapping[str, int], report_quads: int, node_quads: int) -> list[str]:
    """N-Quads lines of the totals node (:func:`totals_triples`)."""
    return lines_of(totals_triples(reports, counts, report_quads, node_quads))


def totals_triples(reports: int, counts: Mapping[str, int], report_quads: int,
                   node_quads: int) -> list[tuple[str, str, str]]:
    """The totals node: ``reports`` (read, duplicates included), ``counts`` (kind -> nodes),
    ``report_quads`` / ``node_quads`` (quads of the report graphs / of the other summary
    nodes: ``kg:tripleCount`` counts every quad, these too)."""
    g = iri(SUMMARY_GRAPH)
    totals = [("reportCount", reports)] + [(name, counts.get(kind, 0)) for name, kind in COUNTED]
    totals.append(("tripleCount", report_quads + node_quads + TOTALS))
    assert len(totals) == TOTALS
    return [(g, _P[name], integer(value)) for name, value in totals]


class Summary:
    """The summary of report graphs in memory, one report at a time (a build uses
    :class:`kg.rdf.summarydb.SummaryDB`, which gives the same lines)."""

    def __init__(self) -> None:
        self.reports = 0
        self.records: dict[str, list[tuple[str, list]]] = {}

    def add(self, report: Report, people: Mapping[tuple[str, str], str]) -> None:
        """Add what ``report``'s graph states (as :func:`kg.rdf.quads.report_quads` writes it)."""
        if report.status == ERROR:
            return
        self.reports += 1
        for key, data in contributions(report, people).items():
            self.records.setdefault(key, []).append((report.id, data))

    def lines(self, report_quads: int) -> list[str]:
        """N-Quads lines of the summary graph; ``report_quads``: quads of the report graphs
        (for the total ``kg:tripleCount``, which counts the summary's own quads too)."""
        out: list[str] = []
        counts: dict[str, int] = {}
        for key in sorted(self.records):
            counts[key[0]] = counts.get(key[0], 0) + 1
            out.extend(node_lines(key, self.records[key]))
        return out + totals_lines(self.reports, counts, report_quads, len(out))


def _lexical(day: date, precision: str) -> str:
    """A date at its precision, as the report graphs write it (``2013``, ``2013-02``, ``2013-02-05``)."""
    return day.isoformat()[:IN_XSD.get(precision, IN_XSD["day"])[2]]


def _least(a: str | None, b: str) -> str:
    return b if a is None else min(a, b)
