"""Start and end cues of terms (kg.extract.terms), one test per rule, on hand-made
memberships whose evidence spans are found in the sentence (the extractors are not used)."""
from datetime import date

from kg.document import Region
from kg.extract.terms import stated_date, with_terms
from kg.facts import Meeting, Membership, Org
from tests.conftest import make_doc

UNION = Org("福建省总工会", (), "province")
DAY = date(2018, 10, 10)


def term(text, person, role="主席", span=None, how="stated", day=DAY, others=()):
    """The one membership of ``person`` after :func:`with_terms`; ``span`` is the text its
    evidence covers (default: from the role to the name)."""
    doc = make_doc(text, region=Region("福建省"))
    span = span or (role + person)
    i = doc.text.find(span)
    assert i >= 0, span
    ms = [Membership(person, role, UNION, doc.evidence(i, i + len(span)), how)]
    for name, r, sp in others:
        k = doc.text.find(sp)
        ms.append(Membership(name, r, UNION, doc.evidence(k, k + len(sp))))
    meetings = [Meeting("m", UNION, "代表大会", day, True, doc.evidence(0, 2))] if day else []
    return with_terms(doc, ms, meetings)[0]


def test_elected_begins_at_the_meeting_day():
    m = term("大会选举产生新一届领导班子，黄琪玉当选省总工会主席。", "黄琪玉", span="黄琪玉当选省总工会主席",
             how="elected")
    assert (m.began, m.began_precision, m.began_cue) == (DAY, "day", "当选")
    assert not m.ended_cue


def test_appointed_begins_and_an_undated_report_leaves_the_date_open():
    m = term("省委决定：梁敬华同志任省总工会党组书记。", "梁敬华", role="党组书记",
             span="梁敬华同志任省总工会党组书记", how="appointed", day=None)
    assert (m.began, m.began_cue) == (None, "任")


def test_newly_elected_chain_begins():
    m = term("会议由新当选的工会主席李士尧主持。", "李士尧")
    assert m.began_cue == "新当选" and m.began == DAY


def test_a_stated_role_without_cue_has_no_term_bounds():
    m = term("省人大常委会副主任、省总工会主席黄琪玉出席会议。", "黄琪玉")
    assert (m.began_cue, m.ended_cue, m.began, m.ended) == ("", "", None, None)


def test_removed_ends():
    m = term("会议决定，免去凌志忠同志省总工会常务副主席职务。", "凌志忠", role="常务副主席",
             span="凌志忠同志省总工会常务副主席")
    assert (m.ended, m.ended_precision, m.ended_cue) == (DAY, "day", "免去")
    assert not m.began_cue


def test_no_longer_ends_even_after_an_appointment_verb():
    m = term("王蕾不再担任省总工会主席。", "王蕾", span="王蕾不再担任省总工会主席", how="appointed")
    assert m.ended_cue == "不再担任" and not m.began_cue


def test_former_chain_ends_every_title_before_the_name():
    text = "出席会议的有原市人大常委会副主任、省总工会主席王建平，市委常委张三。"
    m = term(text, "王建平")
    assert (m.ended_cue, m.ended, m.began_cue) == ("原", None, "")


def test_former_needs_a_chain_opening_and_no_other_name():
    assert term("坚持原则，省总工会主席黄琪玉出席。", "黄琪玉").ended_cue == ""  # 原则
    assert term("高原上，省总工会主席黄琪玉出席。", "黄琪玉").ended_cue == ""  # 高原
    m = term("原主席张三和省总工会主席黄琪玉出席。", "黄琪玉", others=[("张三", "主席", "主席张三")])
    assert m.ended_cue == ""  # 原 belongs to 张三


def test_predecessor_ends():
    m = term("由前任理事长林明章与现任理事长梁素兰角逐。", "林明章", role="理事长")
    assert m.ended_cue == "前任"


def test_stepped_down_with_a_month_date():
    text = "2013年2月，莫负春卸任省总工会主席一职。"
    m = term(text, "莫负春", span="莫负春")
    assert (m.ended, m.ended_precision, m.ended_cue) == (date(2013, 2, 1), "month", "卸任")


def test_left_office_ends():
    assert term("黄琪玉离任省总工会主席。", "黄琪玉", span="黄琪玉").ended_cue == "离任"


def test_date_in_the_sentence_dates_the_beginning_by_year():
    m = term("2015年，黄琪玉当选省总工会主席。", "黄琪玉", span="黄琪玉当选省总工会主席", how="elected")
    assert (m.began, m.began_precision) == (date(2015, 1, 1), "year")


def test_succeeds_names_the_predecessor():
    m = term("黄琪玉接替张广敏任省总工会主席。", "黄琪玉", span="黄琪玉接替张广敏任省总工会主席", how="appointed")
    assert m.succeeds == "张广敏" and m.began_cue == "任"


def test_stated_date_precisions():
    assert stated_date("2013年2月5日召开", 0, 12) == (date(2013, 2, 5), "day")
    assert stated_date("2013年召开", 0, 8) == (date(2013, 1, 1), "year")
    assert stated_date("2013年13月召开", 0, 10) == (None, "")
    assert stated_date("没有日期", 0, 4) == (None, "")
