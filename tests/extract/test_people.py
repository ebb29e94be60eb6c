"""kg.extract.people: names, title chains, elections (one test per rule of ELECTIONS)."""
from kg.document import Region
from kg.extract.context import Context, context_of
from kg.extract.people import ELECTIONS, find_people, name_at, names_after
from kg.facts import Org
from tests.conftest import make_doc

GANSU = Region("甘肃省")


def people(text, region=GANSU, org=None):
    doc = make_doc(text, region=region)
    ctx = context_of(doc).with_org(org)
    return find_people(doc, ctx)


def test_name_ends_where_a_follower_begins():
    text = "王嘉毅出席会议"
    assert name_at(text, 0, len(text)) == 3


def test_name_list_after_a_title():
    text = "副主席吴俏燕、张弘强、罗世文出席"
    names, end = names_after(text, 3, len(text))
    assert [n for n, _, _ in names] == ["吴俏燕", "张弘强", "罗世文"]


def test_title_chain_with_orgs():
    [m] = [m for m in people("省委常委、省委宣传部部长王嘉毅出席会议。") if m.name == "王嘉毅"]
    assert [(t.role, t.org.name) for t in m.titles] == [("常委", "甘肃省委"), ("部长", "甘肃省委宣传部")]


def test_election_name_then_verb():
    [m] = [m for m in people("周联清当选为省总工会主席。") if m.name == "周联清"]
    assert m.election_kind == "elected" and [(t.role, t.org.name) for t in m.elected] == [("主席", "甘肃省总工会")]


def test_election_verb_then_names():
    ms = {m.name: m for m in people("会议选举方月兴、李明为省总工会副主席。")}
    for name in ("方月兴", "李明"):
        assert [(t.role, t.org.name) for t in ms[name].elected] == [("副主席", "甘肃省总工会")]


def test_a_role_won_without_an_org_is_held_in_the_context_org():
    [m] = [m for m in people("张伟当选为主席。", org=Org("甘肃省总工会")) if m.name == "张伟"]
    assert [t.org.name for t in m.elected] == ["甘肃省总工会"]


def test_a_nomination_is_marked():
    [m] = [m for m in people("提名王芳为省总工会主席候选人。") if m.name == "王芳"]
    assert m.nominated


def test_every_election_rule_has_a_test():
    assert [r.name for r in ELECTIONS] == ["name_then_verb", "verb_then_names"]


def test_people_are_a_function_of_document_and_context():
    doc = make_doc("省总工会主席张伟出席。", region=GANSU)
    a = find_people(doc, Context(GANSU))
    b = find_people(doc, Context(GANSU))
    assert [(m.name, m.start) for m in a] == [(m.name, m.start) for m in b] == [("张伟", 6)]


def test_election_respectively_across_clauses():
    ms = {m.name: m for m in people("会议选举陆志远为省总工会主席,王全为常务副主席,郭奕秋、郑有基为副主席。")}
    assert [(t.role, t.org.name) for t in ms["王全"].elected] == [("常务副主席", "甘肃省总工会")]
    assert [(t.role, t.org.name) for t in ms["郑有基"].elected] == [("副主席", "甘肃省总工会")]


def test_election_of_a_counted_list():
    ms = {m.name: m for m in people("李玉赋、张工、蔡振华等15位同志当选为省总工会副主席。")}
    for name in ("李玉赋", "张工", "蔡振华"):
        assert [(t.role, t.org.name) for t in ms[name].elected] == [("副主席", "甘肃省总工会")]
    ms = {m.name: m for m in people("选举王兆国为省总工会主席,孙春兰等十二人为副主席。")}
    assert [t.role for t in ms["孙春兰"].elected] == ["副主席"]


def test_words_that_follow_names_and_titles_inside_are_no_names():
    got = {m.name for m in people("副主席罗茂乡主持。市委任组长的市长出席。")}
    assert "主持" not in got and "任组长" not in got


def test_a_long_counted_list_with_a_minority_name():
    ms = {m.name: m for m in people("孙春兰、乔传秀、徐振寰、马培华、孙宝树、陈秀榕、黄丹华、张鸣起、倪健民、王炯、陈荣书、"
                                    "尔肯江·吐拉洪等十二位人士当选为省总工会副主席。")}
    assert [t.role for t in ms["尔肯江·吐拉洪"].elected] == ["副主席"] and ms["孙春兰"].elected


def test_untitled_names_closed_by_deng_before_a_verb():
    got = {m.name for m in people("市领导杨雄、殷一璀,崔亚东、陈旭等出席了大会开幕式。")}
    assert {"崔亚东", "陈旭"} <= got


def test_delegates_elected_to_a_congress():
    [m] = [m for m in people("会议选举产生了马朴亭等14名出席铁路工会第十三次全国代表大会的代表。") if m.name == "马朴亭"]
    assert m.election_kind == "elected" and [(t.role, t.org.name) for t in m.elected] == [("代表", "铁路工会第十三次全国代表大会")]


