"""Facts of one report -> N-Quads text of the report's own named graph.

Written as text (no rdflib objects: this is the hot path of a build). Each graph is
self-contained: it describes the report, every node its facts refer to (people, orgs,
roles, meetings with their labels), and each fact with ``prov:wasDerivedFrom`` the report
and ``kg:evidence`` a quotation with offsets. A fact stated by several reports is one node
asserted in each of their graphs, each graph with its own evidence.

Each thing is said once: a fact's evidence node holds only ``kg:quote``, ``kg:start`` and
``kg:end`` (it is a ``kg:Evidence`` by the range of ``kg:evidence``; its report is the
graph's, which the fact is ``prov:wasDerivedFrom``, and its IRI names both); a node has
one class, the ontology giving the others (``foaf:Person`` is ``schema:Person``,
``kg:Meeting`` a ``schema:Event``, ``kg:Report`` and ``kg:Task`` ``prov:Entity``,
``org:Role`` a ``skos:Concept``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from datetime import date

from ..facts import Evidence, Membership, Org
from ..report import DUPLICATE, Report
from . import iris
from .identity import report_day
from .meetings import meeting_iri
from .namespaces import DCTERMS, FOAF, KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, TIME
from .terms import date_literal, integer, iri, literal, typed

A = iri(RDF + "type")
K = {name: iri(KG + name) for name in (
    "Report", "Meeting", "Task", "Participation", "Roles", "docId", "file",
    "encoding", "script", "format", "region", "charCount", "duplicateOf", "evidence", "quote",
    "start", "end", "level", "how", "meeting", "text", "participant", "kind",
    "presided", "spoke", "reported", "elected", "appointed",
    "Mention", "person", "status", "post", "seenOn", "precision", "beganBy", "endedBy", "notAfter", "succeeded", "succession",
)}
DERIVED = iri(PROV + "wasDerivedFrom")
ORGANIZATION, MEMBERSHIP, ROLE = iri(ORG + "Organization"), iri(ORG + "Membership"), iri(ORG + "Role")
MEMBER, ORGANIZATION_P, ROLE_P = iri(ORG + "member"), iri(ORG + "organization"), iri(ORG + "role")
S_NAME = iri(SCHEMA + "name")
ORGANIZER, START, END = iri(SCHEMA + "organizer"), iri(SCHEMA + "startDate"), iri(SCHEMA + "endDate")
ATTENDEE, ABOUT, MENTIONS = iri(SCHEMA + "attendee"), iri(SCHEMA + "about"), iri(SCHEMA + "mentions")
PUBLISHED = iri(SCHEMA + "datePublished")
FOAF_PERSON, FOAF_NAME = iri(FOAF + "Person"), iri(FOAF + "name")
PREF, ALT, IN_SCHEME = (iri(SKOS + n) for n in ("prefLabel", "altLabel", "inScheme"))
TITLE = iri(DCTERMS + "title")
POST, POST_IN, HOLDS, MEMBER_DURING = (iri(ORG + n) for n in ("Post", "postIn", "holds", "memberDuring"))
INTERVAL, INSTANT, BEGINNING, END_OF = (iri(TIME + n) for n in ("Interval", "Instant", "hasBeginning", "hasEnd"))
#: precision -> (OWL-Time property, XSD datatype, length of the lexical form)
IN_XSD = {"day": (iri(TIME + "inXSDDate"), "date", 10), "month": (iri(TIME + "inXSDGYearMonth"), "gYearMonth", 7),
          "year": (iri(TIME + "inXSDGYear"), "gYear", 4)}
LABEL = iri(RDFS + "label")
#: person -> meeting shortcuts of participation kinds ("attended" is <meeting> schema:attendee).
SHORTCUTS = {kind: K[kind] for kind in ("presided", "spoke", "reported", "elected", "appointed")}


class _Graph:
    """The triples of one named graph (N-Quads terms), each once, in the order first added."""

    __slots__ = ("name", "triples", "described")

    def __init__(self, graph: str) -> None:
        self.name = iri(graph)
        self.triples: dict[tuple[str, str, str], None] = {}
        self.described: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.triples[(s, p, o)] = None

    def first_time(self, node: str) -> bool:
        """True the first time ``node`` is described in this graph."""
        if node in self.described:
            return False
        self.described.add(node)
        return True


def nquads(graph: str, triples: Iterable[tuple[str, str, str]]) -> list[str]:
    """N-Quads lines of ``triples`` (N-Quads terms) in the named graph ``graph`` (an IRI term)."""
    tail = f" {graph} .\n"
    return [f"{s} {p} {o}{tail}" for s, p, o in triples]


def report_quads(report: Report, people: Mapping[tuple[str, str], str]) -> list[str]:
    """N-Quads lines of ``report``'s named graph (:func:`report_triples`)."""
    return nquads(*report_triples(report, people))


