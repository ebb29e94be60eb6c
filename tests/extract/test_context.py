"""kg.extract.context: the report's context, built once."""
from datetime import date

from kg.extract.context import context_of, dateline_date, find_company
from tests.conftest import make_doc


def test_company_is_the_first_full_company_name():
    assert find_company("华岳重工集团有限公司党委副书记、工会主席韩松涛出席。") == "华岳重工集团有限公司"
    assert find_company("公司工会召开会议。") == ""


def test_dateline_day_in_the_publication_year():
    assert dateline_date("新华社福州2月28日电 会议召开。", date(2022, 3, 1)) == date(2022, 2, 28)
    assert dateline_date("新华社福州12月30日电 会议召开。", date(2023, 1, 2)) == date(2022, 12, 30)


def test_context_of_a_page_without_a_date_takes_the_year_it_speaks_of():
    ctx = context_of(make_doc("会议总结2023年工作。\n12月29日,省总工会召开会议。"))
    assert ctx.published is None and ctx.org is None
    assert ctx.year.year == 2023 and ctx.year.kind == "summary"
    assert ctx.year.for_month(12) == 2023  # a December meeting sums up its own year


def test_an_institution_holding_the_main_meeting_is_the_unit():
    from kg.extract.context import Context
    from kg.facts import Org

    ctx = Context().with_org(Org("华润电力盘锦公司"))
    assert (ctx.unit, ctx.unit_sure) == ("华润电力盘锦公司", True)
    assert Context().with_org(Org("甘肃省总工会")).unit == ""


def test_company_and_institution_search_only_where_their_head_words_are():
    from kg.extract.context import COMPANY, INSTITUTION, _HEADS, _finditer

    texts = ["华岳重工集团有限公司党委,海宁市人民医院路口,北京大学城、兰州大学和某某有限公司。",
             "集团", "没有单位的句子", "abc甘肃省第二人民医院 x 甘肃银行股份有限公司"]
    for rx in (COMPANY, INSTITUTION):
        for text in texts:  # the matches of the regex over the whole text
            assert [m.span() for m in _finditer(rx, _HEADS[rx], text)] == [m.span() for m in rx.finditer(text)]
    assert [m.group(0) for m in _finditer(INSTITUTION, _HEADS[INSTITUTION], texts[0])] == ["兰州大学"]
