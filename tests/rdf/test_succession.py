from datetime import date

from kg.document import Region
from kg.facts import Facts, Membership
from kg.rdf import ReportPeople, resolve_people
from kg.rdf import iris
from kg.rdf.succession import sole_post, successions

from ..factories import ev, org

UNION = org("福建省总工会", level="province")


def rep(doc_id, *memberships):
    f = Facts(doc_id)
    f.memberships = list(memberships)
    return ReportPeople(doc_id, Region("福建省"), f)


def m(doc_id, name, role="主席", **kw):
    return Membership(name, role, UNION, ev(doc_id), **kw)


def membership(name, role="主席"):
    return iris.membership_iri(iris.person_iri(name, "福建省总工会"), role, iris.org_iri("福建省总工会"))


def run(*reports):
    return successions(reports, resolve_people(reports))


def test_stated_succession_names_the_predecessor():
    got = run(rep("a", m("a", "张广敏")), rep("b", m("b", "黄琪玉", succeeds="张广敏", began_cue="任")))
    assert got == {("b", "黄琪玉", "主席", "福建省总工会"): [(membership("张广敏"), "stated")]}


def test_stated_predecessor_must_hold_the_post():
    assert run(rep("a", m("a", "张广敏", role="副主任")), rep("b", m("b", "黄琪玉", succeeds="张广敏"))) == {}


def test_term_beginning_as_the_other_ends_follows_it():
    got = run(rep("a", m("a", "张广敏", ended=date(2018, 1, 5), ended_cue="免去")),
              rep("b", m("b", "黄琪玉", began=date(2018, 1, 20), began_cue="当选")))
    assert got == {("b", "黄琪玉", "主席", "福建省总工会"): [(membership("张广敏"), "adjacent")]}


def test_terms_far_apart_or_in_the_wrong_order_are_no_succession():
    assert run(rep("a", m("a", "张广敏", ended=date(2015, 1, 5), ended_cue="免去")),
               rep("b", m("b", "黄琪玉", began=date(2018, 1, 20), began_cue="当选"))) == {}
    assert run(rep("a", m("a", "张广敏", ended=date(2018, 3, 5), ended_cue="免去")),
               rep("b", m("b", "黄琪玉", began=date(2018, 1, 20), began_cue="当选"))) == {}


def test_one_report_removing_one_and_electing_another_is_a_succession():
    got = run(rep("a", m("a", "张广敏", ended_cue="免去"), m("a", "黄琪玉", began_cue="当选")))
    assert got == {("a", "黄琪玉", "主席", "福建省总工会"): [(membership("张广敏"), "adjacent")]}


def test_posts_with_several_holders_have_no_successions():
    assert not sole_post("副主席") and not sole_post("委员") and sole_post("常务副主席")
    assert run(rep("a", m("a", "张广敏", role="副主席", ended_cue="免去"),
                   m("a", "黄琪玉", role="副主席", began_cue="当选"))) == {}
