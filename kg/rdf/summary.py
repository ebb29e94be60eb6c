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


#: What each kind of node keeps of its records (:func:`fold`): ``(operation, field)`` —
#: ``min`` / ``max`` of a field's values (empty and ``~`` ones left out), ``set`` of its
#: values, ``union`` of its lists. Besides, every node keeps the first report's record, the
#: number of records and, for the kinds in :data:`SOURCED`, the sorted report ids.
KEEPS: dict[str, tuple[tuple[str, int], ...]] = {
    PERSON: (("min", 2), ("max", 2), ("set", 3), ("union", 4)),
    ORG_K: (("union", 1),),
    MEMBERSHIP: (("min", 4), ("max", 4), ("min", 5), ("max", 5), ("min", 6), ("max", 7), ("min", 8),
                 ("union", 9), ("union", 10)),
    CONCURRENT: (("min", 0), ("max", 0)),
    SERVED: (("union", 0), ("union", 1)),
    MEETING: (("union", 1), ("union", 2), ("union", 3), ("union", 5), ("union", 6), ("min", 4), ("max", 4)),
}
SOURCED = frozenset((MEMBERSHIP, CONCURRENT, SERVED, MEETING))
_NONE = (None, "", "~")


def fold(key: str, records: Iterable[tuple[str, list]]) -> list:
    """What node ``key`` keeps of the ``(report id, data)`` records of :func:`contributions`
    (in report order): ``[first record's data, count, sorted report ids, kept values ...]``
    (see :data:`KEEPS`; plain JSON). :func:`merge` adds more records' fold to it, and
    :func:`render` writes the node from it.

    >>> fold(ORG_K + "o", [("a", ["总工会", ["工会"]]), ("b", ["总工会", ["市总工会"]])])
    [['总工会', ['工会']], 2, [], ['市总工会', '工会']]
    """
    records = list(records)
    kind = key[0]
    state = [records[0][1], len(records), sorted(doc for doc, _ in records) if kind in SOURCED else []]
    for op, k in KEEPS.get(kind, ()):
        if op == "union":
            state.append(sorted({x for _, d in records for x in d[k]}))
        elif op == "set":
            state.append(sorted({d[k] for _, d in records if d[k]}))
        else:
            values = [d[k] for _, d in records if d[k] not in _NONE]
            state.append((min(values) if op == "min" else max(values)) if values else None)
    return state


def merge(key: str, a: list, b: list, a_first: bool = True) -> list:
    """The fold of two sets of records (``a_first``: ``a``'s come first in report order):
    ``merge(key, fold(key, r1), fold(key, r2)) == fold(key, r1 + r2)``."""
    kind = key[0]
    state = [a[0] if a_first else b[0], a[1] + b[1], sorted(a[2] + b[2]) if kind in SOURCED else []]
    for i, (op, _) in enumerate(KEEPS.get(kind, ()), 3):
        x, y = a[i], b[i]
        if op in ("union", "set"):
            state.append(sorted(set(x) | set(y)))
        elif x is None or y is None:
            state.append(x if y is None else y)
        else:
            state.append(min(x, y) if op == "min" else max(x, y))
    return state


def node_lines(key: str, records: Iterable[tuple[str, list]]) -> list[str]:
    """N-Quads lines of the summary node ``key``, from the ``(report id, data)`` records of
    :func:`contributions` of the reports naming it, in report order (a node keeps what the
    first report says of its name, organiser ...). Tasks and participations have none."""
    records = list(records)
    return lines_of(render(key, fold(key, records))) if records else []


def lines_of(triples: Iterable[tuple[str, str, str]]) -> list[str]:
    """N-Quads lines of summary triples (N-Quads terms)."""
    return [f"{s} {p} {o}{_TAIL}" for s, p, o in triples]


