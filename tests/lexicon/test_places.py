"""kg.lexicon.places: the gazetteer of administrative divisions."""
import pytest

from kg.lexicon import places


def names(key):
    return {(p.name, p.province, p.city) for p in places.lookup(key)}


def test_taiwan_cities_and_districts():
    assert names("高雄") == {("高雄市", "台湾省", "高雄市")}
    assert ("信义区", "台湾省", "台北市") in names("信义区")


def test_hong_kong_and_macau_districts_are_in_their_region():
    assert names("九龙城区") == {("九龙城区", "香港特别行政区", "香港特别行政区")}
    assert names("望德堂区") == {("望德堂区", "澳门特别行政区", "澳门特别行政区")}
    assert places.lookup("香港")[0].city == "香港特别行政区"  # province and city, like a municipality


def test_districts_named_by_a_direction_are_not_looked_for():
    assert places.lookup("东区") == [] and places.find_all("华东区东区工会") == []


def test_new_districts_since_2021():
    assert ("龙华区", "广东省", "深圳市") in names("龙华区")
    assert ("龙华区", "海南省", "海口市") in names("龙华区")  # a name two cities have


def test_former_names_stay_places_of_their_city():
    (old,) = places.lookup("滦县")
    assert old.former and (old.province, old.city) == ("河北省", "唐山市")
    (new,) = places.lookup("滦州市")
    assert not new.former and new.city == "唐山市"


@pytest.mark.parametrize("full, short", [
    ("海西蒙古族藏族自治州", "海西"), ("黔东南苗族侗族自治州", "黔东南"), ("宁夏回族自治区", "宁夏"),
    ("湘西土家族苗族自治州", "湘西"), ("甘肃省", "甘肃"), ("神农架林区", "神农架"), ("城区", "城区"),
])
def test_short_name_strips_the_ethnic_names_of_autonomous_areas(full, short):
    assert places.short_name(full) == short


def test_a_name_without_an_administrative_suffix_is_no_place():
    assert all(places.short_name(p.name) != p.name or p.level == "county" for p in places.places())


@pytest.mark.parametrize("short, full", [
    ("苏州高新区总工会", "苏州高新技术产业开发区总工会"),
    ("天津经开区管委会", "天津经济技术开发区管委会"),
    ("上海自贸区工会", "上海自由贸易试验区工会"),
    ("成都高新技术产业开发区总工会", "成都高新技术产业开发区总工会"),  # already full
    ("西咸新区党工委", "西咸新区党工委"),  # a kind that has no short form
    ("高新区总工会", "高新区总工会"),  # bare: no zone named
])
def test_zone_written_in_short_gets_its_full_name(short, full):
    assert places.zone_full_name(short) == full


def test_short_names_that_are_everyday_words_are_not_looked_for():
    assert places.find_all("各位来宾,确保长治久安,开展安康杯竞赛") == []
    assert [k for _, k in places.find_all("来宾市总工会")] == ["来宾市"]


SAMPLES = ["临汾市人大常委会主任", "他充分肯定省工会在甘肃省兰州市召开的大会", "中国教育工会广元市委员会",
           "天津市东丽区总工会", "内蒙古自治区呼和浩特市", "没有地名的句子", "", "市", "北京北京市"]


def test_match_end_is_the_longest_place_name_at_a_position():
    assert places.match_end("临汾市人大常委会") == 3 and places.match_end("人大常委会") == -1
    for text in SAMPLES:  # the same as the regex of every place name
        for pos in range(len(text) + 1):
            m = places.pattern().match(text, pos)
            assert places.match_end(text, pos) == (m.end() if m else -1), (text, pos)


def test_starts_are_where_the_regex_finds_place_names():
    assert places.starts("在甘肃省兰州市召开") == [1, 4]
    for text in SAMPLES:
        assert places.starts(text) == [m.start() for m in places.pattern().finditer(text)], text
