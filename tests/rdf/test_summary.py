"""The summary graph agrees with what the report graphs state (kg.rdf.summary)."""
from __future__ import annotations

import pytest

from kg.rdf.summary import SUMMARY_GRAPH
from kg.store import GraphStore

from ..fixtures import built  # noqa: F401 (fixture)

S = f"<{SUMMARY_GRAPH}>"

#: Per membership, from the report graphs: the reports stating it and their dates.
FROM_REPORTS = """
SELECT ?m ?doc ?published WHERE {
  GRAPH ?g { ?m a org:Membership ; prov:wasDerivedFrom ?r . ?r kg:docId ?doc
             OPTIONAL { ?r schema:datePublished ?published } } }"""
FROM_SUMMARY = f"""
SELECT ?m ?n ?sources ?first ?last WHERE {{
  GRAPH {S} {{ ?m org:member ?p ; kg:reportCount ?n ; kg:sources ?sources
              OPTIONAL {{ ?m kg:firstSeen ?first ; kg:lastSeen ?last }} }} }}"""


@pytest.fixture
def store(built):
    with GraphStore.open(built[1]) as s:
        yield s


def test_one_summary_node_per_membership_with_its_reports_and_dates(store):
    stated: dict[str, list] = {}
    for m, doc, published in store.select(FROM_REPORTS).rows:
        stated.setdefault(m, []).append((doc, published))
    summary = {m: (n, sources, first, last) for m, n, sources, first, last in store.select(FROM_SUMMARY).rows}
    assert set(summary) == set(stated)
    for m, seen in stated.items():
        docs = sorted({d for d, _ in seen})
        days = sorted(str(p) for _, p in seen if p)
        n, sources, first, last = summary[m]
        assert (int(n), sources.split()) == (len(docs), docs)
        assert (first and str(first), last and str(last)) == ((days[0], days[-1]) if days else (None, None))
    assert any(int(n) > 1 for n, *_ in summary.values())  # the sample states one membership twice


def test_meeting_counts_match_the_report_graphs(store):
    counts = store.select(f"""
        SELECT ?m ?tasks ?people WHERE {{ GRAPH {S} {{ ?m kg:taskCount ?tasks ; kg:participantCount ?people }} }}""")
    for m, tasks, people in counts.rows:
        stated = store.select(f"""SELECT (COUNT(DISTINCT ?t) AS ?t_n) (COUNT(DISTINCT ?who) AS ?p_n) WHERE {{
            {{ GRAPH ?g {{ ?t a kg:Task ; kg:meeting <{m}> }} }} UNION
            {{ GRAPH ?g {{ ?pa a kg:Participation ; kg:meeting <{m}> ; kg:participant ?who }} }} }}""").rows[0]
        assert (int(tasks), int(people)) == tuple(map(int, stated))
    assert counts.rows


def test_totals_count_the_distinct_nodes_and_every_quad(store):
    stats = store.stats()
    distinct = store.select("""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a foaf:Person } }""").rows[0][0]
    assert stats["people"] == int(distinct)
    assert stats["triples"] == len(store)


def test_queries_about_a_person_org_or_post_read_only_the_summary_graph():
    """A popular name is stated in thousands of report graphs: these queries must not visit them."""
    from kg.queries import named_queries

    about = [q for q in named_queries().values()
             if set(q.params) & {"person", "org"} or q.name in (
                 "namesakes", "served-together", "concurrent-posts", "co-attendance")]
    assert len(about) == 9
    for q in about:
        body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("#"))
        assert "GRAPH ?" not in body and body.count("GRAPH <" + SUMMARY_GRAPH + ">") >= 1, q.name


def test_timeline_from_the_summary_matches_the_report_graphs(store):
    """Each membership's days and sources in the summary are those its terms state in the report graphs."""
    stated = store.select("""
        SELECT ?m (MIN(STR(?seen)) AS ?first) (MAX(STR(?seen)) AS ?last)
               (GROUP_CONCAT(DISTINCT ?doc; separator=" ") AS ?docs) WHERE {
          GRAPH ?g { ?m a org:Membership ; org:memberDuring ?t ; prov:wasDerivedFrom/kg:docId ?doc .
                     ?t kg:seenOn ?seen } } GROUP BY ?m""").rows
    summary = {m: (str(f), str(l), s) for m, f, l, s in store.select(f"""
        SELECT ?m ?f ?l ?s WHERE {{ GRAPH {S} {{ ?m kg:firstDay ?f ; kg:lastDay ?l ; kg:sources ?s }} }}""").rows}
    assert stated
    for m, first, last, docs in stated:
        assert summary[m][:2] == (first, last)
        assert set(docs.split()) <= set(summary[m][2].split())


def test_a_person_named_in_a_dated_and_an_undated_report_is_first_seen_on_the_known_date():
    from datetime import date

    import pyoxigraph as ox

    from kg.facts import Facts, Membership
    from kg.rdf import ReportPeople, resolve_people
    from kg.rdf.summary import Summary

    from ..factories import GANSU, ev, report

    reports = []
    for doc, published in (("d1", date(2020, 5, 1)), ("d2", None)):
        facts = Facts(doc)
        facts.memberships = [Membership("吴明明", "主席", GANSU, ev(doc))]
        reports.append(report(doc, facts, published=published))
    people = resolve_people(ReportPeople(r.id, r.region, r.facts, r.published) for r in reports)
    summary = Summary()
    for r in reports:
        summary.add(r, people)
    quads = list(ox.parse("".join(summary.lines(report_quads=0)), format=ox.RdfFormat.N_QUADS))
    person = ox.NamedNode(people[("d1", "吴明明")])
    seen = {q.predicate.value.rsplit("#", 1)[1]: q.object.value for q in quads
            if q.subject == person and q.predicate.value.endswith(("Seen", "reportCount"))}
    assert seen == {"firstSeen": "2020-05-01", "lastSeen": "2020-05-01", "reportCount": "2"}
