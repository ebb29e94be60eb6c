from kg.document import Region
from kg.extract import extract_all
from tests.conftest import make_doc

TEXT = (
    "3月4日,省总工会召开十二届九次全委(扩大)会议。\n"
    "省委常委、省委宣传部部长王嘉毅出席会议并讲话。\n"
    "省人大常委会副主任、省总工会主席吴明明主持会议。\n"
    "省总工会党组书记、常务副主席包俊宗代表省总工会十二届常委会向大会作工作报告。\n"
    "省总工会副主席吴俏燕、张弘强,省总领导曹海、马永青出席会议。\n"
    "吴明明强调,要深化产业工人队伍建设改革。\n"
    "会议选举方月兴为省总工会副主席。\n"
)


def test_cues_apply_to_people_before_them():
    facts = extract_all(make_doc(TEXT, region=Region("甘肃省")))
    got = {(p.person, p.kind) for p in facts.participations}
    assert {("王嘉毅", "attended"), ("王嘉毅", "spoke"), ("吴明明", "presided"), ("吴明明", "spoke"),
            ("包俊宗", "reported"), ("吴俏燕", "attended"), ("张弘强", "attended"),
            ("曹海", "attended"), ("马永青", "attended"), ("方月兴", "elected")} <= got
    assert ("包俊宗", "attended") not in got
    assert all(p.meeting == facts.meetings[0].key for p in facts.participations)


def test_evidence_quotes_the_sentence_in_the_original():
    doc = make_doc(TEXT, region=Region("甘肃省"))
    facts = extract_all(doc)
    p = next(p for p in facts.participations if p.person == "吴明明" and p.kind == "presided")
    assert "吴明明主持会议" in p.evidence.quote
    assert doc.original[p.evidence.start: p.evidence.end].count("吴明明") >= 1


def test_name_list_closed_by_deng_and_a_group_word():
    text = ("中国工会第十六次全国代表大会10月18日上午在北京开幕。"
            "习近平、李克强、张德江等党和国家领导人到会祝贺。"
            "会见了赵某、钱某等领导同志出席。")
    facts = extract_all(make_doc(text, region=Region(None, None, None)))
    got = {(p.person, p.kind) for p in facts.participations}
    assert {("习近平", "attended"), ("李克强", "attended"), ("张德江", "attended")} <= got
    # a list that does not start its clause is not read (会见了赵某…)
    assert not any(p.person.endswith("赵某") or p.person == "了赵某" for p in facts.participations)


def test_clause_of_names_before_a_verb_and_words_that_are_no_names():
    text = ("9月11日,自治区工会第十二次代表大会在呼和浩特开幕。"
            "自治区领导杨小康致贺词,李玉刚讲话,于立新、吴艳刚、么永波、罗志虎出席,张韶春主持并作工作报告。"
            "有关负责同志和老同志参加会议。")
    facts = extract_all(make_doc(text, region=Region("内蒙古自治区")))
    got = {(p.person, p.kind) for p in facts.participations}
    assert {("李玉刚", "spoke"), ("于立新", "attended"), ("么永波", "attended"), ("罗志虎", "attended"),
            ("张韶春", "presided")} <= got
    assert not any("负责" in p or p.endswith("老") for p, _ in got)


def _groups(text):
    from kg.extract import context_of, find_people
    from kg.extract.participations import CUE_RE, GROUP, Cue

    doc = make_doc(text, region=Region("甘肃省"))
    ppl = find_people(doc, context_of(doc))
    s, e = doc.sentences[0]
    out, prev_end, prev_group = [], s, []
    from kg.rules import first
    for c in CUE_RE.finditer(doc.text, s, e):
        found = first(GROUP, Cue(doc.text, c.lastgroup, c.start(), c.end(), prev_end, ppl, prev_group))
        if found:
            out.append((c.lastgroup, found[0], [m.name for m in found[1]]))
            prev_group = found[1]
        prev_end = c.end()
    return out


def test_group_rule_named_before():
    assert _groups("省总工会主席张伟主持会议。") == [("presided", "named_before", ["张伟"])]


def test_group_rule_joined_to_previous():
    assert _groups("省总工会主席张伟出席会议并讲话。")[1] == ("spoke", "joined_to_previous", ["张伟"])


def test_group_rule_listed_after():
    assert _groups("出席会议的领导有省总工会主席张伟、副主席李明。")[0] == ("attended", "listed_after", ["张伟", "李明"])


