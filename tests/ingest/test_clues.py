from datetime import date

from kg.ingest.clues import find_dateline, find_published, find_region, find_title


def test_published_labelled_and_edition_line():
    assert find_published("首页\n时间:2022-03-09 15:30:47 浏览:\n正文") == date(2022, 3, 9)
    assert find_published("正文。\n《 人民日报 》( 2023年10月26日 04 版)\n发布时间:2024-11-23") == date(2023, 10, 26)
    assert find_published("没有日期的正文。") is None


def test_dateline_city():
    assert find_dateline("中工网福州2月28日电(工人日报记者)今天,省总工会召开会议。") == "福州"


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
