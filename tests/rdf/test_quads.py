from datetime import date

import pyoxigraph as ox

from kg.facts import Facts, Meeting, Membership, Participation, Task
from kg.rdf import ReportPeople, report_quads, resolve_people
from kg.rdf import iris
from kg.rdf.meetings import meeting_iri
from kg.rdf.namespaces import KG, ORG, PROV, SCHEMA, SKOS
from kg.report import DUPLICATE

from ..factories import GANSU, ev, org, report

NQ = ox.RdfFormat.N_QUADS


def sample_facts(doc_id, person="吴明明", quote="省总工会主席吴明明出席会议。"):
    f = Facts(doc_id)
    f.memberships = [Membership(person, "主席", GANSU, ev(doc_id, 6, 9, quote))]
    f.meetings = [Meeting("m1", GANSU, "十二届九次全委(扩大)会议", date(2022, 3, 4), True, ev(doc_id, 0, 5))]
    f.tasks = [Task("m1", "深化产业工人队伍建设改革", ev(doc_id, 20, 30))]
    f.participations = [Participation(person, "attended", "m1", ev(doc_id, 6, 9)),
                        Participation(person, "presided", "m1", ev(doc_id, 6, 9))]
    return f


def quads_of(*reports):
    people = resolve_people(ReportPeople(r.id, r.region, r.facts) for r in reports if r.facts is not None)
    lines = [line for r in reports for line in report_quads(r, people)]
    return lines, list(ox.parse("".join(lines), NQ))  # strict parse: escaping must be right


def objects(quads, s, p):
    return {q.object for q in quads if q.subject == s and q.predicate == ox.NamedNode(p)}


def test_literals_are_escaped_and_round_trip():
    nasty = 'say "hi"\\ back\nnew line\r\ttab \x01 \x7f 中文·（）'
    f = sample_facts("d1", quote=nasty)
    _, quads = quads_of(report("d1", f, title=nasty))
    quotes = {q.object.value for q in quads if q.predicate == ox.NamedNode(KG + "quote")}
    assert nasty in quotes
    titles = {q.object.value for q in quads if q.predicate.value.endswith("/title")}
    assert titles == {nasty}


def test_odd_names_give_valid_iris():
    f = Facts("d 1/x")
    f.memberships = [Membership("A<B>", "主 席", org('x/y#z"q'), ev("d 1/x"))]
    _, quads = quads_of(report("d 1/x", f))
    assert quads
    labels = {q.object.value for q in quads if q.predicate == ox.NamedNode(SKOS + "prefLabel")}
    assert {'x/y#z"q', "主 席"} <= labels


def test_same_input_same_quads():
    a, _ = quads_of(report("d1", sample_facts("d1")), report("d2", sample_facts("d2")))
    b, _ = quads_of(report("d1", sample_facts("d1")), report("d2", sample_facts("d2")))
    assert a == b
    assert len(a) == len(set(a))


def test_one_named_graph_per_report():
    _, quads = quads_of(report("d1", sample_facts("d1")), report("d2", sample_facts("d2")))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {iris.graph_iri("d1"), iris.graph_iri("d2")}
    for q in quads:  # a report's graph only cites that report
        if q.predicate == ox.NamedNode(PROV + "wasDerivedFrom"):
            doc = q.graph_name.value.rsplit("/", 1)[1]
            assert q.object.value == iris.report_iri(doc)


def test_every_fact_has_provenance_and_evidence():
    _, quads = quads_of(report("d1", sample_facts("d1")))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    facts = {q.subject for q in quads if q.predicate == rdf_type and q.object.value in
             (ORG + "Membership", KG + "Meeting", KG + "Task", KG + "Participation")}
    assert len(facts) == 5
    for node in facts:
        assert objects(quads, node, PROV + "wasDerivedFrom") == {ox.NamedNode(iris.report_iri("d1"))}
        (evidence,) = objects(quads, node, KG + "evidence")
        assert objects(quads, evidence, KG + "start") and objects(quads, evidence, KG + "end")
        assert objects(quads, evidence, KG + "quote")


def test_evidence_is_three_quads_and_every_node_has_one_class():
    """A fact's provenance: prov:wasDerivedFrom, kg:evidence, and the quotation's quote, start and
    end (its report is the graph's); classes the ontology implies are not stated again."""
    _, quads = quads_of(report("d1", sample_facts("d1")))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    classes: dict = {}
    for q in quads:
        if q.predicate == rdf_type:
            classes.setdefault(q.subject, set()).add(q.object.value)
    assert classes and all(len(c) == 1 for c in classes.values())
    evidence = {q.object for q in quads if q.predicate == ox.NamedNode(KG + "evidence")}
    assert evidence
    for e in evidence:
        assert sorted(q.predicate.value for q in quads if q.subject == e) == [KG + "end", KG + "quote", KG + "start"]