Triples = list[tuple[str, str, str]]


def report_triples(report: Report, people: Mapping[tuple[str, str], str]) -> tuple[str, Triples]:
    """``report``'s named graph (its IRI term) and its triples (N-Quads terms, in the order
    of its N-Quads lines and TriG block); ``people`` maps (doc id, name) to person IRIs (a
    :class:`~kg.rdf.identity.People` also gives each person's label, ``rdfs:label``).

    Tasks and participations whose meeting key is unknown are left out, with a warning
    added to ``report.warnings``.
    """
    g = _Graph(iris.graph_iri(report.id))
    rep = iri(iris.report_iri(report.id))
    _describe_report(g, rep, report)
    facts = report.facts
    if report.status == DUPLICATE or facts is None:
        return g.name, list(g.triples)
    doc = report.id
    labels = getattr(people, "labels", {})
    successions = getattr(people, "successions", {})
    meeting_ids = getattr(people, "meetings", {})
    seen = report_day(report.facts, report.published)

    def fact(node: str, ev: Evidence) -> None:
        e = iri(iris.evidence_iri(doc, ev.start, ev.end))
        g.add(node, DERIVED, rep)
        g.add(node, K["evidence"], e)
        if g.first_time(e):
            g.add(e, K["quote"], literal(ev.quote))
            g.add(e, K["start"], integer(ev.start))
            g.add(e, K["end"], integer(ev.end))

    def person(name: str) -> tuple[str, str]:
        p_iri = people[(doc, name)]
        p = iri(p_iri)
        if g.first_time(p):
            g.add(p, A, FOAF_PERSON)
            g.add(p, FOAF_NAME, literal(name))
            g.add(p, LABEL, literal(labels.get(p_iri, name)))
        return p_iri, p

    for m in facts.memberships:
        p_iri, p = person(m.person)
        o_iri, o = _org(g, m.org)
        role = iri(iris.role_iri(m.role))
        if g.first_time(role):
            g.add(role, A, ROLE)
            g.add(role, PREF, literal(m.role))
            g.add(role, IN_SCHEME, K["Roles"])
        m_iri = iris.membership_iri(p_iri, m.role, o_iri)
        node = iri(m_iri)
        g.add(node, A, MEMBERSHIP)
        g.add(node, MEMBER, p)
        g.add(node, ROLE_P, role)
        g.add(node, ORGANIZATION_P, o)
        g.add(node, K["how"], literal(m.how))
        post = iri(iris.post_iri(m.org.name, m.role))
        if g.first_time(post):
            g.add(post, A, POST)
            g.add(post, POST_IN, o)
            g.add(post, ROLE_P, role)
            g.add(post, PREF, literal(f"{m.org.name} · {m.role}"))
        g.add(node, K["post"], post)
        g.add(p, HOLDS, post)
        _term(g, m_iri, m, seen)
        fact(node, m.evidence)
        for before, basis in successions.get((doc, m.person, m.role, m.org.name), ()):
            g.add(node, K["succeeded"], iri(before))
            g.add(node, K["succession"], literal(basis))

    for name, ev in getattr(people, "mentioned", {}).get(doc, ()):  # named without a fact
        _, p = person(name)
        node = iri(iris.mention_iri(doc, ev.start, ev.end))
        g.add(node, A, K["Mention"])
        g.add(node, K["person"], p)
        fact(node, ev)

    meetings: dict[str, tuple[str, str]] = {}
    for mt in facts.meetings:
        o_iri, o = _org(g, mt.org)
        m_iri = meeting_ids.get((doc, mt.key)) or meeting_iri(mt.org.name, mt.name, mt.date)
        node = iri(m_iri)
        meetings[mt.key] = (m_iri, node)
        g.add(node, A, K["Meeting"])
        g.add(node, S_NAME, literal(mt.name))
        g.add(node, K["status"], literal(mt.state))
        g.add(node, ORGANIZER, o)
        if mt.date:
            g.add(node, START, date_literal(mt.date))
        if mt.end_date:
            g.add(node, END, date_literal(mt.end_date))
        g.add(rep, ABOUT if mt.main else MENTIONS, node)
        fact(node, mt.evidence)

    for t in facts.tasks:
        if t.meeting not in meetings:
            report.warnings.append(f"task {t.text!r} refers to unknown meeting {t.meeting!r}; left out")
            continue
        m_iri, m = meetings[t.meeting]
        node = iri(iris.task_iri(m_iri, t.text))
        g.add(node, A, K["Task"])
        g.add(node, K["text"], literal(t.text))
        g.add(node, K["meeting"], m)
        fact(node, t.evidence)

    for pa in facts.participations:
        if pa.meeting not in meetings:
            report.warnings.append(
                f"participation {pa.person} {pa.kind} refers to unknown meeting {pa.meeting!r}; left out")
            continue
        m_iri, m = meetings[pa.meeting]
        p_iri, p = person(pa.person)
        node = iri(iris.participation_iri(p_iri, pa.kind, m_iri))
        g.add(node, A, K["Participation"])
        g.add(node, K["participant"], p)
        g.add(node, K["kind"], literal(pa.kind))
        g.add(node, K["meeting"], m)
        if pa.kind == "attended":
            g.add(m, ATTENDEE, p)
        elif pa.kind in SHORTCUTS:
            g.add(p, SHORTCUTS[pa.kind], m)
        fact(node, pa.evidence)
    return g.name, list(g.triples)


