from datetime import date

import pytest

from kg.ingest.clues import find_dateline, find_published, find_region, find_title


def test_published_labelled_and_edition_line():
    assert find_published("首页\n时间:2022-03-09 15:30:47 浏览:\n正文") == date(2022, 3, 9)
    assert find_published("正文。\n《 人民日报 》( 2023年10月26日 04 版)\n发布时间:2024-11-23") == date(2023, 10, 26)
    assert find_published("没有日期的正文。") is None


def test_dateline_city():
    assert find_dateline("中工网福州2月28日电(工人日报记者)今天,省总工会召开会议。") == "福州"


@pytest.mark.parametrize("text", [
    "中工网福州2月28日电(工人日报记者)今天,省总工会召开会议。",
    "本报讯 记者 某某\n新华社兰州3月1日讯 甘肃省总工会召开全委会议。",
    "今天,省总工会召开会议。记者3月1日获悉。",
    "省总工会召开会议,会期一日电视台报道。",  # 日电 without a date before it
    "x" * 590 + "\n新华社兰州3月1日电",  # runs past the head: none
    "",
])
def test_dateline_match_is_the_regex_over_the_head(text):
    from kg.ingest.clues import DATELINE, DATELINE_REACH, dateline_match

    m, want = dateline_match(text), DATELINE.search(text[:DATELINE_REACH])
    assert (m and (m.span(), m.groups())) == (want and (want.span(), want.groups()))


def test_region_from_footer_and_dateline():
    text = "省总工会召开全委会议。\n主办单位: 陇南市总工会 单位地址:甘肃省陇南市武都区"
    assert find_region(text).province == "甘肃省"
    assert find_region("今天,省总工会在福州召开会议。", dateline="福州").province == "福建省"


def test_region_city_only_for_city_level_reports():
    r = find_region("临汾市工会第三次代表大会开幕。市委书记岳普煜出席。", title="临汾市工会第三次代表大会开幕")
    assert (r.province, r.city) == ("山西省", "临汾市")
    r = find_region("甘肃省总工会召开会议,会议在兰州召开。")
    assert r.province == "甘肃省" and r.city is None


def test_title_skips_navigation():
    text = "欢迎访问陇南市总工会官方网站!\n当前位置:首页 > 新闻动态\n\n省总工会十二届九次全委(扩大)会议召开\n\n时间:2022-03-09"
    assert find_title(text) == "省总工会十二届九次全委(扩大)会议召开"


def test_county_named_only_in_short_form():
    text = "我县工会第十次代表大会胜利召开。县委书记出席。要振兴新滦南,建设美丽滦南。"
    r = find_region(text)
    assert (r.province, r.city, r.county) == ("河北省", "唐山市", "滦南县")


def test_published_day_month_year_header():
    assert find_published("省工会第十一次代表大会闭幕\n30.11.2015 10:04\n11月27日,大会闭幕。") == date(2015, 11, 30)


def test_region_sources_weigh_title_and_dateline_over_body():
    from kg.ingest.clues import SOURCES

    assert [(n, w) for n, w, _ in SOURCES] == [("title", 3.0), ("dateline", 3.0), ("footer", 2.0), ("body", 1.0)]
    # a province in the title outweighs two mentions of another in the body
    assert find_region("福建代表团到访。福建客人。", title="甘肃省总工会召开会议").province == "甘肃省"


def test_each_city_evidence_rule():
    from kg.ingest.clues import CITY_EVIDENCE, region_evidence

    cities = {"临汾市"}
    for text, rule in [("山西省临汾市召开会议,全市职工参加。", "city_words"),
                       ("山西省临汾总工会召开会议。", "city_named_as_org")]:
        ev = region_evidence(text)
        assert [r.name for r in CITY_EVIDENCE if r(ev, cities)] == [rule], text


def test_each_county_evidence_rule():
    from kg.ingest.clues import COUNTY_EVIDENCE, region_evidence

    ev = region_evidence("四川省达州市渠县召开会议,县委书记出席。")
    assert [r.name for r in COUNTY_EVIDENCE if r(ev, ["渠县"], False)] == ["county_words"]
    ev = region_evidence("四川省达州市渠县总工会召开会议。")
    assert "county_named_as_org" in [r.name for r in COUNTY_EVIDENCE if r(ev, ["渠县"], False)]


def test_the_gazetteer_knows_current_districts_and_former_names():
    from kg.lexicon import places

    assert any(p.city == "深圳市" for p in places.lookup("龙华区"))  # a district of 2016
    assert places.lookup("长治县")  # a county renamed (上党区) in 2018
    assert places.lookup("高雄市") and not places.lookup("新社区")  # Taiwan's cities, not its districts


def test_bare_autonomous_region_bodies_point_to_an_autonomous_region():
    text = "长治市代表发言。长治市介绍经验。新疆维吾尔自治区召开会议。自治区总工会主席出席。长治市代表参加。"
    assert find_region(text).province == "新疆维吾尔自治区"
