from datetime import date

from kg.document import Region
from kg.facts import Facts, Membership, Participation
from kg.rdf import ReportPeople, resolve_people
from kg.rdf.identity import conflicts, org_place
from kg.rdf.iris import person_iri, regional_person_iri

from ..factories import ev, org

NATIONAL = {"中华全国总工会", "全国人大常委会"}


def people(doc_id, region=Region("甘肃省"), memberships=(), participants=(), published=None):
    """A report's people: memberships as (name, org) or (name, org, role)."""
    facts = Facts(doc_id)
    for m in memberships:
        name, o, role = (*m, "主席")[:3]
        level = "national" if o in NATIONAL else ""
        facts.memberships.append(Membership(name, role, org(o, level=level), ev(doc_id)))
    facts.participations = [Participation(p, "attended", "m1", ev(doc_id)) for p in participants]
    return ReportPeople(doc_id, region, facts, published)


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
    assert resolve_people(reversed(reports)) == ids  # order does not matter


def test_namesakes_in_other_provinces_stay_apart():
    ids = resolve_people([people("a", memberships=[("王伟", "甘肃省总工会")]),
                          people("b", region=Region("福建省"), memberships=[("王伟", "福建省总工会")])])
    assert ids[("a", "王伟")] != ids[("b", "王伟")]


def test_namesakes_in_neighbouring_provinces_are_apart_and_labelled_apart():
    ids = resolve_people([
        people("a", memberships=[("刘伟", "甘肃省总工会", "副主席")], published=date(2018, 3, 1)),
        people("b", region=Region("宁夏回族自治区"), published=date(2018, 4, 1),
               memberships=[("刘伟", "宁夏回族自治区总工会", "主席")]),
        people("c", region=Region("宁夏回族自治区", "银川市"), participants=["刘伟"]),
    ])
    assert ids[("a", "刘伟")] != ids[("b", "刘伟")]
    assert ids[("c", "刘伟")] == ids[("b", "刘伟")]  # the one 刘伟 of the report's province
    assert ids.labels[ids[("a", "刘伟")]] == "刘伟（甘肃省总工会）"
    assert ids.labels[ids[("b", "刘伟")]] == "刘伟（宁夏回族自治区总工会）"


def test_a_name_without_namesakes_is_labelled_by_name():
    ids = resolve_people([people("a", memberships=[("吴明明", "甘肃省总工会")])])
    assert ids.labels[ids[("a", "吴明明")]] == "吴明明"


def test_promotion_across_reports_in_one_province_is_one_person():
    reports = [
        people("a", region=Region("福建省"), published=date(2015, 12, 23),
               memberships=[("黄琪玉", "福建省人民政府", "副省长")]),
        people("b", region=Region("福建省", "三明市"), published=date(2018, 10, 10),
               memberships=[("黄琪玉", "福建省人大常委会", "副主任"), ("黄琪玉", "福建省总工会")]),
    ]
    ids = resolve_people(reports)
    assert ids[("a", "黄琪玉")] == ids[("b", "黄琪玉")] == person_iri("黄琪玉", "福建省人民政府")


def test_posts_in_two_cities_at_the_same_time_are_two_people():
    same_time = resolve_people([
        people("a", region=Region("福建省", "厦门市"), published=date(2018, 1, 5),
               memberships=[("张三", "厦门市总工会")]),
        people("b", region=Region("福建省", "福州市"), published=date(2018, 2, 5),
               memberships=[("张三", "福州市总工会")]),
    ])
    assert same_time[("a", "张三")] != same_time[("b", "张三")]
    years_apart = resolve_people([
        people("a", region=Region("福建省", "厦门市"), published=date(2012, 1, 5),
               memberships=[("张三", "厦门市总工会")]),
        people("b", region=Region("福建省", "福州市"), published=date(2018, 2, 5),
               memberships=[("张三", "福州市总工会")]),
    ])
    assert years_apart[("a", "张三")] == years_apart[("b", "张三")]


