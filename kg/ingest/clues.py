"""Report-level clues: headline, publication date, dateline site, administrative region."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from ..document import Region
from ..rules import Rule
from ..lexicon import alternation, org_heads, places, titles, words

NAV = re.compile(r"首页|当前位置|您的位置|你的位置|所在位置|欢迎|快捷搜索|登录|注册|收藏|导航|>|》》|分享到|浏览|点击|字号|打印|关闭窗口|来源[:：]|作者[:：]|编辑[:：]|时间[:：]")
FOOTER = re.compile(r"主办|承办|版权|地址|Copyright|©|备案|ICP|公网安备|技术支持|联系电话|电话[:：]")
DATE_LABELLED = re.compile(
    r"(?:发布|发表|更新|时间|日期|Date)[^\d\n]{0,6}((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})"
)
DATE_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
DATE_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?![\d.])")
#: The day ends in 日/号, or starts a range dated by its first day (``7月14-16日``).
DAY_END = r"(?:日|号|(?=[-—~至到]\d{1,2}日))"
DATE_CN = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})" + DAY_END)
#: Bare city-/county-level prefixes: evidence that the report is about a city or county.
CITY_LEVEL = re.compile(r"全市|我市|本市|市委|市总|市政府|市人民政府|市人大|市政协|市长|市工会|市直|市领导"
                        # a bare 市 department at a clause's start (,市卫生计生委…; not 市场)
                        r"|(?<![\u4e00-\u9fff])市(?!场)[\u4e00-\u9fff]{1,8}?(?:委员会|委|局|厅|办公室)")
COUNTY_LEVEL = re.compile(r"全县|我县|本县|县委|县总|县政府|县人民政府|县人大|县政协|县长|县工会|县直|县领导|"
                          r"全旗|旗委|旗总工会|旗政府|我区|区委|区总工会|区政府|区人民政府|区人大|区政协|区长|区工会|区直")
ORG_AFTER = f"(?:市|县|区|旗|州|盟)?(?:{alternation(org_heads('regional'))})"
DATELINE = re.compile(r"(?:^|\n)[^\n]{0,12}?(?:网|社|报|台|讯)?([\u4e00-\u9fff]{2,4}?)(\d{1,2}月\d{1,2}日)(?:电|讯)")
#: How far into a report its dateline may stand.
DATELINE_REACH = 600


def safe_date(y: int | str, m: int | str, d: int | str) -> date | None:
    """The date, or ``None`` for an impossible one (``2月30日``)."""
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _cjk_count(s: str) -> int:
    """The number of CJK characters in ``s``."""
    return sum(map(len, _CJK_RUN.findall(s)))


def find_title(text: str, html_title: str = "") -> str:
    """The headline: the HTML ``<title>`` (site name cut off) or the first headline-like line."""
    if html_title:
        parts = re.split(r"\s*[-_|—–]+\s*", html_title)
        best = max(parts, key=_cjk_count)
        if len(best) >= 6:
            return best.strip()
    for line in text.split("\n")[:15]:
        line = line.strip()
        if len(line) > 80 or _cjk_count(line) < 6 or NAV.search(line) or FOOTER.search(line):
            continue
        if re.search(r"[。!！]$", line) and len(line) > 40:
            break  # body text reached: no headline line
        return line
    return ""


EDITION = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*(?:第?\s*\d{1,3}\s*版|\d{1,3}\s*版)")


def find_published(text: str) -> date | None:
    """Publication date: a newspaper edition line (``2023年10月26日 04 版``), a labelled
    header/footer date, or a date on a short line."""
    for m in EDITION.finditer(text):
        d = safe_date(*m.groups())
        if d:
            return d
    for m in DATE_LABELLED.finditer(text):
        d = safe_date(*m.groups())
        if d:
            return d
    for line in text.split("\n"):
        if len(line) > 60:
            continue
        for rx in (DATE_ISO, DATE_CN):
            m = rx.search(line)
            if m and (d := safe_date(*m.groups())):
                return d
        m = DATE_DMY.search(line)  # 30.11.2015 10:04
        if m and (d := safe_date(m.group(3), m.group(2), m.group(1))):
            return d
    return None


def dateline_match(text: str) -> re.Match[str] | None:
    """The news agency dateline (:data:`DATELINE`) at the head of a report, if any. Every
    dateline ends in ``日电`` or ``日讯``: the regex runs only on a head that holds one."""
    head = text[:DATELINE_REACH]
    if "日电" not in head and "日讯" not in head:
        return None
    return DATELINE.search(head)


def find_dateline(text: str) -> str:
    """The city of a news agency dateline (``中工网福州2月28日电`` -> ``福州``), if any."""
    m = dateline_match(text)
    if not m:
        return ""
    name = m.group(1)
    for k in range(len(name)):
        if places.lookup(name[k:]):
            return name[k:]
    return ""


@dataclass(frozen=True)
class RegionEvidence:
    """Weighted counts of the places a report names, and the text they were counted in."""

    body: str  # title and text without footer lines
    prov: dict[str, float]
    city: dict[str, float]
    county: dict[str, float]
    short_hits: bool  # counties were found by their short names only
    own: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # named itself
    cities_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # county -> its cities


@lru_cache(maxsize=1)
def _title_end() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(titles())}|、)$")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    """The family names of ``surnames.txt``, as a set (a look-up per place name found)."""
    return frozenset(words("surnames.txt"))


#: What follows a person's name (``刘长春同志``, ``王承德出席``).
AFTER_PERSON = re.compile(r"同志|出席|主持|讲话|致辞|表示|指出|强调|当选")


def in_person_name(segment: str, start: int, key: str) -> bool:
    """Is the place name ``key`` at ``start`` the given name of a person (``主席刘长春``,
    ``、王承德出席``)? Only a short form can be: ``长春市`` is a place wherever it stands."""
    if start == 0 or segment[start - 1] not in _surnames() or any(p.name == key for p in places.lookup(key)):
        return False
    return bool(_title_end().search(segment, 0, start - 1) or AFTER_PERSON.match(segment, start + len(key)))


def _count(ev: RegionEvidence, segment: str, weight: float) -> None:
    """Count the places named in ``segment``; an ambiguous name shares its weight."""
    for start, key in places.find_all(segment):
        cands = places.lookup(key)
        if not cands or in_person_name(segment, start, key):
            continue
        share = weight / len(cands)
        for p in cands:
            _add(ev, p, share)


def _add(ev: RegionEvidence, p: places.Place, share: float) -> None:
    """Count one mention of ``p``: for itself and for the places above it."""
    ev.prov[p.province] += share
    if p.city:
        ev.city[p.city] += share * (1.0 if p.level != "province" else 0.3)
    ev.own[p.name] += share
    if p.level == "county":
        ev.county[p.name] += share
        ev.cities_of[p.name].add(p.city)


#: Where a report names its places, and how much each weighs: (name, weight, segments).
SOURCES: tuple[tuple[str, float, Callable[[str, str, str], list[str]]], ...] = (
    ("title", 3.0, lambda text, title, dateline: [title]),
    ("dateline", 3.0, lambda text, title, dateline: [dateline] if dateline else []),
    ("footer", 2.0, lambda text, title, dateline: [ln for ln in text.split("\n") if FOOTER.search(ln)]),
    ("body", 1.0, lambda text, title, dateline: [ln for ln in text.split("\n") if not FOOTER.search(ln)]),
)


#: An autonomous region's bodies named bare (no region name before ``自治区``).
BARE_AUTONOMOUS = re.compile(r"(?<![\u4e00-\u9fff族])自治区(?:总工会|党委|人民政府|政府|人大|政协|工会)")
#: The place an event is held in (``在福州会见``, ``在兰州召开``) counts once more, with the
#: title's weight: it is where the report's own meeting is, whoever else the report names.
VENUE = re.compile(r"在([\u4e00-\u9fff]{2,12}?)(?:隆重|胜利|顺利)?(?:召开|举行|举办|会见|开幕|闭幕)")
VENUE_WEIGHT = 3.0
#: The clause before a venue announcing a meeting still to come (``大会将于10月在北京召开``).
FUTURE = re.compile(r"将|即将|拟")


def _announced(body: str, at: int) -> bool:
    """Does the clause ending at ``at`` announce a meeting to come (its venue is not the report's)?"""
    start = max(body.rfind(c, 0, at) for c in "，,。；;\n") + 1
    return bool(FUTURE.search(body, start, at))


_ORG_AFTER = re.compile(ORG_AFTER)


def _named_as_org(body: str, name: str) -> bool:
    """Is ``name`` (or its short form) named as an organisation's, right before a head word
    (the regex ``(?:NAME|SHORT)ORG_AFTER`` finds a match; tried at each occurrence of the
    names, without compiling that regex for each name)?"""
    for w in dict.fromkeys((name, places.short_name(name))):
        i = body.find(w)
        while i >= 0:
            if _ORG_AFTER.match(body, i + len(w)):
                return True
            i = body.find(w, i + 1)
    return False


#: How much a county must be named (twice in the body, or once in the title or dateline)
#: for its name alone to make the report the county's: one mention is a place visited.
MIN_COUNTY_WEIGHT = 2.0


def _county_without_its_city(ev: RegionEvidence, cities: set[str]) -> bool:
    """A county is named (:data:`MIN_COUNTY_WEIGHT`) and its city is not (``歙县总工会…``,
    ``高邮市供电公司…``): the report is about the county, and so about a place of that city."""
    return any(not ev.own.get(c) for county in ev.county if ev.own.get(county, 0) >= MIN_COUNTY_WEIGHT
               for c in ev.cities_of[county] if c in cities)


#: Evidence that a report is about a city, not its whole province (any rule suffices).
CITY_EVIDENCE: tuple[Rule, ...] = (
    Rule("county_short_names", lambda ev, cities: ev.short_hits),
    Rule("city_words", lambda ev, cities: bool(CITY_LEVEL.search(ev.body))),
    Rule("city_named_as_org", lambda ev, cities: any(_named_as_org(ev.body, c) for c in ev.city if c in cities)),
    Rule("county_without_its_city", _county_without_its_city),
    Rule("county_named_as_org",
         lambda ev, cities: any(_named_as_org(ev.body, c) for c in ev.county if ev.cities_of[c] & cities)),
)


def _county_words(ev: RegionEvidence, in_city: list[str], autonomous: bool) -> bool:
    """``县委``, ``全区``… (in an autonomous region, ``自治区``/``全区`` name the region)."""
    return bool(COUNTY_LEVEL.search(re.sub(r"自治区|全区", "", ev.body) if autonomous else ev.body))


#: Evidence that a report is about a county of its city (any rule suffices).
COUNTY_EVIDENCE: tuple[Rule, ...] = (
    Rule("county_short_names", lambda ev, in_city, autonomous: ev.short_hits),
    Rule("county_words", _county_words),
    Rule("county_named_as_org", lambda ev, in_city, autonomous: any(_named_as_org(ev.body, c) for c in in_city)),
    Rule("county_without_its_city", lambda ev, in_city, autonomous: _county_without_its_city(ev, {
        c for county in in_city for c in ev.cities_of[county]})),
)


def region_evidence(text: str, title: str = "", dateline: str = "") -> RegionEvidence:
    """The places named in the report, weighted by :data:`SOURCES`; a county report that
    names no place in full may name its county in short (``我县…新滦南``), and a county-level
    city's report its city (``市委…建设绿色溪川``): only then count those."""
    body = "\n".join(line for line in [title, *text.split("\n")] if not FOOTER.search(line))
    ev = RegionEvidence(body, defaultdict(float), defaultdict(float), defaultdict(float), False)
    for _, weight, segments in SOURCES:
        for seg in segments(text, title, dateline):
            _count(ev, seg, weight)
    for m in VENUE.finditer(body):
        if not _announced(body, m.start()):
            _count(ev, m.group(1), VENUE_WEIGHT)
    county_words = bool(COUNTY_LEVEL.search(body))
    if not ev.prov and (county_words or CITY_LEVEL.search(body)):
        found = [p for p in places.find_county_shorts(body) if county_words or p.name.endswith("市")]
        for p in found:
            _add(ev, p, 1.0)
        if found:
            ev = replace(ev, short_hits=True)
    return ev


@lru_cache(maxsize=None)
def _cities_of(province: str) -> frozenset[str]:
    """The cities of a province (a municipality's is itself)."""
    return frozenset(p.city for p in places.in_province(province) if p.city)


@lru_cache(maxsize=None)
def _counties_of(province: str, city: str) -> frozenset[str]:
    """The names of the counties of a city of ``province``."""
    return frozenset(p.name for p in places.in_province(province) if p.level == "county" and p.city == city)


def find_region(text: str, title: str = "", dateline: str = "") -> Region:
    """The report's own region: the province most named; its city most named when
    :data:`CITY_EVIDENCE` says the report is about a city; likewise its county."""
    ev = region_evidence(text, title, dateline)
    if not ev.prov:
        return Region()
    candidates = list(ev.prov)
    if BARE_AUTONOMOUS.search(ev.body):
        # bare 自治区总工会, 自治区党委: the report's own province is an autonomous region
        candidates = [p for p in candidates if p.endswith("自治区")] or candidates
    best_prov = max(candidates, key=lambda k: ev.prov[k])
    cities = _cities_of(best_prov)
    best_city = None
    if any(r(ev, cities) for r in CITY_EVIDENCE):
        best_city = max((c for c in ev.city if c in cities), key=lambda k: ev.city[k], default=None)
    if best_city is None and best_prov in cities:  # municipality: the province is the city
        best_city = best_prov
    best_county = None
    if best_city:
        in_city_names = _counties_of(best_prov, best_city)
        in_city = [c for c in ev.county if c in in_city_names]
        if any(r(ev, in_city, best_prov.endswith("自治区")) for r in COUNTY_EVIDENCE):
            best_county = max(in_city, key=lambda k: ev.county[k], default=None)
    return Region(best_prov, best_city, best_county)
