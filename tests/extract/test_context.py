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
    assert ctx.published is None and ctx.year == 2023 and ctx.org is None