def test_participation_shortcuts():
    _, quads = quads_of(report("d1", sample_facts("d1")))
    person = ox.NamedNode(iris.person_iri("吴明明", "甘肃省总工会"))
    meeting = ox.NamedNode(meeting_iri("甘肃省总工会", "十二届九次全委(扩大)会议", date(2022, 3, 4)))
    assert objects(quads, meeting, SCHEMA + "attendee") == {person}
    assert objects(quads, person, KG + "presided") == {meeting}
    assert objects(quads, ox.NamedNode(iris.report_iri("d1")), SCHEMA + "about") == {meeting}


def test_same_membership_in_two_reports_is_one_node_with_evidence_in_each_graph():
    _, quads = quads_of(report("d1", sample_facts("d1")), report("d2", sample_facts("d2")))
    member = ox.NamedNode(ORG + "member")
    memberships = {q.subject for q in quads if q.predicate == member}
    assert len(memberships) == 1
    (m,) = memberships
    for doc in ("d1", "d2"):
        g = ox.NamedNode(iris.graph_iri(doc))
        in_graph = [q for q in quads if q.graph_name == g]
        (evidence,) = objects(in_graph, m, KG + "evidence")
        assert evidence.value == iris.evidence_iri(doc, 6, 9)
    # the same person and org node across reports
    assert len({q.object for q in quads if q.predicate == member}) == 1


def test_person_merging_across_reports():
    f2 = Facts("d2")  # d2 only says 吴明明 spoke: joins the one 甘肃 cluster
    f2.meetings = [Meeting("m1", GANSU, "干部大会", None, True, ev("d2"))]
    f2.participations = [Participation("吴明明", "spoke", "m1", ev("d2"))]
    _, quads = quads_of(report("d1", sample_facts("d1")), report("d2", f2))
    participants = {q.object.value for q in quads if q.predicate == ox.NamedNode(KG + "participant")}
    assert participants == {iris.person_iri("吴明明", "甘肃省总工会")}


def test_org_aliases_are_alt_labels():
    _, quads = quads_of(report("d1", sample_facts("d1")))
    o = ox.NamedNode(iris.org_iri("甘肃省总工会"))
    assert {x.value for x in objects(quads, o, SKOS + "altLabel")} == {"省总工会", "省总"}
    assert {x.value for x in objects(quads, o, SKOS + "prefLabel")} == {"甘肃省总工会"}
    assert {x.value for x in objects(quads, o, KG + "level")} == {"province"}


def test_duplicate_report_has_only_its_description():
    dup = report("d2", None, status=DUPLICATE, duplicate_of="d1")
    dup.facts = None
    _, quads = quads_of(report("d1", sample_facts("d1")), dup)
    in_dup = [q for q in quads if q.graph_name.value == iris.graph_iri("d2")]
    assert all(q.subject.value == iris.report_iri("d2") for q in in_dup)
    assert objects(in_dup, ox.NamedNode(iris.report_iri("d2")), KG + "duplicateOf") == \
        {ox.NamedNode(iris.report_iri("d1"))}


def test_unknown_meeting_key_is_left_out_with_a_warning():
    f = sample_facts("d1")
    f.tasks.append(Task("m9", "不存在的会议的任务", ev("d1")))
    r = report("d1", f)
    _, quads = quads_of(r)
    assert not any(q.object.value == "不存在的会议的任务" for q in quads)
    assert any("m9" in w for w in r.warnings)


def test_undated_meeting_has_no_start_date():
    f = Facts("d1")
    f.meetings = [Meeting("m1", GANSU, "干部大会", None, False, ev("d1"))]
    _, quads = quads_of(report("d1", f))
    assert not any(q.predicate == ox.NamedNode(SCHEMA + "startDate") for q in quads)
    assert any(q.predicate == ox.NamedNode(SCHEMA + "mentions") for q in quads)


# -- posts, terms, successions -----------------------------------------------------------

TIME = "http://www.w3.org/2006/time#"


