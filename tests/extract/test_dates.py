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


def test_a_timestamp_is_no_event_date():
    assert find_date("2023年08月31日 15:29:45 8月30日,会议召开。", date(2023, 8, 31))[0] == date(2023, 8, 30)


def test_without_a_publication_date_the_year_the_text_speaks_of():
    from kg.extract.dates import content_year

    text = "会议总结2023年工作,部署2024年任务,到2035年基本实现目标。12月29日,会议召开。"
    assert content_year(text) == 2024
    assert find_date("12月29日,会议召开。", None, content_year(text))[0] == date(2024, 12, 29)


def test_yesterday_counts_from_the_dateline_day():
    assert find_date("昨日,会议召开。", date(2022, 3, 9), today=date(2022, 3, 5))[0] == date(2022, 3, 4)


def test_a_meeting_reported_at_its_close_is_dated_by_its_opening_day():
    from kg.extract.dates import opening_day

    assert opening_day("为期两天的大会于今日闭幕。", date(2022, 3, 9)) == date(2022, 3, 8)
    assert opening_day("大会于今日开幕。", date(2022, 3, 9)) == date(2022, 3, 9)
