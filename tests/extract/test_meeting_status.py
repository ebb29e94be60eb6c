"""Meeting status (kg.extract.meeting_status): held, mentioned, planned; one test per rule."""
from datetime import date

from kg.extract.meeting_status import with_status
from kg.facts import Meeting, Org
from tests.conftest import make_doc

UNION = Org("甘肃省总工会", (), "province")


def status(text, name, main=True):
    doc = make_doc(text)
    i = doc.text.find(name)
    (m,) = with_status(doc, [Meeting("m1", UNION, name, date(2022, 3, 4), main, doc.evidence(i, i + len(name)))])
    return m.status


def test_the_reports_own_meeting_is_held():
    assert status("3月4日，省总工会十二届九次全委会议在兰州召开。", "十二届九次全委会议") == "held"


def test_a_meeting_to_be_prepared_is_planned():
    assert status("要筹备召开好省总工会十三届六次全会，把精神落实到工作中。", "十三届六次全会", main=False) == "planned"
    assert status("中国工会第十六次全国代表大会将于10月18日在北京召开。", "第十六次全国代表大会") == "planned"
    assert status("即将召开的省工会第十四次代表大会。", "第十四次代表大会", main=False) == "planned"


def test_a_meeting_since_which_work_was_done_is_mentioned():
    assert status("省工会第二次代表大会以来，各级工会扎实工作。", "第二次代表大会") == "mentioned"


def test_a_meeting_not_taken_for_the_reports_own_is_mentioned():
    assert status("会议传达了全总十七届五次执委会精神。", "十七届五次执委会", main=False) == "mentioned"


def test_a_preparatory_meeting_itself_is_held():
    assert status("5月9日，省农林水利交通建设工会筹备工作会议在海口召开。", "筹备工作会议") == "held"