def test_person_rules_speaker_and_elected_here():
    facts = extract_all(make_doc("省总工会召开第三次代表大会。张伟当选为省总工会主席。省委副书记李明出席。李明强调,要做好工作。", region=Region("甘肃省")))
    got = {(p.person, p.kind) for p in facts.participations}
    assert ("张伟", "elected") in got and ("李明", "spoke") in got


def _kinds(text, region=Region("甘肃省")):
    facts = extract_all(make_doc("省总工会召开第三次代表大会。" + text, region=region))
    return {(p.person, p.kind) for p in facts.participations}


def test_cues_of_the_wider_genre():
    got = _kinds("省总工会主席张伟致祝词,副主席李明通报工作情况。市领导王芳、赵强在主席台就座。")
    assert {("张伟", "spoke"), ("李明", "reported"), ("王芳", "attended"), ("赵强", "attended")} <= got


def test_untitled_names_before_their_verb():
    got = _kinds("大会由陈祥荣、施华兴分别主持。会议审议了王向东所作的经费审查工作报告。开幕式由苏志武校长主持。")
    assert {("陈祥荣", "presided"), ("施华兴", "presided"), ("王向东", "reported"), ("苏志武", "presided")} <= got


def test_a_four_character_name_after_a_title():
    assert ("洛桑久美", "presided") in _kinds("自治区政协副主席、区总工会主席洛桑久美主持。", Region("西藏自治区"))


def test_speakers_after_their_titles_and_congratulations():
    got = _kinds("省政协副主席、省总工会主席陶源强调,要做好工作。省委书记孙兆林代表省委对大会的召开致以热烈的祝贺。")
    assert {("陶源", "spoke"), ("孙兆林", "spoke")} <= got


def test_elected_with_present_titles_first_and_newly_elected():
    got = _kinds("会议选举省总工会党组成员方月兴为省总工会副主席。新当选的省总工会主席钱大年作表态发言。")
    assert {("方月兴", "elected"), ("钱大年", "elected"), ("钱大年", "spoke")} <= got


def test_congratulations_on_behalf_of_bodies_listed_before_a_comma_or_after_a_title():
    got = _kinds("县委书记王林出席。王林代表县委、县人大、县政府、县政协,向大会的召开表示热烈祝贺。"
                 "赵强书记代表县教育局党委对大会的召开表示祝贺。")
    assert {("王林", "spoke"), ("赵强", "spoke")} <= got


def test_a_name_before_its_title_then_a_speech():
    got = _kinds("最后,王林院长祝贺大会成功召开并发表讲话。")
    assert ("王林", "spoke") in got


def test_a_leader_who_sets_out_the_work_spoke():
    got = _kinds("省总工会副主席赵强部署下一阶段工作。")
    assert ("赵强", "spoke") in got


def test_announcing_a_decision_is_reporting_it():
    got = _kinds("省委组织部副部长王林宣布省委决定,赵强出席会议并讲话。")
    assert ("王林", "reported") in got and ("王林", "attended") not in got and ("赵强", "attended") in got


def test_setting_out_a_charge_to_the_meeting_is_speaking():
    got = _kinds("市总工会主席王林出席会议并提出:要做好工作。县委书记赵强就工作提出三点要求。")
    assert {("王林", "spoke"), ("赵强", "spoke")} <= got


def test_leaders_named_among_those_gathered_attended():
    got = _kinds("市总工会副主席张伟,区领导李明、王芳,各级工会干部等200余人齐聚一堂,共庆大会召开。")
    assert {("张伟", "attended"), ("李明", "attended"), ("王芳", "attended")} <= got


def test_a_report_named_as_what_someone_gave_is_theirs_alone():
    got = _kinds("公司党委书记张伟在会上指出,王林总经理代表经营班子作的工作报告很好。")
    assert ("张伟", "spoke") in got and ("张伟", "reported") not in got
    assert _groups("会议审议了省总工会主席张伟所作的工作报告。")[0] == ("reported", "attributive_report", ["张伟"])


def test_a_known_name_before_its_title_then_a_speech_verb():
    got = _kinds("省总工会主席张伟出席会议。\n最后,张伟主席肯定了各级工会的工作。")
    assert ("张伟", "spoke") in got