def render(key: str, state: list) -> list[tuple[str, str, str]]:
    """The triples (N-Quads terms) of the summary node ``key`` from its :func:`fold`."""
    kind, name = key[0], key[1:]
    first, count, sources = state[0], state[1], state[2]
    kept = state[3:]
    out: list[tuple[str, str, str]] = []

    def add(s: str, p: str, o: str) -> None:
        out.append((s, p, o))

    def span(names: tuple[str, str], low: str | None, high: str | None) -> None:
        if low is not None:
            add(node, _P[names[0]], _day(low))
            add(node, _P[names[1]], _day(high))

    def seen(published: tuple[str | None, str | None], days: tuple[str | None, str | None] | None) -> None:
        add(node, _P["reportCount"], integer(count))
        add(node, _P["sources"], literal(" ".join(sources)))
        span(("firstSeen", "lastSeen"), *published)
        if days is not None:
            span(("firstDay", "lastDay"), *days)

    node = iri(name)
    if kind == PERSON:
        low, high, regions, meetings = kept
        add(node, FOAF_NAME, literal(first[0]))
        add(node, LABEL, literal(first[1]))
        add(node, _P["reportCount"], integer(count))
        span(("firstSeen", "lastSeen"), low, high)
        if regions:
            add(node, _P["regions"], literal("; ".join(regions)))
        for m in meetings:
            add(node, _P["participatedIn"], iri(m))
    elif kind == ORG_K:
        add(node, PREF, literal(first[0]))
        for alias in kept[0]:
            add(node, ALT, literal(alias))
    elif kind == ROLE_K:
        add(node, PREF, literal(first[0]))
    elif kind == POST_K:
        o, r, label = first
        add(node, POST_IN, iri(o))
        add(node, ROLE_P, iri(r))
        add(node, PREF, literal(label))
    elif kind == MEMBERSHIP:
        pub_low, pub_high, day_low, day_high, began, ended, not_after, cues, before = kept
        add(node, MEMBER, iri(first[0]))
        add(node, ROLE_P, iri(first[1]))
        add(node, ORGANIZATION_P, iri(first[2]))
        add(node, _P["post"], iri(first[3]))
        seen((pub_low, pub_high), (day_low, day_high))
        if began:
            add(node, _P["began"], literal(began))
        if ended:
            add(node, _P["ended"], literal(ended))
        if not_after:
            add(node, _P["endedNotAfter"], _day(not_after))
        if cues:
            add(node, _P["cues"], literal(" ".join(cues)))
        for b in before:
            add(node, _P["succeeded"], iri(b))
    elif kind == CONCURRENT:
        p, a, b = name.split(SEP)
        node = iri(f"{SUMMARY_GRAPH}/concurrent/{iris.short_hash(p, a, b)}")
        low, high = kept
        add(node, _P["holder"], iri(p))
        add(node, _P["firstPost"], iri(a))
        add(node, _P["secondPost"], iri(b))
        add(node, _P["from"], literal(low or ""))
        add(node, _P["to"], literal(high or ""))
        add(node, _P["reportCount"], integer(count))
        add(node, _P["sources"], literal(" ".join(sources)))
    elif kind == SERVED:
        o, year = name.split(SEP)
        node = iri(f"{SUMMARY_GRAPH}/served/{iris.short_hash(o, str(int(year)))}")
        people, members = kept
        add(node, _P["org"], iri(o))
        add(node, _P["year"], integer(int(year)))
        add(node, _P["peopleCount"], integer(len(people)))
        add(node, _P["members"], literal("; ".join(members)))
        add(node, _P["sources"], literal(" ".join(sources)))
    elif kind == MEETING:
        names, states, days, tasks, participants, pub_low, pub_high = kept
        add(node, ORGANIZER, iri(first[0]))
        add(node, S_NAME, literal(names[0]))
        if days:
            add(node, START, _day(days[0]))
        add(node, _P["status"], literal(next((s for s in ("held", "planned") if s in states), "mentioned")))
        add(node, _P["taskCount"], integer(len(tasks)))
        add(node, _P["participantCount"], integer(len(participants)))
        seen((pub_low, pub_high), None)
    return out


def totals_lines(reports: int, counts: Mapping[str, int], report_quads: int, node_quads: int) -> list[str]:
    """N-Quads lines of :func:`totals_triples`."""
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
