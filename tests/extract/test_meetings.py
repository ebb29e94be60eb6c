from datetime import date
import pytest


from kg.document import Region
from kg.extract import context_of, extract_meetings
from tests.conftest import make_doc


def meetings(text, published=None, region=Region("甘肃省")):
    doc = make_doc(text, published=published, region=region)
    return [(m.org.name, m.name, m.date, m.main) for m in extract_meetings(doc, context_of(doc))]


def test_main_meeting_with_session_name_and_date_from_publication_year():
    got = meetings("3月4日,省总工会召开十二届九次全委(扩大)会议,传达学习全总十七届五次执委会会议精神。",
                   published=date(2022, 3, 9))
    assert ("甘肃省总工会", "十二届九次全委(扩大)会议", date(2022, 3, 4), True) in got
    assert ("中华全国总工会", "十七届五次执委会会议", None, False) in got


def test_december_meeting_reported_in_january_takes_previous_year():
    got = meetings("12月7日至8日,省总工会第十四次代表大会在兰州召开。", published=date(2024, 1, 3))
    assert got[0][2] == date(2023, 12, 7)


def test_yesterday_and_mangled_dates():
    got = meetings("本报讯 省总工会第十一届三次全委(扩大)会议于昨日下午闭幕。", published=date(2010, 1, 20))
    assert got[0][2] == date(2010, 1, 19)
    # 118日 lost its 月: 11月8日 is the reading in the month before publication
    got = meetings(" 118日上午,省总工会召开干部大会。", published=date(2017, 11, 9))
    assert got[0][1] == "干部大会" and got[0][2] == date(2017, 11, 8)
    got = meetings(" 111日,省总工会召开干部大会。", published=date(2006, 1, 11))
    assert got[0][2] == date(2006, 1, 11)
    # no reading near publication, or none at all: left empty, never a wrong day
    got = meetings(" 118日上午,省总工会召开干部大会。", published=date(2017, 6, 1))
    assert got[0][2] is None
    got = meetings(" 118日上午,省总工会召开干部大会。")
    assert got[0][2] is None


def test_hyphen_range_is_dated_by_its_first_day():
    got = meetings("省工会第八次代表大会于1998年7月14-16日召开。")
    assert got[0][2] == date(1998, 7, 14)
    got = meetings("7月14-16日,省工会第八次代表大会召开。", published=date(1998, 7, 20))
    assert got[0][2] == date(1998, 7, 14)


def test_city_union_congress_and_previous_congress_mentioned():
    got = meetings("8月9日上午,临汾市工会第三次代表大会开幕。会议总结了市工会第二次代表大会以来的工作。",
                   region=Region("山西省", "临汾市"))
    assert got[0][:2] == ("临汾市总工会", "第三次代表大会") and got[0][3]
    assert ("临汾市总工会", "第二次代表大会", None, False) in got


def test_template_with_placeholders_has_no_meeting():
    assert meetings("X市总工会X届X次全委(扩大)会议暨工作会议圆满完成了各项议程。") == []
    assert meetings("2月27日,XX省总工会召开十五届三次全委会议,对今年工作作出部署。", published=date(2022, 3, 1)) == []


def test_day_only_takes_publication_month():
    got = meetings("12日上午,省工会第十三次代表大会完成各项议程,在广州闭幕。", published=date(2014, 11, 13),
                   region=Region("广东省"))
    assert got[0][2] == date(2014, 11, 12)
    got = meetings("28日,省总工会召开干部大会。", published=date(2014, 12, 2))
    assert got[0][2] == date(2014, 11, 28)


def test_event_verb_after_a_place_phrase_and_navigation_dates_ignored():
    text = ("第02版:北京工会十四大特刊\n3上一篇 下一篇4 2019年5月7日 放大 缩小\n"
            "——北京市工会第十四次代表大会开幕式侧记\n"
            "5月6日上午,北京市工会第十四次代表大会在北京会议中心隆重开幕,领导出席。")
    got = meetings(text, published=date(2019, 5, 7), region=Region("北京市", "北京市"))
    assert got[0][1:4] == ("第十四次代表大会", date(2019, 5, 6), True)


def test_quoted_qualifier_belongs_to_the_meeting_name():
    got = meetings("4月28日上午,集团在矿工俱乐部召开“五一”表彰大会,表彰先进集体。", published=date(2017, 4, 29),
                   region=Region("河南省"))
    assert got[0][1:4] == ("“五一”表彰大会", date(2017, 4, 28), True)


def _candidate(text):
    """The first meeting candidate of a one-sentence text."""
    from kg.extract.meetings import Candidate, _org_before, candidates

    doc = make_doc(text, region=Region("甘肃省"))
    s, e = doc.sentences[0]
    ns, ne = next(candidates(doc.text, s, e))[-1]
    raw, org_start = _org_before(doc, ns, s)
    return Candidate(doc.text, s, e, ns, ne, raw, org_start)


@pytest.mark.parametrize("text, rule", [
    ("省总工会召开第X次代表大会。", "placeholder"),
    ("学习《省总工会第三次代表大会决议》。", "in_book_title"),
    ("昨天召开第三次代表大会。", "no_organiser"),
    ("各级工会召开座谈会。", "generic_or_plural_organiser"),
])
def test_each_rejection_rule(text, rule):
    from kg.extract.meetings import rejected_by

    assert rejected_by(_candidate(text)) == rule