def test_a_shared_title_never_merges_posts_in_two_provinces_at_once():
    ids = resolve_people([
        people("a", published=date(2018, 3, 1), memberships=[("刘伟", "甘肃省总工会", "常务副主席")]),
        people("b", region=Region("宁夏回族自治区"), published=date(2018, 5, 1),
               memberships=[("刘伟", "宁夏回族自治区总工会", "常务副主席")]),
        people("c", region=Region(), memberships=[("刘伟", "主席团", "常务副主席")]),
    ])
    assert ids[("a", "刘伟")] != ids[("b", "刘伟")]
    assert ids[("c", "刘伟")] in (ids[("a", "刘伟")], ids[("b", "刘伟")])  # the title links it to one


def test_same_distinctive_title_links_an_unplaced_org():
    ids = resolve_people([
        people("a", region=Region("北京市"), memberships=[("李玉赋", "中华全国总工会", "书记处第一书记")]),
        people("b", region=Region("北京市"), memberships=[("李玉赋", "主席团", "书记处第一书记")]),
    ])
    assert ids[("a", "李玉赋")] == ids[("b", "李玉赋")]


def test_a_title_placed_once_and_unplaced_twice_links_all_three():
    ids = resolve_people([
        people("a", region=Region("北京市"), memberships=[("李玉赋", "中华全国总工会", "书记处第一书记")]),
        people("b", region=Region("北京市"), memberships=[("李玉赋", "主席团", "书记处第一书记")]),
        people("c", region=Region("北京市"), memberships=[("李玉赋", "主席团", "书记处第一书记")]),
    ])
    assert ids[("a", "李玉赋")] == ids[("b", "李玉赋")] == ids[("c", "李玉赋")]


def test_province_head_becomes_national_post_holder():
    ids = resolve_people([
        people("a", region=Region("四川省"), published=date(2013, 7, 9),
               memberships=[("王东明", "四川省委", "书记")]),
        people("b", region=Region("北京市"), published=date(2023, 10, 26),
               memberships=[("王东明", "中华全国总工会", "主席")]),
    ])
    assert ids[("a", "王东明")] == ids[("b", "王东明")]
    later = resolve_people([
        people("a", region=Region("四川省"), published=date(2023, 7, 9),
               memberships=[("王东明", "四川省委", "书记")]),
        people("b", region=Region("北京市"), published=date(2013, 10, 26),
               memberships=[("王东明", "中华全国总工会", "主席")]),
    ])
    assert later[("a", "王东明")] != later[("b", "王东明")]  # no step back down to a province


def test_participant_joins_the_one_cluster_of_the_region():
    ids = resolve_people([
        people("a", memberships=[("吴明明", "甘肃省总工会")]),
        people("b", region=Region("福建省"), memberships=[("吴明明", "福建省总工会")]),
        people("c", region=Region("甘肃省", "兰州市"), participants=["吴明明"]),
    ])
    assert ids[("c", "吴明明")] == ids[("a", "吴明明")]


def test_participant_joins_the_one_person_of_its_name_elsewhere():
    ids = resolve_people([
        people("a", region=Region("辽宁省"), memberships=[("陈绿平", "辽宁省总工会")]),
        people("b", region=Region("重庆市"), participants=["陈绿平"]),
    ])
    assert ids[("b", "陈绿平")] == ids[("a", "陈绿平")]


def test_participant_with_two_candidates_elsewhere_gets_a_regional_node():
    ids = resolve_people([
        people("a", region=Region("福建省"), memberships=[("王伟", "福建省总工会")]),
        people("b", region=Region("宁夏回族自治区"), memberships=[("王伟", "宁夏回族自治区总工会")]),
        people("c", participants=["王伟"]),
    ])
    assert ids[("a", "王伟")] != ids[("b", "王伟")]
    assert ids[("c", "王伟")] == regional_person_iri("王伟", "甘肃省")


def test_shared_colleagues_choose_between_candidates():
    ids = resolve_people([
        people("a", region=Region("福建省"), memberships=[("王伟", "福建省总工会"), ("赵一", "福建省总工会")]),
        people("b", region=Region("宁夏回族自治区"), memberships=[("王伟", "宁夏回族自治区总工会")]),
        people("c", region=Region("北京市"), participants=["王伟", "赵一"]),
    ])
    assert ids[("c", "王伟")] == ids[("a", "王伟")]


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


