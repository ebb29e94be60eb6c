from datetime import date

from kg.document import Region
from kg.facts import Facts, Meeting
from kg.rdf import ReportPeople
from kg.rdf.meetings import meeting_iri, name_key, resolve_meetings

from ..factories import ev, org

ACFTU = org("中华全国总工会", level="national")


def rep(doc_id, *meetings):
    f = Facts(doc_id)
    f.meetings = [Meeting(f"m{i}", o, name, day, True, ev(doc_id)) for i, (o, name, day) in enumerate(meetings, 1)]
    return ReportPeople(doc_id, Region("北京市"), f)


def test_name_key_normalises_ordinals_tails_and_enlarged():
    assert name_key("十七届五次执委会") == name_key("十七届五次执委会会议")
    assert name_key("第十三次代表大会") == name_key("十三次代表大会")
    assert name_key("十二届九次全委(扩大)会议") == name_key("十二届九次全委全体会议") == "十二届九次全委"
    assert name_key("座谈会") == "座谈会"


def test_one_meeting_in_two_reports_is_one_node():
    ids = resolve_meetings([rep("a", (ACFTU, "十七届五次执委会会议", date(2022, 12, 1))),
                            rep("b", (ACFTU, "十七届五次执委会", date(2022, 12, 1)))])
    assert ids[("a", "m1")] == ids[("b", "m1")] == meeting_iri("中华全国总工会", "十七届五次执委会", date(2022, 12, 1))


def test_an_undated_numbered_meeting_joins_the_one_dated_one():
    reports = [rep("a", (ACFTU, "第十七次全国代表大会", date(2018, 10, 19))),
               rep("b", (ACFTU, "第十七次全国代表大会", None))]
    ids = resolve_meetings(reports)
    assert ids[("b", "m1")] == ids[("a", "m1")]
    assert resolve_meetings(reversed(reports)) == ids


def test_different_days_or_organisers_are_different_meetings():
    ids = resolve_meetings([rep("a", (ACFTU, "第十七次全国代表大会", date(2018, 10, 19))),
                            rep("b", (ACFTU, "第十七次全国代表大会", date(2018, 10, 22))),
                            rep("c", (ACFTU, "第十七次全国代表大会", None)),
                            rep("d", (org("甘肃省总工会"), "第十七次全国代表大会", date(2018, 10, 19)))])
    assert len({ids[(d, "m1")] for d in "abcd"}) == 4  # c: two dated candidates, stays undated


def test_an_unnumbered_meeting_without_a_day_stays_apart():
    ids = resolve_meetings([rep("a", (ACFTU, "干部大会", date(2018, 10, 19))), rep("b", (ACFTU, "干部大会", None))])
    assert ids[("a", "m1")] != ids[("b", "m1")]