def test_a_reporters_words_in_the_paragraph_of_the_report_are_no_speech():
    got = _kinds("会上,公司总经理张伟作了工作报告。报告总结了一年的工作。张伟总经理指出,要做好工作。"
                 "\n公司党委书记李明在会上强调,要抓好安全。")
    assert ("张伟", "reported") in got and ("张伟", "spoke") not in got and ("李明", "spoke") in got
    got = _kinds("会上,公司总经理张伟作了工作报告。\n张伟代表公司向大会的召开表示热烈祝贺。")
    assert ("张伟", "spoke") in got


def test_a_charge_about_passing_on_is_not_passing_on():
    got = _kinds("省总工会副主席张伟作了会议小结,并对传达学习会议精神提出要求。")
    assert ("张伟", "reported") not in got


def test_delegates_and_attributives_are_no_attendance():
    got = _kinds("张伟、李明当选为省总工会出席省第十二次党代会代表。劳模代表王林代表出席大会的全体代表宣读倡议书。")
    assert not any(k == "attended" for _, k in got) and ("王林", "reported") in got


def test_what_someone_will_do_is_not_done():
    got = _kinds("省委书记张伟将出席大会并代表省委作重要讲话,省长李明将为大会作经济形势报告。")
    assert not got & {("张伟", "attended"), ("张伟", "spoke"), ("李明", "reported")}


def test_words_in_an_opening_address_are_a_speech():
    got = _kinds("大会开幕式由王林主持。\n王林在开幕辞中指出,要做好工作。")
    assert ("王林", "spoke") in got


def test_a_clause_that_says_what_someone_did_is_no_part_of_the_list_before_a_cue():
    got = _kinds("省总工会副主席张伟部署下一阶段工作,省总工会秘书长李明出席会议。")
    assert ("李明", "attended") in got and ("张伟", "attended") not in got
    # a cue's clause without a subject of its own is the previous clause's subject's
    got = _kinds("原工会主席王林代表上一届工会,作了总结发言。")
    assert ("王林", "spoke") in got


def test_a_charge_set_after_attending_is_a_speech():
    got = _kinds("区总工会主席赵强出席了会议并对工会今后的工作提出了要求。")
    assert {("赵强", "attended"), ("赵强", "spoke")} <= got


def test_a_long_congratulation_on_behalf_of_bodies():
    got = _kinds("县委书记王林出席。\n王林代表县委、县人大、县政府、县政协,向受表彰的全县劳动模范、先进工作者以及各行各业、"
                 "各条战线的广大职工致以节日的祝贺。")
    assert ("王林", "spoke") in got


def test_representatives_of_the_honoured_named_before_their_cue():
    got = _kinds("全国劳动模范代表王林、先进集体代表赵强分别发言。先进工作者代表李明宣读倡议书。")
    assert {("王林", "spoke"), ("赵强", "spoke"), ("李明", "reported")} <= got


def test_the_members_of_a_presidium_formed_at_the_meeting_were_elected():
    got = _kinds("预备会议产生了由赵强院长、钱红主席、孙丽和李军组成的大会主席团。")
    assert {("赵强", "elected"), ("钱红", "elected"), ("孙丽", "elected"), ("李军", "elected")} <= got
    assert not any(p.endswith(("院长", "主席")) for p, _ in got)


def test_a_name_between_its_org_and_its_title_before_a_cue():
    got = _kinds("省海员工会赵强主席宣读表彰决定,市总工会钱红副主席主持。")
    assert {("赵强", "reported"), ("钱红", "presided")} <= got


def test_an_untitled_name_on_behalf_of_a_body_then_the_act():
    got = _kinds("各位领导到会祝贺,钱红代表省委致贺词。孙丽代表上届委员会作工作报告。")
    assert {("钱红", "spoke"), ("孙丽", "reported")} <= got


def test_leaders_who_each_set_out_the_work_spoke():
    got = _kinds("市总工会副主席王林、赵强分别部署了下一阶段工作。")
    assert {("王林", "spoke"), ("赵强", "spoke")} <= got


def test_each_on_behalf_of_a_body_congratulating_spoke():
    got = _kinds("公司党委书记王林出席。\n王林分别代表公司和公司党委对大会的召开表示祝贺。")
    assert ("王林", "spoke") in got


def test_names_between_their_orgs_and_titles_listed_before_attending():
    got = _kinds("市林业局王林局长,县政府赵强副县长应邀出席了会议。")
    assert {("王林", "attended"), ("赵强", "attended")} <= got
    # an org before a title is no name
    assert not any(p in ("全总", "公司") for p, _ in _kinds("全总主席出席,公司经理参加会议。"))