@pytest.mark.parametrize("text, rule", [
    ("传达学习全总十七届五次执委会会议。", "cue_before"),
    ("省总工会第二次代表大会以来,工作成效明显。", "cue_after"),
])
def test_each_mentioned_rule(text, rule):
    from kg.extract.meetings import MENTIONED

    assert [r.name for r in MENTIONED if r(_candidate(text))] == [rule]


def test_held_by_an_event_verb():
    from kg.extract.meetings import HELD

    assert [r.name for r in HELD if r(_candidate("省总工会召开十二届九次全委(扩大)会议。"), 0)] == ["event_verb"]


def test_headline_meeting_takes_the_most_named_org():
    from kg.extract import extract_all

    doc = make_doc("全市劳动模范表彰大会隆重举行\n市总工会主席张伟、市总工会副主席李明出席。",
                   region=Region("山西省", "临汾市"))
    [m] = extract_all(doc).meetings
    assert (m.org.name, m.name, m.main) == ("临汾市总工会", "劳动模范表彰大会", True)


def test_a_name_opened_by_its_event_verb_keeps_its_qualifiers():
    got = meetings("8月27日,省总工会召开全省工会劳模工作推进会。", published=date(2022, 8, 30))
    assert got[0] == ("甘肃省总工会", "全省工会劳模工作推进会", date(2022, 8, 27), True)


def test_a_time_between_organiser_and_verb():
    got = meetings("县总工会今天在这里隆重召开全县劳动模范招待会。", region=Region("辽宁省", "阜新市", "彰武县"))
    assert got[0][:2] == ("彰武县总工会", "全县劳动模范招待会")


def test_kinds_of_meeting_beyond_congresses():
    got = meetings("市总工会召开工会工作经验交流会。", region=Region("山西省", "临汾市"))
    assert got[0][:2] == ("临汾市总工会", "工会工作经验交流会")


def test_a_name_joined_by_ji_is_one_meeting():
    got = meetings("省总工会召开深化改革研讨会暨工会主席联席会。")
    assert [g[1] for g in got] == ["深化改革研讨会暨工会主席联席会"]


def test_a_meeting_held_without_a_named_organiser_takes_the_most_named_org():
    from kg.extract import extract_all

    doc = make_doc("我校六届三次教代会隆重召开\n3月26日,我校六届三次教代会在报告厅隆重召开。青屿大学工会主席张伟主持。",
                   region=Region("甘肃省"))
    [m] = extract_all(doc).meetings
    assert (m.org.name, m.main) == ("青屿大学工会", True) and "教代会" in m.name


def test_a_themed_name_as_the_subject_of_its_event_verb():
    got = meetings("11月14日,广东工会深入学习贯彻党的二十大精神座谈会召开。省总工会主席吕业升出席。",
                   published=date(2022, 11, 15), region=Region("广东省"))
    assert any(n == "深入学习贯彻党的二十大精神座谈会" and main for _, n, _, main in got)


def test_a_clause_with_a_participation_verb_is_no_meeting_name():
    from kg.extract.meetings import rejected_by

    assert rejected_by(_candidate("省总工会副主席刘科莅临会议。")) in ("verb_in_name", "no_organiser")


def test_a_union_as_the_venue_hosts_a_meeting_named_without_organiser():
    got = meetings("5月18日上午,全市工会系统劳模工匠座谈会在晋城市总工会召开。", published=date(2023, 5, 24),
                   region=Region("山西省", "晋城市"))
    assert got[0][0] == "晋城市总工会" and got[0][1].endswith("劳模工匠座谈会")


def test_the_first_host_of_a_hosted_by_clause_organises_a_meeting_named_without_one():
    got = meetings("6月8日上午,青屿“安全生产月”职工主题庆祝活动在市体育馆隆重举行。本次活动由市应急管理局、"
                   "市总工会和市安全生产协会共同主办。", published=date(2023, 6, 9), region=Region("山西省", "晋城市"))
    assert got[0][0] == "晋城市总工会" and got[0][1].endswith("“安全生产月”职工主题庆祝活动") and got[0][3]


def test_two_congresses_held_as_one_written_with_brackets():
    got = meetings("4月2日,青屿电力公司召开二届一次职代(工代)会。", published=date(2021, 4, 3))
    assert got[0][1] == "二届一次职代(工代)会" and got[0][2] == date(2021, 4, 2)


def test_an_unveiling_ceremony_is_a_meeting():
    got = meetings("今天,市总工会在工人文化宫举行职工服务中心揭幕典礼。", published=date(2020, 5, 6),
                   region=Region("山西省", "晋城市"))
    assert got[0][0] == "晋城市总工会" and got[0][1].endswith("揭幕典礼") and got[0][3]


def _all_meetings(text, published=None, region=Region("甘肃省")):
    from kg.extract import extract_all
    doc = make_doc(text, published=published, region=region)
    return [(m.org.name, m.name, m.date, m.main) for m in extract_all(doc).meetings]


def test_the_forum_of_a_union_leaders_visit_is_held_by_the_visitors_union():
    text = ("5月6日,省人大常委会副主任、省总工会主席林志远一行来某市调研工会工作,市总工会主席陈思齐陪同调研。"
            "座谈会上,林志远要求各级工会提高政治站位。")
    # the visitor's union, not the org most named (the congress standing committee comes first)
    assert _all_meetings(text, published=date(2022, 5, 7)) == [("甘肃省总工会", "座谈会", date(2022, 5, 6), True)]


def test_an_offices_staff_union_is_the_offices():
    got = meetings("5月19日下午,省委党史办召开机关工会第二届第一次会员大会。", published=date(2023, 5, 23))
    assert got == [("甘肃省委党史办机关工会", "第二届第一次会员大会", date(2023, 5, 19), True)]