def test_surname_only_reference_is_the_full_name_with_that_role():
    ids = resolve_people([
        people("a", region=Region("北京市"), memberships=[("王东明", "中华全国总工会"), ("王", "中华全国总工会"),
                                                          ("李玉赋", "中华全国总工会", "书记处第一书记")]),
        people("b", region=Region("四川省"), memberships=[("王东明", "四川省委", "书记")]),
        people("c", region=Region("四川省", "成都市"), memberships=[("王", "四川省委", "书记")]),
    ])
    assert ids[("a", "王")] == ids[("a", "王东明")]
    assert ids[("c", "王")] == ids[("b", "王东明")]


def test_iris_stay_when_later_reports_are_added():
    first = [
        people("a", region=Region("福建省"), published=date(2015, 1, 1), memberships=[("黄琪玉", "福建省人民政府", "副省长")]),
        people("b", region=Region("福建省"), published=date(2016, 1, 1), participants=["黄琪玉"]),
    ]
    later = people("c", region=Region("福建省"), published=date(2019, 1, 1),
                   memberships=[("黄琪玉", "福建省总工会"), ("黄琪玉", "福建省人大常委会", "副主任")])
    before, after = resolve_people(first), resolve_people([later, *first])
    assert all(after[k] == v for k, v in before.items())
    assert after[("c", "黄琪玉")] == before[("a", "黄琪玉")]


def test_org_place_reads_province_and_city():
    assert org_place("台州市委", None) == ("浙江省", "台州市", "city")
    assert org_place("福建省总工会", None) == ("福建省", None, "province")
    assert org_place("主席团", None) == (None, None, "")


def test_part_time_posts_do_not_conflict():
    from kg.rdf.identity import Cluster, mentions_of

    a = Cluster(mentions_of(people("a", published=date(2018, 1, 1), memberships=[("赵一", "甘肃省总工会", "兼职副主席")])))
    b = Cluster(mentions_of(people("b", region=Region("福建省"), published=date(2018, 2, 1),
                                   memberships=[("赵一", "福建省总工会", "主席")])))
    c = Cluster(mentions_of(people("c", region=Region("宁夏回族自治区"), published=date(2018, 2, 1),
                                   memberships=[("赵一", "宁夏回族自治区总工会", "主席")])))
    assert not conflicts(a, b)
    assert conflicts(b, c)


def with_names(rep, *names):
    rep.facts.names = {n: ev(rep.doc_id, 10, 13, f"{n}讲话。") for n in names}
    return rep


def test_a_name_candidate_of_a_known_person_is_a_mention():
    reports = [people("a", region=Region("北京市"), memberships=[("江广平", "中华全国总工会", "副主席")]),
               with_names(people("b", region=Region("北京市")), "江广平", "张三")]
    ids = resolve_people(reports)
    assert ids[("b", "江广平")] == ids[("a", "江广平")]
    assert ("b", "张三") not in ids  # nobody the facts know
    assert [n for n, _ in ids.mentioned["b"]] == ["江广平"]
    without = resolve_people([reports[0]])
    assert without[("a", "江广平")] == ids[("a", "江广平")]  # candidates never move an IRI


def test_a_name_candidate_with_namesakes_elsewhere_is_dropped():
    ids = resolve_people([
        people("a", region=Region("福建省"), memberships=[("王伟", "福建省总工会")]),
        people("b", region=Region("宁夏回族自治区"), memberships=[("王伟", "宁夏回族自治区总工会")]),
        with_names(people("c", region=Region("北京市")), "王伟"),
    ])
    assert ("c", "王伟") not in ids and not ids.mentioned


def test_a_name_known_only_from_a_bare_scope_word_is_no_person():
    ids = resolve_people([people("a", memberships=[("贺信", "全国", "书记")]), with_names(people("b"), "贺信")])
    assert ("b", "贺信") not in ids


