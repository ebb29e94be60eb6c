from kg.document import Region
from kg.facts import Facts, Membership, Participation
from kg.rdf import ReportPeople, resolve_people
from kg.rdf.iris import person_iri, regional_person_iri

from ..factories import ev, org


def people(doc_id, region=Region("甘肃省"), memberships=(), participants=()):
    facts = Facts(doc_id)
    facts.memberships = [Membership(p, "主席", org(o), ev(doc_id)) for p, o in memberships]
    facts.participations = [Participation(p, "attended", "m1", ev(doc_id)) for p in participants]
    return ReportPeople(doc_id, region, facts)


def test_same_name_and_org_across_reports_is_one_person():
    ids = resolve_people([people("a", memberships=[("吴明明", "甘肃省总工会")]),
                          people("b", memberships=[("吴明明", "甘肃省总工会")])])
    assert ids[("a", "吴明明")] == ids[("b", "吴明明")] == person_iri("吴明明", "甘肃省总工会")


def test_orgs_of_one_name_in_one_report_link_reports_transitively():
    reports = [
        people("a", memberships=[("吴明明", "甘肃省委"), ("吴明明", "甘肃省总工会")]),
        people("b", memberships=[("吴明明", "甘肃省总工会")]),
        people("c", memberships=[("吴明明", "甘肃省委")]),
    ]
    ids = resolve_people(reports)
    assert len({ids[(d, "吴明明")] for d in "abc"}) == 1
    assert ids[("c", "吴明明")] == person_iri("吴明明", "甘肃省委")  # smallest org of the cluster
    assert resolve_people(reversed(reports)) == ids  # order does not matter


def test_namesakes_in_other_orgs_stay_apart():
    ids = resolve_people([people("a", memberships=[("王伟", "甘肃省总工会")]),
                          people("b", memberships=[("王伟", "福建省总工会")])])
    assert ids[("a", "王伟")] != ids[("b", "王伟")]


def test_participant_joins_the_one_cluster_of_the_region():
    ids = resolve_people([
        people("a", memberships=[("吴明明", "甘肃省总工会")]),
        people("b", memberships=[("吴明明", "福建省总工会")]),
        people("c", region=Region("甘肃省", "兰州市"), participants=["吴明明"]),
    ])
    assert ids[("c", "吴明明")] == ids[("a", "吴明明")]


def test_participant_with_two_candidate_clusters_gets_a_regional_node():
    ids = resolve_people([
        people("a", memberships=[("王伟", "甘肃省总工会")]),
        people("b", memberships=[("王伟", "甘肃省委")]),
        people("c", participants=["王伟"]),
    ])
    assert ids[("a", "王伟")] != ids[("b", "王伟")]
    assert ids[("c", "王伟")] == regional_person_iri("王伟", "甘肃省")


def test_participants_without_cluster_link_by_name_and_region():
    ids = resolve_people([
        people("a", participants=["李四"]),
        people("b", participants=["李四"]),
        people("c", region=Region("福建省"), participants=["李四"]),
    ])
    assert ids[("a", "李四")] == ids[("b", "李四")] == regional_person_iri("李四", "甘肃省")
    assert ids[("c", "李四")] == regional_person_iri("李四", "福建省")


def test_participant_with_a_membership_in_the_report_uses_it():
    ids = resolve_people([
        people("a", memberships=[("吴明明", "甘肃省总工会")], participants=["吴明明"]),
        people("b", memberships=[("吴明明", "甘肃省委")]),
    ])
    assert ids[("a", "吴明明")] == person_iri("吴明明", "甘肃省总工会")
