"""kg.extract.dates: the date a meeting sentence states."""
from datetime import date

import pytest

from kg.extract.dates import find_date

PUB = date(2022, 3, 9)


@pytest.mark.parametrize("text, published, want", [
    ("2021年12月28日,会议召开。", PUB, date(2021, 12, 28)),  # full date
    ("3月4日,省总工会召开会议。", PUB, date(2022, 3, 4)),  # month-day takes the publication year
    ("12月28日,会议召开。", date(2023, 1, 5), date(2022, 12, 28)),  # ... or the year before
    ("7月14-16日,会议召开。", date(2022, 7, 20), date(2022, 7, 14)),  # a range by its first day
    ("118日,会议召开。", date(2017, 11, 9), date(2017, 11, 8)),  # a lost 月
    ("28日上午,会议召开。", date(2022, 4, 2), date(2022, 3, 28)),  # day only: the month before
    ("昨日,会议召开。", PUB, date(2022, 3, 8)),  # relative
    ("3月4日,会议召开。", None, None),  # no year without a publication date
])
def test_find_date(text, published, want):
    assert find_date(text, published)[0] == want


def test_no_date():
    assert find_date("会议召开。", PUB) == (None, -1)


from kg.extract.dates import DateAnchors, YearHint, content_year  # noqa: E402


@pytest.mark.parametrize("text, want", [
    ("2024年是实施“十四五”规划的关键一年。", YearHint(2024, "current")),
    ("会议总结2023年工作,部署2024年任务。", YearHint(2024, "plan")),  # a plan outranks a summary
    ("会议回顾了2023年全市工会工作。", YearHint(2023, "summary")),
    ("召开六届九次职代会暨2006年工作会议。", YearHint(2006, "named")),
    ("2016年全国工会对口援疆工作推进会召开。", YearHint(2016, "named")),  # 工会 is no meeting
    ("代表大会将于2013年下半年召开,到2035年建成一支产业工人大军。", YearHint(2013, "mentioned")),
    ("会议传达了全总会议精神。", None),
])
def test_content_year_rules(text, want):
    assert content_year(text) == want


@pytest.mark.parametrize("hint, month, year", [
    (YearHint(2024, "plan"), 2, 2024), (YearHint(2024, "plan"), 12, 2023),  # December plans next year
    (YearHint(2023, "summary"), 1, 2024), (YearHint(2023, "summary"), 12, 2023),
    (YearHint(2024, "current"), 12, 2024),
])
def test_year_hint_for_the_meeting_month(hint, month, year):
    assert hint.for_month(month) == year


def test_month_day_takes_the_content_year_without_publication_date():
    anchors = DateAnchors(year=YearHint(2025, "plan"))
    assert find_date("2月25日上午,市总工会召开全委会议。", anchors)[0] == date(2025, 2, 25)


def test_relative_day_counts_from_the_dateline():
    anchors = DateAnchors(published=date(2022, 3, 10), dateline=date(2022, 3, 9))
    assert find_date("昨日,省总工会召开会议。", anchors)[0] == date(2022, 3, 8)


def test_meeting_reported_at_its_close_is_dated_by_its_opening_day():
    assert find_date("为期两天的市工会第十次代表大会于今日闭幕。", PUB)[0] == date(2022, 3, 8)
    assert find_date("3月8日,为期三天的大会胜利闭幕。", PUB)[0] == date(2022, 3, 6)
    # the date is the opening's: 昨日开幕, 今日闭幕
    assert find_date("昨日召开,为期两天的大会于今日闭幕。", PUB)[0] == date(2022, 3, 8)


def test_page_timestamp_is_no_meeting_date():
    assert find_date("2022年03月09日08:35 来源:工人日报\n3月8日,省总工会召开会议。", PUB)[0] == date(2022, 3, 8)


def test_month_day_in_chinese_numerals():
    assert find_date("十月二十日,在北京举行的执委会议选举产生主席。", date(2008, 10, 21))[0] == date(2008, 10, 20)


def test_meeting_without_publication_date_takes_the_content_year():
    from kg.extract import context_of, extract_meetings
    from tests.conftest import make_doc

    doc = make_doc("2月25日上午,市总工会第十九届委员会第八次全体会议召开。会议总结2024年工作,部署2025年任务。")
    assert doc.published is None
    (m,) = [m for m in extract_meetings(doc, context_of(doc)) if m.main]
    assert m.date == date(2025, 2, 25)


def test_chronicle_entry_takes_its_month_heading():
    from kg.extract.dates import month_headings, under_heading

    text = "大事记\n12月\n28日,省总工会召开全委会议。\n一月\n6日,省总工会召开座谈会。"
    heads = month_headings(text)
    assert [(y, m) for _, y, m in heads] == [(None, 12), (None, 1)]
    pub = date(2023, 1, 20)
    for entry, want in [("28日,省总工会召开全委会议。", date(2022, 12, 28)), ("6日,省总工会召开座谈会。", date(2023, 1, 6))]:
        anchors = DateAnchors(published=pub, month=under_heading(heads, text.index(entry)))
        assert find_date(entry, anchors)[0] == want


def test_meeting_in_a_chronicle_is_dated_by_its_month_heading():
    from kg.extract import context_of, extract_meetings
    from tests.conftest import make_doc

    doc = make_doc("2023年工会大事记\n发布时间:2024-01-05\n3月\n8日,省总工会召开十四届三次全委会议。",
                   published=date(2024, 1, 5))
    (m,) = [m for m in extract_meetings(doc, context_of(doc)) if m.main]
    assert m.date == date(2023, 3, 8)


def test_dateline_day_without_publication_takes_the_content_year():
    from kg.extract import context_of
    from tests.conftest import make_doc

    doc = make_doc("新华社福州2月28日电 昨日,省总工会召开全委会议,部署2023年工作。")
    ctx = context_of(doc)
    assert doc.published is None and ctx.dateline == date(2023, 2, 28)
    assert find_date("昨日,省总工会召开全委会议", ctx.dates)[0] == date(2023, 2, 27)


def test_a_timestamp_with_seconds_is_no_event_date():
    assert find_date("2023年08月31日 15:29:45 8月30日,会议召开。", date(2023, 8, 31))[0] == date(2023, 8, 30)


def test_dateline_day_is_no_meeting_date():
    # 本报10月12日讯: the day the report was filed; the meeting is the day after it
    assert find_date("本报10月12日讯(记者:某某)10月11日,市总工会召开全委会议。", date(2019, 10, 12))[0] == date(2019, 10, 11)
    assert find_date("新华社福州3月2日电 省总工会召开会议。", date(2022, 3, 2))[0] is None


@pytest.mark.parametrize("text, want", [
    ("本报讯(记者某某)8日,市总工会全委会议召开。", date(2022, 3, 8)),  # after the byline
    ("某某7日在此间称,市工会代表大会当天举办。", date(2022, 3, 7)),  # after its subject
    ("职工庆祝活动6日上午举行。", date(2022, 3, 6)),
    ("活动于第3日在会场举行。", None),  # an ordinal, not a day of the month
])
def test_day_of_month_after_byline_or_subject(text, want):
    assert find_date(text, PUB)[0] == want