def test_city_evidence_from_a_county():
    from kg.ingest.clues import CITY_EVIDENCE, region_evidence

    for text, cities, rule in [("浙江省江山市供电公司召开职代会。江山市供电公司职工参加。", {"衢州市"},
                                "county_without_its_city"),
                               ("广东省深圳市龙华区总工会召开会议。", {"深圳市"}, "county_named_as_org")]:
        ev = region_evidence(text)
        assert [r.name for r in CITY_EVIDENCE if r(ev, cities)] == [rule], text


def test_county_evidence_county_without_its_city():
    from kg.ingest.clues import COUNTY_EVIDENCE, region_evidence

    ev = region_evidence("浙江省江山市供电公司召开职代会。江山市供电公司职工参加。")
    assert [r.name for r in COUNTY_EVIDENCE if r(ev, ["江山市"], False)] == ["county_without_its_city"]


def test_county_level_city_not_read_as_its_prefecture():
    r = find_region("江山市供电公司召开职工代表大会,市委书记出席。江山市供电公司职工代表参加。")
    assert (r.province, r.city, r.county) == ("浙江省", "衢州市", "江山市")


def test_county_level_city_named_by_its_short_form():
    r = find_region("全市各级工会要为江阴高质量发展贡献力量。市委书记出席并讲话。")
    assert (r.province, r.city, r.county) == ("江苏省", "无锡市", "江阴市")


def test_district_of_a_city_named_with_its_city():
    r = find_region("深圳市龙华区总工会召开全委会议,区委书记出席。")
    assert (r.province, r.city, r.county) == ("广东省", "深圳市", "龙华区")


def test_given_name_that_is_a_place_is_no_evidence():
    from kg.ingest.clues import in_person_name

    assert find_region("省总工会召开全委会议,党组书记、常务副主席刘长春出席。") == find_region("省总工会召开会议。")
    assert find_region("省总工会召开会议,王承德同志出席。").province is None
    assert not in_person_name("会议在长春召开", 3, "长春")


def test_taiwan_hong_kong_macau():
    assert (find_region("高雄市总工会昨天举行会员代表大会。").province, find_region("高雄市总工会昨天举行会员代表大会。").city) \
        == ("台湾省", "高雄市")
    assert find_region("香港工会联合会召开会员代表大会。").province == "香港特别行政区"
    assert find_region("澳门工会联合总会召开会员代表大会。").city == "澳门特别行政区"


def test_venue_of_the_event_weighs_like_the_title():
    text = "福建省总工会主席在福州会见了台湾总工会参访团一行。双方表示将加强交流。"
    assert find_region(text, title="省领导会见台湾总工会参访团").province == "福建省"


def test_venue_of_a_meeting_still_to_come_is_no_evidence():
    from kg.ingest.clues import region_evidence

    ev = region_evidence("全国代表大会将于10月在北京隆重召开。")
    assert ev.prov == {"北京市": 1.0}  # the body's mention only


def test_county_named_once_is_a_place_visited():
    r = find_region("福建省林业工会深入到龙岩市林业局、福鼎市林业局开展调研。")
    assert (r.province, r.county) == ("福建省", None)


def test_bare_city_department_is_city_evidence():
    r = find_region("临汾市中心医院召开职代会,市卫生健康委党委委员出席。")
    assert (r.province, r.city) == ("山西省", "临汾市")
    # 市场 is a word, not a bare 市
    assert find_region("临汾市中心医院召开职代会,市场监管局来人出席。").city is None


def test_autonomous_prefecture_named_as_org_by_its_short_form():
    r = find_region("青海省海西州工会第十次代表大会召开。海西州总工会主席作报告。")
    assert (r.province, r.city) == ("青海省", "海西蒙古族藏族自治州")


def test_named_as_org_is_the_regex_of_the_name_before_a_head_word():
    import re

    from kg.ingest.clues import ORG_AFTER, _named_as_org
    from kg.lexicon import places

    body = "临汾市总工会召开会议,临汾经济发展,汾西县委书记讲话"
    for name in ("临汾市", "汾西县", "太原市", "临汾"):
        short = places.short_name(name)
        expected = bool(re.search(f"(?:{re.escape(name)}|{re.escape(short)}){ORG_AFTER}", body))
        assert _named_as_org(body, name) == expected, name
    assert _named_as_org(body, "临汾市") and not _named_as_org(body, "太原市")


def test_title_needs_six_cjk_characters_and_at_most_80_characters():
    assert find_title("工会会议ab\n省总工会召开全委会\n正文。") == "省总工会召开全委会"
    assert find_title("省" * 81 + "\n省总工会召开全委会") == "省总工会召开全委会"
    assert find_title("", "网站 - 工会ab会议x - 省总工会召开全委会议") == "省总工会召开全委会议"