def test_a_title_chain_a_comma_before_the_chain_of_a_name_is_the_same_persons():
    [m] = [m for m in people("省人大常委会党组副书记、副主任,省总工会主席李明主持会议。") if m.name == "李明"]
    assert [(t.role, t.org.name) for t in m.titles] == [
        ("党组副书记", "甘肃省人大常委会"), ("副主任", "甘肃省人大常委会"), ("主席", "甘肃省总工会")]


def test_a_clause_with_a_verb_before_the_comma_gives_no_titles():
    [m] = [m for m in people("会议选举产生了新一届工会主席,副主席李明主持会议。") if m.name == "李明"]
    assert [t.role for t in m.titles] == ["副主席"]


def test_title_regex_matches_as_its_nested_form():
    import re

    from kg import lexicon
    from kg.extract.people import title_re
    from kg.lexicon import alternation, words

    nested = re.compile(f"(?:党组)?(?:{alternation(words('title_prefixes.txt'))})?(?:{alternation(lexicon.titles())})")
    text = "党组书记、常务副主席吴俏燕,党组成员、副主席张弘强;省委常委、宣传部部长王嘉毅出席。主持人:党组副书记"
    assert [m.span() for m in title_re().finditer(text)] == [m.span() for m in nested.finditer(text)]
    assert all((title_re().match(text, i) or [None])[0] == (nested.match(text, i) or [None])[0]
               for i in range(len(text)))


def test_occurrences_are_what_finditer_of_the_names_finds():
    import re

    from kg.extract.people import occurrences
    from kg.lexicon import alternation

    text = "王平、王平安和平安,王平安平安。王平"
    for names in ({"王平", "王平安", "平安"}, {"平安"}, {"王平安", "安和"}):
        assert occurrences(text, names) == [m.span() for m in re.finditer(alternation(names), text)]


def test_a_four_character_name_without_a_listed_family_name_before_an_invitation():
    names = {m.name for m in people("县政协副主席乌兰图雅应邀出席会议。")}
    assert "乌兰图雅" in names


def test_a_ministry_department_head():
    [m] = [m for m in people("国家数据管理总局科技监管司副司长张伟出席会议。") if m.name == "张伟"]
    assert [(t.role, t.org.name) for t in m.titles] == [("副司长", "国家数据管理总局科技监管司")]


def test_a_group_of_central_leaders_is_no_name():
    assert not any("领导" in m.name for m in people("会议学习了中央领导同志的讲话。"))


def test_a_name_found_before_is_also_found_before_its_title():
    ms = [m for m in people("省总工会主席张伟出席会议。随后张伟主席肯定了各级工会的工作。") if m.name == "张伟"]
    assert len(ms) == 2 and ms[1].how == "known"


def test_a_company_director_title():
    [m] = [m for m in people("公司副总经理王林,技术总监赵强出席会议。") if m.name == "赵强"]
    assert [t.role for t in m.titles] == ["技术总监"]


def test_a_character_alone_after_a_boundary_begins_the_comrades_name():
    names = {m.name for m in people("会议由李明主持,念高峰同志作工作报告。")}
    assert "念高峰" in names and "高峰" not in names
    assert "王明" in {m.name for m in people("会上,王明同志作工作报告。")}


def test_a_former_holder_is_no_appointment():
    ms = people("今年由前任理事长王林与现任理事长赵强角逐理事长。", region=Region(None, None, None))
    assert not any(m.election_kind for m in ms) and "由前" not in {m.name for m in ms}


def test_a_name_ends_before_shou():
    names = {m.name for m in people("副市长赵文斌受市长委托出席会议。")}
    assert "赵文斌" in names


def test_presidium_members_with_and_without_their_titles():
    ms = people("会议选举产生了由赵强院长、钱红主席、孙丽和李军等4人组成的主席团。")
    assert {"赵强", "钱红", "孙丽", "李军"} <= {m.name for m in ms}


def test_lists_before_verb_are_the_matches_of_the_lookahead():
    from kg.extract.people import LIST_BEFORE_VERB, _lists_before_verb

    text = ("于立新、吴艳刚等出席会议并讲话,张韶春主持。王向东所作的经费审查工作报告;黄华海宣读《倡议书》,"
            "甲、乙分别主持,丙致开幕词,丁通报情况,戊参加活动。己代表省委致贺词,庚代表上届委员会作工作报告。出席")
    for s in range(len(text)):
        for e in (s + 5, len(text)):
            assert [m.span() for m in _lists_before_verb(text, s, e)] == \
                   [m.span() for m in LIST_BEFORE_VERB.finditer(text, s, e)]


def test_a_name_ends_before_the_verbs_of_a_visit():
    # visits and inspections: the host accompanies (陪同), a leader leads the group (带队)
    for text in ("林志远陪同调研", "林志远带队慰问", "林志远陪同下深入工地", "林志远视察工地", "林志远考察企业",
                 "林志远委托"):  # 受…林志远委托: on someone's behalf
        assert name_at(text, 0, len(text)) == 3, text
    got = people("市总工会副主席陈思齐带队奔赴工地慰问职工。")
    assert [(m.name, [t.role for t in m.titles]) for m in got] == [("陈思齐", ["副主席"])]
