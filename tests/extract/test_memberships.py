
from kg.document import Region
from kg.extract import extract_all
from tests.conftest import make_doc

GANSU = Region("甘肃省", None, None)
LINFEN = Region("山西省", "临汾市", None)


def triples(text, region=GANSU):
    doc = make_doc(text, region=region)
    return {(m.person, m.role, m.org.name) for m in extract_all(doc).memberships}


def test_title_chain_distributes_and_resolves_region():
    got = triples("省委常委、省委宣传部部长王嘉毅出席会议并讲话。")
    assert got == {("王嘉毅", "常委", "甘肃省委"), ("王嘉毅", "部长", "甘肃省委宣传部")}


def test_title_without_org_inherits_the_previous_one():
    got = triples("省总工会党组书记、常务副主席包俊宗作工作报告。")
    assert got == {("包俊宗", "党组书记", "甘肃省总工会"), ("包俊宗", "常务副主席", "甘肃省总工会")}


def test_name_list_gets_every_title():
    got = triples("省总工会党组成员、副主席吴俏燕、张弘强、罗世文,兼职副主席王丽萍出席会议。")
    for name in ("吴俏燕", "张弘强", "罗世文"):
        assert (name, "党组成员", "甘肃省总工会") in got and (name, "副主席", "甘肃省总工会") in got
    assert ("王丽萍", "兼职副主席", "甘肃省总工会") in got


def test_department_joins_party_committee_and_title_only_offices():
    got = triples("市委书记岳普煜,市委副书记、市长刘予强出席会议。", LINFEN)
    assert ("岳普煜", "书记", "临汾市委") in got
    assert ("刘予强", "副书记", "临汾市委") in got
    assert ("刘予强", "市长", "临汾市人民政府") in got
    got = triples("省委常委、组织部部长郭文奇代表省委讲话。", Region("江苏省"))
    assert ("郭文奇", "部长", "江苏省委组织部") in got


def test_two_character_names_before_verbs_and_comrade():
    got = triples("区委书记贾堤出席并讲话。", Region("天津市", "天津市", "东丽区"))
    assert got == {("贾堤", "书记", "天津市东丽区委")}
    got = triples("公司党委委员张莉同志当选工会主席。", Region("安徽省"))
    assert any(p == "张莉" for p, _, _ in got)


def test_national_bodies():
    got = triples("全总党组书记、副主席、书记处第一书记徐留平传达了讲话精神。", Region())
    assert ("徐留平", "党组书记", "中华全国总工会") in got
    assert ("徐留平", "副主席", "中华全国总工会") in got


def test_elections_and_nominations():
    got = triples("会议选举方月兴为福建省总工会副主席。周联清当选为福建省总工会主席。", Region("福建省"))
    assert ("方月兴", "副主席", "福建省总工会") in got
    assert ("周联清", "主席", "福建省总工会") in got
    got = triples("会议提名李四为省总工会副主席候选人。", Region("福建省"))
    assert not any(p == "李四" for p, _, _ in got)


def test_bylines_and_placeholders_give_no_people():
    got = triples("(记者 邱睿 实习生 毛雅雯)X市总工会主席XX出席会议。责任编辑:王五")
    assert got == set()


def test_minority_names_with_dot():
    got = triples("自治区人大常委会副主任、自治区总工会主席里加提·苏里堂通报工会工作。", Region("新疆维吾尔自治区"))
    assert ("里加提·苏里堂", "主席", "新疆维吾尔自治区总工会") in got


def test_company_anaphora_party_bodies_and_corporate_titles():
    text = ("2月19日,辽宁某某建设集团有限公司工会第二届第一次会员代表大会召开。"
            "公司党委书记、董事长张晓辉出席。公司党委副书记、纪委书记、董事殷智武作工作报告。")
    got = triples(text, Region("辽宁省"))
    assert ("张晓辉", "书记", "辽宁某某建设集团有限公司党委") in got
    assert ("张晓辉", "董事长", "辽宁某某建设集团有限公司") in got
    assert ("殷智武", "书记", "辽宁某某建设集团有限公司纪委") in got
    assert ("殷智武", "董事", "辽宁某某建设集团有限公司") in got


def test_a_name_list_before_deng_is_not_part_of_a_company_name():
    text = ("4月28日,集团召开表彰大会。梁某山、杨某国等集团领导颁奖。"
            "集团党委书记、董事长梁某山讲话。")
    got = triples(text, Region("河南省"))
    assert not any("等" in org for _, _, org in got)
    assert ("梁某山", "董事长", "集团") in got


def test_bodies_of_a_congress_take_its_full_name():
    text = ("中国工会第十六次全国代表大会10月18日上午在北京开幕。"
            "中共中央政治局委员、大会主席团常务主席李某国宣布大会开幕。")
    got = triples(text, Region(None, None, None))
    assert ("李某国", "常务主席", "中国工会第十六次全国代表大会主席团") in got


