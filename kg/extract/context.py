"""The context of one report, built once and passed to every extractor.

Bare forms in a report refer to its context: ``市委`` to the report's city, a bare
``工会`` or ``当选为主席`` to the organisation holding the report's main meeting,
``公司党委`` to the company the report is about, ``3月4日`` to the publication year.
Extractors read the context; none of them writes it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..document import Document, Region
from ..facts import Org
from ..ingest.clues import dateline_match
from ..ingest.clues import safe_date
from .dates import DateAnchors, YearHint, content_year, month_headings, under_heading


@dataclass(frozen=True)
class Context:
    region: Region = field(default_factory=Region)
    org: Org | None = None  # the organisation holding the report's main meeting
    company: str = ""  # full name of the company the report names first ("" = none)
    unit: str = ""  # the institution (hospital, school, company) the report is about ("" = none)
    unit_sure: bool = False  # named in the headline or twice: bare 党委/工会 are its own
    published: date | None = None
    dateline: date | None = None  # the day of a news agency's dateline (``…2月28日电``)
    year: YearHint | None = None  # the year the content speaks of, when nothing is published
    months: tuple[tuple[int, int | None, int], ...] = ()  # a chronicle's month headings

    @property
    def dates(self) -> DateAnchors:
        """What the report's dates are counted from (:func:`~kg.extract.dates.find_date`)."""
        return DateAnchors(self.published, self.dateline, self.year)

    def dates_at(self, offset: int) -> DateAnchors:
        """:attr:`dates` for a sentence at ``offset``, with the chronicle month it stands under."""
        return replace(self.dates, month=under_heading(self.months, offset))

    def with_org(self, org: Org | None) -> Context:
        """The context with the organiser of the main meeting; an institution holding it
        (``华润电力盘锦公司召开…``) is the report's unit when none was found."""
        if org is not None and not self.unit and INSTITUTION_END.search(org.name):
            return replace(self, org=org, unit=org.name, unit_sure=True)
        return replace(self, org=org)


def context_of(doc: Document) -> Context:
    """The context of ``doc`` without its main organisation (that needs the meetings)."""
    year = content_year(doc.text) if doc.published is None else None
    return Context(doc.region, None, find_company(doc.text), *find_unit(doc.text, doc.title), doc.published,
                   dateline_date(doc.text, doc.published, year), year, month_headings(doc.text))


COMPANY = re.compile(
    r"[\u4e00-\u9fff]{2,24}?(?:集团(?:股份有限公司|有限责任公司|有限公司|公司)?|股份有限公司|有限责任公司|有限公司)"
)
#: Where a name cannot run across: punctuation, verbs, a title or a person's role before it.
_COMPANY_CUT = re.compile(r"[,，。、;；:：\s]|召开|举行|在|由|和|与|等|来自|代表|出席|参加|选举|领会|引领|思想|实现|推动|涉及|给予|还有|产生|年度|的|主席|书记|经理|董事长")
#: An institution with its own union and party committee: a hospital, a school, a university.
INSTITUTION = re.compile(
    r"[\u4e00-\u9fff]{2,20}?(?:医院|保健院|卫生院|大学|学院|学校|中学|小学|幼儿园|研究院|研究所)(?!城|[\u4e00-\u9fff]{0,2}(?:路|街))"
)


#: An institution speaking of itself (``我校第三届教代会``, ``本院职工``): its own report, so
#: the one institution it names in full is what bare ``党委``/``纪委`` belong to.
SELF_REFERENCE = re.compile(r"(?:我|本)(?:校|院)(?![长士])")


#: How an institution's own name ends (a company, a hospital, a school).
INSTITUTION_END = re.compile(r"(?:公司|集团|医院|保健院|卫生院|大学|学院|学校|中学|小学|幼儿园)$")


#: Words one of which every match of :data:`COMPANY` / :data:`INSTITUTION` contains.
_HEADS = {
    COMPANY: re.compile(r"集团|股份有限公司|有限责任公司|有限公司"),
    INSTITUTION: re.compile(r"医院|保健院|卫生院|大学|学院|学校|中学|小学|幼儿园|研究院|研究所"),
}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _finditer(rx: re.Pattern[str], heads: re.Pattern[str], text: str):
    """``rx.finditer(text)`` for a regex whose matches (and lookaheads) are made of CJK
    characters and contain a match of ``heads``: run only over the runs of CJK characters
    that contain one (the same matches, without trying the regex at every position)."""
    end = 0
    for h in heads.finditer(text):
        if h.start() < end:
            continue  # in the run already searched
        start = h.start()
        while start > end and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        end = _CJK_RUN.match(text, h.start()).end()
        yield from rx.finditer(text, start, end)


def _full_names(rx: re.Pattern[str], text: str):
    from .orgs import trim_left

    for m in _finditer(rx, _HEADS[rx], text):
        full = _COMPANY_CUT.split(trim_left(m.group(0)))[-1]
        if len(full) >= 4:
            yield full


def find_company(text: str) -> str:
    """The full name of the first company named in ``text`` (``""`` when none is)."""
    return next((f for f in _full_names(COMPANY, text) if len(f) >= 6), "")


def find_unit(text: str, title: str = "") -> tuple[str, bool]:
    """The institution a report is about (``""`` for none), and whether that is sure: the
    hospital, school or company named in its headline or twice in full (sure), else the one
    named once in full after its place (``海宁市人民医院``)."""
    for rx in (INSTITUTION, COMPANY):
        found = list(_full_names(rx, title))
        if found:
            return found[0], True
    from ..lexicon import places

    counts: dict[str, int] = {}
    for rx in (INSTITUTION, COMPANY):
        for f in _full_names(rx, text):
            if rx is COMPANY or places.match_end(f) >= 0:  # 海宁市人民医院, not 年度医院
                counts[f] = counts.get(f, 0) + 1
    best = max(counts, key=lambda k: counts[k], default="")
    return best, counts.get(best, 0) >= 2 or bool(best and SELF_REFERENCE.search(text))


def dateline_date(text: str, published: date | None, year: YearHint | None = None) -> date | None:
    """The day of the dateline (``新华社福州2月28日电``), in the publication's year (else in
    the year the content speaks of)."""
    m = dateline_match(text)
    if not m or (published is None and year is None):
        return None
    mon, day = re.match(r"(\d{1,2})月(\d{1,2})日", m.group(2)).groups()
    if published is None:
        return safe_date(year.for_month(int(mon)), mon, day)
    d = safe_date(published.year, mon, day)
    if d and d > published:
        d = safe_date(published.year - 1, mon, day)
    return d