def test_membership_holds_a_post_and_lasts_a_term_seen_on_the_meeting_day():
    _, quads = quads_of(report("d1", sample_facts("d1"), published=date(2022, 3, 9)))
    person = iris.person_iri("吴明明", "甘肃省总工会")
    m = ox.NamedNode(iris.membership_iri(person, "主席", iris.org_iri("甘肃省总工会")))
    post = ox.NamedNode(iris.post_iri("甘肃省总工会", "主席"))
    assert objects(quads, m, KG + "post") == {post}
    assert objects(quads, ox.NamedNode(person), ORG + "holds") == {post}
    assert objects(quads, post, ORG + "postIn") == {ox.NamedNode(iris.org_iri("甘肃省总工会"))}
    assert {x.value for x in objects(quads, post, SKOS + "prefLabel")} == {"甘肃省总工会 · 主席"}
    (term,) = objects(quads, m, ORG + "memberDuring")
    assert {x.value for x in objects(quads, term, KG + "seenOn")} == {"2022-03-04"}  # the meeting, not publication
    assert not objects(quads, term, TIME + "hasBeginning")


def test_term_beginning_and_end_carry_their_precision():
    f = Facts("d1")
    f.memberships = [
        Membership("黄琪玉", "主席", GANSU, ev("d1"), "elected", began=date(2015, 1, 1), began_precision="year",
                   began_cue="当选"),
        Membership("张广敏", "主席", GANSU, ev("d1"), ended=date(2013, 2, 1), ended_precision="month", ended_cue="卸任"),
        Membership("王建平", "副主席", GANSU, ev("d1"), ended_cue="原"),
    ]
    _, quads = quads_of(report("d1", f, published=date(2018, 7, 16)))

    def term_of(name, role):
        m = ox.NamedNode(iris.membership_iri(iris.person_iri(name, "甘肃省总工会"), role, iris.org_iri("甘肃省总工会")))
        (t,) = objects(quads, m, ORG + "memberDuring")
        return t

    (b,) = objects(quads, term_of("黄琪玉", "主席"), TIME + "hasBeginning")
    assert {x.value for x in objects(quads, b, TIME + "inXSDGYear")} == {"2015"}
    assert {x.value for x in objects(quads, b, KG + "precision")} == {"year"}
    (e,) = objects(quads, term_of("张广敏", "主席"), TIME + "hasEnd")
    assert {x.value for x in objects(quads, e, TIME + "inXSDGYearMonth")} == {"2013-02"}
    former = term_of("王建平", "副主席")
    assert not objects(quads, former, TIME + "hasEnd")
    assert {x.value for x in objects(quads, former, KG + "endedBy")} == {"原"}
    assert {x.value for x in objects(quads, former, KG + "notAfter")} == {"2018-07-16"}


def test_succession_is_stated_in_the_graph_where_the_later_term_begins():
    f1 = Facts("d1")
    f1.memberships = [Membership("张广敏", "主席", GANSU, ev("d1"), ended=date(2018, 1, 5), ended_precision="day",
                                 ended_cue="免去")]
    f2 = Facts("d2")
    f2.memberships = [Membership("黄琪玉", "主席", GANSU, ev("d2"), "elected", began=date(2018, 1, 20),
                                 began_precision="day", began_cue="当选")]
    _, quads = quads_of(report("d1", f1), report("d2", f2))
    later = ox.NamedNode(iris.membership_iri(iris.person_iri("黄琪玉", "甘肃省总工会"), "主席", iris.org_iri("甘肃省总工会")))
    earlier = ox.NamedNode(iris.membership_iri(iris.person_iri("张广敏", "甘肃省总工会"), "主席", iris.org_iri("甘肃省总工会")))
    links = [q for q in quads if q.predicate == ox.NamedNode(KG + "succeeded")]
    assert [(q.subject, q.object, q.graph_name.value) for q in links] == [(later, earlier, iris.graph_iri("d2"))]


def test_a_known_person_named_without_a_fact_is_a_mention_with_evidence():
    f2 = Facts("d2")
    f2.names = {"吴明明": ev("d2", 3, 6, "会上，吴明明讲话。")}
    _, quads = quads_of(report("d1", sample_facts("d1")), report("d2", f2))
    (m,) = {q.subject for q in quads if q.object == ox.NamedNode(KG + "Mention")}
    assert m.value == iris.mention_iri("d2", 3, 6)
    assert objects(quads, m, KG + "person") == {ox.NamedNode(iris.person_iri("吴明明", "甘肃省总工会"))}
    assert objects(quads, m, PROV + "wasDerivedFrom") == {ox.NamedNode(iris.report_iri("d2"))}
    (e,) = objects(quads, m, KG + "evidence")
    assert {x.value for x in objects(quads, e, KG + "quote")} == {"会上，吴明明讲话。"}