def test_the_result_does_not_depend_on_the_order_of_reports():
    import random

    reports = [
        people("a", published=date(2018, 3, 1), memberships=[("刘伟", "甘肃省总工会", "常务副主席")]),
        people("b", region=Region("宁夏回族自治区"), published=date(2018, 5, 1),
               memberships=[("刘伟", "宁夏回族自治区总工会", "常务副主席")]),
        people("c", region=Region(), memberships=[("刘伟", "主席团", "常务副主席")]),
        people("d", region=Region("宁夏回族自治区"), participants=["刘伟", "赵一"]),
        people("e", region=Region("四川省"), published=date(2013, 7, 9), memberships=[("王东明", "四川省委", "书记")]),
        people("f", region=Region("北京市"), published=date(2023, 1, 1), memberships=[("王东明", "中华全国总工会")]),
        with_names(people("g", region=Region("北京市")), "王东明", "刘伟"),
    ]
    first = resolve_people(reports)
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        again = resolve_people(shuffled)
        assert again == first and again.labels == first.labels and again.mentioned == first.mentioned


def test_an_unplaced_title_seen_twice_beside_a_placed_one_is_sorted():
    """Two unplaced posts with one distinctive title, after a placed one (10,000 synthetic
    reports found it: sorting the titles compared None with a province)."""
    from kg.rdf.identity import Mention, Post, strong_links

    placed = Post("书记处第一书记", "甘肃省总工会", "province", "甘肃省", None)
    unplaced = Post("书记处第一书记", "某某委员会", "", None, None)
    ms = [Mention("a", "张三", None, None, "", (placed,)), Mention("b", "张三", None, None, "", (unplaced,)),
          Mention("c", "张三", None, None, "", (unplaced,))]
    links = strong_links(ms)
    assert ("b", "张三") in {k for pair in links for k in pair} and ("c", "张三") in {k for pair in links for k in pair}


def test_a_city_leader_and_a_college_head_in_another_city_are_namesakes():
    ids = resolve_people([
        people("a", region=Region("福建省", "三明市"), published=date(2015, 3, 1),
               memberships=[("李四", "三明市委", "副书记"), ("李四", "三明市总工会")]),
        people("b", region=Region("福建省", "福州市"), published=date(2019, 5, 1),
               memberships=[("李四", "福州外语外贸学院", "执行校长")]),
    ])
    assert ids[("a", "李四")] != ids[("b", "李四")]


def _tokened(reps, changed=()):
    """The reports with tokens (a report in ``changed`` gets a new one)."""
    from dataclasses import replace

    return [replace(r, token=r.doc_id + ("'" if r.doc_id in changed else "")) for r in reps]


def test_an_earlier_pass_gives_its_groups_to_names_whose_mentions_are_the_same(monkeypatch):
    import kg.rdf.identity as identity

    reps = _tokened([
        people("a", memberships=[("吴明明", "甘肃省总工会"), ("张三", "厦门市总工会")]),
        people("b", memberships=[("吴明明", "甘肃省总工会")]),
        people("c", region=Region("福建省", "福州市"), memberships=[("张三", "福州市总工会")]),
        people("d", memberships=[("吴明明", "甘肃省委"), ("张三", "甘肃省总工会")]),
    ])
    first = resolve_people(reps)
    assert set(first.groups) == {"吴明明", "张三"}
    assert first.groups["吴明明"][1] == [["a", "b", "d"]]
    ruled: list[str] = []
    real = identity._resolve_name
    monkeypatch.setattr(identity, "_resolve_name", lambda cl, ms: ruled.append(ms[0].name) or real(cl, ms))
    again = resolve_people(reps, first.groups)
    assert ruled == [] and dict(again) == dict(first) and again.labels == first.labels
    changed = _tokened(reps, changed={"c"})  # 张三's mentions changed, 吴明明's did not
    ruled.clear()
    assert dict(resolve_people(changed, first.groups)) == dict(first) and ruled == ["张三"]


def test_reports_without_tokens_are_never_given_earlier_groups():
    reps = [people("a", memberships=[("吴明明", "甘肃省总工会")]),
            people("b", memberships=[("吴明明", "甘肃省总工会")])]
    first = resolve_people(reps)
    assert first.groups == {}
    wrong = {"吴明明": ("x", [])}  # (would part them, if taken)
    assert dict(resolve_people(reps, wrong)) == dict(first)
