from kg.document import Region
from kg.extract import extract_all
from tests.conftest import make_doc


def tasks(body):
    text = "3月4日,省总工会召开十二届九次全委(扩大)会议。\n" + body
    return [t.text for t in extract_all(make_doc(text, region=Region("甘肃省"))).tasks]


def test_clauses_after_meeting_cues_are_tasks():
    got = tasks("会议强调,全省各级工会组织要持续提升工会工作服务中心大局的贡献率,加大职工维权服务力度。")
    assert "持续提升工会工作服务中心大局的贡献率" in got
    assert "加大职工维权服务力度" in got


def test_loyalty_slogans_are_not_tasks():
    got = tasks("会议要求,要坚定不移听党话跟党走,坚决做到两个维护,深化工会改革。")
    assert "深化工会改革" in got
    assert not any("两个维护" in t for t in got)


def test_no_meeting_no_tasks():
    doc = make_doc("会议强调,要深化工会改革。", region=Region("甘肃省"))
    assert extract_all(doc).tasks == []


def test_plan_stated_with_mingque_tichu_and_time_subject():
    got = tasks("大会明确提出今后5年广东工会要突出维权主业,从源头上治理劳资纠纷,加快转型步伐。")
    assert {"突出维权主业", "从源头上治理劳资纠纷", "加快转型步伐"} <= set(got)
