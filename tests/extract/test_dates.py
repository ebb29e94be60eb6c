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
