"""Dates of meetings: ``3月4日`` with the publication year, ``昨日``, ranges, full dates."""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..ingest.clues import DATE_CN as FULL
from ..ingest.clues import DAY_END
from ..ingest.clues import safe_date as _safe

#: A range (``7月14-16日``, ``12月7日至8日``) is dated by its first day.
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})" + DAY_END)
#: A date that lost its 月 (``118日`` for 11月8日 or 1月18日).
MANGLED = re.compile(r"(?<![\d年月./-])(\d{3,4})日")
DAY_ONLY = re.compile(r"(?:^|(?<=[,，。\s]))(\d{1,2})日(?=上午|下午|晚上|晚|,|，|\s|在|召开|举行)")
RELATIVE = {"昨日": -1, "昨天": -1, "今天": 0, "今日": 0, "前天": -2, "前日": -2}
RELATIVE_RE = re.compile("|".join(RELATIVE))


#: A full date followed by a time of day is a page's timestamp, not an event's date.
TIMESTAMP_AFTER = re.compile(r"\s*\d{1,2}[:：]\d{2}")
#: A year that is a target, not the present (``到2035年``).
TARGET_YEAR = re.compile(r"(?:到|至|迈向|展望)$")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


def content_year(text: str) -> int | None:
    """The latest year the text speaks of as present or past (``总结2023年工作，部署2024年…``
    -> 2024), not counting targets (``到2035年``); ``None`` when it names none."""
    years = [int(m.group(1)) for m in YEAR.finditer(text) if not TARGET_YEAR.search(text, max(0, m.start() - 2), m.start())]
    return max(years) if years else None


def find_date(text: str, published: date | None, year: int | None = None,
              today: date | None = None) -> tuple[date | None, int]:
    """The first date stated in ``text`` and its offset, or ``(None, -1)``.

    A date without a year takes the publication year; one that would fall more than a
    month after publication belongs to the year before (a December meeting reported in
    January). Without a publication date, a month-day date takes ``year`` (the year the
    report speaks of), else it has no year: ``None``. ``昨日`` counts from ``today`` (the
    dateline's day, ``…2月28日电``), else from the publication date.
    """
    best: tuple[int, date | None] | None = None
    for m in FULL.finditer(text):
        d = _safe(*m.groups())
        if d and not TIMESTAMP_AFTER.match(text, m.end()):
            best = (m.start(), d)
            break
    m = MONTH_DAY.search(text)
    if m and (best is None or m.start() < best[0]):
        d = None
        mon, day = int(m.group(1)), int(m.group(2))
        if published:
            d = _safe(published.year, mon, day)
            if d and d > published + timedelta(days=31):
                d = _safe(published.year - 1, mon, day)
        elif year:
            d = _safe(year, mon, day)
        best = (m.start(), d)
    m = MANGLED.search(text)
    if m and published and (best is None or m.start() < best[0]):
        best = (m.start(), _unmangle(m.group(1), published))
    m = DAY_ONLY.search(text)
    if m and published and (best is None or m.start() < best[0]):
        d = _safe(published.year, published.month, int(m.group(1)))
        if d and d > published:  # the 28th reported on the 2nd: last month
            prev = published.replace(day=1) - timedelta(days=1)
            d = _safe(prev.year, prev.month, int(m.group(1)))
        best = (m.start(), d)
    r = RELATIVE_RE.search(text)
    if r and (best is None or r.start() < best[0]):
        base = today or published
        d = base + timedelta(days=RELATIVE[r.group(0)]) if base else None
        best = (r.start(), d)
    if best is None:
        return None, -1
    return best[1], best[0]


def _unmangle(digits: str, published: date) -> date | None:
    """The reading of a month-day run without its 月 that falls in the month before
    publication (``118日`` published 2017-11-09 -> 2017-11-08); ``None`` when no reading,
    or more than one, does."""
    found = set()
    for i in (1, 2):
        mon, day = digits[:i], digits[i:]
        if day.startswith("0") or not 1 <= int(mon) <= 12:
            continue
        for year in (published.year, published.year - 1):
            d = _safe(year, mon, day)
            if d and published - timedelta(days=31) <= d <= published:
                found.add(d)
    return found.pop() if len(found) == 1 else None


#: ``为期两天的…于今日闭幕``: the length of a meeting reported at its close.
LASTING = re.compile(r"为期([一二两三四五六七八九十\d]{1,2})天")
_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}


def opening_day(sentence: str, d: date | None) -> date | None:
    """The opening day of a multi-day meeting whose date ``d`` is the day it closed
    (a sentence with ``闭幕`` and ``为期N天``); ``d`` itself otherwise."""
    m = LASTING.search(sentence)
    if d is None or not m or "闭幕" not in sentence or "开幕" in sentence:
        return d
    n = int(m.group(1)) if m.group(1).isdigit() else _CN_NUM.get(m.group(1), 0)
    return d - timedelta(days=n - 1) if 1 < n < 15 else d
