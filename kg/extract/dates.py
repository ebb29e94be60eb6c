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


def find_date(text: str, published: date | None) -> tuple[date | None, int]:
    """The first date stated in ``text`` and its offset, or ``(None, -1)``.

    A date without a year takes the publication year; one that would fall more than a
    month after publication belongs to the year before (a December meeting reported in
    January). Without a publication date, a month-day date has no year: ``None``.
    """
    best: tuple[int, date | None] | None = None
    for m in FULL.finditer(text):
        d = _safe(*m.groups())
        if d:
            best = (m.start(), d)
            break
    m = MONTH_DAY.search(text)
    if m and (best is None or m.start() < best[0]):
        d = None
        if published:
            mon, day = int(m.group(1)), int(m.group(2))
            d = _safe(published.year, mon, day)
            if d and d > published + timedelta(days=31):
                d = _safe(published.year - 1, mon, day)
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
        d = published + timedelta(days=RELATIVE[r.group(0)]) if published else None
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
