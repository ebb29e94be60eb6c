"""Dates of meetings: ``3月4日`` with the publication year, ``昨日``, ranges, full dates.

A date is read against the report's :class:`DateAnchors`: the publication date gives the
year of ``3月4日``; relative days (``昨日``) count from the dateline's day, else from the
publication; with no publication date, the year the content speaks of (``2024年是…关键一年``,
``部署2025年工作``) gives the year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..rules import SKIP, Rule, first

from ..ingest.clues import DATE_CN as FULL
from ..ingest.clues import DAY_END
from ..ingest.clues import safe_date as _safe

#: A range (``7月14-16日``, ``12月7日至8日``) is dated by its first day. A day followed by
#: ``讯``/``电`` is the dateline's (``本报10月12日讯``), the day the report was filed, not the
#: meeting's.
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})" + DAY_END + r"(?![讯电])")
#: The same in Chinese numerals (``十月二十日``), as older agency reports write it.
CN_MONTH_DAY = re.compile(r"(?<![年〇零一二三四五六七八九十])([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
#: A date that lost its 月 (``118日`` for 11月8日 or 1月18日).
MANGLED = re.compile(r"(?<![\d年月./-])(\d{3,4})日")
#: A day without its month, as newspapers write the day of the event: after a pause, after
#: the reporter's byline in brackets (``本报讯(记者某某)18日,…``) or after its subject
#: (``某某27日在此间称``, ``…活动29日上午举行``) — never inside a number or a date.
DAY_ONLY = re.compile(r"(?<![\d月年第至到~～—-])(\d{1,2})日(?=上午|下午|晚上|晚|,|，|\s|在|召开|举行)")
RELATIVE = {"昨日": -1, "昨天": -1, "今天": 0, "今日": 0, "前天": -2, "前日": -2}
RELATIVE_RE = re.compile("|".join(RELATIVE))
_YEAR = r"((?:19|20)\d{2})年"
#: Months from which a meeting that plans a year's work plans the next one (a December
#: meeting sets next year's tasks; a February one this year's).
LATE_MONTH = 11


@dataclass(frozen=True)
class YearHint:
    """The year a report's content speaks of, and how: ``current`` (``2024年是…``), ``plan``
    (``部署2025年工作``), ``summary`` (``总结2023年工作``), ``named`` (``2006年工作会议``)
    or ``mentioned`` (the latest year named at all)."""

    year: int
    kind: str

    def for_month(self, month: int) -> int:
        """The year of a meeting held in ``month``: plans and summaries are made at the turn
        of the year, so a late-month meeting plans the next year and sums up its own."""
        if self.kind == "plan":
            return self.year - 1 if month >= LATE_MONTH else self.year
        if self.kind == "summary":
            return self.year if month >= LATE_MONTH else self.year + 1
        return self.year


def _year_rule(kind: str, pattern: str) -> Rule:
    rx = re.compile(pattern)

    def apply(text: str):
        years = [int(m.group(1)) for m in rx.finditer(text)]
        return YearHint(max(years), kind) if years else SKIP
    return Rule(kind, apply)


#: Where the content names its year, most telling first (first match wins).
YEAR_RULES: tuple[Rule, ...] = (
    _year_rule("current", _YEAR + r"是"),
    _year_rule("plan", r"(?:部署|安排|谋划|规划|明确)了?" + _YEAR),
    _year_rule("summary", r"(?:总结|回顾)了?" + _YEAR),
    _year_rule("named", _YEAR + r"度?[\u4e00-\u9fff]{0,12}?(?<!工)会"),  # a meeting, not 工会
    # the latest year the text names, other than a target (到2035年, 2030年前)
    _year_rule("mentioned", r"(?<![到至\d])" + _YEAR + r"(?![前以]|远景)"),
)


def content_year(text: str) -> YearHint | None:
    """The year the content speaks of (:data:`YEAR_RULES`), for a report without a publication date."""
    hit = first(YEAR_RULES, text)
    return hit[1] if hit else None


@dataclass(frozen=True)
class DateAnchors:
    """What a report's dates are counted from."""

    published: date | None = None
    dateline: date | None = None  # the dateline's day: relative days count from it first
    year: YearHint | None = None  # the content's year, where nothing is published
    month: tuple[int | None, int] | None = None  # (year, month) of a chronicle's month heading


#: A chronicle's month heading: a line of its own (``3月``, ``2023年3月``, ``三月份``); the
#: entries under it give the day alone (``8日,省总工会召开…``).
MONTH_HEADING = re.compile(
    r"^[ \t]*(?:((?:19|20)\d{2})年)?(\d{1,2}|[一二三四五六七八九十]{1,3})月份?[ \t]*$", re.M
)


def month_headings(text: str) -> tuple[tuple[int, int | None, int], ...]:
    """``(offset, year, month)`` of each month heading in ``text`` (:data:`MONTH_HEADING`)."""
    out = []
    for m in MONTH_HEADING.finditer(text):
        month = cn_number(m.group(2))
        if 1 <= month <= 12:
            out.append((m.start(), int(m.group(1)) if m.group(1) else None, month))
    return tuple(out)