def test_delegation_and_its_party_branch():
    text = ("10月19日,省总工会召开代表培训会议。会议成立了中国工会第十七次全国代表大会辽宁代表团,"
            "杨某林任代表团团长和临时党支部书记。")
    got = triples(text, Region("辽宁省"))
    assert ("杨某林", "团长", "中国工会第十七次全国代表大会辽宁代表团") in got
    assert ("杨某林", "书记", "中国工会第十七次全国代表大会辽宁代表团临时党支部") in got


def test_youth_league_committee_and_the_rostrum():
    text = "县总工会召开第五次代表大会。团县委书记王某代表人民团体致词。主席台就座的有县委书记李某。"
    got = triples(text, Region("山西省", "运城市", "绛县"))
    assert ("王某", "书记", "共青团绛县委员会") in got
    assert not any(p.startswith("台") for p, _, _ in got)


def test_bare_bodies_in_a_report_about_one_institution():
    text = "海宁市人民医院召开十一届二次职工代表大会\n海宁市人民医院召开十一届二次职工代表大会。院党委书记沈鹏、工会主席郑蔼玲出席。"
    got = triples(text, Region("浙江省", "嘉兴市", "海宁市"))
    assert ("沈鹏", "书记", "海宁市人民医院党委") in got and ("郑蔼玲", "主席", "海宁市人民医院工会") in got


def test_verbs_after_a_title_are_no_four_character_name():
    got = triples("省总工会召开会议。省总工会主席发表重要讲话,委员寄予厚望,要求做好工作。")
    assert not {p for p, _, _ in got} & {"发表重要", "寄予厚望"}


def test_a_title_held_in_a_unit_of_its_org_and_the_executive_committee_is_the_union():
    got = triples("中华全国总工会第十七届执行委员会召开第一次全体会议,推选李玉赋为书记处第一书记。")
    assert ("李玉赋", "书记处第一书记", "中华全国总工会书记处") in got


def test_former_applies_to_every_title_of_the_chain():
    got = triples("原市人大常委会副主任、市总工会主席王建平出席。", LINFEN)
    assert ("王建平", "原副主任", "临汾市人大常委会") in got and ("王建平", "原主席", "临汾市总工会") in got


def test_a_career_list_is_held_by_its_subject():
    got = triples("市委书记莫负春出任市总工会党组书记。莫负春,男,1962年生。莫负春的仕途始于高校,先后担任华东政法学院党办秘书、团委书记、学工部部长、党办主任等职。")
    assert {("莫负春", "秘书", "华东政法学院党办"), ("莫负春", "书记", "华东政法学院团委"),
            ("莫负春", "部长", "华东政法学院学工部"), ("莫负春", "主任", "华东政法学院党办")} <= got
    assert not any(p == "党办主" for p, _, _ in got)  # 党办主|任 is a title, not a name


def test_a_title_after_one_held_in_a_unit_is_held_in_the_org():
    got = triples("全总书记处书记、党组成员金善文出席。")
    assert ("金善文", "书记处书记", "中华全国总工会书记处") in got and ("金善文", "党组成员", "中华全国总工会") in got


def test_session_qualifiers_are_no_orgs_and_offices_after_a_place():
    got = triples("会议召开。第八届理事长张伟、四川省副省长刘捷、福建省长唐登杰出席。")
    assert not any(o in ("第八届", "四川省", "福建") for _, _, o in got)
    assert ("刘捷", "副省长", "四川省人民政府") in got and ("唐登杰", "省长", "福建省人民政府") in got


def test_a_school_speaking_of_itself_owns_its_bare_bodies():
    # 我校: the report is the college's own; named once in full, its bare 纪委 is still its own
    text = ("12月1日,我校第二届教职工代表大会召开。《兰州外语外事学院章程》修订说明已印发。"
            "纪委书记、副校长、工会主席林志远主持大会。执行校长陈思齐作说明。")
    got = triples(text)
    assert ("林志远", "书记", "兰州外语外事学院纪委") in got
    assert ("林志远", "副校长", "兰州外语外事学院") in got  # held in the college, not its 纪委
    assert ("陈思齐", "执行校长", "兰州外语外事学院") in got  # one title, held in the college


def test_a_civil_service_grade_is_no_post():
    got = triples("省总工会党组成员、一级巡视员、副主席林志远出席会议。")
    assert ("林志远", "副主席", "甘肃省总工会") in got and ("林志远", "党组成员", "甘肃省总工会") in got
    assert not any(role.endswith(("巡视员", "调研员")) for _, role, _ in got)


def test_the_party_committees_education_work_committee_is_its_sub_unit():
    # 教工委 / 教育工委: the party committee's 教育工作委员会, after the committee in a chain
    got = triples("市委常委、教工委书记林志远出席会议。", LINFEN)
    assert ("林志远", "书记", "临汾市委教育工作委员会") in got
    got = triples("省委教育工委副书记陈思齐出席会议。")
    assert ("陈思齐", "副书记", "甘肃省委教育工作委员会") in got