def instant(g: _Graph, day: date, precision: str) -> str:
    """The node of a point in time, at the precision the text gives (day, month or year)."""
    prop, datatype, length = IN_XSD.get(precision, IN_XSD["day"])
    lexical = day.isoformat()[:length]
    node = iri(iris.instant_iri(lexical))
    if g.first_time(node):
        g.add(node, A, INSTANT)
        g.add(node, prop, typed(lexical, datatype))
        g.add(node, K["precision"], literal(precision or "day"))
    return node


def _term(g: _Graph, membership: str, m: Membership, seen: date | None) -> None:
    """``org:memberDuring`` a ``time:Interval``: seen on the report's day, with the beginning
    and end the text gives (a cue without a date: an end known to be no later than ``seen``)."""
    term = iri(iris.term_iri(membership))
    g.add(iri(membership), MEMBER_DURING, term)
    g.add(term, A, INTERVAL)
    if seen:
        g.add(term, K["seenOn"], date_literal(seen))
    if m.began_cue:
        g.add(term, K["beganBy"], literal(m.began_cue))
        if m.began:
            g.add(term, BEGINNING, instant(g, m.began, m.began_precision))
    if m.ended_cue:
        g.add(term, K["endedBy"], literal(m.ended_cue))
        if m.ended:
            g.add(term, END_OF, instant(g, m.ended, m.ended_precision))
        elif seen:
            g.add(term, K["notAfter"], date_literal(seen))


def _describe_report(g: _Graph, rep: str, report: Report) -> None:
    g.add(rep, A, K["Report"])
    g.add(rep, K["docId"], literal(report.id))
    g.add(rep, K["file"], literal(report.path))
    if report.title:
        g.add(rep, TITLE, literal(report.title))
    if report.published:
        g.add(rep, PUBLISHED, date_literal(report.published))
    for prop, value in (("encoding", report.encoding), ("script", report.script),
                        ("format", report.format), ("region", str(report.region))):
        if value:
            g.add(rep, K[prop], literal(value))
    g.add(rep, K["charCount"], integer(report.chars))
    if report.status == DUPLICATE and report.duplicate_of:
        g.add(rep, K["duplicateOf"], iri(iris.report_iri(report.duplicate_of)))


def _org(g: _Graph, org: Org) -> tuple[str, str]:
    o_iri = iris.org_iri(org.name)
    o = iri(o_iri)
    if g.first_time(o):
        g.add(o, A, ORGANIZATION)
        g.add(o, PREF, literal(org.name))
        if org.level:
            g.add(o, K["level"], literal(org.level))
    for alias in org.names[1:]:  # the same org may come with other aliases elsewhere
        g.add(o, ALT, literal(alias))
    return o_iri, o