def under_heading(headings, offset: int) -> tuple[int | None, int] | None:
    """``(year, month)`` of the last heading before ``offset``, if any."""
    found = None
    for start, year, month in headings:
        if start > offset:
            break
        found = (year, month)
    return found


#: A full date with a clock time after it (``2024年01月11日08:35``) stamps the page, not a meeting.
TIMESTAMP = re.compile(r"\s*\d{1,2}[:：]\d{2}")
#: A meeting reported at its close (``…于今日闭幕``), and how many days it lasted
#: (``为期两天``): its date is the opening day.
CLOSING = re.compile(r"闭幕|落下帷幕|胜利结束|圆满结束")
OPENING = re.compile(r"开幕|召开|举行|开始")
LASTING = re.compile(r"(?:为期|历时|会期)([一二两三四五六七八九十\d])天")
_NUMERAL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def opening_day(text: str, at: int, d: date) -> date:
    """``d`` stated at ``at`` in ``text``: the opening day when the text reports the close
    of a meeting that lasted several days."""
    lasting = LASTING.search(text)
    closing = CLOSING.search(text, at) if lasting else None
    if not closing or OPENING.search(text, at, closing.start()):
        return d  # not a close, or the date is the opening's (``昨天开幕…今日闭幕``)
    n = _NUMERAL.get(lasting.group(1)) or int(lasting.group(1))
    return d - timedelta(days=max(n - 1, 0))


def find_date(text: str, when: DateAnchors | date | None) -> tuple[date | None, int]:
    """The first date stated in ``text`` and its offset, or ``(None, -1)``.

    A date without a year takes the publication year; one that would fall more than a
    month after publication belongs to the year before (a December meeting reported in
    January). Without a publication date, a month-day date takes the content's year
    (:class:`YearHint`), else has none: ``None``. A meeting reported at its close is dated
    by its opening day (:func:`opening_day`).
    """
    anchors = when if isinstance(when, DateAnchors) else DateAnchors(when)
    published = anchors.published
    best: tuple[int, date | None] | None = None
    for m in FULL.finditer(text):
        d = _safe(*m.groups())
        if d and not TIMESTAMP.match(text, m.end()):
            best = (m.start(), d)
            break
    for rx in (MONTH_DAY, CN_MONTH_DAY):
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), _month_day(cn_number(m.group(1)), cn_number(m.group(2)), anchors))
    m = MANGLED.search(text)
    if m and published and (best is None or m.start() < best[0]):
        best = (m.start(), _unmangle(m.group(1), published))
    m = DAY_ONLY.search(text)
    if m and (published or anchors.month) and (best is None or m.start() < best[0]):
        best = (m.start(), _day_only(int(m.group(1)), anchors))
    r = RELATIVE_RE.search(text)
    if r and (best is None or r.start() < best[0]):
        base = anchors.dateline or published
        d = base + timedelta(days=RELATIVE[r.group(0)]) if base else None
        best = (r.start(), d)
    if best is None:
        return None, -1
    at, d = best
    return (opening_day(text, at, d) if d else d), at


def _day_only(day: int, anchors: DateAnchors) -> date | None:
    """A day without its month: in a chronicle, of its month heading; else of the
    publication's month (the 28th reported on the 2nd: of the month before)."""
    published = anchors.published
    if anchors.month:
        year, month = anchors.month
        if year is None:
            year = (published.year if published else anchors.year.for_month(month) if anchors.year else None)
            if year and published and _safe(year, month, 1) and _safe(year, month, 1) > published:
                year -= 1  # a December heading in a chronicle published in January
        return _safe(year, month, day) if year else None
    d = _safe(published.year, published.month, day)
    if d and d > published:
        prev = published.replace(day=1) - timedelta(days=1)
        d = _safe(prev.year, prev.month, day)
    return d


def _month_day(mon: int, day: int, anchors: DateAnchors) -> date | None:
    """A month-day date in the publication's year (or the year before), else the content's."""
    published = anchors.published
    if published:
        d = _safe(published.year, mon, day)
        if d and d > published + timedelta(days=31):
            d = _safe(published.year - 1, mon, day)
        return d
    if anchors.year:
        return _safe(anchors.year.for_month(mon), mon, day)
    return None


def cn_number(numeral: str) -> int:
    """``8`` -> 8, ``十`` -> 10, ``二十`` -> 20, ``二十一`` -> 21, ``三十一`` -> 31."""
    if numeral.isdigit():
        return int(numeral)
    tens, _, ones = numeral.rpartition("十")
    if "十" not in numeral:
        return _NUMERAL.get(numeral, 0)
    return (_NUMERAL.get(tens, 0) if tens else 1) * 10 + (_NUMERAL.get(ones, 0) if ones else 0)


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

